"""kpukoord export / import: working with calendars, spreadsheets and other tools."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from kpukoord.cli import _common, _progress
from kpukoord.cli._options import IgnoreWeekdayOpt, NewPeopleOpt, StdoutOpt
from kpukoord.language.i18n import _, ngettext

export_app = typer.Typer(no_args_is_help=True, help=_("Export to calendars (ICS), JSON or CSV."))
import_app = typer.Typer(no_args_is_help=True, help=_("Import meetings from CSV, JSON or YAML."))


@export_app.command(
    "ics",
    help=_(
        """An iCalendar file for phones' calendars; re-importing a newer one updates events.

With none of --stages/--meetings/--actions, all three are exported.

Example: kpukoord export ics --stages --schedule pkpu-2-2024 -o pilkada.ics"""
    ),
)
def export_ics(
    stages: Annotated[bool, typer.Option("--stages", help=_("Stages as all-day events."))] = False,
    meetings: Annotated[
        bool,
        typer.Option(
            "--meetings",
            help=_(
                "Meetings. A cancelled or removed meeting is written with STATUS:CANCELLED, "
                "so a calendar that imported it before drops it."
            ),
        ),
    ] = False,
    actions: Annotated[
        bool,
        typer.Option(
            "--actions",
            help=_(
                "Follow-ups as to-dos, due on their deadline (one without a deadline: a to-do without a due date)."
            ),
        ),
    ] = False,
    schedule: Annotated[str | None, typer.Option(help=_("Only stages of this schedule."))] = None,
    from_: Annotated[str | None, typer.Option("--from", help=_("From this date."))] = None,
    to: Annotated[str | None, typer.Option(help=_("Until this date."))] = None,
    output: StdoutOpt = None,
    all_regions: Annotated[
        bool,
        typer.Option("--all-regions", help=_("Stages of every region, not only the office's.")),
    ] = False,
) -> None:
    from kpukoord.exchange import files as exchange
    from kpukoord.timetables import schedules

    if not (stages or meetings or actions):
        stages = meetings = actions = True
    start, end = _common.window(from_, to)
    db = _common.db()
    if schedule and stages:
        schedules.find(db, schedule)  # an unknown schedule fails before any file is touched
    with (
        _common.output_stream(output) as out,
        _progress.meter(streams=output is None) as meter,
    ):
        exchange.write_ics(
            db,
            meter.stream(out, _("exporting calendar"), ("BEGIN:VEVENT", "BEGIN:VTODO")),
            with_stages=stages,
            with_meetings=meetings,
            with_actions=actions,
            schedule=schedule,
            start=start,
            end=end,
            all_regions=all_regions,
        )
    if stages and not (schedule or all_regions) and (hint := schedules.region_hint(db)):
        _common.note(hint)


def _export(fmt: str, table: str, output: Path | None) -> None:
    from kpukoord.errors import UsageError
    from kpukoord.exchange import files as exchange

    if table not in exchange.TABLES:
        raise UsageError(
            _("unknown table {table!r}; choose from: {value0}").format(
                table=table, value0=", ".join(exchange.TABLES)
            )
        )
    recs = exchange.iter_records(_common.db(), table)  # read in batches as they are written
    with (
        _common.output_stream(output) as out,
        _progress.meter(streams=output is None) as meter,
    ):
        recs = meter.track(recs, _("exporting {table}").format(table=table))
        if fmt == "json":
            exchange.write_json(recs, out)
        else:
            exchange.write_csv(table, recs, out)


TableArg = Annotated[str, typer.Argument(help=_("meetings, actions, agencies or stages."))]


def _exporter(fmt: str) -> Callable[..., None]:
    """The command that writes every record of a table in ``fmt``."""

    def export(table: TableArg = "meetings", output: StdoutOpt = None) -> None:
        _export(fmt, table, output)

    return export


# export json and export csv: the same command, but for the format
for _format, _help in (
    (
        "json",
        _(
            """Every field of every record, as JSON.

Example: kpukoord export json meetings -o meetings.json"""
        ),
    ),
    (
        "csv",
        _(
            """Every field of every record, as CSV (lists joined with ' | ').

Edit it in a spreadsheet and bring it back with 'kpukoord import meetings'.

Example: kpukoord export csv meetings -o meetings.csv"""
        ),
    ),
):
    export_app.command(_format, help=_help)(_exporter(_format))


@import_app.command(
    "meetings",
    help=_(
        """Import meetings: rows with an existing id are updated, new rows inserted.

By default one bad row rejects the whole file (each reported as file:line).

Example: kpukoord import meetings meetings.csv --skip-invalid"""
    ),
)
def import_meetings(
    file: Annotated[str, typer.Argument(help=_("CSV, JSON or YAML file; '-' reads stdin."))],
    format: Annotated[
        str | None, typer.Option("--format", help=_("csv, json or yaml (default: by file name)."))
    ] = None,
    allow_duplicates: Annotated[
        bool,
        typer.Option(
            "--allow-duplicates",
            help=_(
                "Import rows without an id even when a meeting of the same day, host and "
                "title exists."
            ),
        ),
    ] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help=_("Import the good rows, report the bad ones."))
    ] = False,
    new_agencies: Annotated[
        bool, typer.Option("--new-agencies", help=_("Create unknown agencies."))
    ] = False,
    new_people: NewPeopleOpt = False,
    ignore_weekday: IgnoreWeekdayOpt = False,
    json_out: Annotated[bool, typer.Option("--json", help=_("Print the summary as JSON."))] = False,
) -> None:
    from kpukoord.errors import UsageError
    from kpukoord.exchange import files as exchange

    if format and format not in ("csv", "json", "yaml"):
        raise UsageError(
            _("unknown format {format!r}; choose csv, json or yaml").format(format=format)
        )
    text, name = _common.read_text(file)
    db = _common.db()
    lines = max(text.count("\n"), 1)
    what = _("importing {file}").format(file=name)
    with _progress.meter(json_out) as meter:
        summary = exchange.import_meetings(
            db,
            text,
            name,
            fmt=format,
            skip_invalid=skip_invalid,
            allow_duplicates=allow_duplicates,
            new_agencies=new_agencies,
            new_people=new_people,
            ignore_weekday=ignore_weekday,
            progress=(lambda n: meter(what, n, lines)) if meter.active else None,
        )
    older_ids = summary.pop("older_ids")
    _common.warn_all(summary.pop("warnings"))
    if json_out:
        _common.emit_json(summary)
    else:
        _common.say(
            _(
                "{inserted} inserted, {updated} updated, {unchanged} unchanged, {skipped} skipped"
            ).format(**summary)
        )
    if older_ids:
        _common.note(
            ngettext(
                "{n} row older than the stored data, skipped: {ids}",
                "{n} rows older than the stored data, skipped: {ids}",
                len(older_ids),
            ).format(n=len(older_ids), ids=", ".join(older_ids))
        )
    for p in summary["problems"]:
        _common.note(_("skipped: {problem}").format(problem=p))
