"""Checking a raw meeting (flags or a file's mapping) into a :class:`Draft`.

A meeting arrives as a *raw* mapping (from command-line flags or a YAML/JSON
file) and is checked by :func:`draft_from_raw`, which reports every problem at
once, each prefixed with where it was found (``file:line`` or ``--flag``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kpukoord.errors import FileProblems, KpuError, UsageError
from kpukoord.language import dates, names
from kpukoord.language import text as text_rule
from kpukoord.language.i18n import _
from kpukoord.records.meetings.days import _days_written
from kpukoord.records.meetings.fields import (
    FIELDS,
    ITEM_KEYS,
    MAX_DAYS,
    ROLE_KEYS,
    ROLES,
    SINGLE_ROLES,
    AttendeeSpec,
    Draft,
    Locator,
    check_kind,
    check_status,
)
from kpukoord.records.meetings.spec import person_from_spec
from kpukoord.records.meetings.subrecords import (
    GROUP,
    REGULATION,
    SUB_RECORDS,
    _as_list,
    _one_day,
    _text,
    read_list,
)


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

    lists: dict[str, list[Any]] = {}
    for schema in SUB_RECORDS:  # one loop, one schema per list (subrecords.py)
        if schema is GROUP:  # the role holders join the attendees (their problems come here)
            _roles(raw, locate, lists["attendees"], problem)
        elif schema is REGULATION:  # a list of notes is joined (its problem comes here)
            raw = _joined_notes(raw, problem)
        lists[schema.key] = read_list(schema, raw, locate, problem, ref)

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
        attendees=lists["attendees"],
        decisions=lists["decisions"],
        actions=lists["actions"],
        stages=lists["stages"],
        groups=lists["groups"],
        items=[i for key in ITEM_KEYS for i in lists[key]],
        regulations=list(dict.fromkeys(lists["regulations"])),
        where={k: locate(k) for k in raw},
        date_as_written=written,
        days=days,
        day_times=day_times,
        part_of_day=None if time_of_day else part,
        warnings=warnings,
        **texts,
    )


def _joined_notes(raw: dict[str, Any], problem: Callable[..., None]) -> dict[str, Any]:
    """--note given more than once: one paragraph each."""
    notes = raw.get("notes")
    if not isinstance(notes, list):
        return raw
    try:
        paragraphs = [p for p in (_text(x, multiline=True) for x in notes) if p]
        return {**raw, "notes": "\n\n".join(paragraphs) or None}
    except TypeError as exc:
        problem(("notes",), _("notes: {exc}").format(exc=exc))
        return {**raw, "notes": None}


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
