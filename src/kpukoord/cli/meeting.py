"""kpukoord meeting: record a coordination meeting in under a minute, find it later."""

from pathlib import Path
from typing import Annotated, Any

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import JsonOpt

app = typer.Typer(no_args_is_help=True, help="Meetings: rakor, kunjungan, supervisi, bimtek...")


_FLAG = {
    "title": "--title",
    "date": "--date",
    "kind": "--kind",
    "time": "--time",
    "timezone": "--timezone",
    "venue": "--venue",
    "host": "--host",
    "chair": "--chair",
    "attendees": "--attendee",
    "notes": "--note",
    "decisions": "--decision",
    "actions": "--action",
    "source": "--source",
    "status": "--status",
    "stages": "--stage",
    "opened_by": "--opened-by",
    "speakers": "--speaker",
    "notulis": "--notulis",
    "groups": "--group",
    "points": "--point",
    "directives": "--directive",
    "awards": "--award",
    "figures": "--figure",
    "regulations": "--regulation",
}

# Who did what, and what was said: the same options (and file keys) for add and edit.
_PERSON = "NAME or 'NAME; agency=AGENCY; position=TITLE; divisi=D'"
ChairOpt = Annotated[
    str | None, typer.Option("--chair", help=f"Who chaired (pimpinan rapat): {_PERSON}.")
]
OpenedByOpt = Annotated[
    str | None, typer.Option("--opened-by", help=f"Who opened it (dibuka oleh): {_PERSON}.")
]
SpeakerOpt = Annotated[
    list[str] | None,
    typer.Option("--speaker", help=f"A speaker (narasumber; repeatable): {_PERSON}."),
]
NotulisOpt = Annotated[
    str | None, typer.Option("--notulis", help=f"Who took the minutes: {_PERSON}.")
]
GroupOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--group",
        help="Collective attendees (repeatable): "
        "'Ketua PPK se-Kabupaten Luwu Timur; kind=ppk; count=11'.",
    ),
]
NoteOpt = Annotated[
    list[str] | None,
    typer.Option("--note", help="Notes (catatan); repeat it for more paragraphs."),
]
PointOpt = Annotated[
    list[str] | None,
    typer.Option("--point", help="A point of discussion (pembahasan): 'TEXT; by=PERSON'."),
]
DirectiveOpt = Annotated[
    list[str] | None, typer.Option("--directive", help="A directive (arahan): 'TEXT; by=PERSON'.")
]
AwardOpt = Annotated[
    list[str] | None,
    typer.Option("--award", help="An award or appreciation: 'TEXT; agency=AGENCY; by=PERSON'."),
]
FigureOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--figure",
        help="A figure reported: 'TEXT; value=12; from=11; agency=AGENCY; by=PERSON'.",
    ),
]


def _raw(params: dict[str, Any]) -> dict[str, Any]:
    """The field values a command was given as flags, under their file keys
    (``--note`` → ``notes``), leaving out what was not given."""
    out = {}
    for key, flag in _FLAG.items():
        value = params.get(flag[2:].replace("-", "_"))
        if value:
            out[key] = value
    return out


def _flag_locator(*path: Any) -> str:
    if not path:
        return "meeting"
    return _FLAG.get(str(path[0]), f"--{path[0]}")


def _load_file(path: str) -> list[tuple[dict[str, Any], Any]]:
    """[(raw meeting, locator)] from a YAML/JSON file holding one meeting or a list."""
    from kpukoord import yamlfile
    from kpukoord.errors import FileProblems

    text, name = _common.read_text(path)
    doc = yamlfile.load(text, name)
    if doc.data is None:
        raise FileProblems([f"{name}:1: the file is empty"])
    if isinstance(doc.data, list):
        return [(raw, doc.sub(i).where) for i, raw in enumerate(doc.data)]
    return [(doc.data, doc.where)]


