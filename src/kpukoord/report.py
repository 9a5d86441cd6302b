"""The weekly rakor report: what the chair needs on one page every Monday.

:func:`weekly` gathers the data (a plain dict, also the ``--json`` output);
:mod:`kpukoord.views.weekly` turns it into terminal, WhatsApp text, Markdown or
HTML. Every query here is bounded by the report's window (indexes on dates and
status), so the cost follows the window, not the size of the database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from kpukoord import actions, meetings, stages
from kpukoord.dates import week_bounds
from kpukoord.db import Database, Row

# Agency kinds whose contact the chair watches, in display order.
COVERAGE_KINDS = ["bawaslu", "pemda", "dprd", "polri", "tni", "kejaksaan", "kesbangpol", "ppk"]
# How far back coverage looks for a last meeting; older contact counts as none.
LOOKBACK_DAYS = 365
# Longest list in a section; the rest are counted ("and N more"). A kabupaten office
# has a handful; a merged national database has thousands, which no page can show.
MAX_ITEMS = 50


def weekly(db: Database, as_of: dt.date, *, ahead: int = 14, stale: int = 30) -> dict[str, Any]:
    monday, sunday = week_bounds(as_of)
    back = as_of - dt.timedelta(days=6)
    until = as_of + dt.timedelta(days=ahead)
    office = db.office()
    iso = as_of.isocalendar()
    return {
        "office": {
            "name": office["name"],
            "region": office["region"],
            "timezone": office["timezone"],
        },
        "week": {
            "start": monday.isoformat(),
            "end": sunday.isoformat(),
            "iso": f"{iso.year}-W{iso.week:02d}",
        },
        "as_of": as_of.isoformat(),
        "window": {"back": back.isoformat(), "ahead": until.isoformat(), "stale_days": stale},
        "countdowns": _countdowns(db, as_of),
        "stages": _stages(db, as_of, until),
        "holidays": _holidays(monday, until),
        "meetings": _meetings(db, as_of, back, until),
        "actions": _actions(db, as_of, back, until),
        "coverage": _coverage(db, as_of, stale),
    }


def _countdowns(db: Database, as_of: dt.date) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT code, election, title, voting_day FROM schedule "
        "WHERE deleted_at IS NULL AND voting_day >= ? ORDER BY voting_day, code",
        [as_of.isoformat()],
    )
    return [
        {
            "schedule": r["code"],
            "election": r["election"] or r["title"],
            "voting_day": r["voting_day"],
            "days": (dt.date.fromisoformat(r["voting_day"]) - as_of).days,
        }
        for r in rows
    ]


def _stage_entry(r: Row, as_of: dt.date, progress: dict[str, Row]) -> dict[str, Any]:
    item = stages.item(r, as_of)
    elapsed = None
    if r["start_date"] and r["end_date"]:
        s, e = dt.date.fromisoformat(r["start_date"]), dt.date.fromisoformat(r["end_date"])
        total = (e - s).days + 1
        elapsed = round(100 * min(max((as_of - s).days + 1, 0), total) / total)
    p = progress.get(r["id"])
    return {
        "schedule": item["schedule"],
        "key": item["key"],
        "name": item["name"],
        "path": item["path"],
        "start": item["start"],
        "end": item["end"],
        "days_left": item["days_left"],
        "confidence": item["confidence"],
        "elapsed_percent": elapsed,
        "progress": (
            {"percent": p["percent"], "note": p["note"], "reported_on": p["reported_on"]}
            if p
            else None
        ),
    }


def _stages(db: Database, as_of: dt.date, until: dt.date) -> dict[str, list[dict[str, Any]]]:
    rows = stages.overlapping(db, as_of, until)
    progress = stages.latest_progress(db, [r["id"] for r in rows], as_of)
    ending, active, starting = [], [], []
    d, u = as_of.isoformat(), until.isoformat()
    for r in rows:
        start, end = r["start_date"], r["end_date"] or r["start_date"]
        entry = _stage_entry(r, as_of, progress)
        if start and start > d:
            starting.append(entry)
        elif end and d <= end <= u:
            ending.append(entry)
        else:
            active.append(entry)
    ending.sort(key=lambda e: (e["end"] or "", e["schedule"]))
    return {"ending": ending, "active": active, "starting": starting}


def _holidays(start: dt.date, end: dt.date) -> list[dict[str, str]]:
    out = []
    for year in range(start.year, end.year + 1):
        for day, name in _holidays_of(year):
            if start.isoformat() <= day <= end.isoformat():
                kind = "cuti bersama" if "cuti bersama" in name.lower() else "libur nasional"
                out.append({"date": day, "name": name, "kind": kind})
    return out


def _holidays_of(year: int) -> list[tuple[str, str]]:
    """Indonesia's national holidays and cuti bersama of a year (``holidays``, language id).

    Importing the package costs ~0.15 s, more than the rest of a report, so the
    list is cached per year in the user cache directory, keyed by the package's
    Indonesia data file (its size and time), which is read without importing it.
    """
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    origin = spec.origin if spec else None
    cache = None
    if origin:
        data = Path(origin).parent / "countries" / "indonesia.py"
        try:
            st = data.stat()
            from platformdirs import user_cache_path

            cache = user_cache_path("kpukoord", appauthor=False) / (
                f"holidays-ID-{year}-{st.st_size}-{int(st.st_mtime)}.json"
            )
            return [tuple(x) for x in json.loads(cache.read_text(encoding="utf-8"))]
        except (OSError, ValueError):
            pass
    import holidays

    cal = holidays.country_holidays(
        "ID", years=[year], language="id", categories=("public", "government")
    )
    items = [(d.isoformat(), name) for d, name in sorted(cal.items())]
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".tmp")
            tmp.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
            tmp.replace(cache)
        except OSError:
            pass  # a read-only cache only costs time
    return items


def _meetings(db: Database, as_of: dt.date, back: dt.date, until: dt.date) -> dict[str, Any]:
    d, b = as_of.isoformat(), back.isoformat()
    held = "m.deleted_at IS NULL AND (m.status = 'held' OR (m.status = 'planned' AND m.start_date < ?))"
    # Meetings overlapping the past 7 days: those that began in it (an index range on
    # start_date), and the few multi-day ones that began before it (partial index).
    past_parts = [
        ("", f"{held} AND m.start_date >= ? AND m.start_date <= ?", [d, b, d]),
        (
            # named: without statistics the planner takes (status, start_date) and
            # reads every held meeting before the week
            "INDEXED BY meeting_multiday ",
            # and bounded above: a meeting lasts at most MAX_DAYS, so one that began
            # before the week ends within MAX_DAYS of it (not every future one)
            f"{held} AND m.end_date > m.start_date AND m.end_date >= ? AND m.end_date <= ? "
            "AND +m.start_date < ?",
            [d, b, (back + dt.timedelta(days=meetings.MAX_DAYS)).isoformat(), b],
        ),
    ]
    planned_where = (
        "m.deleted_at IS NULL AND m.status = 'planned' AND m.start_date >= ? AND m.start_date <= ?"
    )
    planned_args = [d, until.isoformat()]
    select = (
        "SELECT m.*, h.name AS host FROM meeting m {}LEFT JOIN agency h ON h.id = m.host_id WHERE "
    )
    order = " ORDER BY start_date, id LIMIT ?"
    past_rows = db.query(
        " UNION ALL ".join(select.format(i) + w for i, w, _ in past_parts) + order,
        [*past_parts[0][2], *past_parts[1][2], MAX_ITEMS],
    )
    planned_rows = db.query(select.format("") + planned_where + order, [*planned_args, MAX_ITEMS])
    count = "SELECT count(*) FROM meeting m {}WHERE "
    # the week's own meetings counted from the covering live-status index (m008):
    # held ones, and planned ones whose day has passed, as two index ranges
    live = "INDEXED BY meeting_live_status "
    in_week = "m.deleted_at IS NULL AND m.start_date >= ? AND m.start_date <= ?"
    totals = {
        "past": db.scalar(count.format(live) + f"m.status = 'held' AND {in_week}", [b, d])
        + db.scalar(
            count.format(live) + f"m.status = 'planned' AND {in_week} AND m.start_date < ?",
            [b, d, d],
        )
        + db.scalar(count.format(past_parts[1][0]) + past_parts[1][1], past_parts[1][2]),
        "planned": db.scalar(count.format(live) + planned_where, planned_args),
    }
    past = meetings.records(db, past_rows[:MAX_ITEMS])
    planned = meetings.records(db, planned_rows[:MAX_ITEMS])
    keep = (
        "id",
        "title",
        "kind",
        "status",
        "start_date",
        "end_date",
        "start_time",
        "timezone",
        "venue",
        "host",
        "decisions",
        "stages",
    )
    return {
        "totals": totals,
        "past": [
            {**{k: m[k] for k in keep}, "attendees": [a["agency"] for a in m["attendees"]]}
            for m in past
        ],
        "planned": [
            {**{k: m[k] for k in keep}, "attendees": [a["agency"] for a in m["attendees"]]}
            for m in planned
        ],
    }


def _actions(db: Database, as_of: dt.date, back: dt.date, until: dt.date) -> dict[str, Any]:
    select = (
        "SELECT x.*, a.name AS owner, m.title AS meeting_title FROM action x "
        "JOIN agency a ON a.id = x.owner_id LEFT JOIN meeting m ON m.id = x.meeting_id "
    )
    # the planner prefers (status, due_date) and then reads every row to test
    # deleted_at; the partial index holds exactly the live open follow-ups
    open_select = select.replace("FROM action x ", "FROM action x INDEXED BY action_open_due ")
    overdue = db.query(
        open_select + "WHERE x.status = 'open' AND x.deleted_at IS NULL AND x.due_date < ? "
        "ORDER BY x.due_date, x.created_at LIMIT ?",
        [as_of.isoformat(), MAX_ITEMS],
    )
    overdue_total = db.scalar(
        "SELECT count(*) FROM action INDEXED BY action_open_due "
        "WHERE status = 'open' AND deleted_at IS NULL AND due_date < ?",
        [as_of.isoformat()],
    )
    due = db.query(
        open_select + "WHERE x.status = 'open' AND x.deleted_at IS NULL AND x.due_date >= ? "
        "AND x.due_date <= ? ORDER BY x.due_date, x.created_at LIMIT ?",
        [as_of.isoformat(), until.isoformat(), MAX_ITEMS],
    )
    due_total = db.scalar(
        "SELECT count(*) FROM action INDEXED BY action_open_due "
        "WHERE status = 'open' AND deleted_at IS NULL "
        "AND due_date >= ? AND due_date <= ?",
        [as_of.isoformat(), until.isoformat()],
    )
    # named for the same reason: (status, due_date) would read every done follow-up
    done_select = select.replace("FROM action x ", "FROM action x INDEXED BY action_done_order ")
    done = db.query(
        done_select + "WHERE x.status = 'done' AND x.deleted_at IS NULL AND x.done_date >= ? "
        "AND x.done_date <= ? ORDER BY x.done_date, x.created_at LIMIT ?",
        [back.isoformat(), as_of.isoformat(), MAX_ITEMS],
    )
    done_total = db.scalar(
        "SELECT count(*) FROM action INDEXED BY action_done_order "
        "WHERE status = 'done' AND deleted_at IS NULL "
        "AND done_date >= ? AND done_date <= ?",
        [back.isoformat(), as_of.isoformat()],
    )
    keep = (
        "id",
        "text",
        "owner",
        "due_date",
        "status",
        "days_late",
        "meeting",
        "done_date",
        "done_note",
    )
    out: dict[str, Any] = {
        name: [{k: actions.record(r, as_of)[k] for k in keep} for r in rows]
        for name, rows in (("overdue", overdue), ("due", due), ("done", done))
    }
    out["totals"] = {"overdue": overdue_total, "due": due_total, "done": done_total}
    return out


def _coverage(db: Database, as_of: dt.date, stale: int) -> list[dict[str, Any]]:
    """For each watched kind: the last held meeting with such an agency, and days since."""
    out = []
    d = as_of.isoformat()
    horizon = (as_of - dt.timedelta(days=max(LOOKBACK_DAYS, stale))).isoformat()
    for kind in COVERAGE_KINDS:
        if not db.scalar(
            "SELECT 1 FROM agency WHERE kind = ? AND deleted_at IS NULL LIMIT 1", [kind]
        ):
            continue
        row = _last_contact(db, kind, d, horizon)
        last = min(row["end_date"], d) if row else None
        days = (as_of - dt.date.fromisoformat(last)).days if last else None
        out.append(
            {
                "kind": kind,
                "last_meeting": (
                    {"id": row["id"], "title": row["title"], "date": row["start_date"]}
                    if row
                    else None
                ),
                "days_since": days,
                "stale": days is None or days > stale,
            }
        )
    return out


# Coverage reads at most this many of the newest held meetings before asking the agencies.
COVERAGE_WALK = 1000


def _last_contact(db: Database, kind: str, day: str, horizon: str) -> Row | None:
    """The latest held meeting in [horizon, day] hosted or attended by an agency of a kind.

    First the newest COVERAGE_WALK meetings, newest first: contact with the usual
    kinds is recent, so this stops within a few rows. A kind nobody met lately is
    then looked up from its agencies' side (attendee_agency, meeting_host; CROSS JOIN
    fixes that order, which the planner would otherwise turn around to walk the
    year's meetings), reading only that kind's own meetings.
    """
    exists = (
        "(EXISTS (SELECT 1 FROM attendee t JOIN agency a ON a.id = t.agency_id "
        " WHERE t.meeting_id = m.id AND t.deleted_at IS NULL AND a.kind = ?) "
        " OR EXISTS (SELECT 1 FROM agency h WHERE h.id = m.host_id AND h.kind = ?))"
    )
    # the start date of the COVERAGE_WALK-th newest held meeting (index entries only)
    floor = db.scalar(
        "SELECT start_date FROM meeting INDEXED BY meeting_status_start WHERE status = 'held' "
        "AND start_date <= ? AND start_date >= ? ORDER BY start_date DESC LIMIT 1 OFFSET ?",
        [day, horizon, COVERAGE_WALK - 1],
    )
    row = db.one(
        "SELECT m.id, m.title, m.start_date, m.end_date FROM meeting m "  # noqa: S608
        "INDEXED BY meeting_status_start WHERE m.status = 'held' AND m.deleted_at IS NULL "
        f"AND m.start_date <= ? AND m.start_date >= ? AND {exists} "
        "ORDER BY m.start_date DESC LIMIT 1",
        [day, max(floor or horizon, horizon), kind, kind],
    )
    if row is not None:
        return row
    held = "m.status = 'held' AND m.deleted_at IS NULL AND m.start_date <= ? AND m.start_date >= ?"
    # each attended meeting is looked up in the small covering meeting_held_id index
    # (m008), not in the table; only the winner's title is read from the table
    last = db.one(
        "SELECT m.id, m.start_date FROM agency a "  # noqa: S608
        "CROSS JOIN attendee t INDEXED BY attendee_agency ON t.agency_id = a.id "
        "CROSS JOIN meeting m INDEXED BY meeting_held_id ON m.id = t.meeting_id "
        f"WHERE a.kind = ? AND t.deleted_at IS NULL AND {held} "
        "UNION ALL SELECT m.id, m.start_date FROM agency a "
        "CROSS JOIN meeting m INDEXED BY meeting_host ON m.host_id = a.id "
        f"WHERE a.kind = ? AND {held} ORDER BY 2 DESC, 1 DESC LIMIT 1",
        [kind, day, horizon, kind, day, horizon],
    )
    if last is None:
        return None
    return db.one("SELECT id, title, start_date, end_date FROM meeting WHERE id = ?", [last["id"]])
