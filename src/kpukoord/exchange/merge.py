"""Merging offices' files into this one: a province's (or KPU RI's) rollup.

Each office keeps its own file and sends a copy (``kpukoord db backup``). Merging
reads that copy (never writing to it) and brings its rows into this database:

- a row is known by its id (ULIDs; official stages have deterministic ids, so the
  same stage imported by many offices is one row) and belongs to the office that
  wrote it (``origin``);
- a new row is added; a newer copy of a known row (later ``updated_at``, then a
  higher ``revision`` where the table counts them) replaces it, soft deletes
  included; an older or equal copy changes nothing, so merging is idempotent
  and the order of files does not matter;
- rows this database wrote itself are never touched by a merge;
- the same real agency created by several offices (same region, a name or alias
  with the same lookup key, see :mod:`kpukoord.language.names`) is kept once: the other
  offices' ids are mapped to it in ``_merge_map`` and every reference to them
  (attendees, follow-up owners, positions, hosts, parents) is written as the
  kept agency, so lists and reports show it once; a later merge finds it by the
  mapped id. A name that matches more than one agency is reported and kept
  separate, never guessed;
- a file with a newer schema is refused; an older one is read through a
  migrated temporary copy;
- one transaction for the whole run: a broken file means nothing is merged;
- every row is checked as typed input is (:mod:`kpukoord.store.rows`: text without
  escape sequences, dates, zones, kinds, JSON, length caps), speaks only for the
  office that sent the file (or one that its own merges record), and was not
  changed in the future: a file with any other row is refused whole, naming file,
  table, id and column, or, with ``skip_invalid``, merged without those rows and
  the rows that depend on them (as git's ``transfer.fsckObjects`` checks every
  object it fetches).

The full-text index is kept by the tables' triggers, as for any other write.
Reading and checking an office's file is :mod:`kpukoord.exchange.merge_source`;
this module writes what passes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpukoord.errors import FileProblems, KpuError
from kpukoord.exchange import merge_source
from kpukoord.exchange.merge_source import SHOWN_PROBLEMS
from kpukoord.language.i18n import _, ngettext
from kpukoord.store import rows as row_rules
from kpukoord.store.db import Database, Progress, now_utc
from kpukoord.store.rows import Table as _Table
from kpukoord.store.rows import tables as _tables

__all__ = ["SHOWN_PROBLEMS", "FileResult", "merge", "version_order"]


@dataclass
class FileResult:
    """What one file brought: per table, rows added, updated, removed and unchanged."""

    file: str
    office: str | None
    origin: str
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    matched: list[dict[str, str]] = field(default_factory=list)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # rows left out, and why

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "office": self.office,
            "origin": self.origin,
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "matched": self.matched,
            "ambiguous": self.ambiguous,
            "skipped": self.skipped,
        }

    def changed(self) -> bool:
        counts = (self.added, self.updated, self.removed)
        return any(any(c.values()) for c in counts) or bool(self.matched)


class _DryRun(Exception):
    """Raised at the end of a dry run to roll the transaction back."""


def merge(
    db: Database,
    paths: list[str | Path],
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Merge the files into db, all or nothing; with dry_run, only report.

    A file with a row that breaks the rules is refused (FileProblems naming each);
    with skip_invalid the other rows are merged and the result lists those left out.
    ``progress`` hears which file is being read and how many of its rows so far.
    """
    if not paths:
        raise KpuError(_("no files to merge"))
    files = [merge_source.check_path(db, p) for p in paths]
    results: list[FileResult] = []
    with tempfile.TemporaryDirectory(prefix="kpukoord-merge-") as tmp:
        merger = _Merger(db, skip_invalid=skip_invalid)
        try:
            with db.atomic():
                merger.load()
                for i, (shown, path) in enumerate(files):
                    with merge_source.open_source(shown, path, Path(tmp) / f"{i}.db") as src:
                        try:
                            results.append(
                                merger.merge_file(shown, src, _file_progress(progress, i, files))
                            )
                        except sqlite3.Error as exc:
                            raise KpuError(
                                _("{shown}: {exc}; nothing was merged").format(shown=shown, exc=exc)
                            ) from None
                if dry_run:
                    raise _DryRun
                if any(r.changed() for r in results):
                    # fresh statistics for the planner: a merged file is many times larger
                    db.conn.execute("PRAGMA analysis_limit = 1000")
                    db.conn.execute("ANALYZE")
        except _DryRun:
            pass
    return results


