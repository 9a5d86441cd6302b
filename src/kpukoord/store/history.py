"""Every change kept: the history of each record, and undo (issue 28).

How it is kept: SQLite triggers of our own, made by migration m019 from the tables'
actual columns (``PRAGMA table_info``), write one ``_version`` row for every row
inserted, changed or deleted — the previous values as a JSON object — whoever writes
the file. kpukoord's own runs open a change set (``_change``: time UTC, command,
office) in :meth:`kpukoord.store.db.Database.atomic` and name it in the one-row table
``_change_open`` for the length of the transaction, so the triggers file each version
under it; a write by another tool (sqlite-utils, Datasette, a script) finds no open
change set and is kept with ``change_id`` NULL: "changed outside the history", which
is what lets :func:`undo` refuse to overwrite it.

Why not sqlite-history or sqlite-chronicle (both by Simon Willison, both trigger
based): sqlite-history (alpha) keeps a shadow table per table, a full copy of the
columns plus a bit mask, keyed by the tracked row's ``rowid`` — our tables' keys are
TEXT ULIDs, and an implicit rowid may change on VACUUM — and has no notion of a
change set (command, time, office) nor of undo; sqlite-chronicle keeps per row only
timestamps, a version counter and a deleted flag (for sync), not previous values, and
writes one row per existing row when enabled (5.5 million on the national file).
Either would still need the change sets and undo below, and a shadow table per table
would have to be re-made by every migration that adds a column. Ours is one narrow
table, one row per written row, previous values only when there were some (an
insert keeps just its id), which is what the size target allows.

Derived data is never history: the search index (``_search_doc``, ``_search``), a
stage link's ``start_date`` (m014) and an attendance's ``held_on`` (m015) are kept
by their own triggers, so their columns are left out of the versions and an undo
restores the record, whose triggers then rebuild them. After a migration that adds
columns or tables, :func:`ensure_triggers` makes the triggers again from the tables
as they are (``migrations.ensure_schema`` calls it after every upgrade).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kpukoord.errors import Ambiguous, KpuError, NotFound
from kpukoord.language.i18n import _, ngettext
from kpukoord.store.history_triggers import DERIVED as DERIVED
from kpukoord.store.history_triggers import KEYED as KEYED
from kpukoord.store.history_triggers import PREFIX as PREFIX
from kpukoord.store.history_triggers import SCHEMA as SCHEMA
from kpukoord.store.history_triggers import drop_triggers as drop_triggers
from kpukoord.store.history_triggers import ensure_triggers as ensure_triggers
from kpukoord.store.history_triggers import migrate as migrate
from kpukoord.store.history_triggers import tracked as tracked
from kpukoord.store.history_triggers import trigger_sql as trigger_sql
from kpukoord.store.history_triggers import wanted_triggers as wanted_triggers

if TYPE_CHECKING:
    from kpukoord.store.db import Database

# (The history's tables and triggers live in history_triggers; their names are kept
# importable from here, above.) What a version's op letter means:
OPS = {"i": "insert", "u": "update", "d": "delete"}


# -- reading it -----------------------------------------------------------------


@dataclass
class Version:
    id: int
    change_id: int | None
    table: str
    row_id: str
    op: str
    old: dict[str, Any] | None
    after: dict[str, Any] | None = None  # the values this version left (None: no row)
    change: dict[str, Any] | None = None

    def changes(self) -> dict[str, list[Any]]:
        """{column: [before, after]} for the columns this version changed."""
        before = self.old or {}
        after = self.after or {}
        keys = list(before) + [k for k in after if k not in before]
        return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}

    def kind(self) -> str:
        """insert, update, remove (a soft delete), restore or delete."""
        if self.op == "u" and self.old is not None and self.after is not None:
            if self.old.get("deleted_at") is None and self.after.get("deleted_at") is not None:
                return "remove"
            if self.old.get("deleted_at") is not None and self.after.get("deleted_at") is None:
                return "restore"
        return OPS[self.op]


def _damaged(vid: int, why: str) -> KpuError:
    return KpuError(
        _(
            "history row {vid} is damaged ({why}); the file was not changed. "
            "Run 'kpukoord db check --full'"
        ).format(vid=vid, why=why)
    )


def _load(row: sqlite3.Row | tuple[Any, ...], tables: dict[str, tuple[str, list[str]]]) -> Version:
    vid, change_id, table, row_id, op, old = tuple(row)
    if table not in tables:
        raise _damaged(vid, _("unknown table {table!r}").format(table=table))
    if op not in OPS:
        raise _damaged(vid, _("unknown operation {op!r}").format(op=op))
    values = None
    if op != "i":
        try:
            values = json.loads(old)
        except (TypeError, ValueError):
            values = None
        cols = tables[table][1]
        if not isinstance(values, dict) or not set(values) <= set(cols) | DERIVED.get(table, set()):
            raise _damaged(vid, _("its previous values cannot be read"))
    return Version(vid, change_id, table, str(row_id), op, values)


def _current(
    db: Database, table: str, row_id: str, tables: dict[str, tuple[str, list[str]]]
) -> dict[str, Any] | None:
    key, cols = tables[table]
    row = db.one(f"SELECT {', '.join(cols)} FROM {table} WHERE {key} = ?", [row_id])  # noqa: S608
    return row


def _fill_after(
    db: Database, versions: list[Version], tables: dict[str, tuple[str, list[str]]]
) -> None:
    """Each version's after-state: the next version's previous values, else the row now."""
    for v in versions:
        nxt = db.conn.execute(
            "SELECT id, change_id, tbl, row_id, op, old FROM _version "
            "WHERE row_id = ? AND tbl = ? AND id > ? ORDER BY id LIMIT 1",
            [v.row_id, v.table, v.id],
        ).fetchone()
        if nxt is None:
            v.after = _current(db, v.table, v.row_id, tables)
        else:
            later = _load(nxt, tables)
            v.after = None if later.op == "i" else later.old


def _change_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "change": row["id"],
        "at": row["at"],
        "command": row["command"],
        "office": row["office"],
        "undoes": row["undoes"],
        "undone_by": row.get("undone_by"),
    }


_CHANGE_SQL = (
    "SELECT c.id, c.at, c.command, c.office, c.undoes, c.first_version, c.last_version, "
    "(SELECT u.id FROM _change u WHERE u.undoes = c.id) AS undone_by FROM _change c"
)


def _span(change: dict[str, Any]) -> tuple[int, int]:
    """The first and last version ids of a change set: its versions lie between them
    (instead of an index on change_id: one b-tree less written for every row)."""
    return int(change["first_version"] or 0), int(change["last_version"] or -1)


ROWS_SHOWN = 20  # rows of one change set listed (its total is counted)


def _version_dict(v: Version) -> dict[str, Any]:
    return {"table": v.table, "id": v.row_id, "op": v.kind(), "changes": v.changes()}


def latest(db: Database, limit: int = 10) -> list[dict[str, Any]]:
    """The latest change sets, newest first, each with (up to 20 of) its rows."""
    tables = tracked(db.conn)
    out = []
    for row in db.query(f"{_CHANGE_SQL} ORDER BY c.id DESC LIMIT ?", [limit]):
        item = _change_dict(row)
        rows = [
            _load(r, tables)
            for r in db.conn.execute(
                "SELECT id, change_id, tbl, row_id, op, old FROM _version "
                "WHERE id BETWEEN ? AND ? AND change_id = ? ORDER BY id LIMIT ?",
                [*_span(row), row["id"], ROWS_SHOWN],
            )
        ]
        _fill_after(db, rows, tables)
        item["rows"] = [_version_dict(v) for v in rows]
        item["rows_total"] = db.scalar(
            "SELECT count(*) FROM _version WHERE id BETWEEN ? AND ? AND change_id = ?",
            [*_span(row), row["id"]],
        )
        out.append(item)
    return out


def record(db: Database, prefix: str) -> dict[str, Any]:
    """Every version of the record whose id starts with prefix, oldest first."""
    p = prefix.strip().upper()
    if len(p) < 4:
        raise NotFound(
            _("record id {prefix!r} is too short: give at least 4 characters").format(prefix=prefix)
        )
    tables = tracked(db.conn)
    found = {
        (r[0], r[1])
        for r in db.conn.execute(
            "SELECT DISTINCT row_id, tbl FROM _version WHERE row_id >= ? AND row_id < ? LIMIT 11",
            [p, p + "\uffff"],
        )
    }
    for table in tables:  # records written before the history began have no version yet
        key = tables[table][0]
        for r in db.conn.execute(
            f"SELECT {key} FROM {table} WHERE {key} >= ? AND {key} < ? LIMIT 11",  # noqa: S608
            [p, p + "\uffff"],
        ):
            found.add((r[0], table))
    exact = {f for f in found if f[0].upper() == p}
    if exact:
        found = exact
    records = {f for f in found if not f[1].startswith("_")}
    if records and len({f[0] for f in found}) == 1:  # an office id is also its merge entry
        found = records
    if not found:
        raise NotFound(_("no record with id {prefix!r}").format(prefix=prefix))
    if len(found) > 1:
        names = sorted(f"{i} ({t})" for i, t in found)[:10]
        raise Ambiguous(
            _("record id {prefix!r} matches {n} records: {names}").format(
                prefix=prefix, n=len(found), names="; ".join(names)
            ),
            names,
        )
    row_id, table = found.pop()
    versions = [
        _load(r, tables)
        for r in db.conn.execute(
            "SELECT id, change_id, tbl, row_id, op, old FROM _version "
            "WHERE row_id = ? AND tbl = ? ORDER BY id",
            [row_id, table],
        )
    ]
    _fill_after(db, versions, tables)
    changes = {
        r["id"]: r
        for r in db.query(
            f"{_CHANGE_SQL} WHERE c.id IN (SELECT change_id FROM _version "  # noqa: S608
            "WHERE row_id = ? AND tbl = ?)",
            [row_id, table],
        )
    }
    items = []
    for v in versions:
        c = changes.get(v.change_id) if v.change_id is not None else None
        base = (
            _change_dict(c)
            if c
            else {
                "change": None,
                "at": None,
                "command": None,
                "office": None,
                "undoes": None,
                "undone_by": None,
            }
        )
        items.append({**base, "op": v.kind(), "changes": v.changes()})
    return {"table": table, "id": row_id, "versions": items}


# -- undo ----------------------------------------------------------------------


@dataclass
class Plan:
    change: dict[str, Any]
    versions: list[Version] = field(default_factory=list)

    def as_dict(self, done: bool) -> dict[str, Any]:
        return {
            **_change_dict(self.change),
            "rows": [_version_dict(v) for v in self.versions[:ROWS_SHOWN]],
            "rows_total": len(self.versions),
            "done": done,
        }


class _DryRun(Exception):
    pass


def target(db: Database) -> dict[str, Any] | None:
    """The change set the next undo reverses: the latest that is not an undo nor undone.

    The one that made the database (``init``) is never undone: without its office the
    file is no kpukoord database (db check says so); remove the file instead."""
    return db.one(
        f"{_CHANGE_SQL} WHERE c.undoes IS NULL AND c.command IS NOT 'init' AND NOT EXISTS "  # noqa: S608
        "(SELECT 1 FROM _change u WHERE u.undoes = c.id) "
        "AND c.id IS NOT (SELECT id FROM _change_open) ORDER BY c.id DESC LIMIT 1"
    )


def _plan(db: Database) -> Plan:
    change = target(db)
    if change is None:
        raise KpuError(_("nothing to undo: the history has no change left to reverse"))
    tables = tracked(db.conn)
    versions = [
        _load(r, tables)
        for r in db.conn.execute(
            "SELECT id, change_id, tbl, row_id, op, old FROM _version "
            "WHERE id BETWEEN ? AND ? AND change_id = ? ORDER BY id",
            [*_span(change), change["id"]],
        )
    ]
    _fill_after(db, versions[:ROWS_SHOWN], tables)  # what is shown; the rest is only undone
    plan = Plan(change, versions)
    # Each row's later versions: only reversed change sets and their undos may follow.
    last: dict[tuple[str, str], Version] = {}
    for v in versions:
        last[(v.table, v.row_id)] = v
    outside: list[str] = []
    for (table, row_id), v in last.items():
        later = db.conn.execute(
            "SELECT v.id, v.change_id, v.tbl, v.row_id, v.op, v.old, c.undoes, "
            "(SELECT 1 FROM _change u WHERE u.undoes = c.id) FROM _version v "
            "LEFT JOIN _change c ON c.id = v.change_id "
            "WHERE v.row_id = ? AND v.tbl = ? AND v.id > ? ORDER BY v.id",
            [row_id, table, v.id],
        ).fetchall()
        changed = any(r[6] is None and r[7] is None for r in later)
        if later and not changed:  # the row must be as this change set left it
            nxt = _load(later[0][:6], tables)
            after = None if nxt.op == "i" else nxt.old
            changed = not _same(after, _current(db, table, row_id, tables))
        if changed:
            outside.append(f"{table} {row_id}")
    if outside:
        raise KpuError(
            ngettext(
                "cannot undo change {change} ({command}): {n} row was changed since, "
                "outside the history: {rows}",
                "cannot undo change {change} ({command}): {n} rows were changed since, "
                "outside the history: {rows}",
                len(outside),
            ).format(
                change=change["id"],
                command=change["command"],
                n=len(outside),
                rows="; ".join(outside[:10]) + (" …" if len(outside) > 10 else ""),
            )
        )
    return plan


# A row's bookkeeping, not its content: an undo moves them on (see _reverse), so a row
# as a reversed change set left it differs from its recorded state only in these.
_BOOKKEEPING = frozenset({"updated_at", "revision"})


def _same(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is b
    return all(a.get(k) == b.get(k) for k in a if k not in _BOOKKEEPING)


def undo(db: Database, *, dry_run: bool = False) -> dict[str, Any]:
    """Reverse the latest change set, all of it or nothing; recorded as a change set."""
    result: dict[str, Any] = {}
    try:
        with db.atomic():
            plan = _plan(db)
            result = plan.as_dict(done=not dry_run)
            if dry_run:
                raise _DryRun
            tables = tracked(db.conn)
            # newest first; runs of one table and operation in one executemany each
            for (table, op), run in itertools.groupby(
                reversed(plan.versions), key=lambda v: (v.table, v.op)
            ):
                _reverse(db, table, op, list(run), tables)
            db.conn.execute(
                "UPDATE _change SET undoes = ? WHERE id = (SELECT id FROM _change_open)",
                [plan.change["id"]],
            )
    except _DryRun:
        pass
    return result


def _reverse(
    db: Database,
    t: str,
    op: str,
    run: list[Version],
    tables: dict[str, tuple[str, list[str]]],
) -> None:
    """Reverse a run of versions of one table and operation, newest first."""
    key, cols = tables[t]
    if op == "i":
        ids = [(v.row_id,) for v in run]
        db.conn.executemany(f"DELETE FROM {t} WHERE {key} = ?", ids)  # noqa: S608
        db.conn.executemany("DELETE FROM _search_doc WHERE src = ?", ids)  # derived
        return
    for names, same in itertools.groupby(
        run, key=lambda v: tuple(k for k in (v.old or {}) if k in cols)
    ):
        if op == "u":
            # The content comes back; the undo is itself a change: updated_at moves on
            # (a province that merged the edit takes the undone row as the newer one) and
            # a revision counts up (a calendar that saw the edit sees a higher SEQUENCE).
            restored = [c for c in names if c not in _BOOKKEEPING]
            sets = [f"{c} = ?" for c in restored]
            from kpukoord.store.db import now_utc

            stamp = [now_utc()] if "updated_at" in cols else []
            sets += ["updated_at = ?"] * len(stamp)
            sets += ["revision = revision + 1"] if "revision" in cols else []
            db.conn.executemany(
                f"UPDATE {t} SET {', '.join(sets)} WHERE {key} = ?",  # noqa: S608
                [[*((v.old or {})[c] for c in restored), *stamp, v.row_id] for v in same],
            )
        else:
            db.conn.executemany(
                f"INSERT INTO {t} ({', '.join(names)}) "  # noqa: S608
                f"VALUES ({', '.join('?' * len(names))})",
                [[(v.old or {})[c] for c in names] for v in same],
            )


# -- keeping it bounded and consistent --------------------------------------------


def compact(db: Database, before: str, *, dry_run: bool = False) -> dict[str, int]:
    """Drop the change sets made before ``before`` (ISO date, UTC) and their versions."""
    out = {"changes": 0, "versions": 0}
    try:
        with db.atomic():
            dropped = db.query(
                "SELECT id, first_version, last_version FROM _change WHERE at < ? AND id IS NOT "
                "(SELECT id FROM _change_open)",
                [before],
            )
            ids = [c["id"] for c in dropped]
            top = max((c["last_version"] or 0 for c in dropped), default=None)
            n = 0
            for c in dropped:
                n += db.conn.execute(
                    "DELETE FROM _version WHERE id BETWEEN ? AND ? AND change_id = ?",
                    [*_span(c), c["id"]],
                ).rowcount
            if top is not None:  # changes made outside kpukoord before the last one dropped
                n += db.conn.execute(
                    "DELETE FROM _version WHERE change_id IS NULL AND id < ?", [top]
                ).rowcount
            for cid in ids:
                db.conn.execute("DELETE FROM _change WHERE id = ?", [cid])
            out = {"changes": len(ids), "versions": n}
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return out


def check(db: Database, *, full: bool = False) -> list[str]:
    """The history's findings: triggers unlike the tables, unreadable or misplaced
    versions; with ``full``, rows whose latest version says otherwise."""
    problems: list[str] = []
    conn = db.conn
    have = {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? "
            "ESCAPE '\\'",
            [PREFIX.replace("_", "\\_") + "%"],
        )
    }
    want = wanted_triggers(conn)
    stale = sorted(
        {n[len(PREFIX) : -3] for n in set(want) | set(have) if have.get(n) != want.get(n)}
    )
    if stale:
        problems.append(
            _(
                "history triggers missing or out of date for: {tables} "
                "(the table was changed outside kpukoord's migrations)"
            ).format(tables=", ".join(stale))
        )
    if conn.execute("SELECT 1 FROM _change_open").fetchone() and not conn.in_transaction:
        problems.append(_("history: a change set was left open"))
    names = ", ".join(f"'{t}'" for t in tracked(conn))
    rules = [
        (
            _("history row of an unknown table or operation"),
            f"SELECT id FROM _version WHERE op NOT IN ('i', 'u', 'd') OR tbl NOT IN ({names})",  # noqa: S608
        ),
        (
            _("history row of a change set that is not kept"),
            "SELECT v.id FROM _version v WHERE v.change_id IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM _change c WHERE c.id = v.change_id AND v.id BETWEEN "
            "c.first_version AND c.last_version)",
        ),
        (
            _("history row without previous values"),
            "SELECT id FROM _version WHERE op IN ('u', 'd') AND old IS NULL",
        ),
    ]
    if full:
        rules.append(
            (
                _("history row whose previous values cannot be read"),
                "SELECT id FROM _version WHERE old IS NOT NULL AND (NOT json_valid(old) "
                "OR json_type(old) IS NOT 'object')",
            )
        )
        for table, (key, _cols) in tracked(conn).items():
            rules.append(
                (
                    _("{table} row unlike its history").format(table=table),
                    # each row's latest version: a delete leaves no row, anything else one
                    f"SELECT v.row_id FROM _version v WHERE v.tbl = '{table}' "  # noqa: S608
                    "AND v.id = (SELECT max(w.id) FROM _version w WHERE w.row_id = v.row_id "
                    f"AND w.tbl = '{table}') AND (v.op = 'd') = "
                    f"EXISTS (SELECT 1 FROM {table} r WHERE r.{key} = v.row_id)",
                )
            )
    for label, sql in rules:
        try:
            rows = conn.execute(sql + " LIMIT 4").fetchall()
        except sqlite3.DatabaseError as exc:
            problems.append(_("{label}: cannot check ({exc})").format(label=label, exc=exc))
            continue
        if rows:
            sample = ", ".join(str(r[0]) for r in rows[:3])
            problems.append(_("{label}: e.g. {sample}").format(label=label, sample=sample))
    return problems
