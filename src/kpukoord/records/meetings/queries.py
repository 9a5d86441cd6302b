"""Reading meetings: find, list, the records the views and exports show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypedDict, Unpack

from kpukoord.errors import KpuError
from kpukoord.language.i18n import _
from kpukoord.records import actions as actions_mod
from kpukoord.records import listing
from kpukoord.records.listing import Where
from kpukoord.records.meetings.days import day_entries, days_of
from kpukoord.records.meetings.draft import _ordered
from kpukoord.records.meetings.fields import (
    ITEM_KEYS,
    MAX_DAYS,
    RECORD_KEYS,
    SCALARS,
    SUMMARY_KEYS,
    Draft,
    check_kind,
    check_status,
)
from kpukoord.store.db import Database, Row
from kpukoord.store.ids import is_ulid


def file_id(db: Database, value: Any, where: str) -> str | None:
    """A meeting id given in a file: a well-formed ULID that is no other record's id."""
    if value is None or value == "":
        return None
    ident = str(value).strip().upper()
    at = f"{where}: " if where else ""
    if not is_ulid(ident):
        raise KpuError(
            _("{at}id {value0!r} is not a kpukoord id (26 characters, a ULID)").format(
                at=at, value0=str(value)
            )
        )
    for table in ("agency", "person", "position", "action", "decision", "attendee", "stage"):
        if db.one(f"SELECT 1 FROM {table} WHERE id = ?", [ident]):  # noqa: S608 (fixed names)
            raise KpuError(
                _("{at}id {ident} belongs to another kind of record ({table})").format(
                    at=at, ident=ident, table=table
                )
            )
    return ident


def same(rec: dict[str, Any], d: Draft) -> bool:
    """Whether a stored record already says what a whole draft (an import row) says."""
    attendees = [
        (a.agency, a.person or None, a.position or None, a.divisi or None, _ordered(a.roles))
        for a in d.attendees
    ]
    current = [
        (a["agency"], a["person"], a["position"], a["divisi"], a["roles"]) for a in rec["attendees"]
    ]
    groups = [(g.kind, g.scope, g.count) for g in d.groups]
    items = {
        key: [(i.text, i.by, i.agency, i.value, i.previous) for i in d.items if i.kind == kind]
        for key, kind in ITEM_KEYS.items()
    }
    stored_items = {
        key: [
            (i["text"], i["by"], i.get("agency"), i.get("value"), i.get("from")) for i in rec[key]
        ]
        for key in ITEM_KEYS
    }
    return (
        groups == [(g["kind"], g["scope"], g["count"]) for g in rec["groups"]]
        and items == stored_items
        and rec["title"] == d.title
        and rec["kind"] == d.kind
        and (d.status is None or rec["status"] == d.status)
        and d.start is not None
        and d.end is not None
        and rec["start_date"] == d.start.isoformat()
        and rec["end_date"] == d.end.isoformat()
        and rec["start_time"] == d.time
        and rec["end_time"] == d.end_time
        and rec["part_of_day"] == d.part_of_day
        and [x["date"] for x in rec["days"]]
        == [x.isoformat() for x in (d.days or days_of(rec | {"days": None}))]
        and (d.timezone is None or rec["timezone"] == d.timezone)
        and ("date_as_written" not in d.where or rec["date_as_written"] == d.date_as_written)
        and all(rec[k] == getattr(d, k) for k in SCALARS)
        and (d.host is None or rec["host"] == d.host)
        and rec["decisions"] == d.decisions
        and current == attendees
        and sorted(s["ref"] for s in rec["stages"]) == sorted(n for n, _ in d.stages)
        and rec["regulations"] == d.regulations
    )


def find(db: Database, ident: str) -> Row:
    return db.by_prefix("meeting", ident, _("meeting"), label="title")


# ---------------------------------------------------------------------------
# Reading


