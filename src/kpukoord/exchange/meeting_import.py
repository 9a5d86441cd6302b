"""Meeting import: rows of a CSV (',' ';' or tab), JSON or YAML file, each checked as
typed input; new rows inserted, rows whose id exists updated, bad rows reported as
file:line, all or nothing unless told to skip them."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from kpukoord.errors import FileProblems, KpuError
from kpukoord.exchange.merge import version_order
from kpukoord.exchange.tables import MEETING_COLUMNS, _restore, meeting_csv_row
from kpukoord.language.i18n import _
from kpukoord.records import meetings
from kpukoord.store.db import Database

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
    twins: meetings.Twins,
    stored: int,
) -> None:
    """A row without an id that repeats a stored meeting (:meth:`Writer.stored_twin`: same
    day, host and title, same time or none) or an earlier row. Re-importing an export whose ids were dropped would
    otherwise double every meeting without a word.

    ``stored``: the highest meeting rowid before this import. The file's own rows
    are checked in ``twins``; the rowid bound (read from the index entry) keeps the
    lookup from reading every row this import wrote on the same day, which made a
    100,000-row import quadratic."""
    from kpukoord.store.ids import short

    assert draft.start is not None and draft.title
    host_id = (
        writer.agencies([(draft.host, where)])[draft.host]["id"]
        if draft.host
        else writer.office.get("agency_id")
    )
    hint = _("give the row its id to update that meeting, or use --allow-duplicates")
    key = (draft.start.isoformat(), str(host_id), draft.title)
    other = twins.earlier(*key, draft.time)
    if other is not None:
        raise KpuError(
            _("same day, host and title as {value0}: a duplicate? ({hint})").format(
                value0=other, hint=hint
            )
        )
    found = writer.stored_twin(draft, host_id=host_id, stored_before=stored)
    if found:
        raise KpuError(
            _(
                "meeting {value0} has the same day, host and title: likely a duplicate ({hint})"
            ).format(value0=short(found), hint=hint)
        )
    twins.keep(*key, draft.time, where)


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
        twins = meetings.Twins()
        # the meetings stored before this import: the file's own rows are in twins
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
                        None if allow_duplicates else twins,
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


def _import_row(
    db: Database,
    writer: meetings.Writer,
    raw: Any,
    where: str,
    seen: set[str],
    twins: meetings.Twins | None,
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
        if not ident and twins is not None:
            _check_duplicate(db, writer, draft, where, twins, stored)
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
