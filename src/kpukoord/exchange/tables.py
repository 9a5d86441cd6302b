"""JSON and CSV exports: every live record of a table, read in batches and written as
they come, with every field and stable ids so that a re-import updates instead of
duplicating. Cells a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from kpukoord.errors import UsageError
from kpukoord.language.i18n import _
from kpukoord.records import agencies, meetings
from kpukoord.store.db import Database
from kpukoord.timetables import stages

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
