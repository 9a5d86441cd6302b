"""A figure as reports write it: its number read with what it counts after it
('548.210 orang', '90 persen'), and where it rose from (trial of issue 27: such a figure
showed an empty value in 'stage show' and lost its 'naik dari')."""

from __future__ import annotations

import pytest
import yaml

from conftest import Cli
from kpukoord.timetables.stage_occurrences import figure_number


@pytest.mark.parametrize(
    ("written", "number"),
    [("548.210 orang", 548210), ("90 persen", 90), ("80%", 80), ("12,5", 12.5),
     ("412 TPS", 412), ("-3", -3), ("sekitar 500", None)],
)  # fmt: skip
def test_a_figure_s_number(written: str, number: float | None) -> None:
    assert figure_number(written) == number


def test_a_drafted_figure_keeps_where_it_rose_from(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "KPU Sijunjung Gelar Pleno DPB\n\n"
        "MUARO SIJUNJUNG - KPU Kabupaten Sijunjung menggelar rapat pleno terbuka rekapitulasi "
        "DPB triwulan IV di Aula KPU Sijunjung, Jumat (4/12/2026).\n\n"
        "Ketua KPU Kabupaten Sijunjung, Bayu Agung Perdana, menyampaikan bahwa jumlah pemilih "
        "dalam DPB sebanyak 548.210 orang, naik dari 546.987 pada triwulan sebelumnya.\n"
    )
    f = tmp_path / "berita.txt"
    f.write_text(text, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    figure = yaml.safe_load(out)["figures"][0]
    assert (figure["value"], figure["from"]) == ("548.210 orang", "546.987")
    draft = tmp_path / "d.yaml"
    draft.write_text(out, encoding="utf-8")
    office.ok("meeting", "add", "--from-file", str(draft), "--new-agencies", today="2026-12-07")
    shown = office.ok("stage", "show", "pleno-dpb", today="2026-12-07").stdout
    assert "548.210 (+1.223)" in shown
