"""kpukoord db: where the database is, and keeping it healthy."""

from pathlib import Path
from typing import Annotated

import typer

from kpukoord.cli import _common

app = typer.Typer(no_args_is_help=True, help="The database file: location, backups, checks.")


@app.command("path")
def path() -> None:
    """Print the database file in use (from --db, KPUKOORD_DB or the default)."""
    _common.say(str(_common.state().path()))


@app.command("backup")
def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the copy (must not exist).")],
) -> None:
    """Copy the database safely, even while others are writing to it.

    Example: kpukoord db backup /media/usb/kpukoord-2024-07-08.db
    """
    from kpukoord import db as db_mod

    database = _common.db()
    db_mod.backup(database, file)
    _common.say(str(file))


@app.command("check")
def check(json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Check the database: SQLite integrity, foreign keys and kpukoord's own rules.

    Exits 1 if anything is wrong. Example: kpukoord db check
    """
    from kpukoord import db as db_mod
    from kpukoord.errors import KpuError

    database = _common.db()
    problems = db_mod.check(database)
    if json_out:
        _common.emit_json({"ok": not problems, "problems": problems, "path": str(database.path)})
    elif not problems:
        _common.say(f"ok: {database.path}")
    if problems:
        raise KpuError("\n".join(problems if not json_out else [f"{len(problems)} problem(s)"]))


@app.command("reindex")
def reindex() -> None:
    """Rebuild the full-text search index from the records.

    Example: kpukoord db reindex
    """
    from kpukoord.migrations import reindex as rebuild

    n = rebuild(_common.db())
    _common.say(f"indexed {n} documents")
