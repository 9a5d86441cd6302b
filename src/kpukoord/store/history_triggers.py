"""The history's tables and the triggers that fill them (issue 28; split out in issue 27).

Made by migration m019 from the tables' actual columns, and made again by
:func:`ensure_triggers` after any later migration (see :mod:`kpukoord.store.history`
for why triggers of our own, and for reading the history and undoing a change).
"""

from __future__ import annotations

import sqlite3

# Local tables that are not records with an ``id`` but must be undone with a merge
# (their key column): the agencies a merge kept once, and what came from each office.
KEYED = {"_merge_map": "from_id", "_merge_origin": "origin"}
# Columns kept by triggers of their own (derived): never versioned, never restored.
DERIVED = {"meeting_stage": {"start_date"}, "attendee": {"held_on"}}
PREFIX = "_history_"

SCHEMA = """
CREATE TABLE _change (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    command TEXT NOT NULL,
    office TEXT NOT NULL,
    undoes INTEGER,
    first_version INTEGER,
    last_version INTEGER
);
CREATE INDEX _change_at ON _change(at);
CREATE INDEX _change_undoes ON _change(undoes) WHERE undoes IS NOT NULL;
CREATE TABLE _change_open (id INTEGER PRIMARY KEY);
CREATE TABLE _version (
    id INTEGER PRIMARY KEY,
    change_id INTEGER,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL,
    old TEXT
);
CREATE INDEX _version_row ON _version(row_id);
"""


# -- the triggers ---------------------------------------------------------------


def tracked(conn: sqlite3.Connection) -> dict[str, tuple[str, list[str]]]:
    """Table -> (key column, versioned columns), read from the schema as it is now."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    out: dict[str, tuple[str, list[str]]] = {}
    for name in names:
        if name.startswith("sqlite") or (name.startswith("_") and name not in KEYED):
            continue
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        key = KEYED.get(name, "id")
        if key not in cols or (name not in KEYED and "origin" not in cols):
            continue
        out[name] = (key, [c for c in cols if c not in DERIVED.get(name, set())])
    return out


def _json_value(col: str, real: bool) -> str:
    """old.col for json_object; a REAL with all 17 digits (json_object keeps 15)."""
    if not real:
        return f"old.{col}"
    return (
        f"CASE typeof(old.{col}) WHEN 'real' THEN json(printf('%!.17g', old.{col})) "
        f"ELSE old.{col} END"
    )


def trigger_sql(
    table: str, key: str, cols: list[str], reals: frozenset[str] = frozenset()
) -> dict[str, str]:
    """The three history triggers of a table: name -> CREATE TRIGGER statement."""
    change = "(SELECT id FROM _change_open)"
    old = "json_object(" + ", ".join(f"'{c}', {_json_value(c, c in reals)}" for c in cols) + ")"
    differs = " OR ".join(f"old.{c} IS NOT new.{c}" for c in cols)
    return {
        f"{PREFIX}{table}_ai": (
            f"CREATE TRIGGER {PREFIX}{table}_ai AFTER INSERT ON {table} BEGIN\n"  # noqa: S608 (names from our schema)
            f"    INSERT INTO _version (change_id, tbl, row_id, op) "
            f"VALUES ({change}, '{table}', new.{key}, 'i');\nEND"
        ),
        f"{PREFIX}{table}_au": (
            f"CREATE TRIGGER {PREFIX}{table}_au AFTER UPDATE OF {', '.join(cols)} ON {table}\n"  # noqa: S608 (names from our schema)
            f"WHEN {differs} BEGIN\n"
            f"    INSERT INTO _version (change_id, tbl, row_id, op, old) "
            f"VALUES ({change}, '{table}', new.{key}, 'u', {old});\nEND"
        ),
        f"{PREFIX}{table}_ad": (
            f"CREATE TRIGGER {PREFIX}{table}_ad AFTER DELETE ON {table} BEGIN\n"  # noqa: S608 (names from our schema)
            f"    INSERT INTO _version (change_id, tbl, row_id, op, old) "
            f"VALUES ({change}, '{table}', old.{key}, 'd', {old});\nEND"
        ),
    }


def wanted_triggers(conn: sqlite3.Connection) -> dict[str, str]:
    out: dict[str, str] = {}
    for table, (key, cols) in tracked(conn).items():
        reals = frozenset(
            r[1]
            for r in conn.execute(f"PRAGMA table_info({table})")
            if any(t in str(r[2]).upper() for t in ("REAL", "FLOA", "DOUB"))
        )
        out.update(trigger_sql(table, key, cols, reals))
    return out


def ensure_triggers(conn: sqlite3.Connection) -> None:
    """(Re)create the history triggers from the tables' columns as they are now.

    m019 calls it, and ``migrations.ensure_schema`` after every upgrade, so a later
    migration that adds columns or tables needs nothing more (``db check`` reports
    triggers that no longer match the tables, e.g. after another tool's ALTER TABLE).
    """
    drop_triggers(conn)
    for sql in wanted_triggers(conn).values():
        conn.execute(sql)


def drop_triggers(conn: sqlite3.Connection) -> None:
    """Remove the history triggers (the benchmark's figures "without history")."""
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'",
        [PREFIX.replace("_", "\\_") + "%"],
    ).fetchall():
        conn.execute(f"DROP TRIGGER {name}")


def migrate(conn: sqlite3.Connection) -> None:
    """Migration m019: the history's tables and triggers."""
    from kpukoord.store.migrations import _statements

    for statement in _statements(SCHEMA):
        conn.execute(statement)
    ensure_triggers(conn)
