"""kpukoord export / import / search: working with calendars, spreadsheets and other tools."""

from pathlib import Path
from typing import Annotated

import typer

from kpukoord.cli import _common

export_app = typer.Typer(no_args_is_help=True, help="Export to calendars (ICS), JSON or CSV.")
import_app = typer.Typer(no_args_is_help=True, help="Import meetings from CSV, JSON or YAML.")

OutOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
]


@export_app.command("ics")
def export_ics(
    stages: Annotated[bool, typer.Option("--stages", help="Stages as all-day events.")] = False,
    meetings: Annotated[bool, typer.Option("--meetings", help="Meetings (not cancelled).")] = False,
    actions: Annotated[
        bool, typer.Option("--actions", help="Follow-ups as to-dos with a due date.")
    ] = False,
    schedule: Annotated[str | None, typer.Option(help="Only stages of this schedule.")] = None,
    from_: Annotated[str | None, typer.Option("--from", help="From this date.")] = None,
    to: Annotated[str | None, typer.Option(help="Until this date.")] = None,
    output: OutOpt = None,
) -> None:
    """An iCalendar file for phones' calendars; re-importing a newer one updates events.

    With none of --stages/--meetings/--actions, all three are exported.

    Example: kpukoord export ics --stages --schedule pkpu-2-2024 -o pilkada.ics
    """
    from kpukoord import dates, exchange

    if not (stages or meetings or actions):
        stages = meetings = actions = True
    start = dates.parse(from_).start if from_ else None
    end = dates.parse(to).end if to else None
    db = _common.db()
    if schedule and stages:
        from kpukoord import schedules

        schedules.find(db, schedule)  # an unknown schedule fails before any file is touched
    with _common.output_stream(output) as out:
        exchange.write_ics(
            db,
            out,
            with_stages=stages,
            with_meetings=meetings,
            with_actions=actions,
            schedule=schedule,
            start=start,
            end=end,
        )


def _export(fmt: str, table: str, output: Path | None) -> None:
    from kpukoord import exchange
    from kpukoord.errors import UsageError

    if table not in exchange.TABLES:
        raise UsageError(f"unknown table {table!r}; choose from: {', '.join(exchange.TABLES)}")
    recs = exchange.iter_records(_common.db(), table)  # read in batches as they are written
    with _common.output_stream(output) as out:
        if fmt == "json":
            exchange.write_json(recs, out)
        else:
            exchange.write_csv(table, recs, out)


@export_app.command("json")
def export_json(
    table: Annotated[
        str, typer.Argument(help="meetings, actions, agencies or stages.")
    ] = "meetings",
    output: OutOpt = None,
) -> None:
    """Every field of every record, as JSON.

    Example: kpukoord export json meetings -o meetings.json
    """
    _export("json", table, output)


@export_app.command("csv")
def export_csv(
    table: Annotated[
        str, typer.Argument(help="meetings, actions, agencies or stages.")
    ] = "meetings",
    output: OutOpt = None,
) -> None:
    """Every field of every record, as CSV (lists joined with ' | ').

    Edit it in a spreadsheet and bring it back with 'kpukoord import meetings'.

    Example: kpukoord export csv meetings -o meetings.csv
    """
    _export("csv", table, output)


@import_app.command("meetings")
def import_meetings(
    file: Annotated[str, typer.Argument(help="CSV, JSON or YAML file; '-' reads stdin.")],
    format: Annotated[
        str | None, typer.Option("--format", help="csv, json or yaml (default: by file name).")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the good rows, report the bad ones.")
    ] = False,
    new_agencies: Annotated[
        bool, typer.Option("--new-agencies", help="Create unknown agencies.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import meetings: rows with an existing id are updated, new rows inserted.

    By default one bad row rejects the whole file (each reported as file:line).

    Example: kpukoord import meetings meetings.csv --skip-invalid
    """
    import sys

    from kpukoord import exchange
    from kpukoord.errors import UsageError

    if format and format not in ("csv", "json", "yaml"):
        raise UsageError(f"unknown format {format!r}; choose csv, json or yaml")
    text, name = _common.read_text(file)
    db = _common.db()
    progress = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = bar.add_task("import", total=max(text.count("\n"), 1))
        bar.start()
        progress = lambda n: bar.update(task, completed=n)  # noqa: E731
    try:
        summary = exchange.import_meetings(
            db,
            text,
            name,
            fmt=format,
            skip_invalid=skip_invalid,
            new_agencies=new_agencies,
            progress=progress,
        )
    finally:
        if progress:
            bar.stop()
    if json_out:
        _common.emit_json(summary)
    else:
        _common.say(
            f"{summary['inserted']} inserted, {summary['updated']} updated, "
            f"{summary['unchanged']} unchanged, {summary['skipped']} skipped"
        )
    for p in summary["problems"]:
        _common.note(f"skipped: {p}")


def search(
    query: Annotated[str, typer.Argument(help='Words to find, e.g. "logistik".')],
    agency: Annotated[
        str | None, typer.Option(help="Only meetings/follow-ups of this agency.")
    ] = None,
    from_: Annotated[str | None, typer.Option("--from", help="On or after this date.")] = None,
    to: Annotated[str | None, typer.Option(help="On or before this date.")] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=0, help="At most this many hits (table default 50; 0 means all)."),
    ] = None,
    all_rows: Annotated[bool, typer.Option("--all", help="Every hit.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Find meetings, decisions, follow-ups and agencies by their words, best first.

    The table shows the best 50 and says how many more there are; --json gives
    every hit unless --limit is given.

    Example: kpukoord search logistik --agency Polres
    """
    from kpukoord import agencies, dates
    from kpukoord import search as search_mod

    db = _common.db()
    hits, total = search_mod.page(
        db,
        query,
        start=dates.parse(from_).start if from_ else None,
        end=dates.parse(to).end if to else None,
        agency_id=agencies.find(db, agency)["id"] if agency else None,
        limit=_common.page_limit(limit, all_rows, json_out),
    )
    more = _common.more_line(total, len(hits))
    a, b = search_mod.MARK
    if json_out:
        _common.emit_json(
            [{**h, "snippet": h["snippet"].replace(a, "[").replace(b, "]")} for h in hits]
        )
        if more:
            _common.note(more)
        return
    if not _common.terminal():
        _common.plain_table(
            ["kind", "id", "date", "title", "snippet"],
            [
                [
                    h["kind"],
                    h["id"],
                    h["date"] or "",
                    h["title"] or "",
                    h["snippet"].replace(a, "[").replace(b, "]"),
                ]
                for h in hits
            ],
            more,
        )
        return
    from rich.table import Table
    from rich.text import Text

    from kpukoord.ids import short

    t = Table(
        title=f"{total} hits for {query!r}",
        title_justify="left",
        show_edge=False,
        caption=more,
        caption_justify="left",
    )
    for col in ("kind", "id", "date", "title", "snippet"):
        t.add_column(col, overflow="fold")
    for h in hits:
        snip = Text()
        for i, part in enumerate(h["snippet"].replace(b, a).split(a)):
            snip.append(part, style="bold yellow" if i % 2 else "")
        t.add_row(h["kind"], short(h["id"]), h["date"] or "", h["title"] or "", snip)
    _common.show(t)
