"""kpukoord action: follow-ups (tindak lanjut) — who does what by when."""

from typing import Annotated

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import JsonOpt

app = typer.Typer(no_args_is_help=True, help="Follow-ups (tindak lanjut) from meetings.")


@app.command("add")
def add(
    text: Annotated[str, typer.Argument(help="What is to be done.")],
    owner: Annotated[
        str | None, typer.Option(help="Responsible agency (name, alias or id).")
    ] = None,
    due: Annotated[str | None, typer.Option(help="Due date (any date form).")] = None,
    meeting: Annotated[
        str | None, typer.Option(help="The meeting it came from (id prefix).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Add a follow-up.

    Example: kpukoord action add "Kirim data DP4 ke PPS" --owner Disdukcapil --due "15 Juli 2024"
    """
    from kpukoord import actions, agencies, dates, meetings

    owner = _common.require(owner, "--owner", "Owner agency")
    db = _common.db()
    with db.atomic():
        owner_row = agencies.find(db, owner)
        meeting_id = meetings.find(db, meeting)["id"] if meeting else None
        due_day = dates.parse_day(due, what="--due") if due else None
        new_id = actions.add_action(db, text.strip(), owner_row["id"], due_day, meeting_id)
    _common.emit(json_out, actions.record(actions.get(db, new_id)), new_id)


@app.command("list")
def list_(
    open_: Annotated[bool, typer.Option("--open", help="Open ones (the default).")] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Open and past their due date.")
    ] = False,
    done: Annotated[bool, typer.Option("--done", help="Done ones.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="All, whatever their status.")] = False,
    owner: Annotated[str | None, typer.Option(help="Only this agency's.")] = None,
    meeting: Annotated[str | None, typer.Option(help="Only from this meeting.")] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=0, help="At most this many (table default 50; 0 means all)."),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """List follow-ups, earliest due first.

    The table shows the first 50 and says how many more there are (--limit 0 shows
    them all: --all here means every status); --json gives every match unless
    --limit is given.

    Example: kpukoord action list --overdue --owner "Polres Sijunjung"
    """
    from kpukoord import actions, agencies, meetings
    from kpukoord.errors import UsageError

    chosen = [
        m for m, on in (("open", open_), ("overdue", overdue), ("done", done), ("all", all_)) if on
    ]
    if len(chosen) > 1:
        raise UsageError("choose one of --open, --overdue, --done, --all")
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


@app.command("done")
def done(
    action: Annotated[str, typer.Argument(help="Follow-up id (prefix).")],
    note: Annotated[str | None, typer.Option(help="How it was done.")] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Done on this date (default today).")
    ] = None,
) -> None:
    """Mark a follow-up done.

    Example: kpukoord action done 01J2CD --note "Dikirim lewat surat 12/PL.01/2024"
    """
    from kpukoord import actions, dates

    db = _common.db()
    row = actions.find(db, action)
    actions.mark_done(db, row, note, dates.parse_day(on, what="--on") if on else None)
    _common.say(f"done {row['id']} {row['text']}")


@app.command("reopen")
def reopen(action: Annotated[str, typer.Argument(help="Follow-up id (prefix).")]) -> None:
    """Open a follow-up again.

    Example: kpukoord action reopen 01J2CD
    """
    from kpukoord import actions

    db = _common.db()
    row = actions.find(db, action)
    actions.reopen(db, row)
    _common.say(f"reopened {row['id']} {row['text']}")


@app.command("cancel")
def cancel(
    action: Annotated[str, typer.Argument(help="Follow-up id (prefix).")],
    note: Annotated[str | None, typer.Option(help="Why.")] = None,
) -> None:
    """Cancel a follow-up that is no longer needed.

    Example: kpukoord action cancel 01J2CD --note "Sudah ditangani Bawaslu"
    """
    from kpukoord import actions

    db = _common.db()
    row = actions.find(db, action)
    actions.cancel(db, row, note)
    _common.say(f"cancelled {row['id']} {row['text']}")
