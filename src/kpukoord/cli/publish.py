"""kpukoord publish: the file for other tools (Datasette's metadata)."""

import json
from pathlib import Path
from typing import Annotated

import typer

from kpukoord.cli import _common, _progress
from kpukoord.cli._options import StdoutOpt, format_option
from kpukoord.language.i18n import _

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
    output: StdoutOpt = None,
    format: Annotated[
        str | None,
        format_option(
            _("yaml or json (default: by the extension of --output, else yaml)."),
            show_default=False,
        ),
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
    from kpukoord.errors import UsageError
    from kpukoord.exchange import publish

    if format is None:  # by the file's extension; YAML on stdout
        format = "json" if output and output.suffix.lower() == ".json" else "yaml"
    format = format.lower()
    if format not in ("yaml", "json"):
        raise UsageError(_("unknown format {format!r}; choose yaml or json").format(format=format))
    with _progress.meter() as meter:
        meter(_("writing Datasette metadata"), 0)
        data = publish.metadata(_common.db(), file.stem if file else None)
    if format == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = publish.to_yaml(data)
    _common.write_output(text, output)
