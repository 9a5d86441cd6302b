"""What reading a date gives (:class:`ParsedDate`), the years a date may lie in,
today, stored ISO dates and ISO weeks."""

from __future__ import annotations

import datetime as dt
import os
import re

from kpukoord.errors import DateError
from kpukoord.language.i18n import _
from kpukoord.record import record


@record(frozen=True)
class ParsedDate:
    """How a date string was understood: a day or a span, with optional times."""

    start: dt.date
    end: dt.date
    time: str | None = None  # "09:00"
    timezone: str | None = None  # "WIB" | "WITA" | "WIT"
    end_time: str | None = None  # "16:00" ("pukul 08.00 s.d 16.00"); may be "24:00"
    weekday_ignored: str | None = None  # what a contradicting weekday said (--ignore-weekday)
    # one meeting on separate days ("21, 22 dan 25 Desember 2023"): every day, in order
    # (start and end are the first and the last); None for one day or an unbroken span
    days: tuple[dt.date, ...] | None = None
    # each day with its own time ("21 Desember pukul 09.00 dan 22 Desember pukul 13.00"):
    # (day, start, end) for every day; None when the days share the phrase's one time
    day_times: tuple[tuple[dt.date, str | None, str | None], ...] | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "time": self.time,
            "end_time": self.end_time,
            "timezone": self.timezone,
        }


# Every date a user gives lies in these years: an election record outside them is a
# typo, and far dates break what is computed from them (calendars, countdowns).
MIN_YEAR, MAX_YEAR = 1900, 2100


def in_bounds(day: dt.date, original: str) -> dt.date:
    """The day itself, or an error when it lies outside MIN_YEAR..MAX_YEAR."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DateError(
            _(
                "date {original!r} ({value0}) is outside {MIN_YEAR}–{MAX_YEAR}; is the year mistyped?"
            ).format(
                original=original, value0=day.isoformat(), MIN_YEAR=MIN_YEAR, MAX_YEAR=MAX_YEAR
            )
        )
    return day


def today() -> dt.date:
    """Today's date: env ``KPUKOORD_TODAY`` (YYYY-MM-DD) when set, else the local date."""
    fixed = os.environ.get("KPUKOORD_TODAY", "").strip()
    if fixed:
        try:
            day = dt.date.fromisoformat(fixed)
        except ValueError:
            raise DateError(
                _("KPUKOORD_TODAY={fixed!r} is not a YYYY-MM-DD date").format(fixed=fixed)
            ) from None
        return in_bounds(day, f"KPUKOORD_TODAY={fixed}")
    return dt.date.today()


def iso_date(value: str, what: str | None = None) -> dt.date:
    """A stored ISO date (used when reading files we wrote ourselves)."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DateError(
            _("{what} {value!r} is not a YYYY-MM-DD date").format(
                what=what or _("date"), value=value
            )
        ) from None
    return in_bounds(day, value)


# ---------------------------------------------------------------------------
# Weeks


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week containing day."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def parse_iso_week(text: str) -> dt.date:
    """'2024-W27' -> the Monday of that ISO week."""
    m = re.fullmatch(r"\s*(\d{4})-?[wW](\d{1,2})\s*", text)
    if not m:
        raise DateError(_("cannot read week {text!r}: write it as 2024-W27").format(text=text))
    try:
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise DateError(_("week {text!r} does not exist").format(text=text)) from None
    return in_bounds(monday, text)
