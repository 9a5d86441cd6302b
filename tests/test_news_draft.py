"""meeting draft (news report -> meeting file) and meeting berita (record -> news item)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpukoord import demo as demo_mod

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "reference" / "articles"
if not ARTICLES.is_dir():
    ARTICLES = Path("/work/shared/reference/articles")

# Written for these tests in the style of a KPU office's news item (not a real report).
OWN = """KPU Sijunjung Gelar Bimtek Pemutakhiran Data Pemilih

SIJUNJUNG - Komisi Pemilihan Umum (KPU) Kabupaten Sijunjung menggelar bimbingan teknis
pemutakhiran data pemilih bersama PPK Se-Kabupaten Sijunjung, Rabu (10/7/2024) pukul 09.00 WIB.
Kegiatan tersebut berlangsung di Aula Kantor KPU Sijunjung.

Kegiatan dibuka oleh Plh Ketua KPU Sijunjung, Bayu Agung Perdana. Dalam sambutannya, Bayu
meminta agar seluruh PPK memastikan coklit selesai tepat waktu sesuai jadwal tahapan.

Hadir dalam kegiatan tersebut Ketua Bawaslu Sijunjung Rahmat Hidayat dan perwakilan Kodim 0310.
"""


def _agencies(cli) -> None:
    """The agencies of the demonstration's reports, without their meetings."""
    demo_mod.load_articles(cli.db, meetings_too=False)


def _draft(cli, path: Path, *extra: str) -> dict:
    out = cli.ok("meeting", "draft", str(path), *extra).stdout
    return yaml.safe_load(out)


def test_own_report_is_drafted_with_its_sentences(office, tmp_path):
    _agencies(office)
    f = tmp_path / "bimtek.txt"
    f.write_text(OWN, encoding="utf-8")
    text = office.ok("meeting", "draft", str(f)).stdout
    d = yaml.safe_load(text)
    assert d["kind"] == "bimtek"
    assert d["date"] == "Rabu (10/7/2024)"
    assert d["time"] == "pukul 09.00 WIB"
    assert d["host"] == "KPU Kabupaten Sijunjung"
    assert d["venue"] == "Aula Kantor KPU Sijunjung"
    people = {a["person"]: a for a in d["attendees"] if isinstance(a, dict)}
    assert people["Bayu Agung Perdana"]["agency"] == "KPU Kabupaten Sijunjung"
    assert people["Bayu Agung Perdana"]["roles"] == ["opened-by"]
    assert people["Rahmat Hidayat"]["agency"] == "Bawaslu Kabupaten Sijunjung"
    assert "PPK se-Kabupaten Sijunjung" in d["attendees"]
    assert d["directives"][0]["by"] == "Bayu Agung Perdana"
    # the sentence each value came from is a comment above it; the unknown agency is listed
    assert "# « Kegiatan tersebut berlangsung di Aula Kantor KPU Sijunjung. »\nvenue:" in text
    assert "unknown agency: Kodim 0310" in text
    # and meeting add takes it as it is
    f2 = tmp_path / "bimtek.yaml"
    f2.write_text(text, encoding="utf-8")
    rec = office.json("meeting", "add", "--from-file", str(f2))[0]
    assert (rec["start_date"], rec["start_time"], rec["timezone"]) == ("2024-07-10", "09:00", "WIB")
    assert rec["opened_by"]["person"] == "Bayu Agung Perdana"


def test_year_from_the_publication_date(office, tmp_path):
    _agencies(office)
    f = tmp_path / "r.txt"
    f.write_text(OWN.replace("Rabu (10/7/2024)", "Jumat (02/08)"), encoding="utf-8")
    d = _draft(office, f, "--published", "3 Agustus 2024")
    assert d["date"] == "Jumat, 2 Agustus 2024"
    f2 = tmp_path / "r.yaml"
    f2.write_text(office.ok("meeting", "draft", str(f), "--published", "3/8/2024").stdout)
    rec = office.json("meeting", "add", "--from-file", str(f2), today="2026-01-01")[0]
    assert rec["start_date"] == "2024-08-02"


