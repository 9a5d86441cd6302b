"""kpukoord meeting: record a coordination meeting in under a minute, find it later."""

from typing import Annotated, Any

import typer

from kpukoord import surface
from kpukoord.cli import _common
from kpukoord.cli._options import (
    IgnoreWeekdayOpt,
    JsonOpt,
    MeetingArg,
    NewPeopleOpt,
    OutputOpt,
    all_flag,
    format_option,
    limit_option,
    meeting_fields,
)
from kpukoord.language.i18n import _, ngettext

app = typer.Typer(no_args_is_help=True, help=_("Meetings: rakor, kunjungan, supervisi, bimtek..."))


_FLAG = surface.FLAG_OF_FIELD  # field -> its option: both doors read kpukoord.surface


def _raw(params: dict[str, Any]) -> dict[str, Any]:
    """The field values a command was given as flags, under their file keys
    (``--note`` → ``notes``), leaving out what was not given."""
    out = {}
    for option in surface.MEETING_FIELDS:
        value = params.get(option.param)
        if value:
            out[option.field] = value
    return out


_flag_locator = surface.field_locator


def _load_file(path: str) -> list[tuple[dict[str, Any], Any]]:
    """[(raw meeting, locator)] from a YAML/JSON file holding one meeting or a list."""
    from kpukoord.errors import FileProblems
    from kpukoord.language import yamlfile

    # about the YAML limit (rounded up to whole MB, as read_text counts them), not 512 MB:
    # /dev/zero is refused at once, and the loader itself refuses what lies between
    mib = 1024 * 1024
    text, name = _common.read_text(path, limit=-(-yamlfile.MAX_BYTES // mib) * mib)
    doc = yamlfile.load(text, name)
    if doc.data is None:
        raise FileProblems([_("{file}:1: the file is empty").format(file=name)])
    if isinstance(doc.data, list):
        return [(raw, doc.sub(i).where) for i, raw in enumerate(doc.data)]
    return [(doc.data, doc.where)]


@app.command(
    "add",
    help=_(
        """Record a meeting with its attendees, decisions and follow-ups.

Example: kpukoord meeting add --title "Rakor persiapan Pilkada 2024" --date "Jumat-Sabtu 5-6 Juli 2024" --venue "Hotel The ZHM Premiere Padang" --attendee "Bawaslu Sijunjung" --attendee "Polres Sijunjung" --decision "Sosialisasi coklit ke masyarakat" --action "Laporan coklit; owner=KPU Sijunjung; due=24 Juli 2024" --stage coklit"""
    ),
)
@meeting_fields(surface.ADD_ORDER)
def add(
    new_agencies: Annotated[
        bool,
        typer.Option(
            surface.ADD_SWITCHES["new_agencies"],
            help=_("Create attendee agencies that are unknown."),
        ),
    ] = False,
    new_people: NewPeopleOpt = False,
    ignore_weekday: IgnoreWeekdayOpt = False,
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            surface.ADD_SWITCHES["allow_duplicate"],
            help=_(
                "Add it even when a meeting of the same day, host and title is stored "
                "(two meetings of that name on one day)."
            ),
        ),
    ] = False,
    series: Annotated[
        str | None,
        typer.Option(
            help=_("Record an occurrence of a planned series (title or id): it becomes held.")
        ),
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from-file", "-f", help=_("YAML or JSON file with the same fields ('-' for stdin).")
        ),
    ] = None,
    json_out: JsonOpt = False,
    **fields: Any,
) -> None:
    from kpukoord.errors import UsageError
    from kpukoord.records import meetings

    given = _raw(fields)
    if from_file:
        if given:
            raise UsageError(
                _("use either --from-file or field options, not both ({options})").format(
                    options=", ".join(_FLAG[k] for k in given)
                )
            )
        items = _load_file(from_file)
    else:
        given["title"] = _common.require(fields["title"], "--title", _("Title"))
        given["date"] = _common.require(
            fields["date"], "--date", _("Date (e.g. 5 Juli 2024)"), _common.check_date
        )
        items = [(given, _flag_locator)]

    drafts = [
        meetings.draft_from_raw(raw, where, ignore_weekday=ignore_weekday) for raw, where in items
    ]
    _common.warn_all(w for d in drafts for w in d.warnings)
    with _common.writing() as db:
        if series:
            from kpukoord.records import series as series_mod

            srow = series_mod.find(db, series)
            ids = [
                meetings.record_occurrence(
                    db, srow, d, new_agencies=new_agencies, new_people=new_people
                )
                for d in drafts
            ]
        else:
            if not allow_duplicate:
                meetings.refuse_twins_in_file(drafts)
            stored = meetings.stored_so_far(db)
            ids = [
                meetings.add(
                    db,
                    d,
                    new_agencies=new_agencies,
                    new_people=new_people,
                    allow_duplicate=allow_duplicate,
                    stored_before=stored,
                    id=_file_id(db, raw, where("id")),
                )
                for d, (raw, where) in zip(drafts, items, strict=True)
            ]
    if json_out:
        recs = [meetings.record(db, meetings.find(db, i)) for i in ids]
        _common.emit_json(recs[0] if len(recs) == 1 and not from_file else recs)
    else:
        for i in ids:
            _common.say(i)


