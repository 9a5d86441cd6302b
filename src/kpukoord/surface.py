"""The command line's surface, declared once and without Typer (issue 27).

Two doors read it: the Typer app (:mod:`kpukoord.cli`) and the start-up fast path
(:mod:`kpukoord.fastpath`), with :mod:`kpukoord.__main__` and
:mod:`kpukoord.fastcomplete`. It holds

- the global options that come before the command name (``--db FILE``, ``--lang id``)
  and the one reading of them, :func:`leading`;
- the field options of ``meeting add`` and ``meeting edit``: each one's option strings,
  whether it repeats, the field of ``meetings.draft_from_raw`` it fills (``--attendee``
  → ``attendees``) and its help in each command, in the order each one lists them.

Importing it costs nothing: no Typer, and of the package only the catalog's marker
``N_`` (:mod:`kpukoord.language.i18n`, which every run has imported already).
"""

from __future__ import annotations

from typing import NamedTuple

from kpukoord.language.i18n import N_

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
    help: str  # meeting add's help (a message of the catalog: the Typer door translates it)
    edit_help: str | None = None  # meeting edit's, where it says something else


# "{person}" in a help is this: the form a person is written in.
PERSON = N_("NAME or 'NAME; agency=AGENCY; position=TITLE; divisi=D'")

# The meeting's field options, in the order a command names them back ("use either
# --from-file or field options, not both (--title, --date, ...)").
MEETING_FIELDS: tuple[Option, ...] = (
    Option(
        "title", ("--title", "-t"), False, "title", N_("What the meeting was."), N_("New title.")
    ),
    Option(
        "date",
        ("--date", "-d"),
        False,
        "date",
        N_('As written: "Jumat-Sabtu 5-6 Juli 2024", "13/2/2023", "besok".'),
        N_("New date or range."),
    ),
    Option(
        "kind",
        ("--kind",),
        False,
        "kind",
        N_(
            "rakor (default), rapat-kerja, kunjungan, supervisi, monev, bimtek, "
            "sosialisasi, audiensi, pleno, coffee-morning, fgd, pelantikan, other."
        ),
        N_("New kind."),
    ),
    Option(
        "time",
        ("--time",),
        False,
        "time",
        N_('Start time: "09.00 WITA", "pukul 13.00".'),
        N_("New start time."),
    ),
    Option(
        "timezone",
        ("--timezone",),
        False,
        "timezone",
        N_("WIB, WITA or WIT (default: the office's)."),
        N_("New time zone."),
    ),
    Option("venue", ("--venue",), False, "venue", N_("Where it took place."), N_("New venue.")),
    Option(
        "host",
        ("--host",),
        False,
        "host",
        N_("Hosting agency (default: this office)."),
        N_("New host agency."),
    ),
    Option("chair", ("--chair",), False, "chair", N_("Who chaired (pimpinan rapat): {person}.")),
    Option(
        "attendee",
        ("--attendee", "-a"),
        True,
        "attendees",
        N_('Repeatable: "AGENCY" or "AGENCY; person=NAME; position=TITLE".'),
        N_("Add an attendee."),
    ),
    Option(
        "note", ("--note",), True, "notes", N_("Notes (catatan); repeat it for more paragraphs.")
    ),
    Option(
        "decision",
        ("--decision",),
        True,
        "decisions",
        N_("A decision (repeatable)."),
        N_("Add a decision."),
    ),
    Option(
        "action",
        ("--action",),
        True,
        "actions",
        N_('A follow-up (repeatable): "TEXT; owner=AGENCY; due=DATE".'),
        N_("Add a follow-up."),
    ),
    Option(
        "source",
        ("--source",),
        False,
        "source",
        N_("Source URL (news, minutes)."),
        N_("New source URL."),
    ),
    Option(
        "status",
        ("--status",),
        False,
        "status",
        N_("planned, held or cancelled (default: by date)."),
        N_("planned, held or cancelled."),
    ),
    Option(
        "stage",
        ("--stage",),
        True,
        "stages",
        N_('A stage it concerned (repeatable): "coklit" or "pkpu-2-2024:coklit".'),
        N_("Link a stage."),
    ),
    Option(
        "opened_by",
        ("--opened-by",),
        False,
        "opened_by",
        N_("Who opened it (dibuka oleh): {person}."),
    ),
    Option(
        "speaker",
        ("--speaker",),
        True,
        "speakers",
        N_("A speaker (narasumber; repeatable): {person}."),
    ),
    Option("notulis", ("--notulis",), False, "notulis", N_("Who took the minutes: {person}.")),
    Option(
        "group",
        ("--group",),
        True,
        "groups",
        N_(
            "Collective attendees (repeatable): "
            "'Ketua PPK se-Kabupaten Luwu Timur; kind=ppk; count=11'."
        ),
    ),
    Option(
        "point",
        ("--point",),
        True,
        "points",
        N_("A point of discussion (pembahasan): 'TEXT; by=PERSON'."),
    ),
    Option(
        "directive",
        ("--directive",),
        True,
        "directives",
        N_("A directive (arahan): 'TEXT; by=PERSON'."),
    ),
    Option(
        "award",
        ("--award",),
        True,
        "awards",
        N_("An award or appreciation: 'TEXT; agency=AGENCY; by=PERSON'."),
    ),
    Option(
        "figure",
        ("--figure",),
        True,
        "figures",
        N_("A figure reported: 'TEXT; value=12; from=11; agency=AGENCY; by=PERSON'."),
    ),
    Option(
        "regulation",
        ("--regulation",),
        True,
        "regulations",
        N_('A regulation it cited (repeatable): "PKPU 7/2022".'),
        N_("Cite a regulation."),
    ),
)
# The order each command's --help lists them in: what is said of the meeting, then who
# took part and what was said (meeting edit: then what it adds to the meeting's lists).
ADD_ORDER = (
    "title", "date", "kind", "time", "timezone", "venue", "host", "chair", "opened_by",
    "speaker", "notulis", "attendee", "group", "note", "point", "directive", "decision",
    "award", "figure", "action", "stage", "regulation", "source", "status",
)  # fmt: skip
EDIT_ORDER = (
    "title", "date", "kind", "time", "timezone", "venue", "host", "chair", "opened_by",
    "speaker", "notulis", "group", "note", "point", "directive", "award", "figure", "source",
    "status", "attendee", "decision", "action", "stage", "regulation",
)  # fmt: skip
EDIT_LEAVES_OUT = ("-t", "-d")  # meeting edit's options are add's without these short forms
BY_PARAM = {o.param: o for o in MEETING_FIELDS}
BY_FLAG = {flag: o for o in MEETING_FIELDS for flag in o.flags}
FLAG_OF_FIELD = {o.field: o.flags[0] for o in MEETING_FIELDS}  # where a problem is

# meeting add's switches (parameter -> option string): both doors take them, and
# meeting edit takes --new-agencies, --new-people and --ignore-weekday too.
ADD_SWITCHES = {
    "new_agencies": "--new-agencies",
    "new_people": "--new-people",
    "ignore_weekday": "--ignore-weekday",
    "allow_duplicate": "--allow-duplicate",
}
# meeting add's other parameters: only the Typer command reads them.
ADD_TYPER_ONLY = ("series", "from_file", "json_out")


def field_locator(*path: object) -> str:
    """Where a problem of a meeting given as options is: the option of its field."""
    if not path:
        return "meeting"
    return FLAG_OF_FIELD.get(str(path[0]), f"--{path[0]}")
