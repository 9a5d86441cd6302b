"""Meetings: validation of what the operator typed or wrote in a file, storage, queries.

A meeting arrives as a *raw* mapping (from command-line flags or a YAML/JSON
file) and is checked by :func:`draft_from_raw`, which reports every problem at
once, each prefixed with where it was found (``file:line`` or ``--flag``).
:func:`add` then resolves agencies, people and stages and writes everything in
one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from kpukoord.errors import FileProblems, KpuError, NotFound, UsageError
from kpukoord.language import dates, names
from kpukoord.language import text as text_rule
from kpukoord.language.i18n import _
from kpukoord.record import field
from kpukoord.record import record as data_record
from kpukoord.record import replace as with_changes
from kpukoord.records import actions as actions_mod
from kpukoord.records import agencies, people
from kpukoord.store.db import Database, Row
from kpukoord.store.ids import is_ulid, new_id

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

# The meeting record: the one list of its fields, in the order the JSON view (the
# README's contract), the CSV/JSON exports and the weekly report show them.
RECORD_KEYS = (
    "id",
    "title",
    "kind",
    "status",
    "start_date",
    "end_date",
    "date_as_written",
    "start_time",
    "end_time",
    "timezone",
    "part_of_day",
    "days",
    "venue",
    "host",
    "host_id",
    "opened_by",
    "chair",
    "speakers",
    "notulis",
    "attendees",
    "groups",
    "notes",
    "points",
    "directives",
    "decisions",
    "awards",
    "figures",
    "actions",
    "stages",
    "regulations",
    "source",
    "origin",
    "created_at",
    "updated_at",
)
# What the database writes itself: a file or flag may carry these (an export does) but
# they are never taken from it.
# (days are read from the date: "21, 22 dan 25 Desember 2023", or a file's date_as_written)
COMPUTED_KEYS = frozenset({"host_id", "origin", "created_at", "updated_at", "days"})
# The keys a meeting file or a command may give: the record's own, less the computed
# ones, with the short forms people write ("date" for a range, "time" for start_time).
FIELDS = frozenset(set(RECORD_KEYS) - COMPUTED_KEYS - {"start_time"} | {"date", "time"})
# (an export's start_time is read as time; end_time is a key of its own)
# A meeting in a summary (the weekly report): the record without its details and
# bookkeeping; attendees are summarised as agency names.
SUMMARY_KEYS = tuple(
    k
    for k in RECORD_KEYS
    if k
    not in {
        "host_id",
        "date_as_written",
        "opened_by",
        "chair",
        "speakers",
        "notulis",
        "groups",
        "notes",
        "points",
        "directives",
        "awards",
        "figures",
        "actions",
        "regulations",
        "source",
        "origin",
        "created_at",
        "updated_at",
    }
)
# The scalar fields an update changes (a None in a partial draft leaves them alone).
# (meeting.chair is the free text of records older than m010_meeting_roles, kept as written.)
SCALARS = ("title", "kind", "venue", "notes", "source")
# Who did what at a meeting: a file/JSON key (and flag) per role, each naming a person.
ROLE_KEYS = {
    "opened_by": "opened-by",
    "chair": "chair",
    "speakers": "speaker",
    "notulis": "notulis",
}
ROLES = tuple(ROLE_KEYS.values())
SINGLE_ROLES = ("opened-by", "chair", "notulis")  # one holder per meeting
# What was said and reported, by file/JSON key: the kind stored in meeting_item.
ITEM_KEYS = {"points": "point", "directives": "directive", "awards": "award", "figures": "figure"}
# The keys whose value is a list (a CSV cell joins them with ' | ').
LIST_KEYS = (
    "attendees",
    "decisions",
    "actions",
    "stages",
    "regulations",
    "speakers",
    "groups",
    *ITEM_KEYS,
)

Locator = Callable[..., str]


def check_kind(kind: str) -> str:
    k = " ".join(str(kind).strip().lower().split())
    k = _KIND_SYNONYMS.get(k, k)
    if k not in KINDS:
        raise UsageError(
            _("unknown meeting kind {kind!r}; choose from: {value0}").format(
                kind=kind, value0=", ".join(KINDS)
            )
        )
    return k


def check_status(status: str) -> str:
    s = str(status).strip().lower()
    s = _STATUS_SYNONYMS.get(s, s)
    if s not in STATUSES:
        raise UsageError(
            _("unknown status {status!r}; choose from: {value0}").format(
                status=status, value0=", ".join(STATUSES)
            )
        )
    return s


@data_record
class AttendeeSpec:
    agency: str | None  # None: the agency the person served on the day (position history)
    person: str | None = None
    position: str | None = None
    where: str = ""
    divisi: str | None = None
    roles: list[str] = field(default_factory=list)


@data_record
class GroupSpec:
    """A collective attendee: 'Ketua PPK se-Kabupaten Luwu Timur' (kind ppk), 11 people."""

    scope: str
    kind: str
    count: int | None = None
    where: str = ""


@data_record
class ItemSpec:
    """A point of discussion, a directive, an award or a figure, with who said it."""

    kind: str
    text: str
    by: str | None = None  # a person's name
    agency: str | None = None  # an award's recipient, the agency a figure concerns
    value: str | None = None  # a figure: '80%', '12'
    previous: str | None = None  # a figure's earlier value: '11'
    where: str = ""


@data_record
class ActionSpec:
    text: str
    owner: str
    due: dt.date | None = None
    where: str = ""
    # owned by a collective attendee of the meeting: its scope ("PPK se-Kabupaten Bali")
    group: str | None = None


@data_record
class Draft:
    """A checked meeting, or (``partial``) the checked changes to one: None means not given."""

    title: str | None = None
    kind: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None
    time: str | None = None
    end_time: str | None = None  # "HH:MM" (may be "24:00", or before time: past midnight)
    timezone: str | None = None
    # the date phrase as the operator typed it or the file held it ("Selasa (24/11/2024)")
    date_as_written: str | None = None
    # a meeting on separate days ("21, 22 dan 25 Desember 2023"): each of them, in order
    days: tuple[dt.date, ...] | None = None
    # each day with its own time: (day, start, end) for every day, or None
    day_times: tuple[tuple[dt.date, str | None, str | None], ...] | None = None
    part_of_day: str | None = None  # "night" ("malam"): when no clock time is given
    venue: str | None = None
    host: str | None = None
    host_id: str | None = None  # a host already resolved (a series' occurrences)
    notes: str | None = None
    source: str | None = None
    attendees: list[AttendeeSpec] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)
    stages: list[tuple[str, str]] = field(default_factory=list)  # (stage name, where)
    groups: list[GroupSpec] = field(default_factory=list)
    items: list[ItemSpec] = field(default_factory=list)
    regulations: list[str] = field(default_factory=list)  # normalised: "PKPU 7/2022"
    where: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # stored, but the operator should know


def split_escaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not escaped with a backslash; unescape the parts.

    ``\\;`` stands for a literal ';' and ``\\|`` for '|' inside a part, ``\\\\`` for
    a backslash (the CSV cells and the attendee/action specs use this).
    """
    parts: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "\\;|":
            buf.append(text[i + 1])
            i += 2
            continue
        if text.startswith(sep, i):
            parts.append("".join(buf))
            buf = []
            i += len(sep)
            continue
        buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