def _file_id(db: Any, raw: dict[str, Any], where: str) -> str | None:
    from kpukoord.errors import KpuError
    from kpukoord.records import meetings

    ident = meetings.file_id(db, raw.get("id") if isinstance(raw, dict) else None, where)
    if ident and db.get("meeting", ident):
        raise KpuError(
            _("{where}: meeting {id} already exists; 'kpukoord import meetings' updates it").format(
                where=where, id=ident
            )
        )
    return ident


@app.command(
    "list",
    help=_(
        '''List meetings, newest first. Filters combine.

Example: kpukoord meeting list --agency Bawaslu --from "1 Juli 2024" --to "31 Juli 2024"'''
    ),
)
def list_(
    from_: Annotated[str | None, typer.Option("--from", help=_("On or after this date."))] = None,
    to: Annotated[str | None, typer.Option(help=_("On or before this date."))] = None,
    agency: Annotated[
        str | None, typer.Option(help=_("Hosted or attended by this agency."))
    ] = None,
    kind: Annotated[str | None, typer.Option(help=_("Only this kind."))] = None,
    status: Annotated[str | None, typer.Option(help=_("planned, held or cancelled."))] = None,
    stage: Annotated[
        str | None, typer.Option(help=_("Linked to this stage (name or CODE:KEY)."))
    ] = None,
    regulation: Annotated[
        str | None, typer.Option(help=_('Citing this regulation, e.g. "PKPU 7/2022".'))
    ] = None,
    limit: Annotated[
        int | None,
        limit_option(_("At most this many, newest first (table default 50; 0 means all).")),
    ] = None,
    all_rows: Annotated[bool, all_flag(_("Every matching meeting."))] = False,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.records import agencies, meetings
    from kpukoord.timetables import stages

    db = _common.db()
    start, end = _common.window(from_, to)
    rows, total = meetings.list_page(
        db,
        start=start,
        end=end,
        agency_id=agencies.find(db, agency)["id"] if agency else None,
        kind=kind,
        status=status,
        # coklit: the coklit of every election
        stage_ids=stages.matching_ids(db, stage) if stage else None,
        regulation=regulation,
        limit=_common.page_limit(limit, all_rows, json_out),
    )
    more = _common.more_line(total, len(rows))
    _common.emit_list(
        json_out,
        meetings.records(db, rows),
        lambda t: t.meeting_table(rows, total=total),
        more,
    )


@app.command(
    "show",
    help=_(
        """Show one meeting in full.

Example: kpukoord meeting show 01J2AB"""
    ),
)
def show(
    meeting: Annotated[str, typer.Argument(help=_("Meeting id (a unique prefix is enough)."))],
    lang: Annotated[
        str | None,
        typer.Option(
            help=_("id or en, for dates (default: the language in force)."), show_default=False
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.language import i18n
    from kpukoord.records import meetings

    db, row = _common.found(meetings.find, meeting)
    rec = meetings.record(db, row)

    def view(t: Any) -> Any:
        with i18n.using(_common.language_option(lang)) as chosen:
            return t.meeting_detail(rec, chosen)

    _common.emit(json_out, rec, view)


@app.command(
    "edit",
    help=_(
        '''Change a meeting, or add attendees, decisions, follow-ups and stages to it.

Example: kpukoord meeting edit 01J2AB --status held --decision "Distribusi logistik H-3"'''
    ),
)
@meeting_fields(surface.EDIT_ORDER, edit=True)
def edit(
    meeting: MeetingArg,
    new_agencies: Annotated[
        bool,
        typer.Option(surface.ADD_SWITCHES["new_agencies"], help=_("Create unknown agencies.")),
    ] = False,
    new_people: NewPeopleOpt = False,
    ignore_weekday: IgnoreWeekdayOpt = False,
    json_out: JsonOpt = False,
    **fields: Any,
) -> None:
    from kpukoord.records import meetings

    db, row = _common.found(meetings.find, meeting)
    raw = _raw(fields)
    draft = meetings.draft_from_raw(raw, _flag_locator, partial=True, ignore_weekday=ignore_weekday)
    _common.warn_all(draft.warnings)
    meetings.update(db, row, draft, new_agencies=new_agencies, new_people=new_people)
    rec = meetings.record(db, meetings.find(db, row["id"]))
    _common.emit(json_out, rec, _("updated {id} {title}").format(id=rec["id"], title=rec["title"]))


@app.command(
    "remove",
    help=_(
        """Remove a meeting (a soft delete; it can be merged and audited later).

Example: kpukoord meeting remove 01J2AB"""
    ),
)
def remove(meeting: MeetingArg) -> None:
    from kpukoord.records import meetings

    row = _common.acted(meetings.find, meeting, meetings.remove)
    _common.say(_("removed {id} {title}").format(id=row["id"], title=row["title"]))


@app.command(
    "plan",
    help=_(
        """Plan a recurring meeting: one planned meeting per occurrence.

Planning the same series again adds only the missing occurrences. Record a
held occurrence with 'meeting add --series TITLE --date DATE ...'.

Example: kpukoord meeting plan --title "Rakor mingguan" --every "setiap Senin" --from "8 Juli 2024" --until "30 September 2024" --time 09.00"""
    ),
)
def plan(
    title: Annotated[str, typer.Option("--title", "-t", help=_("Title of every occurrence."))],
    every: Annotated[
        str,
        typer.Option(
            help=_('"setiap Senin", "every 2 weeks", "Senin pertama setiap bulan", or an RRULE.')
        ),
    ],
    from_: Annotated[
        str | None, typer.Option("--from", help=_("First possible day (default today)."))
    ] = None,
    until: Annotated[str | None, typer.Option(help=_("Last possible day."))] = None,
    count: Annotated[
        int | None, typer.Option(help=_("Number of occurrences."), min=1, max=200)
    ] = None,
    kind: Annotated[str, typer.Option(help=_("Meeting kind."))] = "rakor",
    venue: Annotated[str | None, typer.Option(help=_("Usual venue."))] = None,
    time: Annotated[str | None, typer.Option(help=_('Usual start time, e.g. "09.00".'))] = None,
    host: Annotated[str | None, typer.Option(help=_("Host agency (default: this office)."))] = None,
    json_out: JsonOpt = False,
) -> None:
    from kpukoord.language import dates
    from kpukoord.records import series as series_mod

    start = dates.parse_day(from_, what="--from") if from_ else dates.today()
    end = dates.parse_day(until, what="--until") if until else None
    zone = None
    t = None
    if time:
        t, zone = dates.parse_time(time)
    db = _common.db()
    series_id, made = series_mod.plan(
        db,
        title=title,
        every=every,
        start=start,
        until=end,
        count=count,
        kind=kind,
        venue=venue,
        time=t,
        timezone=zone,
        host=host,
    )
    rows = series_mod.occurrences_of(db, series_id)
    if json_out:
        _common.emit_json(
            {"series": series_id, "created": made, "meetings": [r["id"] for r in rows]}
        )
        return
    _common.say(series_id)
    _common.note(
        ngettext(
            "{n} planned occurrence created", "{n} planned occurrences created", len(made)
        ).format(n=len(made))
        + (
            _(", {n} already there").format(n=len(rows) - len(made))
            if len(rows) > len(made)
            else ""
        )
        + (f": {rows[0]['start_date']} … {rows[-1]['start_date']}" if rows else "")
    )


MINUTES_FORMATS = ("docx", "html", "markdown", "text", "terminal")


@app.command(
    "minutes",
    help=_(
        """The notulen, ready to sign: kop, hari/tanggal, waktu, tempat, pimpinan, peserta, agenda, pembahasan, keputusan, tindak lanjut, and the signatures of pimpinan rapat and notulis.

Example: kpukoord meeting minutes 01J2AB --format docx --number 12/PL.02-NT/7322/2023 -o notulen.docx"""
    ),
)
def minutes(
    meeting: MeetingArg,
    format: Annotated[
        str, format_option(_("docx, html, markdown, text or terminal."))
    ] = "markdown",
    number: Annotated[
        str | None, typer.Option("--number", help=_("The notulen's number (Nomor: ...)."))
    ] = None,
    place: Annotated[
        str | None,
        typer.Option("--place", help=_("Place of signing (default: a dotted space to fill in).")),
    ] = None,
    output: OutputOpt = None,
) -> None:

    from kpukoord.cli import _documents
    from kpukoord.errors import NotFound
    from kpukoord.language import dates
    from kpukoord.records import meetings
    from kpukoord.timetables import schedules
    from kpukoord.views import minutes as minutes_mod

    _documents.check_format(format, MINUTES_FORMATS, output)
    from kpukoord.language import text

    for flag, value in (("--number", number), ("--place", place)):
        if value is not None:  # the text rule of every typed field (ESC broke the docx)
            text.check(value, flag)
    db, row = _common.found(meetings.find, meeting)
    rec = meetings.record(db, row)
    regulations: dict[str, str] = {}
    for code in {s["ref"].split(":", 1)[0] for s in rec["stages"]}:
        try:
            regulations[code] = schedules.cited_as(schedules.find(db, code))
        except NotFound:
            regulations[code] = code
    from kpukoord.records import office as office_mod

    doc = minutes_mod.build(
        rec,
        office=db.office()["name"] or "",
        address=office_mod.address(db) or "",
        number=number,
        place=place,
        regulations=regulations,
        today=dates.today(),
    )
    _documents.write_document(doc, format, output)


from kpukoord.cli import meeting_news as _news  # noqa: E402  (draft, berita)

app.registered_commands += _news.app.registered_commands
