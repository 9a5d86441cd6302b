"""Coverage in the weekly report counts the office's counterparts, not other regions'."""

from __future__ import annotations

import json

import pytest

from conftest import Cli


@pytest.fixture
def sijunjung(cli: Cli) -> Cli:
    cli.ok("init", "--office", "KPU Kabupaten Sijunjung", "--region", "13.03", "--timezone", "WIB")
    for name, region in [
        ("Bawaslu Kabupaten Sijunjung", "13.03"),
        ("Bawaslu Provinsi Sumatera Barat", "13"),  # the province above: a counterpart
        ("Panwaslu Kecamatan Kamang Baru", "13.03.06"),  # inside the kabupaten
        ("Bawaslu Kabupaten Bengkulu Utara", "17.03"),  # another province's
        ("Bawaslu Kabupaten Pasaman", "13.08"),  # another kabupaten of the same province
        ("Bawaslu tanpa wilayah", None),  # region not recorded: kept
    ]:
        args = ["agency", "add", name, "--kind", "bawaslu"]
        cli.ok(*args, *(["--region", region] if region else []))
    return cli


def _cold(cli: Cli, *extra: str) -> set[str]:
    out = cli.ok("report", "weekly", "--as-of", "7/12/2026", "--format", "json", *extra).stdout
    report = json.loads(out)
    return {a["name"] for kind in report["coverage"] for a in kind["stale"]}


def test_coverage_lists_the_offices_region_above_and_inside_it(sijunjung: Cli) -> None:
    assert _cold(sijunjung) == {
        "Bawaslu Kabupaten Sijunjung",
        "Bawaslu Provinsi Sumatera Barat",
        "Panwaslu Kecamatan Kamang Baru",
        "Bawaslu tanpa wilayah",
    }


def test_all_regions_lists_every_agency(sijunjung: Cli) -> None:
    assert {"Bawaslu Kabupaten Bengkulu Utara", "Bawaslu Kabupaten Pasaman"} <= _cold(
        sijunjung, "--all-regions"
    )
