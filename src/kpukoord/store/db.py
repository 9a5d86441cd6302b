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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kpukoord.errors import Ambiguous, DatabaseError, NotFound
from kpukoord.language.i18n import _
from kpukoord.store import rows as row_rules
from kpukoord.store.ids import new_id

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
BUSY_TIMEOUT_MS = 60_000
REVISED = {"meeting", "action", "stage"}  # tables whose rows count their revisions
# A list's "N more" is counted up to this many: past it the list says "more than
# COUNT_CAP", so the count of a national file costs no more than a small one's.
COUNT_CAP = 10_000
# How a long task says where it is: (what it is doing, done, total or None). The
# command line draws it (kpukoord.cli._progress); a library caller passes nothing.
Progress = Callable[[str, int, "int | None"], None]
# Rows whose derived date differs from their meeting's (the triggers of m014 and m015
# keep them equal): db check's rules, and the tests and benchmark that check them.
LINK_DATES_OFF = (
    "SELECT l.id FROM meeting_stage l JOIN meeting m ON m.id = l.meeting_id "
    "WHERE l.start_date IS NOT m.start_date"
)
HELD_DAYS_OFF = (
    "SELECT t.id FROM attendee t JOIN meeting m ON m.id = t.meeting_id WHERE t.held_on "
    "IS NOT (CASE WHEN m.status = 'held' AND m.deleted_at IS NULL THEN m.start_date END)"
)


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
        self.wrote = False  # a transaction of ours committed changed rows (see close)
        self._savepoints = 0  # nested atomic() blocks, for unique savepoint names
        # The history (m018): this run's change set, named by the command line's entry
        # ('meeting edit'); every transaction of one run files its versions under it.
        self.command = "kpukoord"
        self.change_id: int | None = None
        self._history = False
        self._versions_before: int | None = None
        if str(self.path) != ":memory:":
            self._prepare_file(create)
        try:
            self.conn = sqlite3.connect(
                str(self.path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as exc:
            raise DatabaseError(
                _("{path}: cannot open database ({exc})").format(path=self.path, exc=exc)
            ) from None
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            from kpukoord.store.migrations import check_identity, ensure_schema

            check_identity(self)  # read-only: a foreign or newer file is refused untouched
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode not in ("wal", "memory"):  # pragma: no cover - e.g. a network filesystem
                self.conn.execute("PRAGMA journal_mode = DELETE")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            ensure_schema(self)
            self.office_id = self.meta("office_id") or ""
            self._history = True  # the schema is current: it has the history's tables
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise DatabaseError(
                _("{path}: not a usable kpukoord database ({exc})").format(path=self.path, exc=exc)
            ) from None
        except BaseException:
            self.conn.close()
            raise

    def _prepare_file(self, create: bool) -> None:
        if not create and not self.path.exists():  # a mistyped --db: say so, create nothing
            raise DatabaseError(
                _(
                    "{path}: the database file does not exist; create it with "
                    "'kpukoord init', or check --db and KPUKOORD_DB"
                ).format(path=self.path)
            )
        parent = self.path.parent
        if not parent.is_dir():
            raise DatabaseError(
                _("{path}: directory {parent} does not exist").format(path=self.path, parent=parent)
            )
        if self.path.is_dir():
            raise DatabaseError(
                _("{path}: is a directory, not a database file").format(path=self.path)
            )
        if not create and self._never_initialised():
            raise DatabaseError(
                _(
                    "{path}: this file has no office yet (it was never initialised); "
                    "run 'kpukoord init' first"
                ).format(path=self.path)
            )
        if not self.path.exists():
            try:  # owner-only from the first byte: the file holds people's names
                os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                pass  # another process created it first; fine
            except OSError as exc:
                raise DatabaseError(
                    _("{path}: cannot create database ({strerror})").format(
                        path=self.path, strerror=exc.strerror
                    )
                ) from None

    def _never_initialised(self) -> bool:
        """An existing empty file (touched, or left by an interrupted create): no
        schema, no office. SQLite would happily make one in it."""
        try:
            empty = self.path.is_file() and self.path.stat().st_size == 0
        except OSError:
            return False
        wal = self.path.with_name(self.path.name + "-wal")
        return empty and not (wal.exists() and wal.stat().st_size > 0)

    def close(self) -> None:
        """Close; a connection that wrote first lets SQLite refresh its statistics.

        SQLite recommends ``PRAGMA optimize`` before closing a connection: usually a
        no-op, it runs ANALYZE on tables whose statistics went stale, bounded by
        ``analysis_limit`` so it stays quick on a national file. Commands that only
        read, or whose write failed and rolled back, skip it and leave the file as is.
        """
        try:
            if self.wrote:  # a committed write: a failed command leaves the file as it was
                self.conn.execute("PRAGMA analysis_limit = 400")
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass  # statistics are an optimisation; a busy or read-only file goes without
        finally:
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
            self._savepoints += 1  # a counter: a ULID per savepoint cost a row import 3 %
            name = f"sp_{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self._open():
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise DatabaseError(
                _("{path}: database is busy ({exc}); try again").format(path=self.path, exc=exc)
            ) from None
        created = False
        try:
            created = self._open_change() if self._history else False
            changes = self.conn.total_changes
            yield self
            wrote = self.conn.total_changes > changes
            if self._history:
                self._close_change(created)
            self.conn.execute("COMMIT")  # a failed commit is rolled back like a failed block
        except BaseException:
            if self._open():
                self.conn.execute("ROLLBACK")
            if created:
                self.change_id = None
            raise
        self.wrote = self.wrote or wrote

    def _open(self) -> bool:
        """A transaction is open on a connection that is. A block left by Ctrl-C can be
        finished by the garbage collector after the command closed the database (closing
        rolled it back): then there is nothing to roll back, and no error to print."""
        try:
            return self.conn.in_transaction
        except sqlite3.ProgrammingError:  # closed
            return False

    def _open_change(self) -> bool:
        """Name this run's change set in ``_change_open`` (making it on the run's first
        transaction): the history triggers file every version under it. True if made."""
        created = self.change_id is None
        if created:
            self.change_id = self.conn.execute(
                "INSERT INTO _change (at, command, office) VALUES (?, ?, ?)",
                [now_utc(), self.command, self.office_id],
            ).lastrowid
        self.conn.execute("INSERT INTO _change_open (id) VALUES (?)", [self.change_id])
        # the write lock is ours: every version written until COMMIT is this change set's
        self._versions_before = self.conn.execute("SELECT max(id) FROM _version").fetchone()[0]
        return created

    def _close_change(self, created: bool) -> None:
        """Before COMMIT: close the change set, noting the span of its versions; one that
        recorded nothing is not kept."""
        self.conn.execute("DELETE FROM _change_open")
        before = self._versions_before or 0
        last = self.conn.execute("SELECT max(id) FROM _version").fetchone()[0] or 0
        if last > before:
            self.conn.execute(
                "UPDATE _change SET first_version = coalesce(first_version, ?), "
                "last_version = ? WHERE id = ?",
                [before + 1, last, self.change_id],
            )
        elif created:
            self.conn.execute("DELETE FROM _change WHERE id = ?", [self.change_id])
            self.change_id = None

    # -- queries -----------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        row = self.conn.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row is not None else None

    def count_upto(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = (), cap: int = COUNT_CAP
    ) -> int:
        """The number of rows ``sql`` returns, counted up to ``cap + 1`` (more than
        ``cap`` rows: ``cap + 1``), so a count stops early on a large file."""
        return int(self.scalar(f"SELECT count(*) FROM ({sql} LIMIT {int(cap) + 1})", params))  # noqa: S608 (callers pass fixed clauses)

    def meta(self, key: str) -> str | None:
        """Local, per-file settings (this office's id); never merged."""
        return self.scalar("SELECT value FROM _kpukoord WHERE key = ?", [key])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO _kpukoord (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def delete_meta(self, key: str) -> None:
        self.conn.execute("DELETE FROM _kpukoord WHERE key = ?", [key])

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
        row_rules.check(table, values)
        cols = ", ".join(_ident(c) for c in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(
            f"INSERT INTO {_ident(table)} ({cols}) VALUES ({marks})",  # noqa: S608
            list(row.values()),
        )
        return str(row["id"])

    def insert_many(self, table: str, rows: list[Row]) -> None:
        """Insert rows (all with the same keys) in one executemany; ids are made if missing."""
        if not rows:
            return
        stamp = now_utc()
        cols = ["id", "origin", "created_at", "updated_at", *(k for k in rows[0] if k != "id")]
        sql = (
            f"INSERT INTO {_ident(table)} ({', '.join(_ident(c) for c in cols)}) "  # noqa: S608
            f"VALUES ({', '.join('?' for _ in cols)})"
        )
        rest = cols[4:]
        for r in rows:
            row_rules.check(table, r)
        self.conn.executemany(
            sql,
            (
                [r.get("id") or new_id(), self.office_id, stamp, stamp, *(r[c] for c in rest)]
                for r in rows
            ),
        )

    def update(self, table: str, id: str, values: Row) -> None:
        if not values:
            return
        row_rules.check(table, values)
        values = {**values, "updated_at": now_utc()}
        sets = ", ".join(f"{_ident(c)} = ?" for c in values)
        if table in REVISED:  # calendars see the change (ICS SEQUENCE)
            sets += ", revision = revision + 1"
        self.conn.execute(
            f"UPDATE {_ident(table)} SET {sets} WHERE id = ?",  # noqa: S608
            [*values.values(), id],
        )

    def soft_delete(self, table: str, id: str) -> None:
        stamp = now_utc()
        bump = ", revision = revision + 1" if table in REVISED else ""
        self.conn.execute(
            f"UPDATE {_ident(table)} SET deleted_at = ?, updated_at = ?{bump} "  # noqa: S608
            "WHERE id = ? AND deleted_at IS NULL",
            [stamp, stamp, id],
        )

    def get(self, table: str, id: str) -> Row | None:
        return self.one(f"SELECT * FROM {_ident(table)} WHERE id = ?", [id])  # noqa: S608

    def by_prefix(self, table: str, prefix: str, what: str, label: str = "id") -> Row:
        """The one live row whose id starts with prefix (case-insensitive)."""
        p = prefix.strip().upper()
        if len(p) < 4:
            raise NotFound(
                _("{what} id {prefix!r} is too short: give at least 4 characters").format(
                    what=what, prefix=prefix
                )
            )
        rows = self.query(
            f"SELECT * FROM {_ident(table)} WHERE id >= ? AND id < ? "  # noqa: S608
            "AND deleted_at IS NULL ORDER BY id LIMIT 11",
            [p, p + "\uffff"],
        )
        if not rows:
            raise NotFound(_("no {what} with id {prefix!r}").format(what=what, prefix=prefix))
        if rows[0]["id"] == p:  # a whole id wins over other ids it is a prefix of
            return rows[0]
        if len(rows) > 1:
            names = [f"{r['id']} {r.get(label, '')}" for r in rows[:10]]
            raise Ambiguous(
                _("{what} id {prefix!r} matches {value0}{value1} records: {value2}").format(
                    what=what,
                    prefix=prefix,
                    value0=len(rows),
                    value1="+" if len(rows) > 10 else "",
                    value2="; ".join(names),
                ),
                names,
            )
        return rows[0]

    # -- this office -------------------------------------------------------------

    def office(self) -> Row:
        row = self.get("office", self.office_id)
        assert row is not None
        return row


# The file's upkeep (backup, db check) lives in kpukoord.store.upkeep, which builds on this
# module; its names stay importable from here, loaded on first use (no import cycle, and
# nothing more for a command that neither backs up nor checks).
_UPKEEP = {"backup", "check", "stored_row_problems", "QUICK_CHECKS", "FULL_CHECKS", "SHOWN_ROWS"}


def __getattr__(name: str) -> Any:
    if name in _UPKEEP:
        from kpukoord.store import upkeep

        return getattr(upkeep, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
