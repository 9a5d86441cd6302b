"""Official timetables: YAML schedule files, their validation, import and diff.

A schedule file (see ``schedules/README.md``) holds one PKPU timetable: a code,
metadata, and nested stages. :func:`load_file` checks everything and reports
*every* problem as ``file:line: message``; :func:`import_paths` writes a set
of files in one transaction, or nothing.

Ids are deterministic (schedule code, stage key), so importing the same file
again changes nothing, and two offices that import it agree on every id.
Stages missing from a newer file are soft-deleted: meetings that cite them keep
their link.

The rooms, lowest first (each imports only those above it in this list):

- :mod:`.schedule_defs`: the vocabulary (confidence marks, levels, kinds) and the
  checked shapes (:class:`ScheduleDef`, :class:`StageDef`);
- :mod:`.schedule_fields`: the fields of a file checked one by one;
- :mod:`.schedule_files`: reading and checking whole schedule files;
- this module: import, diff, history and the queries the commands use. It
  re-exports what the rest of kpukoord uses, so callers write ``schedules.find(...)``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from kpukoord.errors import NotFound
from kpukoord.language import names
from kpukoord.language.i18n import _
from kpukoord.store.db import Database, Progress, Row
from kpukoord.store.ids import stable_id
from kpukoord.timetables.schedule_defs import (
    COMPARED,
    SCHEDULE_COLUMNS,
    ScheduleDef,
    StageDef,
    iso,
)

# the vocabulary of a schedule file, importable from here too (see __all__)
from kpukoord.timetables.schedule_defs import CONFIDENCE as CONFIDENCE
from kpukoord.timetables.schedule_defs import LEVELS as LEVELS
from kpukoord.timetables.schedule_defs import STAGE_KINDS as STAGE_KINDS
from kpukoord.timetables.schedule_defs import STATUSES as STATUSES
from kpukoord.timetables.schedule_files import (
    bundled_dir,
    expand,
    load_all,
    load_bytes,
    load_file,
    load_text,
    parse_document,
)
from kpukoord.timetables.stages import ALL_REGIONS, applicable_codes  # their home: stages (light)

__all__ = [
    "ALL_REGIONS",
    "COMPARED",
    "CONFIDENCE",
    "LEVELS",
    "STAGE_KINDS",
    "STATUSES",
    "ScheduleDef",
    "StageDef",
    "amendments",
    "applicable_codes",
    "bundled_dir",
    "cited_as",
    "diff_defs",
    "expand",
    "find",
    "from_db",
    "history",
    "import_paths",
    "list_rows",
    "load_all",
    "load_bytes",
    "load_file",
    "load_text",
    "office_codes",
    "parse_document",
    "record",
    "region_hint",
    "schedule_id",
    "stage_id",
    "stage_rows",
]


# ---------------------------------------------------------------------------
# Import


def stage_id(code: str, key: str) -> str:
    return stable_id("stage", code, key)


def schedule_id(code: str) -> str:
    return stable_id("schedule", code)


# Columns stored as JSON text, read back as values; a compared field's column where the
# names differ.
_JSON_COLUMNS = {"levels", "sources", "amended", "occurrences", "regions"}
_COMPARED_COLUMN = {"start": "start_date", "end": "end_date"}


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _cell(row: Row, column: str) -> Any:
    return json.loads(row[column]) if column in _JSON_COLUMNS else row[column]


def _compared(row: Row, f: str, parent_keys: dict[str, str]) -> Any:
    if f == "parent":
        return parent_keys.get(row["parent_id"]) if row["parent_id"] else None
    if f == "recurs":
        return json.loads(row["recurs"]) if row["recurs"] else None
    return _cell(row, _COMPARED_COLUMN.get(f, f))


def _row_compared(row: Row, parent_keys: dict[str, str]) -> dict[str, Any]:
    """A stored stage as the fields an import compares (COMPARED, in its order)."""
    return {f: _compared(row, f, parent_keys) for f in COMPARED}


def from_db(db: Database, code: str) -> ScheduleDef:
    """A stored schedule as a definition (for diffs)."""
    row = db.one("SELECT * FROM schedule WHERE code = ? AND deleted_at IS NULL", [code])
    if row is None:
        raise NotFound(_("unknown schedule {code!r} and no such file").format(code=code))
    values = {column: _cell(row, column) for column in SCHEDULE_COLUMNS}
    values |= {"code": code, "voting_day": _day(row["voting_day"]), "signed": _day(row["signed"])}
    sched = ScheduleDef(**values, source_path=f"{code} (database)")
    rows = db.query(
        "SELECT * FROM stage WHERE schedule_id = ? AND deleted_at IS NULL ORDER BY seq", [row["id"]]
    )
    keys = {r["id"]: r["key"] for r in rows}
    for r in rows:
        c = _row_compared(r, keys)
        sched.stages.append(
            StageDef(
                key=r["key"],
                **{f: c[f] for f in COMPARED if f not in ("start", "end")},
                start=_day(c["start"]),
                end=_day(c["end"]),
                path=r["path"],
                depth=r["depth"],
                seq=r["seq"],
            )
        )
    return sched


def diff_defs(old: ScheduleDef | None, new: ScheduleDef) -> dict[str, Any]:
    """Stages added, changed (field: [old, new]) and removed from old to new."""
    old_stages = {s.key: s for s in old.stages} if old else {}
    new_stages = {s.key: s for s in new.stages}
    added = [k for k in new_stages if k not in old_stages]
    removed = [k for k in old_stages if k not in new_stages]
    changed = []
    for k, s in new_stages.items():
        if k in old_stages:
            a, b = old_stages[k].compared(), s.compared()
            fields = {f: [a[f], b[f]] for f in COMPARED if a[f] != b[f]}
            if fields:
                changed.append({"key": k, "fields": fields})
    meta = {}
    if old:
        a, b = old.meta(), new.meta()
        meta = {f: [a[f], b[f]] for f in a if a[f] != b[f]}
    return {"added": added, "changed": changed, "removed": removed, "meta": meta}


class _DryRun(Exception):
    pass


def import_paths(
    db: Database,
    paths: list[Path],
    *,
    stdin_text: str | bytes | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Import schedule files all-or-nothing; return a report per schedule."""
    defs = load_all(paths, stdin_text)
    reports: list[dict[str, Any]] = []
    try:
        with db.atomic():
            for i, d in enumerate(defs):
                if progress:
                    progress(_("importing schedule {code}").format(code=d.code), i, len(defs))
                reports.append(_import_one(db, d))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return reports


