"""The command line's surface, declared once and without Typer (issue 27).

Two doors read it: the Typer app (:mod:`kpukoord.cli`) and the start-up fast path
(:mod:`kpukoord.fastpath`), with :mod:`kpukoord.__main__` and
:mod:`kpukoord.fastcomplete`. It holds

- the global options that come before the command name (``--db FILE``, ``--lang id``)
  and the one reading of them, :func:`leading`;
- the options of ``meeting add``: each one's option strings, whether it repeats, and
  the field of ``meetings.draft_from_raw`` it fills (``--attendee`` → ``attendees``).

Importing it costs nothing: no Typer, no other module of the package.
"""

from __future__ import annotations

from typing import NamedTuple

# -- the global options ---------------------------------------------------------------

DB = "--db"
LANG = "--lang"
DB_ENV = "KPUKOORD_DB"  # --db's default (Click's envvar rule: an empty value is none)
GLOBAL = {DB: "db", LANG: "lang"}  # the options before the command name that take a value


class Leading(NamedTuple):
    """What comes before the command name on a command line."""

    given: tuple[tuple[str, str], ...]  # (field, value) of each global option, in order
    command: int | None  # index of the command name; None: no word after the options
    joined: bool  # some global option was written --opt=value
    others: bool  # another option (--help, --version, a mistake) came first

    def first(self, field: str) -> str | None:
        return next((value for name, value in self.given if name == field), None)

    def last(self, field: str) -> str | None:
        return next((value for name, value in reversed(self.given) if name == field), None)


def leading(argv: list[str]) -> Leading:
    """The global options before the command name, read as the root command reads them:
    ``--db``/``--lang`` take the next word whatever it is, or are written ``--db=FILE``;
    any other option is stepped over; the first other word is the command name."""
    given: list[tuple[str, str]] = []
    joined = others = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in GLOBAL:
            if i + 1 >= len(argv):
                break  # no value: the root command says so
            given.append((GLOBAL[arg], argv[i + 1]))
            i += 2
        elif arg.startswith("-") and arg.split("=", 1)[0] in GLOBAL and "=" in arg:
            option, value = arg.split("=", 1)
            given.append((GLOBAL[option], value))
            joined = True
            i += 1
        elif arg.startswith("-"):
            others = True
            i += 1
        else:
            return Leading(tuple(given), i, joined, others)
    return Leading(tuple(given), None, joined, others)


def language_of(argv: list[str]) -> str | None:
    """The value of a global ``--lang`` given before the command name, if any (the first).

    An unknown value is returned as it is: the root command reports it.
    """
    return leading(argv).first("lang")


# -- meeting add ------------------------------------------------------------------------


class Option(NamedTuple):
    param: str  # the Typer parameter's name
    flags: tuple[str, ...]  # its option strings, the long one first
    several: bool  # repeatable
    field: str  # the field of meetings.draft_from_raw it fills (the file key)


# The meeting's field options, in the order a command names them back ("use either
# --from-file or field options, not both (--title, --date, ...)"). 'meeting edit' has
# the same option strings (without -t and -d).
MEETING_FIELDS: tuple[Option, ...] = (
    Option("title", ("--title", "-t"), False, "title"),
    Option("date", ("--date", "-d"), False, "date"),
    Option("kind", ("--kind",), False, "kind"),
    Option("time", ("--time",), False, "time"),
    Option("timezone", ("--timezone",), False, "timezone"),
    Option("venue", ("--venue",), False, "venue"),
    Option("host", ("--host",), False, "host"),
    Option("chair", ("--chair",), False, "chair"),
    Option("attendee", ("--attendee", "-a"), True, "attendees"),
    Option("note", ("--note",), True, "notes"),
    Option("decision", ("--decision",), True, "decisions"),
    Option("action", ("--action",), True, "actions"),
    Option("source", ("--source",), False, "source"),
    Option("status", ("--status",), False, "status"),
    Option("stage", ("--stage",), True, "stages"),
    Option("opened_by", ("--opened-by",), False, "opened_by"),
    Option("speaker", ("--speaker",), True, "speakers"),
    Option("notulis", ("--notulis",), False, "notulis"),
    Option("group", ("--group",), True, "groups"),
    Option("point", ("--point",), True, "points"),
    Option("directive", ("--directive",), True, "directives"),
    Option("award", ("--award",), True, "awards"),
    Option("figure", ("--figure",), True, "figures"),
    Option("regulation", ("--regulation",), True, "regulations"),
)
BY_PARAM = {o.param: o for o in MEETING_FIELDS}
BY_FLAG = {flag: o for o in MEETING_FIELDS for flag in o.flags}
FLAG_OF_FIELD = {o.field: o.flags[0] for o in MEETING_FIELDS}  # where a problem is

# meeting add's switches (parameter -> option string): both doors take them.
ADD_SWITCHES = {
    "new_agencies": "--new-agencies",
    "new_people": "--new-people",
    "ignore_weekday": "--ignore-weekday",
}
# meeting add's other parameters: only the Typer command reads them.
ADD_TYPER_ONLY = ("series", "from_file", "json_out")


def field_locator(*path: object) -> str:
    """Where a problem of a meeting given as options is: the option of its field."""
    if not path:
        return "meeting"
    return FLAG_OF_FIELD.get(str(path[0]), f"--{path[0]}")
