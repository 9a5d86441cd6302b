"""kpukoord schedule: the official PKPU timetables (tahapan dan jadwal)."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from kpukoord.cli import _common, _progress
from kpukoord.cli._options import JsonOpt, dry_run_flag
from kpukoord.language.i18n import _

app = typer.Typer(no_args_is_help=True, help=_("Official stage timetables: import, view, compare."))
CodeArg = Annotated[str, typer.Argument(help=_("Schedule code."))]


@app.command(
    "import",
    help=_(
        """Import timetables, all or nothing. Safe to run again: it says what changed.

Every problem in every file is reported as file:line: message, and then
nothing is written. Stages missing from a newer file are soft-deleted, so
meetings that cite them keep their link.

Example: kpukoord schedule import schedules/ --dry-run"""
    ),
)
def import_(
    paths: Annotated[
        list[str], typer.Argument(help=_("Schedule files or folders of them; '-' reads stdin."))
    ],
    dry_run: Annotated[bool, dry_run_flag(_("Check and report changes, write nothing."))] = False,
    json_out: JsonOpt = False,
) -> None:
    import sys

    from kpukoord.language.yamlfile import MAX_BYTES
    from kpukoord.timetables import schedules

    stdin_text: str | bytes | None = None
    if "-" in paths:  # at most the YAML limit: a pipe from /dev/zero never ends
        buffer = getattr(sys.stdin, "buffer", None)
        stdin_text = buffer.read(MAX_BYTES + 1) if buffer else sys.stdin.read(MAX_BYTES + 1)
    files = [Path(p) for p in paths if p != "-"]
    with _progress.meter(json_out) as meter:
        reports = schedules.import_paths(
            _common.db(), files, stdin_text=stdin_text, dry_run=dry_run, progress=meter
        )
    _common.emit(
        json_out,
        {"schedules": reports, "dry_run": dry_run},
        lambda t: t.import_report(reports, dry_run),
    )


@app.command(
    "list",
    help=_(
        """List imported schedules with their span and voting day.

Example: kpukoord schedule list"""
    ),
)
def list_(json_out: JsonOpt = False) -> None:
    from kpukoord.timetables import schedules

    rows = schedules.list_rows(_common.db())
    if json_out:
        _common.emit_json(
            [
                {
                    k: r[k]
                    for k in (
                        "code",
                        "title",
                        "regulation",
                        "election",
                        "voting_day",
                        "first_date",
                        "last_date",
                        "stage_count",
                        "imported_at",
                    )
                }
                for r in rows
            ]
        )
    else:
        from kpukoord.views import lists

        _common.show(lists.schedule_table(rows))


@app.command(
    "show",
    help=_(
        """Show a schedule's stage tree with dates, duration, confidence and sources.

Example: kpukoord schedule show pkpu-2-2024"""
    ),
)
def show(
    code: Annotated[str, typer.Argument(help=_("Schedule code, e.g. pkpu-2-2024."))],
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.timetables import schedules

    _common.show_record(json_out, schedules.find, schedules.record, code, "schedule_detail")


@app.command(
    "timeline",
    help=_(
        """Draw the schedule as a Gantt chart, with today and voting day marked.