def _import_one(db: Database, d: ScheduleDef) -> dict[str, Any]:
    sid = schedule_id(d.code)
    existing = db.get("schedule", sid)
    old = from_db(db, d.code) if existing and not existing["deleted_at"] else None
    change = diff_defs(old, d)
    values = {**d.meta(), "code": d.code, "file_hash": d.file_hash, "source_path": d.source_path}
    if existing is None:
        db.insert("schedule", values, id=sid)
        status = "created"
    else:
        if existing["deleted_at"]:
            values["deleted_at"] = None
            status = "created"
        else:
            status = (
                "updated"
                if (change["added"] or change["changed"] or change["removed"] or change["meta"])
                else "unchanged"
            )
        if status != "unchanged" or existing["file_hash"] != d.file_hash:
            db.update("schedule", sid, values)

    rows = {r["key"]: r for r in db.query("SELECT * FROM stage WHERE schedule_id = ?", [sid])}
    changed_keys = {c["key"] for c in change["changed"]}
    for s in d.stages:
        values = {
            "schedule_id": sid,
            "key": s.key,
            "parent_id": stage_id(d.code, s.parent) if s.parent else None,
            "path": s.path,
            "depth": s.depth,
            "seq": s.seq,
            "name": s.name,
            "kind": s.kind,
            "start_date": iso(s.start),
            "end_date": iso(s.end),
            "rule": s.rule,
            "levels": json.dumps(s.levels),
            "confidence": s.confidence,
            "sources": json.dumps(s.sources),
            "note": s.note,
            "amended": json.dumps(s.amended, ensure_ascii=False),
            "recurs": json.dumps(s.recurs) if s.recurs else None,
            "occurrences": json.dumps(s.occurrences, ensure_ascii=False),
            "lookup": names.key(s.name),
        }
        row = rows.get(s.key)
        if row is None:
            db.insert("stage", values, id=stage_id(d.code, s.key))
        elif row["deleted_at"] or s.key in changed_keys:
            db.update("stage", row["id"], {**values, "deleted_at": None})
        elif (row["seq"], row["path"], row["depth"]) != (s.seq, s.path, s.depth):
            db.update("stage", row["id"], {"seq": s.seq, "path": s.path, "depth": s.depth})
    for key in change["removed"]:
        db.soft_delete("stage", rows[key]["id"])
    report = {
        "code": d.code,
        "status": status,
        "added": change["added"],
        "changed": change["changed"],
        "removed": change["removed"],
        "file": d.source_path,
        "schedule_changed": change["meta"],  # the schedule's own fields: {field: [old, new]}
    }
    if status != "unchanged":
        db.insert(
            "schedule_version",
            {
                "schedule_id": sid,
                "file_hash": d.file_hash,
                "source_path": d.source_path,
                "status": status,
                "summary": json.dumps(
                    {
                        "added": len(change["added"]),
                        "changed": len(change["changed"]),
                        "removed": len(change["removed"]),
                    }
                ),
            },
        )
    return report


