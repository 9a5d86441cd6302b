"""meeting draft on the class of KPU office news reports, not only the seed articles.

Bugs of the new-user trial (7 December 2026, part B). Each report here is written for
these tests in the style of an office's news item (names, places and agencies are not
the seed articles'; not a real report).
"""

from __future__ import annotations

from pathlib import Path

import yaml

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "reference" / "articles"
if not ARTICLES.is_dir():
    ARTICLES = Path("/work/shared/reference/articles")

PALU = """KPU Kota Palu Gelar Rakor Pemutakhiran Data Pemilih Berkelanjutan

PALU - KPU Kota Palu menggelar rapat koordinasi pemutakhiran data pemilih berkelanjutan,
Kamis (3/12/2026) pukul 09.00 WITA, di Aula Kantor KPU Kota Palu.

Rakor dibuka oleh Ketua KPU Kota Palu, Agussalim Wahid. Nurhayati Lamasi selaku Anggota KPU
Kota Palu Divisi Perencanaan, Data dan Informasi menjelaskan bahwa pemilih baru dari
Disdukcapil sudah dihimpun.

Hadir dalam rakor tersebut Kordiv Hukum, Humas, Data dan Informasi Bawaslu Kota Palu, Fadli
Rahman.
"""


def _people(out: str) -> dict[str, dict]:
    d = yaml.safe_load(out)
    return {a["person"]: a for a in d.get("attendees", []) if isinstance(a, dict)}


def test_a_division_written_with_commas_is_one_position(office, tmp_path):
    """Trial bug 8: 'Divisi sosialisasi pendidikan pemilih, partisipasi masyarakat dan SDM'
    was cut at its comma; KPU and Bawaslu write their divisions with commas."""
    office.ok("agency", "add", "KPU Kota Palu", "--region", "72.71")
    office.ok("agency", "add", "Bawaslu Kota Palu", "--region", "72.71")
    f = tmp_path / "palu.txt"
    f.write_text(PALU, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    people = _people(out)
    assert (
        people["Nurhayati Lamasi"]["position"] == "Anggota Divisi Perencanaan, Data dan Informasi"
    )
    assert people["Nurhayati Lamasi"]["agency"] == "KPU Kota Palu"
    assert people["Fadli Rahman"]["position"] == "Kordiv Hukum, Humas, Data dan Informasi"
    assert people["Fadli Rahman"]["agency"] == "Bawaslu Kota Palu"
    assert people["Agussalim Wahid"]["position"] == "Ketua"
    assert yaml.safe_load(out)["time"] == "pukul 09.00 WITA"
    rakor = ARTICLES / "rakor-pilkada-sijunjung-2024.txt"
    if rakor.is_file():
        people = _people(office.ok("meeting", "draft", str(rakor), today="2026-12-07").stdout)
        assert people["Juniwandri"]["position"] == (
            "Komisioner Divisi sosialisasi pendidikan pemilih, partisipasi masyarakat dan SDM"
        )


def test_berita_lowers_a_common_noun_mid_sentence_and_keeps_titles(office, tmp_path):
    """Trial bug 18: meeting berita wrote 'melaporkan Pemilih baru mencapai …' (the word
    was a title word for the drafter); positions and agencies keep their capitals."""
    f = tmp_path / "m.yaml"
    f.write_text(
        "title: Rapat pleno rekapitulasi DPB triwulan IV 2026\nkind: pleno\n"
        "date: Jumat, 4 Desember 2026\nvenue: Aula KPU Sijunjung\nattendees:\n"
        "  - {agency: KPU Kabupaten Sijunjung, person: Yuliarni Sari, position: Ketua}\n"
        "figures:\n"
        "  - {text: Pemilih baru, value: 1.204 pemilih, by: Yuliarni Sari}\n"
        "  - {text: Data pemilih tidak memenuhi syarat, value: 388 pemilih, by: Yuliarni Sari}\n"
        "directives:\n"
        "  - {text: Ketua PPS mengumumkan DPB di kantor nagari, by: Yuliarni Sari}\n"
        "decisions:\n  - Sosialisasi DPB dilanjutkan di setiap nagari\n",
        encoding="utf-8",
    )
    mid = office.ok("meeting", "add", "--from-file", str(f), today="2026-12-07").stdout.strip()
    news = office.ok("meeting", "berita", mid, today="2026-12-07").stdout
    text = " ".join(news.split())
    assert "Yuliarni Sari melaporkan pemilih baru mencapai 1.204 pemilih." in text
    assert "melaporkan data pemilih tidak memenuhi syarat mencapai 388 pemilih." in text
    assert "meminta agar Ketua PPS mengumumkan DPB" in text
    assert "menyepakati bahwa sosialisasi DPB dilanjutkan" in text
    back = tmp_path / "berita.txt"
    back.write_text(news, encoding="utf-8")
    d = yaml.safe_load(office.ok("meeting", "draft", str(back), today="2026-12-07").stdout)
    assert [(x["text"], x["value"]) for x in d["figures"]] == [
        ("Pemilih baru", "1.204 pemilih"),
        ("Data pemilih tidak memenuhi syarat", "388 pemilih"),
    ]
