"""Which stage a report's words name: the PDPB pleno between elections, not the election's
stage of similar words ("pemutakhiran data pemilih berkelanjutan" is the continuous
programme; "pemutakhiran data pemilih" alone is Pemilu 2024's stage, long over)."""

from __future__ import annotations

import yaml

from conftest import Cli

SOLOK = """KPU Kabupaten Solok Gelar Pleno Terbuka Rekapitulasi DPB Triwulan IV 2025

AROSUKA - Komisi Pemilihan Umum (KPU) Kabupaten Solok melaksanakan Rapat Pleno Terbuka
Rekapitulasi Daftar Pemilih Berkelanjutan (DPB) Triwulan IV Tahun 2025, bertempat di Aula
Kantor KPU Kabupaten Solok, Selasa (9/12/2025) pukul 09.00 WIB.

Dalam sambutannya, Ketua KPU Kabupaten Solok, Muhammad Khadafi, menyampaikan bahwa
pemutakhiran data pemilih berkelanjutan merupakan amanat undang-undang.
"""


def test_a_pdpb_pleno_report_names_the_pleno_stage_only(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "solok.txt"
    f.write_text(SOLOK, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    assert yaml.safe_load(out)["stages"] == ["pleno-dpb"]
    assert "not matched: pemutakhiran data pemilih" not in out
    assert "not matched: rekapitulasi" not in out
    # and the draft is a meeting that the pleno's occurrence of Q4 2025 counts
    f2 = tmp_path / "solok.yaml"
    f2.write_text(out, encoding="utf-8")
    rec = office.json("meeting", "add", "--from-file", str(f2), "--new-agencies")[0]
    assert [s["ref"] for s in rec["stages"]] == ["pdpb-pkpu-1-2025:pleno-dpb"]


def test_names_with_dan_and_a_kodim_s_number_are_listed_whole(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'perwakilan Dinas Kependudukan dan Pencatatan Sipil Kabupaten Solok, ..., Kodim
    0309/Solok' gave 'Dinas Kependudukan' and 'Kodim 0309' to add; 'Bawaslu dan KPU' stay
    two agencies."""
    text = SOLOK + (
        "\nHadir perwakilan Dinas Kependudukan dan Pencatatan Sipil Kabupaten Solok, Polres "
        "Solok, Kodim 0309/Solok, serta Bawaslu dan KPU Provinsi Sumatera Barat.\n"
    )
    f = tmp_path / "solok.txt"
    f.write_text(text, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    unknown = [
        line.split(": ", 1)[1].split(" —")[0]
        for line in out.splitlines()
        if line.startswith("# unknown agency: ")
    ]
    for name in (
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Solok",
        "Polres Solok",
        "Kodim 0309/Solok",
        "KPU Provinsi Sumatera Barat",
        "Bawaslu",
    ):
        assert name in unknown
    assert not [name for name in unknown if " dan KPU" in name]
