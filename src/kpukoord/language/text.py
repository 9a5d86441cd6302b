"""The one rule for the text people type, whatever field it goes into.

Text is stored as typed and shown back literally in every view. What cannot be
stored is what would act instead of being read: control characters (ANSI colour
and OSC sequences start with one), C1 controls, and the bidirectional embedding,
override and isolate marks that reorder what a terminal or a page shows
(U+202A–U+202E, U+2066–U+2069). Line breaks are allowed only in multi-line
fields (notes); titles and names are one line. Tabs are allowed everywhere.

The database layer applies it (through :mod:`kpukoord.store.rows`, the rules of every
stored row) to every row it writes, so no command can forget it; input code
calls :func:`check` earlier to name the flag or file line. :func:`visible` is the
views' second line of defence, for text that another tool wrote into the file.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from kpukoord.errors import KpuError
from kpukoord.language.i18n import N_, _

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


# What a terminal would act on rather than show: C0 controls but tab and line feed,
# DEL, C1 controls (0x9b is an 8-bit CSI), line/paragraph separators, bidi controls.
_ACTIVE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(m: re.Match[str]) -> str:
    ch = m.group()
    if ch == "\x7f":
        return "\u2421"  # ␡
    if ch < " ":
        return chr(0x2400 + ord(ch))  # the Control Pictures block: ESC is ␛
    return "\ufffd"


def visible(value: str) -> str:
    """Text made safe to print: every character a terminal would act on shown as a
    symbol instead (ESC as ␛, others as U+FFFD); tabs and line feeds stay, and a
    Windows line end (CR LF) becomes a line feed.

    Stored rows cannot hold these (the write path, merge and db check refuse them);
    this is for a file that another tool (sqlite-utils, Datasette) edited.
    """
    if _ACTIVE.search(value) is None:
        return value
    return _ACTIVE.sub(_shown, value.replace("\r\n", "\n"))


def json_visible(encoded: str) -> str:
    """JSON text with the characters :func:`visible` replaces written as ``\\uXXXX``
    escapes instead: the same data for a program, nothing active for a terminal
    (``json.dumps`` escapes C0 controls itself, not C1 or bidi controls)."""
    if _ACTIVE.search(encoded) is None:
        return encoded
    return _ACTIVE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def shown(value: str) -> str:
    """The text with each character the one-line rule refuses replaced by U+FFFD, for
    places that show stored text without a way to refuse it (an older or merged
    file's, in a shell's completion list): nothing in it can act on the terminal."""
    return _BAD_ONE_LINE.sub("\ufffd", value)


def choice(value: object, allowed: Collection[str], synonyms: Mapping[str, str]) -> str | None:
    """The stored key a typed word of a vocabulary means ('Rakor ' → 'rakor', 'kab' →
    'kabupaten/kota' by its synonyms), or None when it names none of ``allowed``: the
    one reading of kinds, statuses and levels; each caller says what was unknown."""
    key = " ".join(str(value).strip().lower().split())
    key = synonyms.get(key, key)
    return key if key in allowed else None
