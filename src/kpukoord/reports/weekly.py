"""The weekly rakor report: what the chair needs on one page every Monday.

:func:`weekly` gathers the data (a plain dict, also the ``--json`` output);
:mod:`kpukoord.views.weekly` turns it into terminal, WhatsApp text, Markdown or
HTML; :mod:`kpukoord.reports.coverage` finds the agencies not met lately. Every
query here is bounded by the report's window (indexes on dates and
status), so the cost follows the window, not the size of the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpukoord.language.dates import today as today_of_office
from kpukoord.language.dates import week_bounds
from kpukoord.records import actions, meetings
from kpukoord.reports.coverage import coverage
from kpukoord.reports.sections import MAX_ITEMS, only
from kpukoord.store.db import Database, Row
from kpukoord.timetables import schedules, stages


def as_of_for_week(monday: dt.date, today: dt.date) -> dt.date:
    """The day a week's report speaks as of: the end of a past week, today inside the
    current week, the first day of a week still to come."""
    sunday = monday + dt.timedelta(days=6)
    if sunday < today:
        return sunday
    return today if monday <= today else monday


def weekly(
    db: Database,
    as_of: dt.date,
    *,
    ahead: int = 14,
    stale: int = 30,
    all_regions: bool = False,
    scope: dict[str, Any] | None = None,
    whole_week: bool = False,
) -> dict[str, Any]:
    """The report as of ``as_of``: of the 7 days up to it, or (``whole_week``, a report of
    a week by its number) of that week from its Monday.

    Meetings held in that span, and planned ones after it (up to ``ahead`` days);
    follow-ups overdue, due within ``ahead`` days, done in the span and open without a
    due date; countdowns and stages only of the schedules that apply to the office's
    region, unless ``all_regions``. With ``scope`` (:func:`kpukoord.reports.offices.find_offices`,
    in a merged file), only those offices' rows."""
    monday, sunday = week_bounds(as_of)
    back = monday if whole_week else as_of - dt.timedelta(days=6)
    until = as_of + dt.timedelta(days=ahead)
    office = scope or db.office()
    origins = scope["origins"] if scope else None
    # the schedules of the office's region (None: all of them)
    codes = None if all_regions else schedules.applicable_codes(db, office["region"])
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
        "countdowns": _countdowns(db, as_of, codes),
        "upcoming": _upcoming(db, as_of, codes, origins),
        "no_timetable": _no_timetable(db, as_of, codes),
        "stages": _stages(db, as_of, until, codes, origins),
        "holidays": _holidays(monday, until),
        "meetings": _meetings(db, as_of, back, until, origins),
        "actions": _actions(db, as_of, back, until, origins),
        "coverage": coverage(
            db, as_of, stale, origins, None if all_regions or scope else office["region"]
        ),
    }


def _countdowns(db: Database, as_of: dt.date, codes: set[str] | None) -> list[dict[str, Any]]:
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
        if codes is None or r["code"] in codes
    ]


# How far ahead the countdowns look for the next occurrence of a recurring stage.
UPCOMING_DAYS = 60


def _upcoming(
    db: Database, as_of: dt.date, codes: set[str] | None, origins: list[str] | None = None
) -> list[dict[str, Any]]:
    """The next occurrence of each recurring stage within UPCOMING_DAYS (pleno DPB, SIPOL
    close): a countdown to it, marked when it is only expected (on the day the office's
    own meeting for it set, ``origins``' in a merged file)."""
    rows = stages.overlapping(
        db, as_of, as_of + dt.timedelta(days=UPCOMING_DAYS), codes=codes, origins=origins
    )
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        if "occurrence" not in r or (r["schedule"], r["key"]) in out:
            continue
        start = dt.date.fromisoformat(r["start_date"])
        out[(r["schedule"], r["key"])] = {
            "schedule": r["schedule"],
            "key": r["key"],
            "name": r["name"],
            "occurrence": r["occurrence"],
            "start": r["start_date"],
            "end": r["end_date"],
            "expected": r["expected"],
            "days": max((start - as_of).days, 0),
        }
    return sorted(out.values(), key=lambda e: (e["start"], e["schedule"], e["key"]))


