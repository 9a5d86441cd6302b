"""Exchange with other tools: JSON/CSV export, meeting import, iCalendar export.

Exports carry every field and stable ids, so a re-import updates instead of
duplicating, and calendars update events instead of adding new ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from kpukoord import agencies, meetings, schedules, stages
from kpukoord.db import Database
from kpukoord.errors import FileProblems, KpuError, UsageError

TABLES = ("meetings", "actions", "agencies", "stages")
SEP = " | "  # joins list items inside one CSV cell
# The CSV columns: the meeting record's fields (host_id is implied by host).
MEETING_COLUMNS = [k for k in meetings.RECORD_KEYS if k != "host_id"]


def records(db: Database, table: str) -> list[dict[str, Any]]:
    """Every live record of a table, as the JSON export writes it."""
    from kpukoord import actions as actions_mod

    if table == "meetings":
        rows = db.query(
            "SELECT m.*, h.name AS host FROM meeting m LEFT JOIN agency h ON h.id = m.host_id "
            "WHERE m.deleted_at IS NULL ORDER BY m.start_date, m.id"
        )
        out: list[dict[str, Any]] = []
        for i in range(0, len(rows), 500):
            out += meetings.records(db, rows[i : i + 500])
        return out
    if table == "actions":
        return [actions_mod.record(r) for r in actions_mod.list_rows(db, mode="all")]
    if table == "agencies":
        return [agencies.record(db, r) for r in agencies.list_rows(db)]
    if table == "stages":
        rows = db.query(
            "SELECT s.*, c.code AS schedule FROM stage s JOIN schedule c ON c.id = s.schedule_id "
            "WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY c.code, s.seq"
        )
        return [{**stages.item(r), "kind": r["kind"], "note": r["note"]} for r in rows]
    raise UsageError(f"unknown table {table!r}; choose from: {', '.join(TABLES)}")


# Spreadsheets run a cell that starts with one of these as a formula (CSV injection):
# such a cell is written with a leading apostrophe, and so is a cell that itself starts
# with an apostrophe, so that reading removes exactly one and gives the text back.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _neutral(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _restore(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] and cell[1:2] in _FORMULA_START else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return _neutral(json.dumps(value, ensure_ascii=False))
    return _neutral(str(value))


def _join(items: list[str]) -> str:
    """List items in one cell: ' | ' between them, '|', ';' and '\\' inside escaped."""
    return SEP.join(items)


def meeting_csv_row(m: dict[str, Any]) -> list[str]:
    """A meeting record as a CSV row of :data:`MEETING_COLUMNS`."""
    row = dict(m)
    row["attendees"] = _join([meetings.attendee_spec(a) for a in m["attendees"]])
    row["decisions"] = _join([meetings.escape_part(d) for d in m["decisions"]])
    row["actions"] = _join([meetings.action_spec(a) for a in m["actions"]])
    row["stages"] = _join([meetings.escape_part(s["ref"]) for s in m["stages"]])
    row["regulations"] = _join([meetings.escape_part(r) for r in m["regulations"]])
    return [_cell(row.get(c)) for c in MEETING_COLUMNS]


def to_csv(table: str, recs: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if table == "meetings":
        w.writerow(MEETING_COLUMNS)
        for m in recs:
            w.writerow(meeting_csv_row(m))
        return buf.getvalue()
    if not recs:
        return ""
    cols = list(recs[0])
    w.writerow(cols)
    for r in recs:
        w.writerow([_cell(r.get(c)) for c in cols])
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Import


# A cell may be as long as the largest text the tool itself exports.
csv.field_size_limit(64 * 1024 * 1024)

_SHEET_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp][Mm])?\s*$")


def _sheet_time(value: str) -> str:
    """A time as spreadsheets save it ('09:00:00', '9:00 AM') as 'HH:MM'; else unchanged."""
    m = _SHEET_TIME.match(value)
    if not m or (m[3] and m[3] != "00"):
        return value
    hour = int(m[1])
    if m[4]:
        if not 1 <= hour <= 12:
            return value
        hour = hour % 12 + (12 if m[4].lower() == "pm" else 0)
    return f"{hour:02d}:{m[2]}"


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in reader.fieldnames:
        raise FileProblems([f"{name}:1: a meetings CSV needs a header row with at least 'title'"])
    unknown = [f for f in reader.fieldnames if f and f not in MEETING_COLUMNS and f != "date"]
    if unknown:
        raise FileProblems([f"{name}:1: unknown column(s): {', '.join(unknown)}"])
    line = 1
    for row in reader:
        start_line = line + 1
        line = reader.line_num
        raw: dict[str, Any] = {}
        for k, v in row.items():
            if k is None:
                raise FileProblems([f"{name}:{start_line}: more cells than columns"])
            if v is None or v == "":
                continue
            v = _restore(v)
            if k in ("attendees", "decisions", "actions", "stages", "regulations"):
                raw[k] = _split_list(v, k)
            elif k == "start_time":
                raw[k] = _sheet_time(v)
            else:
                raw[k] = v
        yield start_line, raw


def _split_list(cell: str, column: str) -> list[Any]:
    """A list cell's items; attendee and action items stay specs (split again later)."""
    if column in ("attendees", "actions"):
        # keep each item's own escapes: the spec parser splits it on unescaped ';'
        items = _split_keeping_escapes(cell)
    else:
        items = meetings.split_escaped(cell, "|")
    return [p.strip() for p in items if p.strip()]