def escape_part(text: str) -> str:
    """A value as a part of a spec or a list cell: backslash, ';' and '|' escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


def _split_spec(spec: str) -> tuple[str, dict[str, str]]:
    """'TEXT; owner=AGENCY; due=DATE' -> ('TEXT', {'owner': ..., 'due': ...})."""
    parts = [p.strip() for p in split_escaped(spec, ";")]
    head = parts[0]
    opts: dict[str, str] = {}
    for p in parts[1:]:
        if not p:
            continue
        m = re.match(r"^([A-Za-z_]+)\s*=\s*(.*)$", p, re.S)
        if not m:
            raise UsageError(
                _(
                    "cannot read {p!r} in {spec!r}: write key=value (a ';' inside a value is written \\;)"
                ).format(p=p, spec=spec)
            )
        opts[m.group(1).lower()] = m.group(2).strip()
    return head, opts


def attendee_spec(a: dict[str, Any]) -> str:
    """An attendee as 'AGENCY; person=NAME; position=TITLE' (what --attendee takes)."""
    spec = escape_part(a["agency"])
    if a.get("person"):
        spec += f"; person={escape_part(a['person'])}"
    if a.get("position"):
        spec += f"; position={escape_part(a['position'])}"
    if a.get("divisi"):
        spec += f"; divisi={escape_part(a['divisi'])}"
    return spec


def action_spec(a: dict[str, Any]) -> str:
    """A follow-up as 'TEXT; owner=AGENCY; due=DATE' (what --action takes)."""
    owner = a["owner"]["group"] if isinstance(a["owner"], dict) else a["owner"]
    spec = f"{escape_part(a['text'])}; owner={escape_part(owner)}"
    return spec + (f"; due={a['due_date']}" if a.get("due_date") else "")


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


# The KEY=VALUE parts of each spec ('Polres Sijunjung; person=NAME'), by the option
# that takes it; the parsers below refuse any other, and shell completion offers them.
SPEC_KEYS: dict[str, tuple[str, ...]] = {
    "attendee": ("person", "position", "divisi", "agency"),
    "action": ("owner", "due"),
    "person": ("agency", "position", "divisi"),  # --chair, --opened-by, --speaker, --notulis
    "group": ("kind", "count"),
    "point": ("by",),
    "directive": ("by",),
    "award": ("agency", "by"),
    "figure": ("value", "from", "agency", "by"),
}


def attendee_from_spec(spec: str) -> dict[str, str]:
    """'AGENCY; person=NAME; position=TITLE; divisi=D' -> mapping."""
    head, opts = _split_spec(spec)
    unknown = set(opts) - set(SPEC_KEYS["attendee"])
    if unknown:
        raise UsageError(
            _("unknown attendee field {value0!r} in {spec!r}").format(
                value0=sorted(unknown)[0], spec=spec
            )
        )
    return {"agency": opts.get("agency", head), **{k: v for k, v in opts.items() if k != "agency"}}


def action_from_spec(spec: str) -> dict[str, str]:
    """'TEXT; owner=AGENCY; due=DATE' -> mapping."""
    head, opts = _split_spec(spec)
    unknown = set(opts) - set(SPEC_KEYS["action"])
    if unknown:
        raise UsageError(
            _("unknown action field {value0!r} in {spec!r}").format(
                value0=sorted(unknown)[0], spec=spec
            )
        )
    return {"text": head, **opts}


def person_from_spec(spec: str) -> dict[str, str]:
    """'NAME; agency=AGENCY; position=TITLE; divisi=D' (a role's holder) -> mapping; a
    holder the news names only by agency and role ("narasumber dari BPBD") is written
    without the name: 'agency=BPBD Sijunjung; position=Kalaksa'."""
    head, opts = _split_spec(spec)
    nameless = re.match(r"^(agency|position|divisi)\s*=\s*(.*)$", head, re.S | re.I)
    if nameless:
        opts = {nameless.group(1).lower(): nameless.group(2).strip(), **opts}
        head = ""
    unknown = set(opts) - set(SPEC_KEYS["person"])
    if unknown:
        raise UsageError(
            _("unknown field {value0!r} in {spec!r}").format(value0=sorted(unknown)[0], spec=spec)
        )
    return {"person": head, **opts}


_ITEM_FIELDS = {k: set(SPEC_KEYS[k]) for k in ("point", "directive", "award", "figure")}


def item_from_spec(kind: str, spec: str) -> dict[str, str]:
    """'TEXT; by=PERSON' (and agency=, value=, from= for awards and figures) -> mapping."""
    head, opts = _split_spec(spec)
    unknown = set(opts) - _ITEM_FIELDS[kind]
    if unknown:
        raise UsageError(
            _("unknown {kind} field {value0!r} in {spec!r}").format(
                kind=kind, value0=sorted(unknown)[0], spec=spec
            )
        )
    return {"text": head, **opts}


def group_from_spec(spec: str) -> dict[str, str]:
    """'Ketua PPK se-Kabupaten Luwu Timur; kind=ppk; count=11' -> mapping."""
    head, opts = _split_spec(spec)
    unknown = set(opts) - set(SPEC_KEYS["group"])
    if unknown:
        raise UsageError(
            _("unknown group field {value0!r} in {spec!r}").format(
                value0=sorted(unknown)[0], spec=spec
            )
        )
    return {"scope": head, **opts}


def spec_of(key: str, value: Any) -> str:
    """A record's value for a role, group or item key as the flag would write it (CSV cells)."""

    def one(v: dict[str, Any]) -> str:
        fields: tuple[str, ...]
        if key in ROLE_KEYS:
            if not v.get("person_id") and not v.get("agency"):  # an old free-text chair:
                return ""  # not a person to resolve; an import leaves it as it is
            head, fields = v["person"] or "", ("agency", "position", "divisi")
        elif key == "groups":
            head, fields = v["scope"], ("kind", "count")
        else:
            head, fields = v["text"], ("value", "from", "agency", "by")
        parts = [escape_part(str(head))] if head else []  # (a holder named by agency only)
        parts += [f"{k}={escape_part(str(v[k]))}" for k in fields if v.get(k)]
        return "; ".join(parts)

    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(one(v) for v in value)
    return one(value)


def _text(value: Any, *, multiline: bool = False) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise TypeError("a text is expected, not a list or mapping")
    s = text_rule.normalise_newlines(str(value)).strip()
    wrong = text_rule.problem(s, multiline=multiline)
    if wrong:
        raise TypeError(wrong)
    return s or None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def draft_from_raw(
    raw: dict[str, Any],
    locate: Locator,
    *,
    ref: dt.date | None = None,
    partial: bool = False,
    ignore_weekday: bool = False,
) -> Draft:
    """Check a raw meeting mapping; raise FileProblems listing every problem.

    ``locate(*path)`` returns the prefix for a problem at that field path,
    such as ``meeting.yaml:7`` or ``--date``. ``ignore_weekday``: a weekday that
    contradicts its date is a warning (``Draft.warnings``), not a problem.
    """
    warnings: list[str] = []
    problems: list[str] = []

    def problem(path: tuple[Any, ...], message: str, about: str | None = None) -> None:
        where = locate(*path)
        # "--action: action: action 'x' needs...": name the field once
        if about and not (
            where.lstrip("-").startswith(about)
            or message.lower().startswith((about, f"a {about}", f"an {about}"))
        ):
            message = f"{about}: {message}"
        problems.append(_("{where}: {message}").format(where=where, message=message))

    if not isinstance(raw, dict):
        raise FileProblems(
            [_("{value0}: a meeting must be a mapping of fields").format(value0=locate())]
        )
    for k in raw:
        if k not in FIELDS:
            problem(
                (k,),
                _("unknown field {k!r} (known: {value0})").format(
                    k=k, value0=", ".join(sorted(FIELDS - {"id"}))
                ),
            )

    def text_field(name: str) -> str | None:
        try:
            return _text(raw.get(name), multiline=name in text_rule.MULTILINE)
        except TypeError as exc:
            problem((name,), str(exc), name)
            return None

    title = text_field("title")
    if not title and not partial and not problems:
        problem(("title",) if "title" in raw else (), _("title is required"))
    start = end = None
    time_of_day = end_time = zone = None
    zones: dict[str, str] = {}  # field -> the zone it gave: they must agree
    written = text_field("date_as_written") or None
    days: tuple[dt.date, ...] | None = None
    day_times: tuple[tuple[dt.date, str | None, str | None], ...] | None = None
    if raw.get("date") is not None:
        value = raw["date"]
        try:
            if isinstance(value, dt.date):
                day = dates.in_bounds(value, str(value))
                parsed = dates.ParsedDate(day, day)
            else:
                parsed = dates.parse(
                    str(value), ref=ref, ignore_weekday=ignore_weekday, separate_days=True
                )
                written = written or " ".join(str(value).split())
            start, end, time_of_day, zone = parsed.start, parsed.end, parsed.time, parsed.timezone
            days = parsed.days
            day_times = parsed.day_times
            end_time = parsed.end_time
            if zone:
                zones["date"] = zone
            if parsed.weekday_ignored:
                warnings.append(
                    _("{where}: {value!r}: {note}; the date is kept as written").format(
                        where=locate("date"), value=str(value), note=parsed.weekday_ignored
                    )
                )
        except KpuError as exc:
            problem(("date",), str(exc))
    elif raw.get("start_date") is not None:
        try:
            start = _one_day(raw["start_date"], ref, "start_date")
            end = _one_day(raw.get("end_date") or raw["start_date"], ref, "end_date")
            if not written:  # the file's own cells, as it held them
                given = str(raw["start_date"]).strip()
                last = str(raw.get("end_date") or "").strip()
                written = given if not last or last == given else f"{given} – {last}"
            else:  # an export's separate days live in its phrase ("21, 22 dan 25 Desember")
                days, day_times = _days_written(written, start, end, ref)
            if end < start:
                problem(
                    ("end_date",),
                    _("the end {end} is before the start {start}").format(end=end, start=start),
                )
        except KpuError as exc:
            problem(("start_date",), str(exc))
    elif not partial:
        problem(("date",) if "date" in raw else (), _("date is required"))
    if start and end and (end - start).days >= MAX_DAYS:
        problem(
            ("date",) if "date" in raw else ("end_date",),
            _(
                "a meeting lasts at most {MAX_DAYS} days ({start} to {end} is longer); is this a stage rather than a meeting?"
            ).format(MAX_DAYS=MAX_DAYS, start=start, end=end),
        )
    part = dates.part_of_day(str(raw["date"])) if isinstance(raw.get("date"), str) else None
    if raw.get("part_of_day") is not None:  # a file's own (an export)
        given = str(raw["part_of_day"]).strip().lower()
        part = dates.part_of_day(given) if given else None
        if given and (part is None or len(given.split()) > 1):
            problem(
                ("part_of_day",),
                _("part of day {part!r}: use {value0}").format(
                    part=given, value0=", ".join([*dates.DAY_PARTS, *dates.DAY_PART_WORDS])
                ),
            )
    if raw.get("time") is not None and " ".join(str(raw["time"]).lower().split()) in (
        *dates.DAY_PARTS,
        *dates.DAY_PART_WORDS,
    ):
        part = dates.part_of_day(str(raw["time"]))  # --time siang: no clock time
    elif raw.get("time") is not None:
        try:
            time_of_day, end_time, tz = dates.parse_time_range(str(raw["time"]))
            zone = tz or zone
            if tz:
                zones["time"] = tz
        except KpuError as exc:
            problem(("time",), str(exc))
    if raw.get("end_time") is not None:
        try:
            end_time, tz = dates.parse_time(str(raw["end_time"]))
            zone = zone or tz
            if tz:
                zones["end_time"] = tz
        except KpuError as exc:
            problem(("end_time",), str(exc))
    if end_time and not time_of_day and not partial:
        problem(("end_time",), _("an end time needs a start time (time)"))
    if raw.get("timezone") is not None:
        try:
            zone = dates.check_timezone(str(raw["timezone"]))
            zones["timezone"] = zone
        except KpuError as exc:
            problem(("timezone",), str(exc))
    if len(set(zones.values())) > 1:  # "09.00 WIT" at a WIB meeting: which is right?
        (first, one), *rest = zones.items()
        other, two = next((k, z) for k, z in rest if z != one)
        problem(
            (other,),
            _("the time zone {two} contradicts {one} given by {where}").format(
                two=two, one=one, where=locate(first)
            ),
        )
    kind = None if partial else "rakor"
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
                raise UsageError(_("an attendee is an agency name or {agency, person, position}"))
            extra = set(item) - {"agency", "person", "position", "divisi", "roles"}
            if extra:
                raise UsageError(
                    _("unknown attendee field {value0!r}").format(value0=sorted(extra)[0])
                )
            agency = _text(item.get("agency"))
            if not agency:
                raise UsageError(_("an attendee needs an agency"))
            roles = [str(r) for r in _as_list(item.get("roles"))]
            bad = [r for r in roles if r not in ROLES]
            if bad:
                raise UsageError(
                    _("unknown role {value0!r}; choose from: {value1}").format(
                        value0=bad[0], value1=", ".join(ROLES)
                    )
                )
            if roles and not item.get("person"):
                raise UsageError(_("a role belongs to a person: give person=NAME"))
            attendees.append(
                AttendeeSpec(
                    agency,
                    _text(item.get("person")),
                    _text(item.get("position")),
                    locate("attendees", i),
                    _text(item.get("divisi")),
                    roles,
                )
            )
        except (KpuError, TypeError) as exc:
            problem(("attendees", i), str(exc), "attendee")
    decisions: list[str] = []
    for i, item in enumerate(_as_list(raw.get("decisions"))):
        try:
            text = _text(item)
            if text:
                decisions.append(text)
        except TypeError as exc:
            problem(("decisions", i), str(exc), _("decision"))
    actions: list[ActionSpec] = []
    for i, item in enumerate(_as_list(raw.get("actions"))):
        try:
            if isinstance(item, str):
                item = action_from_spec(item)
            if not isinstance(item, dict):
                raise UsageError(
                    _("an action is 'TEXT; owner=AGENCY; due=DATE' or {text, owner, due}")
                )
            extra = set(item) - {"text", "owner", "due"}
            if extra:
                raise UsageError(
                    _("unknown action field {value0!r}").format(value0=sorted(extra)[0])
                )
            text = _text(item.get("text"))
            named = item.get("owner")
            group_owned = isinstance(named, dict) and set(named) == {"group"}  # an export's
            owner = _text(named.get("group") if isinstance(named, dict) and group_owned else named)
            if not text:
                raise UsageError(_("an action needs a text"))
            if not owner:
                raise UsageError(
                    _("action {text!r} needs an owner (owner=AGENCY)").format(text=text)
                )
            due = (
                _one_day(item["due"], ref, "due", deadline=True)
                if item.get("due") is not None
                else None
            )
            actions.append(
                ActionSpec(text, owner, due, locate("actions", i), owner if group_owned else None)
            )
        except (KpuError, TypeError) as exc:
            problem(("actions", i), str(exc), _("action"))
    stages: list[tuple[str, str]] = []
    for i, item in enumerate(_as_list(raw.get("stages"))):
        try:
            name = _text(item)
            if name:
                stages.append((name, locate("stages", i)))
        except TypeError as exc:
            problem(("stages", i), str(exc), _("stage"))

    _roles(raw, locate, attendees, problem)
    groups: list[GroupSpec] = []
    for i, item in enumerate(_as_list(raw.get("groups"))):
        try:
            if isinstance(item, str):
                item = group_from_spec(item)
            if not isinstance(item, dict):
                raise UsageError(
                    _("a group is 'SCOPE; kind=KIND; count=N' or {scope, kind, count}")
                )
            extra = set(item) - {"scope", "kind", "count"}
            if extra:
                raise UsageError(
                    _("unknown group field {value0!r}").format(value0=sorted(extra)[0])
                )
            scope = _text(item.get("scope"))
            if not scope:
                raise UsageError(_("a group needs its scope ('Ketua PPK se-Kabupaten Luwu Timur')"))
            if not item.get("kind"):
                raise UsageError(
                    _("group {scope!r} needs kind=KIND (the agency kind: ppk, camat...)").format(
                        scope=scope
                    )
                )
            count = None
            if item.get("count") not in (None, ""):
                try:
                    count = int(str(item["count"]).strip())
                except ValueError:
                    raise UsageError(
                        _("count {count!r} is not a whole number").format(count=item["count"])
                    ) from None
                if count < 1:
                    raise UsageError(_("count must be at least 1, not {count}").format(count=count))
            groups.append(
                GroupSpec(scope, agencies.check_kind(str(item["kind"])), count, locate("groups", i))
            )
        except (KpuError, TypeError) as exc:
            problem(("groups", i), _("group: {exc}").format(exc=exc))
    items: list[ItemSpec] = []
    for key, ikind in ITEM_KEYS.items():
        for i, item in enumerate(_as_list(raw.get(key))):
            try:
                if isinstance(item, str):
                    item = item_from_spec(ikind, item)
                if not isinstance(item, dict):
                    raise UsageError(
                        _("a {ikind} is a text or a mapping with 'text'").format(ikind=ikind)
                    )
                extra = {k for k in item if not k.endswith("_id")} - _ITEM_FIELDS[ikind] - {"text"}
                if extra:
                    raise UsageError(
                        _("unknown {ikind} field {value0!r}").format(
                            ikind=ikind, value0=sorted(extra)[0]
                        )
                    )
                text = _text(item.get("text"))
                if not text:
                    raise UsageError(_("a {ikind} needs a text").format(ikind=ikind))
                agency = _text(item.get("agency"))
                if ikind == "award" and not agency:
                    raise UsageError(
                        _("award {text!r} needs the agency it went to (agency=AGENCY)").format(
                            text=text
                        )
                    )
                value = _text(item.get("value"))
                if ikind == "figure" and not value:
                    raise UsageError(
                        _("figure {text!r} needs its value (value=80%)").format(text=text)
                    )
                items.append(
                    ItemSpec(
                        ikind,
                        text,
                        _text(item.get("by")),
                        agency,
                        value,
                        _text(item.get("from")),
                        locate(key, i),
                    )
                )
            except (KpuError, TypeError) as exc:
                problem((key, i), _("{ikind}: {exc}").format(ikind=ikind, exc=exc))

    notes = raw.get("notes")
    if isinstance(notes, list):  # --note given more than once: one paragraph each
        try:
            paragraphs = [p for p in (_text(x, multiline=True) for x in notes) if p]
            raw = {**raw, "notes": "\n\n".join(paragraphs) or None}
        except TypeError as exc:
            problem(("notes",), _("notes: {exc}").format(exc=exc))
            raw = {**raw, "notes": None}
    regs: list[str] = []
    for i, item in enumerate(_as_list(raw.get("regulations"))):
        try:
            cited = _text(item)
            if cited:
                from kpukoord.timetables import regulations as reg_mod

                regs.append(reg_mod.lookup(cited).ref)
        except (KpuError, TypeError) as exc:
            problem(("regulations", i), str(exc), _("regulation"))

    texts = {k: text_field(k) for k in ("venue", "host", "notes", "source")}
    if problems:
        raise FileProblems(problems)
    return Draft(
        title=title,
        kind=kind,
        start=start,
        end=end,
        status=status,
        time=time_of_day,
        end_time=end_time,
        timezone=zone,
        attendees=attendees,
        decisions=decisions,
        actions=actions,
        stages=stages,
        groups=groups,
        items=items,
        regulations=list(dict.fromkeys(regs)),
        where={k: locate(k) for k in raw},
        date_as_written=written,
        days=days,
        day_times=day_times,
        part_of_day=None if time_of_day else part,
        warnings=warnings,
        **texts,
    )


def _ordered(roles: list[str]) -> list[str]:
    return [r for r in ROLES if r in roles]


def _roles(
    raw: dict[str, Any],
    locate: Locator,
    attendees: list[AttendeeSpec],
    problem: Callable[[tuple[Any, ...], str], None],
) -> None:
    """Give the people named by opened_by, chair, speakers and notulis their roles: on the
    attendee naming the same person, else as a new attendee (agency from the spec, or the
    person's position on the day)."""
    from kpukoord.language import names

    for key, role in ROLE_KEYS.items():
        values = _as_list(raw.get(key))
        if role in SINGLE_ROLES and len(values) > 1:
            problem((key,), _("{key}: one person only").format(key=key))
            continue
        for i, item in enumerate(values):
            path = (key, i) if key == "speakers" else (key,)
            try:
                if isinstance(item, str):
                    item = person_from_spec(item)
                if not isinstance(item, dict):
                    raise UsageError(
                        _("{key} is 'NAME; agency=AGENCY' or {{person, agency}}").format(key=key)
                    )
                if "person_id" in item and not item["person_id"] and not item.get("agency"):
                    continue  # an exported free-text chair (before m010): stays as it is
                extra = {k for k in item if not k.endswith("_id")} - {
                    "person", "agency", "position", "divisi", "roles",
                }  # fmt: skip
                if extra:
                    raise UsageError(_("unknown field {value0!r}").format(value0=sorted(extra)[0]))
                person = _text(item.get("person"))
                agency = _text(item.get("agency"))
                if not person and not agency:
                    raise UsageError(
                        _("a person's name or an agency is required ('agency=BPBD; position=…')")
                    )
                if person:
                    same = [
                        a
                        for a in attendees
                        if a.person and names.key(a.person) == names.key(person)
                    ]
                else:  # named by agency only: that agency's nameless attendee
                    same = [
                        a
                        for a in attendees
                        if not a.person and names.key(a.agency or "") == names.key(agency or "")
                    ]
                if same:
                    spec = same[0]
                    spec.position = _text(item.get("position")) or spec.position
                    spec.divisi = _text(item.get("divisi")) or spec.divisi
                else:
                    spec = AttendeeSpec(
                        _text(item.get("agency")),
                        person,
                        _text(item.get("position")),
                        locate(*path),
                        _text(item.get("divisi")),
                    )
                    attendees.append(spec)
                if role not in spec.roles:
                    spec.roles.append(role)
            except (KpuError, TypeError) as exc:
                problem(path, _("{key}: {exc}").format(key=key, exc=exc))
    for role in SINGLE_ROLES:
        holders = [a.person for a in attendees if role in a.roles]
        if len(holders) > 1:
            problem(
                ("attendees",),
                _("{role}: one person only, not {value0}").format(
                    role=role, value0=", ".join(map(str, holders))
                ),
            )


def _one_day(value: Any, ref: dt.date | None, what: str, *, deadline: bool = False) -> dt.date:
    if isinstance(value, dt.datetime):
        return dates.in_bounds(value.date(), str(value))
    if isinstance(value, dt.date):
        return dates.in_bounds(value, str(value))
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # ISO, as exports write it
        try:
            return dates.in_bounds(dt.date.fromisoformat(text), text)
        except ValueError:
            pass  # the parser below says what is wrong
    if deadline:  # "sebelum 27 Januari": by the 26th
        return dates.parse_due(text, ref=ref, what=what)
    return dates.parse_day(text, ref=ref, what=what)


# ---------------------------------------------------------------------------
# Writing


class Writer:
    """The one write path of meetings: new ones, changes, occurrences of a series, imports.

    Each rule lives here once: a meeting in the future cannot be held; the status
    defaults from the date; a time without a zone takes the office's; names of
    agencies, people and stages resolve before anything is written, so a bad draft
    leaves nothing behind. New meetings are queued and inserted in batches (one
    meeting is a batch of one; an import feeds thousands through the same code);
    call :meth:`flush` at the end, inside the caller's transaction.
    """

    TABLES = (
        "meeting",
        "attendee",
        "attendee_group",
        "decision",
        "action",
        "meeting_stage",
        "meeting_regulation",
        "meeting_item",
    )

    def __init__(
        self,
        db: Database,
        *,
        new_agencies: bool = False,
        batch: int = 5000,
        new_people: bool = False,
    ) -> None:
        self.db = db
        self.new_agencies = new_agencies
        self.new_people = new_people  # a name close to a known one is not a typo
        self.batch = batch
        self.office = db.office()
        self.today = dates.today()
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in self.TABLES}
        self._agencies: dict[str, Row] = {}
        self._people: dict[str, Row | None] = {}
        self._stages: dict[tuple[str, dt.date, str | None], str] = {}

    # -- the rules ---------------------------------------------------------

    def _status(self, draft: Draft, start: dt.date, current: str | None) -> str:
        """The status to store: the draft's, else the current one, else from the date."""
        status = draft.status or current or ("planned" if start > self.today else "held")
        if status == "held" and start > self.today:
            where = draft.where.get("status") or draft.where.get("date") or "--status"
            raise KpuError(
                _(
                    "{where}: a meeting on {start} (in the future) cannot be 'held'; use --status planned"
                ).format(where=where, start=start)
            )
        return status

    def _zone(self, draft: Draft, current: str | None) -> str | None:
        """A time's zone: the draft's, else the meeting's, else the office's."""
        return draft.timezone or current or self.office.get("timezone")

    # -- names -------------------------------------------------------------

    def agencies(self, specs: Iterable[tuple[str, str]]) -> dict[str, Row]:
        """Resolve every (name, where); report all unknown names together."""
        problems: list[str] = []
        unknown: dict[str, list[str]] = {}  # name -> where it was named
        resolved_now: list[str] = []
        for name, where in specs:
            if name in self._agencies:
                continue
            if name in unknown:
                unknown[name].append(where)
                continue
            try:
                self._agencies[name], _created = agencies.ensure(
                    self.db, name, create=self.new_agencies
                )
                resolved_now.append(name)
            except NotFound:
                unknown[name] = [where]
            except KpuError as exc:
                problems.append(_("{where}: {exc}").format(where=where, exc=exc))
        if problems or unknown:
            for name in resolved_now:  # the caller rolls back what was created for this draft
                del self._agencies[name]
            if unknown:  # one line: each name once, with the nearest known names
                wheres = ", ".join(dict.fromkeys(w for ws in unknown.values() for w in ws))
                close = {n: agencies.suggestions(self.db, n, limit=3) for n in unknown}
                if len(unknown) == 1:
                    [(name, near)] = close.items()
                    what = _("unknown agency {name!r}").format(name=name)
                    if near:
                        what += "; " + _("did you mean: {names}?").format(names=", ".join(near))
                    hint = _(
                        "add it with 'kpukoord agency add', or pass --new-agencies to create it"
                    )
                else:
                    near = list(dict.fromkeys(c for cs in close.values() for c in cs))
                    what = _("unknown agencies: {names}").format(names=", ".join(unknown))
                    if near:
                        what += (
                            " (" + _("did you mean: {names}?").format(names=", ".join(near)) + ")"
                        )
                    hint = _(
                        "add them with 'kpukoord agency add', or pass --new-agencies to create them"
                    )
                problems.append(
                    _("{wheres}: {what} ({hint})").format(wheres=wheres, what=what, hint=hint)
                )
            raise FileProblems(problems, unknown_agencies=list(unknown))
        return self._agencies

    def _stage_ids(self, draft: Draft, day: dt.date, host: str | None = None) -> list[str]:
        """The stages a draft names, among the schedules that apply where its host is."""
        from kpukoord.timetables import stages as stage_mod

        host = draft.host or host

        problems, ids = [], []
        for name, where in draft.stages:
            key = (name, day, host)
            if key not in self._stages:
                try:  # among the schedules that apply where the host is
                    codes = stage_mod.codes_for_host(self.db, host)
                    row = stage_mod.resolve(self.db, name, day, codes=codes)
                    self._stages[key] = row["id"]
                except KpuError as exc:
                    problems.append(_("{where}: {exc}").format(where=where, exc=exc))
                    continue
            ids.append(self._stages[key])
        if problems:
            raise FileProblems(problems)
        return list(dict.fromkeys(ids))

    @staticmethod
    def _specs(draft: Draft) -> list[tuple[str, str]]:
        host = [(draft.host, draft.where.get("host", "--host"))] if draft.host else []
        return (
            host
            + [(a.agency, a.where) for a in draft.attendees if a.agency]
            + [(a.owner, a.where) for a in draft.actions if not a.group]
            + [(i.agency, i.where) for i in draft.items if i.agency]
        )

    def _group_owners(self, draft: Draft, meeting_id: str | None) -> Draft:
        """Follow-ups whose owner names a collective attendee of the meeting (the draft's,
        or the stored meeting's) are that group's: 'owner=PPK se-Kabupaten Bali'."""
        if not draft.actions:
            return draft
        scopes = {names.key(g.scope): g.scope for g in draft.groups}
        if meeting_id:
            for r in self.db.query(
                "SELECT scope FROM attendee_group WHERE meeting_id = ? AND deleted_at IS NULL",
                [meeting_id],
            ):
                scopes.setdefault(names.key(r["scope"]), r["scope"])
        owned = []
        for a in draft.actions:
            scope = scopes.get(names.key(a.owner))
            if a.group and scope is None:
                raise UsageError(
                    _("{where}: owner {group!r} is no collective attendee of this meeting").format(
                        where=a.where, group=a.group
                    )
                )
            owned.append(with_changes(a, group=scope) if scope else a)
        return with_changes(draft, actions=owned)

    # -- writing -----------------------------------------------------------

    def add(self, draft: Draft, *, id: str | None = None, series_id: str | None = None) -> str:
        """Queue a new meeting with its children; return its id."""
        draft = self._group_owners(draft, None)
        if not draft.title or draft.start is None or draft.end is None:
            raise UsageError(_("a new meeting needs a title and a date"))
        status = self._status(draft, draft.start, None)
        stage_ids = self._stage_ids(draft, draft.start)  # first: it creates nothing
        found = self.agencies(self._specs(draft))
        meeting_id = id or new_id()
        self._queue(
            "meeting",
            {
                "id": meeting_id,
                "title": draft.title,
                "kind": draft.kind or "rakor",
                "status": status,
                "start_date": draft.start.isoformat(),
                "end_date": draft.end.isoformat(),
                "date_as_written": draft.date_as_written
                or _span_text(draft.start.isoformat(), draft.end.isoformat()),
                "days": _days_json(draft.days, draft.day_times),
                "part_of_day": draft.part_of_day,
                "start_time": draft.time,
                "end_time": draft.end_time,
                # with or without a clock time, the meeting happens in a zone: the host
                # office's unless given
                "timezone": self._zone(draft, None),
                "venue": draft.venue,
                "host_id": found[draft.host]["id"]
                if draft.host
                else draft.host_id or self.office.get("agency_id"),
                "chair": None,  # the chair is an attendee's role (m010_meeting_roles)
                "notes": draft.notes,
                "source": draft.source,
                **({"series_id": series_id} if series_id else {}),
            },
        )
        self._children(meeting_id, draft, found, stage_ids, 0, 0)
        return meeting_id

    def update(self, row: Row, draft: Draft, *, replace: bool = False) -> bool:
        """Change a stored meeting to what the draft gives; return whether anything changed.

        Without ``replace`` the draft is partial: fields it leaves out stay as they
        are, and its attendees, decisions, follow-ups and stages are added. With
        ``replace`` (an import of a whole record) its scalars and lists replace the
        stored ones, except follow-ups, which have their own status: new ones are added.
        """
        start = draft.start or dt.date.fromisoformat(row["start_date"])
        values: dict[str, Any] = {}
        for k in SCALARS:
            value = getattr(draft, k)
            if value is not None or (replace and k not in ("title", "kind")):
                values[k] = value
        if draft.start is not None and draft.end is not None:
            values["start_date"] = draft.start.isoformat()
            values["end_date"] = draft.end.isoformat()
            values["days"] = _days_json(draft.days, draft.day_times)
            # the phrase typed with the date; a file without one keeps the stored
            # phrase unless its dates differ from the stored ones
            if draft.date_as_written is not None and (
                "date_as_written" in draft.where
                or "date" in draft.where
                or (values["start_date"], values["end_date"])
                != (row["start_date"], row["end_date"])
            ):
                values["date_as_written"] = draft.date_as_written
        if draft.time is not None or replace:
            values["start_time"] = draft.time
            values["end_time"] = draft.end_time  # a new start time comes with its own end
        if draft.part_of_day is not None and "time" in draft.where:  # --time siang
            values.update(start_time=None, end_time=None, part_of_day=draft.part_of_day)
        elif draft.part_of_day is not None and not (row["start_time"] and draft.time is None):
            values["part_of_day"] = draft.part_of_day  # (a stored clock time is more exact)
        elif draft.time is not None or replace:
            values["part_of_day"] = draft.part_of_day  # a clock time replaces it
        if draft.time is not None:
            values["timezone"] = self._zone(draft, row["timezone"])
        elif draft.timezone is not None:
            values["timezone"] = draft.timezone
        values["status"] = self._status(draft, start, row["status"])
        host = self.db.get("agency", row["host_id"]) if row["host_id"] else None
        stage_ids = self._stage_ids(draft, start, host["name"] if host else None)
        draft = self._group_owners(draft, row["id"])
        found = self.agencies(self._specs(draft))
        if draft.host:
            values["host_id"] = found[draft.host]["id"]
        changed = {k: v for k, v in values.items() if row[k] != v}
        if changed:
            self.db.update("meeting", row["id"], changed)
        if replace:
            for table in (
                "attendee",
                "attendee_group",
                "decision",
                "meeting_stage",
                "meeting_regulation",
                "meeting_item",
            ):
                for r in self.db.query(
                    f"SELECT id FROM {table} WHERE meeting_id = ? AND deleted_at IS NULL",  # noqa: S608
                    [row["id"]],
                ):
                    self.db.soft_delete(table, r["id"])
            known = {
                (a["text"], a["owner_id"] or a["owner_group"])
                for a in self.db.query(
                    "SELECT text, owner_id, owner_group FROM action "
                    "WHERE meeting_id = ? AND deleted_at IS NULL",
                    [row["id"]],
                )
            }
            fresh = [
                a for a in draft.actions if (a.text, a.group or found[a.owner]["id"]) not in known
            ]
            draft = with_changes(draft, actions=fresh)
        added = self._more_children(row["id"], draft, found, stage_ids)
        return bool(changed) or added or replace

    def _more_children(
        self, meeting_id: str, draft: Draft, found: dict[str, Row], stage_ids: list[str]
    ) -> bool:
        """Queue more attendees, decisions, follow-ups and stage links for a stored meeting."""
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
        cited = {
            r["ref"]
            for r in self.db.query(f"SELECT ref FROM meeting_regulation WHERE {live}", [meeting_id])  # noqa: S608
        }
        new_regs = [r for r in draft.regulations if r not in cited]
        draft = with_changes(draft, regulations=new_regs)
        self._children(
            meeting_id, draft, found, fresh, attendees, decisions, len(cited), stored=True
        )
        return bool(
            draft.attendees
            or draft.decisions
            or draft.actions
            or fresh
            or new_regs
            or draft.groups
            or draft.items
        )

    def _children(
        self,
        meeting_id: str,
        draft: Draft,
        found: dict[str, Row],
        stage_ids: list[str],
        attendee_base: int,
        decision_base: int,
        regulation_base: int = 0,
        *,
        stored: bool = False,
    ) -> None:
        day = draft.start or self.today
        if stored and draft.start is None:
            stored_row = self.db.get("meeting", meeting_id)
            assert stored_row is not None
            day = dt.date.fromisoformat(stored_row["start_date"])
        seq = attendee_base
        for spec in draft.attendees:
            if spec.agency:
                agency_id = found[spec.agency]["id"]
                person_id, position, divisi = self._person(spec, found[spec.agency], day)
            else:
                person_id, agency_id, position, divisi = self._person_anywhere(spec, day)
            roles = [r for r in ROLES if r in spec.roles]
            if stored and roles:
                self._take_roles(meeting_id, roles)
            if stored and person_id:
                old = self.db.one(
                    "SELECT * FROM attendee WHERE meeting_id = ? AND person_id = ? "
                    "AND deleted_at IS NULL ORDER BY seq LIMIT 1",
                    [meeting_id, person_id],
                )
                if old is not None:  # the same person again: their roles (and title) change
                    have = old["roles"].split()
                    merged = " ".join(r for r in ROLES if r in have or r in roles)
                    changes: dict[str, Any] = {"roles": merged}
                    if spec.position:
                        changes["position"] = position
                    if spec.divisi:
                        changes["divisi"] = divisi
                    self.db.update("attendee", old["id"], changes)
                    continue
            self._queue(
                "attendee",
                {
                    "meeting_id": meeting_id,
                    "agency_id": agency_id,
                    "person_id": person_id,
                    "position": position,
                    "divisi": divisi,
                    "roles": " ".join(roles),
                    "seq": seq,
                },
            )
            seq += 1
        group_base = 0
        if stored and draft.groups:
            group_base = self.db.scalar(
                "SELECT count(*) FROM attendee_group WHERE meeting_id = ? AND deleted_at IS NULL",
                [meeting_id],
            )
        for n, g in enumerate(draft.groups, start=group_base):
            self._queue(
                "attendee_group",
                {
                    "meeting_id": meeting_id,
                    "kind": g.kind,
                    "scope": g.scope,
                    "count": g.count,
                    "seq": n,
                },
            )
        for seq, text in enumerate(draft.decisions, start=decision_base):
            self._queue("decision", {"meeting_id": meeting_id, "seq": seq, "text": text})
        for a in draft.actions:
            self._queue(
                "action",
                actions_mod.values(
                    a.text, None if a.group else found[a.owner]["id"], a.due, meeting_id, a.group
                ),
            )
        for sid in stage_ids:
            self._queue("meeting_stage", {"meeting_id": meeting_id, "stage_id": sid})
        for seq, ref in enumerate(draft.regulations, start=regulation_base):
            self._queue("meeting_regulation", {"meeting_id": meeting_id, "ref": ref, "seq": seq})
        item_base = 0
        if stored and draft.items:
            item_base = self.db.scalar(
                "SELECT count(*) FROM meeting_item WHERE meeting_id = ? AND deleted_at IS NULL",
                [meeting_id],
            )
        problems = []
        for n, item in enumerate(draft.items, start=item_base):
            person_id = None
            if item.by:
                person = self._known_person(item.by)
                if person is None:
                    problems.append(
                        _(
                            "{where}: unknown person {by!r}; name them as an attendee (--attendee, --speaker, --chair...) or add them with 'kpukoord person add'"
                        ).format(where=item.where, by=item.by)
                    )
                    continue
                person_id = person["id"]
            self._queue(
                "meeting_item",
                {
                    "meeting_id": meeting_id,
                    "kind": item.kind,
                    "seq": n,
                    "text": item.text,
                    "person_id": person_id,
                    "agency_id": found[item.agency]["id"] if item.agency else None,
                    "value": item.value,
                    "previous": item.previous,
                },
            )
        if problems:
            raise FileProblems(problems)

    def _take_roles(self, meeting_id: str, roles: list[str]) -> None:
        """A stored meeting gets a new chair (opener, notulis): the old one loses the role."""
        single = [r for r in roles if r in SINGLE_ROLES]
        if not single:
            return
        for row in self.db.query(
            "SELECT id, roles FROM attendee WHERE meeting_id = ? AND deleted_at IS NULL "
            "AND roles != ''",
            [meeting_id],
        ):
            kept = " ".join(r for r in row["roles"].split() if r not in single)
            if kept != row["roles"]:
                self.db.update("attendee", row["id"], {"roles": kept})
        if "chair" in single:  # an old free-text chair gives way too
            self.db.conn.execute(
                "UPDATE meeting SET chair = NULL WHERE id = ? AND chair IS NOT NULL", [meeting_id]
            )

    def _known_person(self, name: str) -> Row | None:
        key = name.lower()
        if key not in self._people or self._people[key] is None:
            self._people[key] = people.find_optional(self.db, name)
        return self._people[key]

    def _person(
        self, spec: AttendeeSpec, agency: Row, day: dt.date
    ) -> tuple[str | None, str | None, str | None]:
        """(person id, position, divisi): as given, else as held at that agency on the day."""
        if not spec.person:
            return None, spec.position, spec.divisi
        key = spec.person.lower()
        if key not in self._people or self._people[key] is None:
            self._people[key] = people.find_optional(self.db, spec.person)
        person = self._people[key]
        if person is None and not self.new_people:
            close = people.near(self.db, spec.person, agency["id"])
            if close:  # "Irfan Lahbu" when "Irfan Lahabu" is known there: a typo
                raise KpuError(
                    _(
                        "{where}: person {person!r} is not known at {name}; did you mean: {value0}? (pass --new-people if this is another person)"
                    ).format(
                        where=spec.where,
                        person=spec.person,
                        name=agency["name"],
                        value0=", ".join(r["name"] for r in close),
                    )
                )
        if person is None:  # new people are written at once: later rows may name them
            pid = people.add(self.db, spec.person)
            if spec.position:
                people.add_position(self.db, pid, agency["id"], spec.position, divisi=spec.divisi)
            self._people[key] = self.db.get("person", pid)
            return pid, spec.position, spec.divisi
        if spec.position:
            return person["id"], spec.position, spec.divisi
        held = people.position_at(self.db, person["id"], agency["id"], day)
        if held is None:
            return person["id"], None, spec.divisi
        return person["id"], held["title"], spec.divisi or held["divisi"]

    def _person_anywhere(
        self, spec: AttendeeSpec, day: dt.date
    ) -> tuple[str, str, str | None, str | None]:
        """A role's holder named without an agency: (person id, agency id, position, divisi)
        from the position they held on the day."""
        assert spec.person
        person = self._known_person(spec.person)
        if person is None:
            raise FileProblems(
                [
                    _(
                        "{where}: unknown person {person!r}; give agency=AGENCY (and position=TITLE) to record them"
                    ).format(where=spec.where, person=spec.person)
                ]
            )
        held = people.position_at(self.db, person["id"], None, day)
        if held is None:
            raise FileProblems(
                [
                    _(
                        "{where}: {name} held no recorded position on {day}; give agency=AGENCY"
                    ).format(where=spec.where, name=person["name"], day=day)
                ]
            )
        return (
            person["id"],
            held["agency_id"],
            spec.position or held["title"],
            spec.divisi or held["divisi"],
        )

    def _queue(self, table: str, values: dict[str, Any]) -> None:
        self.rows[table].append(values)
        if table == "meeting" and len(self.rows["meeting"]) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Insert everything queued (parents first)."""
        if self.rows["attendee"]:  # their meeting's day while it is held (m015's held_on)
            held = {
                m["id"]: m.get("start_date")
                for m in self.rows["meeting"]
                if m.get("status") == "held" and not m.get("deleted_at")
            }
            for a in self.rows["attendee"]:
                a["held_on"] = held.get(a["meeting_id"])
        for table in self.TABLES:
            if self.rows[table]:
                self.db.insert_many(table, self.rows[table])
                self.rows[table] = []


def add(
    db: Database,
    draft: Draft,
    *,
    new_agencies: bool = False,
    id: str | None = None,
    new_people: bool = False,
) -> str:
    """Store a checked draft with its attendees, decisions, actions and stage links."""
    with db.atomic():
        writer = Writer(db, new_agencies=new_agencies, new_people=new_people)
        meeting_id = writer.add(draft, id=id)
        writer.flush()
    return meeting_id


def update(
    db: Database,
    row: Row,
    draft: Draft,
    *,
    new_agencies: bool = False,
    replace: bool = False,
    new_people: bool = False,
) -> None:
    """Change a stored meeting (see :meth:`Writer.update`)."""
    with db.atomic():
        writer = Writer(db, new_agencies=new_agencies, new_people=new_people)
        writer.update(row, draft, replace=replace)
        writer.flush()


def record_occurrence(
    db: Database, series: Row, draft: Draft, *, new_agencies: bool, new_people: bool = False
) -> str:
    """Record a meeting of a series: its planned occurrence on that day becomes held
    (with what the draft adds); with no occurrence that day, a new meeting joins the series."""
    from kpukoord.records import series as series_mod

    assert draft.start is not None  # a full draft
    with db.atomic():
        writer = Writer(db, new_agencies=new_agencies, new_people=new_people)
        row = series_mod.occurrence_on(db, series["id"], draft.start)
        if row is None:
            meeting_id = writer.add(draft, series_id=series["id"])
        else:
            # Recording it means it happened (or, in the future, is still planned).
            status = draft.status or ("planned" if draft.start > writer.today else "held")
            title = draft.title if draft.title != row["title"] else None
            writer.update(row, with_changes(draft, status=status, title=title, kind=None))
            meeting_id = str(row["id"])
        writer.flush()
    return meeting_id


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


def remove(db: Database, row: Row) -> None:
    with db.atomic():
        db.soft_delete("meeting", row["id"])


def find(db: Database, ident: str) -> Row:
    return db.by_prefix("meeting", ident, _("meeting"), label="title")


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
    regulation: str | None = None,
    limit: int | None = None,
) -> list[Row]:
    """Live meetings overlapping [start, end], newest first; filters compose (AND)."""
    filters: dict[str, Any] = {
        "start": start,
        "end": end,
        "agency_id": agency_id,
        "kind": kind,
        "status": status,
        "regulation": regulation,
    }
    where, params, index = _list_filters(stage_ids=stage_ids, **filters)
    if limit and stage_ids and len(stage_ids) <= STAGE_BRANCHES:
        # Each stage's newest meetings straight from its links' dated index (m014),
        # one branch per stage: the page is among the branches' first ``limit`` rows.
        base, base_params, _index = _list_filters(**filters)
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


def _span_text(start: str, end: str) -> str:
    return start if start == end else f"{start} – {end}"


def _days_json(
    days: tuple[dt.date, ...] | None,
    day_times: tuple[tuple[dt.date, str | None, str | None], ...] | None = None,
) -> str | None:
    """meeting.days: the separate days as a JSON list of ISO dates, or every day with its
    own time as {"date", "time", "end_time"}; NULL for a span at the meeting's time."""
    if day_times:
        return json.dumps(
            [{"date": d.isoformat(), "time": s, "end_time": e} for d, s, e in day_times]
        )
    return json.dumps([d.isoformat() for d in days]) if days else None


