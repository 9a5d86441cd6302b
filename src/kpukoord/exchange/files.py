"""Exchange with other tools: JSON/CSV export, meeting import, iCalendar export.

Exports carry every field and stable ids, so a re-import updates instead of
duplicating, and calendars update events instead of adding new ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from kpukoord.errors import FileProblems, KpuError, UsageError
from kpukoord.exchange.merge import version_order
from kpukoord.language.i18n import _
from kpukoord.records import agencies, meetings
from kpukoord.store.db import Database, Row
from kpukoord.timetables import schedules, stages

TABLES = ("meetings", "actions", "agencies", "stages")
SEP = " | "  # joins list items inside one CSV cell
# The CSV columns: the meeting record's fields (host_id is implied by host).
# (days: a meeting's separate days are read back from its date_as_written)
MEETING_COLUMNS = [k for k in meetings.RECORD_KEYS if k not in ("host_id", "days")]
# the columns of 'export csv stages': a stage item's keys (stage list --json), the
# recurrence and period of an occurrence's row, the stage's kind and note
STAGE_COLUMNS = [
    "schedule", "key", "name", "start", "end", "path", "confidence", "days_left", "rule",
    "levels", "sources", "id", "expected", "draft", "recurs", "occurrence", "kind", "note",
]  # fmt: skip


# Rows read per query when exporting: memory stays flat whatever the database's size.
BATCH = 500


def _keyset(
    db: Database, sql: str, params: list[Any], alias: str, *, raw: bool = False
) -> Iterator[list[Any]]:
    """Batches of rows in storage order: keyset pagination on the integer row id
    (``rowid > last``), never OFFSET, so each batch starts where the last ended
    instead of re-reading what it skipped, and pages are read in file order.
    raw: sqlite3.Row objects (read by name, no dict per row) instead of dicts."""
    last = 0
    sql = (
        f"{sql.replace('SELECT ', f'SELECT {alias}.rowid AS _rowid, ', 1)} "
        f"AND {alias}.rowid > ? ORDER BY {alias}.rowid LIMIT {BATCH}"
    )
    while True:
        rows: list[Any] = (
            db.conn.execute(sql, [*params, last]).fetchall()
            if raw
            else db.query(sql, [*params, last])
        )
        if not rows:
            return
        yield rows
        last = rows[-1]["_rowid"]


def iter_records(db: Database, table: str) -> Iterator[dict[str, Any]]:
    """Every live record of a table, as the JSON export writes it, read in batches."""
    from kpukoord.records import actions as actions_mod

    if table == "meetings":
        for rows in _keyset(
            db,
            "SELECT m.*, h.name AS host FROM meeting m LEFT JOIN agency h ON h.id = m.host_id "
            "WHERE m.deleted_at IS NULL",
            [],
            "m",
        ):
            yield from meetings.records(db, rows)
    elif table == "actions":
        for rows in _keyset(db, actions_mod._SELECT + "WHERE x.deleted_at IS NULL", [], "x"):
            yield from (actions_mod.record(r) for r in rows)
    elif table == "agencies":
        yield from (agencies.record(db, r) for r in agencies.list_rows(db))
    elif table == "stages":
        rows = db.query(
            "SELECT s.*, c.code AS schedule FROM stage s JOIN schedule c ON c.id = s.schedule_id "
            "WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY c.code, s.seq"
        )
        for r in rows:
            yield {**stages.item(r), "kind": r["kind"], "note": r["note"]}
            if r["recurs"]:  # each occurrence (as export ics has them): the plenos too
                for occ in stages.occurrences(db, r):
                    o = stages.as_row(r, occ)
                    yield {**stages.item(o), "kind": r["kind"], "note": r["note"]}
    else:
        raise UsageError(
            _("unknown table {table!r}; choose from: {value0}").format(
                table=table, value0=", ".join(TABLES)
            )
        )


def records(db: Database, table: str) -> list[dict[str, Any]]:
    """Every live record of a table (meetings and follow-ups in the order they were stored)."""
    if table not in TABLES:
        raise UsageError(
            _("unknown table {table!r}; choose from: {value0}").format(
                table=table, value0=", ".join(TABLES)
            )
        )
    return list(iter_records(db, table))


def write_json(recs: Iterable[dict[str, Any]], out: TextIO) -> None:
    """The records as one JSON array, written as they come (same text as json.dumps
    of the whole list with indent=2)."""
    first = True
    for rec in recs:
        text = json.dumps(rec, ensure_ascii=False, indent=2, default=str)
        out.write(("[\n" if first else ",\n") + "\n".join("  " + line for line in text.split("\n")))
        first = False
    out.write("[]\n" if first else "\n]\n")


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
    for key in (*meetings.ROLE_KEYS, "groups", *meetings.ITEM_KEYS):
        row[key] = meetings.spec_of(key, m[key])  # as the flags write them
    row["regulations"] = _join([meetings.escape_part(r) for r in m["regulations"]])
    return [_cell(row.get(c)) for c in MEETING_COLUMNS]


def to_csv(table: str, recs: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    write_csv(table, recs, buf)
    return buf.getvalue()


def write_csv(table: str, recs: Iterable[dict[str, Any]], out: TextIO) -> None:
    """The records as CSV, written as they come (lists joined with SEP)."""
    w = csv.writer(out, lineterminator="\n")
    if table == "meetings":
        w.writerow(MEETING_COLUMNS)
        for m in recs:
            w.writerow(meeting_csv_row(m))
        return
    # stages: one header whatever the first row (a recurring stage's rows add columns)
    cols: list[str] | None = STAGE_COLUMNS if table == "stages" else None
    if cols is not None:
        w.writerow(cols)
    for r in recs:
        if cols is None:
            cols = list(r)
            w.writerow(cols)
        w.writerow([_cell(r.get(c)) for c in cols])


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


# Columns holding a day, and what makes a day safe from a spreadsheet's locale: ISO,
# or an Indonesian (or English) month name. '7/5/24' may be 7 May or July 5.
_DATE_COLUMNS = ("date", "start_date", "end_date")
_NUMERIC_DATE = re.compile(r"\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Present in every CSV row of an import: the columns its header names (an update
# keeps what the file does not mention). Never a field name.
CSV_COLUMNS = "_csv_columns"
CSV_PROBLEM = "_csv_problem"


def _locale_ambiguous(value: str) -> bool:
    """A numeric date other than ISO (the ISO parts removed, is one left?)."""
    return bool(_NUMERIC_DATE.search(_ISO_DATE.sub(" ", value)))


def _delimiter(text: str, name: str) -> str:
    """',' or ';' (a spreadsheet saved in an Indonesian or European locale)."""
    header = text.split("\n", 1)[0]
    fields = {f.strip().strip('"') for f in header.split(",")}
    if "title" in fields:
        return ","
    if "title" in {f.strip().strip('"') for f in header.split(";")}:
        return ";"
    if "\t" in header and "title" in {f.strip().strip('"') for f in header.split("\t")}:
        return "\t"
    raise FileProblems(
        [_("{name}:1: a meetings CSV needs a header row with at least 'title'").format(name=name)]
    )


def _csv_value(column: str, cell: str) -> Any:
    """A non-empty cell as the import reads it."""
    v = _restore(cell)
    if column in meetings.LIST_KEYS:
        return _split_list(v, column)
    if column == "start_time":
        return _sheet_time(v)
    return v


def _csv_header(line: str) -> bool:
    """A first line that reads as a CSV header (',' or ';' between names), not YAML."""
    return "," in line or (";" in line and ":" not in line)


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text, name))
    if not reader.fieldnames or "title" not in reader.fieldnames:
        raise FileProblems(
            [
                _("{name}:1: a meetings CSV needs a header row with at least 'title'").format(
                    name=name
                )
            ]
        )
    columns = frozenset(f for f in reader.fieldnames if f)
    unknown = [f for f in reader.fieldnames if f and f not in MEETING_COLUMNS and f != "date"]
    if unknown:
        raise FileProblems(
            [
                _("{name}:1: unknown column(s): {value0}").format(
                    name=name, value0=", ".join(unknown)
                )
            ]
        )
    line = 1
    for row in reader:
        start_line = line + 1
        line = reader.line_num
        raw: dict[str, Any] = {}
        for k, v in row.items():
            if k is None:
                raise FileProblems(
                    [
                        _("{name}:{start_line}: more cells than columns").format(
                            name=name, start_line=start_line
                        )
                    ]
                )
            if v is None or v == "":
                continue
            if k in _DATE_COLUMNS and _locale_ambiguous(v):
                raw[CSV_PROBLEM] = _(
                    "{column} {value!r}: a date in numbers that a spreadsheet may have "
                    "rewritten in another locale (7/5/24 may be 7 May or July 5); write "
                    "2024-07-05 or 5 Juli 2024, and format the column as text before saving"
                ).format(column=k, value=v)
            raw[k] = _csv_value(k, v)
        raw[CSV_COLUMNS] = columns
        yield start_line, raw


def _split_list(cell: str, column: str) -> list[Any]:
    """A list cell's items; attendee and action items stay specs (split again later)."""
    if column not in ("decisions", "stages", "regulations"):  # specs: attendees, actions, items
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
    stored: int,
) -> None:
    """A row without an id that repeats a stored meeting (or an earlier row): same
    day, host and title. Re-importing an export whose ids were dropped would
    otherwise double every meeting without a word.

    ``stored``: the highest meeting rowid before this import. The file's own rows
    are checked in ``keys``; the rowid bound (read from the index entry) keeps the
    lookup from reading every row this import wrote on the same day, which made a
    100,000-row import quadratic."""
    from kpukoord.store.ids import short

    assert draft.start is not None and draft.title
    host_id = (
        writer.agencies([(draft.host, where)])[draft.host]["id"]
        if draft.host
        else writer.office.get("agency_id")
    )
    key = (draft.start.isoformat(), str(host_id), draft.title)
    hint = _("give the row its id to update that meeting, or use --allow-duplicates")
    if key in keys:
        raise KpuError(
            _("same day, host and title as {value0}: a duplicate? ({hint})").format(
                value0=keys[key], hint=hint
            )
        )
    found = db.one(
        "SELECT id FROM meeting WHERE start_date = ? AND host_id IS ? AND rowid <= ? "
        "AND title = ? AND deleted_at IS NULL LIMIT 1",
        [key[0], key[1], stored, key[2]],
    )
    if found:
        raise KpuError(
            _(
                "meeting {value0} has the same day, host and title: likely a duplicate ({hint})"
            ).format(value0=short(found["id"]), hint=hint)
        )
    keys[key] = where


