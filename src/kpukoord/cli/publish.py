"""kpukoord publish: the file for other tools (Datasette's metadata)."""

from pathlib import Path
from typing import Annotated

import typer

from kpukoord.cli import _common, _progress
from kpukoord.i18n import _

app = typer.Typer(no_args_is_help=True, help=_("Publish the database read-only with Datasette."))


@app.command(
    "metadata",
    help=_(
        """Datasette metadata: Indonesian titles, search on meetings, canned queries.

Then serve the file read-only on the office network:
datasette serve --immutable FILE -m metadata.yml -h 0.0.0.0

Example: kpukoord publish metadata --file sulsel-publik.db -o metadata.yml"""
    ),
)
def metadata(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=_("Write to this file (default: stdout)."))
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help=_(
                "The file Datasette will serve (e.g. a 'db backup' copy); its name is the "
                "database's name in Datasette. Default: this database."
            ),
        ),
    ] = None,
) -> None:
    from kpukoord import publish

    with _progress.meter() as meter:
        meter(_("writing Datasette metadata"), 0)
        text = publish.to_yaml(publish.metadata(_common.db(), file.stem if file else None))
    _common.write_output(text, output)
