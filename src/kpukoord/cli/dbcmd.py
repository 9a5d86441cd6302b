"""kpukoord db: where the database is, and keeping it healthy."""

from __future__ import annotations

import typer

from kpukoord.cli import _common

app = typer.Typer(no_args_is_help=True, help="The database file: location, backups, checks.")


@app.command("path")
def path() -> None:
    """Print the database file in use (from --db, KPUKOORD_DB or the default)."""
    _common.say(str(_common.STATE.path()))