def _json_rows(text: str, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Records of a JSON array with the line each starts on (raw_decode per element)."""
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if not text[pos : pos + 1] == "[":
        raise FileProblems(
            [_("{name}:1: a JSON import must be an array of meetings").format(name=name)]
        )
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            raise FileProblems(
                [
                    _("{name}:{value0}: the array is not closed").format(
                        name=name, value0=text.count(chr(10), 0, pos) + 1
                    )
                ]
            )
        if text[pos] == "]":
            return
        line = text.count("\n", 0, pos) + 1
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise FileProblems(
                [
                    _("{name}:{lineno}: JSON syntax: {msg}").format(
                        name=name, lineno=exc.lineno, msg=exc.msg
                    )
                ]
            ) from None
        yield line, value


def _yaml_rows(text: str, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    from kpukoord.language import yamlfile

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
            else ("csv" if _csv_header(text.split("\n", 1)[0]) else "yaml")
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
    new_people: bool = False,
    allow_duplicates: bool = False,
    ignore_weekday: bool = False,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Insert new rows, update rows whose id exists, report bad rows as file:line.

    All-or-nothing unless skip_invalid: then the good rows go in and the bad are reported.
    """
    problems: list[str] = []
    unknown: set[str] = set()
    inserted = updated = unchanged = 0
    older: list[str] = []  # ids of rows older than the stored meeting: not applied
    warnings: list[str] = []  # rows stored despite a contradicting weekday
    with db.atomic():
        existing_ids: set[str] = set()
        keys: dict[tuple[str, str, str], str] = {}
        # the meetings stored before this import: the file's own rows are in keys
        stored = int(db.scalar("SELECT coalesce(max(rowid), 0) FROM meeting"))
        writer = meetings.Writer(db, new_agencies=new_agencies, new_people=new_people)
        for n, (line, raw) in enumerate(read_rows(text, name, fmt), 1):
            if progress and n % 500 == 0:
                progress(n)
            where = f"{name}:{line}"
            noted: list[str] = []
            try:
                with db.atomic():  # a savepoint per row: a bad row leaves no trace
                    result = _import_row(
                        db,
                        writer,
                        raw,
                        where,
                        existing_ids,
                        None if allow_duplicates else keys,
                        stored,
                        ignore_weekday,
                        noted,
                    )
                warnings += noted  # only for a row that went in
                if result == "inserted":
                    inserted += 1
                elif result.startswith("older:"):
                    older.append(result.removeprefix("older:"))
                elif result == "updated":
                    updated += 1
                else:
                    unchanged += 1
            except FileProblems as exc:
                # one line per bad row; the hint about unknown agencies comes once, last
                problems += [p for p in exc.problems if p.startswith(where)]
                unknown.update(exc.unknown_agencies)
            except KpuError as exc:
                message = str(exc)  # some already say where (a person's typo names its field)
                if not message.startswith(where):
                    message = _("{where}: {exc}").format(where=where, exc=message)
                problems.append(message)
        hint = []
        if unknown:
            hint = [
                _("unknown agencies: {names}").format(names=", ".join(sorted(unknown)))
                + " ("
                + _("add them with 'kpukoord agency add', or pass --new-agencies to create them")
                + ")"
            ]
        if problems and not skip_invalid:
            raise FileProblems(problems + hint)
        writer.flush()
        problems += hint
    return {
        "inserted": inserted,
        "updated": updated,
        "unchanged": unchanged,
        "older": len(older),
        "older_ids": older,
        "warnings": warnings,
        "skipped": len(problems) - len(hint),
        "problems": problems,
    }


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _stage_sourced(s: Any) -> str:
    """The confidence and the sources of a stage in words, each source by its address."""
    from kpukoord.views.vocabulary import sourced

    where = json.loads(s["schedule_sources"] or "{}")
    return sourced(s["confidence"], [where.get(code, code) for code in json.loads(s["sources"])])


def _import_row(
    db: Database,
    writer: meetings.Writer,
    raw: Any,
    where: str,
    seen: set[str],
    keys: dict[tuple[str, str, str], str] | None,
    stored: int,
    ignore_weekday: bool = False,
    warnings: list[str] | None = None,
) -> str:
    if not isinstance(raw, dict):
        raise KpuError(_("a meeting must be a mapping of fields"))
    stamp = raw.get("updated_at")
    raw = {k: v for k, v in raw.items() if k not in meetings.COMPUTED_KEYS}
    columns = raw.pop(CSV_COLUMNS, None)  # a CSV row: the columns its file has
    ident = meetings.file_id(db, raw.pop("id", None), "")
    if ident:
        if ident in seen:
            raise KpuError(_("id {ident} appears twice in this file").format(ident=ident))
        seen.add(ident)
    if CSV_PROBLEM in raw:
        raise KpuError(raw[CSV_PROBLEM])
    row = db.get("meeting", ident) if ident else None
    if row is not None and columns is not None:
        raw = _keep_unmentioned(db, row, raw, columns)
    if "attendees" in raw and isinstance(raw["attendees"], list):
        raw["attendees"] = [
            {k: a.get(k) for k in ("agency", "person", "position", "divisi", "roles") if a.get(k)}
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
    draft = meetings.draft_from_raw(raw, lambda *p: where, ignore_weekday=ignore_weekday)
    if warnings is not None:
        warnings += draft.warnings
    if row is None:
        if not ident and keys is not None:
            _check_duplicate(db, writer, draft, where, keys, stored)
        writer.add(draft, id=ident)  # queued; written in batches
        return "inserted"
    current = meetings.record(db, row)
    if meetings.same(current, draft):
        return "unchanged"
    # the rule merge follows: a copy older than the stored row never undoes newer edits
    if isinstance(stamp, str) and version_order(stamp.strip(), row["updated_at"]) < 0:
        return f"older:{row['id']}"
    writer.update(row, draft, replace=True)
    return "updated"


def _keep_unmentioned(
    db: Database, row: Any, raw: dict[str, Any], columns: frozenset[str]
) -> dict[str, Any]:
    """A CSV row updating a stored meeting, with every column its file does not have
    taken from the meeting as it is: a spreadsheet with only some columns never clears
    the others (an empty cell in a column it has still does). The stored values go
    through the same CSV cells an export writes, so they read back as they were."""
    stored = dict(zip(MEETING_COLUMNS, meeting_csv_row(meetings.record(db, row)), strict=True))
    mentioned = set(columns)
    if "date" in mentioned:  # the import's free date stands for both days
        mentioned |= {"start_date", "end_date"}
    if mentioned & {"start_date", "end_date"}:
        mentioned.add("date")
    out = dict(raw)
    for column, cell in stored.items():
        if column in mentioned or column == "id" or column in meetings.COMPUTED_KEYS or not cell:
            continue
        out[column] = _csv_value(column, cell)
    return out


# ---------------------------------------------------------------------------
# iCalendar


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
