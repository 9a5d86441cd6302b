"""An office's file as merge reads it: found, opened read-only (an older schema through
a migrated copy), read in batches (parents first where a table refers to itself), each
row checked as typed input is, and a refused file's lines of problems.

:mod:`kpukoord.exchange.merge` writes what passes into this database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kpukoord.errors import KpuError
from kpukoord.language import text
from kpukoord.language.i18n import _
from kpukoord.store import rows as row_rules
from kpukoord.store.db import Database
from kpukoord.store.migrations import LATEST
from kpukoord.store.rows import Table as _Table

BATCH = 1000
SHOWN_PROBLEMS = 20  # rows named in a refusal; the rest are counted
ENOUGH_PROBLEMS = 1000  # a file refused: reading stops after this many (a file of junk)


def check_path(db: Database, p: str | Path) -> tuple[str, Path]:
    """(the file as messages name it, its path); refused when missing, a folder, or
    this database itself."""
    shown = str(p)
    path = Path(p).expanduser()
    if not path.exists():
        raise KpuError(_("{shown}: no such file; nothing was merged").format(shown=shown))
    if path.is_dir():
        raise KpuError(_("{shown}: is a directory; nothing was merged").format(shown=shown))
    if str(db.path) != ":memory:" and path.resolve() == db.path.resolve():
        raise KpuError(
            _("{shown}: is this database itself; nothing was merged").format(shown=shown)
        )
    return shown, path


@contextlib.contextmanager
def open_source(shown: str, path: Path, scratch: Path) -> Iterator[sqlite3.Connection]:
    """The file, read-only; an older schema through a migrated copy in scratch."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        ours = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_kpukoord'"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise KpuError(
            _("{shown}: not a readable SQLite database ({exc}); nothing was merged").format(
                shown=shown, exc=exc
            )
        ) from None
    try:
        if version > LATEST:
            raise KpuError(
                _(
                    "{shown}: written by a newer kpukoord (schema {version}; this version knows up to {LATEST}); nothing was merged and the file was not touched"
                ).format(shown=shown, version=version, LATEST=LATEST)
            )
        if version == 0 or not ours:
            raise KpuError(
                _("{shown}: not a kpukoord database; nothing was merged").format(shown=shown)
            )
        if version < LATEST:
            conn = _migrated_copy(shown, conn, scratch)
        conn.row_factory = None
        yield conn
    finally:
        conn.close()


def _migrated_copy(shown: str, conn: sqlite3.Connection, scratch: Path) -> sqlite3.Connection:
    dest = sqlite3.connect(str(scratch))
    try:
        conn.backup(dest)
    except sqlite3.Error as exc:
        raise KpuError(
            _("{shown}: cannot copy it ({exc}); nothing was merged").format(shown=shown, exc=exc)
        ) from None
    finally:
        dest.close()
        conn.close()
    try:
        Database(scratch).close()  # migrates the copy; the original stays as it was
    except KpuError as exc:
        reason = exc.message.replace(str(scratch), "copy")
        raise KpuError(
            _("{shown}: cannot upgrade a copy of it ({reason}); nothing was merged").format(
                shown=shown, reason=reason
            )
        ) from None
    return sqlite3.connect(str(scratch))


def checked_rows(
    check: row_rules.Checker,
    table: _Table,
    batch: list[tuple[Any, ...]],
    speaks_for: set[str],
    left_out: dict[str, set[str]],
    skipped: list[dict[str, str]],
    now: dt.datetime,
) -> list[tuple[Any, ...]]:
    """The rows of a batch that obey the rules (``check``: the table's typed-input
    rules), speak for an office the file speaks for, were not changed after ``now``
    and refer to no row left out; each problem of the others in ``skipped``, their
    ids in ``left_out``."""
    good: list[tuple[Any, ...]] = []
    for row in batch:
        found = check(row)
        if not found:
            if row[1] not in speaks_for:
                found.append(("origin", _("a row of another office; this file speaks for its own")))
            wrong = row_rules.future_problem(row[3], now)
            if wrong:
                found.append(("updated_at", wrong))
            for i, ref in table.refs:
                if row[i] is not None and row[i] in left_out.get(ref, ()):
                    found.append(
                        (
                            table.columns[i],
                            _("refers to {table} {id}, which is left out").format(
                                table=ref, id=shown_id(row[i])
                            ),
                        )
                    )
        if not found:
            good.append(row)
            continue
        left_out.setdefault(table.name, set()).add(row[0])
        for column, problem in found:
            skipped.append(
                {
                    "table": table.name,
                    "id": shown_id(row[0]),
                    "column": column,
                    "problem": problem,
                }
            )
    return good


def office_name(src: sqlite3.Connection, origin: str) -> str | None:
    """An office's name as its file gives it, if it obeys the rules (else unnamed)."""
    row = src.execute("SELECT name FROM office WHERE id = ?", [origin]).fetchone()
    name = row[0] if row else None
    if name is None or row_rules.problem("office", "name", name) is not None:
        return None
    return str(name)


def shown_id(value: Any) -> str:
    """An id as an error line may show it: printable and short, whatever the file held."""
    return text.visible(str(value))[:40]


def refusal(shown: str, skipped: list[dict[str, str]], *, complete: bool = True) -> list[str]:
    lines = [
        _("{file}: {table} {id}: {column}: {problem}").format(file=shown, **s)
        for s in skipped[:SHOWN_PROBLEMS]
    ]
    if len(skipped) > SHOWN_PROBLEMS:
        n = len(skipped) - SHOWN_PROBLEMS
        lines.append(
            _("{file}: and {n} more problems").format(file=shown, n=n)
            if complete
            else _("{file}: and over {n} more problems (reading stopped there)").format(
                file=shown, n=n
            )
        )
    lines.append(
        _("{file}: refused whole, nothing was merged; --skip-invalid merges the other rows").format(
            file=shown
        )
    )
    return lines


def batches(src: sqlite3.Connection, table: _Table) -> Iterator[list[tuple[Any, ...]]]:
    sql = f"SELECT {', '.join(table.columns)} FROM {table.name}"  # noqa: S608
    if table.self_ref is not None:  # small tables (agencies, stages): parents first
        yield from _chunks(_parents_first(src.execute(sql).fetchall(), table.self_ref))
        return
    cur = src.execute(sql + " ORDER BY rowid")
    while True:
        rows = cur.fetchmany(BATCH)
        if not rows:
            return
        yield rows


def _chunks(rows: list[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i : i + BATCH]


def _parents_first(rows: list[tuple[Any, ...]], ref: int) -> list[tuple[Any, ...]]:
    by_id = {r[0]: r for r in rows}
    out: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for r in rows:
        chain = []
        while r is not None and r[0] not in seen:
            seen.add(r[0])
            chain.append(r)
            r = by_id.get(r[ref])  # type: ignore[assignment]
        out.extend(reversed(chain))
    return out
