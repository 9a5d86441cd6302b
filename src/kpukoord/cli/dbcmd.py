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
def check(
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="SQLite's whole integrity_check and the search index against records."
        ),
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check the database: SQLite's quick_check, foreign keys, the search index and
    kpukoord's own rules (--full: the slower, complete integrity_check).

    Says which checks ran; exits 1 with one line per finding if anything is wrong.
    Example: kpukoord db check
    """
    from kpukoord import db as db_mod
    from kpukoord.errors import KpuError

    database = _common.db()
    problems = db_mod.check(database, full=full)
    ran = ", ".join(db_mod.FULL_CHECKS if full else db_mod.QUICK_CHECKS)
    if json_out:
        _common.emit_json(
            {
                "ok": not problems,
                "problems": problems,
                "path": str(database.path),
                "checks": db_mod.FULL_CHECKS if full else db_mod.QUICK_CHECKS,
            }
        )
    elif not problems:
        _common.say(f"ok: {database.path} ({ran})")
    else:
        _common.note(f"checked {database.path}: {ran}")
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
