"""The database: one SQLite file, its schema, transactions and row helpers.

This module knows nothing of the command line. It opens (and creates) the
file, applies schema migrations, and offers the few generic operations every
record needs: insert with convergence columns, update, soft delete, and
lookup by id prefix. The domain modules (agencies, meetings, schedules, ...)
hold the SQL for their own records on top of it.

Convergence: every row has a TEXT ULID ``id``, the ``origin`` office id,
``created_at``/``updated_at`` in UTC (ISO 8601, ``Z``) and ``deleted_at`` for
soft deletes, so files from many offices can be merged later.

Speed: sqlite-utils is imported only when a migration has to run; the schema
version is read from ``PRAGMA user_version`` on every open, which is cheap.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from kpukoord.errors import Ambiguous, DatabaseError, NotFound
from kpukoord.ids import new_id

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
BUSY_TIMEOUT_MS = 60_000


def now_utc() -> str:
    """The current time as stored: '2024-07-05T01:02:03.123Z'."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def default_path() -> Path:
    """--db, else env KPUKOORD_DB, else the platform's user data directory."""
    env = os.environ.get("KPUKOORD_DB", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("kpukoord", appauthor=False) / "kpukoord.db"


def _ident(name: str) -> str:
    if not _IDENT.match(name):  # table and column names only ever come from our code
        raise ValueError(f"bad identifier {name!r}")
    return name


Row = dict[str, Any]


class Database:
    """An open kpukoord database. Use :meth:`atomic` around every write."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path).expanduser()
        if str(self.path) != ":memory:":
            self._prepare_file(create)
        try:
            self.conn = sqlite3.connect(
                str(self.path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.path}: cannot open database ({exc})") from None
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode not in ("wal", "memory"):  # pragma: no cover - e.g. a network filesystem
                self.conn.execute("PRAGMA journal_mode = DELETE")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            from kpukoord.migrations import ensure_schema

            ensure_schema(self)
            self.office_id = self.meta("office_id") or ""
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise DatabaseError(f"{self.path}: not a usable kpukoord database ({exc})") from None
        except BaseException:
            self.conn.close()
            raise

    def _prepare_file(self, create: bool) -> None:
        parent = self.path.parent
        if not parent.is_dir():
            raise DatabaseError(f"{self.path}: directory {parent} does not exist")
        if self.path.is_dir():
            raise DatabaseError(f"{self.path}: is a directory, not a database file")
        if not self.path.exists():
            if not create:
                raise DatabaseError(f"{self.path}: no database here (run 'kpukoord init')")
            try:  # owner-only from the first byte: the file holds people's names
                os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                pass  # another process created it first; fine
            except OSError as exc:
                raise DatabaseError(
                    f"{self.path}: cannot create database ({exc.strerror})"
                ) from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """One write transaction: all of it happens, or none of it.

        Takes the write lock up front (BEGIN IMMEDIATE) so concurrent writers
        wait for each other (busy timeout) instead of failing on a lock
        upgrade. Nested blocks become savepoints.
        """
        if self.conn.in_transaction:
            name = f"sp_{new_id()}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise DatabaseError(f"{self.path}: database is busy ({exc}); try again") from None
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    # -- queries -----------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        row = self.conn.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row is not None else None

    def meta(self, key: str) -> str | None:
        """Local, per-file settings (this office's id); never merged."""
        return self.scalar("SELECT value FROM _kpukoord WHERE key = ?", [key])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO _kpukoord (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # -- generic row operations ----------------------------------------------

    def insert(self, table: str, values: Row, *, id: str | None = None) -> str:
        stamp = now_utc()
        row: Row = {
            "id": id or new_id(),
            "origin": self.office_id,
            "created_at": stamp,
            "updated_at": stamp,
        }
        row.update(values)
        cols = ", ".join(_ident(c) for c in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(
            f"INSERT INTO {_ident(table)} ({cols}) VALUES ({marks})",  # noqa: S608
            list(row.values()),
        )
        return str(row["id"])

    def update(self, table: str, id: str, values: Row) -> None:
        if not values:
            return
        values = {**values, "updated_at": now_utc()}
        sets = ", ".join(f"{_ident(c)} = ?" for c in values)
        self.conn.execute(
            f"UPDATE {_ident(table)} SET {sets} WHERE id = ?",  # noqa: S608
            [*values.values(), id],
        )

    def soft_delete(self, table: str, id: str) -> None:
        stamp = now_utc()
        self.conn.execute(
            f"UPDATE {_ident(table)} SET deleted_at = ?, updated_at = ? "  # noqa: S608
            "WHERE id = ? AND deleted_at IS NULL",
            [stamp, stamp, id],
        )

    def get(self, table: str, id: str) -> Row | None:
        return self.one(f"SELECT * FROM {_ident(table)} WHERE id = ?", [id])  # noqa: S608

    def by_prefix(self, table: str, prefix: str, what: str, label: str = "id") -> Row:
        """The one live row whose id starts with prefix (case-insensitive)."""
        p = prefix.strip().upper()
        if len(p) < 4:
            raise NotFound(f"{what} id {prefix!r} is too short: give at least 4 characters")
        rows = self.query(
            f"SELECT * FROM {_ident(table)} WHERE id >= ? AND id < ? "  # noqa: S608
            "AND deleted_at IS NULL ORDER BY id LIMIT 11",
            [p, p + "\uffff"],
        )
        if not rows:
            raise NotFound(f"no {what} with id {prefix!r}")
        if len(rows) > 1:
            names = [f"{r['id']} {r.get(label, '')}" for r in rows[:10]]
            raise Ambiguous(
                f"{what} id {prefix!r} matches {len(rows)}{'+' if len(rows) > 10 else ''} "
                f"records: {'; '.join(names)}",
                names,
            )
        return rows[0]

    # -- this office -------------------------------------------------------------

    def office(self) -> Row:
        row = self.get("office", self.office_id)
        assert row is not None
        return row
