"""kpukoord db: where the database is, and keeping it healthy."""

from pathlib import Path
from typing import Annotated

import typer

from kpukoord.cli import _common, _progress
from kpukoord.cli._options import JsonPlainOpt
from kpukoord.language.i18n import _

app = typer.Typer(no_args_is_help=True, help=_("The database file: location, backups, checks."))


@app.command(
    "path", help=_("""Print the database file in use (from --db, KPUKOORD_DB or the default).""")
)
def path() -> None:
    _common.say(str(_common.state().path()))


@app.command(
    "backup",
    help=_(
        """Copy the database safely, even while others are writing to it.

Example: kpukoord db backup /media/usb/kpukoord-2024-07-08.db"""
    ),
)
def backup(
    file: Annotated[Path, typer.Argument(help=_("Where to write the copy (must not exist)."))],
) -> None:
    from kpukoord.store import db as db_mod

    database = _common.db()
    with _progress.meter() as meter:
        db_mod.backup(database, file, progress=meter)
    _common.say(str(file))


@app.command(
    "check",
    help=_(
        """Check the database: SQLite's quick_check, foreign keys, the search index and
kpukoord's own rules (--full: the slower, complete integrity_check).

Says which checks ran; exits 1 with one line per finding if anything is wrong.
Example: kpukoord db check"""
    ),
)
def check(
    full: Annotated[
        bool,
        typer.Option(
            "--full", help=_("SQLite's whole integrity_check and the search index against records.")
        ),
    ] = False,
    json_out: JsonPlainOpt = False,
) -> None:
    from kpukoord.errors import KpuError
    from kpukoord.store import db as db_mod

    database = _common.db()
    with _progress.meter(json_out) as meter:
        problems = db_mod.check(database, full=full, progress=meter)
    ran = ", ".join(_(c) for c in (db_mod.FULL_CHECKS if full else db_mod.QUICK_CHECKS))
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
        _common.say(_("ok: {path} ({checks})").format(path=database.path, checks=ran))
    else:
        _common.note(_("checked {path}: {checks}").format(path=database.path, checks=ran))
    if problems:
        raise KpuError("\n".join(problems if not json_out else [f"{len(problems)} problem(s)"]))


@app.command(
    "reindex",
    help=_(
        """Rebuild the full-text search index from the records.

Example: kpukoord db reindex"""
    ),
)
def reindex() -> None:
    from kpukoord.store.migrations import reindex as rebuild

    n = rebuild(_common.db())
    _common.say(_("indexed {n} documents").format(n=n))


@app.command(
    "compact-history",
    help=_(
        """Drop the history's versions made before a date, all or nothing.

The records stay as they are; only what they were before that date is
forgotten, and undo cannot reach past it. Asks first, unless --yes.

Example: kpukoord db compact-history --before 2025-01-01 --yes"""
    ),
)
def compact_history(
    before: Annotated[
        str, typer.Option("--before", help=_("Drop change sets made before this day (UTC)."))
    ],
    yes: Annotated[bool, typer.Option("--yes", help=_("Do not ask for confirmation."))] = False,
    json_out: JsonPlainOpt = False,
) -> None:
    from kpukoord.errors import KpuError
    from kpukoord.store import history

    day = _common.day(before, "--before")
    assert day is not None
    database = _common.db()
    stamp = day.isoformat()
    planned = history.compact(database, stamp, dry_run=True)
    if not yes:
        if not _common.interactive():
            raise KpuError(
                _("compact-history drops {n} change sets for good: add --yes to confirm").format(
                    n=planned["changes"]
                )
            )
        if not typer.confirm(
            _("Drop {n} change sets ({versions} versions) made before {day}?").format(
                n=planned["changes"], versions=planned["versions"], day=stamp
            )
        ):
            raise KpuError(_("nothing was dropped"))
    done = history.compact(database, stamp)
    if json_out:
        _common.emit_json({**done, "before": stamp})
    else:
        _common.say(
            _("dropped {n} change sets ({versions} versions) made before {day}").format(
                n=done["changes"], versions=done["versions"], day=stamp
            )
        )
