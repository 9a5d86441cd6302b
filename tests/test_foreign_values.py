"""A database another tool wrote into: a BLOB or a number where text belongs.

SQLite takes any value in any column; a view cannot show a BLOB as a title. A command
that meets such a value ends with one error line naming the file, the table, the row and
the column (not "internal error"), exit 1, the database as it was; 'db check' lists them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Cli, dump

VIEWS = [
    ["meeting", "list"],
    ["meeting", "show", "{mid}"],
    ["agency", "list"],
    ["search", "rakor"],
    ["export", "csv", "meetings"],
    ["export", "ics"],
    ["report", "weekly", "--as-of", "5/7/2024"],
]


def _edited_by_another_tool(db: str, table: str, column: str, value: object) -> str:
    c = sqlite3.connect(db)
    for (name,) in c.execute(  # a tool that keeps no history (the triggers refuse a BLOB)
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '\\_history\\_%' "
        "ESCAPE '\\'"
    ).fetchall():
        c.execute(f'DROP TRIGGER "{name}"')
    row_id = c.execute(f"SELECT id FROM {table} ORDER BY rowid LIMIT 1").fetchone()[0]  # noqa: S608
    with c:
        c.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", [value, row_id])  # noqa: S608
    c.close()
    return str(row_id)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # (a number in a TEXT column is stored as text by SQLite's affinity: no problem; a BLOB
    # stays a BLOB anywhere, and text stays text in an INTEGER column)
    where=st.sampled_from(
        [
            ("meeting", "title", b"\x00\xffRakor"),
            ("meeting", "venue", b"Aula"),
            ("agency", "name", b"\xff"),
            ("attendee_group", "count", "delapan"),
        ]
    ),
    view=st.sampled_from(VIEWS),
)
def test_a_view_names_the_value_it_cannot_show(
    office: Cli, where: tuple[str, str, object], view: list[str]
) -> None:
    db = office.db.with_name("lain.db")
    shutil.copy(office.db, db)
    c = Cli(db, office.today, office.runner)
    mid = c.ok("meeting", "add", "-t", "Rakor logistik", "-d", "5/7/2024", "--venue",
               "Aula KPU", "-a", "KPU Sijunjung", "--group", "PPK se-Kabupaten Sijunjung; kind=ppk; count=8",
               ).stdout.strip()  # fmt: skip
    table, column, value = where
    row_id = _edited_by_another_tool(str(db), table, column, value)
    before = dump(db)
    result = c(*[v.format(mid=mid) for v in view])
    if result.exit_code == 0:  # a view that never reads that value (or shows it as stored)
        assert "Traceback" not in result.output
    else:
        assert result.exit_code == 1, result.output
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {db}: {table} {row_id}: {column}: ")
        assert "internal error" not in result.stderr
    assert dump(db) == before
    checked = c("db", "check", "--json")
    assert checked.exit_code == 1
    problems = json.loads(checked.stdout)["problems"]
    assert any(f"{table} {row_id}: {column}:" in p for p in problems), problems


def test_an_ordinary_error_does_not_scan_the_database(
    office: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan for another tool's values runs only after a failure that is a bug: a
    mistyped name must not wait for a scan of a national file."""
    from kpukoord.store import upkeep

    calls: list[object] = []
    monkeypatch.setattr(upkeep, "foreign_value", lambda db: calls.append(db))
    office.fails("person", "show", "Orang Yang Tidak Ada")
    office.fails("meeting", "add", "-t", "Rakor", "-d", "31/2/2024")
    assert calls == []
