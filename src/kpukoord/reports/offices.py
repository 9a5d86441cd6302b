"""Reports over many offices: what a province (or KPU RI) sees in a merged file.

:func:`offices` gathers the supervisor's table (a plain dict, also the ``--json``
output of ``report offices``); :mod:`kpukoord.views.offices` lays it out.
:func:`find_offices` resolves ``--office NAME`` / ``--region CODE`` to the offices
whose rows (by ``origin``) a report should cover.

Every query is bounded by the week, the stale window or a partial index
(m009: open follow-ups and held meetings by origin), so a national file of
514 offices answers in well under a second.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpukoord.errors import NotFound
from kpukoord.language import names
from kpukoord.language.dates import week_bounds
from kpukoord.language.i18n import _
from kpukoord.records import agencies, lookup
from kpukoord.reports.sections import MAX_ITEMS  # longest list; totals count them all
from kpukoord.store.db import Database, Row
from kpukoord.timetables import stages

SILENT_DAYS = 14  # an office that has sent nothing new for this long is listed
STALE_NAMES = 5  # agencies named per office (the rest are counted)


def all_offices(db: Database) -> list[Row]:
    return db.query(
        "SELECT o.id, o.name, o.region, o.timezone, o.agency_id, a.lookup "
        "FROM office o LEFT JOIN agency a ON a.id = o.agency_id "
        "WHERE o.deleted_at IS NULL ORDER BY o.name, o.id"
    )


def find_offices(
    db: Database, *, office: str | None = None, region: str | None = None
) -> dict[str, Any]:
    """The offices a report covers: {"name", "region", "timezone", "origins"}."""
    rows = all_offices(db)
    if office:
        text = office.strip()
        found = [r for r in rows if text.upper() and r["id"].startswith(text.upper())]
        k, loose = names.key(text), names.loose_key(text)
        tests = [  # the name or an alias exactly, then without level words, then a part
            lambda r: f"|{k}|" in (r["lookup"] or "") or names.key(r["name"] or "") == k,
            lambda r: names.loose_key(r["name"] or "") == loose,
            lambda r: k in names.key(r["name"] or "") or k in (r["lookup"] or ""),
        ]
        for test in tests if k and not found else []:
            found = [r for r in rows if test(r)]
            if found:
                break
        if not found:
            known = ", ".join(r["name"] for r in rows if r["name"][:1]) if len(rows) <= 10 else ""
            raise NotFound(
                _("no office named {office!r} in this file").format(office=office)
                + " "
                + (
                    _("(offices: {names})").format(names=known)
                    if known
                    else _("(see 'kpukoord report offices')")
                )
            )
        if len(found) > 1:
            raise lookup.ambiguous(
                found, _("office {office!r} is ambiguous: {value0}"), office=office
            )
        return _one_office(found[0])
    assert region is not None
    code = agencies.check_region(region)
    found = [r for r in rows if r["region"] and (r["region"] + ".").startswith(code + ".")]
    if not found:
        raise NotFound(_("no office in region {code} in this file").format(code=code))
    if len(found) == 1:
        return _one_office(found[0])
    zones = {r["timezone"] for r in found}
    return {
        "name": f"Wilayah {code}: {len(found)} kantor",
        "region": code,
        "timezone": zones.pop() if len(zones) == 1 else None,
        "origins": [r["id"] for r in found],
    }


def _one_office(r: Row) -> dict[str, Any]:
    """A report's scope of one office: its own rows."""
    return {
        "name": r["name"],
        "region": r["region"],
        "timezone": r["timezone"],
        "origins": [r["id"]],
    }


