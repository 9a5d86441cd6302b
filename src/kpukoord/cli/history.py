"""kpukoord history and undo: every change kept, and the latest ones reversed."""

import sys
from typing import Annotated

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import JsonPlainOpt, dry_run_flag
from kpukoord.language.i18n import _

HISTORY_HELP = _(
    """Show the latest changes, or every version of one record.

Without an id: the latest change sets (one a command run), newest first, with
what each changed. With a record's id (any unique prefix): every version of
that record, oldest first. Times are shown in the office's time zone.

Example: kpukoord history 01JF8S3Z"""
)

UNDO_HELP = _(
    """Reverse the latest change set, all of it or nothing.

A second undo reverses the change set before it. An undo is refused when its
rows were changed since by another tool writing the file (Datasette,
sqlite-utils); it is itself kept in the history.

Example: kpukoord undo --dry-run"""
)


def history(
    record: Annotated[
        str | None, typer.Argument(help=_("A record's id (prefix); omit for the latest changes."))
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, help=_("How many change sets to show (without an id)."))
    ] = 10,
    json_out: JsonPlainOpt = False,
) -> None:
    # help: HISTORY_HELP (translated)
    from kpukoord.store import history as history_mod
    from kpukoord.views import history as view

    database = _common.db()
    zone = database.office().get("timezone")
    if record is None:
        items = history_mod.latest(database, limit)
        if json_out:
            _common.emit_json({"changes": items})
        else:
            sys.stdout.write(view.changes_text(items, zone))
        return
    rec = history_mod.record(database, record)
    if json_out:
        _common.emit_json(rec)
    else:
        sys.stdout.write(view.record_text(rec, zone))


def undo(
    dry_run: Annotated[bool, dry_run_flag(_("Say what would be restored; write nothing."))] = False,
    json_out: JsonPlainOpt = False,
) -> None:
    # help: UNDO_HELP (translated)
    from kpukoord.store import history as history_mod
    from kpukoord.views import history as view

    database = _common.db()
    zone = database.office().get("timezone")
    plan = history_mod.undo(database, dry_run=dry_run)
    if json_out:
        _common.emit_json(plan)
    else:
        sys.stdout.write(view.undo_text(plan, zone, dry_run))
    if dry_run and not json_out:  # the JSON says so itself ("done": false)
        _common.note(_("dry run: nothing was written"))
