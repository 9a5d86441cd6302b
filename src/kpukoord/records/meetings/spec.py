"""The ``TEXT; key=value`` mini-language of the options and CSV cells.

``--attendee 'Polres Sijunjung; person=NAME'``, ``--action 'TEXT; owner=AGENCY; due=DATE'``:
reading a spec into a mapping, and writing a record's value back as one.
"""

from __future__ import annotations

import re
from typing import Any

from kpukoord.errors import UsageError
from kpukoord.language.i18n import _
from kpukoord.records.meetings.fields import ROLE_KEYS


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


def _known(option: str, opts: dict[str, str], spec: str, unknown: str) -> None:
    """Refuse a key=value part that ``option`` does not take (SPEC_KEYS), naming the first
    in the message ``unknown`` ({value0}: the key, {spec}: the spec, {kind}: the option)."""
    extra = set(opts) - set(SPEC_KEYS[option])
    if extra:
        raise UsageError(unknown.format(kind=option, value0=sorted(extra)[0], spec=spec))


def _read(option: str, spec: str, head: str, unknown: str) -> dict[str, str]:
    """A spec of ``option`` as {head: its text, key: value, ...}; a key=value part may
    give the head itself (``agency=`` of an attendee)."""
    text, opts = _split_spec(spec)
    _known(option, opts, spec, unknown)
    return {head: text, **opts}


def attendee_from_spec(spec: str) -> dict[str, str]:
    """'AGENCY; person=NAME; position=TITLE; divisi=D' -> mapping."""
    return _read("attendee", spec, "agency", _("unknown attendee field {value0!r} in {spec!r}"))


def action_from_spec(spec: str) -> dict[str, str]:
    """'TEXT; owner=AGENCY; due=DATE' -> mapping."""
    return _read("action", spec, "text", _("unknown action field {value0!r} in {spec!r}"))


def person_from_spec(spec: str) -> dict[str, str]:
    """'NAME; agency=AGENCY; position=TITLE; divisi=D' (a role's holder) -> mapping; a
    holder the news names only by agency and role ("narasumber dari BPBD") is written
    without the name: 'agency=BPBD Sijunjung; position=Kalaksa'."""
    head, opts = _split_spec(spec)
    nameless = re.match(r"^(agency|position|divisi)\s*=\s*(.*)$", head, re.S | re.I)
    if nameless:
        opts = {nameless.group(1).lower(): nameless.group(2).strip(), **opts}
        head = ""
    _known("person", opts, spec, _("unknown field {value0!r} in {spec!r}"))
    return {"person": head, **opts}


def item_from_spec(kind: str, spec: str) -> dict[str, str]:
    """'TEXT; by=PERSON' (and agency=, value=, from= for awards and figures) -> mapping."""
    return _read(kind, spec, "text", _("unknown {kind} field {value0!r} in {spec!r}"))


def group_from_spec(spec: str) -> dict[str, str]:
    """'Ketua PPK se-Kabupaten Luwu Timur; kind=ppk; count=11' -> mapping."""
    return _read("group", spec, "scope", _("unknown group field {value0!r} in {spec!r}"))


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