def offices(db: Database, as_of: dt.date, *, stale: int = 30) -> dict[str, Any]:
    """Per office: this week's meetings, last rakor, follow-ups, stale agencies, progress."""
    monday, sunday = week_bounds(as_of)
    d = as_of.isoformat()
    rows = all_offices(db)
    own = db.office_id
    week = dict(
        db.conn.execute(
            "SELECT origin, count(*) FROM meeting WHERE start_date >= ? AND start_date <= ? "
            "AND status = 'held' AND deleted_at IS NULL GROUP BY origin",
            [monday.isoformat(), sunday.isoformat()],
        ).fetchall()
    )
    follow: dict[str, tuple[int, int]] = {
        o: (n, late or 0)
        for o, n, late in db.conn.execute(
            "SELECT origin, count(*), sum(due_date < ?) FROM action INDEXED BY action_open_origin "
            "WHERE status = 'open' AND deleted_at IS NULL GROUP BY origin",
            [d],
        )
    }
    progress = _progress(db, as_of)
    received = {
        r["origin"]: r["last_change"]
        for r in db.query("SELECT origin, last_change FROM _merge_origin")
    }
    quiet_before = (as_of - dt.timedelta(days=SILENT_DAYS)).isoformat()
    items = []
    for r in rows:
        o = r["id"]
        last_rakor = db.scalar(
            "SELECT max(start_date) FROM meeting INDEXED BY meeting_origin_kind "
            "WHERE origin = ? AND kind = 'rakor' AND status = 'held' AND deleted_at IS NULL "
            "AND start_date <= ?",
            [o, d],
        )
        last_change = received.get(o)
        silent = o != own and (last_change is None or last_change[:10] < quiet_before)
        open_n, late_n = follow.get(o, (0, 0))
        items.append(
            {
                "office": r["name"],
                "origin": o,
                "region": r["region"],
                "own": o == own,
                "meetings_this_week": week.get(o, 0),
                "last_rakor": last_rakor,
                "open_actions": open_n,
                "overdue_actions": late_n,
                "stale_agencies": {"total": 0, "names": []},
                "progress": progress.get(o, []),
                "last_change": last_change[:10] if last_change else None,
                "silent": silent,
            }
        )
    items.sort(key=lambda x: (-x["overdue_actions"], x["office"] or "", x["origin"]))
    listed = items[:MAX_ITEMS]  # agencies not met: only for the offices shown
    by_id = {r["id"]: r for r in rows}
    stale_by = _stale_agencies(db, [by_id[x["origin"]] for x in listed], as_of, stale)
    for x in listed:
        names_, n_stale = stale_by[x["origin"]]
        x["stale_agencies"] = {"total": n_stale, "names": names_}
    silent_items = [
        {
            "office": x["office"],
            "origin": x["origin"],
            "region": x["region"],
            "last_change": x["last_change"],
        }
        for x in sorted(items, key=lambda x: (x["last_change"] or "", x["office"] or ""))
        if x["silent"]
    ]
    iso = as_of.isocalendar()
    return {
        "as_of": d,
        "week": {
            "start": monday.isoformat(),
            "end": sunday.isoformat(),
            "iso": f"{iso.year}-W{iso.week:02d}",
        },
        "stale_days": stale,
        "silent_days": SILENT_DAYS,
        "offices": items[:MAX_ITEMS],
        "silent": silent_items[:MAX_ITEMS],
        "totals": {
            "offices": len(items),
            "silent": len(silent_items),
            "meetings_this_week": sum(x["meetings_this_week"] for x in items),
            "open_actions": sum(x["open_actions"] for x in items),
            "overdue_actions": sum(x["overdue_actions"] for x in items),
        },
    }


def _stale_agencies(
    db: Database, offices_: list[Row], as_of: dt.date, stale: int
) -> dict[str, tuple[list[str], int]]:
    """Per office: its agencies (its own and those a merge kept as one) not met lately.

    For the offices listed (at most 50), each through its own held meetings of the
    window, so the cost does not grow with the number of offices in the file.
    """
    since = (as_of - dt.timedelta(days=stale)).isoformat()
    d = as_of.isoformat()
    names_by_id: dict[str, str] = {}
    mine: dict[str, set[str]] = {}
    for id, name, origin in db.conn.execute(
        "SELECT id, name, origin FROM agency WHERE deleted_at IS NULL"
    ):
        names_by_id[id] = name
        mine.setdefault(origin, set()).add(id)
    for origin, kept in db.conn.execute("SELECT origin, to_id FROM _merge_map"):
        if kept in names_by_id:
            mine.setdefault(origin, set()).add(kept)
    met: dict[str, set[str]] = {}
    for o in offices_:  # each office's held meetings of the window, by (origin, start_date)
        met[o["id"]] = {
            r[0]
            for r in db.conn.execute(
                "SELECT t.agency_id FROM meeting m INDEXED BY meeting_origin_start "
                "JOIN attendee t ON t.meeting_id = m.id WHERE m.origin = ? "
                "AND m.start_date >= ? AND m.start_date <= ? AND m.status = 'held' "
                "AND m.deleted_at IS NULL AND t.deleted_at IS NULL "
                "UNION SELECT host_id FROM meeting INDEXED BY meeting_origin_start "
                "WHERE origin = ? AND start_date >= ? AND start_date <= ? "
                "AND status = 'held' AND deleted_at IS NULL AND host_id IS NOT NULL",
                [o["id"], since, d, o["id"], since, d],
            )
        }
    out: dict[str, tuple[list[str], int]] = {}
    for o in offices_:
        ids = mine.get(o["id"], set()) - met.get(o["id"], set()) - {o["agency_id"]}
        listed = sorted(names_by_id[i] for i in ids)
        out[o["id"]] = (listed[:STALE_NAMES], len(listed))
    return out


def _progress(db: Database, as_of: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Per office: its latest progress figure for each stage active on as_of."""
    active = {r["id"]: r for r in stages.overlapping(db, as_of, as_of)}
    if not active:
        return {}
    latest: dict[tuple[str, str], Row] = {}
    ids = list(active)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for r in db.query(
            "SELECT origin, stage_id, percent, note, reported_on FROM stage_progress "  # noqa: S608
            f"WHERE stage_id IN ({','.join('?' * len(chunk))}) AND deleted_at IS NULL "
            "AND reported_on <= ? ORDER BY reported_on, created_at",
            [*chunk, as_of.isoformat()],
        ):
            latest[(r["origin"], r["stage_id"])] = r
    out: dict[str, list[dict[str, Any]]] = {}
    for (origin, sid), r in sorted(latest.items(), key=lambda kv: active[kv[0][1]]["path"]):
        item = stages.item(active[sid], as_of)
        out.setdefault(origin, []).append(
            {
                "schedule": item["schedule"],
                "key": item["key"],
                "name": item["name"],
                "percent": r["percent"],
                "note": r["note"],
                "reported_on": r["reported_on"],
            }
        )
    return out
