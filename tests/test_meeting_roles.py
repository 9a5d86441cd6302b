"""What a meeting holds: who opened, chaired, spoke and took the minutes, collective
attendees, points, directives, awards and figures, recorded by flags and by file,
shown back by `meeting show`, `--json` and the minutes.

The two meetings are examples of our own, not from a news report: the offices, places
and kecamatan are real, the people's names are made up, and so are the events.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Cli, dump, from_template

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def lutra(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """KPU Kabupaten Luwu Utara with its provincial KPU, four PPK and some people."""
    cli.today = "2023-04-03"
    return from_template(tmp_path_factory, "lutra-roles", cli, _build_lutra)


def _build_lutra(cli: Cli) -> None:
    cli.ok("init", "--office", "KPU Kabupaten Luwu Utara", "--alias", "KPU Lutra",
           "--region", "73.22", "--timezone", "WITA")  # fmt: skip
    cli.ok("agency", "add", "KPU Provinsi Sulawesi Selatan", "--alias", "KPU Sulsel",
           "--kind", "kpu", "--level", "provinsi", "--region", "73")  # fmt: skip
    for kec in ("Masamba", "Sabbang", "Baebunta", "Malangke"):
        cli.ok("agency", "add", f"PPK {kec}", "--kind", "ppk", "--level", "kecamatan")
    people = [
        ("Rahmat Hidayat", "KPU Sulsel", "Sekretaris", None, "1 Januari 2022", None),
        ("Andi Baso", "KPU Lutra", "Ketua", "Keuangan, Umum dan Logistik", "1 Januari 2019", None),
        ("Sitti Rahma", "KPU Lutra", "Anggota", "Perencanaan, Data dan Informasi", "1 Januari 2019", None),
        ("Muh. Ilham", "KPU Lutra", "Anggota", "Teknis Penyelenggaraan", "1 Januari 2019", None),
        ("Fadli Ramli", "KPU Lutra", "Sekretaris", None, "1 Januari 2021", None),
        # Position history: which title the minutes show depends on the meeting's day.
        ("Nur Aisyah", "KPU Lutra", "Kasubbag Hukum dan SDM", None, "1 Januari 2021",
         "31 Maret 2023"),
        ("Nur Aisyah", "KPU Lutra", "Kasubbag Teknis dan Hubmas", None, "1 April 2023", None),
    ]  # fmt: skip
    for name, agency, position, divisi, start, end in people:
        args = ["person", "add", name, "--agency", agency, "--position", position, "--from", start]
        cli.ok(*args, *(["--divisi", divisi] if divisi else []), *(["--to", end] if end else []))


def _supervisi(cli: Cli) -> dict:  # type: ignore[type-arg]
    return cli.json(
        "meeting", "add", "--kind", "supervisi",
        "--title", "Supervisi kesiapan sekretariat KPU Luwu Utara",
        "--date", "Selasa (14/3/2023)", "--time", "pukul 10.00",
        "--venue", "Ruang rapat KPU Kabupaten Luwu Utara", "--host", "KPU Sulsel",
        "--opened-by", "Fadli Ramli",
        "--chair", "Rahmat Hidayat",
        "--notulis", "Nur Aisyah",
        "--attendee", "KPU Lutra; person=Andi Baso",
        "--group", "seluruh staf sekretariat KPU Kabupaten Luwu Utara; kind=kpu; count=12",
        "--note", "Sekretaris KPU Provinsi memeriksa administrasi kepegawaian dan arsip.",
        "--note", "Ruang arsip dinilai sempit; berkas coklit disimpan sementara di aula.",
        "--point", "Penataan arsip berkas coklit; by=Fadli Ramli",
        "--point", "Kebutuhan tenaga pendukung selama tahapan",
        "--directive", "Arsip tahapan ditata menurut klasifikasi; by=Rahmat Hidayat",
        "--directive", "Laporan kepegawaian dikirim setiap bulan; by=Rahmat Hidayat",
        "--figure", "Jumlah staf sekretariat; from=11; value=12; agency=KPU Lutra; by=Fadli Ramli",
        "--action", "Laporan penataan arsip; owner=KPU Lutra; due=31 Maret 2023",
        today="2023-04-03",
    )  # fmt: skip


def test_a_supervision_visit_with_directives_and_a_staffing_figure(lutra: Cli) -> None:
    rec = _supervisi(lutra)
    # The chair is a person, linked, with the position held that day from history.
    assert rec["chair"]["person"] == "Rahmat Hidayat"
    assert rec["chair"]["agency"] == "KPU Provinsi Sulawesi Selatan"
    assert rec["chair"]["position"] == "Sekretaris" and rec["chair"]["person_id"]
    assert rec["opened_by"]["person"] == "Fadli Ramli"
    # 14 March 2023: Nur Aisyah was still Kasubbag Hukum dan SDM (changed on 1 April).
    assert rec["notulis"]["position"] == "Kasubbag Hukum dan SDM"
    andi = next(a for a in rec["attendees"] if a["person"] == "Andi Baso")
    assert (andi["position"], andi["divisi"], andi["roles"]) == (
        "Ketua", "Keuangan, Umum dan Logistik", [],
    )  # fmt: skip
    roles = {a["person"]: a["roles"] for a in rec["attendees"]}
    assert roles["Rahmat Hidayat"] == ["chair"] and roles["Nur Aisyah"] == ["notulis"]
    assert rec["groups"] == [
        {"kind": "kpu", "scope": "seluruh staf sekretariat KPU Kabupaten Luwu Utara", "count": 12}
    ]
    assert rec["notes"].split("\n\n") == [
        "Sekretaris KPU Provinsi memeriksa administrasi kepegawaian dan arsip.",
        "Ruang arsip dinilai sempit; berkas coklit disimpan sementara di aula.",
    ]
    assert [(p["text"], p["by"]) for p in rec["points"]] == [
        ("Penataan arsip berkas coklit", "Fadli Ramli"),
        ("Kebutuhan tenaga pendukung selama tahapan", None),
    ]
    assert [d["by"] for d in rec["directives"]] == ["Rahmat Hidayat", "Rahmat Hidayat"]
    assert rec["decisions"] == []  # directives are not decisions
    (fig,) = rec["figures"]
    assert (fig["text"], fig["from"], fig["value"], fig["agency"], fig["by"]) == (
        "Jumlah staf sekretariat", "11", "12", "KPU Kabupaten Luwu Utara", "Fadli Ramli",
    )  # fmt: skip
    # meeting show draws it all.
    shown = lutra.ok("meeting", "show", rec["id"], "--lang", "id").stdout
    for words in ("Rahmat Hidayat", "Arahan", "Arsip tahapan ditata", "11 → 12", "notulis"):
        assert words in shown, words


def test_the_supervision_minutes_in_word_and_html(lutra: Cli, tmp_path: Path) -> None:
    import docx

    rec = _supervisi(lutra)
    out = tmp_path / "notulen.docx"
    lutra.ok("meeting", "minutes", rec["id"], "-f", "docx", "--place", "Masamba", "-o", str(out))
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    # a Heading 2 section, its items numbered by Word (List Number)
    assert "Arahan\nArsip tahapan ditata menurut klasifikasi (Rahmat Hidayat)" in text
    assert "\nJumlah staf sekretariat: dari 11 menjadi 12 (KPU Kabupaten Luwu Utara, " in text
    styles = {p.text: p.style.name for p in d.paragraphs}
    assert styles["Arahan"] == "Heading 2"
    assert styles["Arsip tahapan ditata menurut klasifikasi (Rahmat Hidayat)"] == "List Number"
    assert "Sekretaris KPU Provinsi memeriksa administrasi kepegawaian dan arsip." in text
    fields = {row.cells[0].text: row.cells[2].text for row in d.tables[0].rows}
    assert fields["Waktu"] == "pukul 10.00 WITA s.d. selesai"
    assert fields["Pimpinan rapat"] == "Rahmat Hidayat (Sekretaris, KPU Provinsi Sulawesi Selatan)"
    assert fields["Notulis"].startswith("Nur Aisyah (Kasubbag Hukum dan SDM")
    left, right = (c.text for c in d.tables[-1].rows[0].cells)
    assert "Mengetahui,\nPimpinan Rapat" in left and "\nRahmat Hidayat\n" in left
    assert right.startswith("Masamba, 14 Maret 2023\nNotulis") and "\nNur Aisyah\n" in right
    html = tmp_path / "notulen.html"
    lutra.ok("meeting", "minutes", rec["id"], "-f", "html", "-o", str(html))
    page = html.read_text(encoding="utf-8")
    assert "<li>Andi Baso, Ketua, Keuangan, Umum dan Logistik</li>" in page
    assert "<li>Fadli Ramli, Sekretaris (membuka rapat)</li>" in page
    assert "<li>seluruh staf sekretariat KPU Kabupaten Luwu Utara (12 orang)</li>" in page
    assert '<td class="name">Rahmat Hidayat</td><td class="name">Nur Aisyah</td>' in page


RAKOR = """\
title: Rakor evaluasi coklit bersama PPK se-Kabupaten Luwu Utara
kind: rakor
date: Jumat (10/3/2023)
time: pukul 09.00
venue: Aula KPU Kabupaten Luwu Utara
opened_by: Andi Baso
chair: Andi Baso
speakers:
  - {person: Sitti Rahma}
  - Muh. Ilham; position=Anggota; divisi=Teknis Penyelenggaraan
