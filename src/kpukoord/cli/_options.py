"""Options that many commands share, defined once."""

from typing import Annotated

import typer

from kpukoord.i18n import _

JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of a table."))]
FromOpt = Annotated[
    str | None, typer.Option("--from", help=_("On or after this date (as written: 1 Juli 2024)."))
]
ToOpt = Annotated[str | None, typer.Option("--to", help=_("On or before this date."))]
