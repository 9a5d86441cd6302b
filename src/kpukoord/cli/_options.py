"""Options that many commands share, defined once.

- whole option types, help included (``JsonOpt``, ``OutputOpt``, ``MeetingArg``...);
- the option strings and settings of options whose help each command words for itself
  (:func:`dry_run_flag`, :func:`limit_option`, :func:`format_option`...);
- sets of options that several commands take (:func:`with_options`: the reports'
  --week ... -o; :func:`meeting_fields`: the meeting's fields, from kpukoord.surface).
"""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kpukoord.language.i18n import _

F = TypeVar("F", bound=Callable[..., Any])

JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of a table."))]
JsonPlainOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON."))]  # no table to replace
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help=_("Write to this file."))]
StdoutOpt = Annotated[  # an output that is often piped on
    Path | None, typer.Option("--output", "-o", help=_("Write to this file (default: stdout)."))
]
MeetingArg = Annotated[str, typer.Argument(help=_("Meeting id (prefix)."))]
# 'agency edit' and 'person edit': a new name, short names added and removed
RenameOpt = Annotated[str | None, typer.Option(help=_("New name (the old one stays as an alias)."))]
AddAliasOpt = Annotated[
    list[str] | None, typer.Option("--alias", "-a", help=_("Add an alias (repeatable)."))
]
RemoveAliasOpt = Annotated[list[str] | None, typer.Option(help=_("Remove an alias (repeatable)."))]
FromOpt = Annotated[
    str | None, typer.Option("--from", help=_("On or after this date (as written: 1 Juli 2024)."))
]
ToOpt = Annotated[str | None, typer.Option("--to", help=_("On or before this date."))]


# Options many commands take with a help of their own (what the option means there):
# the option strings and settings are spelled here, once.


def dry_run_flag(help: str) -> Any:
    """``--dry-run``: check and say what would change, write nothing."""
    return typer.Option("--dry-run", help=help)


def limit_option(help: str) -> Any:
    """``--limit N`` of a list: 0 means all (the table shows the first 50 otherwise)."""
    return typer.Option("--limit", min=0, help=help)


def all_flag(help: str) -> Any:
    """``--all``: every row of a list, not the first 50."""
    return typer.Option("--all", help=help)


def format_option(help: str, **settings: Any) -> Any:
    """``--format``/``-f`` of a command that writes a document or a file."""
    return typer.Option("--format", "-f", help=help, **settings)


def as_of_option(help: str, **settings: Any) -> Any:
    """``--as-of DAY`` of a report."""
    return typer.Option("--as-of", help=help, **settings)


IgnoreWeekdayOpt = Annotated[
    bool,
    typer.Option(
        "--ignore-weekday",
        help=_(
            'Keep a date whose weekday contradicts it ("Selasa (24/11/2024)" is a '
            "Sunday): the date as written is stored, with a warning."
        ),
    ),
]

NewPeopleOpt = Annotated[
    bool,
    typer.Option(
        "--new-people",
        help=_(
            "Add attendees whose names are close to a known person of that agency as "
            "new people (without it, a near match is taken for a typo)."
        ),
    ),
]


def with_options(*shared: tuple[str, Any, Any]) -> Callable[[F], F]:
    """Give a command options several commands share, each ``(name, Annotated type,
    default)``: after the command's arguments, before its own options, in this order.

    They reach the command in its ``**keyword`` parameter, so the set is declared once
    for every command that takes it (the reports' --week ... -o; the meeting's fields).
    """
    import inspect

    def add_options(command: F) -> F:
        own = [
            p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for p in inspect.signature(command).parameters.values()
            if p.kind != inspect.Parameter.VAR_KEYWORD
        ]
        arguments = [p for p in own if p.default is inspect.Parameter.empty]
        options = [p for p in own if p.default is not inspect.Parameter.empty]
        added = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind
            )
            for name, kind, default in shared
        ]
        command.__signature__ = inspect.Signature([*arguments, *added, *options])  # type: ignore[attr-defined]
        return command

    return add_options


def meeting_fields(order: tuple[str, ...], *, edit: bool = False) -> Callable[[F], F]:
    """The field options :mod:`kpukoord.surface` declares for ``meeting add`` or ``meeting
    edit`` (option strings, help in that command), in ``order``, as :func:`with_options`.

    A flag and its field are spelled once, in the surface that the fast path and
    completion read too.
    """
    from kpukoord import surface

    def option(name: str) -> tuple[str, Any, Any]:
        o = surface.BY_PARAM[name]
        flags = [f for f in o.flags if not (edit and f in surface.EDIT_LEAVES_OUT)]
        message = o.edit_help if edit and o.edit_help else o.help  # marked N_() in surface
        text = _(message)
        if "{person}" in message:
            person = surface.PERSON
            text = text.format(person=_(person))
        kind = list[str] | None if o.several else str | None
        return name, Annotated[kind, typer.Option(*flags, help=text)], None

    return with_options(*(option(name) for name in order))