@app.command("add")
def add(
    title: Annotated[
        str | None, typer.Option("--title", "-t", help="What the meeting was.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", help='As written: "Jumat-Sabtu 5-6 Juli 2024", "13/2/2023", "besok".'
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help="rakor (default), rapat-kerja, kunjungan, supervisi, monev, bimtek, "
            "sosialisasi, audiensi, pleno, coffee-morning, fgd, pelantikan, other."
        ),
    ] = None,
    time: Annotated[
        str | None, typer.Option(help='Start time: "09.00 WITA", "pukul 13.00".')
    ] = None,
    timezone: Annotated[
        str | None, typer.Option(help="WIB, WITA or WIT (default: the office's).")
    ] = None,
    venue: Annotated[str | None, typer.Option(help="Where it took place.")] = None,
    host: Annotated[str | None, typer.Option(help="Hosting agency (default: this office).")] = None,
    chair: ChairOpt = None,
    opened_by: OpenedByOpt = None,
    speaker: SpeakerOpt = None,
    notulis: NotulisOpt = None,
    attendee: Annotated[
        list[str] | None,
        typer.Option(
            "--attendee",
            "-a",
            help='Repeatable: "AGENCY" or "AGENCY; person=NAME; position=TITLE".',
        ),
    ] = None,
    group: GroupOpt = None,
    note: NoteOpt = None,
    point: PointOpt = None,
    directive: DirectiveOpt = None,
    decision: Annotated[list[str] | None, typer.Option(help="A decision (repeatable).")] = None,
    award: AwardOpt = None,
    figure: FigureOpt = None,
    action: Annotated[
        list[str] | None,
        typer.Option(help='A follow-up (repeatable): "TEXT; owner=AGENCY; due=DATE".'),
    ] = None,
    stage: Annotated[
        list[str] | None,
        typer.Option(help='A stage it concerned (repeatable): "coklit" or "pkpu-2-2024:coklit".'),
    ] = None,
    regulation: Annotated[
        list[str] | None,
        typer.Option(help='A regulation it cited (repeatable): "PKPU 7/2022".'),
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source URL (news, minutes).")] = None,
    status: Annotated[
        str | None, typer.Option(help="planned, held or cancelled (default: by date).")
    ] = None,
    new_agencies: Annotated[
        bool, typer.Option("--new-agencies", help="Create attendee agencies that are unknown.")
    ] = False,
    series: Annotated[
        str | None,
        typer.Option(
            help="Record an occurrence of a planned series (title or id): it becomes held."
        ),
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from-file", "-f", help="YAML or JSON file with the same fields ('-' for stdin)."
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Record a meeting with its attendees, decisions and follow-ups.

    Example: kpukoord meeting add --title "Rakor persiapan Pilkada 2024" --date "Jumat-Sabtu 5-6 Juli 2024" --venue "Hotel The ZHM Premiere Padang" --attendee "Bawaslu Sijunjung" --attendee "Polres Sijunjung" --decision "Sosialisasi coklit ke masyarakat" --action "Laporan coklit; owner=KPU Sijunjung; due=24 Juli 2024" --stage coklit
    """
    from kpukoord import meetings
    from kpukoord.errors import UsageError

    given = _raw(locals())
    if from_file:
        if given:
            raise UsageError(
                f"use either --from-file or field options, not both ({', '.join(_FLAG[k] for k in given)})"
            )
        items = _load_file(from_file)
    else:
        given["title"] = _common.require(title, "--title", "Title")
        given["date"] = _common.require(date, "--date", "Date (e.g. 5 Juli 2024)")
        items = [(given, _flag_locator)]

    drafts = [meetings.draft_from_raw(raw, where) for raw, where in items]
    db = _common.db()
    with db.atomic():
        if series:
            from kpukoord import series as series_mod

            srow = series_mod.find(db, series)
            ids = [
                meetings.record_occurrence(db, srow, d, new_agencies=new_agencies) for d in drafts
            ]
        else:
            ids = [
                meetings.add(db, d, new_agencies=new_agencies, id=_file_id(db, raw, where("id")))
                for d, (raw, where) in zip(drafts, items, strict=True)
            ]
    if json_out:
        recs = [meetings.record(db, meetings.find(db, i)) for i in ids]
        _common.emit_json(recs[0] if len(recs) == 1 and not from_file else recs)
    else:
        for i in ids:
            _common.say(i)


def _file_id(db: Any, raw: dict[str, Any], where: str) -> str | None:
    from kpukoord import meetings
    from kpukoord.errors import KpuError

    ident = meetings.file_id(db, raw.get("id") if isinstance(raw, dict) else None, where)
    if ident and db.get("meeting", ident):
        raise KpuError(
            f"{where}: meeting {ident} already exists; 'kpukoord import meetings' updates it"
        )
    return ident


@app.command("list")
def list_(
    from_: Annotated[str | None, typer.Option("--from", help="On or after this date.")] = None,
    to: Annotated[str | None, typer.Option(help="On or before this date.")] = None,
    agency: Annotated[str | None, typer.Option(help="Hosted or attended by this agency.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind.")] = None,
    status: Annotated[str | None, typer.Option(help="planned, held or cancelled.")] = None,
    stage: Annotated[
        str | None, typer.Option(help="Linked to this stage (name or CODE:KEY).")
    ] = None,
    regulation: Annotated[
        str | None, typer.Option(help='Citing this regulation, e.g. "PKPU 7/2022".')
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            min=0, help="At most this many, newest first (table default 50; 0 means all)."
        ),
    ] = None,
    all_rows: Annotated[bool, typer.Option("--all", help="Every matching meeting.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """List meetings, newest first. Filters combine.

    The table shows the first 50 and says how many more there are; --json gives
    every match unless --limit is given.

    Example: kpukoord meeting list --agency Bawaslu --from "1 Juli 2024" --to "31 Juli 2024"
    """
    from kpukoord import agencies, meetings, stages

    db = _common.db()
    start, end = _common.window(from_, to)
    agency_id = agencies.find(db, agency)["id"] if agency else None
    stage_ids = None
    if stage:
        stage_ids = stages.matching_ids(db, stage)  # coklit: the coklit of every election
    rows, total = meetings.list_page(
        db,
        start=start,
        end=end,
        agency_id=agency_id,
        kind=kind,
        status=status,
        stage_ids=stage_ids,
        regulation=regulation,
        limit=_common.page_limit(limit, all_rows, json_out),
    )
    more = _common.more_line(total, len(rows))
    _common.emit_list(
        json_out,
        meetings.records(db, rows),
        lambda t: t.meeting_table(rows, title=f"{total} meetings"),
        more,
    )


@app.command("show")
def show(
    meeting: Annotated[str, typer.Argument(help="Meeting id (a unique prefix is enough).")],
    lang: Annotated[str, typer.Option(help="id or en, for dates.")] = "id",
    json_out: JsonOpt = False,
) -> None:
    """Show one meeting in full.

    Example: kpukoord meeting show 01J2AB
    """
    from kpukoord import meetings

    db = _common.db()
    rec = meetings.record(db, meetings.find(db, meeting))
    _common.emit(json_out, rec, lambda t: t.meeting_detail(rec, lang))


@app.command("edit")
def edit(
    meeting: Annotated[str, typer.Argument(help="Meeting id (prefix).")],
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    date: Annotated[str | None, typer.Option(help="New date or range.")] = None,
    kind: Annotated[str | None, typer.Option(help="New kind.")] = None,
    time: Annotated[str | None, typer.Option(help="New start time.")] = None,
    timezone: Annotated[str | None, typer.Option(help="New time zone.")] = None,
    venue: Annotated[str | None, typer.Option(help="New venue.")] = None,
    host: Annotated[str | None, typer.Option(help="New host agency.")] = None,
    chair: ChairOpt = None,
    opened_by: OpenedByOpt = None,
    speaker: SpeakerOpt = None,
    notulis: NotulisOpt = None,
    group: GroupOpt = None,
    note: NoteOpt = None,
    point: PointOpt = None,
    directive: DirectiveOpt = None,
    award: AwardOpt = None,
    figure: FigureOpt = None,
    source: Annotated[str | None, typer.Option(help="New source URL.")] = None,
    status: Annotated[str | None, typer.Option(help="planned, held or cancelled.")] = None,
    attendee: Annotated[
        list[str] | None, typer.Option("--attendee", "-a", help="Add an attendee.")
    ] = None,
    decision: Annotated[list[str] | None, typer.Option(help="Add a decision.")] = None,
    action: Annotated[list[str] | None, typer.Option(help="Add a follow-up.")] = None,
    stage: Annotated[list[str] | None, typer.Option(help="Link a stage.")] = None,
    regulation: Annotated[list[str] | None, typer.Option(help="Cite a regulation.")] = None,
    new_agencies: Annotated[
        bool, typer.Option("--new-agencies", help="Create unknown agencies.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Change a meeting, or add attendees, decisions, follow-ups and stages to it.

    Example: kpukoord meeting edit 01J2AB --status held --decision "Distribusi logistik H-3"
    """
    from kpukoord import meetings

    db = _common.db()
    row = meetings.find(db, meeting)
    raw = _raw(locals())
    draft = meetings.draft_from_raw(raw, _flag_locator, partial=True)
    meetings.update(db, row, draft, new_agencies=new_agencies)
    rec = meetings.record(db, meetings.find(db, row["id"]))
    _common.emit(json_out, rec, f"updated {rec['id']} {rec['title']}")


@app.command("remove")
def remove(meeting: Annotated[str, typer.Argument(help="Meeting id (prefix).")]) -> None:
    """Remove a meeting (a soft delete; it can be merged and audited later).

    Example: kpukoord meeting remove 01J2AB
    """
    from kpukoord import meetings

    db = _common.db()
    row = meetings.find(db, meeting)
    meetings.remove(db, row)
    _common.say(f"removed {row['id']} {row['title']}")


@app.command("plan")
def plan(
    title: Annotated[str, typer.Option("--title", "-t", help="Title of every occurrence.")],
    every: Annotated[
        str,
        typer.Option(
            help='"setiap Senin", "every 2 weeks", "Senin pertama setiap bulan", or an RRULE.'
        ),
    ],
    from_: Annotated[
        str | None, typer.Option("--from", help="First possible day (default today).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Last possible day.")] = None,
    count: Annotated[
        int | None, typer.Option(help="Number of occurrences.", min=1, max=200)
    ] = None,
    kind: Annotated[str, typer.Option(help="Meeting kind.")] = "rakor",
    venue: Annotated[str | None, typer.Option(help="Usual venue.")] = None,
    time: Annotated[str | None, typer.Option(help='Usual start time, e.g. "09.00".')] = None,
    host: Annotated[str | None, typer.Option(help="Host agency (default: this office).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Plan a recurring meeting: one planned meeting per occurrence.

    Planning the same series again adds only the missing occurrences. Record a
    held occurrence with 'meeting add --series TITLE --date DATE ...'.

    Example: kpukoord meeting plan --title "Rakor mingguan" --every "setiap Senin" --from "8 Juli 2024" --until "30 September 2024" --time 09.00
    """
    from kpukoord import dates
    from kpukoord import series as series_mod

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
        f"{len(made)} planned occurrence(s) created"
        + (f", {len(rows) - len(made)} already there" if len(rows) > len(made) else "")
        + (f": {rows[0]['start_date']} … {rows[-1]['start_date']}" if rows else "")
    )


@app.command("minutes")
def minutes(
    meeting: Annotated[str, typer.Argument(help="Meeting id (prefix).")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="docx, html, markdown, text or terminal.")
    ] = "markdown",
    number: Annotated[
        str | None, typer.Option("--number", help="The notulen's number (Nomor: ...).")
    ] = None,
    place: Annotated[
        str | None,
        typer.Option("--place", help="Place of signing (default: a dotted space to fill in)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
) -> None:
    """The notulen, ready to sign: kop, hari/tanggal, waktu, tempat, pimpinan, peserta, agenda,
    pembahasan, keputusan, tindak lanjut, and the signatures of pimpinan rapat and notulis.

    Example: kpukoord meeting minutes 01J2AB --format docx --number 12/PL.02-NT/7322/2023 -o notulen.docx
    """

    import sys

    from kpukoord import dates, meetings, schedules
    from kpukoord.errors import NotFound, UsageError
    from kpukoord.views import minutes as minutes_mod
    from kpukoord.views.document import WRITERS as writers

    if format not in writers and format not in ("docx", "terminal"):
        raise UsageError(
            f"unknown format {format!r}; choose docx, html, markdown, text or terminal"
        )
    if format == "docx" and output is None and sys.stdout.isatty():
        raise UsageError("docx is a binary file: give -o FILE (or redirect stdout)")
    db = _common.db()
    rec = meetings.record(db, meetings.find(db, meeting))
    regulations: dict[str, str] = {}
    for code in {s["ref"].split(":", 1)[0] for s in rec["stages"]}:
        try:
            regulations[code] = schedules.find(db, code)["regulation"] or code
        except NotFound:
            regulations[code] = code
    doc = minutes_mod.build(
        rec,
        office=db.office()["name"],
        number=number,
        place=place,
        regulations=regulations,
        today=dates.today(),
    )
    if format == "docx":
        from kpukoord.views.docx import to_docx

        _common.write_output(to_docx(doc), output)
    elif format == "terminal" and output is None:
        from kpukoord.views.document import to_rich

        _common.show(to_rich(doc))
    elif format == "terminal":
        raise UsageError("--format terminal draws on the screen; choose another format for -o")
    else:
        _common.write_output(writers[format](doc), output)
