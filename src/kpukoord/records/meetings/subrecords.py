"""The lists of a meeting, one small schema each, and the one loop that checks them.

An attendee, a follow-up, a group, a point, a directive, an award, a figure: each
arrives as a spec (``'TEXT; key=value'``) or a mapping, and each goes through the same
steps in :func:`read_list`: spec to mapping, a mapping at all, no unknown key, then its
fields in order, each read (and refused) by its reader, the required ones checked where
the schema says. A decision, a stage or a regulation is a plain text.

The order of :data:`SUB_RECORDS` is the order in which their problems are reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kpukoord.errors import KpuError, UsageError
from kpukoord.language import dates
from kpukoord.language import text as text_rule
from kpukoord.language.i18n import _
from kpukoord.record import record as data_record
from kpukoord.records import agencies
from kpukoord.records.meetings.fields import (
    ROLES,
    ActionSpec,
    AttendeeSpec,
    GroupSpec,
    ItemSpec,
)
from kpukoord.records.meetings.spec import (
    action_from_spec,
    attendee_from_spec,
    group_from_spec,
    item_from_spec,
)

Values = dict[str, Any]
# (path, message, about) -> None: draft_from_raw's problem()
Problem = Callable[..., None]


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


# --- readers: (the mapping, the field, the reference date) -> the checked value


def _text_of(item: Values, name: str, ref: dt.date | None) -> str | None:
    return _text(item.get(name))


def _as_given(item: Values, name: str, ref: dt.date | None) -> Any:
    return item.get(name)


def _roles_of(item: Values, name: str, ref: dt.date | None) -> list[str]:
    roles = [str(r) for r in _as_list(item.get(name))]
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise UsageError(
            _("unknown role {value0!r}; choose from: {value1}").format(
                value0=bad[0], value1=", ".join(ROLES)
            )
        )
    if roles and not item.get("person"):
        raise UsageError(_("a role belongs to a person: give person=NAME"))
    return roles


def _owner_of(item: Values, name: str, ref: dt.date | None) -> str | None:
    named = item.get(name)
    group_owned = isinstance(named, dict) and set(named) == {"group"}  # an export's
    return _text(named.get("group") if isinstance(named, dict) and group_owned else named)


def _due_of(item: Values, name: str, ref: dt.date | None) -> dt.date | None:
    if item.get(name) is None:
        return None
    return _one_day(item[name], ref, "due", deadline=True)


def _count_of(item: Values, name: str, ref: dt.date | None) -> int | None:
    if item.get(name) in (None, ""):
        return None
    try:
        count = int(str(item[name]).strip())
    except ValueError:
        raise UsageError(
            _("count {count!r} is not a whole number").format(count=item[name])
        ) from None
    if count < 1:
        raise UsageError(_("count must be at least 1, not {count}").format(count=count))
    return count


@data_record(frozen=True)
class Field:
    """A field of a sub-record, read in the schema's order; a key not listed is refused."""

    name: str
    read: Callable[[Values, str, dt.date | None], Any] = _text_of


@data_record(frozen=True)
class Need:
    """At this point of the order, the field read before must not be empty."""

    name: str
    message: Callable[[Values], str]  # the values read so far -> the problem


@data_record(frozen=True)
class SubRecord:
    """One list of a meeting: its key, how it is written, its fields and what it makes."""

    key: str  # the file/JSON key (and flag): "attendees"
    # (values, the mapping, where) -> the checked sub-record
    make: Callable[[Values, Values, str], Any]
    # how a problem is reported: (the exception) -> (message, about: the field named once)
    report: Callable[[Exception], tuple[str, str | None]]
    # None: a list of plain texts ('make' gets {"text": ...}), else the spec reader
    from_spec: Callable[[str], dict[str, str]] | None = None
    not_mapping: Callable[[], str] | None = None  # neither a spec nor a mapping
    unknown: Callable[[str], str] | None = None  # a key the schema does not list
    steps: tuple[Field | Need, ...] = ()
    ignore_ids: bool = False  # an export's *_id keys are read as nothing


def read_list(
    schema: SubRecord,
    raw: Values,
    locate: Callable[..., str],
    problem: Problem,
    ref: dt.date | None,
) -> list[Any]:
    """The checked sub-records of ``raw[schema.key]``; each bad one reported once."""
    found: list[Any] = []
    fields = {s.name for s in schema.steps if isinstance(s, Field)}
    for i, item in enumerate(_as_list(raw.get(schema.key))):
        try:
            if schema.from_spec is None:  # a plain text
                text = _text(item)
                if text:
                    found.append(schema.make({"text": text}, {}, locate(schema.key, i)))
                continue
            if isinstance(item, str):
                item = schema.from_spec(item)
            if not isinstance(item, dict):
                assert schema.not_mapping is not None
                raise UsageError(schema.not_mapping())
            given = {k for k in item if not (schema.ignore_ids and k.endswith("_id"))}
            extra = given - fields
            if extra:
                assert schema.unknown is not None
                raise UsageError(schema.unknown(sorted(extra)[0]))
            values: Values = {}
            for step in schema.steps:
                if isinstance(step, Field):
                    values[step.name] = step.read(item, step.name, ref)
                elif not values[step.name]:
                    raise UsageError(step.message(values))
            found.append(schema.make(values, item, locate(schema.key, i)))
        except (KpuError, TypeError) as exc:
            message, about = schema.report(exc)
            problem((schema.key, i), message, about)
    return found