SEED = {  # facts read in the reports (ground truth), not their sentences
    "kesbangpol-visit-luwu-utara-2023.txt": (
        "2023-02-13",
        "KPU Kabupaten Luwu Utara",
        "ruang media center",
        {"Hakim Bukara", "Syamsul Bachri", "Supriadi", "Hayu Vandy", "Fitria", "Makmur", "Asjaya"},
    ),
    "rakor-pilkada-sijunjung-2024.txt": (
        "2024-07-05",
        "KPU Kabupaten Sijunjung",
        "Hotel The ZHM Premiere Padang",
        {"Benny Dwifa Yuswir", "Bayu Agung Perdana", "Juniwandri", "Medo Putra"},
    ),
    "coffee-morning-bengkulu-utara-2024.txt": (
        "2024-10-04",
        "Pemerintah Kabupaten Bengkulu Utara",
        "Aula Antasena Makodim 0423 Bengkulu Utara",
        {"Andi Muhammad Yusuf", "Santoso", "Fitriyansyah"},
    ),
}


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="shared/reference/articles is not here")
@pytest.mark.parametrize("name", sorted(SEED))
def test_seed_articles_are_taken_as_drafted(office, tmp_path, name):
    _agencies(office)
    start, host, venue, people = SEED[name]
    text = office.ok("meeting", "draft", str(ARTICLES / name)).stdout
    f = tmp_path / "m.yaml"
    f.write_text(text, encoding="utf-8")
    rec = office.json("meeting", "add", "--from-file", str(f))[0]
    assert (rec["start_date"], rec["host"], rec["venue"]) == (start, host, venue)
    assert {a["person"] for a in rec["attendees"] if a["person"]} == people


@pytest.mark.parametrize("fmt, ext", [("text", "txt"), ("markdown", "md"), ("html", "html")])
def test_berita_round_trip(demo, tmp_path, fmt, ext):
    for m in demo.json("meeting", "list"):
        rec = demo.json("meeting", "show", m["id"])
        news = demo.ok("meeting", "berita", m["id"], "--format", fmt).stdout
        assert rec["title"] in news.splitlines()[0] or fmt == "html"
        f = tmp_path / f"berita.{ext}"
        f.write_text(news, encoding="utf-8")
        d = _draft(demo, f)
        assert d["venue"] == rec["venue"]
        assert d["host"] == rec["host"]
        f2 = tmp_path / "b.yaml"
        f2.write_text(demo.ok("meeting", "draft", str(f)).stdout, encoding="utf-8")
        # the meeting the berita was written from is stored: the round trip adds it again
        back = demo.json("meeting", "add", "--from-file", str(f2), "--allow-duplicate")[0]
        assert (back["start_date"], back["end_date"]) == (rec["start_date"], rec["end_date"])
        assert back["kind"] == rec["kind"]

        def who(r):
            return {(a["agency"], a["person"], tuple(a["roles"])) for a in r["attendees"]}

        assert who(back) == who(rec)
        assert back["decisions"] == rec["decisions"]


def test_berita_formats(demo, tmp_path):
    mid = demo.json("meeting", "list")[0]["id"]
    html = demo.ok("meeting", "berita", mid, "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>")
    out = tmp_path / "b.docx"
    demo.ok("meeting", "berita", mid, "--format", "docx", "-o", str(out))
    assert out.read_bytes()[:2] == b"PK"
    demo.fails("meeting", "berita", mid, "--format", "pdf", code=2)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02PNG" * 100, "binary"),
        (b"Rapat.", "no report"),
        (
            b"The electoral commission met the police on Monday to discuss the logistics of the "
            b"coming election. The chair said the ballots would arrive by the end of the month "
            b"and asked every district to report its needs. The meeting was held at the office.",
            "Indonesian",
        ),
        (OWN.replace("SIJUNJUNG", "\x1b]8;;x\x07SIJUNJUNG").encode(), "bimtek.txt:3:"),
    ],
)
def test_bad_reports_are_refused(office, tmp_path, content, message):
    f = tmp_path / "bimtek.txt"
    f.write_bytes(content)
    r = office.fails("meeting", "draft", str(f))
    assert message in r.stderr
    assert r.stdout == ""


