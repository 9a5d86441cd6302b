"""A weekday beside each listed day, and a weekday written after its date.

"Rabu, 20, Kamis, 21 dan Jumat, 22 Desember 2023" and "5 Juli 2024 (Jumat)" are how
invitations and reports write them; each weekday is checked against its own day.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpukoord.errors import DateError
from kpukoord.language import dates

WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
MONTH = MONTHS.split()
REF = dt.date(2026, 12, 7)


@given(
    start=st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 1)).filter(lambda d: d.day <= 25),
    n=st.integers(2, 4),
    joiner=st.sampled_from([", ", " "]),
    last=st.sampled_from([" dan ", ", ", ", dan "]),
)
def test_each_listed_day_with_its_weekday(start: dt.date, n: int, joiner: str, last: str) -> None:
    days = [start + dt.timedelta(days=k) for k in range(n)]
    parts = [f"{WEEKDAYS[d.weekday()]}{joiner}{d.day}" for d in days]
    text = ", ".join(parts[:-1]) + last + parts[-1] + f" {MONTH[start.month - 1]} {start.year}"
    parsed = dates.parse(text, ref=REF)
    assert (parsed.start, parsed.end) == (days[0], days[-1]), text


@given(start=st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 1)).filter(lambda d: d.day <= 25))
def test_a_wrong_weekday_inside_the_list_is_named(start: dt.date) -> None:
    second = start + dt.timedelta(days=1)
    wrong = WEEKDAYS[(second.weekday() + 1) % 7]
    text = (
        f"{WEEKDAYS[start.weekday()]}, {start.day} dan {wrong}, {second.day} "
        f"{MONTH[start.month - 1]} {start.year}"
    )
    with pytest.raises(DateError) as caught:
        dates.parse(text, ref=REF)
    assert f"not {wrong}" in str(caught.value)


def test_a_weekday_after_its_date() -> None:
    assert dates.parse("5 Juli 2024 (Jumat)", ref=REF).start == dt.date(2024, 7, 5)
    with pytest.raises(DateError, match="not Sabtu"):
        dates.parse("5 Juli 2024 (Sabtu)", ref=REF)
    with pytest.raises(DateError):
        dates.parse("20 Desember 2023 Rabu Kamis", ref=REF)  # two weekdays, one day


def test_a_weekday_after_several_days_is_refused_not_checked_against_one() -> None:
    """After one day it is that day's weekday; after several it could be any of them."""
    for text in ("5, 6 dan 7 Juli 2024 (Minggu)", "5, 6 dan 7 Juli 2024 (Jumat)",
                 "5-6 Juli 2024 (Sabtu)"):  # fmt: skip
        with pytest.raises(DateError):
            dates.parse(text, ref=REF)


@pytest.mark.parametrize(
    ("said", "clock"),
    [
        ("pukul 9", "09:00"),
        ("jam 9 pagi", "09:00"),
        ("Pk. 09.00 WITA", "09:00"),
        ("jam 2 siang", "14:00"),
        ("pukul 4 sore", "16:00"),
        ("pukul 7.30 malam", "19:30"),
        ("pukul 12 siang", "12:00"),
    ],
)
def test_an_hour_as_invitations_say_it(said: str, clock: str) -> None:
    """'pukul 9', 'jam 2 siang', 'Pk. 09.00': common in invitations (trial of issue 27)."""
    assert dates.parse(f"Senin, 7 Desember 2026 {said}", ref=REF).time == clock