# ---------------------------------------------------------------------------
# Reading


def find(db: Database, code: str) -> Row:
    row = db.one("SELECT * FROM schedule WHERE code = ? AND deleted_at IS NULL", [code.strip()])
    if row is None:
        codes = [r["code"] for r in db.query("SELECT code FROM schedule WHERE deleted_at IS NULL")]
        import difflib

        close = difflib.get_close_matches(code, codes, n=3, cutoff=0.4)
        hint = (
            "; " + _("did you mean: {names}?").format(names=", ".join(close))
            if close
            else " " + _("(see 'kpukoord schedule list')")
        )
        raise NotFound(_("unknown schedule {code!r}{hint}").format(code=code, hint=hint))
    return row


def list_rows(db: Database) -> list[Row]:
    return db.query(
        "SELECT c.*, (SELECT count(*) FROM stage s WHERE s.schedule_id = c.id "
        "AND s.deleted_at IS NULL) AS stage_count, "
        "(SELECT min(start_date) FROM stage s WHERE s.schedule_id = c.id "
        "AND s.deleted_at IS NULL) AS first_date, "
        "(SELECT max(coalesce(end_date, start_date)) FROM stage s WHERE s.schedule_id = c.id "
        "AND s.deleted_at IS NULL) AS last_date, "
        "(SELECT max(created_at) FROM schedule_version v WHERE v.schedule_id = c.id) AS imported_at "
        "FROM schedule c WHERE c.deleted_at IS NULL ORDER BY first_date, c.code"
    )


# a regulation named in a schedule's notes ("Dasar: PKPU 1/2025.", "Pasal 146 PKPU 4/2022")
_NOTES_REGULATION = re.compile(r"\bPKPU\s+(?:No\.?\s*)?\d{1,5}\s*/\s*(?:19|20)\d{2}\b")


def cited_as(row: Row) -> str:
    """How a document cites a schedule: its regulation ("PKPU 2/2024"); for a programme
    that runs under one without being its timetable (PDPB, SIPOL), the first PKPU its
    notes name ("PKPU 1/2025"); else its title, never its code (trial bug 11)."""
    from kpukoord.timetables import regulations

    if row["regulation"]:
        return str(row["regulation"])
    m = _NOTES_REGULATION.search(row["notes"] or "")
    if m:
        return regulations.lookup(m.group(0)).ref
    return str(row["title"] or row["code"])


def stage_rows(db: Database, schedule_row: Row) -> list[Row]:
    return db.query(
        "SELECT s.*, ? AS schedule, ? AS schedule_status FROM stage s "
        "WHERE s.schedule_id = ? AND s.deleted_at IS NULL ORDER BY s.seq",
        [schedule_row["code"], schedule_row["status"], schedule_row["id"]],
    )


def record(db: Database, row: Row) -> dict[str, Any]:
    from kpukoord.timetables import stages as stage_mod

    return {
        **{column: _cell(row, column) for column in (*SCHEDULE_COLUMNS, "id")},
        "stages": [
            {
                **stage_mod.item(s),
                "depth": s["depth"],
                "kind": s["kind"],
                "note": s["note"],
                "amended": json.loads(s["amended"]),
            }
            for s in stage_rows(db, row)
        ],
    }


def history(db: Database, row: Row) -> list[Row]:
    return db.query(
        "SELECT created_at AS imported_at, status, file_hash, source_path, summary, origin "
        "FROM schedule_version WHERE schedule_id = ? ORDER BY created_at, id",
        [row["id"]],
    )


def amendments(db: Database, row: Row) -> list[dict[str, Any]]:
    """Every stage of a schedule whose dates were changed: earlier and current dates, why."""
    out = []
    for s in stage_rows(db, row):
        for a in json.loads(s["amended"]):
            out.append(
                {
                    "key": s["key"],
                    "name": s["name"],
                    "was": [a["start"], a["end"]],
                    "now": [s["start_date"], s["end_date"]],
                    "changed": a["changed"],
                    "by": a["by"],
                    "sources": a["sources"],
                }
            )
    return out


# ---------------------------------------------------------------------------
# Where a schedule applies


def office_codes(db: Database, all_regions: bool = False) -> set[str] | None:
    """The schedules shown by default to this office (None: all of them)."""
    if all_regions:
        return None
    return applicable_codes(db, db.office()["region"])


def region_hint(db: Database) -> str | None:
    """One line for an office without a region (it sees every region's schedules)."""
    if db.office()["region"]:
        return None
    return _(
        "hint: this office has no region, so the timetables of every region are shown; "
        "set it with 'kpukoord init --region CODE' (e.g. 73.22)"
    )
