"""Meetings: validation of what the operator typed or wrote in a file, storage, queries.

A meeting arrives as a *raw* mapping (from command-line flags or a YAML/JSON
file) and is checked by :func:`draft_from_raw`, which reports every problem at
once, each prefixed with where it was found (``file:line`` or ``--flag``).
:func:`add` then resolves agencies, people and stages and writes everything in
one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kpukoord import agencies, dates, people
from kpukoord.db import Database, Row
from kpukoord.errors import FileProblems, KpuError, NotFound, UsageError

KINDS = [
    "rakor",
    "rapat-kerja",
    "kunjungan",
    "supervisi",
    "monev",
    "bimtek",
    "sosialisasi",
    "audiensi",
    "pleno",
    "coffee-morning",
    "fgd",
    "pelantikan",
    "other",
]
_KIND_SYNONYMS = {
    "rapat koordinasi": "rakor",
    "rapat kerja": "rapat-kerja",
    "raker": "rapat-kerja",
    "kunker": "kunjungan",
    "kunjungan kerja": "kunjungan",
    "visit": "kunjungan",
    "ksa": "supervisi",
    "supervisi dan evaluasi": "supervisi",
    "monitoring": "monev",
    "coffee morning": "coffee-morning",
    "coffeemorning": "coffee-morning",
    "rapat pleno": "pleno",
    "lainnya": "other",
}
STATUSES = ["planned", "held", "cancelled"]
MAX_DAYS = 31  # longest meeting; lets window queries bound start_date from both sides
_STATUS_SYNONYMS = {"rencana": "planned", "terlaksana": "held", "batal": "cancelled"}

FIELDS = {
    "title",
    "date",
    "start_date",
    "end_date",
    "kind",
    "time",
    "timezone",
    "venue",
    "host",
    "chair",
    "attendees",
    "notes",
    "decisions",
    "actions",
    "source",
    "status",
    "stages",
    "id",
}

Locator = Callable[..., str]


def check_kind(kind: str) -> str:
    k = " ".join(str(kind).strip().lower().split())
    k = _KIND_SYNONYMS.get(k, k)
    if k not in KINDS:
        raise UsageError(f"unknown meeting kind {kind!r}; choose from: {', '.join(KINDS)}")
    return k


def check_status(status: str) -> str:
    s = str(status).strip().lower()
    s = _STATUS_SYNONYMS.get(s, s)
    if s not in STATUSES:
        raise UsageError(f"unknown status {status!r}; choose from: {', '.join(STATUSES)}")
    return s


@dataclass
class AttendeeSpec:
    agency: str
    person: str | None = None
    position: str | None = None
    where: str = ""


@dataclass
class ActionSpec:
    text: str
    owner: str
    due: dt.date | None = None
    where: str = ""


@dataclass
class Draft:
    title: str
    kind: str
    start: dt.date
    end: dt.date
    status: str | None = None
    time: str | None = None
    timezone: str | None = None
    venue: str | None = None
    host: str | None = None
    chair: str | None = None
    notes: str | None = None
    source: str | None = None
    attendees: list[AttendeeSpec] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)
    stages: list[tuple[str, str]] = field(default_factory=list)  # (stage name, where)
    where: dict[str, str] = field(default_factory=dict)


def _split_spec(spec: str) -> tuple[str, dict[str, str]]:
    """'TEXT; owner=AGENCY; due=DATE' -> ('TEXT', {'owner': ..., 'due': ...})."""
    parts = [p.strip() for p in spec.split(";")]
    head = parts[0]
    opts: dict[str, str] = {}
    for p in parts[1:]:
        if not p:
            continue
        m = re.match(r"^([A-Za-z_]+)\s*=\s*(.*)$", p)
        if not m:
            raise UsageError(f"cannot read {p!r} in {spec!r}: write key=value")
        opts[m.group(1).lower()] = m.group(2).strip()
    return head, opts


def attendee_from_spec(spec: str) -> dict[str, str]:
    """'AGENCY; person=NAME; position=TITLE' -> mapping."""
    head, opts = _split_spec(spec)
    unknown = set(opts) - {"person", "position", "agency"}
    if unknown:
        raise UsageError(f"unknown attendee field {sorted(unknown)[0]!r} in {spec!r}")
    return {"agency": opts.get("agency", head), **{k: v for k, v in opts.items() if k != "agency"}}


def action_from_spec(spec: str) -> dict[str, str]:
    """'TEXT; owner=AGENCY; due=DATE' -> mapping."""
    head, opts = _split_spec(spec)
    unknown = set(opts) - {"owner", "due"}
    if unknown:
        raise UsageError(f"unknown action field {sorted(unknown)[0]!r} in {spec!r}")
    return {"text": head, **opts}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise TypeError("a text is expected, not a list or mapping")
    s = str(value).strip()
    if any(ord(c) < 32 and c not in "\n\t" for c in s):
        raise TypeError("control characters are not allowed")
    return s or None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def draft_from_raw(
    raw: dict[str, Any], locate: Locator, *, ref: dt.date | None = None, partial: bool = False
) -> Draft:
    """Check a raw meeting mapping; raise FileProblems listing every problem.

    ``locate(*path)`` returns the prefix for a problem at that field path,
    such as ``meeting.yaml:7`` or ``--date``.
    """
    problems: list[str] = []

    def problem(path: tuple[Any, ...], message: str) -> None:
        problems.append(f"{locate(*path)}: {message}")

    if not isinstance(raw, dict):
        raise FileProblems([f"{locate()}: a meeting must be a mapping of fields"])
    for k in raw:
        if k not in FIELDS:
            problem((k,), f"unknown field {k!r} (known: {', '.join(sorted(FIELDS - {'id'}))})")

    def text_field(name: str) -> str | None:
        try:
            return _text(raw.get(name))
        except TypeError as exc:
            problem((name,), f"{name}: {exc}")
            return None

    title = text_field("title")
    if not title and not partial:
        problem(("title",) if "title" in raw else (), "title is required")
    start = end = None
    time_of_day = zone = None
    if raw.get("date") is not None:
        value = raw["date"]
        try:
            if isinstance(value, dt.date):
                parsed = dates.ParsedDate(value, value)
            else:
                parsed = dates.parse(str(value), ref=ref)
            start, end, time_of_day, zone = parsed.start, parsed.end, parsed.time, parsed.timezone
        except KpuError as exc:
            problem(("date",), str(exc))
    elif raw.get("start_date") is not None:
        try:
            start = _one_day(raw["start_date"], ref, "start_date")
            end = _one_day(raw.get("end_date") or raw["start_date"], ref, "end_date")
            if end < start:
                problem(("end_date",), f"the end {end} is before the start {start}")
        except KpuError as exc:
            problem(("start_date",), str(exc))
    elif not partial:
        problem(("date",) if "date" in raw else (), "date is required")
    if start and end and (end - start).days >= MAX_DAYS:
        problem(
            ("date",) if "date" in raw else ("end_date",),
            f"a meeting lasts at most {MAX_DAYS} days ({start} to {end} is longer); "
            "is this a stage rather than a meeting?",
        )
    if raw.get("time") is not None:
        try:
            time_of_day, tz = dates.parse_time(str(raw["time"]))
            zone = tz or zone
        except KpuError as exc:
            problem(("time",), str(exc))
    if raw.get("timezone") is not None:
        try:
            zone = dates.check_timezone(str(raw["timezone"]))
        except KpuError as exc:
            problem(("timezone",), str(exc))
    kind = "rakor"
    if raw.get("kind") is not None:
        try:
            kind = check_kind(str(raw["kind"]))
        except KpuError as exc:
            problem(("kind",), str(exc))
    status = None
    if raw.get("status") is not None:
        try:
            status = check_status(str(raw["status"]))
        except KpuError as exc:
            problem(("status",), str(exc))

    attendees: list[AttendeeSpec] = []
    for i, item in enumerate(_as_list(raw.get("attendees"))):
        try:
            if isinstance(item, str):
                item = attendee_from_spec(item)
            if not isinstance(item, dict):
                raise UsageError("an attendee is an agency name or {agency, person, position}")
            extra = set(item) - {"agency", "person", "position"}
            if extra:
                raise UsageError(f"unknown attendee field {sorted(extra)[0]!r}")
            agency = _text(item.get("agency"))
            if not agency:
                raise UsageError("an attendee needs an agency")
            attendees.append(
                AttendeeSpec(
                    agency,
                    _text(item.get("person")),
                    _text(item.get("position")),
                    locate("attendees", i),
                )
            )
        except (KpuError, TypeError) as exc:
            problem(("attendees", i), f"attendee: {exc}")
    decisions: list[str] = []
    for i, item in enumerate(_as_list(raw.get("decisions"))):
        try:
            text = _text(item)
            if text:
                decisions.append(text)
        except TypeError as exc:
            problem(("decisions", i), f"decision: {exc}")
    actions: list[ActionSpec] = []
    for i, item in enumerate(_as_list(raw.get("actions"))):
        try:
            if isinstance(item, str):
                item = action_from_spec(item)
            if not isinstance(item, dict):
                raise UsageError(
                    "an action is 'TEXT; owner=AGENCY; due=DATE' or {text, owner, due}"
                )
            extra = set(item) - {"text", "owner", "due"}
            if extra:
                raise UsageError(f"unknown action field {sorted(extra)[0]!r}")
            text = _text(item.get("text"))
            owner = _text(item.get("owner"))
            if not text:
                raise UsageError("an action needs a text")
            if not owner:
                raise UsageError(f"action {text!r} needs an owner (owner=AGENCY)")
            due = _one_day(item["due"], ref, "due") if item.get("due") is not None else None
            actions.append(ActionSpec(text, owner, due, locate("actions", i)))
        except (KpuError, TypeError) as exc:
            problem(("actions", i), f"action: {exc}")
    stages: list[tuple[str, str]] = []
    for i, item in enumerate(_as_list(raw.get("stages"))):
        try:
            name = _text(item)
            if name:
                stages.append((name, locate("stages", i)))
        except TypeError as exc:
            problem(("stages", i), f"stage: {exc}")

    texts = {k: text_field(k) for k in ("venue", "host", "chair", "notes", "source")}
    if problems:
        raise FileProblems(problems)
    return Draft(
        title=title or "",
        kind=kind,
        start=start or dt.date.min,
        end=end or dt.date.min,
        status=status,
        time=time_of_day,
        timezone=zone,
        attendees=attendees,
        decisions=decisions,
        actions=actions,
        stages=stages,
        where={k: locate(k) for k in raw},
        **texts,
    )


def _one_day(value: Any, ref: dt.date | None, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dates.parse_day(str(value), ref=ref, what=what)


# ---------------------------------------------------------------------------
# Writing


def _resolve_agencies(
    db: Database, specs: Iterable[tuple[str, str]], create: bool
) -> dict[str, Row]:
    """Resolve every (name, where); report all unknown names together."""
    found: dict[str, Row] = {}
    problems: list[str] = []
    unknown: list[str] = []
    for name, where in specs:
        if name in found:
            continue
        try:
            found[name], _ = agencies.ensure(db, name, create=create)
        except NotFound as exc:
            unknown.append(name)
            problems.append(f"{where}: {exc}")
        except KpuError as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        if unknown:
            problems.append(
                f"unknown agencies: {', '.join(unknown)} "
                "(add them with 'kpukoord agency add', or pass --new-agencies to create them)"
            )
        raise FileProblems(problems)
    return found


def add(db: Database, draft: Draft, *, new_agencies: bool = False, id: str | None = None) -> str:
    """Store a checked draft with its attendees, decisions, actions and stage links."""
    office = db.office()
    today = dates.today()
    status = draft.status or ("planned" if draft.start > today else "held")
    if status == "held" and draft.start > today:
        raise KpuError(
            f"{draft.where.get('status', '--status')}: a meeting on {draft.start} "
            "(in the future) cannot be 'held'; use --status planned"
        )
    with db.atomic():
        specs = [(a.agency, a.where) for a in draft.attendees]
        specs += [(a.owner, a.where) for a in draft.actions]
        if draft.host:
            specs.append((draft.host, draft.where.get("host", "--host")))
        found = _resolve_agencies(db, specs, new_agencies)
        host_id = found[draft.host]["id"] if draft.host else office.get("agency_id")
        zone = draft.timezone or (office.get("timezone") if draft.time else None)
        meeting_id = db.insert(
            "meeting",
            {
                "title": draft.title,
                "kind": draft.kind,
                "status": status,
                "start_date": draft.start.isoformat(),
                "end_date": draft.end.isoformat(),
                "start_time": draft.time,
                "timezone": zone,
                "venue": draft.venue,
                "host_id": host_id,
                "chair": draft.chair,
                "notes": draft.notes,
                "source": draft.source,
            },
            id=id,
        )
        add_children(db, meeting_id, draft, new_agencies=new_agencies)
    return meeting_id


def record_occurrence(db: Database, series: Row, draft: Draft, *, new_agencies: bool) -> str:
    """Record a meeting of a series: its planned occurrence on that day becomes held
    (with what the draft adds); with no occurrence that day, a new meeting joins the series."""
    from kpukoord import series as series_mod

    with db.atomic():
        row = series_mod.occurrence_on(db, series["id"], draft.start)
        if row is None:
            meeting_id = add(db, draft, new_agencies=new_agencies)
            db.update("meeting", meeting_id, {"series_id": series["id"]})
            return meeting_id
        today = dates.today()
        status = draft.status or ("planned" if draft.start > today else "held")
        if status == "held" and draft.start > today:
            raise KpuError(f"a meeting on {draft.start} (in the future) cannot be 'held'")
        values: dict[str, Any] = {"status": status, "end_date": draft.end.isoformat()}
        for k in ("venue", "chair", "notes", "source"):
            if getattr(draft, k):
                values[k] = getattr(draft, k)
        if draft.title and draft.title != row["title"]:
            values["title"] = draft.title
        if draft.time:
            values["start_time"] = draft.time
            values["timezone"] = draft.timezone or row["timezone"] or db.office().get("timezone")
        db.update("meeting", row["id"], values)
        add_children(db, row["id"], draft, new_agencies=new_agencies)
        return str(row["id"])


def add_children(db: Database, meeting_id: str, draft: Draft, *, new_agencies: bool) -> None:
    """Add the draft's attendees, decisions, follow-ups and stage links to a meeting."""
    from kpukoord import stages as stage_mod

    with db.atomic():
        specs = [(a.agency, a.where) for a in draft.attendees]
        specs += [(a.owner, a.where) for a in draft.actions]
        found = _resolve_agencies(db, specs, new_agencies)
        base = db.scalar("SELECT count(*) FROM attendee WHERE meeting_id = ?", [meeting_id])
        for seq, spec in enumerate(draft.attendees, start=base):
            add_attendee(db, meeting_id, found[spec.agency], spec, draft.start, seq)
        base = db.scalar("SELECT count(*) FROM decision WHERE meeting_id = ?", [meeting_id])
        for seq, text in enumerate(draft.decisions, start=base):
            db.insert("decision", {"meeting_id": meeting_id, "seq": seq, "text": text})
        for action_spec in draft.actions:
            add_action(
                db, action_spec.text, found[action_spec.owner]["id"], action_spec.due, meeting_id
            )
        if draft.stages:
            stage_mod.link_meeting(db, meeting_id, draft.start, draft.stages)


