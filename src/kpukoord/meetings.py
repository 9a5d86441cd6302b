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
from kpukoord.ids import new_id

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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # any control character but tab and newline


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
    if _CONTROL.search(s):
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
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # ISO, as exports write it
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass  # the parser below says what is wrong
    return dates.parse_day(text, ref=ref, what=what)


# ---------------------------------------------------------------------------
# Writing


class Writer:
    """Writes checked drafts: names resolved through caches, rows inserted in batches.

    Everything a draft needs (agencies, stages, status) is resolved before any of
    its rows is queued, so a bad draft leaves nothing behind. One meeting is a
    batch of one ('meeting add'); an import feeds thousands through the same
    code, and executemany is what makes it fast. Call :meth:`flush` at the end,
    inside the caller's transaction.
    """

    TABLES = ("meeting", "attendee", "decision", "action", "meeting_stage")

    def __init__(self, db: Database, *, new_agencies: bool = False, batch: int = 5000) -> None:
        self.db = db
        self.new_agencies = new_agencies
        self.batch = batch
        self.office = db.office()
        self.today = dates.today()
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in self.TABLES}
        self._agencies: dict[str, Row] = {}
        self._people: dict[str, Row | None] = {}
        self._stages: dict[tuple[str, dt.date], str] = {}

    def agencies(self, specs: Iterable[tuple[str, str]]) -> dict[str, Row]:
        """Resolve every (name, where); report all unknown names together."""
        problems: list[str] = []
        unknown: list[str] = []
        resolved_now: list[str] = []
        for name, where in specs:
            if name in self._agencies:
                continue
            try:
                self._agencies[name], _ = agencies.ensure(self.db, name, create=self.new_agencies)
                resolved_now.append(name)
            except NotFound as exc:
                unknown.append(name)
                problems.append(f"{where}: {exc}")
            except KpuError as exc:
                problems.append(f"{where}: {exc}")
        if problems:
            for name in resolved_now:  # the caller rolls back what was created for this draft
                del self._agencies[name]
            if unknown:
                problems.append(
                    f"unknown agencies: {', '.join(unknown)} "
                    "(add them with 'kpukoord agency add', or pass --new-agencies to create them)"
                )
            raise FileProblems(problems)
        return self._agencies

    def _stage_ids(self, draft: Draft) -> list[str]:
        from kpukoord import stages as stage_mod

        problems, ids = [], []
        for name, where in draft.stages:
            key = (name, draft.start)
            if key not in self._stages:
                try:
                    self._stages[key] = stage_mod.resolve(self.db, name, draft.start)["id"]
                except KpuError as exc:
                    problems.append(f"{where}: {exc}")
                    continue
            ids.append(self._stages[key])
        if problems:
            raise FileProblems(problems)
        return list(dict.fromkeys(ids))

    def add(self, draft: Draft, *, id: str | None = None) -> str:
        """Queue a new meeting with its children; return its id."""
        status = draft.status or ("planned" if draft.start > self.today else "held")
        if status == "held" and draft.start > self.today:
            raise KpuError(
                f"{draft.where.get('status', '--status')}: a meeting on {draft.start} "
                "(in the future) cannot be 'held'; use --status planned"
            )
        stage_ids = self._stage_ids(draft)  # first: it creates nothing
        host = [(draft.host, draft.where.get("host", "--host"))] if draft.host else []
        found = self.agencies([*host, *self._specs(draft)])
        meeting_id = id or new_id()
        self._queue(
            "meeting",
            {
                "id": meeting_id,
                "title": draft.title,
                "kind": draft.kind,
                "status": status,
                "start_date": draft.start.isoformat(),
                "end_date": draft.end.isoformat(),
                "start_time": draft.time,
                "timezone": draft.timezone or (self.office.get("timezone") if draft.time else None),
                "venue": draft.venue,
                "host_id": found[draft.host]["id"] if draft.host else self.office.get("agency_id"),
                "chair": draft.chair,
                "notes": draft.notes,
                "source": draft.source,
            },
        )
        self._children(meeting_id, draft, found, stage_ids, 0, 0)
        return meeting_id

    def children(self, meeting_id: str, draft: Draft) -> None:
        """Queue more attendees, decisions, follow-ups and stage links for an existing meeting."""
        stage_ids = self._stage_ids(draft)
        found = self.agencies(self._specs(draft))
        live = "meeting_id = ? AND deleted_at IS NULL"
        attendees = self.db.scalar(f"SELECT count(*) FROM attendee WHERE {live}", [meeting_id])  # noqa: S608
        decisions = self.db.scalar(f"SELECT count(*) FROM decision WHERE {live}", [meeting_id])  # noqa: S608
        linked = {
            r["stage_id"]
            for r in self.db.query(f"SELECT stage_id FROM meeting_stage WHERE {live}", [meeting_id])  # noqa: S608
        }
        for sid in stage_ids:  # a link removed earlier comes back instead of doubling
            old = self.db.one(
                "SELECT id, deleted_at FROM meeting_stage WHERE meeting_id = ? AND stage_id = ?",
                [meeting_id, sid],
            )
            if old and old["deleted_at"]:
                self.db.update("meeting_stage", old["id"], {"deleted_at": None})
                linked.add(sid)
        fresh = [sid for sid in stage_ids if sid not in linked]
        self._children(meeting_id, draft, found, fresh, attendees, decisions)

    @staticmethod
    def _specs(draft: Draft) -> list[tuple[str, str]]:
        return [(a.agency, a.where) for a in draft.attendees] + [
            (a.owner, a.where) for a in draft.actions
        ]

    def _children(
        self,
        meeting_id: str,
        draft: Draft,
        found: dict[str, Row],
        stage_ids: list[str],
        attendee_base: int,
        decision_base: int,
    ) -> None:
        for seq, spec in enumerate(draft.attendees, start=attendee_base):
            agency = found[spec.agency]
            person_id, position = self._person(spec, agency, draft.start)
            self._queue(
                "attendee",
                {
                    "meeting_id": meeting_id,
                    "agency_id": agency["id"],
                    "person_id": person_id,
                    "position": position,
                    "seq": seq,
                },
            )
        for seq, text in enumerate(draft.decisions, start=decision_base):
            self._queue("decision", {"meeting_id": meeting_id, "seq": seq, "text": text})
        for a in draft.actions:
            self._queue(
                "action",
                {
                    "text": a.text,
                    "owner_id": found[a.owner]["id"],
                    "due_date": a.due.isoformat() if a.due else None,
                    "status": "open",
                    "meeting_id": meeting_id,
                },
            )
        for sid in stage_ids:
            self._queue("meeting_stage", {"meeting_id": meeting_id, "stage_id": sid})

    def _person(
        self, spec: AttendeeSpec, agency: Row, day: dt.date
    ) -> tuple[str | None, str | None]:
        if not spec.person:
            return None, spec.position
        key = spec.person.lower()
        if key not in self._people:
            self._people[key] = people.find_optional(self.db, spec.person)
        person = self._people[key]
        if person is None:  # new people are written at once: later rows may name them
            pid = people.add(self.db, spec.person)
            if spec.position:
                people.add_position(self.db, pid, agency["id"], spec.position)
            self._people[key] = self.db.get("person", pid)
            return pid, spec.position
        if spec.position:
            return person["id"], spec.position
        held = people.position_at(self.db, person["id"], agency["id"], day)
        return person["id"], held["title"] if held else None

    def _queue(self, table: str, values: dict[str, Any]) -> None:
        self.rows[table].append(values)
        if table == "meeting" and len(self.rows["meeting"]) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Insert everything queued (parents first)."""
        for table in self.TABLES:
            if self.rows[table]:
                self.db.insert_many(table, self.rows[table])
                self.rows[table] = []


def add(db: Database, draft: Draft, *, new_agencies: bool = False, id: str | None = None) -> str:
    """Store a checked draft with its attendees, decisions, actions and stage links."""
    with db.atomic():
        writer = Writer(db, new_agencies=new_agencies)
        meeting_id = writer.add(draft, id=id)
        writer.flush()
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
    with db.atomic():
        writer = Writer(db, new_agencies=new_agencies)
        writer.children(meeting_id, draft)
        writer.flush()


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
    where, params, index = _list_filters(start, end, agency_id, kind, status, stage_ids)
    sql = (
        "SELECT m.*, h.name AS host, "  # noqa: S608 (fixed clauses, ? placeholders)
        "(SELECT count(*) FROM attendee t WHERE t.meeting_id = m.id AND t.deleted_at IS NULL) "
        f"AS attendee_count FROM meeting m {index} LEFT JOIN agency h ON h.id = m.host_id "
        f"WHERE {where} ORDER BY m.start_date DESC, m.id DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return db.query(sql, params)


def list_total(
    db: Database,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    agency_id: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    stage_ids: list[str] | None = None,
) -> int:
    """How many meetings :func:`list_rows` would return without a limit (from an index)."""
    where, params, index = _list_filters(start, end, agency_id, kind, status, stage_ids)
    if not index and not where.count(" AND "):  # no filter: count the live-rows index
        index = "INDEXED BY meeting_live_status"
    sql = f"SELECT count(*) FROM meeting m {index} WHERE {where}"  # noqa: S608 (fixed clauses)
    return int(db.scalar(sql, params))


def list_page(db: Database, *, limit: int | None, **filters: Any) -> tuple[list[Row], int]:
    """The first ``limit`` meetings of a list (all if None) and how many there are."""
    rows = list_rows(db, limit=limit, **filters)
    total = len(rows) if not limit or len(rows) < limit else list_total(db, **filters)
    return rows, total


def _list_filters(
    start: dt.date | None,
    end: dt.date | None,
    agency_id: str | None,
    kind: str | None,
    status: str | None,
    stage_ids: list[str] | None,
) -> tuple[str, list[Any], str]:
    """(WHERE clause, its parameters, INDEXED BY clause or '') of a meeting list.

    Without statistics (users' files never get ANALYZE) SQLite weighs the indexes of
    two equality filters alike and may read every planned meeting to find the rakor;
    when kind or status is the narrowest filter given, its index (m008) is named.
    An agency or stage filter drives the query from its own small id list instead.
    """
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
        # hosted (meeting_host) or attended (attendee_agency): a MULTI-INDEX OR
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
    index = ""
    if not agency_id and stage_ids is None:
        if kind:
            index = "INDEXED BY meeting_kind"
        elif status:
            index = "INDEXED BY meeting_live_status"
    return " AND ".join(where), params, index


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
