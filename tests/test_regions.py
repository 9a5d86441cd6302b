"""Kemendagri region codes: validated against the bundled table, named, and refused
with the nearest names when mistyped."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpukoord.errors import UsageError
from kpukoord.language import regions


def test_known_codes_have_their_names() -> None:
    assert regions.name("73.22") == "Kabupaten Luwu Utara"
    assert regions.name("73") == "Sulawesi Selatan"
    assert regions.name("13") == "Sumatera Barat"
    assert regions.name("19.01") == "Kabupaten Bangka"
    assert regions.name("19.71") == "Kota Pangkal Pinang"
    assert regions.name("13.03") == "Kabupaten Sijunjung"
    assert regions.label("73.22") == "73.22 Kabupaten Luwu Utara"
    assert regions.lookup("73.22.01") == regions.Region("73.22.01", "Malangke")
    # the counts of Kepmendagri 300.2.2-2138/2025: 38 provinsi, 416 kabupaten, 98 kota
    table = regions._table()
    assert sum(1 for c in table if "." not in c) == 38
    kabkota = [n for c, n in table.items() if c.count(".") == 1]
    assert sum(n.startswith("Kabupaten ") for n in kabkota) == 416
    assert sum(n.startswith("Kota ") for n in kabkota) == 98


def test_codes_and_names_are_checked() -> None:
    assert regions.check("73.22") == "73.22"
    assert regions.check(" 73.22 ") == "73.22"
    assert regions.check("Luwu Utara") == "73.22"
    assert regions.check("Kab. Bangka") == "19.01"
    assert regions.check("Kota Pangkalpinang") == "19.71"
    assert regions.check("73.22.01.2001") == "73.22.01.2001"  # a desa of a known kecamatan


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("73.92", "unknown region code '73.92'; nearest: 73.72 Kota Parepare"),
        ("73.92", "73.22 Kabupaten Luwu Utara"),
        ("Luwu Utra", "unknown region 'Luwu Utra'; nearest: 73.22 Kabupaten Luwu Utara"),
        ("Bandung", "'Bandung' is ambiguous: 32.04 Kabupaten Bandung; 32.73 Kota Bandung"),
        ("7322", "is not a Kemendagri code like 73, 73.22 or 73.22.01"),
        ("73.22.99.2001", "unknown region code '73.22.99.2001'"),
    ],
)
def test_a_typo_is_refused_with_the_nearest_names(text: str, message: str) -> None:
    with pytest.raises(UsageError) as exc:
        regions.check(text)
    assert message in exc.value.message


def test_init_names_the_region_and_refuses_a_typo(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli.ok(
        "init", "--office", "KPU Kabupaten Luwu Utara", "--region", "73.22", "--timezone", "WITA"
    ).stdout
    assert "office: KPU Kabupaten Luwu Utara [73.22 Kabupaten Luwu Utara] WITA" in out
    rec = json.loads(cli.ok("init", "--json").stdout)["office"]
    assert (rec["region"], rec["region_name"]) == ("73.22", "Kabupaten Luwu Utara")
    err = cli.fails("init", "--region", "73.92", code=2).stderr
    assert err.startswith("error: unknown region code '73.92'; nearest: ")
    assert "73.22 Kabupaten Luwu Utara" in err


def test_agency_regions_are_checked_the_same_way(office) -> None:  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "Bawaslu Kabupaten Bangka", "--region", "Kab. Bangka")
    assert office.json("agency", "show", "Bawaslu Kabupaten Bangka")["region"] == "19.01"
    err = office.fails("agency", "add", "Bawaslu X", "--region", "19.99", code=2).stderr
    assert "unknown region code '19.99'" in err and "19.71 Kota Pangkal Pinang" in err


def test_schedule_regions_apply_to_offices_inside_and_above_them(office) -> None:  # type: ignore[no-untyped-def]
    from kpukoord.store.db import Database
    from kpukoord.timetables import schedules

    with Database(office.db) as db:
        every = {"pkpu-3-2022", "pkpu-2-2024", "pdpb-pkpu-1-2025", "sipol-berkelanjutan"}
        every |= {"pemilu-2029"}
        ulang = "pilkada-ulang-bangka-pangkalpinang-2025"
        sumbar, pasaman = "psu-dpd-sumbar-2024", "psu-pasaman-2025"
        assert schedules.applicable_codes(db, None) is None
        assert schedules.applicable_codes(db, "73.22") == every
        assert schedules.applicable_codes(db, "13.03") == every | {sumbar}  # Sijunjung
        assert schedules.applicable_codes(db, "13.08") == every | {sumbar, pasaman}
        assert schedules.applicable_codes(db, "13") == every | {sumbar, pasaman}
        assert schedules.applicable_codes(db, "62.05") == every | {"psu-barito-utara-2025"}
        assert schedules.applicable_codes(db, "19.01") == every | {ulang}
        assert schedules.applicable_codes(db, "19.71.01") == every | {ulang}
        assert schedules.applicable_codes(db, "19") == every | {ulang}
        assert schedules.applicable_codes(db, "19.02") == every  # Bangka Barat


@given(st.sampled_from(sorted(regions._table())))
def test_every_bundled_code_is_accepted_and_named(code: str) -> None:
    assert regions.check(code) == code
    assert regions.label(code) == f"{code} {regions._table()[code]}"


@given(st.text(max_size=30))
def test_any_text_is_a_region_or_a_clear_error(text: str) -> None:
    try:
        code = regions.check(text)
    except UsageError as exc:
        assert "region" in exc.message
    else:
        assert regions.name(code)
