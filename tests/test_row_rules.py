"""The rules of a stored row (kpukoord/rows.py): one set, asked by the write path,
merge and db check (issue 23). The quick per-column yes of merge's checker must
agree with the rules that say why."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Cli
from kpukoord.errors import KpuError
from kpukoord.store import rows

MEETING = [
    "id", "origin", "created_at", "updated_at", "deleted_at", "title", "kind", "status",
    "start_date", "end_date", "start_time", "timezone", "venue", "host_id", "chair", "notes",
    "source", "series_id", "revision", "end_time",
]  # fmt: skip
GOOD = {
    "id": "01M985RQG8FHJGVP8NH1XWP4XS",
    "origin": "01M985RQG8FHJGVP8NH1XWP4XT",
    "created_at": "2024-07-04T02:00:00.000Z",
    "updated_at": "2024-07-04T02:00:00.000Z",
    "deleted_at": None,
    "title": "Rakor pengawasan coklit",
    "kind": "rakor",
    "status": "held",
    "start_date": "2024-07-05",
    "end_date": "2024-07-05",
    "start_time": "09:00",
    "timezone": "WIB",
    "venue": "Aula KPU Kabupaten Sijunjung",
    "host_id": None,
    "chair": None,
    "notes": "Baris satu\nBaris dua",
    "source": "sijunjung.go.id",
    "series_id": None,
    "revision": 0,
    "end_time": None,
}

values = st.one_of(
    st.none(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=False),
    st.binary(max_size=8),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2024-02-29", "2023-02-29", "1899-12-31", "2101-01-01", "2024-7-5", "5/7/2024",
            "2024-07-04T02:00:00Z", "2024-07-04T25:00:00.000Z", "9999-12-31T00:00:00.000Z",
            "23:59", "24:00", "9:00", "WIB", "WITA", "UTC", "rakor", "pesta", "held", "done",
            "a\x1b[2Jb", "\u202eabc", "x" * 10_001, "baris\nbaru", "01M985RQG8FHJGVP8NH1XWP4XS",
        ]
    ),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(MEETING), values)
def test_the_quick_check_agrees_with_the_rules(column: str, value: Any) -> None:
    row = {**GOOD, column: value}
    quick = rows.checker("meeting", MEETING, ["title", "kind", "status", "start_date"])
    full = rows.row_problems("meeting", row, ["title", "kind", "status", "start_date"])
    assert quick(tuple(row[c] for c in MEETING)) == full
    assert bool(full) == (
        rows.problem("meeting", column, value) is not None
        or (value is None and column in ("title", "kind", "status", "start_date"))
        or (column in ("start_date", "end_date") and _ends_before(row))
    )


def _ends_before(row: dict[str, Any]) -> bool:
    a, b = row["start_date"], row["end_date"]
    return isinstance(a, str) and isinstance(b, str) and b < a


def test_a_good_row_has_no_problem() -> None:
    assert rows.row_problems("meeting", GOOD) == []
    assert rows.checker("meeting", MEETING)(tuple(GOOD[c] for c in MEETING)) == []


@pytest.mark.parametrize(
    ("column", "value", "why"),
    [
        ("title", b"\x00", "binary data (a BLOB), not text"),
        ("title", 5, "an integer, not text"),
        ("title", "x" * 10_001, "10001 characters, more than the 10000 allowed"),
        ("start_date", "2023-02-29", "not a date of the calendar"),
        ("start_date", "9999-12-31", "a year outside 1900–2100"),
        ("start_time", "25:00", "not a time as stored (HH:MM)"),
        ("timezone", "UTC", "unknown zone 'UTC'; known: WIB, WITA, WIT"),
        ("kind", "pesta", "unknown value 'pesta'; known: rakor"),
        ("updated_at", "zzzz", "not a UTC timestamp as stored"),
        ("revision", "1", "str, not an integer"),
    ],
)
def test_each_rule_says_why(column: str, value: Any, why: str) -> None:
    wrong = rows.problem("meeting", column, value)
    assert wrong is not None and wrong.startswith(why), wrong


def test_the_write_path_asks_the_same_rules(office: Cli) -> None:
    from kpukoord.store.db import Database

    db = Database(office.db)
    try:
        with pytest.raises(KpuError, match="timezone: unknown zone 'UTC'"):
            with db.atomic():
                db.insert("meeting", {**GOOD, "id": None, "timezone": "UTC"})
        with pytest.raises(KpuError, match="title: 10001 characters"):
            with db.atomic():
                db.update("meeting", "X", {"title": "x" * 10_001})
    finally:
        db.close()
    assert office.json("meeting", "list") == []
