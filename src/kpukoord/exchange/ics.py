"""iCalendar export (RFC 5545): stages, meetings and follow-ups written as the rows are
read; UIDs from our ids, so that calendars update events instead of adding new ones."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from typing import Any, TextIO

from kpukoord.exchange.tables import _keyset
from kpukoord.language.i18n import _
from kpukoord.records import meetings
from kpukoord.store.db import Database, Row
from kpukoord.timetables import schedules, stages


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _stage_sourced(s: Any) -> str:
    """The confidence and the sources of a stage in words, each source by its address."""
    from kpukoord.views.vocabulary import sourced

    where = json.loads(s["schedule_sources"] or "{}")
    return sourced(s["confidence"], [where.get(code, code) for code in json.loads(s["sources"])])


def timed_span(
    first: dt.date, final: dt.date, start: str, end: str | None, zone: dt.tzinfo | None = None
) -> tuple[dt.datetime, dt.datetime]:
    """A timed meeting's start and end: its own end time when known ("s.d 16.00"; "24.00"
    and an end before the start run past midnight), else 17.00 on the last day of a
    meeting of several days, else two hours."""
    h, mi = (int(x) for x in start.split(":"))
    begin = dt.datetime(first.year, first.month, first.day, h, mi, tzinfo=zone)
    if end:
        eh, emi = (int(x) for x in end.split(":"))
        finish = dt.datetime(final.year, final.month, final.day, tzinfo=zone) + dt.timedelta(
            hours=eh, minutes=emi
        )
        if finish <= begin:
            finish += dt.timedelta(days=1)
        return begin, finish
    if final > first:
        return begin, dt.datetime(final.year, final.month, final.day, 17, 0, tzinfo=zone)
    return begin, begin + dt.timedelta(hours=2)


_ICS_SPECIAL = re.compile(r"[\\;,\n\r]")


def _ics_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newlines escaped."""
    if not _ICS_SPECIAL.search(value):
        return value
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    if len(line) <= 75 and line.isascii():
        return line + "\r\n"
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    # an index into the bytes, never a slice of what is left: slicing the rest
    # again at every line made a 4 MB title quadratic (issue 23)
    parts, start, end = [], 0, len(data)
    size = 75  # continuation lines start with a space: 74 octets after the first
    while start < end:
        cut = min(start + size, end)
        while cut < end and (data[cut] & 0xC0) == 0x80:  # continuation byte
            cut -= 1
        parts.append(data[start:cut].decode("utf-8"))
        start, size = cut, 74
    return "\r\n ".join(parts) + "\r\n"


def _ics_date(day: str) -> str:
    return day.replace("-", "")


@functools.lru_cache(maxsize=4096)
def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat().replace("-", "")


def _event_status(m: Any) -> str:
    if m["deleted_at"] or m["status"] == "cancelled":
        return "CANCELLED"
    return "CONFIRMED" if m["status"] == "held" else "TENTATIVE"


def _todo_status(a: Any) -> str:
    if a["deleted_at"] or a["status"] == "cancelled":
        return "CANCELLED"
    return "COMPLETED" if a["status"] == "done" else "NEEDS-ACTION"


# Indonesia's zones have had fixed offsets since 1988 (no daylight saving), so each
# VTIMEZONE is one STANDARD rule, as icalendar derives it from zoneinfo.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    "TZNAME:{name}\r\nTZOFFSETFROM:+{hours:02d}00\r\nTZOFFSETTO:+{hours:02d}00\r\n"
    "END:STANDARD\r\nEND:VTIMEZONE\r\n"
)


def _meeting_events(
    m: Any,
) -> list[tuple[str, dt.date, dt.date, str | None, str | None]]:
    """A meeting's calendar events as (UID, first day, last day, start, end time): one
    event, or one per day for a meeting on separate days and for a timed meeting of
    several days ("pukul 14.00 s.d 17.00" on two days is two afternoons, not 27 hours),
    each day at its own time when it has one."""
    first, final = dt.date.fromisoformat(m["start_date"]), dt.date.fromisoformat(m["end_date"])
    if not m["days"] and (first == final or not m["start_time"]):
        return [(f"{m['id']}-meeting@kpukoord", first, final, m["start_time"], m["end_time"])]
    entries = meetings.day_entries(
        {k: m[k] for k in ("start_date", "end_date", "start_time", "end_time", "days")}
    )
    return [
        (f"{m['id']}-{e['date'].replace('-', '')}-meeting@kpukoord",
         dt.date.fromisoformat(e["date"]), dt.date.fromisoformat(e["date"]),
         e["time"], e["end_time"])
        for e in entries
    ]  # fmt: skip


