"""Recurring meetings: the weekly rakor is a series of planned occurrences.

A series keeps its recurrence as an RFC 5545 RRULE (dateutil's rrule), written
by the operator as an RRULE or in words: "setiap Senin", "every 2 weeks",
"Senin pertama setiap bulan". Planning creates one *planned* meeting per
occurrence; recording the meeting later marks that occurrence held.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kpukoord import agencies, meetings
from kpukoord.db import Database, Row
from kpukoord.errors import NotFound, UsageError
from kpukoord.ids import is_id_like

_DAYS = {
    "senin": "MO",
    "monday": "MO",
    "selasa": "TU",
    "tuesday": "TU",
    "rabu": "WE",
    "wednesday": "WE",
    "kamis": "TH",
    "thursday": "TH",
    "jumat": "FR",
    "friday": "FR",
    "sabtu": "SA",
    "saturday": "SA",
    "minggu": "SU",
    "ahad": "SU",
    "sunday": "SU",
}
_ORDINALS = {
    "pertama": 1,
    "first": 1,
    "kedua": 2,
    "second": 2,
    "ketiga": 3,
    "third": 3,
    "keempat": 4,
    "fourth": 4,
    "terakhir": -1,
    "last": -1,
}
_NUMBERS = {"dua": 2, "two": 2, "tiga": 3, "three": 3, "empat": 4, "four": 4}
MAX_OCCURRENCES = 200


def rule_from_words(text: str, start: dt.date) -> str:
    """An RRULE (without DTSTART) from an RRULE or from words; UsageError if unclear."""
    t = " ".join(text.lower().replace("'", "").replace("’", "").split())
    if t.upper().startswith(("FREQ=", "RRULE:")):
        rule = t.upper().removeprefix("RRULE:")
        _check(rule, start, text)
        return rule
    words = t.split()
    day = next((_DAYS[w] for w in words if w in _DAYS), None)
    ordinal = next((_ORDINALS[w] for w in words if w in _ORDINALS), None)
    interval = 1
    m = re.search(r"\b(\d+)\b", t)
    if m:
        interval = int(m.group(1))
    elif any(w in _NUMBERS for w in words):
        interval = next(_NUMBERS[w] for w in words if w in _NUMBERS)
    if "biweekly" in words or "dwimingguan" in words:
        interval = 2
    monthly = any(w in t for w in ("bulan", "month"))
    daily = any(w in words for w in ("hari", "harian", "daily", "day"))
    if monthly:
        if day and ordinal:
            rule = f"FREQ=MONTHLY;BYDAY={ordinal:+d}{day}"
        else:
            rule = f"FREQ=MONTHLY;BYMONTHDAY={start.day}"
    elif daily and not day:
        rule = "FREQ=DAILY"
    elif day or any(w in t for w in ("minggu", "week", "pekan")):
        rule = f"FREQ=WEEKLY;BYDAY={day or _weekday_code(start)}"
    else:
        raise UsageError(
            f"cannot read recurrence {text!r}: try 'setiap Senin', 'every 2 weeks', "
            "'Senin pertama setiap bulan' or an RRULE like FREQ=WEEKLY;BYDAY=MO"
        )
    if interval > 1:
        rule += f";INTERVAL={interval}"
    _check(rule, start, text)
    return rule


def _weekday_code(day: dt.date) -> str:
    return ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()]


def _check(rule: str, start: dt.date, text: str) -> None:
    from dateutil.rrule import rrulestr

    try:
        rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()))
    except (ValueError, TypeError) as exc:
        raise UsageError(f"cannot read recurrence {text!r}: {exc}") from None


def occurrences(
    rule: str, start: dt.date, *, until: dt.date | None, count: int | None
) -> list[dt.date]:
    from dateutil.rrule import rrulestr

    r: Any = rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()), forceset=False)
    out: list[dt.date] = []
    for occurrence in r:
        day = occurrence.date()
        if until and day > until:
            break
        out.append(day)
        if (count and len(out) >= count) or len(out) >= MAX_OCCURRENCES:
            break
    return out


def plan(
    db: Database,
    *,
    title: str,
    every: str,
    start: dt.date,
    until: dt.date | None = None,
    count: int | None = None,
    kind: str = "rakor",
    venue: str | None = None,
    time: str | None = None,
    timezone: str | None = None,
    host: str | None = None,
) -> tuple[str, list[str]]:
    """Create (or extend) a series and its planned occurrences; return (series id, meeting ids)."""
    if until and until < start:
        raise UsageError(f"--until {until} is before the first occurrence {start}")
    if not until and not count:
        raise UsageError("give --until DATE or --count N, so the series has an end")
    rule = rule_from_words(every, start)
    days = occurrences(rule, start, until=until, count=count)
    if not days:
        raise UsageError(f"{every!r} has no occurrence between {start} and {until}")
    kind = meetings.check_kind(kind)
    office = db.office()
    with db.atomic():
        existing = db.one(
            "SELECT * FROM series WHERE title = ? AND rule = ? AND deleted_at IS NULL",
            [title, rule],
        )
        if existing:  # extending a series: what was not given again is the series'
            venue = venue or existing["venue"]
            time = time or existing["start_time"]
            timezone = timezone or existing["timezone"]
        if host:
            host_id = agencies.find(db, host)["id"]
        else:
            host_id = existing["host_id"] if existing else office.get("agency_id")
        zone = timezone or (office.get("timezone") if time else None)
        series_id = (
            existing["id"]
            if existing
            else db.insert(
                "series",
                {
                    "title": title,
                    "kind": kind,
                    "rule": rule,
                    "description": every,
                    "venue": venue,
                    "start_time": time,
                    "timezone": zone,
                    "host_id": host_id,
                },
            )
        )
        writer = meetings.Writer(db)
        made = []
        for day in days:
            if db.one(
                "SELECT 1 FROM meeting WHERE series_id = ? AND start_date = ? AND deleted_at IS NULL",
                [series_id, day.isoformat()],
            ):
                continue  # planning again does not duplicate
            draft = meetings.Draft(
                title=title,
                kind=kind,
                start=day,
                end=day,
                status="planned",
                time=time,
                timezone=zone,
                venue=venue,
                host_id=host_id,
            )
            made.append(writer.add(draft, series_id=series_id))
        writer.flush()
    return series_id, made


def find(db: Database, text: str) -> Row:
    text = text.strip()
    if is_id_like(text) and len(text) >= 6:
        rows = db.query(
            "SELECT * FROM series WHERE id >= ? AND id < ? AND deleted_at IS NULL LIMIT 2",
            [text.upper(), text.upper() + "\uffff"],
        )
        if len(rows) == 1:
            return rows[0]
    rows = db.query(
        "SELECT * FROM series WHERE lower(title) = lower(?) AND deleted_at IS NULL", [text]
    )
    if len(rows) == 1:
        return rows[0]
    if rows:
        raise UsageError(f"several series are titled {text!r}; give the series id")
    raise NotFound(f"unknown series {text!r} (see 'kpukoord meeting list --status planned')")


def occurrence_on(db: Database, series_id: str, day: dt.date) -> Row | None:
    return db.one(
        "SELECT * FROM meeting WHERE series_id = ? AND start_date = ? AND deleted_at IS NULL",
        [series_id, day.isoformat()],
    )


def occurrences_of(db: Database, series_id: str) -> list[Row]:
    """The live meetings of a series, by date."""
    return db.query(
        "SELECT id, start_date FROM meeting WHERE series_id = ? AND deleted_at IS NULL "
        "ORDER BY start_date",
        [series_id],
    )
