"""Stages (tahapan) of imported schedules: lookup, meeting links, progress, queries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kpukoord import dates, names
from kpukoord.db import Database, Row
from kpukoord.errors import Ambiguous, FileProblems, KpuError, NotFound, UsageError

_SELECT = (
    "SELECT s.*, c.code AS schedule, c.title AS schedule_title FROM stage s "
    "JOIN schedule c ON c.id = s.schedule_id "
)


def _spans(db: Database, schedule_ids: set[str]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for sid in schedule_ids:
        row = db.one(
            "SELECT min(start_date) AS a, max(coalesce(end_date, start_date)) AS b FROM stage "
            "WHERE schedule_id = ? AND deleted_at IS NULL",
            [sid],
        )
        if row and row["a"]:
            out[sid] = (row["a"], row["b"])
    return out


def resolve(db: Database, text: str, on: dt.date | None = None) -> Row:
    """A stage by 'CODE:KEY', or by key or name; a bare name prefers the schedule
    whose dates cover ``on`` (the meeting's date)."""
    text = (text or "").strip()
    if not text:
        raise UsageError("a stage name is required")
    if ":" in text:
        code, key = (p.strip() for p in text.split(":", 1))
        row = db.one(
            _SELECT + "WHERE c.code = ? AND s.key = ? AND c.deleted_at IS NULL", [code, key]
        )
        if row is None:
            if db.one("SELECT 1 FROM schedule WHERE code = ? AND deleted_at IS NULL", [code]):
                raise NotFound(
                    f"schedule {code!r} has no stage {key!r} (see 'schedule show {code}')"
                )
            raise NotFound(f"unknown schedule {code!r} (see 'kpukoord schedule list')")
        return row
    k = names.key(text)
    live = "s.deleted_at IS NULL AND c.deleted_at IS NULL"
    tiers = [
        db.query(_SELECT + f"WHERE {live} AND s.key = ? ORDER BY s.start_date", [text.lower()]),
        db.query(_SELECT + f"WHERE {live} AND s.lookup = ? ORDER BY s.start_date", [k]),
        db.query(
            _SELECT + f"WHERE {live} AND instr(s.lookup, ?) > 0 ORDER BY s.start_date",
            [k],
        )
        if len(k) >= 4
        else [],
    ]
    for rows in tiers:
        if not rows:
            continue
        if len(rows) == 1:
            return rows[0]
        if on is not None:
            d = on.isoformat()
            spans = _spans(db, {r["schedule_id"] for r in rows})
            covering = [
                r
                for r in rows
                if r["schedule_id"] in spans
                and spans[r["schedule_id"]][0] <= d <= spans[r["schedule_id"]][1]
            ]
            if len(covering) > 1:  # several in the covering schedule: the stage that covers it
                inner = [
                    r
                    for r in covering
                    if (r["start_date"] or "") <= d <= (r["end_date"] or r["start_date"] or "")
                ]
                covering = inner if len(inner) == 1 else covering
            if len(covering) == 1:
                return covering[0]
        cands = [f"{r['schedule']}:{r['key']} ({r['name']})" for r in rows[:12]]
        raise Ambiguous(f"stage {text!r} is ambiguous: {'; '.join(cands)}", cands)
    raise NotFound(f"unknown stage {text!r} (see 'kpukoord stage list' or 'schedule show CODE')")


def link_meeting(
    db: Database, meeting_id: str, on: dt.date, specs: list[tuple[str, str]]
) -> list[str]:
    """Link a meeting to stages named in specs [(name, where)]; all problems at once."""
    problems: list[str] = []
    ids: list[str] = []
    for name, where in specs:
        try:
            ids.append(resolve(db, name, on)["id"])
        except KpuError as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        raise FileProblems(problems)
    with db.atomic():
        for sid in dict.fromkeys(ids):
            old = db.one(
                "SELECT id, deleted_at FROM meeting_stage WHERE meeting_id = ? AND stage_id = ?",
                [meeting_id, sid],
            )
            if old is None:
                db.insert("meeting_stage", {"meeting_id": meeting_id, "stage_id": sid})
            elif old["deleted_at"]:
                db.update("meeting_stage", old["id"], {"deleted_at": None})
    return ids


def overlapping(
    db: Database,
    start: dt.date,
    end: dt.date,
    *,
    schedule: str | None = None,
    include_open: bool = False,
) -> list[Row]:
    """Live stages with dates overlapping [start, end].

    A stage that began before its regulation ("(before)" in the sources) has no
    start date: it counts as running from the past until its end date.
    """
    where = [
        "s.deleted_at IS NULL",
        "c.deleted_at IS NULL",
        "coalesce(s.start_date, '0000-01-01') <= ?",
        "coalesce(s.end_date, s.start_date) >= ?",
    ]
    params: list[Any] = [end.isoformat(), start.isoformat()]
    if schedule:
        where.append("c.code = ?")
        params.append(schedule)
    return db.query(
        _SELECT + f"WHERE {' AND '.join(where)} ORDER BY s.start_date, c.code, s.seq",
        params,
    )


def item(row: Row, today: dt.date | None = None) -> dict[str, Any]:
    """The JSON shape of a stage (stage list --json)."""
    today = today or dates.today()
    end = row["end_date"] or row["start_date"]
    days_left = None
    if end:
        days_left = (dt.date.fromisoformat(end) - today).days
    return {
        "schedule": row["schedule"],
        "key": row["key"],
        "name": row["name"],
        "start": row["start_date"],
        "end": row["end_date"],
        "path": row["path"],
        "confidence": row["confidence"],
        "days_left": days_left,
        "rule": row["rule"],
        "levels": json.loads(row["levels"]),
        "sources": json.loads(row["sources"]),
        "id": row["id"],
    }


def add_progress(
    db: Database,
    stage: Row,
    percent: float | None,
    *,
    note: str | None = None,
    meeting_id: str | None = None,
    day: dt.date | None = None,
) -> str:
    if percent is not None and not 0 <= percent <= 100:
        raise UsageError(f"progress {percent:g}% is not between 0 and 100")
    if percent is None and not note:
        raise UsageError("give a percentage, a --note, or both")
    with db.atomic():
        pid = db.insert(
            "stage_progress",
            {
                "stage_id": stage["id"],
                "percent": percent,
                "note": note,
                "meeting_id": meeting_id,
                "reported_on": (day or dates.today()).isoformat(),
            },
        )
        if meeting_id:
            link_meeting(
                db, meeting_id, day or dates.today(), [(f"{stage['schedule']}:{stage['key']}", "")]
            )
    return pid


def progress_history(db: Database, stage_id: str) -> list[Row]:
    return db.query(
        "SELECT p.*, m.title AS meeting FROM stage_progress p "
        "LEFT JOIN meeting m ON m.id = p.meeting_id "
        "WHERE p.stage_id = ? AND p.deleted_at IS NULL ORDER BY p.reported_on, p.created_at",
        [stage_id],
    )


def latest_progress(db: Database, stage_ids: list[str], as_of: dt.date) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for sid in stage_ids:
        row = db.one(
            "SELECT * FROM stage_progress WHERE stage_id = ? AND deleted_at IS NULL "
            "AND reported_on <= ? ORDER BY reported_on DESC, created_at DESC LIMIT 1",
            [sid, as_of.isoformat()],
        )
        if row:
            out[sid] = row
    return out


def meetings_citing(db: Database, stage_id: str) -> list[Row]:
    return db.query(
        "SELECT m.id, m.title, m.kind, m.status, m.start_date, m.end_date FROM meeting_stage l "
        "JOIN meeting m ON m.id = l.meeting_id WHERE l.stage_id = ? AND l.deleted_at IS NULL "
        "AND m.deleted_at IS NULL ORDER BY m.start_date",
        [stage_id],
    )
