"""Position dates as written in KPU decrees and profiles: a year, a month, a periode (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpukoord.errors import KpuError
from kpukoord.records.people import position_dates


@pytest.mark.parametrize(
    ("from_text", "to_text", "expected"),
    [
        ("2018", None, ("2018-01-01", None)),
        ("Juni 2018", None, ("2018-06-01", None)),
        ("1 Juli 2024", None, ("2024-07-01", None)),
        # a periode sets both ends: the KPU kabupaten/kota commissioners of 2018-2023
        ("2018-2023", None, ("2018-01-01", "2023-12-31")),
        ("periode 2018 – 2023", None, ("2018-01-01", "2023-12-31")),
        ("2018 s.d 2023", None, ("2018-01-01", "2023-12-31")),
        # an explicit --to wins over the periode's end
        ("2018-2023", "Juni 2023", ("2018-01-01", "2023-06-30")),
        ("Juni 2018", "2023", ("2018-06-01", "2023-12-31")),
        (None, "24 Juni 2024", (None, "2024-06-24")),
    ],
)
def test_position_dates(
    from_text: str | None, to_text: str | None, expected: tuple[str | None, str | None]
) -> None:
    got = position_dates(from_text, to_text)
    assert tuple(d.isoformat() if isinstance(d, dt.date) else d for d in got) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("2023-2018", "ends (2018) before it starts (2023)"), ("tahun lalu", "cannot read date")],
)
def test_bad_position_dates(text: str, message: str) -> None:
    with pytest.raises(KpuError, match=message.replace("(", r"\(").replace(")", r"\)")):
        position_dates(text, None)


def test_person_add_with_a_periode(office) -> None:  # type: ignore[no-untyped-def]
    rec = office.json(
        "person",
        "add",
        "Bayu Agung Perdana",
        "--agency",
        "KPU Sijunjung",
        "--position",
        "Anggota",
        "--from",
        "2018-2023",
        "--json",
    )
    assert [(p["from"], p["to"]) for p in rec["positions"]] == [("2018-01-01", "2023-12-31")]
    rec = office.json(
        "person",
        "add",
        "Bayu Agung Perdana",
        "--agency",
        "KPU Sijunjung",
        "--position",
        "Plh Ketua",
        "--from",
        "Juli 2024",
        "--json",
    )
    assert ("2024-07-01", None) in [(p["from"], p["to"]) for p in rec["positions"]]
    before = office.json("person", "show", "Bayu Agung Perdana")
    failed = office.fails(
        "person", "add", "Bayu Agung Perdana", "--agency", "KPU Sijunjung",
        "--position", "Ketua", "--from", "2023-2018", code=2,
    )  # fmt: skip
    assert failed.stderr.startswith("error:") and "before it starts" in failed.stderr
    assert office.json("person", "show", "Bayu Agung Perdana") == before