def _file_progress(
    progress: Progress | None, i: int, files: list[tuple[str, Path]]
) -> Callable[[int], None] | None:
    """Rows read of the i-th file: "menggabungkan (2/3, 12000 baris) FILE" (a long
    file name is what a narrow terminal cuts)."""
    if progress is None:
        return None
    shown = Path(files[i][0]).name
    progress(
        _("merging ({n}/{total}) {file}").format(file=shown, n=i + 1, total=len(files)),
        i,
        len(files),
    )

    def rows(n: int) -> None:
        what = ngettext(
            "merging ({n}/{total}, {rows} row) {file}",
            "merging ({n}/{total}, {rows} rows) {file}",
            n,
        ).format(file=shown, n=i + 1, total=len(files), rows=n)
        progress(what, i, len(files))

    return rows


class _Merger:
    def __init__(self, db: Database, *, skip_invalid: bool = False) -> None:
        self.db = db
        self.skip_invalid = skip_invalid
        self.now = dt.datetime.now(dt.UTC)
        self.checkers: dict[str, row_rules.Checker] = {}
        self.own = db.office_id
        self.tables: list[_Table] = []
        self.map: dict[str, str] = {}  # mapped agency id -> kept agency id
        self.index: dict[tuple[str | None, str], set[str]] = {}  # (region, key) -> agency ids
        self.by_key: dict[str, set[str]] = {}  # key -> agency ids, whatever their region
        self.agency_keys: dict[str, tuple[str | None, list[str]]] = {}
        self.staged: set[str] = set()

    # -- set-up --------------------------------------------------------------

    def load(self) -> None:
        self.tables = _tables(self.db.conn)
        self.checkers = {
            t.name: row_rules.checker(t.name, t.columns, t.required) for t in self.tables
        }
        self.map = dict(self.db.conn.execute("SELECT from_id, to_id FROM _merge_map").fetchall())
        for id, region, lookup in self.db.conn.execute(
            "SELECT id, region, lookup FROM agency WHERE deleted_at IS NULL"
        ):
            self._index_add(id, region, lookup)

    def _index_add(self, id: str, region: str | None, lookup: str) -> None:
        keys = [k for k in lookup.split("|") if k]
        self.agency_keys[id] = (region, keys)
        for k in keys:
            self.index.setdefault((region, k), set()).add(id)
            self.by_key.setdefault(k, set()).add(id)

    def _index_drop(self, id: str) -> None:
        region, keys = self.agency_keys.pop(id, (None, []))
        for k in keys:
            self.index.get((region, k), set()).discard(id)
            self.by_key.get(k, set()).discard(id)

    # -- one file ------------------------------------------------------------

    def merge_file(
        self, shown: str, src: sqlite3.Connection, rows: Callable[[int], None] | None = None
    ) -> FileResult:
        meta = src.execute("SELECT value FROM _kpukoord WHERE key = 'office_id'").fetchone()
        origin = meta[0] if meta else ""
        if not origin:
            raise KpuError(_("{shown}: has no office id; nothing was merged").format(shown=shown))
        if origin == self.own:
            raise KpuError(
                _("{shown}: is a copy of this database's own office; nothing was merged").format(
                    shown=shown
                )
            )
        result = FileResult(shown, merge_source.office_name(src, origin), origin)
        src_tables = {
            r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        speaks_for = {origin}  # the sender, and the offices its own merges record
        if "_merge_origin" in src_tables:
            speaks_for |= {
                r[0]
                for r in src.execute("SELECT origin FROM _merge_origin")
                if isinstance(r[0], str)
            }
        last_change: dict[str, str] = {}
        left_out: dict[str, set[str]] = {}
        read = 0
        for table in self.tables:
            for k in ("added", "updated", "removed", "unchanged"):
                getattr(result, k)[table.name] = 0
            if table.name not in src_tables:
                continue
            for batch in merge_source.batches(src, table):
                good = merge_source.checked_rows(
                    self.checkers[table.name],
                    table,
                    batch,
                    speaks_for,
                    left_out,
                    result.skipped,
                    self.now,
                )
                if len(result.skipped) >= merge_source.ENOUGH_PROBLEMS and not self.skip_invalid:
                    raise FileProblems(merge_source.refusal(shown, result.skipped, complete=False))
                if good:
                    self._merge_batch(table, good, result, last_change)
                if rows:
                    read += len(batch)
                    rows(read)
        if result.skipped and not self.skip_invalid:
            raise FileProblems(merge_source.refusal(shown, result.skipped))
        self._record_origins(src, shown, last_change)
        return result

    def _merge_batch(
        self,
        table: _Table,
        batch: list[tuple[Any, ...]],
        result: FileResult,
        last_change: dict[str, str],
    ) -> None:
        name = table.name
        cols = table.columns
        rows = [self._mapped(table, r) for r in batch]
        marks = ",".join("?" * len(rows))
        existing = {
            r[0]: tuple(r)
            for r in self.db.conn.execute(
                f"SELECT {', '.join(cols)} FROM {name} WHERE id IN ({marks})",  # noqa: S608
                [r[0] for r in rows],
            )
        }
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        repoint: list[tuple[str, str, str]] = []  # (origin, removed kept agency, its own)
        counts = {"added": 0, "updated": 0, "removed": 0, "unchanged": 0}
        for row in rows:
            origin, updated_at, deleted_at = row[1], row[3], row[4]
            if updated_at > last_change.get(origin, ""):
                last_change[origin] = updated_at
            old = existing.get(row[0])
            if old is None:
                if origin == self.own:  # ours, removed here for good: never brought back
                    counts["unchanged"] += 1
                    continue
                if name == "agency" and row[0] in self.map:
                    kept = self.map[row[0]]
                    if self.db.scalar("SELECT deleted_at FROM agency WHERE id = ?", [kept]) is None:
                        counts["unchanged"] += 1  # kept as another office's agency
                        continue
                    # the kept agency was removed by its office: this office's own
                    # agency comes back (or is matched anew), and its rows point to it
                    self.db.conn.execute("DELETE FROM _merge_map WHERE from_id = ?", [row[0]])
                    del self.map[row[0]]
                    repoint.append((origin, kept, row[0]))
                if name == "agency" and deleted_at is None and self._match(row, result):
                    pass
                else:
                    inserts.append(row)
                    if deleted_at is None:
                        counts["added"] += 1
                        if name == "agency":
                            self._index_add(row[0], row[_col(cols, "region")], row[_lookup(cols)])
                continue
            if old == row or old[1] == self.own or not _newer(table, row, old):
                counts["unchanged"] += 1
                continue
            updates.append(row)
            if deleted_at is not None and old[4] is None:
                counts["removed"] += 1
            else:
                counts["updated"] += 1
            if name == "agency":
                self._index_drop(row[0])
                if deleted_at is None:
                    self._index_add(row[0], row[_col(cols, "region")], row[_lookup(cols)])
        if inserts:
            self._insert(table, inserts)
        for origin, gone, own in repoint:
            self._repoint(origin, gone, self.map.get(own, own))
        if updates:
            self._update(table, updates)
        for k, n in counts.items():
            getattr(result, k)[name] += n

    def _repoint(self, origin: str, old: str, new: str) -> None:
        """An office's references to agency old, written as new (its rows only)."""
        for t in self.tables:
            for i in t.agency_refs:
                col = t.columns[i]
                self.db.conn.execute(
                    f"UPDATE {t.name} SET {col} = ? WHERE {col} = ? AND origin = ?",  # noqa: S608
                    [new, old, origin],
                )

    def _stage(self, table: _Table, rows: list[tuple[Any, ...]]) -> str:
        """The rows in a temporary table of the same columns; its name."""
        cols = ", ".join(table.columns)
        stage = f"temp._merge_{table.name}"
        if table.name not in self.staged:
            self.db.conn.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS _merge_{table.name} AS SELECT {cols} "  # noqa: S608
                f"FROM main.{table.name} WHERE 0"
            )
            self.staged.add(table.name)
        self.db.conn.execute(f"DELETE FROM {stage}")  # noqa: S608
        self.db.conn.executemany(
            f"INSERT INTO {stage} ({cols}) VALUES ({', '.join('?' * len(table.columns))})",  # noqa: S608
            rows,
        )
        return stage

    def _insert(self, table: _Table, rows: list[tuple[Any, ...]]) -> None:
        """Insert rows in one statement (through a temporary table).

        The full-text index's triggers then fire within one statement: FTS5 writes
        its pending terms once per statement, where one INSERT per row would write
        (and merge) a tiny index segment for every row, five times slower.
        """
        cols = ", ".join(table.columns)
        stage = self._stage(table, rows)
        self.db.conn.execute(
            f"INSERT INTO main.{table.name} ({cols}) SELECT {cols} FROM {stage} ORDER BY rowid"  # noqa: S608
        )

    def _update(self, table: _Table, rows: list[tuple[Any, ...]]) -> None:
        """Replace rows by their newer copies, in one statement where SQLite can (3.33+)."""
        name = table.name
        if sqlite3.sqlite_version_info < (3, 33, 0):  # pragma: no cover - old system SQLite
            sets = ", ".join(f"{c} = ?" for c in table.columns[1:])
            self.db.conn.executemany(
                f"UPDATE {name} SET {sets} WHERE id = ?",  # noqa: S608
                [(*r[1:], r[0]) for r in rows],
            )
            return
        stage = self._stage(table, rows)
        sets = ", ".join(f"{c} = s.{c}" for c in table.columns[1:])
        self.db.conn.execute(
            f"UPDATE main.{name} SET {sets} FROM {stage} AS s WHERE main.{name}.id = s.id"  # noqa: S608
        )

    def _mapped(self, table: _Table, row: tuple[Any, ...]) -> tuple[Any, ...]:
        if not table.agency_refs or not self.map:
            return tuple(row)
        out = list(row)
        for i in table.agency_refs:
            if out[i] in self.map:
                out[i] = self.map[out[i]]
        return tuple(out)

    def _match(self, row: tuple[Any, ...], result: FileResult) -> bool:
        """Map a new agency to the one live agency that is the same; True if mapped."""
        cols = self.tables_by_name("agency").columns
        region = row[_col(cols, "region")]
        keys = [k for k in row[_lookup(cols)].split("|") if k]
        found: set[str] = set()
        for k in keys:
            found |= self.index.get((region, k), set())
        if not found and region is None:
            # an agency an office added without a region ('meeting add --new-agencies'):
            # the one agency of that name, whatever its region ("KPU Provinsi Sulawesi
            # Selatan" named by Gowa is the province's own); several: listed, not kept
            for k in keys:
                found |= self.by_key.get(k, set())
        # An office never has two live agencies of one name: a match of its own is a
        # stale copy of a row it has since removed, not the same agency.
        found = {
            f
            for f in found
            if self.db.scalar("SELECT origin FROM agency WHERE id = ?", [f]) != row[1]
        }
        name = row[_col(cols, "name")]
        if len(found) == 1:
            kept = found.pop()
            kept_name = self.db.scalar("SELECT name FROM agency WHERE id = ?", [kept])
            self.db.conn.execute(
                "INSERT INTO _merge_map (from_id, to_id, origin, name, merged_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [row[0], kept, row[1], name, now_utc()],
            )
            self.map[row[0]] = kept
            result.matched.append({"id": row[0], "name": name, "kept_id": kept, "kept": kept_name})
            return True
        if len(found) > 1:
            cands = self.db.query(
                f"SELECT id, name FROM agency WHERE id IN ({','.join('?' * len(found))}) "  # noqa: S608
                "ORDER BY name, id",
                sorted(found),
            )
            result.ambiguous.append(
                {"id": row[0], "name": name, "region": region, "matches": cands}
            )
        return False

    def tables_by_name(self, name: str) -> _Table:
        return next(t for t in self.tables if t.name == name)

    def _record_origins(self, src: sqlite3.Connection, shown: str, last: dict[str, str]) -> None:
        stamp = now_utc()
        for origin, change in last.items():
            if origin == self.own:
                continue
            self.db.conn.execute(
                "INSERT INTO _merge_origin (origin, office, file, merged_at, last_change) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(origin) DO UPDATE SET "
                "office = coalesce(excluded.office, office), file = excluded.file, "
                "merged_at = excluded.merged_at, "
                "last_change = excluded.last_change "
                "WHERE excluded.last_change > coalesce(last_change, '')",
                [origin, merge_source.office_name(src, origin), shown, stamp, change],
            )


def _col(cols: list[str], name: str) -> int:
    return cols.index(name)


def _lookup(cols: list[str]) -> int:
    return cols.index("lookup")


def version_order(
    new_stamp: str | None,
    old_stamp: str | None,
    new_revision: int | None = None,
    old_revision: int | None = None,
) -> int:
    """The one rule for "which copy of a row is newer": the later ``updated_at``, then
    the higher revision. Negative: the incoming copy is older than the stored one (it
    is never applied, by merge or by import); 0: as new; positive: newer. A copy with
    no stamp (a hand-made file) is not older than anything."""
    if new_stamp and old_stamp and new_stamp != old_stamp:
        return -1 if new_stamp < old_stamp else 1
    if new_revision is not None and old_revision is not None:
        return (new_revision > old_revision) - (new_revision < old_revision)
    return 0


def _newer(table: _Table, new: tuple[Any, ...], old: tuple[Any, ...]) -> bool:
    rev = table.revision
    return (
        version_order(
            new[3],
            old[3],
            None if rev is None else (new[rev] or 0),
            None if rev is None else (old[rev] or 0),
        )
        > 0
    )