def day_entries(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every day of a meeting with its times: its own when each day has one, else the
    meeting's (``rec`` is a stored row or a record: start/end dates, times, days)."""
    stored = rec.get("days")
    if isinstance(stored, str) and stored:
        stored = json.loads(stored)
    if isinstance(stored, list) and stored and isinstance(stored[0], dict):
        return [{"date": d["date"], "time": d["time"], "end_time": d["end_time"]} for d in stored]
    return [
        {"date": d.isoformat(), "time": rec["start_time"], "end_time": rec.get("end_time")}
        for d in days_of(rec)
    ]


def _days_written(
    written: str, start: dt.date, end: dt.date, ref: dt.date | None
) -> tuple[tuple[dt.date, ...] | None, tuple[tuple[dt.date, str | None, str | None], ...] | None]:
    """The separate days (and each day's own time) a file's phrase names, when it names
    the file's first and last day (else the phrase is only text: the file's dates stand)."""
    if start == end:
        return None, None
    try:
        parsed = dates.parse(written, ref=ref, ignore_weekday=True, separate_days=True)
    except KpuError:
        return None, None
    if (parsed.start, parsed.end) != (start, end):
        return None, None
    return parsed.days, parsed.day_times


def days_of(rec: dict[str, Any]) -> list[dt.date]:
    """Every day a meeting took place: its separate days, else its span."""
    first, last = dt.date.fromisoformat(rec["start_date"]), dt.date.fromisoformat(rec["end_date"])
    stored = rec.get("days")
    if isinstance(stored, str) and stored:
        stored = json.loads(stored)
    if isinstance(stored, list) and stored:
        return [dt.date.fromisoformat(d["date"] if isinstance(d, dict) else d) for d in stored]
    return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]