def test_large_file_is_refused_after_a_bounded_read(office, tmp_path):
    f = tmp_path / "big.txt"
    with f.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    r = office.fails("meeting", "draft", str(f))
    assert "larger than" in r.stderr or "binary" in r.stderr


def test_web_page_is_read_through_its_article(office, tmp_path):
    _agencies(office)
    body = "".join(f"<p>{p}</p>" for p in OWN.split("\n\n")[1:])
    page = (
        "<!DOCTYPE html><html><head><title>KPU Sijunjung Gelar Bimtek</title>"
        '<meta property="article:published_time" content="2024-07-11T10:00:00+07:00"></head>'
        "<body><nav>Beranda Berita Profil</nav><article><h1>KPU Sijunjung Gelar Bimtek</h1>"
        f"{body}</article><footer>Hak cipta KPU</footer></body></html>"
    )
    f = tmp_path / "berita.html"
    f.write_text(page, encoding="utf-8")
    text = office.ok("meeting", "draft", str(f)).stdout
    d = yaml.safe_load(text)
    assert d["host"] == "KPU Kabupaten Sijunjung"
    assert "# published: 2024-07-11" in text
    two = page.replace("</body>", f"<article>{body}</article></body>")
    f.write_text(two, encoding="utf-8")
    assert "2 articles" in office.fails("meeting", "draft", str(f)).stderr


def test_draft_writes_nothing(office, tmp_path):
    _agencies(office)
    f = tmp_path / "bimtek.txt"
    f.write_text(OWN, encoding="utf-8")
    before = json.dumps(office.json("meeting", "list"))
    office.ok("meeting", "draft", str(f))
    assert json.dumps(office.json("meeting", "list")) == before


def test_zone_from_the_place_and_awards(office, tmp_path):
    """A time without its zone in a report from Luwu Utara (WITA) drafted in a WIB office."""
    _agencies(office)
    text = (
        "KPU Lutra Serahkan Penghargaan\n\n"
        "LUWU UTARA - KPU Kabupaten Luwu Utara menggelar rapat evaluasi bersama Badan "
        "Kesbangpol Luwu Utara, Kamis (12/12/2024) pukul 10.00, di Aula Kantor KPU Luwu Utara.\n\n"
        "Ketua KPU Luwu Utara, Syamsul Bachri, menyerahkan piagam penghargaan kepada Badan "
        "Kesbangpol Luwu Utara atas dukungan selama tahapan Pilkada.\n"
    )
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    d = _draft(office, f)
    assert (d["time"], d["timezone"]) == ("pukul 10.00", "WITA")
    assert d["awards"] == [
        {
            "text": "Piagam penghargaan",
            "agency": "Badan Kesbangpol Kabupaten Luwu Utara",
            "by": "Syamsul Bachri",
        }
    ]
    f.write_text(text + "\n" + text.replace("12/12/2024", "13/12/2024"), encoding="utf-8")
    assert "2 reports" in office.fails("meeting", "draft", str(f)).stderr


WORDS = st.sampled_from(
    "KPU Bawaslu Sijunjung rapat koordinasi yang dan di dengan Senin (13/2/2023) pukul 09.00 "
    "Ketua Bayu , . ; “ ” selaku Hotel Aula bertempat hadir menyepakati bahwa 80% PKPU Nomor 2 "
    "Tahun 2024 dibuka oleh narasumber - — ( ) tindak lanjut paling lambat 5 Juli 2024".split()
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(WORDS, min_size=1, max_size=40).map(" ".join), min_size=1, max_size=6))
def test_any_report_gives_a_file_meeting_add_reads_or_one_error(office, tmp_path, paragraphs):
    """Whatever the text: a YAML mapping whose keys meeting add knows, or one error line."""
    from kpukoord.records import meetings

    f = tmp_path / "r.txt"
    f.write_text("\n\n".join(paragraphs), encoding="utf-8")
    r = office("meeting", "draft", str(f))
    assert "Traceback" not in r.output
    if r.exit_code:
        assert r.stderr.startswith("error: ") and r.stdout == ""
        return
    d = yaml.safe_load(r.stdout) or {}
    assert isinstance(d, dict)
    assert set(d) <= meetings.FIELDS


