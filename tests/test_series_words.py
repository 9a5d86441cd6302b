"""Recurring meetings written in words (issue 15): each phrasing and the exact days it gives.

Holidays are Indonesia's national holidays and cuti bersama as the weekly report
lists them (the ``holidays`` package): Idul Fitri 1445 H was 10-11 April 2024 with
cuti bersama on 8, 9, 12 and 15 April; 17 August 2025 (a Sunday) had cuti bersama
on Monday 18 August.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpukoord.errors import UsageError
from kpukoord.records import series


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _days(*texts: str) -> list[dt.date]:
    return [_d(t) for t in texts]


# (words, first day, until, the days planned)
PHRASES = [
    # every week on the start's weekday (10 July 2024 is a Wednesday), not every Sunday
    ("setiap minggu", "2024-07-10", "2024-07-31", _days("2024-07-10", "2024-07-17", "2024-07-24", "2024-07-31")),
    ("tiap minggu", "2024-07-10", "2024-07-31", _days("2024-07-10", "2024-07-17", "2024-07-24", "2024-07-31")),
    ("setiap pekan", "2024-07-11", "2024-07-25", _days("2024-07-11", "2024-07-18", "2024-07-25")),
    ("seminggu sekali", "2024-07-05", "2024-07-19", _days("2024-07-05", "2024-07-12", "2024-07-19")),
    ("mingguan", "2024-07-05", "2024-07-19", _days("2024-07-05", "2024-07-12", "2024-07-19")),
    # Sundays only when the day is named as a day
    ("setiap hari Minggu", "2024-07-08", "2024-07-28", _days("2024-07-14", "2024-07-21", "2024-07-28")),
    ("setiap Ahad", "2024-07-08", "2024-07-28", _days("2024-07-14", "2024-07-21", "2024-07-28")),
    ("Sabtu dan Minggu", "2024-07-08", "2024-07-21", _days("2024-07-13", "2024-07-14", "2024-07-20", "2024-07-21")),
    ("setiap Senin", "2024-07-08", "2024-07-29", _days("2024-07-08", "2024-07-15", "2024-07-22", "2024-07-29")),
    ("setiap hari Senin", "2024-07-08", "2024-07-29", _days("2024-07-08", "2024-07-15", "2024-07-22", "2024-07-29")),
    ("setiap Senin dan Kamis", "2024-07-08", "2024-07-19", _days("2024-07-08", "2024-07-11", "2024-07-15", "2024-07-18")),
    ("Senin sampai Jumat", "2024-07-08", "2024-07-16", _days("2024-07-08", "2024-07-09", "2024-07-10", "2024-07-11", "2024-07-12", "2024-07-15", "2024-07-16")),
    ("Senin-Jumat", "2024-07-08", "2024-07-16", _days("2024-07-08", "2024-07-09", "2024-07-10", "2024-07-11", "2024-07-12", "2024-07-15", "2024-07-16")),
    # every two weeks
    ("dua minggu sekali", "2024-07-08", "2024-08-19", _days("2024-07-08", "2024-07-22", "2024-08-05", "2024-08-19")),
    ("setiap dua minggu", "2024-07-08", "2024-08-19", _days("2024-07-08", "2024-07-22", "2024-08-05", "2024-08-19")),
    ("tiap 2 minggu", "2024-07-08", "2024-08-19", _days("2024-07-08", "2024-07-22", "2024-08-05", "2024-08-19")),
    ("setiap Senin dua minggu sekali", "2024-07-08", "2024-08-05", _days("2024-07-08", "2024-07-22", "2024-08-05")),
    ("every 2 weeks", "2024-07-08", "2024-08-05", _days("2024-07-08", "2024-07-22", "2024-08-05")),
    ("every other week", "2024-07-08", "2024-08-05", _days("2024-07-08", "2024-07-22", "2024-08-05")),
    # working days: Monday to Friday without national holidays and cuti bersama
    ("setiap hari kerja", "2024-04-01", "2024-04-19", _days("2024-04-01", "2024-04-02", "2024-04-03", "2024-04-04", "2024-04-05", "2024-04-16", "2024-04-17", "2024-04-18", "2024-04-19")),
    ("tiap hari kerja", "2025-08-11", "2025-08-22", _days("2025-08-11", "2025-08-12", "2025-08-13", "2025-08-14", "2025-08-15", "2025-08-19", "2025-08-20", "2025-08-21", "2025-08-22")),
    # every day
    ("setiap hari", "2024-07-08", "2024-07-11", _days("2024-07-08", "2024-07-09", "2024-07-10", "2024-07-11")),
    ("selang sehari", "2024-07-08", "2024-07-14", _days("2024-07-08", "2024-07-10", "2024-07-12", "2024-07-14")),
    # a weekday of the month
    ("setiap Senin pertama", "2024-07-01", "2024-10-31", _days("2024-07-01", "2024-08-05", "2024-09-02", "2024-10-07")),
    ("Senin pertama setiap bulan", "2024-07-01", "2024-10-31", _days("2024-07-01", "2024-08-05", "2024-09-02", "2024-10-07")),
    ("setiap Jumat terakhir", "2024-07-01", "2024-09-30", _days("2024-07-26", "2024-08-30", "2024-09-27")),
    ("Rabu minggu kedua setiap bulan", "2024-07-01", "2024-09-30", _days("2024-07-10", "2024-08-14", "2024-09-11")),
    # 1 July 2024 is a Monday: the first week's Monday
    ("minggu pertama setiap bulan", "2024-07-01", "2024-09-30", _days("2024-07-01", "2024-08-05", "2024-09-02")),
    # a day of the month
    ("setiap tanggal 5", "2024-07-01", "2024-10-31", _days("2024-07-05", "2024-08-05", "2024-09-05", "2024-10-05")),
    ("setiap akhir bulan", "2024-01-01", "2024-04-30", _days("2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30")),
    ("setiap awal bulan", "2024-07-01", "2024-09-30", _days("2024-07-01", "2024-08-01", "2024-09-01")),
    ("sebulan sekali", "2024-07-15", "2024-10-31", _days("2024-07-15", "2024-08-15", "2024-09-15", "2024-10-15")),
    ("setiap bulan", "2024-07-15", "2024-09-30", _days("2024-07-15", "2024-08-15", "2024-09-15")),
    ("tiga bulan sekali", "2024-01-15", "2024-12-31", _days("2024-01-15", "2024-04-15", "2024-07-15", "2024-10-15")),
    ("setiap triwulan", "2024-01-15", "2024-12-31", _days("2024-01-15", "2024-04-15", "2024-07-15", "2024-10-15")),
    ("setiap tahun", "2024-02-14", "2026-12-31", _days("2024-02-14", "2025-02-14", "2026-02-14")),
]  # fmt: skip


@pytest.mark.parametrize(("words", "start", "until", "expected"), PHRASES)
def test_words_give_exactly_these_days(
    words: str, start: str, until: str, expected: list[dt.date]
) -> None:
    rule = series.rule_from_words(words, _d(start))
    got = series.occurrences(
        rule,
        _d(start),
        until=_d(until),
        count=None,
        skip_holidays=series.skips_holidays(words),
    )
    assert got == expected, rule


def test_table_has_twenty_phrasings() -> None:
    assert len({p[0] for p in PHRASES}) >= 20


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("dua kali seminggu", "name them"),
        ("kadang-kadang", "cannot read recurrence"),
        ("setiap 2", "cannot read recurrence"),
        ("setiap Senin setiap bulan", "cannot read recurrence"),
        ("setiap tanggal 32", "no day 32"),
        ("setiap rapat penting", "'penting' is not a word of a recurrence"),
    ],
)
def test_unclear_words_are_refused(words: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        series.rule_from_words(words, _d("2024-07-08"))


def test_plan_in_words_skips_holidays_for_working_days(office) -> None:  # type: ignore[no-untyped-def]
    out = office.json(
        "meeting",
        "plan",
        "--title",
        "Apel pagi",
        "--every",
        "setiap hari kerja",
        "--from",
        "1 April 2024",
        "--until",
        "19 April 2024",
    )
    planned = office.json("meeting", "list", "--status", "planned", "--from", "1/4/2024")
    days = sorted(m["start_date"] for m in planned if m["id"] in out["created"])
    expected = next(p[3] for p in PHRASES if p[0] == "setiap hari kerja")
    assert days == [d.isoformat() for d in expected]


_WORDS = st.sampled_from(
    "setiap tiap minggu hari Minggu Senin Jumat kerja dua 2 ² 400 sekali kali pertama terakhir "
    "bulan tanggal 5 32 akhir awal sampai - , dan tahun triwulan selang every other week".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=7).map(" ".join) | st.text(max_size=30))
def test_any_words_give_a_rule_or_a_usage_error(words: str) -> None:
    try:
        rule = series.rule_from_words(words, _d("2024-07-08"))
    except UsageError:
        return
    days = series.occurrences(rule, _d("2024-07-08"), until=_d("2025-07-08"), count=None)
    assert all(d >= _d("2024-07-08") for d in days)
