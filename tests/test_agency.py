"""Agencies: adding, finding by any name operators use, and the errors around it."""

from __future__ import annotations

import json


def test_add_and_find_by_alias_case_spacing_and_punctuation(office) -> None:  # type: ignore[no-untyped-def]
    office.ok(
        "agency",
        "add",
        "Badan Kesbangpol Kabupaten Luwu Utara",
        "--alias",
        "Kesbangpol Lutra",
        "--kind",
        "kesbangpol",
        "--level",
        "kabupaten",
        "--region",
        "73.22",
    )
    for name in [
        "kesbangpol lutra",
        "KESBANGPOL  LUTRA",
        "Kesbangpol-Lutra",
        "Badan Kesbangpol Kab. Luwu Utara",
        "Badan Kesbangpol Luwu Utara",
    ]:
        rec = office.json("agency", "show", name)
        assert rec["name"] == "Badan Kesbangpol Kabupaten Luwu Utara", name
        assert rec["region"] == "73.22"
        assert rec["level"] == "kabupaten/kota"


def test_kind_is_guessed_from_the_name(office) -> None:  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "Polres Sijunjung")
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung")
    kinds = {a["name"]: a["kind"] for a in office.json("agency", "list")}
    assert kinds["Polres Sijunjung"] == "polri"
    assert kinds["Bawaslu Kabupaten Sijunjung"] == "bawaslu"
    assert kinds["KPU Kabupaten Sijunjung"] == "kpu"


def test_list_filters_compose(office) -> None:  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "Polres Sijunjung", "--level", "kabupaten/kota")
    office.ok("agency", "add", "Polsek Kupitan", "--level", "kecamatan")
    office.ok("agency", "add", "Bawaslu Sijunjung", "--level", "kabupaten/kota")
    names = [
        a["name"] for a in office.json("agency", "list", "--kind", "polri", "--level", "kecamatan")
    ]
    assert names == ["Polsek Kupitan"]
    names = [
        a["name"] for a in office.json("agency", "list", "--search", "sijunjung", "--kind", "polri")
    ]
    assert names == ["Polres Sijunjung"]


def test_unknown_agency_suggests_nearest_names(office) -> None:  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung", "--alias", "Bawaslu Sijunjung")
    result = office.fails("agency", "show", "Bawaslu Sijunjng")
    assert "unknown agency 'Bawaslu Sijunjng'" in result.stderr
    assert "did you mean: Bawaslu Kabupaten Sijunjung" in result.stderr


def test_ambiguous_name_lists_candidates(office) -> None:  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "KPU Kabupaten Bekasi")
    office.ok("agency", "add", "KPU Kota Bekasi")
    result = office.fails("agency", "show", "KPU Bekasi")
    assert "ambiguous" in result.stderr
    assert "KPU Kabupaten Bekasi" in result.stderr and "KPU Kota Bekasi" in result.stderr
    # the exact name still finds one
    assert office.json("agency", "show", "KPU Kota Bekasi")["name"] == "KPU Kota Bekasi"


def test_duplicate_names_and_bad_values_are_refused(office) -> None:  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "Polres Sijunjung")
    assert "already used" in office.fails("agency", "add", "POLRES  sijunjung").stderr
    assert (
        "already used"
        in office.fails("agency", "add", "Polisi", "--alias", "Polres Sijunjung").stderr
    )
    assert (
        "unknown agency kind" in office.fails("agency", "add", "X", "--kind", "army", code=2).stderr
    )
    assert "unknown level" in office.fails("agency", "add", "X", "--level", "galaxy", code=2).stderr
    assert "region code" in office.fails("agency", "add", "X", "--region", "7322", code=2).stderr
    assert "unknown agency" in office.fails("agency", "add", "X", "--parent", "Nowhere").stderr


def test_edit_keeps_the_old_name_as_alias_and_remove_is_soft(office) -> None:  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "Kesbangpol Lutra")
    office.ok(
        "agency", "edit", "Kesbangpol Lutra", "--name", "Badan Kesbangpol Kabupaten Luwu Utara"
    )
    rec = office.json("agency", "show", "Kesbangpol Lutra")
    assert rec["name"] == "Badan Kesbangpol Kabupaten Luwu Utara"
    assert "Kesbangpol Lutra" in rec["aliases"]
    office.ok("agency", "remove", "Kesbangpol Lutra")
    office.fails("agency", "show", "Kesbangpol Lutra")
    import sqlite3

    row = (
        sqlite3.connect(office.db)
        .execute(
            "SELECT deleted_at FROM agency WHERE name = 'Badan Kesbangpol Kabupaten Luwu Utara'"
        )
        .fetchone()
    )
    assert row[0] is not None  # still there, marked deleted


def test_the_office_agency_cannot_be_removed(office) -> None:  # type: ignore[no-untyped-def]
    assert "own agency" in office.fails("agency", "remove", "KPU Sijunjung").stderr


def test_person_positions_over_time(office) -> None:  # type: ignore[no-untyped-def]
    pid = office.ok(
        "person",
        "add",
        "Bayu Agung Perdana",
        "--agency",
        "KPU Sijunjung",
        "--position",
        "Anggota",
        "--from",
        "1 Juli 2023",
    ).stdout.strip()
    office.ok(
        "person",
        "add",
        "Bayu Agung Perdana",
        "--agency",
        "KPU Sijunjung",
        "--position",
        "Plh Ketua",
        "--from",
        "1 Juli 2024",
    )
    rec = office.json("person", "show", pid)
    assert [p["title"] for p in rec["positions"]] == ["Plh Ketua", "Anggota"]
    listed = office.json("person", "list", "--agency", "KPU Sijunjung")
    assert listed[0]["title"] == "Plh Ketua"
    # without a terminal, a missing required option is an error, not a prompt
    assert (
        "--position is required"
        in office.fails("person", "add", "X", "--agency", "KPU Sijunjung", code=2).stderr
    )


def test_json_agency_list_is_valid_and_stable(office) -> None:  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "Polres Sijunjung")
    a = office.ok("agency", "list", "--json").stdout
    b = office.ok("agency", "list", "--json").stdout
    assert a == b
    assert {"id", "name", "aliases", "kind", "level", "region", "parent"} <= set(json.loads(a)[0])
