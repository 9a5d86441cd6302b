"""The one rule for the text people type, whatever field it goes into.

Text is stored as typed and shown back literally in every view. What cannot be
stored is what would act instead of being read: control characters (ANSI colour
and OSC sequences start with one), C1 controls, and the bidirectional embedding,
override and isolate marks that reorder what a terminal or a page shows
(U+202A–U+202E, U+2066–U+2069). Line breaks are allowed only in multi-line
fields (notes); titles and names are one line. Tabs are allowed everywhere.

The database layer applies :func:`check_row` to every row it writes, so no
command can forget it; input code calls :func:`check` earlier to name the flag
or file line.
"""

from __future__ import annotations

import re

from kpukoord.errors import KpuError
from kpukoord.i18n import N_, _

# Columns whose text may hold line breaks (paragraphs).
MULTILINE = frozenset({"notes", "done_note", "note", "description", "summary"})

# (and lone surrogates: bytes that were not UTF-8, as Python decodes them from argv)
_BAD = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_BAD_ONE_LINE = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

_NAMES = {
    "\n": N_("a line break"),
    "\r": N_("a carriage return"),
    "\x1b": N_("an escape character (ESC)"),
    "\x7f": N_("a delete character (DEL)"),
    "\u2028": N_("a line separator"),
    "\u2029": N_("a paragraph separator"),
}


def describe(ch: str) -> str:
    """A character as an error message names it: 'an escape character (ESC, U+001B)'."""
    code = f"U+{ord(ch):04X}"
    if ch in _NAMES:
        return f"{_(_NAMES[ch])}, {code}"
    if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069":
        return _("a bidirectional control, {code}").format(code=code)
    if "\ud800" <= ch <= "\udfff":
        return _("a byte that is not UTF-8 text")
    return _("a control character, {code}").format(code=code)


def problem(value: str, *, multiline: bool = False) -> str | None:
    """What is wrong with a text, or None."""
    m = (_BAD if multiline else _BAD_ONE_LINE).search(value)
    if m is None:
        return None
    what = describe(m.group())
    if len(value) > 1:
        what = _("{what} at character {n}").format(what=what, n=m.start() + 1)
    message = _("{what} is not allowed").format(what=what)
    if not multiline and m.group() == "\n":
        message += " " + _("(this field is one line)")
    return message


def check(value: str, field: str, *, multiline: bool = False) -> str:
    """The text itself, or a KpuError naming the field and the character."""
    wrong = problem(value, multiline=multiline)
    if wrong:
        raise KpuError(_("{field}: {wrong}").format(field=field, wrong=wrong))
    return value


def normalise_newlines(value: str) -> str:
    """Windows and old Mac line ends as '\\n' (files from Word or Excel carry them)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def check_row(table: str, values: dict[str, object]) -> None:
    """Every text column of a row about to be written (the database layer's net)."""
    for column, value in values.items():
        if isinstance(value, str) and not column.startswith("_"):
            check(value, column, multiline=column in MULTILINE)


def visible(value: str) -> str:
    """Text for a one-line view that may hold what the rules above refuse (a row written
    by another tool): each such character shown as its code (\\u001b), never sent raw."""
    return _BAD_ONE_LINE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