def test_groups_regulations_and_stdin(office, tmp_path):
    _agencies(office)
    text = (
        "KPU Sijunjung Gelar Sosialisasi Pencalonan\n\n"
        "SIJUNJUNG - KPU Kabupaten Sijunjung menggelar sosialisasi pencalonan bersama 18 partai "
        "politik dan Ketua PPS se-Kecamatan Kupitan, Senin (22/7/2024), di Aula Kantor KPU "
        "Sijunjung. Materi mengacu pada Peraturan KPU (PKPU) Nomor 8 Tahun 2024.\n"
    )
    r = office.ok("meeting", "draft", "-", input=text)
    d = yaml.safe_load(r.stdout)
    assert {"scope": "18 partai politik", "kind": "party", "count": 18} in d["groups"]
    assert {"scope": "Ketua PPS se-Kecamatan Kupitan", "kind": "pps"} in d["groups"]
    assert d["regulations"] == ["PKPU 8/2024"]
    f = tmp_path / "m.yaml"
    f.write_text(r.stdout, encoding="utf-8")
    rec = office.json("meeting", "add", "--from-file", str(f))[0]
    assert rec["regulations"] == ["PKPU 8/2024"]
    assert {g["count"] for g in rec["groups"]} == {18, None}


def test_a_page_without_an_article_is_refused(office, tmp_path):
    f = tmp_path / "beranda.html"
    f.write_text(
        "<html><body><nav><a href='/'>Beranda</a> <a href='/berita'>Berita</a></nav>"
        "<footer>KPU Kabupaten Sijunjung</footer></body></html>",
        encoding="utf-8",
    )
    r = office.fails("meeting", "draft", str(f))
    assert "beranda.html" in r.stderr


def test_a_host_the_database_does_not_know(office, tmp_path):
    """Drafted as written and listed, so that --new-agencies is the one edit; never the office."""
    _agencies(office)
    text = (
        "Bawaslu Lutim Gelar Rakor Pengawasan Kampanye\n\n"
        "MALILI - Bawaslu Kabupaten Luwu Timur menggelar rapat koordinasi pengawasan kampanye "
        "bersama Polres Luwu Timur, Rabu (9/10/2024), di Hotel Sawerigading Malili.\n\n"
        "Ketua Bawaslu Luwu Timur, Abdul Rahman, meminta agar seluruh Panwascam mengawasi "
        "kegiatan kampanye di wilayah masing-masing.\n"
    )
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f)).stdout
    d = yaml.safe_load(out)
    assert d["host"] == "Bawaslu Kabupaten Luwu Timur"
    assert d["attendees"][0]["person"] == "Abdul Rahman"
    assert d["directives"][0]["by"] == "Abdul Rahman"
    assert out.count("unknown agency: Bawaslu") == 1
    assert "unknown agency: Polres Luwu Timur" in out
    f2 = tmp_path / "r.yaml"
    f2.write_text(out, encoding="utf-8")
    assert "--new-agencies" in office.fails("meeting", "add", "--from-file", str(f2)).stderr
    rec = office.json("meeting", "add", "--from-file", str(f2), "--new-agencies")[0]
    assert rec["host"] == "Bawaslu Kabupaten Luwu Timur"


def test_titles_ranks_and_degrees_are_not_names(office, tmp_path):
    _agencies(office)
    text = (
        "Kapolres dan Dandim Hadiri Rakor Pengamanan di KPU Sijunjung\n\n"
        "SIJUNJUNG - KPU Kabupaten Sijunjung menggelar rapat koordinasi pengamanan pemungutan "
        "suara, Senin (18/11/2024) pukul 14.00 WIB, di Aula Kantor KPU Sijunjung.\n\n"
        "Rakor dibuka oleh Plh Ketua KPU Sijunjung, H. Bayu Agung Perdana, S.Sos., M.Si. Hadir "
        "Kapolres Sijunjung AKBP Andre Anas Zaini, Dandim 0310/SSD Letkol Inf Rudi Santoso, dan "
        "Kasi Intel Kejaksaan Negeri Sijunjung, Dr. Maya Sari.\n"
    )
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f)).stdout
    people = {a["person"]: a for a in yaml.safe_load(out)["attendees"] if isinstance(a, dict)}
    assert set(people) == {"Bayu Agung Perdana", "Andre Anas Zaini", "Maya Sari"}
    assert people["Bayu Agung Perdana"]["roles"] == ["opened-by"]
    assert people["Andre Anas Zaini"]["agency"] == "Polres Sijunjung"
    # a Dandim whose Kodim the database lacks is listed, not put at the host
    assert "# not matched: Rudi Santoso (Dandim 0310/SSD)" in out


