"""Recurring stages: their occurrences (expected, planned or confirmed), the operator's
confirmations (``stage confirm``) and the figures each occurrence's meetings gave.

Split from :mod:`kpukoord.timetables.stages` (issue 27), which keeps every name importable.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection
from typing import Any

from kpukoord.errors import UsageError
from kpukoord.language import dates
from kpukoord.language.i18n import _
from kpukoord.store.db import Database, Row
from kpukoord.timetables.stage_links import meetings_citing


def confirmed(db: Database, row: Row) -> dict[str, dict[str, Any]]:
    """A recurring stage's confirmed occurrences by period: its file's, then the
    operator's (``stage confirm``), which take precedence."""
    out = {o["period"]: {**o, "expected": False} for o in json.loads(row["occurrences"] or "[]")}
    for c in db.query(
        "SELECT period, start_date, end_date, source FROM stage_confirmation "
        "WHERE stage_id = ? AND deleted_at IS NULL",
        [row["id"]],
    ):
        out[c["period"]] = {
            "period": c["period"],
            "start": c["start_date"],
            "end": c["end_date"],
            "confidence": row["confidence"],
            "sources": [c["source"]] if c["source"] else [],
            "expected": False,
            "confirmed_by": "operator",
        }
    return out


def occurrences(
    db: Database,
    row: Row,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    origins: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """A recurring stage's occurrences overlapping [start, end] (default: from its first
    period to the end of next year), confirmed ones replacing the expected of their period.
    ``origins``: whose meetings set an expected occurrence's day (see :func:`meeting_dates`)."""
    from kpukoord.timetables import recurrence

    rule = recurrence.from_json(json.loads(row["recurs"]))
    done = confirmed(db, row)
    if start is None:
        start = recurrence.bounds(rule, rule.first)[0]
    if end is None:
        end = dt.date(dates.today().year + 1, 12, 31)
    a, b = start.isoformat(), end.isoformat()
    out = [o for o in done.values() if o["start"] <= b and o["end"] >= a]
    planned = meeting_dates(db, row, rule, origins)
    # an occurrence moved to its meeting's day may lie outside its expected dates' window
    margin = dt.timedelta(days=EVERY_DAYS)
    for occ in recurrence.periods_between(rule, start - margin, end + margin):
        if occ.period in done:
            continue
        o = {
            "period": occ.period,
            "start": occ.start.isoformat(),
            "end": occ.end.isoformat(),
            "confidence": row["confidence"],
            "sources": json.loads(row["sources"]),
            "expected": True,
        }
        if occ.period in planned:  # the office's own meeting for it: its day, not the rule's
            o["start"], o["end"], o["meeting"] = planned[occ.period]
        if o["start"] <= b and o["end"] >= a:
            out.append(o)
    for o in out:
        o["label"] = recurrence.period_label(rule.every, o["period"])
        o["recurs"] = rule.every
    return sorted(out, key=lambda o: o["start"])


# a period's length at most (a year), for the margin an occurrence may move by
EVERY_DAYS = 366


def meeting_dates(
    db: Database, row: Row, rule: Any, origins: Collection[str] | None = None
) -> dict[str, tuple[str, str, str]]:
    """Periods of a recurring stage that a meeting citing it (planned or held, not
    cancelled) falls in: period -> (start, end, meeting id). A meeting belongs to a period
    whose confirmation window (:func:`kpukoord.timetables.recurrence.allowed`) holds its dates, the
    one whose expected dates are nearest; a pleno meeting before any other, then the
    earliest. Such an occurrence is still expected (no source confirmed it), on the day
    the office set (trial bug 17: a pleno planned for 8 December, not the rule's January).

    Only an office's own meetings set its days: ``origins`` (a report on offices of a
    merged file), else this file's office. In a province's file, Makassar's pleno of 7
    December is not Gowa's of the 8th, nor the province's (trial of issue 27)."""
    from kpukoord.timetables import recurrence

    out: dict[str, tuple[str, str, str]] = {}
    rank: dict[str, tuple[bool, str]] = {}
    own = set(origins) if origins is not None else {db.office_id}
    for m in meetings_citing(db, row["id"]):
        if m["status"] == "cancelled" or not m["start_date"] or m["origin"] not in own:
            continue
        first = dt.date.fromisoformat(m["start_date"])
        last = dt.date.fromisoformat(m["end_date"] or m["start_date"])
        home = recurrence.period_of(rule, first)
        best: tuple[int, str] | None = None
        for n in (-1, 0, 1):
            period = recurrence.shift(rule, home, n)
            if not recurrence.has_period(rule, period):
                continue
            lo, hi = recurrence.allowed(rule, period)
            if not lo <= first <= last <= hi:
                continue
            occ = recurrence.expected(rule, period)
            gap = (
                0
                if occ.start <= first <= occ.end
                else min(abs((occ.start - first).days), abs((first - occ.end).days))
            )
            if best is None or gap < best[0]:
                best = (gap, period)
        if best is None:
            continue
        period = best[1]
        key = (m["kind"] != "pleno", m["start_date"])
        if period not in rank or key < rank[period]:
            rank[period] = key
            out[period] = (first.isoformat(), last.isoformat(), m["id"])
    return out


def as_row(row: Row, occ: dict[str, Any]) -> Row:
    """An occurrence as a stage row (its dates, its period in the name)."""
    return {
        **row,
        "name": f"{row['name']} {occ['label']}",
        "start_date": occ["start"],
        "end_date": occ["end"],
        "confidence": occ["confidence"],
        "sources": json.dumps(occ["sources"]),
        "occurrence": occ["period"],
        "expected": occ["expected"],
    }


def confirm(
    db: Database,
    row: Row,
    start: dt.date,
    end: dt.date,
    *,
    period: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """Confirm the dates of one occurrence of a recurring stage (``stage confirm``): it
    replaces the expected occurrence of its period everywhere. The period is the one the
    dates belong to unless given. Idempotent: the same confirmation again writes nothing."""
    from kpukoord.store.ids import stable_id
    from kpukoord.timetables import recurrence

    if not row["recurs"]:
        raise UsageError(
            _(
                "stage {ref} does not recur: only the occurrences of a recurring stage are confirmed"
            ).format(ref=f"{row['schedule']}:{row['key']}")
        )
    rule = recurrence.from_json(json.loads(row["recurs"]))
    if period is None:
        period = recurrence.period_of(rule, start)
    try:
        recurrence.check_period(rule, period)
    except ValueError as exc:
        raise UsageError(_("--period: {exc}").format(exc=exc)) from None
    lo, hi = recurrence.allowed(rule, period)
    if start < lo or end > hi:
        raise UsageError(
            _("--date: {start} is outside {period} ({lo} – {hi})").format(
                start=start, period=period, lo=lo, hi=hi
            )
        )
    values = {
        "stage_id": row["id"],
        "period": period,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "source": source,
    }
    cid = stable_id("stage_confirmation", row["id"], period)
    old = db.get("stage_confirmation", cid)
    status = "created"
    with db.atomic():
        if old is None:
            db.insert("stage_confirmation", values, id=cid)
        elif old["deleted_at"] or any(old[k] != v for k, v in values.items()):
            db.update("stage_confirmation", cid, {**values, "deleted_at": None})
            status = "updated"
        else:
            status = "unchanged"
    return {
        "status": status,
        "period": period,
        "start": values["start_date"],
        "end": values["end_date"],
    }


def figure_number(value: str | None) -> float | None:
    """A figure's number as offices write it: '1.203' (thousands), '12,5' or '80%', with
    what it counts after it or not ('548.210 orang', '90 persen', '412 TPS')."""
    if not value:
        return None
    lead = re.match(r"\s*([+\-−]?\s*\d[\d.,]*)", value)
    if lead is None:
        return None
    text = lead.group(1).rstrip(".,").replace(" ", "")
    sign = -1 if text[:1] in ("-", "−") else 1
    text = text.lstrip("+-−")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") >= 1 and all(len(p) == 3 for p in text.split(".")[1:]):
        text = text.replace(".", "")
    try:
        n = float(text)
    except ValueError:
        return None
    return sign * n


def _num(n: float | None) -> float | int | None:
    if n is None:
        return None
    return int(n) if n == int(n) else n


def occurrence_records(db: Database, row: Row) -> list[dict[str, Any]]:
    """Each occurrence of a recurring stage so far (and about a quarter ahead) with the
    meetings that cited it (a meeting belongs to the occurrence holding its date, else to
    the nearest one) and their figures, each compared with the same figure of the
    previous occurrence that has it (``change``: value - previous, as numbers)."""
    from kpukoord.language import names
    from kpukoord.records import meetings
    from kpukoord.timetables import recurrence

    if not row["recurs"]:
        return []
    rule = recurrence.from_json(json.loads(row["recurs"]))
    # those so far and the next (about a quarter ahead), and every confirmed one
    horizon = dates.today() + dt.timedelta(days=120)
    occs = occurrences(db, row, None, horizon)
    occs += [
        {**o, "label": "", "recurs": rule.every}
        for o in confirmed(db, row).values()
        if o["start"] > horizon.isoformat()
    ]
    by_period = {o["period"]: o for o in occs}
    linked: dict[str, list[str]] = {o["period"]: [] for o in occs}
    cited = meetings_citing(db, row["id"])
    for m in cited:
        day = m["start_date"]
        if not occs:
            break
        d = dt.date.fromisoformat(day)

        def distance(o: dict[str, Any], d: dt.date = d) -> int:
            a, b = dt.date.fromisoformat(o["start"]), dt.date.fromisoformat(o["end"])
            return 0 if a <= d <= b else min(abs((a - d).days), abs((d - b).days))

        # the occurrence holding the meeting's day, else the nearest one (a pleno held a
        # few days after the expected window still belongs to that quarter)
        linked[min(occs, key=distance)["period"]].append(m["id"])
    recs = {r["id"]: r for r in meetings.records(db, meetings.list_rows(db, stage_ids=[row["id"]]))}
    out: list[dict[str, Any]] = []
    last: dict[str, float] = {}  # figure (by its words) -> its value in an earlier occurrence
    for o in sorted(by_period.values(), key=lambda o: o["start"]):
        figures = []
        seen_now: dict[str, float] = {}
        for mid in linked[o["period"]]:
            for f in recs.get(mid, {}).get("figures", []):
                value = figure_number(f["value"])
                k = names.key(f["text"])
                previous = last.get(k)
                if previous is None:
                    previous = figure_number(f.get("from"))
                change = None if value is None or previous is None else value - previous
                figures.append(
                    {
                        "text": f["text"],
                        "value": _num(value),
                        "previous": _num(previous),
                        "change": _num(change),
                    }
                )
                if value is not None:
                    seen_now[k] = value
        last.update(seen_now)
        out.append(
            {
                "occurrence": o["period"],
                "start": o["start"],
                "end": o["end"],
                "expected": o["expected"],
                "meetings": linked[o["period"]],
                "figures": figures,
            }
        )
    return out
