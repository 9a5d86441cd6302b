"""Stages (tahapan) of imported schedules: lookup and queries. Recurring stages' occurrences
live in ``stage_occurrences``, the meetings citing a stage and its progress in ``stage_links``;
their names are importable from here too."""

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
    origins: Collection[str] | None = None,
) -> list[Row]:
    """Live stages with dates overlapping [start, end] (``origins``: whose meetings set
    the days of a recurring stage's occurrences; default this file's office).

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
    from kpukoord.timetables.stage_occurrences import as_row, occurrences

    for r in recurring:
        rows += [as_row(r, o) for o in occurrences(db, r, start, end, origins=origins)]
    rows.sort(key=lambda r: (r["start_date"] or "", r["schedule"], r["seq"]))
    return rows


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


# Recurring stages' occurrences (stage_occurrences) and what is said of a stage
# (stage_links) have modules of their own, loaded when first asked for: a meeting that
# links a stage needs neither. Their names answer from here too, as before the split.
_MOVED = {
    "add_progress": "stage_links",
    "latest_progress": "stage_links",
    "meetings_citing": "stage_links",
    "progress_history": "stage_links",
    "EVERY_DAYS": "stage_occurrences",
    "as_row": "stage_occurrences",
    "confirm": "stage_occurrences",
    "confirmed": "stage_occurrences",
    "figure_number": "stage_occurrences",
    "meeting_dates": "stage_occurrences",
    "occurrence_records": "stage_occurrences",
    "occurrences": "stage_occurrences",
}


def __getattr__(name: str) -> Any:
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if module == "stage_links":
        from kpukoord.timetables import stage_links

        return getattr(stage_links, name)
    from kpukoord.timetables import stage_occurrences

    return getattr(stage_occurrences, name)
