"""kpukoord report: the weekly rakor report."""

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import OutputOpt, as_of_option, format_option, with_options
from kpukoord.language.i18n import _

app = typer.Typer(no_args_is_help=True, help=_("Reports for the office's Monday rakor."))

FORMATS = ("terminal", "text", "markdown", "html", "json")

# The options both reports take, defined once (SHARED: the set, in --help's order).
WeekOpt = Annotated[
    str | None,
    typer.Option(
        help=_(
            "ISO week, e.g. 2024-W27: the whole week, as of its Sunday (or today, "
            "inside the current week)."
        )
    ),
]
AsOfOpt = Annotated[str | None, as_of_option(_("Report as of this day (default today)."))]
FormatOpt = Annotated[
    str,
    format_option(_("terminal, text (WhatsApp), markdown, html or json.")),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        help=_(
            "id (Bahasa Indonesia) or en; default: the language in force (--lang, KPUKOORD_LANG)."
        ),
        show_default=False,
    ),
]
SHARED = (
    ("week", WeekOpt, None),
    ("as_of", AsOfOpt, None),
    ("format", FormatOpt, "terminal"),
    ("lang", LangOpt, None),
    ("output", OutputOpt, None),
)


@app.command(
    "weekly",
    help=_(
        """The weekly report: stages, countdowns, meetings, follow-ups, coverage.

Example: kpukoord report weekly --as-of "5 Juli 2024" --format text"""
    ),
)
@with_options(*SHARED)
def weekly(
    ahead: Annotated[int, typer.Option(help=_("Days to look ahead."), min=0, max=366)] = 14,
    stale: Annotated[
        int, typer.Option(help=_("Flag agencies not met within this many days."), min=1, max=3650)
    ] = 30,
    all_regions: Annotated[
        bool,
        typer.Option("--all-regions", help=_("Countdowns and stages of every region's schedules.")),
    ] = False,
    office: Annotated[
        str | None,
        typer.Option(help=_("In a merged file: only this office's records (name, alias or id).")),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(help=_("In a merged file: only the offices of this region code, e.g. 73.")),
    ] = None,
    **shared: Any,
) -> None:
    from kpukoord.timetables import schedules

    db = _common.db()
    render_weekly(
        db,
        **shared,
        ahead=ahead,
        stale=stale,
        all_regions=all_regions,
        office=office,
        region=region,
    )
    if not all_regions and (hint := schedules.region_hint(db)):
        _common.note(hint)


def render_weekly(
    db: object,
    *,
    week: str | None,
    as_of: str | None,
    format: str,
    lang: str | None,
    output: Path | None,
    ahead: int,
    stale: int,
    all_regions: bool = False,
    office: str | None = None,
    region: str | None = None,
) -> None:
    from kpukoord.errors import UsageError
    from kpukoord.reports import weekly as report
    from kpukoord.views import weekly

    lang = _check(format, lang)
    if office and region:
        raise UsageError(_("use either --office or --region"))
    scope = None
    if office or region:
        from kpukoord.reports import offices as rollup

        scope = rollup.find_offices(db, office=office, region=region)  # type: ignore[arg-type]
    data = report.weekly(
        db,  # type: ignore[arg-type]
        _day(week, as_of),
        ahead=ahead,
        stale=stale,
        all_regions=all_regions,
        scope=scope,
        whole_week=bool(week),
    )
    _write(db, data, weekly.build, format, lang, output)


@app.command(
    "offices",
    help=_(
        """Every office in a merged file: meetings, last rakor, follow-ups, silence.

Per office: meetings held this week, the last rakor, open and overdue
follow-ups, agencies not met for --stale days and the latest progress per
active stage; then the offices that have sent nothing new for two weeks.

Example: kpukoord report offices --format text"""
    ),
)
@with_options(*SHARED)
def offices(
    stale: Annotated[
        int, typer.Option(help=_("Count agencies not met within this many days."), min=1, max=3650)
    ] = 30,
    **shared: Any,
) -> None:
    from kpukoord.reports import offices as rollup
    from kpukoord.views import offices as view

    format, output = shared["format"], shared["output"]
    lang = _check(format, shared["lang"])
    db = _common.db()
    data = rollup.offices(db, _day(shared["week"], shared["as_of"]), stale=stale)
    _write(db, data, view.build, format, lang, output)


def _check(format: str, lang: str | None) -> str:
    """The report's language (its own --lang, else the one in force), once the format is known."""
    from kpukoord.cli import _documents

    _documents.check_format(format, FORMATS)
    return _common.language_option(lang)


def _day(week: str | None, as_of: str | None) -> dt.date:
    """A report's as-of day: of --week (its end, or today inside it), --as-of, or today."""
    from kpukoord.errors import UsageError
    from kpukoord.language import dates
    from kpukoord.reports import weekly as report

    if week and as_of:
        raise UsageError(_("use either --week or --as-of"))
    if week:
        return report.as_of_for_week(dates.parse_iso_week(week), dates.today())
    return dates.parse_day(as_of, what="--as-of") if as_of else dates.today()


def _write(
    db: object, data: object, build: object, format: str, lang: str, output: Path | None
) -> None:
    """A report's data as JSON, or its document in the chosen format; an HTML one on the
    letterhead of the office whose database it was read from (``demo``'s, not the default)."""
    from kpukoord.cli import _documents
    from kpukoord.views import document

    if format == "json":
        import json

        _common.write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
        return
    doc = build(data, lang)  # type: ignore[operator]
    if format == "html":  # printed: on the office's letterhead, named by its week
        from kpukoord.records import office

        name = db.office()["name"] or ""  # type: ignore[attr-defined]
        doc.kop = document.kop_lines(name, office.address(db) or "")  # type: ignore[arg-type]
        doc.kop_in_print = True
        doc.author = name
        doc.name = " · ".join([doc.title, *doc.header[:2]])
    _documents.write_document(doc, format, output)