def _meeting_event(
    w: Callable[[str], Any], m: Any, uid: str, stamp: str, when: str, host_label: str
) -> None:
    w(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{stamp}\r\n"
        + _fold(f"SUMMARY:{_ics_text(m['title'])}")
        + when
        + f"SEQUENCE:{m['revision']}\r\n"
        + (_fold(f"LOCATION:{_ics_text(m['venue'])}") if m["venue"] else "")
        + f"STATUS:{_event_status(m)}\r\n"
        + _fold(f"CATEGORIES:rapat,{_ics_text(m['kind'])}")
        + (_fold(f"DESCRIPTION:{_ics_text(host_label + m['host'])}") if m["host"] else "")
        + "END:VEVENT\r\n"
    )


def write_ics(
    db: Database,
    out: TextIO,
    *,
    with_stages: bool,
    with_meetings: bool,
    with_actions: bool,
    schedule: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    all_regions: bool = False,
) -> None:
    """RFC 5545, written as the rows are read (batches by id): all-day stages and
    meetings (exclusive DTEND), timed meetings in their zone with its VTIMEZONE,
    follow-ups as VTODO; UIDs from our ids, SEQUENCE from each record's revision.

    Meetings and follow-ups that were cancelled or removed are written too, as
    STATUS:CANCELLED with their raised SEQUENCE: a calendar that imported them earlier
    then drops them, instead of keeping a meeting that will not happen.

    Written directly rather than through the icalendar package, which built the whole
    calendar in memory (12 GB and 305 s for a national database); the tests read the
    output back with icalendar.
    """
    from kpukoord.language.dates import TIMEZONES

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lo = (start or dt.date.min).isoformat()
    hi = (end or dt.date.max).isoformat()
    w = out.write
    w("BEGIN:VCALENDAR\r\nPRODID:-//kpukoord//Koordinasi KPU//ID\r\nVERSION:2.0\r\n")
    w("X-WR-CALNAME:kpukoord\r\n")

    def prop(name: str, value: str) -> None:
        w(_fold(f"{name}:{value}"))

    if with_meetings:  # the zones of timed meetings first, so clients meet them before use
        office_zone = db.office().get("timezone") or "WIB"
        zones = {
            r["zone"]
            for r in db.query(
                "SELECT DISTINCT coalesce(timezone, ?) AS zone FROM meeting "
                "WHERE start_time IS NOT NULL",
                [office_zone],
            )
        }
        for zone in sorted(zones, key=lambda z: TIMEZONES[z][1]):
            tzid, hours = TIMEZONES[zone]
            w(_VTIMEZONE.format(tzid=tzid, name=zone, hours=hours))
    if with_stages:
        params: list[Any] = [hi, lo]
        sql = (
            "SELECT s.*, c.code AS schedule, c.title AS schedule_title, "
            "c.status AS schedule_status, c.sources AS schedule_sources, c.signed AS signed "
            "FROM stage s JOIN schedule c ON c.id = s.schedule_id WHERE s.deleted_at IS NULL "
            "AND c.deleted_at IS NULL AND ((coalesce(s.start_date, s.end_date) IS NOT NULL "
            "AND coalesce(s.start_date, '0000-01-01') <= ? "
            "AND coalesce(s.end_date, s.start_date) >= ?) OR s.recurs IS NOT NULL)"
        )
        if schedule:
            schedules.find(db, schedule)
            sql += " AND c.code = ?"
            params.append(schedule)
        # the office's region only, unless a schedule is asked for by name
        codes = None if schedule else schedules.office_codes(db, all_regions)
        if codes is not None:
            sql += f" AND c.code IN ({', '.join('?' for _code in codes) or 'NULL'})"
            params += sorted(codes)
        rows: list[Row] = []
        for s in db.query(sql + " ORDER BY coalesce(s.start_date, s.end_date), s.seq", params):
            if not s["recurs"]:
                rows.append(s)
                continue
            # each occurrence in the window (expected ones derived, marked)
            for occ in stages.occurrences(db, s, start, end):
                rows.append(stages.as_row(s, occ))
        rows.sort(key=lambda r: r["start_date"] or r["end_date"] or "")  # stable: seq within a day
        for s in rows:
            occurrence = s.get("occurrence")
            marks = [
                m
                for m, on in (
                    (_("expected"), s.get("expected")),
                    (_("draft"), s["schedule_status"] == "draft"),
                )
                if on
            ]
            name = f"{s['name']}, {', '.join(marks)}" if marks else s["name"]
            span = stages.days(_iso(s["start_date"]), _iso(s["end_date"]), _iso(s.get("signed")))
            if span is None:
                continue
            first, last = span
            w("BEGIN:VEVENT\r\n")
            # an occurrence keeps its UID when confirmed: the calendar moves the event
            prop(
                "UID",
                f"{s['id']}-{occurrence}-stage@kpukoord"
                if occurrence
                else f"{s['id']}-stage@kpukoord",
            )
            prop("DTSTAMP", stamp)
            prop("SUMMARY", _ics_text(f"{name} ({s['schedule']})"))
            # the days of stages.days(): an open start runs from the regulation's date
            prop("DTSTART;VALUE=DATE", _ics_date(first.isoformat()))
            prop("DTEND;VALUE=DATE", _next_day(last.isoformat()))  # exclusive
            prop(
                "SEQUENCE",
                str(
                    s["revision"] + (0 if s.get("expected", True) else 1)
                    if occurrence
                    else s["revision"]
                ),
            )
            prop("CATEGORIES", f"tahapan,{_ics_text(s['schedule'])}")
            prop(
                "DESCRIPTION",
                _ics_text(f"{s['schedule_title']} — {_stage_sourced(s)}"),
            )
            prop("TRANSP", "TRANSPARENT")
            w("END:VEVENT\r\n")
    if with_meetings:
        host_label = _("Host: ")  # in the language in force, once
        # "+" keeps the date terms off their indexes: the batches walk the id order
        for rows in _keyset(
            db,
            "SELECT m.*, h.name AS host FROM meeting m LEFT JOIN agency h ON h.id = m.host_id "
            "WHERE +m.start_date <= ? AND +m.end_date >= ?",
            [hi, lo],
            "m",
            raw=True,
        ):
            for m in rows:
                for uid, first, final, begins, ends in _meeting_events(m):
                    if begins:
                        tzid = TIMEZONES[m["timezone"] or office_zone][0]
                        begin, finish = timed_span(first, final, begins, ends)
                        when = (
                            f"DTSTART;TZID={tzid}:{begin:%Y%m%dT%H%M%S}\r\n"
                            f"DTEND;TZID={tzid}:{finish:%Y%m%dT%H%M%S}\r\n"
                        )
                    else:
                        when = (
                            f"DTSTART;VALUE=DATE:{_ics_date(first.isoformat())}\r\n"
                            f"DTEND;VALUE=DATE:{_next_day(final.isoformat())}\r\n"
                        )
                    _meeting_event(w, m, uid, stamp, when, host_label)
    if with_actions:
        for rows in _keyset(
            db,
            "SELECT x.*, coalesce(a.name, x.owner_group) AS owner FROM action x "
            "LEFT JOIN agency a ON a.id = x.owner_id "
            "WHERE (x.due_date IS NULL OR (+x.due_date >= ? AND +x.due_date <= ?))",
            [lo, hi],
            "x",
            raw=True,
        ):
            for a in rows:
                w(
                    f"BEGIN:VTODO\r\nUID:{a['id']}-action@kpukoord\r\nDTSTAMP:{stamp}\r\n"
                    + _fold(f"SUMMARY:{_ics_text(a['text'] + ' (' + a['owner'] + ')')}")
                    + (f"DUE;VALUE=DATE:{_ics_date(a['due_date'])}\r\n" if a["due_date"] else "")
                    + f"SEQUENCE:{a['revision']}\r\n"
                    + f"STATUS:{_todo_status(a)}\r\n"
                    + (
                        f"COMPLETED:{_ics_date(a['done_date'])}T000000Z\r\n"
                        if a["done_date"]
                        else ""
                    )
                    + "END:VTODO\r\n"
                )
    w("END:VCALENDAR\r\n")
