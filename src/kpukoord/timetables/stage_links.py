"""What is said of a stage: the meetings that cite it and the progress reported on it.

Split from :mod:`kpukoord.timetables.stages` (issue 27), which keeps every name importable.
"""

from __future__ import annotations

import datetime as dt

from kpukoord.errors import UsageError
from kpukoord.language import dates
from kpukoord.language.i18n import _
from kpukoord.store.db import Database, Row


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
        if meeting_id:  # the meeting cites the stage: linked by the meetings' one writer
            from kpukoord.records import meetings

            ref = f"{stage['schedule']}:{stage['key']}"
            draft = meetings.Draft(stages=[(ref, "--meeting")])
            meetings.update(db, meetings.find(db, meeting_id), draft)
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
    from kpukoord.records.meetings import ATTENDEE_COUNT

    return db.query(
        "SELECT m.id, m.title, m.kind, m.status, m.start_date, m.end_date, m.origin, "  # noqa: S608 (a constant)
        f"{ATTENDEE_COUNT} FROM meeting_stage l "
        "JOIN meeting m ON m.id = l.meeting_id WHERE l.stage_id = ? AND l.deleted_at IS NULL "
        "AND m.deleted_at IS NULL ORDER BY m.start_date",
        [stage_id],
    )