def add_attendee(
    db: Database, meeting_id: str, agency: Row, spec: AttendeeSpec, day: dt.date, seq: int
) -> str:
    person_id = None
    position = spec.position
    if spec.person:
        person = people.find_optional(db, spec.person)
        if person is None:
            person_id = people.add(db, spec.person)
            if position:
                people.add_position(db, person_id, agency["id"], position)
        else:
            person_id = person["id"]
            if not position:
                held = people.position_at(db, person_id, agency["id"], day)
                position = held["title"] if held else None
    return db.insert(
        "attendee",
        {
            "meeting_id": meeting_id,
            "agency_id": agency["id"],
            "person_id": person_id,
            "position": position,
            "seq": seq,
        },
    )


def add_action(
    db: Database, text: str, owner_id: str, due: dt.date | None, meeting_id: str | None
) -> str:
    return db.insert(
        "action",
        {
            "text": text,
            "owner_id": owner_id,
            "due_date": due.isoformat() if due else None,
            "status": "open",
            "meeting_id": meeting_id,
        },
    )


def edit(db: Database, row: Row, changes: dict[str, Any], draft: Draft | None = None) -> None:
    """Apply changed scalar fields; ``draft`` carries checked values for dates etc."""
    with db.atomic():
        values: dict[str, Any] = {}
        for k in ("title", "venue", "chair", "notes", "source"):
            if changes.get(k) is not None:
                values[k] = changes[k]
        if changes.get("kind"):
            values["kind"] = check_kind(changes["kind"])
        if changes.get("status"):
            values["status"] = check_status(changes["status"])
        if draft is not None and draft.start != dt.date.min:
            values["start_date"] = draft.start.isoformat()
            values["end_date"] = draft.end.isoformat()
        if draft is not None and draft.time:
            values["start_time"] = draft.time
            values["timezone"] = draft.timezone or row["timezone"] or db.office().get("timezone")
        elif draft is not None and draft.timezone:
            values["timezone"] = draft.timezone
        if changes.get("host"):
            values["host_id"] = agencies.find(db, changes["host"])["id"]
        start = str(values.get("start_date", row["start_date"]))
        status = values.get("status", row["status"])
        if status == "held" and start > dates.today().isoformat():
            raise KpuError(f"a meeting on {start} (in the future) cannot be 'held'")
        db.update("meeting", row["id"], values)


