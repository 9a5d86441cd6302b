"""kpukoord stage: the stages of imported schedules, their meetings and progress."""

from typing import Annotated

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import JsonOpt
from kpukoord.language.i18n import _

app = typer.Typer(
    no_args_is_help=True, help=_("Stages (tahapan): what is on, what cited them, progress.")
)


@app.command(
    "list",
    help=_(
        'List the stages that overlap a day or a window (default: running today and the\nnext 60 days), of the schedules that apply to the office\'s region. Occurrences\nof recurring stages are marked expected until confirmed.\n\nExample: kpukoord stage list --active-on "5 Juli 2024"'
    ),
)
def list_(
    schedule: Annotated[str | None, typer.Option(help=_("Only this schedule (code)."))] = None,
    active_on: Annotated[str | None, typer.Option(help=_("Stages running on this day."))] = None,
    from_: Annotated[str | None, typer.Option("--from", help=_("Window start."))] = None,
    to: Annotated[str | None, typer.Option(help=_("Window end."))] = None,
    all_regions: Annotated[
        bool,
        typer.Option("--all-regions", help=_("Every region's schedules, not only the office's.")),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    import datetime as dt

    from kpukoord.errors import UsageError
    from kpukoord.language import dates
    from kpukoord.timetables import schedules, stages

    if active_on and (from_ or to):
        raise UsageError(_("use either --active-on or --from/--to"))
    if active_on:
        p = dates.parse(active_on)
        start, end = p.start, p.end
    elif from_ or to:
        lo, hi = _common.window(from_, to, start=dates.today())
        start = lo or dates.today()
        end = hi or start
    else:  # what runs now and what comes in the next 60 days
        start = dates.today()
        end = start + dt.timedelta(days=60)
    db = _common.db()
    if schedule:
        schedules.find(db, schedule)
    # a schedule named with --schedule is shown wherever it applies
    codes = None if schedule else schedules.office_codes(db, all_regions)
    # days left are counted from the day asked about, not from today
    rows = stages.overlapping(db, start, end, schedule=schedule, codes=codes)
    items = [stages.item(r, start) for r in rows]
    _common.emit(json_out, items, lambda t: t.stage_table(items))
    if not (schedule or all_regions) and (hint := schedules.region_hint(db)):
        _common.note(hint)


@app.command(
    "show",
    help=_(
        """Show a stage, the meetings that cited it and its progress history.

Example: kpukoord stage show pkpu-2-2024:coklit"""
    ),
)
def show(
    stage: Annotated[str, typer.Argument(help=_("CODE:KEY, a key, or a name (e.g. coklit)."))],
    on: Annotated[
        str | None, typer.Option(help=_("Prefer the schedule running on this day."))
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    import json

    from kpukoord.language import dates
    from kpukoord.records import meetings
    from kpukoord.timetables import schedules, stages

    db = _common.db()
    day = dates.parse(on).start if on else dates.today()
    row = stages.resolve(db, stage, day, codes=schedules.office_codes(db))
    rec = stages.item(row)
    rec["amended"] = json.loads(row["amended"])  # earlier dates and what moved them
    rows = stages.meetings_citing(db, row["id"])
    rec["meetings"] = rows
    rec["progress"] = stages.progress_history(db, row["id"])
    # a recurring stage: each occurrence, its meetings and figures (empty otherwise)
    rec["occurrences"] = stages.occurrence_records(db, row)
    if json_out:
        rec["meetings"] = meetings.records(db, meetings.list_rows(db, stage_ids=[row["id"]]))
        _common.emit_json(rec)
    else:
        from kpukoord.views import tables as render

        _common.show(render.stage_detail(rec))


@app.command(
    "confirm",
    help=_(
        """Confirm the date of an occurrence of a recurring stage (e.g. from the KPU RI
circular): it replaces the expected one of its period in every view.

Example: kpukoord stage confirm pleno-dpb --date "8 Desember 2026" --source "SE KPU RI"
"""
    ),
)
def confirm(
    stage: Annotated[str, typer.Argument(help=_("CODE:KEY, key or name."))],
    date: Annotated[str, typer.Option(help=_('The day or days held: "8 Desember 2026".'))],
    source: Annotated[
        str | None, typer.Option(help=_("Where the date comes from (a circular, a page)."))
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help=_("The period confirmed (2026-Q4, 2026-S2); default: the date's.")),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    import json

    from kpukoord.language import dates
    from kpukoord.timetables import schedules, stages

    p = dates.parse(date)
    db = _common.db()
    row = stages.resolve(db, stage, p.start, codes=schedules.office_codes(db))
    if source is not None:
        from kpukoord.language import text

        source = text.check(source, "--source")
    out = stages.confirm(db, row, p.start, p.end, period=period, source=source)
    out["stage"] = f"{row['schedule']}:{row['key']}"
    line = (
        _("unchanged: {stage} {period} was already confirmed for {dates}")
        if out["status"] == "unchanged"
        else _("confirmed: {stage} {period}: {dates}")
    )
    # as people write them: "triwulan IV 2026: Selasa, 8 Desember 2026", not ISO codes
    import datetime as dt

    from kpukoord.language import i18n
    from kpukoord.timetables import recurrence

    every = json.loads(row["recurs"])["every"]
    shown = line.format(
        stage=out["stage"],
        period=recurrence.period_label(every, out["period"]),
        dates=dates.format_range(
            dt.date.fromisoformat(out["start"]), dt.date.fromisoformat(out["end"]), i18n.language()
        ),
    )
    _common.emit(json_out, out, shown)


@app.command(
    "progress",
    help=_(
        """Record a progress figure or blocker for a stage.

Example: kpukoord stage progress "Pelaksanaan kampanye" 80 --note "menunggu atribut paslon gubernur" --meeting 01J9XY"""
    ),
)
def progress(
    stage: Annotated[str, typer.Argument(help=_("CODE:KEY, key or name."))],
    percent: Annotated[
        str, typer.Argument(help=_("Progress like 80 or 80%, or '-' for a note only (a blocker)."))
    ],
    note: Annotated[
        str | None, typer.Option(help=_('What was reported: "menunggu atribut paslon".'))
    ] = None,
    meeting: Annotated[
        str | None, typer.Option(help=_("The meeting where it was reported."))
    ] = None,
    date: Annotated[
        str | None, typer.Option(help=_("Reported on (default: the meeting's date or today)."))
    ] = None,
) -> None:
    import datetime as dt

    from kpukoord.errors import UsageError
    from kpukoord.language import dates
    from kpukoord.records import meetings
    from kpukoord.timetables import stages

    value = percent.strip().rstrip("%").strip()
    try:
        pct = None if value == "-" else float(value.replace(",", "."))
    except ValueError:
        raise UsageError(
            _("progress {percent!r} is not a number like 80 or 80%").format(percent=percent)
        ) from None
    if pct is not None and not 0 <= pct <= 100:
        raise UsageError(_("progress {pct:g}% is not between 0 and 100").format(pct=pct))
    db = _common.db()
    meeting_row = meetings.find(db, meeting) if meeting else None
    if date:
        day = dates.parse_day(date, what="--date")
    elif meeting_row:
        day = dt.date.fromisoformat(meeting_row["start_date"])
    else:
        day = dates.today()
    from kpukoord.timetables import schedules

    row = stages.resolve(db, stage, day, codes=schedules.office_codes(db))
    new = stages.add_progress(
        db, row, pct, note=note, meeting_id=meeting_row["id"] if meeting_row else None, day=day
    )
    _common.say(new)
