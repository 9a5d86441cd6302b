"""The one writer of a meeting draft: the file ``meeting add --from-file`` takes.

Every value is preceded by the sentence it came from, as a comment; what could not be
matched is listed as comments at the end. Keys come in the order of the README's
"Meeting files" section. Values are written by PyYAML (so any text is quoted as YAML
needs), one flow item per line so that each stays under its own sentence.
"""

from __future__ import annotations

import textwrap
from typing import Any

import yaml

from kpukoord.language.i18n import _
from kpukoord.news.draft import Drafted

# Scalars first, then lists, as a person writes a meeting file.
SCALARS = ("title", "kind", "date", "time", "timezone", "venue", "host")
LISTS = (
    "attendees",
    "groups",
    "points",
    "directives",
    "decisions",
    "figures",
    "awards",
    "actions",
    "stages",
    "regulations",
)
WIDTH = 80  # read in a terminal or a phone's editor


def _flow(value: Any) -> str:
    out = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1_000_000
    )
    out = out.strip()
    if out.endswith("\n..."):
        out = out[: -len("\n...")].rstrip()
    if out.endswith("..."):
        out = out[:-3].rstrip()
    return out


def _scalar(key: str, value: Any) -> list[str]:
    """``key: value`` on one line when it fits in WIDTH; a longer text folded over lines."""
    line = f"{key}: {_flow(value)}"
    if len(line) <= WIDTH or not isinstance(value, str):
        return [line]
    return _folded({key: value}, "")


def _folded(value: Any, indent: str) -> list[str]:
    """YAML's block form of ``value`` in lines of WIDTH at most, where its words allow.

    PyYAML breaks a line at the first space past its width, so the width it is given is
    lowered until every line fits (a word longer than a line stays whole)."""
    lines: list[str] = []
    for width in range(WIDTH - len(indent), 19, -8):
        block = yaml.safe_dump(
            value, default_flow_style=False, allow_unicode=True, sort_keys=False, width=width
        )
        lines = [indent + x for x in block.rstrip("\n").split("\n")]
        if all(len(x) <= WIDTH for x in lines):
            break
    return lines


def _item(value: Any) -> list[str]:
    """A list item on one line when it fits in WIDTH, else as a block (a mapping, or a
    text folded over lines: YAML reads it back as the one line it was)."""
    line = f"  - {_flow(value)}"
    if len(line) <= WIDTH or not isinstance(value, (dict, str)):
        return [line]
    return _folded([value], "  ")


def _note(text: str, indent: str = "") -> list[str]:
    """A comment for the operator, over as many lines of WIDTH as it takes."""
    lines = textwrap.wrap(
        text, WIDTH - len(indent) - 4, break_long_words=False, break_on_hyphens=False
    ) or [""]
    return [f"{indent}# {lines[0]}"] + [f"{indent}#   {x}" for x in lines[1:]]


def _comment(text: str, indent: str = "") -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), WIDTH - len(indent) - 6) or [""]
    first, rest = lines[0], lines[1:]
    return (
        [f"{indent}# « {first}"]
        + [f"{indent}#   {x}" for x in rest[:-1]]
        + ([f"{indent}#   {rest[-1]} »"] if rest else [])
        if rest
        else [f"{indent}# « {first} »"]
    )


def write(d: Drafted, *, name: str, source: str | None = None) -> str:
    out = [
        "# " + _("Meeting draft from {name}.").format(name=name),
        "# " + _("Check each value against the sentence above it, then:"),
        "#   kpukoord meeting add --from-file " + _("THIS-FILE"),
    ]
    if d.published:
        out += _note(_("published: {day}").format(day=d.published.isoformat()))
    for w in d.warnings:
        if w.startswith("weekday: "):  # the report's weekday and date disagree: check both
            out += _note(
                _("the report's weekday does not match its date ({note}); check the date").format(
                    note=w.removeprefix("weekday: ")
                )
            )
    if "year" in d.warnings:
        out += _note(_("the date has no year and the report no publication date: give --published"))
    last = None
    for key in SCALARS:
        for e in [x for x in d.entries if x.key == key][:1]:
            if e.sentence and e.sentence != last:  # several values of one sentence: once
                out += _comment(e.sentence)
            last = e.sentence or last
            if e.note:
                out += _note(_("from the place: {note}").format(note=e.note))
            out += _scalar(key, e.value)
    if d.value("date") is None:
        out += _note(_("date: not found in the report; write it (date: Senin, 13 Februari 2023)"))
    if d.value("venue") is None:
        out += _note(_("venue: not found in the report"))
    if d.value("host") is None:
        out += _note(
            _("host: not found in the report; write it (without it, this office is taken)")
        )
    for key in LISTS:
        items = [x for x in d.entries if x.key == key]
        if not items:
            continue
        out.append(f"{key}:")
        last = None
        for e in items:
            if e.sentence and e.sentence != last:
                out += _comment(e.sentence, "  ")
            last = e.sentence
            if e.by:
                out += _note(
                    _(
                        "said by {name}, not matched: add them as an attendee, then write by:"
                    ).format(name=e.by),
                    "  ",
                )
            out += _item(e.value)
    if source:
        out.append(f"source: {_flow(source)}")
    for agency, sentence in d.unknown_agencies:
        out += _comment(sentence)
        out += _note(
            _("unknown agency: {name} — add it (kpukoord agency add) or use --new-agencies").format(
                name=agency
            )
        )
    for what, sentence in d.unmatched:
        out += _comment(sentence)
        out += _note(_("not matched: {what}").format(what=what))
    return "\n".join(out) + "\n"
