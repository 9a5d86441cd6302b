"""kpukoord date: check how a date is understood before saving it."""

from typing import Annotated

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import JsonPlainOpt
from kpukoord.language.i18n import _

app = typer.Typer(no_args_is_help=True, help=_("Check how kpukoord reads Indonesian dates."))


@app.command(
    "parse",
    help=_(
        """Show how TEXT is understood: start, end, time (and end time) and zone.

Example: kpukoord date parse "Selasa s.d Kamis (26-28/09/2023)\""""
    ),
)
def parse(
    text: Annotated[
        str, typer.Argument(help=_('The date as written, e.g. "Jumat-Sabtu 5-6 Juli 2024".'))
    ],
    json_out: JsonPlainOpt = False,
) -> None:
    from kpukoord.language import dates

    parsed = dates.parse(text).as_dict()
    _common.emit(json_out, parsed, lambda t: t.parsed_date(text, parsed))
