"""Options that many commands share, defined once."""

from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
FromOpt = Annotated[
    str | None, typer.Option("--from", help="On or after this date (as written: 1 Juli 2024).")
]
ToOpt = Annotated[str | None, typer.Option("--to", help="On or before this date.")]