notulis: {person: Nur Aisyah, agency: KPU Lutra}
attendees:
  - {agency: KPU Lutra, person: Fadli Ramli}
groups:
  - Ketua PPK se-Kabupaten Luwu Utara; kind=ppk
  - {scope: Anggota PPK Divisi Teknis se-Kabupaten Luwu Utara, kind: ppk}
notes: |
  Rakor membahas hasil coklit menjelang berakhirnya tahapan.

  PPK melaporkan kendala akses ke desa di wilayah pegunungan.
points:
  - {text: Progres coklit per kecamatan, by: Sitti Rahma}
  - {text: Tata cara penyerahan hasil coklit ke PPS, by: Muh. Ilham}
  - Kendala akses ke desa di wilayah pegunungan
awards:
  - {text: Penghargaan penyelesaian coklit tepat waktu, agency: PPK Masamba, by: Andi Baso}
  - {text: Penghargaan penyelesaian coklit tepat waktu, agency: PPK Sabbang, by: Andi Baso}
  - {text: Penghargaan penyelesaian coklit tepat waktu, agency: PPK Baebunta, by: Andi Baso}
  - {text: Penghargaan penyelesaian coklit tepat waktu, agency: PPK Malangke, by: Andi Baso}
figures:
  - {text: Progres coklit, value: 85%, agency: KPU Lutra, by: Sitti Rahma}