# A meeting's participant count as every list shows it ("att."): its live attendees
# (``m`` is the meeting in the query). One definition for meeting list and stage show.
ATTENDEE_COUNT = (
    "(SELECT count(*) FROM attendee t WHERE t.meeting_id = m.id AND t.deleted_at IS NULL) "
    "AS attendee_count"
)


# A stage filter naming at most this many stages (coklit: one a timetable) reads each
# stage's page from meeting_stage_date; more (a vague word) are read and sorted whole.
STAGE_BRANCHES = 20


def list_total(db: Database, **filters: Any) -> int:
    """How many meetings :func:`list_rows` would return without a limit (from an index),
    counted up to ``COUNT_CAP + 1`` (:meth:`Database.count_upto`); the same filters."""
    where, params, index = _list_filters(**filters)
    if not index and not where.count(" AND "):  # no filter: count the live-rows index
        index = "INDEXED BY meeting_live_status"
    return db.count_upto(f"SELECT 1 FROM meeting m {index} WHERE {where}", params)  # noqa: S608


def list_page(db: Database, *, limit: int | None, **filters: Any) -> tuple[list[Row], int]:
    """The first ``limit`` meetings of a list (all if None) and how many there are."""
    rows = list_rows(db, limit=limit, **filters)
    total = len(rows) if not limit or len(rows) < limit else list_total(db, **filters)
    return rows, total


def _list_filters(
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    agency_id: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    stage_ids: list[str] | None = None,
    regulation: str | None = None,
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
    if regulation:
        from kpukoord.timetables import regulations as reg_mod

        where.append(
            "m.id IN (SELECT meeting_id FROM meeting_regulation WHERE ref = ? "
            "AND deleted_at IS NULL)"
        )
        params.append(reg_mod.lookup(regulation).ref)
    index = ""
    if not agency_id and stage_ids is None and not regulation:
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