def _split_keeping_escapes(cell: str) -> list[str]:
    """Split on unescaped '|' but leave escapes in place."""
    parts, buf, i = [], [], 0
    while i < len(cell):
        if cell[i] == "\\" and i + 1 < len(cell):
            buf.append(cell[i : i + 2])
            i += 2
            continue
        if cell[i] == "|":
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(cell[i])
        i += 1
    parts.append("".join(buf))
    return parts


def _check_duplicate(
    db: Database,
    writer: meetings.Writer,
    draft: meetings.Draft,
    where: str,
    keys: dict[tuple[str, str, str], str],
) -> None:
    """A row without an id that repeats a stored meeting (or an earlier row): same
    day, host and title. Re-importing an export whose ids were dropped would
    otherwise double every meeting without a word."""
    from kpukoord.ids import short

    assert draft.start is not None and draft.title
    host_id = (
        writer.agencies([(draft.host, where)])[draft.host]["id"]
        if draft.host
        else writer.office.get("agency_id")
    )
    key = (draft.start.isoformat(), str(host_id), draft.title)
    hint = "give the row its id to update that meeting, or use --allow-duplicates"
    if key in keys:
        raise KpuError(f"same day, host and title as {keys[key]}: a duplicate? ({hint})")
    found = db.one(
        "SELECT id FROM meeting WHERE start_date = ? AND host_id IS ? AND title = ? "
        "AND deleted_at IS NULL LIMIT 1",
        list(key),
    )
    if found:
        raise KpuError(
            f"meeting {short(found['id'])} has the same day, host and title: "
            f"likely a duplicate ({hint})"
        )
    keys[key] = where


