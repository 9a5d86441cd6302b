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