def _no_timetable(db: Database, as_of: dt.date, codes: set[str] | None) -> list[str]:
    """When no election's voting day lies ahead: the elections named by a schedule that has
    no date yet ("Pemilu 2029": jadwal belum ditetapkan)."""
    if _countdowns(db, as_of, codes):
        return []
    rows = db.query(
        "SELECT c.code, c.election, c.title FROM schedule c WHERE c.deleted_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM stage s WHERE s.schedule_id = c.id "
        "AND s.deleted_at IS NULL AND (s.start_date IS NOT NULL OR s.end_date IS NOT NULL "
        "OR s.recurs IS NOT NULL)) ORDER BY c.code"
    )
    return [r["election"] or r["title"] for r in rows if codes is None or r["code"] in codes]


def _stage_entry(
    r: Row, as_of: dt.date, progress: dict[str, Row], names: dict[str, str]
) -> dict[str, Any]:
    item = stages.item(r, as_of)
    elapsed = None
    if r["start_date"] and r["end_date"]:
        s, e = dt.date.fromisoformat(r["start_date"]), dt.date.fromisoformat(r["end_date"])
        total = (e - s).days + 1
        elapsed = round(100 * min(max((as_of - s).days + 1, 0), total) / total)
    p = progress.get(r["id"])
    return {
        "schedule": item["schedule"],
        "election": names.get(item["schedule"], item["schedule"]),
        "key": item["key"],
        "name": item["name"],
        "path": item["path"],
        "start": item["start"],
        "end": item["end"],
        "days_left": item["days_left"],
        "confidence": item["confidence"],
        "expected": item["expected"],
        "draft": item["draft"],
        "elapsed_percent": elapsed,
        "progress": (
            {"percent": p["percent"], "note": p["note"], "reported_on": p["reported_on"]}
            if p
            else None
        ),
    }


