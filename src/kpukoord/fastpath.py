"""``meeting add --flag value…`` without importing Typer: the command typed all day.

Python's start-up plus importing Typer (with its Click and ``inspect``) costs about
as much as ``sqlite-utils insert`` does in all. This module recognises the common
form of ``kpukoord [--db FILE] meeting add`` — long or short options from
:data:`OPTIONS`, each followed by its value — and runs it directly. Anything else
(``--help``, ``--json``, ``--from-file``, ``--series``, an unknown or bundled flag,
``--flag=value``, a missing value, a value that looks like an option, a single-valued
option given twice, a missing --title or --date) returns None, and the Typer command
handles the line unchanged, with its own messages.

The options are declared once, in :mod:`kpukoord.surface`, which the Typer command
reads too (tests/test_fastpath.py compares the two); the command body below is the
same sequence of calls as that command's, and a failure is printed by the same
:func:`kpukoord.errors.lines`.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from kpukoord import surface

# Typer parameter name -> (option strings, takes several values), as the doors read them.
OPTIONS: dict[str, tuple[tuple[str, ...], bool]] = {
    o.param: (o.flags, o.several) for o in surface.MEETING_FIELDS
}
FLAGS = surface.ADD_SWITCHES  # the switches (Typer parameter name -> option string)
TYPER_ONLY = surface.ADD_TYPER_ONLY  # the add command's other parameters: always Typer's
_SWITCH = {option: name for name, option in FLAGS.items()}


def parse(argv: list[str]) -> tuple[str | None, dict[str, Any]] | None:
    """(--db value or None, Typer-named values) of a plain 'meeting add', else None."""
    lead = surface.leading(argv)
    if lead.command is None or lead.joined or lead.others or len(lead.given) > 1:
        return None  # anything but one '--db FILE' before 'meeting add' is Typer's
    db = lead.first("db")
    if lead.given and (db is None or db.startswith("-")):
        return None  # --lang (the Typer app sets it), or a --db value like an option
    args = argv[lead.command :]
    if args[:2] != ["meeting", "add"]:
        return None
    values: dict[str, Any] = {}
    i = 2
    while i < len(args):
        arg = args[i]
        if arg in _SWITCH:
            values[_SWITCH[arg]] = True
            i += 1
            continue
        option = surface.BY_FLAG.get(arg)
        if option is None or i + 1 >= len(args):
            return None  # unknown, bundled, --flag=value, --help, --json, or no value
        value = args[i + 1]
        if value.startswith("-") and value != "-":
            return None  # looks like an option: let Click decide what it means
        name = option.param
        if option.several:
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
    try:
        _add(db_path, values)
        return 0
    except Exception as exc:  # as the Typer app's error boundary (kpukoord.cli.KpuGroup)
        from kpukoord import errors

        if errors.is_bug(exc) and os.environ.get("KPUKOORD_DEBUG"):
            raise
        sys.stderr.write("".join(line + "\n" for line in errors.lines(exc)))
        sys.stderr.flush()
        return errors.exit_code(exc)
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
        surface.BY_PARAM[name].field: value
        for name, value in values.items()
        if name in surface.BY_PARAM and value is not None
    }
    draft = meetings.draft_from_raw(
        given, surface.field_locator, ignore_weekday=bool(values.get("ignore_weekday"))
    )
    if draft.warnings:
        from kpukoord.language.i18n import _
        from kpukoord.language.text import visible

        for line in draft.warnings:  # as cli._common.warn_all (its note() shows them visible)
            sys.stderr.write(visible(_("warning: {line}").format(line=line)) + "\n")
    chosen = db_option or os.environ.get(surface.DB_ENV) or None
    path = Path(chosen).expanduser() if chosen else default_path()
    with Database(path, create=False) as db:  # as the command: only 'init' creates a file
        db.command = "meeting add"  # the history's name for it, as the Typer command's
        with db.atomic():
            new_id = meetings.add(
                db,
                draft,
                new_agencies=bool(values.get("new_agencies")),
                new_people=bool(values.get("new_people")),
                allow_duplicate=bool(values.get("allow_duplicate")),
                id=None,
            )
    sys.stdout.write(new_id + "\n")