def test_berita_round_trip_of_every_part(demo, tmp_path):
    """Roles, a time range, counted groups, directives, figures, awards, follow-ups and
    regulations written by berita are read back by draft."""
    rec = demo.json(
        "meeting", "add", "--title", "Rapat pleno penetapan DPS", "--kind", "pleno",
        "--date", "Rabu (10/7/2024)", "--time", "pukul 09.00 s.d 12.00 WITA",
        "--venue", "Aula KPU Sijunjung", "--opened-by", "Bayu Agung Perdana",
        "--speaker", "Medo Putra", "--notulis", "Juniwandri",
        "--figure", "Jumlah DPS; value=150.321 pemilih; by=Bayu Agung Perdana",
        "--award", "Piagam penghargaan; agency=Polres Sijunjung; by=Bayu Agung Perdana",
        "--directive", "PPS mengumumkan DPS di kantor desa; by=Medo Putra",
        "--group", "Ketua PPK se-Kabupaten Sijunjung; kind=ppk; count=8",
        "--decision", "DPS Kabupaten Sijunjung ditetapkan",
        "--action", "Umumkan DPS; owner=KPU Sijunjung; due=20 Juli 2024",
        "--regulation", "PKPU 7/2024",
    )  # fmt: skip
    f = tmp_path / "b.txt"
    f.write_text(demo.ok("meeting", "berita", rec["id"]).stdout, encoding="utf-8")
    f2 = tmp_path / "b.yaml"
    f2.write_text(demo.ok("meeting", "draft", str(f)).stdout, encoding="utf-8")
    back = demo.json("meeting", "add", "--from-file", str(f2), "--allow-duplicate")[0]
    same = (
        "start_date", "end_date", "start_time", "end_time", "timezone", "kind", "venue", "host",
        "decisions", "regulations",
    )  # fmt: skip
    assert {k: back[k] for k in same} == {k: rec[k] for k in same}
    assert back["opened_by"]["person"] == "Bayu Agung Perdana"
    assert [s["person"] for s in back["speakers"]] == ["Medo Putra"]
    assert back["notulis"]["person"] == "Juniwandri"
    assert [(g["scope"], g["count"]) for g in back["groups"]] == [
        ("Ketua PPK se-Kabupaten Sijunjung", 8)
    ]
    assert [(d["text"], d["by"]) for d in back["directives"]] == [
        ("PPS mengumumkan DPS di kantor desa", "Medo Putra")
    ]
    assert [(x["text"], x["value"]) for x in back["figures"]] == [("Jumlah DPS", "150.321 pemilih")]
    assert [(x["text"], x["agency"]) for x in back["awards"]] == [
        ("Piagam penghargaan", "Polres Sijunjung")
    ]
    assert [(x["text"], x["owner"], x["due_date"]) for x in back["actions"]] == [
        ("Umumkan DPS", "KPU Kabupaten Sijunjung", "2024-07-20")
    ]


def test_berita_of_a_planned_and_a_cancelled_meeting(office):
    planned = office.json(
        "meeting", "add", "--title", "Rakor persiapan pleno DPT", "--date", "15 Juli 2024",
        "--venue", "Aula KPU Sijunjung",
    )  # fmt: skip
    assert planned["status"] == "planned"
    text = office.ok("meeting", "berita", planned["id"]).stdout
    assert "KPU Kabupaten Sijunjung akan menggelar rakor persiapan pleno DPT pada" in text
    office.ok("meeting", "edit", planned["id"], "--status", "cancelled")
    text = office.ok("meeting", "berita", planned["id"]).stdout
    assert "membatalkan rakor persiapan pleno DPT yang dijadwalkan pada Senin, 15 Juli" in text