def _json_rows(text: str, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Records of a JSON array with the line each starts on (raw_decode per element)."""
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if not text[pos : pos + 1] == "[":
        raise FileProblems([f"{name}:1: a JSON import must be an array of meetings"])
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            raise FileProblems(
                [f"{name}:{text.count(chr(10), 0, pos) + 1}: the array is not closed"]
            )
        if text[pos] == "]":
            return
        line = text.count("\n", 0, pos) + 1
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise FileProblems([f"{name}:{exc.lineno}: JSON syntax: {exc.msg}"]) from None
        yield line, value


def _yaml_rows(text: str, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    from kpukoord import yamlfile

    doc = yamlfile.load(text, name)
    items = doc.data if isinstance(doc.data, list) else [doc.data]
    for i, item in enumerate(items):
        yield (doc.line(i) if isinstance(doc.data, list) else 1), item


def read_rows(text: str, name: str, fmt: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    fmt = fmt or (name.rsplit(".", 1)[-1].lower() if "." in name else "")
    if fmt not in ("csv", "json", "yaml", "yml"):
        stripped = text.lstrip()
        fmt = (
            "json"
            if stripped.startswith("[")
            else ("csv" if "," in text.split("\n", 1)[0] else "yaml")
        )
    if fmt == "csv":
        return _csv_rows(text, name)
    if fmt == "json":
        return _json_rows(text, name)
    return _yaml_rows(text, name)


def import_meetings(
    db: Database,
    text: str,
    name: str,
    *,
    fmt: str | None = None,
    skip_invalid: bool = False,
    new_agencies: bool = False,
    allow_duplicates: bool = False,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Insert new rows, update rows whose id exists, report bad rows as file:line.

    All-or-nothing unless skip_invalid: then the good rows go in and the bad are reported.
    """
    problems: list[str] = []
    unknown: set[str] = set()
    inserted = updated = unchanged = 0
    with db.atomic():
        existing_ids: set[str] = set()
        keys: dict[tuple[str, str, str], str] = {}
        writer = meetings.Writer(db, new_agencies=new_agencies)
        for n, (line, raw) in enumerate(read_rows(text, name, fmt), 1):
            if progress and n % 500 == 0:
                progress(n)
            where = f"{name}:{line}"
            try:
                with db.atomic():  # a savepoint per row: a bad row leaves no trace
                    result = _import_row(
                        db, writer, raw, where, existing_ids, None if allow_duplicates else keys
                    )
                if result == "inserted":
                    inserted += 1
                elif result == "updated":
                    updated += 1
                else:
                    unchanged += 1
            except FileProblems as exc:
                # one line per bad row; the hint about unknown agencies comes once, last
                problems += [p for p in exc.problems if p.startswith(where)]
                unknown.update(_unknown_names(exc.problems))
            except KpuError as exc:
                problems.append(f"{where}: {exc}")
        hint = []
        if unknown:
            hint = [
                f"unknown agencies: {', '.join(sorted(unknown))} (add them with "
                "'kpukoord agency add', or pass --new-agencies to create them)"
            ]
        if problems and not skip_invalid:
            raise FileProblems(problems + hint)
        writer.flush()
        problems += hint
    return {
        "inserted": inserted,
        "updated": updated,
        "unchanged": unchanged,
        "skipped": len(problems) - len(hint),
        "problems": problems,
    }


def _unknown_names(problems: list[str]) -> set[str]:
    import re

    found = {name for p in problems for name in re.findall(r"unknown agency '([^']+)'", p)}
    for p in problems:  # "unknown agencies: A, B (A: did you mean ...?) (add them ...)"
        if m := re.search(r"unknown agencies: (.+?) \(", p):
            found.update(m.group(1).split(", "))
    return found


def _import_row(
    db: Database,
    writer: meetings.Writer,
    raw: Any,
    where: str,
    seen: set[str],
    keys: dict[tuple[str, str, str], str] | None,
) -> str:
    if not isinstance(raw, dict):
        raise KpuError("a meeting must be a mapping of fields")
    raw = {k: v for k, v in raw.items() if k not in meetings.COMPUTED_KEYS}
    ident = meetings.file_id(db, raw.pop("id", None), "")
    if ident:
        if ident in seen:
            raise KpuError(f"id {ident} appears twice in this file")
        seen.add(ident)
    if "attendees" in raw and isinstance(raw["attendees"], list):
        raw["attendees"] = [
            {k: a.get(k) for k in ("agency", "person", "position") if a.get(k)}
            if isinstance(a, dict)
            else a
            for a in raw["attendees"]
        ]
    if "actions" in raw and isinstance(raw["actions"], list):
        raw["actions"] = [
            {
                "text": a.get("text"),
                "owner": a.get("owner"),
                "due": a.get("due_date") or a.get("due"),
            }
            if isinstance(a, dict)
            else a
            for a in raw["actions"]
        ]
    if "stages" in raw and isinstance(raw["stages"], list):
        raw["stages"] = [s.get("ref") if isinstance(s, dict) else s for s in raw["stages"]]
    start_time = raw.pop("start_time", None)  # the export's name for 'time'
    if start_time:
        raw["time"] = start_time
    row = db.get("meeting", ident) if ident else None
    draft = meetings.draft_from_raw(raw, lambda *p: where)
    if row is None:
        if not ident and keys is not None:
            _check_duplicate(db, writer, draft, where, keys)
        writer.add(draft, id=ident)  # queued; written in batches
        return "inserted"
    current = meetings.record(db, row)
    if meetings.same(current, draft):
        return "unchanged"
    writer.update(row, draft, replace=True)
    return "updated"


# ---------------------------------------------------------------------------
# iCalendar


def timed_span(
    first: dt.date, final: dt.date, start: str, end: str | None, zone: dt.tzinfo
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


def ics(
    db: Database,
    *,
    with_stages: bool,
    with_meetings: bool,
    with_actions: bool,
    schedule: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    all_regions: bool = False,
) -> bytes:
    """RFC 5545: all-day stages and meetings (exclusive DTEND), timed meetings in the
    office's zone with VTIMEZONE, follow-ups as VTODO; UIDs from our ids, SEQUENCE from
    each record's revision."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, Todo

    from kpukoord.dates import TIMEZONES

    cal = Calendar()
    cal.add("prodid", "-//kpukoord//Koordinasi KPU//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "kpukoord")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    lo = (start or dt.date.min).isoformat()
    hi = (end or dt.date.max).isoformat()

    def uid(kind: str, ident: str) -> str:
        return f"{ident}-{kind}@kpukoord"

    if with_stages:
        params: list[Any] = [hi, lo]
        sql = (
            "SELECT s.*, c.code AS schedule, c.title AS schedule_title FROM stage s "
            "JOIN schedule c ON c.id = s.schedule_id WHERE s.deleted_at IS NULL "
            "AND c.deleted_at IS NULL AND s.start_date IS NOT NULL AND s.start_date <= ? "
            "AND coalesce(s.end_date, s.start_date) >= ?"
        )
        if schedule:
            schedules.find(db, schedule)
            sql += " AND c.code = ?"
            params.append(schedule)
        # the office's region only, unless a schedule is asked for by name
        codes = None if schedule else schedules.office_codes(db, all_regions)
        if codes is not None:
            sql += f" AND c.code IN ({', '.join('?' for _ in codes) or 'NULL'})"
            params += sorted(codes)
        for s in db.query(sql + " ORDER BY s.start_date, s.seq", params):
            ev = Event()
            ev.add("uid", uid("stage", s["id"]))
            ev.add("dtstamp", stamp)
            ev.add("summary", f"{s['name']} ({s['schedule']})")
            ev.add("dtstart", dt.date.fromisoformat(s["start_date"]))
            last = dt.date.fromisoformat(s["end_date"] or s["start_date"])
            ev.add("dtend", last + dt.timedelta(days=1))  # exclusive
            ev.add("sequence", s["revision"])
            ev.add("categories", ["tahapan", s["schedule"]])
            ev.add(
                "description",
                f"{s['schedule_title']} — confidence {s['confidence']}; "
                f"sources {', '.join(json.loads(s['sources']))}",
            )
            ev.add("transp", "TRANSPARENT")
            cal.add_component(ev)
    if with_meetings:
        office_zone = db.office().get("timezone") or "WIB"
        rows = db.query(
            "SELECT m.*, h.name AS host FROM meeting m LEFT JOIN agency h ON h.id = m.host_id "
            "WHERE m.deleted_at IS NULL AND m.status != 'cancelled' AND m.start_date <= ? "
            "AND m.end_date >= ? ORDER BY m.start_date",
            [hi, lo],
        )
        for m in rows:
            ev = Event()
            ev.add("uid", uid("meeting", m["id"]))
            ev.add("dtstamp", stamp)
            ev.add("summary", m["title"])
            first = dt.date.fromisoformat(m["start_date"])
            final = dt.date.fromisoformat(m["end_date"])
            if m["start_time"]:
                zone = ZoneInfo(TIMEZONES[m["timezone"] or office_zone][0])
                begin, finish = timed_span(first, final, m["start_time"], m["end_time"], zone)
                ev.add("dtstart", begin)
                ev.add("dtend", finish)
            else:
                ev.add("dtstart", first)
                ev.add("dtend", final + dt.timedelta(days=1))
            ev.add("sequence", m["revision"])
            if m["venue"]:
                ev.add("location", m["venue"])
            ev.add("status", "CONFIRMED" if m["status"] == "held" else "TENTATIVE")
            ev.add("categories", ["rapat", m["kind"]])
            if m["host"]:
                ev.add("description", f"Tuan rumah: {m['host']}")
            cal.add_component(ev)
    if with_actions:
        rows = db.query(
            "SELECT x.*, a.name AS owner FROM action x JOIN agency a ON a.id = x.owner_id "
            "WHERE x.deleted_at IS NULL AND x.status != 'cancelled' "
            "AND (x.due_date IS NULL OR (x.due_date >= ? AND x.due_date <= ?)) ORDER BY x.due_date",
            [lo, hi],
        )
        for a in rows:
            todo = Todo()
            todo.add("uid", uid("action", a["id"]))
            todo.add("dtstamp", stamp)
            todo.add("summary", f"{a['text']} ({a['owner']})")
            if a["due_date"]:
                todo.add("due", dt.date.fromisoformat(a["due_date"]))
            todo.add("sequence", a["revision"])
            todo.add("status", "COMPLETED" if a["status"] == "done" else "NEEDS-ACTION")
            if a["done_date"]:
                todo.add("completed", dt.datetime.fromisoformat(a["done_date"] + "T00:00:00+00:00"))
            cal.add_component(todo)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
