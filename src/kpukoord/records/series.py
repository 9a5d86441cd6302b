"""Recurring meetings: the weekly rakor is a series of planned occurrences.

A series keeps its recurrence as an RFC 5545 RRULE (dateutil's rrule), written
by the operator as an RRULE or in words: "setiap Senin", "setiap minggu" (every
week on the start's weekday), "dua minggu sekali", "setiap hari kerja" (Monday to
Friday without national holidays and cuti bersama), "setiap Senin pertama",
"every 2 weeks". Planning creates one *planned* meeting per
occurrence; recording the meeting later marks that occurrence held.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kpukoord.errors import NotFound, UsageError
from kpukoord.language.i18n import N_, _
from kpukoord.records import agencies, lookup, meetings
from kpukoord.store.db import Database, Row

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
    "minggu": "SU",  # only when it names the day: "hari Minggu", "Sabtu dan Minggu"
    "ahad": "SU",
    "sunday": "SU",
}
_WEEK_ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_ORDINALS = {
    "pertama": 1,
    "first": 1,
    "kesatu": 1,
    "kedua": 2,
    "second": 2,
    "ketiga": 3,
    "third": 3,
    "keempat": 4,
    "fourth": 4,
    "terakhir": -1,
    "last": -1,
}
_NUMBERS = {
    "satu": 1,
    "one": 1,
    "dua": 2,
    "two": 2,
    "tiga": 3,
    "three": 3,
    "empat": 4,
    "four": 4,
    "lima": 5,
    "enam": 6,
    "six": 6,
}
# words of a unit of time -> (FREQ, interval it implies)
_UNITS = {
    "hari": ("DAILY", 1),
    "harian": ("DAILY", 1),
    "sehari": ("DAILY", 1),
    "day": ("DAILY", 1),
    "days": ("DAILY", 1),
    "daily": ("DAILY", 1),
    "minggu": ("WEEKLY", 1),
    "mingguan": ("WEEKLY", 1),
    "seminggu": ("WEEKLY", 1),
    "pekan": ("WEEKLY", 1),
    "sepekan": ("WEEKLY", 1),
    "week": ("WEEKLY", 1),
    "weeks": ("WEEKLY", 1),
    "weekly": ("WEEKLY", 1),
    "dwimingguan": ("WEEKLY", 2),
    "biweekly": ("WEEKLY", 2),
    "bulan": ("MONTHLY", 1),
    "bulanan": ("MONTHLY", 1),
    "sebulan": ("MONTHLY", 1),
    "month": ("MONTHLY", 1),
    "months": ("MONTHLY", 1),
    "monthly": ("MONTHLY", 1),
    "triwulan": ("MONTHLY", 3),
    "triwulanan": ("MONTHLY", 3),
    "quarterly": ("MONTHLY", 3),
    "semester": ("MONTHLY", 6),
    "tahun": ("YEARLY", 1),
    "tahunan": ("YEARLY", 1),
    "setahun": ("YEARLY", 1),
    "year": ("YEARLY", 1),
    "years": ("YEARLY", 1),
    "yearly": ("YEARLY", 1),
    "annually": ("YEARLY", 1),
}
# words that carry no meaning of their own here
_GLUE = {
    "setiap",
    "tiap",
    "tiap-tiap",
    "sekali",
    "kali",
    "every",
    "each",
    "once",
    "a",
    "an",
    "per",
    "on",
    "the",
    "of",
    "in",
    "pada",
    "di",
    "dan",
    "and",
    "serta",
    "rapat",
    "rakor",
}
_RANGE = {"sampai", "hingga", "s.d", "s.d.", "s/d", "sd", "-", "to", "through"}
_WORKDAYS = "MO,TU,WE,TH,FR"
MAX_OCCURRENCES = 200


def rule_from_words(text: str, start: dt.date) -> str:
    """An RRULE (without DTSTART) from an RRULE or from words; UsageError if unclear.

    "setiap minggu" / "tiap minggu" is every week on the start's weekday; "setiap
    hari Minggu" is Sundays; "dua minggu sekali" every two weeks; "setiap hari kerja"
    Monday to Friday (:func:`occurrences` skips holidays for it, see
    :func:`skips_holidays`); "setiap Senin pertama" the first Monday of each month;
    "setiap tanggal 5" the 5th of each month; "setiap akhir bulan" its last day.
    """
    t = " ".join(text.lower().replace("'", "").replace("’", "").split())
    if t.upper().startswith(("FREQ=", "RRULE:")):
        rule = t.upper().removeprefix("RRULE:")
        _check(rule, start, text)
        return rule
    t = re.sub(r"\bs\s*[./]\s*d\b\.?", " sampai ", t)
    t = re.sub(r"(?<=[a-z0-9])\s*([,-])\s*(?=[a-z0-9])", r" \1 ", t)
    words = [w for w in re.split(r"[\s,]+", t) if w]
    if not words:
        raise _unclear(text)
    days: list[str] = []
    freq: str | None = None
    interval = 1
    ordinal: int | None = None
    monthday: int | None = None
    workdays = False
    number: int | None = None
    i = 0
    while i < len(words):
        w, prev = words[i], words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "minggu" and _names_sunday(words, i):
            days.append("SU")
        elif w in _DAYS and w != "minggu":
            if prev in _RANGE and days and i >= 2 and words[i - 2] in _DAYS:
                days.extend(_days_between(days[-1], _DAYS[w])[1:])  # "Senin sampai Jumat"
            else:
                days.append(_DAYS[w])
        elif w == "hari" and nxt in ("kerja", "kantor"):
            workdays = True
            i += 1
        elif w in ("weekday", "weekdays", "workday", "workdays"):
            workdays = True
        elif w in _ORDINALS:
            ordinal = _ORDINALS[w]
        elif w in ("tanggal", "tgl") and nxt.isascii() and nxt.isdigit():
            monthday = int(nxt)
            i += 1
        elif w in ("awal", "akhir") and nxt in ("bulan", "month"):
            monthday = 1 if w == "awal" else -1
            freq = "MONTHLY"
            i += 1
        elif (w.isascii() and w.isdigit()) or w in _NUMBERS:
            number = int(w) if w.isdigit() else _NUMBERS[w]
            if not 0 < number <= 366:
                raise UsageError(
                    _("cannot read recurrence {text!r}: {w} is not a usable interval").format(
                        text=text, w=w
                    )
                )
        elif w in ("other", "selang"):
            number = 2  # "every other week", "selang seminggu"
        elif w == "kali" and number is not None:
            raise UsageError(
                _(
                    "cannot read recurrence {text!r}: {number} times in a period leaves the days open; name them, e.g. 'setiap Senin dan Kamis'"
                ).format(text=text, number=number)
            )
        elif w in _UNITS:
            unit, implied = _UNITS[w]
            if unit == "WEEKLY" and ordinal is None and nxt in _ORDINALS:
                pass  # "minggu kedua": a week of the month, read with its ordinal
            elif unit == "DAILY" and (days or workdays or nxt in _DAYS):
                pass  # "setiap hari Senin": the day names the weekday
            else:
                freq = _coarser(freq, unit)
                if number is not None:
                    interval, number = number * implied, None
                elif implied > 1:
                    interval = implied
        elif w in ("biweekly",):
            freq, interval = "WEEKLY", 2
        elif w not in _GLUE and w not in _RANGE and w not in ("kerja", "kantor"):
            raise UsageError(
                _(
                    "cannot read recurrence {text!r}: {w!r} is not a word of a recurrence; "
                    "{examples}"
                ).format(text=text, w=w, examples=_(_EXAMPLES))
            )
        i += 1
    if number is not None:
        raise _unclear(text)  # a number with no unit: "setiap 2"

    if workdays:
        days = _WORKDAYS.split(",")
    byday = ",".join(sorted(set(days), key=_WEEK_ORDER.index))
    if monthday is not None:
        if not -1 <= monthday <= 31 or monthday == 0:
            raise UsageError(
                _("cannot read recurrence {text!r}: no day {monthday} in a month").format(
                    text=text, monthday=monthday
                )
            )
        rule = f"FREQ=MONTHLY;BYMONTHDAY={monthday}"
    elif ordinal is not None:
        if len(days) > 1:
            raise _unclear(text)
        rule = f"FREQ=MONTHLY;BYDAY={ordinal:+d}{days[0] if days else _weekday_code(start)}"
    elif freq == "MONTHLY":
        rule = f"FREQ=MONTHLY;BYMONTHDAY={start.day}"
    elif freq == "YEARLY":
        rule = f"FREQ=YEARLY;BYMONTH={start.month};BYMONTHDAY={start.day}"
    elif days:
        rule = f"FREQ=WEEKLY;BYDAY={byday}"
    elif freq == "WEEKLY":
        rule = f"FREQ=WEEKLY;BYDAY={_weekday_code(start)}"
    elif freq == "DAILY":
        rule = "FREQ=DAILY"
    else:
        raise _unclear(text)
    if days and freq in ("MONTHLY", "YEARLY") and ordinal is None and monthday is None:
        raise _unclear(text)  # "setiap Senin setiap bulan": which Monday?
    if interval > 1:
        rule += f";INTERVAL={interval}"
    _check(rule, start, text)
    return rule


_EXAMPLES = N_(
    "try 'setiap Senin', 'setiap minggu', 'dua minggu sekali', 'setiap hari kerja', "
    "'setiap Senin pertama', 'setiap tanggal 5', 'every 2 weeks' or an RRULE like "
    "FREQ=WEEKLY;BYDAY=MO"
)


def _unclear(text: str) -> UsageError:
    return UsageError(
        _("cannot read recurrence {text!r}: {EXAMPLES}").format(text=text, EXAMPLES=_(_EXAMPLES))
    )


def _names_sunday(words: list[str], i: int) -> bool:
    """'minggu' is Sunday after 'hari' or beside another day name, else a week."""
    prev = words[i - 1] if i else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if prev == "hari":
        return True
    if (
        nxt in _ORDINALS
        or nxt == "sekali"
        or prev in _NUMBERS
        or (prev.isascii() and prev.isdigit())
    ):
        return False  # "Senin minggu pertama", "Senin dua minggu sekali": weeks
    near = words[max(0, i - 2) : i] + words[i + 1 : i + 3]
    return any(w in _DAYS and w != "minggu" for w in near)


def _days_between(first: str, last: str) -> list[str]:
    a, b = _WEEK_ORDER.index(first), _WEEK_ORDER.index(last)
    return [_WEEK_ORDER[(a + k) % 7] for k in range((b - a) % 7 + 1)]


def _coarser(current: str | None, unit: str) -> str:
    order = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
    return unit if current is None or order.index(unit) > order.index(current) else current


def skips_holidays(text: str) -> bool:
    """Whether the words ask for working days ("setiap hari kerja"): holidays are skipped."""
    t = " ".join(text.lower().split())
    return bool(re.search(r"\bhari\s+(?:kerja|kantor)\b|\bweekdays?\b|\bworkdays?\b", t))


def _weekday_code(day: dt.date) -> str:
    return ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()]


def _check(rule: str, start: dt.date, text: str) -> None:
    from dateutil.rrule import rrulestr

    try:
        rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()))
    except (ValueError, TypeError) as exc:
        raise UsageError(
            _("cannot read recurrence {text!r}: {exc}").format(text=text, exc=exc)
        ) from None


def occurrences(
    rule: str,
    start: dt.date,
    *,
    until: dt.date | None,
    count: int | None,
    skip_holidays: bool = False,
) -> list[dt.date]:
    """The days of a rule from start; with skip_holidays, national holidays and cuti
    bersama (the weekly report's list) are left out."""
    from dateutil.rrule import rrulestr

    r: Any = rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()), forceset=False)
    out: list[dt.date] = []
    holidays: dict[int, set[str]] = {}
    for occurrence in r:
        day = occurrence.date()
        if until and day > until:
            break
        if skip_holidays:
            if day.year not in holidays:
                from kpukoord.timetables.workdays import holidays_of

                holidays[day.year] = {d for d, _ in holidays_of(day.year)}
            if day.isoformat() in holidays[day.year]:
                continue
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
        raise UsageError(
            _("--until {until} is before the first occurrence {start}").format(
                until=until, start=start
            )
        )
    if not until and not count:
        raise UsageError(_("give --until DATE or --count N, so the series has an end"))
    rule = rule_from_words(every, start)
    days = occurrences(rule, start, until=until, count=count, skip_holidays=skips_holidays(every))
    if not days:
        raise UsageError(
            _("{every!r} has no occurrence between {start} and {until}").format(
                every=every, start=start, until=until
            )
        )
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
    rows = lookup.by_id_prefix(db, "series", text)
    if len(rows) == 1:
        return rows[0]
    rows = db.query(
        "SELECT * FROM series WHERE lower(title) = lower(?) AND deleted_at IS NULL", [text]
    )
    if len(rows) == 1:
        return rows[0]
    if rows:
        raise UsageError(
            _("several series are titled {text!r}; give the series id").format(text=text)
        )
    raise NotFound(
        _("unknown series {text!r} (see 'kpukoord meeting list --status planned')").format(
            text=text
        )
    )


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
