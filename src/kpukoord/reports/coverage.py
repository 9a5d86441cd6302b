"""The weekly report's coverage: for each kind of agency the chair watches, those this
office has not met lately, and the last meeting with any of them.

Every query is bounded by the lookback year or an index on the agency (see each
function), so the cost follows the agencies watched, not the size of the file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpukoord.reports.sections import MAX_ITEMS, only
from kpukoord.store.db import Database, Row

# Agency kinds whose contact the chair watches, in display order.
COVERAGE_KINDS = ["bawaslu", "pemda", "dprd", "polri", "tni", "kejaksaan", "kesbangpol", "ppk"]
# How far back coverage looks for a last meeting; older contact counts as none.
LOOKBACK_DAYS = 365


def coverage(
    db: Database,
    as_of: dt.date,
    stale: int,
    origins: list[str] | None = None,
    region: str | None = None,
) -> list[dict[str, Any]]:
    """For each watched kind: its agencies this office has not met for ``stale`` days
    (never, or last longer ago), the last meeting with any of them, and how many there are.

    An agency counts as met by a held meeting it attended or hosted, where it was part
    of a collective attendee of its kind ("Ketua PPK se-Kabupaten ..."), received an
    award or was given a follow-up (:func:`_met_in_other_ways`). The office's own
    agency is not counted: an office does not coordinate with itself. With ``origins``
    (a merged file), only those offices' meetings and agencies count. With ``region``
    (the office's), only agencies of that region, of a region above it (the province's)
    or inside it, and those whose region is not recorded: Bengkulu Utara's Bawaslu is no
    counterpart of KPU Sijunjung."""
    d = as_of.isoformat()
    horizon = (as_of - dt.timedelta(days=max(LOOKBACK_DAYS, stale))).isoformat()
    own = db.office().get("agency_id")
    marks = ", ".join("?" for _ in COVERAGE_KINDS)
    mine, o = only("m.origin", origins), origins or []
    held = f"m.status = 'held' AND m.deleted_at IS NULL AND m.start_date <= ? AND m.start_date >= ?{mine}"
    met_on: dict[str, str] = {}
    near = ""
    if region:  # the office's region, the ones above it and inside it (text, no wildcards)
        near = (
            " AND (a.region IS NULL OR a.region = ? OR substr(a.region, 1, length(?) + 1) = ? || '.'"
            " OR substr(?, 1, length(a.region) + 1) = a.region || '.')"
        )
    agency_where = (
        f"a.deleted_at IS NULL AND a.kind IN ({marks}) AND a.id IS NOT ?{near}"
        f"{only('a.origin', origins)} ORDER BY a.id"
    )
    near_params = [region, region, region, region] if region else []
    if origins is None:
        # The whole file: each agency's last held attendance within the lookback year
        # is one seek in attendee_agency_held (m015), its last hosted one one seek in
        # meeting_host; the same work for an agency met yesterday and one never met.
        rows = db.query(
            "SELECT a.id, a.name, a.kind, (SELECT t.held_on FROM attendee t "  # noqa: S608
            "INDEXED BY attendee_agency_held WHERE t.agency_id = a.id AND t.held_on >= ? "
            "AND t.held_on <= ? AND t.deleted_at IS NULL ORDER BY t.held_on DESC LIMIT 1) "
            "AS attended, (SELECT m.start_date FROM meeting m INDEXED BY meeting_host "
            f"WHERE m.host_id = a.id AND {held} ORDER BY m.start_date DESC LIMIT 1) AS hosted "
            f"FROM agency a WHERE {agency_where}",
            [horizon, d, d, horizon, *COVERAGE_KINDS, own, *near_params],
        )
        for r in rows:
            day = max(r["attended"] or "", r["hosted"] or "")
            if day:
                met_on[r["id"]] = day
    else:
        rows = db.query(
            f"SELECT a.id, a.name, a.kind FROM agency a WHERE {agency_where}",  # noqa: S608
            [*COVERAGE_KINDS, own, *near_params, *o],
        )
        recent = as_of - dt.timedelta(days=stale)
        _coverage_of_offices(db, rows, held, d, horizon, recent, o, met_on)
    recent_day = (as_of - dt.timedelta(days=stale)).isoformat()
    _met_in_other_ways(db, rows, held, [d, horizon, *o], met_on, recent_day)
    agencies = [
        {"id": r["id"], "name": r["name"], "kind": r["kind"], "last_met": met_on.get(r["id"])}
        for r in rows
    ]
    out = []
    for kind in COVERAGE_KINDS:
        of_kind = [r for r in agencies if r["kind"] == kind]
        if not of_kind:
            continue
        cold = []
        for r in of_kind:
            days = (as_of - dt.date.fromisoformat(r["last_met"])).days if r["last_met"] else None
            if days is None or days > stale:
                cold.append({"id": r["id"], "name": r["name"], "last_met": r["last_met"],
                             "days_since": days})  # fmt: skip
        cold.sort(key=lambda c: (c["last_met"] is not None, c["last_met"] or "", c["name"]))
        met = [r["last_met"] for r in of_kind if r["last_met"]]
        last = max(met) if met else None
        out.append(
            {
                "kind": kind,
                "agencies": len(of_kind),
                "last_met": last,
                "days_since": (as_of - dt.date.fromisoformat(last)).days if last else None,
                "stale": cold[:MAX_ITEMS],
                "stale_total": len(cold),
            }
        )
    return out


def _met_in_other_ways(
    db: Database,
    rows: list[Row],
    held: str,
    params: list[Any],
    met_on: dict[str, str],
    recent_day: str,
) -> None:
    """The contact that is not an attendance or a hosting, within the lookback year:
    an award or a follow-up given to the agency at a held meeting, and a collective
    attendee of its kind (the group stands for every agency of that kind this office
    coordinates: "PPK se-Kabupaten" is all of them).

    Only for the agencies not already met since ``recent_day`` (the stale window):
    those the report lists, few where coordination goes well. Each is a seek in its
    awards (meeting_item_award, m017) and its follow-ups (action_owner); each kind of
    theirs one query over the groups of that kind (attendee_group_kind, m017). An
    agency met recently keeps the day of its attendance or hosting as its last."""

    def later(ident: str | None, day: str | None) -> None:
        if ident and day and day > met_on.get(ident, ""):
            met_on[ident] = day

    cold = [r for r in rows if met_on.get(r["id"], "") < recent_day]
    for r in cold:
        later(
            r["id"],
            db.scalar(
                "SELECT max(day) FROM ("  # noqa: S608 (fixed clauses)
                "SELECT max(m.start_date) AS day FROM meeting_item i INDEXED BY "
                "meeting_item_award CROSS JOIN meeting m ON m.id = i.meeting_id "
                f"WHERE i.agency_id = ? AND i.kind = 'award' AND i.deleted_at IS NULL AND {held} "
                "UNION ALL SELECT max(m.start_date) FROM action x INDEXED BY action_owner "
                f"CROSS JOIN meeting m ON m.id = x.meeting_id WHERE x.owner_id = ? "
                f"AND x.deleted_at IS NULL AND {held})",
                [r["id"], *params, r["id"], *params],
            ),
        )
    for kind in sorted({r["kind"] for r in cold}):
        day = db.scalar(
            "SELECT max(m.start_date) FROM attendee_group g INDEXED BY attendee_group_kind "  # noqa: S608 (fixed clauses)
            f"CROSS JOIN meeting m ON m.id = g.meeting_id WHERE g.kind = ? "
            f"AND g.deleted_at IS NULL AND {held}",
            [kind, *params],
        )
        for r in cold:
            if r["kind"] == kind:
                later(r["id"], day)


def _coverage_of_offices(
    db: Database,
    rows: list[Row],
    held: str,
    d: str,
    horizon: str,
    recent_day: dt.date,
    o: list[str],
    met_on: dict[str, str],
) -> None:
    """Coverage for some offices of a merged file (held meetings of those origins only):
    the agencies met in the stale window in one pass over its meetings, then each other
    agency from its own attendances and hosted meetings within the lookback year."""
    recent = recent_day.isoformat()
    for r in db.query(
        "SELECT t.agency_id AS id, max(m.start_date) AS day FROM meeting m "  # noqa: S608
        f"JOIN attendee t ON t.meeting_id = m.id WHERE {held} AND t.deleted_at IS NULL "
        "GROUP BY t.agency_id "
        "UNION ALL SELECT m.host_id AS id, max(m.start_date) AS day FROM meeting m "
        f"WHERE {held} GROUP BY m.host_id",
        [d, recent, *o, d, recent, *o],
    ):
        if r["id"] and r["day"] > met_on.get(r["id"], ""):
            met_on[r["id"]] = r["day"]
    for r in rows:
        if r["id"] in met_on:
            continue
        day = db.scalar(
            "SELECT max(day) FROM ("  # noqa: S608 (fixed clauses)
            # CROSS JOIN keeps this order: the agency's own attendances, then each
            # meeting by id (without it the planner walks the whole year's meetings)
            "SELECT max(m.start_date) AS day FROM attendee t INDEXED BY attendee_agency "
            "CROSS JOIN meeting m INDEXED BY meeting_held_id ON m.id = t.meeting_id"
            f" WHERE t.agency_id = ? AND t.deleted_at IS NULL AND {held} "
            # meeting_host named: without statistics SQLite reads the year's held
            # meetings through meeting_live_status instead (47 ms an agency, 10x file)
            f"UNION ALL SELECT max(m.start_date) FROM meeting m INDEXED BY meeting_host "
            f"WHERE m.host_id = ? AND {held})",
            [r["id"], d, horizon, *o, r["id"], d, horizon, *o],
        )
        if day:
            met_on[r["id"]] = day
