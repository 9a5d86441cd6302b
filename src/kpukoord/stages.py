"""Stages (tahapan) of imported schedules: lookup, meeting links, progress, queries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from typing import Any

from kpukoord import dates, names
from kpukoord.db import Database, Row
from kpukoord.errors import Ambiguous, FileProblems, KpuError, NotFound, UsageError
from kpukoord.i18n import _

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


def _in_codes(codes: Collection[str] | None) -> tuple[str, list[str]]:
    """An SQL condition limiting ``c.code`` to codes (none if codes is None)."""
    if codes is None:
        return "", []
    marks = ", ".join("?" for _ in codes) or "NULL"
    return f" AND c.code IN ({marks})", sorted(codes)


def resolve(
    db: Database, text: str, on: dt.date | None = None, *, codes: Collection[str] | None = None
) -> Row:
    """A stage by 'CODE:KEY', or by key or name; a bare name prefers the schedule
    whose dates cover ``on`` (the meeting's date).

    ``codes`` limits a bare name to the schedules that apply where the meeting is
    (:func:`applicable_codes`); a name found in several of them
    whose dates do not settle it is listed, not guessed. 'CODE:KEY' is taken as
    written.
    """
    text = (text or "").strip()
    if not text:
        raise UsageError(_("a stage name is required"))
    if ":" in text:
        code, key = (p.strip() for p in text.split(":", 1))
        row = db.one(
            _SELECT + "WHERE c.code = ? AND s.key = ? AND c.deleted_at IS NULL", [code, key]
        )
        if row is None:
            if db.one("SELECT 1 FROM schedule WHERE code = ? AND deleted_at IS NULL", [code]):
                raise NotFound(
                    _("schedule {code!r} has no stage {key!r} (see 'schedule show {code}')").format(
                        code=code, key=key
                    )
                )
            raise NotFound(
                _("unknown schedule {code!r} (see 'kpukoord schedule list')").format(code=code)
            )
        return row
    tiers = _tiers(db, text, codes)
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
        raise Ambiguous(
            _("stage {text!r} is ambiguous: {value0}").format(text=text, value0="; ".join(cands)),
            cands,
        )
    if codes is not None:
        elsewhere = next((rows for rows in _tiers(db, text, None) if rows), [])
        if elsewhere:
            refs = ", ".join(f"{r['schedule']}:{r['key']}" for r in elsewhere[:6])
            raise NotFound(
                _(
                    "stage {text!r} is only in schedules that do not apply to this region: {refs} (give CODE:KEY to link it anyway)"
                ).format(text=text, refs=refs)
            )
    raise NotFound(
        _("unknown stage {text!r} (see 'kpukoord stage list' or 'schedule show CODE')").format(
            text=text
        )
    )


def _tiers(db: Database, text: str, codes: Collection[str] | None) -> list[list[Row]]:
    """Candidates by exact key, by name, by part of a name (each tier tried in turn)."""
    k = names.key(text)
    cond, params = _in_codes(codes)
    live = "s.deleted_at IS NULL AND c.deleted_at IS NULL" + cond
    return [
        db.query(
            _SELECT + f"WHERE {live} AND s.key = ? ORDER BY s.start_date", [*params, text.lower()]
        ),
        db.query(_SELECT + f"WHERE {live} AND s.lookup = ? ORDER BY s.start_date", [*params, k]),
        db.query(
            _SELECT + f"WHERE {live} AND instr(s.lookup, ?) > 0 ORDER BY s.start_date",
            [*params, k],
        )
        if len(k) >= 4
        else [],
    ]


def matching_ids(db: Database, text: str) -> list[str]:
    """Every live stage a filter names: 'CODE:KEY' one stage; a key or name all stages of
    that key (or name) in every schedule (``meeting list --stage coklit``)."""
    if ":" in (text or ""):
        return [resolve(db, text)["id"]]
    for rows in _tiers(db, (text or "").strip(), None):
        if rows:
            return [r["id"] for r in rows]
    raise NotFound(
        _("unknown stage {text!r} (see 'kpukoord stage list' or 'schedule show CODE')").format(
            text=text
        )
    )


# A schedule's regions: "all" (national), or Kemendagri codes (a province, a kabupaten).
ALL_REGIONS = "all"


def applicable_codes(db: Database, region: str | None) -> set[str] | None:
    """The codes of the live schedules that apply to an office or agency in ``region``.

    A schedule applies when it covers ``all`` regions, or one of its regions and
    ``region`` lie one within the other (a kabupaten in a province's PSU, a province's
    office over the Pilkada ulang of one of its kabupaten). ``None`` means no region is
    known: every schedule applies. The one rule for reports, stage lists, calendars
    and stage links.
    """
    if not region:
        return None
    from kpukoord import regions as reg

    out = set()
    for r in db.query("SELECT code, regions FROM schedule WHERE deleted_at IS NULL"):
        covers = json.loads(r["regions"] or "[]") or [ALL_REGIONS]
        if ALL_REGIONS in covers or any(reg.overlaps(c, region) for c in covers):
            out.add(r["code"])
    return out


def codes_for_host(db: Database, host: str | None) -> set[str] | None:
    """The schedules that apply where a meeting's host is: its agency's region, else the
    office's (None: no region known, every schedule)."""
    from kpukoord import agencies

    region = None
    if host:
        try:
            region = agencies.find(db, host)["region"]
        except KpuError:
            region = None  # a host created with this meeting has no region yet
    return applicable_codes(db, region or db.office()["region"])


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
            problems.append(_("{where}: {exc}").format(where=where, exc=exc))
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
    codes: Collection[str] | None = None,
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
    if codes is not None:
        cond, extra = _in_codes(codes)
        where.append(cond.removeprefix(" AND "))
        params += extra
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
        raise UsageError(
            _("progress {percent:g}% is not between 0 and 100").format(percent=percent)
        )
    if percent is None and not note:
        raise UsageError(_("give a percentage, a --note, or both"))
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
    from kpukoord.meetings import ATTENDEE_COUNT

    return db.query(
        "SELECT m.id, m.title, m.kind, m.status, m.start_date, m.end_date, "  # noqa: S608 (a constant)
        f"{ATTENDEE_COUNT} FROM meeting_stage l "
        "JOIN meeting m ON m.id = l.meeting_id WHERE l.stage_id = ? AND l.deleted_at IS NULL "
        "AND m.deleted_at IS NULL ORDER BY m.start_date",
        [stage_id],
    )
