"""An agency an office added without a region ('meeting add --new-agencies') is the one
agency of that name in the province's file, whatever its region (trial of issue 27: the
province's own KPU appeared twice, and 'agency show' could not tell them apart)."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli
from test_merge import backup, make_office, province


def test_the_province_s_own_agency_named_by_an_office_is_one(tmp_path: Path) -> None:
    gowa = make_office(tmp_path, "gowa", "KPU Kabupaten Gowa", "KPU Gowa", "73.06")
    gowa.ok("meeting", "add", "--kind", "supervisi", "-t", "Supervisi DPB", "-d", "4/12/2026",
            "--attendee", "KPU Provinsi Sulawesi Selatan", "--new-agencies", today="2026-12-07")  # fmt: skip
    prov: Cli = province(tmp_path)
    prov.ok("merge", str(backup(gowa, tmp_path / "g.db")))
    named = [a for a in prov.json("agency", "list") if a["name"] == "KPU Provinsi Sulawesi Selatan"]
    assert len(named) == 1 and named[0]["region"] == "73"
    met = prov.json("meeting", "list", "--agency", "KPU Sulsel", today="2026-12-07")
    assert [m["title"] for m in met] == ["Supervisi DPB"]