def _regulation(values: Values, item: Values, where: str) -> str:
    from kpukoord.timetables import regulations as reg_mod

    return reg_mod.lookup(values["text"]).ref


def _item(key: str, kind: str, *steps: Field | Need) -> SubRecord:
    """A point, a directive, an award or a figure: a text, then its own fields (by: who said it)."""
    return SubRecord(
        key=key,
        make=lambda v, item, where: ItemSpec(
            kind, v["text"], v["by"], v.get("agency"), v.get("value"), v.get("from"), where
        ),
        report=lambda exc: (_("{ikind}: {exc}").format(ikind=kind, exc=exc), None),
        from_spec=lambda spec: item_from_spec(kind, spec),
        not_mapping=lambda: _("a {ikind} is a text or a mapping with 'text'").format(ikind=kind),
        unknown=lambda name: _("unknown {ikind} field {value0!r}").format(ikind=kind, value0=name),
        steps=(
            Field("text"),
            Need("text", lambda v: _("a {ikind} needs a text").format(ikind=kind)),
            *steps,
        ),
        ignore_ids=True,
    )


ATTENDEE = SubRecord(
    key="attendees",
    make=lambda v, item, where: AttendeeSpec(
        v["agency"], v["person"], v["position"], where, v["divisi"], v["roles"]
    ),
    report=lambda exc: (str(exc), "attendee"),
    from_spec=attendee_from_spec,
    not_mapping=lambda: _("an attendee is an agency name or {agency, person, position}"),
    unknown=lambda name: _("unknown attendee field {value0!r}").format(value0=name),
    steps=(
        Field("agency"),
        Need("agency", lambda v: _("an attendee needs an agency")),
        Field("roles", _roles_of),
        Field("person"),
        Field("position"),
        Field("divisi"),
    ),
)
DECISION = SubRecord(
    key="decisions",
    make=lambda v, item, where: v["text"],
    report=lambda exc: (str(exc), _("decision")),
)
ACTION = SubRecord(
    key="actions",
    make=lambda v, item, where: ActionSpec(
        v["text"],
        v["owner"],
        v["due"],
        where,
        v["owner"] if isinstance(item.get("owner"), dict) else None,  # owned by a group
    ),
    report=lambda exc: (str(exc), _("action")),
    from_spec=action_from_spec,
    not_mapping=lambda: _("an action is 'TEXT; owner=AGENCY; due=DATE' or {text, owner, due}"),
    unknown=lambda name: _("unknown action field {value0!r}").format(value0=name),
    steps=(
        Field("text"),
        Field("owner", _owner_of),
        Need("text", lambda v: _("an action needs a text")),
        Need(
            "owner",
            lambda v: _("action {text!r} needs an owner (owner=AGENCY)").format(text=v["text"]),
        ),
        Field("due", _due_of),
    ),
)
STAGE = SubRecord(
    key="stages",
    make=lambda v, item, where: (v["text"], where),
    report=lambda exc: (str(exc), _("stage")),
)
GROUP = SubRecord(
    key="groups",
    make=lambda v, item, where: GroupSpec(
        v["scope"], agencies.check_kind(str(v["kind"])), v["count"], where
    ),
    report=lambda exc: (_("group: {exc}").format(exc=exc), None),
    from_spec=group_from_spec,
    not_mapping=lambda: _("a group is 'SCOPE; kind=KIND; count=N' or {scope, kind, count}"),
    unknown=lambda name: _("unknown group field {value0!r}").format(value0=name),
    steps=(
        Field("scope"),
        Need("scope", lambda v: _("a group needs its scope ('Ketua PPK se-Kabupaten Luwu Timur')")),
        Field("kind", _as_given),
        Need(
            "kind",
            lambda v: _("group {scope!r} needs kind=KIND (the agency kind: ppk, camat...)").format(
                scope=v["scope"]
            ),
        ),
        Field("count", _count_of),
    ),
)
POINT = _item("points", "point", Field("by"))
DIRECTIVE = _item("directives", "directive", Field("by"))
AWARD = _item(
    "awards",
    "award",
    Field("agency"),
    Need(
        "agency",
        lambda v: _("award {text!r} needs the agency it went to (agency=AGENCY)").format(
            text=v["text"]
        ),
    ),
    Field("by"),
)
FIGURE = _item(
    "figures",
    "figure",
    Field("agency"),
    Field("value"),
    Need(
        "value", lambda v: _("figure {text!r} needs its value (value=80%)").format(text=v["text"])
    ),
    Field("by"),
    Field("from"),
)
REGULATION = SubRecord(
    key="regulations",
    make=_regulation,
    report=lambda exc: (str(exc), _("regulation")),
)
# In the order their problems are reported (the role holders join after the stages,
# a list of notes is joined before the regulations: see draft_from_raw).
SUB_RECORDS = (
    ATTENDEE,
    DECISION,
    ACTION,
    STAGE,
    GROUP,
    POINT,
    DIRECTIVE,
    AWARD,
    FIGURE,
    REGULATION,
)