class Filters(TypedDict, total=False):
    """The filters of a meeting list; each left out or None: not filtered. They compose
    (AND)."""

    start: dt.date | None  # meetings overlapping [start, end]
    end: dt.date | None
    agency_id: str | None  # hosted or attended by the agency
    kind: str | None
    status: str | None
    stage_ids: list[str] | None  # linked to one of the stages ([]: to none of them)
    regulation: str | None  # citing the regulation


def list_rows(db: Database, *, limit: int | None = None, **filters: Unpack[Filters]) -> list[Row]:
    """Live meetings of the filters (:class:`Filters`), newest first."""
    where, params, index = _list_filters(**filters)
    stage_ids = filters.get("stage_ids")
    if limit and stage_ids and len(stage_ids) <= STAGE_BRANCHES:
        # Each stage's newest meetings straight from its links' dated index (m014),
        # one branch per stage: the page is among the branches' first ``limit`` rows.
        unlinked = filters.copy()
        unlinked.pop("stage_ids")
        base, base_params, _index = _list_filters(**unlinked)
        branches = " UNION ".join(
            f"SELECT id FROM (SELECT m.id FROM meeting_stage l INDEXED BY meeting_stage_date "  # noqa: S608 (fixed clauses)
            # each link's meeting by its id (a covering index of a filter's columns
            # would otherwise tempt the planner into a range scan per link)
            f"JOIN meeting m INDEXED BY sqlite_autoindex_meeting_1 ON m.id = l.meeting_id "
            f"WHERE l.stage_id = ? AND l.deleted_at IS NULL "
            f"AND {base} ORDER BY l.start_date DESC, l.meeting_id DESC LIMIT {int(limit)})"
            for _sid in stage_ids
        )
        where = f"m.id IN ({branches})"
        params = [p for sid in stage_ids for p in (sid, *base_params)]
        index = ""
    sql = (
        f"SELECT m.*, h.name AS host, {ATTENDEE_COUNT} "  # noqa: S608 (fixed clauses, ? placeholders)
        f"FROM meeting m {index} LEFT JOIN agency h ON h.id = m.host_id "
        f"WHERE {where} ORDER BY m.start_date DESC, m.id DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return db.query(sql, params)


# A meeting's participant count as every list shows it ("att."): its live attendees
# (``m`` is the meeting in the query). One definition for meeting list and stage show.
ATTENDEE_COUNT = (
    "(SELECT count(*) FROM attendee t WHERE t.meeting_id = m.id AND t.deleted_at IS NULL) "
    "AS attendee_count"
)


# A stage filter naming at most this many stages (coklit: one a timetable) reads each
# stage's page from meeting_stage_date; more (a vague word) are read and sorted whole.
STAGE_BRANCHES = 20


def list_total(db: Database, **filters: Unpack[Filters]) -> int:
    """How many meetings :func:`list_rows` would return without a limit (from an index),
    counted up to ``COUNT_CAP + 1`` (:meth:`Database.count_upto`); the same filters."""
    where, params, index = _list_filters(**filters)
    if not index and not where.count(" AND "):  # no filter: count the live-rows index
        index = "INDEXED BY meeting_live_status"
    return db.count_upto(f"SELECT 1 FROM meeting m {index} WHERE {where}", params)  # noqa: S608


# list_page(db, limit=N, **filters): the first N meetings of a list and how many there are
list_page = listing.pager(list_rows, list_total)


def _list_filters(**filters: Unpack[Filters]) -> tuple[str, list[Any], str]:
    """(WHERE clause, its parameters, INDEXED BY clause or '') of a meeting list.

    Without statistics (users' files never get ANALYZE) SQLite weighs the indexes of
    two equality filters alike and may read every planned meeting to find the rakor;
    when kind or status is the narrowest filter given, its index (m008) is named.
    An agency or stage filter drives the query from its own small id list instead.
    """
    start, end, stage_ids = filters.get("start"), filters.get("end"), filters.get("stage_ids")
    agency_id, kind, status = filters.get("agency_id"), filters.get("kind"), filters.get("status")
    regulation = filters.get("regulation")
    where = Where("m.deleted_at IS NULL")
    if start:
        # start_date is bounded below too (meetings last at most MAX_DAYS), so the
        # meeting_start index reads only the window, not the whole past.
        earliest = start - dt.timedelta(days=MAX_DAYS)
        where.add("m.end_date >= ? AND m.start_date >= ?", start.isoformat(), earliest.isoformat())
    if end:
        where.add("m.start_date <= ?", end.isoformat())
    if agency_id:
        # hosted (meeting_host) or attended (attendee_agency): a MULTI-INDEX OR
        where.add(
            "(m.host_id = ? OR m.id IN (SELECT meeting_id FROM attendee "
            "WHERE agency_id = ? AND deleted_at IS NULL))",
            agency_id,
            agency_id,
        )
    if kind:
        where.add("m.kind = ?", check_kind(kind))
    if status:
        where.add("m.status = ?", check_status(status))
    if stage_ids is not None:
        marks = ", ".join("?" for _ in stage_ids) or "NULL"
        where.add(
            f"m.id IN (SELECT meeting_id FROM meeting_stage WHERE stage_id IN ({marks}) "  # noqa: S608 (placeholders only)
            "AND deleted_at IS NULL)",
            *stage_ids,
        )
    if regulation:
        from kpukoord.timetables import regulations as reg_mod

        where.add(
            "m.id IN (SELECT meeting_id FROM meeting_regulation WHERE ref = ? "
            "AND deleted_at IS NULL)",
            reg_mod.lookup(regulation).ref,
        )
    index = ""
    if not agency_id and stage_ids is None and not regulation:
        if kind:
            index = "INDEXED BY meeting_kind"
        elif status:
            index = "INDEXED BY meeting_live_status"
    return where.sql(), where.params, index


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _children(db: Database, sql: str, ids: list[str]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {i: [] for i in ids}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for r in db.query(sql.format(marks=marks), chunk):
            out[r["meeting_id"]].append(r)
    return out


def records(db: Database, rows: list[Row]) -> list[dict[str, Any]]:
    """Full records (the JSON contract) for meeting rows, children fetched in batches."""
    ids = [r["id"] for r in rows]
    att = _children(
        db,
        "SELECT t.meeting_id, t.agency_id, a.name AS agency, t.person_id, p.name AS person, "
        "t.position, t.divisi, t.roles FROM attendee t JOIN agency a ON a.id = t.agency_id "
        "LEFT JOIN person p ON p.id = t.person_id "
        "WHERE t.meeting_id IN ({marks}) AND t.deleted_at IS NULL ORDER BY t.seq, t.created_at",
        ids,
    )
    grp = _children(
        db,
        "SELECT meeting_id, kind, scope, count FROM attendee_group "
        "WHERE meeting_id IN ({marks}) AND deleted_at IS NULL ORDER BY seq, created_at",
        ids,
    )
    itm = _children(
        db,
        "SELECT i.meeting_id, i.kind, i.text, i.value, i.previous, i.agency_id, a.name AS agency, "
        "i.person_id, p.name AS person FROM meeting_item i "
        "LEFT JOIN agency a ON a.id = i.agency_id LEFT JOIN person p ON p.id = i.person_id "
        "WHERE i.meeting_id IN ({marks}) AND i.deleted_at IS NULL ORDER BY i.kind, i.seq, i.created_at",
        ids,
    )
    dec = _children(
        db,
        "SELECT meeting_id, text FROM decision WHERE meeting_id IN ({marks}) "
        "AND deleted_at IS NULL ORDER BY seq, created_at",
        ids,
    )
    act = _children(
        db,
        "SELECT x.meeting_id, x.id, x.text, a.name AS owner, x.owner_id, x.owner_group, "
        "x.due_date, x.status, x.done_date, x.done_note FROM action x "
        "LEFT JOIN agency a ON a.id = x.owner_id "
        "WHERE x.meeting_id IN ({marks}) AND x.deleted_at IS NULL ORDER BY x.created_at",
        ids,
    )
    stg = _children(
        db,
        "SELECT l.meeting_id, s.id, c.code AS schedule, s.key, s.name, s.start_date, s.end_date "
        "FROM meeting_stage l JOIN stage s ON s.id = l.stage_id "
        "JOIN schedule c ON c.id = s.schedule_id "
        "WHERE l.meeting_id IN ({marks}) AND l.deleted_at IS NULL ORDER BY s.start_date",
        ids,
    )
    regs = _children(
        db,
        "SELECT meeting_id, ref FROM meeting_regulation WHERE meeting_id IN ({marks}) "
        "AND deleted_at IS NULL ORDER BY seq, created_at",
        ids,
    )
    host_ids = sorted({r["host_id"] for r in rows if r["host_id"] and "host" not in r})
    hosts: dict[str, str] = {}
    for chunk in _chunks(host_ids):
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT id, name FROM agency WHERE id IN ({marks})"  # noqa: S608 (placeholders only)
        hosts.update({h["id"]: h["name"] for h in db.query(sql, chunk)})
    out = []
    for r in rows:
        host = r["host"] if "host" in r else hosts.get(r["host_id"])
        rec = {k: r.get(k) for k in RECORD_KEYS}
        rec["days"] = day_entries({**rec, "days": r.get("days")})
        attendees = [
            {
                **{k: a[k] for k in ("agency", "agency_id", "person", "person_id", "position")},
                "divisi": a["divisi"],
                "roles": a["roles"].split(),
            }
            for a in att[r["id"]]
        ]

        chair: dict[str, Any] | None = _holder(attendees, "chair")
        if chair is None and r.get("chair"):  # free text older than m010_meeting_roles
            chair = {
                "agency": None,
                "agency_id": None,
                "person": r["chair"],
                "person_id": None,
                "position": None,
                "divisi": None,
            }
        items: dict[str, list[dict[str, Any]]] = {k: [] for k in ITEM_KEYS}
        for i in itm[r["id"]]:
            key = next(k for k, v in ITEM_KEYS.items() if v == i["kind"])
            entry: dict[str, Any] = {"text": i["text"]}
            if i["kind"] == "figure":
                entry.update({"value": i["value"], "from": i["previous"]})
            if i["kind"] in ("award", "figure"):
                entry.update({"agency": i["agency"], "agency_id": i["agency_id"]})
            entry.update({"by": i["person"], "by_id": i["person_id"]})
            items[key].append(entry)
        rec.update(
            host=host,
            opened_by=_holder(attendees, "opened-by"),
            chair=chair,
            speakers=_holders(attendees, "speaker"),
            notulis=_holder(attendees, "notulis"),
            attendees=attendees,
            groups=[{k: g[k] for k in ("kind", "scope", "count")} for g in grp[r["id"]]],
            decisions=[d["text"] for d in dec[r["id"]]],
            actions=[
                {
                    **{k: v for k, v in a.items() if k not in ("meeting_id", "owner_group")},
                    "owner": actions_mod.owner(a),
                }
                for a in act[r["id"]]
            ],
            stages=[
                {
                    "id": s["id"],
                    "ref": f"{s['schedule']}:{s['key']}",
                    "name": s["name"],
                    "start": s["start_date"],
                    "end": s["end_date"],
                }
                for s in stg[r["id"]]
            ],
            regulations=[g["ref"] for g in regs[r["id"]]],
            **items,
        )
        out.append(rec)
    return out


def _holders(attendees: list[dict[str, Any]], role: str) -> list[dict[str, Any]]:
    """The attendees holding a role, as the record's role keys show them."""
    return [{k: v for k, v in a.items() if k != "roles"} for a in attendees if role in a["roles"]]


def _holder(attendees: list[dict[str, Any]], role: str) -> dict[str, Any] | None:
    found = _holders(attendees, role)
    return found[0] if found else None


def summary(rec: dict[str, Any]) -> dict[str, Any]:
    """A record as a summary shows it (:data:`SUMMARY_KEYS`)."""
    out = {k: rec[k] for k in SUMMARY_KEYS}
    out["attendees"] = [a["agency"] for a in rec["attendees"]]
    return out


def record(db: Database, row: Row) -> dict[str, Any]:
    return records(db, [row])[0]