def _stages(
    db: Database,
    as_of: dt.date,
    until: dt.date,
    codes: set[str] | None,
    origins: list[str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    rows = stages.overlapping(db, as_of, until, codes=codes, origins=origins)
    if origins is None:
        progress = stages.latest_progress(db, [r["id"] for r in rows], as_of)
    else:  # those offices' own figures
        progress = {}
        for r in rows:
            p = db.one(
                "SELECT * FROM stage_progress WHERE stage_id = ? AND deleted_at IS NULL "  # noqa: S608
                f"AND reported_on <= ?{only('origin', origins)} "
                "ORDER BY reported_on DESC, created_at DESC LIMIT 1",
                [r["id"], as_of.isoformat(), *origins],
            )
            if p:
                progress[r["id"]] = p
    names = {  # a schedule's short name for people ("Pilkada 2024"), not its code
        r["code"]: r["election"] or r["title"]
        for r in db.query("SELECT code, election, title FROM schedule WHERE deleted_at IS NULL")
    }
    ending, active, starting = [], [], []
    d, u = as_of.isoformat(), until.isoformat()
    for r in rows:
        start, end = r["start_date"], r["end_date"] or r["start_date"]
        entry = _stage_entry(r, as_of, progress, names)
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
    """Indonesia's holidays of a year (:func:`kpukoord.timetables.workdays.holidays_of`)."""
    from kpukoord.timetables import workdays

    return workdays.holidays_of(year)


def _meetings(
    db: Database, as_of: dt.date, back: dt.date, until: dt.date, origins: list[str] | None = None
) -> dict[str, Any]:
    d, b = as_of.isoformat(), back.isoformat()
    held = "m.deleted_at IS NULL AND (m.status = 'held' OR (m.status = 'planned' AND m.start_date < ?))"
    held += only("m.origin", origins)
    o = origins or []
    # Meetings overlapping the past 7 days: those that began in it (an index range on
    # start_date), and the few multi-day ones that began before it (partial index).
    past_parts = [
        ("", f"{held} AND m.start_date >= ? AND m.start_date <= ?", [d, *o, b, d]),
        (
            # named: without statistics the planner takes (status, start_date) and
            # reads every held meeting before the week
            "INDEXED BY meeting_multiday ",
            # and bounded above: a meeting lasts at most MAX_DAYS, so one that began
            # before the week ends within MAX_DAYS of it (not every future one)
            f"{held} AND m.end_date > m.start_date AND m.end_date >= ? AND m.end_date <= ? "
            "AND +m.start_date < ?",
            [d, *o, b, (back + dt.timedelta(days=meetings.MAX_DAYS)).isoformat(), b],
        ),
    ]
    # Coming up after the as-of day: planned ones (a planned meeting of that very day
    # too), and, in a past week's report, those since held.
    planned_where = (
        # status IN (not != 'cancelled'): two ranges of meeting_live_status, where !=
        # read the whole index (500,000 entries nationally, 0.1 s) to count them
        "m.deleted_at IS NULL AND m.status IN ('planned', 'held') AND m.start_date >= ? "
        "AND m.start_date <= ? AND (m.status = 'planned' OR m.start_date > ?)"
    ) + only("m.origin", origins)
    planned_args = [d, until.isoformat(), d, *o]
    select = (
        "SELECT m.*, h.name AS host FROM meeting m {}LEFT JOIN agency h ON h.id = m.host_id WHERE "
    )
    order = " ORDER BY start_date, id LIMIT ?"
    # Each part on its own, in list order: the multi-day ones began before the week, so
    # they come first. Through meeting_start SQLite reads the week day by day and stops
    # after the first 50 (sorting ties by id within a day); a UNION ALL, or the
    # planner's OR of two status ranges, read and sorted every meeting of the week
    # (3,500 nationally). With some offices of a merged file: the planner's choice.
    by_day = "INDEXED BY meeting_start " if origins is None else ""
    past_rows = db.query(
        select.format(past_parts[1][0]) + past_parts[1][1] + order,
        [*past_parts[1][2], MAX_ITEMS],
    )
    past_rows += db.query(
        select.format(by_day) + past_parts[0][1] + order,
        [*past_parts[0][2], MAX_ITEMS - len(past_rows)],
    )
    # a meeting on separate days is listed in a week that holds one of its days, not in
    # a week that falls in its gap (21, 22 and 25 December: not the 23rd-24th alone)
    past_rows = [
        r
        for r in past_rows
        if not r["days"] or any(back <= d <= as_of for d in meetings.days_of(r))
    ]
    planned_rows = db.query(
        select.format(by_day) + planned_where + order, [*planned_args, MAX_ITEMS]
    )
    count = "SELECT count(*) FROM meeting m {}WHERE "
    # the week's own meetings counted from the covering live-status index (m008):
    # held ones, and planned ones whose day has passed, as two index ranges
    live = "INDEXED BY meeting_live_status "
    in_week = "m.deleted_at IS NULL AND m.start_date >= ? AND m.start_date <= ?"
    if origins is None:
        past_total = (
            db.scalar(count.format(live) + f"m.status = 'held' AND {in_week}", [b, d])
            + db.scalar(
                count.format(live) + f"m.status = 'planned' AND {in_week} AND m.start_date < ?",
                [b, d, d],
            )
            + db.scalar(count.format(past_parts[1][0]) + past_parts[1][1], past_parts[1][2])
        )
    else:  # some offices of a merged file: their rows, through the same clauses
        past_total = sum(db.scalar(count.format(i) + w, args) for i, w, args in past_parts)
    totals = {
        "past": past_total,
        "planned": db.scalar(count.format(live) + planned_where, planned_args),
    }
    past = meetings.records(db, past_rows[:MAX_ITEMS])
    planned = meetings.records(db, planned_rows[:MAX_ITEMS])
    return {
        "totals": totals,
        "past": [meetings.summary(m) for m in past],
        "planned": [meetings.summary(m) for m in planned],
    }


def _actions(
    db: Database, as_of: dt.date, back: dt.date, until: dt.date, origins: list[str] | None = None
) -> dict[str, Any]:
    xonly, o = only("x.origin", origins), origins or []
    select = (
        "SELECT x.*, coalesce(a.name, x.owner_group) AS owner, m.title AS meeting_title "
        "FROM action x LEFT JOIN agency a ON a.id = x.owner_id "
        "LEFT JOIN meeting m ON m.id = x.meeting_id "
    )
    d, u, b = as_of.isoformat(), until.isoformat(), back.isoformat()
    # the planner prefers (status, due_date) and then reads every row to test
    # deleted_at; the partial index holds exactly the live open follow-ups (with some
    # offices: the offices' own, by (origin, due_date))
    open_index = "action_open_due" if origins is None else "action_open_origin"
    # Each section: (index, condition, its parameters, order), listed up to MAX_ITEMS
    # and counted through the same index. Done ones through action_done_order: without
    # statistics (status, due_date) would read every done follow-up.
    sections = {
        "overdue": (
            open_index,
            "x.status = 'open' AND x.deleted_at IS NULL AND x.due_date < ?",
            [d],
            "x.due_date",
        ),
        "due": (
            open_index,
            "x.status = 'open' AND x.deleted_at IS NULL AND x.due_date >= ? AND x.due_date <= ?",
            [d, u],
            "x.due_date",
        ),
        "done": (
            "action_done_order",
            "x.status = 'done' AND x.deleted_at IS NULL AND x.done_date >= ? AND x.done_date <= ?",
            [b, d],
            "x.done_date",
        ),
    }
    listed: dict[str, list[Row]] = {}
    totals: dict[str, int] = {}
    for name, (index, where, params, order) in sections.items():
        listed[name] = db.query(
            select.replace("FROM action x ", f"FROM action x INDEXED BY {index} ")
            + f"WHERE {where}{xonly} ORDER BY {order}, x.created_at LIMIT ?",
            [*params, *o, MAX_ITEMS],
        )
        totals[name] = db.scalar(
            f"SELECT count(*) FROM action x INDEXED BY {index} WHERE {where}{xonly}",  # noqa: S608 (fixed clauses)
            [*params, *o],
        )
    if as_of < today_of_office():
        # A past week: a follow-up done after it was still open then ('report weekly
        # --week 2026-W49' lists what was due or late that week, as it stood)
        later = "x.status = 'done' AND x.deleted_at IS NULL AND x.done_date > ? AND "
        for name, due in (("overdue", "x.due_date < ?"), ("due", "x.due_date BETWEEN ? AND ?")):
            params = [d, d] if name == "overdue" else [d, d, u]
            rows = db.query(
                select.replace("FROM action x ", "FROM action x INDEXED BY action_done_order ")
                + f"WHERE {later}{due}{xonly} ORDER BY x.due_date, x.created_at LIMIT ?",
                [*params, *o, MAX_ITEMS],
            )
            if rows:
                both = sorted(
                    [*listed[name], *rows], key=lambda r: (r["due_date"], r["created_at"])
                )
                listed[name] = both[:MAX_ITEMS]
                totals[name] += db.scalar(
                    "SELECT count(*) FROM action x INDEXED BY action_done_order "  # noqa: S608 (fixed clauses)
                    f"WHERE {later}{due}{xonly}",
                    [*params, *o],
                )
    # Open follow-ups without a due date (most decisions in the news give none): the
    # oldest first, aged from their meeting's day (else from when they were written).
    undated_where = (
        "x.status = 'open' AND x.deleted_at IS NULL AND x.due_date IS NULL "
        "AND coalesce(m.start_date, substr(x.created_at, 1, 10)) <= ?"
    )
    undated = db.query(
        select.replace(
            "m.title AS meeting_title", "m.title AS meeting_title, m.start_date AS since"
        )
        + f"WHERE {undated_where} "
        "ORDER BY coalesce(m.start_date, substr(x.created_at, 1, 10)), x.created_at LIMIT ?",
        [as_of.isoformat(), MAX_ITEMS],
    )
    undated_total = db.scalar(
        "SELECT count(*) FROM action x LEFT JOIN meeting m ON m.id = x.meeting_id "  # noqa: S608
        f"WHERE {undated_where}",
        [as_of.isoformat()],
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
        for name, rows in listed.items()
    }
    out["undated"] = []
    for r in undated:
        since = r["since"] or r["created_at"][:10]
        item = {k: actions.record(r, as_of)[k] for k in keep}
        item["since"] = since
        item["days_open"] = (as_of - dt.date.fromisoformat(since)).days
        out["undated"].append(item)
    out["totals"] = {**totals, "undated": undated_total}
    return out
