"""``meeting add --flag value…`` without importing Typer: the command typed all day.

Python's start-up plus importing Typer (with its Click and ``inspect``) costs about
as much as ``sqlite-utils insert`` does in all. This module recognises the common
form of ``kpukoord [--db FILE] meeting add`` — long or short options from
:data:`OPTIONS`, each followed by its value — and runs it directly. Anything else
(``--help``, ``--json``, ``--from-file``, ``--series``, an unknown or bundled flag,
``--flag=value``, a missing value, a value that looks like an option, a single-valued
option given twice, a missing --title or --date) returns None, and the Typer command
handles the line unchanged, with its own messages.

Typer stays the one definition of the options: :data:`OPTIONS` is tested equal to
the parameters of ``kpukoord.cli.meeting.add`` (tests/test_fastpath.py), and the
command body below is the same sequence of calls as that command's.
"""

from __future__ import annotations

import os
import sys
from typing import Any

# Typer parameter name -> (option strings, takes several values).
OPTIONS: dict[str, tuple[tuple[str, ...], bool]] = {
    "title": (("--title", "-t"), False),
    "date": (("--date", "-d"), False),
    "kind": (("--kind",), False),
    "time": (("--time",), False),
    "timezone": (("--timezone",), False),
    "venue": (("--venue",), False),
    "host": (("--host",), False),
    "chair": (("--chair",), False),
    "opened_by": (("--opened-by",), False),
    "speaker": (("--speaker",), True),
    "notulis": (("--notulis",), False),
    "attendee": (("--attendee", "-a"), True),
    "group": (("--group",), True),
    "note": (("--note",), True),
    "point": (("--point",), True),
    "directive": (("--directive",), True),
    "decision": (("--decision",), True),
    "award": (("--award",), True),
    "figure": (("--figure",), True),
    "action": (("--action",), True),
    "stage": (("--stage",), True),
    "regulation": (("--regulation",), True),
    "source": (("--source",), False),
    "status": (("--status",), False),
}
# Boolean flags the fast path understands (Typer parameter name -> option string).
FLAGS: dict[str, str] = {
    "new_agencies": "--new-agencies",
    "new_people": "--new-people",
    "ignore_weekday": "--ignore-weekday",
}
# The add command's other parameters: always left to Typer.
TYPER_ONLY = ("series", "from_file", "json_out")

_BY_OPTION = {opt: name for name, (opts, _) in OPTIONS.items() for opt in opts}
_FIELD = {  # Typer parameter -> field of meetings.draft_from_raw (as the command maps them)
    "attendee": "attendees",
    "note": "notes",
    "decision": "decisions",
    "action": "actions",
    "stage": "stages",
    "speaker": "speakers",
    "group": "groups",
    "point": "points",
    "directive": "directives",
    "award": "awards",
    "figure": "figures",
    "regulation": "regulations",
}


def parse(argv: list[str]) -> tuple[str | None, dict[str, Any]] | None:
    """(--db value or None, Typer-named values) of a plain 'meeting add', else None."""
    args = list(argv)
    db = None
    if args[:1] == ["--db"] and len(args) >= 2 and not args[1].startswith("-"):
        db, args = args[1], args[2:]
    if args[:2] != ["meeting", "add"]:
        return None
    values: dict[str, Any] = {}
    i = 2
    while i < len(args):
        arg = args[i]
        if arg in FLAGS.values():
            values[next(n for n, o in FLAGS.items() if o == arg)] = True
            i += 1
            continue
        name = _BY_OPTION.get(arg)
        if name is None or i + 1 >= len(args):
            return None  # unknown, bundled, --flag=value, --help, --json, or no value
        value = args[i + 1]
        if value.startswith("-") and value != "-":
            return None  # looks like an option: let Click decide what it means
        several = OPTIONS[name][1]
        if several:
            values.setdefault(name, []).append(value)
        elif name in values:
            return None  # given twice: Click's rule, not ours
        else:
            values[name] = value
        i += 2
    if not values.get("title") or not values.get("date"):
        return None  # Typer prompts on a terminal, or says which is required
    return db, values


def main(argv: list[str]) -> int | None:
    """Run a plain 'meeting add'; the exit code, or None if Typer must handle argv."""
    parsed = parse(argv)
    if parsed is None:
        return None
    db_path, values = parsed
    import sqlite3

    from kpukoord.errors import FileProblems, KpuError
    from kpukoord.language.i18n import _  # the language of KPUKOORD_LANG ('--lang' goes to Typer)

    try:
        _add(db_path, values)
        return 0
    except FileProblems as exc:
        return _fail(exc.problems, exc.exit_code)
    except KpuError as exc:
        return _fail(exc.message.splitlines() or [exc.message], exc.exit_code)
    except sqlite3.OperationalError as exc:
        return _fail([_("database: {problem}").format(problem=exc)], 1)
    # Ctrl-C goes up to kpukoord.__main__.main, which says it for every command line


def _add(db_option: str | None, values: dict[str, Any]) -> None:
    """kpukoord.cli.meeting.add for field options (no file, series or JSON).

    The package kpukoord.cli imports Typer, so the database is opened here as
    cli._common.State opens it: --db, else a non-empty KPUKOORD_DB (Click's envvar
    rule), else the default location; a missing file is an error (only 'init' creates).
    """
    from pathlib import Path

    from kpukoord.records import meetings
    from kpukoord.store.db import Database, default_path

    given = {
        _FIELD.get(name, name): value
        for name, value in values.items()
        if name in OPTIONS and value is not None
    }
    draft = meetings.draft_from_raw(
        given, _locator, ignore_weekday=bool(values.get("ignore_weekday"))
    )
    if draft.warnings:
        from kpukoord.language.i18n import _

        for line in draft.warnings:  # as cli._common.warn_all
            sys.stderr.write(_("warning: {line}").format(line=line) + "\n")
    chosen = db_option or os.environ.get("KPUKOORD_DB") or None
    path = Path(chosen).expanduser() if chosen else default_path()
    with Database(path, create=False) as db:  # as the command: only 'init' creates a file
        db.command = "meeting add"  # the history's name for it, as the Typer command's
        with db.atomic():
            new_id = meetings.add(
                db,
                draft,
                new_agencies=bool(values.get("new_agencies")),
                new_people=bool(values.get("new_people")),
                id=None,
            )
    sys.stdout.write(new_id + "\n")


def _locator(*path: Any) -> str:
    """Where a problem is: the option that gave the field (as cli.meeting._flag_locator)."""
    if not path:
        return "meeting"
    field = str(path[0])
    for name, (opts, _) in OPTIONS.items():
        if _FIELD.get(name, name) == field:
            return opts[0]
    return f"--{field}"


def _fail(lines: list[str], code: int) -> int:
    from kpukoord.language.text import visible  # as the Typer door prints them

    for line in lines:
        sys.stderr.write(f"error: {visible(line)}\n")
    sys.stderr.flush()
    return code
