"""Schema migrations, in order. Never edit a released migration: add a new one.

The migration set is sqlite-utils' ``Migrations`` (it records what ran in
``_sqlite_migrations``). After a run, ``PRAGMA user_version`` is set to the
number of migrations, so opening an up-to-date file costs one pragma and
sqlite-utils is not even imported. A file whose version is newer than this
code knows is refused rather than touched. Before migrating a file that
already holds data, a backup copy is written beside it.

The steps' SQL lives in ``migration_steps`` (m001-m012) and ``migration_steps_2``
(m013 on, and ``REINDEX``); this module applies them and keeps exporting every name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kpukoord.errors import DatabaseError
from kpukoord.language.i18n import _
from kpukoord.store.migration_steps import FIRST, Step
from kpukoord.store.migration_steps_2 import REINDEX, SECOND

if TYPE_CHECKING:
    from kpukoord.store.db import Database

# Every migration, in order: (name, SQL script), or (name, function of the connection).
MIGRATIONS: list[tuple[str, Step]] = [*FIRST, *SECOND]
LATEST = len(MIGRATIONS)

# What callers import from here, the steps' names included (the SQL moved, the names did not).
__all__ = [
    "LATEST",
    "MIGRATIONS",
    "REINDEX",
    "Step",
    "check_identity",
    "ensure_schema",
    "reindex",
    "restored_version",
]


def _is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def restored_version(conn: sqlite3.Connection) -> int | None:
    """The schema of a file restored from ``sqlite3 .dump`` (which loses user_version):
    read from the migrations table, or None when it is not a kpukoord file."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"_kpukoord", "_sqlite_migrations"} <= names:
        return None
    applied = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'kpukoord'"
        )
    }
    version = 0
    for name, _step in MIGRATIONS:
        if name not in applied:
            break
        version += 1
    return version or None


def check_identity(db: Database) -> None:
    """Refuse, without writing anything, a file that is not ours or is newer than us."""
    conn = db.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST:
        raise DatabaseError(
            _(
                "{path}: written by a newer kpukoord (schema {version}; this version knows up to {LATEST}). Upgrade kpukoord; the file was not touched"
            ).format(path=db.path, version=version, LATEST=LATEST)
        )
    if version == 0 and not _is_empty(conn) and restored_version(conn) is None:
        raise DatabaseError(
            _("{path}: not a kpukoord database; the file was not touched").format(path=db.path)
        )
    if (
        version > 0
        and not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_kpukoord'"
        ).fetchone()
    ):
        raise DatabaseError(
            _("{path}: not a kpukoord database; the file was not touched").format(path=db.path)
        )


def ensure_schema(db: Database) -> None:
    """Create or upgrade the schema of an open database."""
    conn = db.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == LATEST:
        return
    check_identity(db)
    if version == 0 and not _is_empty(conn):  # restored from a dump: it says its schema
        version = restored_version(conn) or 0
        conn.execute(f"PRAGMA user_version = {version:d}")
        if version == LATEST:
            return
    if version > 0:
        # A copy before migrating, taken outside the write transaction: the backup
        # API cannot copy from a connection that holds one.
        _backup_before_migration(db, version)
    with db.atomic():  # the write lock: a second process waits, then sees the new version
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == LATEST:
            return
        if version == 0 and not _is_empty(conn):
            raise DatabaseError(
                _("{path}: not a kpukoord database; the file was not touched").format(path=db.path)
            )
        _apply(db)
        # the history's triggers follow the tables as any migration left them (m019
        # made them; one that adds columns or tables after it needs nothing more)
        from kpukoord.store import history

        history.ensure_triggers(conn)
        if version < 17:  # rows written before search (m004) or its meeting parts (m017)
            for statement in _statements(REINDEX):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {LATEST:d}")
        if db.scalar("SELECT value FROM _kpukoord WHERE key = 'office_id'") is None:
            from kpukoord.store.db import now_utc
            from kpukoord.store.ids import new_id

            office_id = new_id()
            stamp = now_utc()
            conn.execute(
                "INSERT INTO office (id, origin, created_at, updated_at) VALUES (?, ?, ?, ?)",
                [office_id, office_id, stamp, stamp],
            )
            # the file's own creation is where its history begins, not a change in it
            conn.execute("DELETE FROM _version WHERE row_id = ? AND change_id IS NULL", [office_id])
            db.set_meta("office_id", office_id)


def reindex(db: Database) -> int:
    """Rebuild the derived full-text index from the tables; return the documents indexed."""
    with db.atomic():
        for statement in _statements(REINDEX):
            db.conn.execute(statement)
    return int(db.scalar("SELECT count(*) FROM _search_doc"))


def _backup_before_migration(db: Database, version: int) -> None:
    from kpukoord.store.db import now_utc

    stamp = now_utc().replace(":", "").replace("-", "")[:15]
    target = db.path.with_name(f"{db.path.name}.v{version}-{stamp}.bak")
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    target.chmod(0o600)


def _apply(db: Database) -> None:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

    migrations = Migrations("kpukoord")
    for name, script in MIGRATIONS:
        migrations(name=name)(_runner(script))
    migrations.apply(sqlite_utils.Database(db.conn))


def _runner(script: Step) -> Callable[[Any], None]:
    def run(sdb: Any) -> None:
        if callable(script):
            script(sdb.conn)
            return
        # executescript() would COMMIT our transaction; run statement by statement.
        for statement in _statements(script):
            sdb.conn.execute(statement)

    return run


def _statements(script: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
