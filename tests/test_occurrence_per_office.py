"""A recurring stage's day is each office's own (trial of issue 27).

In a province's merged file, Gowa's pleno DPB of 8 December and Makassar's of the 7th are
two offices' days of one stage: Gowa's report counts down to the 8th, Makassar's to the
7th, the province's own to the rule's expected day; before, every report took the
earliest meeting of any office.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Cli
from test_merge import backup, make_office, province

TODAY = "2026-12-07"


def _pleno_line(c: Cli, *office: str) -> str:
    out = c.ok("report", "weekly", *office, "--format", "text", "--lang", "id", today=TODAY)
    return next(
        line for line in out.stdout.splitlines() if "Pleno rekapitulasi DPB triwulan IV" in line
    )


def test_each_office_counts_down_to_its_own_pleno(tmp_path: Path) -> None:
    gowa = make_office(tmp_path, "gowa", "KPU Kabupaten Gowa", "KPU Gowa", "73.06")
    mks = make_office(tmp_path, "mks", "KPU Kota Makassar", "KPU Makassar", "73.71")
    for c, day in ((gowa, "8 Desember 2026"), (mks, "7 Desember 2026")):
        c.ok("meeting", "add", "--kind", "pleno", "-t", "Pleno DPB IV", "-d", day,
             "--stage", "pleno-dpb", today=TODAY)  # fmt: skip
    prov = province(tmp_path)
    prov.ok("merge", str(backup(gowa, tmp_path / "g.db")), str(backup(mks, tmp_path / "m.db")))
    assert _pleno_line(gowa).endswith("(Selasa, 8 Desember 2026)")
    assert _pleno_line(prov, "--office", "KPU Gowa").endswith("(Selasa, 8 Desember 2026)")
    assert _pleno_line(prov, "--office", "KPU Makassar").endswith("(Senin, 7 Desember 2026)")
    assert _pleno_line(prov).endswith("(Senin, 4 Januari 2027)")  # the rule's: no pleno of its own