Example: kpukoord schedule timeline pkpu-2-2024 --depth 1 --svg pilkada.svg"""
    ),
)
def timeline(
    code: CodeArg,
    from_: Annotated[
        str | None, typer.Option("--from", help=_("Window start (any date form)."))
    ] = None,
    to: Annotated[str | None, typer.Option(help=_("Window end."))] = None,
    depth: Annotated[
        int | None, typer.Option(help=_("Show stages down to this depth (0 = top)."))
    ] = None,
    width: Annotated[
        int | None, typer.Option(help=_("Width in columns (default: the terminal's)."))
    ] = None,
    svg: Annotated[Path | None, typer.Option(help=_("Also save the chart as SVG."))] = None,
    html: Annotated[Path | None, typer.Option(help=_("Also save the chart as HTML."))] = None,
) -> None:
    import datetime as dt

    from kpukoord.language import dates
    from kpukoord.timetables import schedules
    from kpukoord.views import timeline as tl

    db, row = _common.found(schedules.find, code)
    rows = schedules.stage_rows(db, row)
    start, end = _common.window(from_, to)
    if start or end:
        lo, hi = (start or dt.date.min).isoformat(), (end or dt.date.max).isoformat()
        rows = [
            r
            for r in rows
            if not (r["start_date"] or r["end_date"])
            or ((r["start_date"] or "") <= hi and (r["end_date"] or r["start_date"] or "") >= lo)
        ]
    today = dates.today()
    from kpukoord.timetables import stages

    # a recurring stage: its occurrences in the window (default: its first period to
    # the end of next year), drawn on its line
    rows = [
        {**r, "occurs": stages.occurrences(db, r, start, end)} if r.get("recurs") else r
        for r in rows
    ]
    voting_day = dt.date.fromisoformat(row["voting_day"]) if row["voting_day"] else None
    since = dt.date.fromisoformat(row["signed"]) if row["signed"] else None
    title = f"{row['title']} ({row['code']})"
    console = _common.console(width=width)
    chart = tl.render(
        rows,
        today=today,
        width=console.width,
        start=start,
        end=end,
        voting_day=voting_day,
        title=title,
        depth=depth,
        since=since,
    )
    console.print(_common.Visible(chart))
    if svg or html:
        subtitle = " · ".join(
            x
            for x in (
                row["regulation"],
                f"keadaan {dates.format_date(today, weekday=False)}",
                "dibuat dengan kpukoord",
            )
            if x
        )
        drawing = tl.svg(
            rows,
            today=today,
            start=start,
            end=end,
            voting_day=voting_day,
            title=title,
            subtitle=subtitle,
            depth=depth,
            since=since,
        )
        if svg:
            _common.write_output(drawing, svg)
        if html:
            _common.write_output(tl.html_page(drawing, title), html)


@app.command(
    "history",
    help=_(
        """List the imports that created or changed a schedule (file hash, time, counts),
and the stages whose dates a later decision moved (earlier dates, why, sources).

Example: kpukoord schedule history pkpu-3-2022"""
    ),
)
def history(
    code: CodeArg,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.timetables import schedules

    db, row = _common.found(schedules.find, code)
    rows = schedules.history(db, row)
    for r in rows:
        r["summary"] = json.loads(r["summary"])
    moved = schedules.amendments(db, row)

    def view(t: Any) -> Any:
        from rich.console import Group

        parts = [t.history_table(code, rows)]
        if moved:
            parts.append(t.amendment_table(code, moved))
        return Group(*parts)

    _common.emit(json_out, {"imports": rows, "amendments": moved}, view)


@app.command(
    "diff",
    help=_(
        """Compare two timetables: stages added, removed, and with moved dates.

Example: kpukoord schedule diff pkpu-2-2024 amandemen/pkpu-2-2024.yaml"""
    ),
)
def diff(
    a: Annotated[
        str, typer.Argument(help=_("A schedule file, or the code of an imported schedule."))
    ],
    b: Annotated[str, typer.Argument(help=_("Another file or code (usually the amendment)."))],
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.timetables import schedules

    db = _common.db()
    defs = [_load(db, x) for x in (a, b)]
    change = schedules.diff_defs(defs[0], defs[1])
    old = {s.key: s for s in defs[0].stages}
    new = {s.key: s for s in defs[1].stages}
    rows: list[dict[str, Any]] = []

    def dates_of(s: Any) -> str | None:
        if s is None:
            return None
        c = s.compared()
        if c["start"] and c["end"] and c["start"] != c["end"]:
            return f"{c['start']} – {c['end']}"
        return c["start"] or (f"… – {c['end']}" if c["end"] else c["rule"])

    for k in change["removed"]:
        rows.append(
            {"change": "removed", "key": k, "name": old[k].name, "a": dates_of(old[k]), "b": None}
        )
    for k in change["added"]:
        rows.append(
            {"change": "added", "key": k, "name": new[k].name, "a": None, "b": dates_of(new[k])}
        )
    for c in change["changed"]:
        k = c["key"]
        rows.append(
            {
                "change": "changed",
                "key": k,
                "name": new[k].name,
                "a": dates_of(old[k]),
                "b": dates_of(new[k]),
                "fields": c["fields"],
            }
        )
    _common.emit(
        json_out,
        {"a": a, "b": b, **change},
        lambda t: t.schedule_diff(Path(a).name, Path(b).name, rows),
    )


def _load(db: Any, name: str) -> Any:
    from kpukoord.timetables import schedules

    path = Path(name)
    if path.is_file():
        return schedules.load_all([path])[0]
    return schedules.from_db(db, name)