decisions:
  - Hasil coklit diserahkan ke PPS paling lambat akhir tahapan
actions:
  - {text: Rekap hasil coklit per kecamatan, owner: KPU Lutra, due: 14 Maret 2023}
stages: [coklit]
"""


def test_a_rakor_of_ad_hoc_bodies_from_a_file(lutra: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rakor.yaml"
    path.write_text(RAKOR, encoding="utf-8")
    (rec,) = lutra.json("meeting", "add", "--from-file", str(path))
    roles = {a["person"]: a["roles"] for a in rec["attendees"] if a["person"]}
    assert roles == {
        "Andi Baso": ["opened-by", "chair"],  # one attendee, two roles
        "Sitti Rahma": ["speaker"],
        "Muh. Ilham": ["speaker"],
        "Nur Aisyah": ["notulis"],
        "Fadli Ramli": [],
    }
    assert [s["person"] for s in rec["speakers"]] == ["Sitti Rahma", "Muh. Ilham"]
    assert rec["speakers"][0]["divisi"] == "Perencanaan, Data dan Informasi"  # from history
    # Collective attendees are a kind and a scope, never an agency of their own.
    assert rec["groups"][0] == {
        "kind": "ppk",
        "scope": "Ketua PPK se-Kabupaten Luwu Utara",
        "count": None,
    }
    agencies = {a["name"] for a in lutra.json("agency", "list")}
    assert not any("se-Kabupaten" in name for name in agencies)
    assert [(a["agency"], a["by"]) for a in rec["awards"]] == [
        (f"PPK {k}", "Andi Baso") for k in ("Masamba", "Sabbang", "Baebunta", "Malangke")
    ]
    assert rec["figures"][0]["value"] == "85%" and rec["figures"][0]["from"] is None
    assert rec["notes"].count("\n\n") == 1
    # Shown back in the minutes.
    text = lutra.ok("meeting", "minutes", rec["id"], "-f", "text").stdout
    assert (
        "Dibuka oleh: Andi Baso (Ketua, Keuangan, Umum dan Logistik, KPU Kabupaten Luwu Utara)"
        in text
    )
    assert "- Ketua PPK se-Kabupaten Luwu Utara" in text
    assert "*Narasumber*\n1. Sitti Rahma (Anggota, Perencanaan, Data dan Informasi, " in text
    assert "1. Progres coklit per kecamatan (Sitti Rahma)" in text
    assert "3. Kendala akses ke desa di wilayah pegunungan\n" in text
    assert (
        "4. Penghargaan penyelesaian coklit tepat waktu — PPK Malangke (diserahkan Andi Baso)"
        in text
    )
    assert "Rakor membahas hasil coklit menjelang berakhirnya tahapan.\n\nPPK melaporkan" in text
    # The same file, exported to CSV and imported back, is unchanged.
    csv_path = tmp_path / "m.csv"
    lutra.ok("export", "csv", "meetings", "-o", str(csv_path))
    summary = lutra.json("import", "meetings", str(csv_path))
    assert (summary["inserted"], summary["updated"], summary["unchanged"]) == (0, 0, 1)


def test_edit_gives_a_role_to_someone_else(lutra: Cli) -> None:
    rec = _supervisi(lutra)
    after = lutra.json("meeting", "edit", rec["id"], "--chair", "Andi Baso",
                       "--speaker", "Sitti Rahma", "--award",
                       "Apresiasi penataan arsip; agency=KPU Lutra; by=Rahmat Hidayat")  # fmt: skip
    assert after["chair"]["person"] == "Andi Baso"
    roles = {a["person"]: a["roles"] for a in after["attendees"] if a["person"]}
    assert roles["Rahmat Hidayat"] == [] and roles["Andi Baso"] == ["chair"]
    assert sum(a["person"] == "Andi Baso" for a in after["attendees"]) == 1  # not doubled
    assert roles["Sitti Rahma"] == ["speaker"]
    assert after["awards"][0]["agency"] == "KPU Kabupaten Luwu Utara"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--point", "Progres coklit; by=Orang Tak Dikenal"], "unknown person 'Orang Tak Dikenal'"),
        (["--chair", "Orang Tak Dikenal"], "unknown person 'Orang Tak Dikenal'; give agency="),
        (["--group", "Ketua PPK se-Kabupaten Luwu Utara"], "needs kind=KIND"),
        (["--group", "Camat se-Kabupaten; kind=camat; count=dua"], "not a whole number"),
        (["--figure", "Progres coklit; agency=KPU Lutra"], "needs its value"),
        (["--award", "Penghargaan"], "needs the agency it went to"),
        (["--speaker", "Sitti Rahma; jabatan=Anggota"], "unknown field 'jabatan'"),
        (["--attendee", "KPU Lutra; person=Andi Baso", "--chair", "Sitti Rahma",
          "--attendee", "KPU Lutra; person=Sitti Rahma; roles=x"], "unknown attendee field"),
    ],
)  # fmt: skip
def test_bad_roles_and_items_are_one_error_line(lutra: Cli, args: list[str], message: str) -> None:
    result = lutra.fails(
        "meeting", "add", "--title", "Rakor", "--date", "10/3/2023", *args, today="2023-04-03"
    )
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_a_file_with_two_chairs_is_refused(lutra: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "title: Rakor\ndate: 10/3/2023\nchair: Andi Baso\nattendees:\n"
        "  - {agency: KPU Lutra, person: Sitti Rahma, roles: [chair]}\n",
        encoding="utf-8",
    )
    before = dump(lutra.db)
    err = lutra.fails("meeting", "add", "--from-file", str(path)).stderr
    assert "chair: one person only" in err and dump(lutra.db) == before


def test_m010_carries_the_old_free_text_chair_over(tmp_path: Path, cli: Cli) -> None:
    """The schema-v6 fixture's rakor had Bayu Agung Perdana as attendee; a chair written as
    free text names him (and is linked), another names no attendee (and stays as text)."""
    db = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-v6.db", db)
    conn = sqlite3.connect(db)
    conn.execute(
        "UPDATE meeting SET chair = 'Bayu Agung Perdana (Plh Ketua KPU Sijunjung)' "
        "WHERE id = '01HPV0000000000000000MEET1'"
    )
    conn.execute(
        "UPDATE meeting SET chair = 'Sekretaris KPU Sijunjung' WHERE id = '01HPV0000000000000000MEET2'"
    )
    conn.commit()
    conn.close()
    cli.db = db
    linked = cli.json("meeting", "show", "01HPV0000000000000000MEET1")
    assert linked["chair"]["person"] == "Bayu Agung Perdana"
    assert linked["chair"]["person_id"] == "01HPV0000000000000000PRSN1"
    assert linked["attendees"][0]["roles"] == ["chair"]
    kept = cli.json("meeting", "show", "01HPV0000000000000000MEET2")
    assert kept["chair"] == {
        "agency": None, "agency_id": None, "person": "Sekretaris KPU Sijunjung",
        "person_id": None, "position": None, "divisi": None,
    }  # fmt: skip
    assert (
        "Pimpinan rapat: Sekretaris KPU Sijunjung"
        in cli.ok("meeting", "minutes", "01HPV0000000000000000MEET2", "-f", "text").stdout
    )
    conn = sqlite3.connect(db)
    assert conn.execute(
        "SELECT chair FROM meeting WHERE id = '01HPV0000000000000000MEET1'"
    ).fetchone() == (None,)
    conn.close()


_words = (
    st.text(
        alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cc", "Cs")),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@given(_words, st.one_of(st.none(), _words), st.one_of(st.none(), _words))
def test_an_item_survives_its_spec_form(text: str, by: str | None, previous: str | None) -> None:
    """What a CSV cell writes for a figure (as the flag would) reads back the same."""
    from kpukoord.records import meetings

    figure = {"text": text, "value": "12", "from": previous, "agency": "KPU Lutra", "by": by}
    back = meetings.item_from_spec("figure", meetings.spec_of("figures", [figure]))
    assert back == {k: v for k, v in figure.items() if v is not None}
    person = {"person": text, "person_id": "x", "agency": "KPU Lutra", "position": by}
    back = meetings.person_from_spec(meetings.spec_of("chair", person))
    assert back == {k: v for k, v in person.items() if v is not None and k != "person_id"}
