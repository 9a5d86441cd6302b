"""kpukoord meeting draft / berita: from the office's news item to the record, and back.

Their commands join the ``meeting`` group in :mod:`kpukoord.cli.meeting` (which imports
this module, never the other way round); kept apart so the drafter's imports
(trafilatura for web pages) never load for other commands.
"""

from pathlib import Path
from typing import Annotated

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import MeetingArg, OutputOpt, format_option
from kpukoord.language.i18n import _

app = typer.Typer()  # its commands are added to the meeting group's


@app.command(
    "draft",
    help=_(
        """Draft a meeting file from a news report (text or a saved web page; '-' for stdin).

Nothing is stored: the draft is YAML for 'meeting add --from-file', each value under the sentence it came from, unmatched names listed as comments.

Example: kpukoord meeting draft berita-rakor.html -o rakor.yaml"""
    ),
)
def draft(
    file: Annotated[str, typer.Argument(help=_("The report: a .txt or .html file, or '-'."))],
    published: Annotated[
        str | None,
        typer.Option(
            "--published", help=_("The report's publication date, when the file has none.")
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    from kpukoord.language import dates
    from kpukoord.news import draft as draft_mod
    from kpukoord.news import source, yamlout

    day = dates.parse_day(published, what="--published") if published else None
    article = source.load(file, published=day)
    db = _common.db()
    drafted = draft_mod.draft(db, article)
    name = "<stdin>" if file == "-" else Path(file).name
    src = article.publisher
    if src and article.published:
        src = f"{src}, {dates.format_date(article.published, weekday=False)}"
    _common.write_output(yamlout.write(drafted, name=name, source=src), output)


BERITA_FORMATS = ("text", "markdown", "html", "docx")


@app.command(
    "berita",
    help=_(
        """Draft the office's news item (berita) of a meeting, from the record only.

Example: kpukoord meeting berita 01J2AB --format html -o berita.html"""
    ),
)
def berita(
    meeting: MeetingArg,
    format: Annotated[str, format_option(_("text, markdown, html or docx."))] = "text",
    output: OutputOpt = None,
) -> None:
    from kpukoord.cli import _documents
    from kpukoord.records import meetings
    from kpukoord.views import berita as berita_mod

    _documents.check_format(format, BERITA_FORMATS, output)
    db, row = _common.found(meetings.find, meeting)
    rec = meetings.record(db, row)
    doc = berita_mod.build(rec, office=db.office()["name"])
    _documents.write_document(doc, format, output)
