"""Stages (tahapan) of imported schedules: lookup, meeting links, progress, queries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from typing import Any

from kpukoord.errors import Ambiguous, KpuError, NotFound, UsageError
from kpukoord.language import dates, names
from kpukoord.language.i18n import _
from kpukoord.store.db import Database, Row

_SELECT = (
    "SELECT s.*, c.code AS schedule, c.title AS schedule_title, c.status AS schedule_status "
    "FROM stage s "
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
    for tier, rows in enumerate(tiers):
        if not rows:
            continue
        if len(rows) == 1 and tier == PART_OF_NAME and on is not None:
            rows = _with_running(db, text, rows, on, codes)
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


PART_OF_NAME = 2  # the tier of _tiers that matches a part of a name


def _runs_on(r: Row, d: str) -> bool:
    return bool(r["start_date"]) and r["start_date"] <= d <= (r["end_date"] or r["start_date"])


def _with_running(
    db: Database, text: str, rows: list[Row], on: dt.date, codes: Collection[str] | None
) -> list[Row]:
    """A single part-of-name match that does not run on ``on``, with the stages that do
    run that day and share most of the words asked for (trial bug 7: "pemutakhiran data
    pemilih" on 5 July 2024 took PKPU 3/2022's stage of 2022-2023, though the Pilkada's
    "Pemutakhiran dan penyusunan daftar pemilih" ran that day): then the candidates are
    listed, the running ones first, never one guessed by its name alone."""
    d = on.isoformat()
    if _runs_on(rows[0], d):
        return rows
    words = {w for w in (names.key(x) for x in text.split()) if len(w) >= 4}
    if not words:
        return rows
    cond, params = _in_codes(codes)
    running = db.query(
        _SELECT + "WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL" + cond
        + " AND s.start_date <= ? AND coalesce(s.end_date, s.start_date) >= ? "
        "ORDER BY s.start_date",
        [*params, d, d],
    )  # fmt: skip
    near = [
        r
        for r in running
        if r["id"] != rows[0]["id"]
        and 2 * len(words & {names.key(x) for x in r["name"].split()}) > len(words)
    ]
    return [*near, *rows] if near else rows


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
    from kpukoord.language import regions as reg

    out = set()
    for r in db.query("SELECT code, regions FROM schedule WHERE deleted_at IS NULL"):
        covers = json.loads(r["regions"] or "[]") or [ALL_REGIONS]
        if ALL_REGIONS in covers or any(reg.overlaps(c, region) for c in covers):
            out.add(r["code"])
    return out


def codes_for_host(db: Database, host: str | None) -> set[str] | None:
    """The schedules that apply where a meeting's host is: its agency's region, else the
    office's (None: no region known, every schedule)."""
    from kpukoord.records import agencies

    region = None
    if host:
        try:
            region = agencies.find(db, host)["region"]
        except KpuError:
            region = None  # a host created with this meeting has no region yet
    return applicable_codes(db, region or db.office()["region"])


def days(
    start: dt.date | None, end: dt.date | None, since: dt.date | None = None
) -> tuple[dt.date, dt.date] | None:
    """The days a stage covers: the one rule the stage list, the calendar and the
    timeline share.

    - a start and an end: from one to the other (drawn as a bar);
    - a start and no end: that one day, an event (drawn as a milestone);
    - an end and no start (it began before its regulation, "(before)" in the sources):
      on every day until its end (lists and reports: "sejak sebelum regulasi"); drawn
      and put in calendars from the regulation's date ``since`` (the schedule's
      ``signed``), marked as begun earlier; without that date, its end day alone;
    - neither: None (no fixed date; the rule says when, in words).
    """
    if start is not None:
        return start, end if end is not None and end >= start else start
    if end is not None:
        return (since if since is not None and since <= end else end), end
    return None


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

    As :func:`days` says: a stage with a start and no end is on that one day; a stage
    that began before its regulation ("(before)" in the sources) has no start date and
    is on every day until its end.
    """
    where = [
        "s.deleted_at IS NULL",
        "c.deleted_at IS NULL",
        "coalesce(s.start_date, '0000-01-01') <= ?",  # an open start: running until its end
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
    rows = db.query(
        _SELECT + f"WHERE {' AND '.join(where)} ORDER BY s.start_date, c.code, s.seq",
        params,
    )
    # recurring stages: their occurrences in the window, derived on read
    where[2:4] = ["s.recurs IS NOT NULL"]
    params = params[2:]
    recurring = db.query(_SELECT + f"WHERE {' AND '.join(where)}", params)
    if not recurring:
        return rows
    for r in recurring:
        rows += [as_row(r, o) for o in occurrences(db, r, start, end)]
    rows.sort(key=lambda r: (r["start_date"] or "", r["schedule"], r["seq"]))
    return rows


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
    db: Database, row: Row, start: dt.date | None = None, end: dt.date | None = None
) -> list[dict[str, Any]]:
    """A recurring stage's occurrences overlapping [start, end] (default: from its first
    period to the end of next year), confirmed ones replacing the expected of their period."""
    from kpukoord.timetables import recurrence

    rule = recurrence.from_json(json.loads(row["recurs"]))
    done = confirmed(db, row)
    if start is None:
        start = recurrence.bounds(rule, rule.first)[0]
    if end is None:
        end = dt.date(dates.today().year + 1, 12, 31)
    a, b = start.isoformat(), end.isoformat()
    out = [o for o in done.values() if o["start"] <= b and o["end"] >= a]
    planned = meeting_dates(db, row, rule)
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


def meeting_dates(db: Database, row: Row, rule: Any) -> dict[str, tuple[str, str, str]]:
    """Periods of a recurring stage that a meeting citing it (planned or held, not
    cancelled) falls in: period -> (start, end, meeting id). A meeting belongs to a period
    whose confirmation window (:func:`kpukoord.timetables.recurrence.allowed`) holds its dates, the
    one whose expected dates are nearest; a pleno meeting before any other, then the
    earliest. Such an occurrence is still expected (no source confirmed it), on the day
    the office set (trial bug 17: a pleno planned for 8 December, not the rule's January)."""
    from kpukoord.timetables import recurrence

    out: dict[str, tuple[str, str, str]] = {}
    rank: dict[str, tuple[bool, str]] = {}
    for m in meetings_citing(db, row["id"]):
        if m["status"] == "cancelled" or not m["start_date"]:
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


def item(row: Row, today: dt.date | None = None) -> dict[str, Any]:
    """The JSON shape of a stage (stage list --json)."""
    today = today or dates.today()
    end = row["end_date"] or row["start_date"]
    days_left = None
    if end:
        days_left = (dt.date.fromisoformat(end) - today).days
    out = {
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
        "expected": bool(row.get("expected", False)),
        "draft": row.get("schedule_status") == "draft",
    }
    if row.get("recurs"):
        out["recurs"] = json.loads(row["recurs"])["every"]
        if "occurrence" in row:
            out["occurrence"] = row["occurrence"]
    return out


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
        "SELECT m.id, m.title, m.kind, m.status, m.start_date, m.end_date, "  # noqa: S608 (a constant)
        f"{ATTENDEE_COUNT} FROM meeting_stage l "
        "JOIN meeting m ON m.id = l.meeting_id WHERE l.stage_id = ? AND l.deleted_at IS NULL "
        "AND m.deleted_at IS NULL ORDER BY m.start_date",
        [stage_id],
    )


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
    """A figure's number as offices write it: '1.203' (thousands), '12,5' or '80%'."""
    if not value:
        return None
    text = value.strip().rstrip("%").strip().replace(" ", "")
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