def remove(db: Database, row: Row) -> None:
    with db.atomic():
        db.soft_delete("meeting", row["id"])


def find(db: Database, ident: str) -> Row:
    return db.by_prefix("meeting", ident, "meeting", label="title")


# ---------------------------------------------------------------------------
# Reading


def list_rows(
    db: Database,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    agency_id: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    stage_ids: list[str] | None = None,
    limit: int | None = None,
) -> list[Row]:
    """Live meetings overlapping [start, end], newest first; filters compose (AND)."""
    where = ["m.deleted_at IS NULL"]
    params: list[Any] = []
    if start:
        # start_date is bounded below too (meetings last at most MAX_DAYS), so the
        # meeting_start index reads only the window, not the whole past.
        where.append("m.end_date >= ? AND m.start_date >= ?")
        params += [start.isoformat(), (start - dt.timedelta(days=MAX_DAYS)).isoformat()]
    if end:
        where.append("m.start_date <= ?")
        params.append(end.isoformat())
    if agency_id:
        where.append(
            "(m.host_id = ? OR m.id IN (SELECT meeting_id FROM attendee "
            "WHERE agency_id = ? AND deleted_at IS NULL))"
        )
        params += [agency_id, agency_id]
    if kind:
        where.append("m.kind = ?")
        params.append(check_kind(kind))
    if status:
        where.append("m.status = ?")
        params.append(check_status(status))
    if stage_ids is not None:
        marks = ", ".join("?" for _ in stage_ids) or "NULL"
        where.append(
            f"m.id IN (SELECT meeting_id FROM meeting_stage WHERE stage_id IN ({marks}) "  # noqa: S608 (placeholders only)
            "AND deleted_at IS NULL)"
        )
        params += stage_ids
    sql = (
        "SELECT m.*, h.name AS host, "  # noqa: S608 (fixed clauses, ? placeholders)
        "(SELECT count(*) FROM attendee t WHERE t.meeting_id = m.id AND t.deleted_at IS NULL) "
        "AS attendee_count FROM meeting m LEFT JOIN agency h ON h.id = m.host_id "
        f"WHERE {' AND '.join(where)} ORDER BY m.start_date DESC, m.id DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return db.query(sql, params)


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
        "t.position FROM attendee t JOIN agency a ON a.id = t.agency_id "
        "LEFT JOIN person p ON p.id = t.person_id "
        "WHERE t.meeting_id IN ({marks}) AND t.deleted_at IS NULL ORDER BY t.seq, t.created_at",
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
        "SELECT x.meeting_id, x.id, x.text, a.name AS owner, x.owner_id, x.due_date, x.status, "
        "x.done_date, x.done_note FROM action x JOIN agency a ON a.id = x.owner_id "
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
    host_ids = sorted({r["host_id"] for r in rows if r["host_id"] and "host" not in r})
    hosts: dict[str, str] = {}
    for chunk in _chunks(host_ids):
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT id, name FROM agency WHERE id IN ({marks})"  # noqa: S608 (placeholders only)
        hosts.update({h["id"]: h["name"] for h in db.query(sql, chunk)})
    out = []
    for r in rows:
        host = r["host"] if "host" in r else hosts.get(r["host_id"])
        out.append(
            {
                "id": r["id"],
                "title": r["title"],
                "kind": r["kind"],
                "status": r["status"],
                "start_date": r["start_date"],
                "end_date": r["end_date"],
                "start_time": r["start_time"],
                "timezone": r["timezone"],
                "venue": r["venue"],
                "host": host,
                "host_id": r["host_id"],
                "chair": r["chair"],
                "attendees": [
                    {k: a[k] for k in ("agency", "agency_id", "person", "person_id", "position")}
                    for a in att[r["id"]]
                ],
                "notes": r["notes"],
                "decisions": [d["text"] for d in dec[r["id"]]],
                "actions": [
                    {k: v for k, v in a.items() if k != "meeting_id"} for a in act[r["id"]]
                ],
                "stages": [
                    {
                        "id": s["id"],
                        "ref": f"{s['schedule']}:{s['key']}",
                        "name": s["name"],
                        "start": s["start_date"],
                        "end": s["end_date"],
                    }
                    for s in stg[r["id"]]
                ],
                "source": r["source"],
                "origin": r["origin"],
                "created_at": r["created_at"],
                "updated_at": r["updated_at"],
            }
        )
    return out


def record(db: Database, row: Row) -> dict[str, Any]:
    return records(db, [row])[0]
