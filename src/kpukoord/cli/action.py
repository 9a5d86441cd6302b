"""kpukoord action: follow-ups (tindak lanjut) — who does what by when."""

from collections.abc import Callable
from typing import Annotated, Any

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import JsonOpt, limit_option
from kpukoord.language.i18n import _

app = typer.Typer(no_args_is_help=True, help=_("Follow-ups (tindak lanjut) from meetings."))


@app.command(
    "add",
    help=_(
        """Add a follow-up.

Example: kpukoord action add "Kirim data DP4 ke PPS" --owner Disdukcapil --due "15 Juli 2024\""""
    ),
)
def add(
    text: Annotated[str, typer.Argument(help=_("What is to be done."))],
    owner: Annotated[
        str | None, typer.Option(help=_("Responsible agency (name, alias or id)."))
    ] = None,
    due: Annotated[str | None, typer.Option(help=_("Due date (any date form)."))] = None,
    meeting: Annotated[
        str | None, typer.Option(help=_("The meeting it came from (id prefix)."))
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.language import dates
    from kpukoord.records import actions, agencies, meetings

    owner = _common.require(owner, "--owner", "Owner agency")
    with _common.writing() as db:
        owner_row = agencies.find(db, owner)
        meeting_id = meetings.find(db, meeting)["id"] if meeting else None
        due_day = dates.parse_due(due, what="--due") if due else None
        new_id = actions.add_action(db, text.strip(), owner_row["id"], due_day, meeting_id)
    _common.emit(json_out, actions.record(actions.get(db, new_id)), new_id)


@app.command(
    "list",
    help=_(
        'List follow-ups, earliest due first.\n\nThe table shows the first 50 and says how many more there are (--limit 0 shows\nthem all: --all here means every status); --json gives every match unless\n--limit is given.\n\nExample: kpukoord action list --overdue --owner "Polres Sijunjung"'
    ),
)
def list_(
    open_: Annotated[bool, typer.Option("--open", help=_("Open ones (the default)."))] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help=_("Open and past their due date."))
    ] = False,
    done: Annotated[bool, typer.Option("--done", help=_("Done ones."))] = False,
    all_: Annotated[bool, typer.Option("--all", help=_("All, whatever their status."))] = False,
    owner: Annotated[str | None, typer.Option(help=_("Only this agency's."))] = None,
    meeting: Annotated[str | None, typer.Option(help=_("Only from this meeting."))] = None,
    limit: Annotated[
        int | None,
        limit_option(_("At most this many (table default 50; 0 means all).")),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.errors import UsageError
    from kpukoord.records import actions, agencies, meetings

    chosen = [
        m for m, on in (("open", open_), ("overdue", overdue), ("done", done), ("all", all_)) if on
    ]
    if len(chosen) > 1:
        raise UsageError(_("choose one of --open, --overdue, --done, --all"))
    db = _common.db()
    rows, total = actions.list_page(
        db,
        mode=chosen[0] if chosen else "open",
        owner_id=agencies.find(db, owner)["id"] if owner else None,
        meeting_id=meetings.find(db, meeting)["id"] if meeting else None,
        limit=_common.page_limit(limit, False, json_out),
    )
    recs = [actions.record(r) for r in rows]
    more = _common.more_line(total, len(rows), "--limit 0")
    _common.emit_list(json_out, recs, lambda t: t.action_table(recs, total=total), more)


ActionArg = Annotated[str, typer.Argument(help=_("Follow-up id (prefix)."))]


@app.command(
    "done",
    help=_(
        'Mark a follow-up done.\n\nExample: kpukoord action done 01J2CD --note "Dikirim lewat surat 12/PL.01/2024"'
    ),
)
def done(
    action: ActionArg,
    note: Annotated[str | None, typer.Option(help=_("How it was done."))] = None,
    on: Annotated[
        str | None, typer.Option("--on", help=_("Done on this date (default today)."))
    ] = None,
) -> None:
    from kpukoord.records import actions

    def mark_done(db: Any, row: Any) -> None:  # --on is read once the follow-up is found
        actions.mark_done(db, row, note, _common.day(on, "--on"))

    _said(_("done {id} {text}"), action, mark_done)


@app.command(
    "reopen",
    help=_(
        """Open a follow-up again.

Example: kpukoord action reopen 01J2CD"""
    ),
)
def reopen(action: ActionArg) -> None:
    from kpukoord.records import actions

    _said(_("reopened {id} {text}"), action, actions.reopen)


@app.command(
    "cancel",
    help=_(
        'Cancel a follow-up that is no longer needed.\n\nExample: kpukoord action cancel 01J2CD --note "Sudah ditangani Bawaslu"'
    ),
)
def cancel(
    action: ActionArg, note: Annotated[str | None, typer.Option(help=_("Why."))] = None
) -> None:
    from kpukoord.records import actions

    _said(_("cancelled {id} {text}"), action, lambda db, row: actions.cancel(db, row, note))


def _said(message: str, action: str, act: Callable[[Any, Any], object]) -> None:
    """Act on the follow-up ``action`` names, then say what was done with its id and text."""
    from kpukoord.records import actions

    row = _common.acted(actions.find, action, act)
    _common.say(message.format(id=row["id"], text=row["text"]))
