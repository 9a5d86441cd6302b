"""A province file no office can break (issue 23).

A province merges dozens of files it did not write. Each test below crafts one
office file (as a careless or hostile office, or another tool, could) and merges it
into a provincial file: the file is refused whole and the province's file stays
exactly as it was; with ``--skip-invalid`` only the valid rows arrive; either way
every later command exits 0 and nothing raw reaches a terminal.

Offices per Kepmendagri (shared/reference/domain.md): 73 Sulawesi Selatan, 73.22
Luwu Utara. The meeting is the Kesbangpol visit of 13 February 2023
(LUWUUTARA.PUBLIKSULSEL.COM); the follow-up is a test record.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import Cli, dump

TODAY = "2024-07-08"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An office's file as sent, and an empty provincial file (copied by each test)."""
    base = tmp_path_factory.mktemp("province")
    runner = CliRunner()
    lutra = Cli(base / "lutra.db", TODAY, runner)
    lutra.ok(
        "init", "--office", "KPU Kabupaten Luwu Utara", "--alias", "KPU Lutra",
        "--region", "73.22", "--timezone", "WITA", "--no-schedules",
    )  # fmt: skip
    lutra.ok("agency", "add", "Badan Kesbangpol Kabupaten Luwu Utara", "--alias",
             "Kesbangpol Lutra", "--region", "73.22")  # fmt: skip
    lutra.ok(
        "meeting", "add", "--kind", "kunjungan", "--title", "Kunjungan Kepala Badan Kesbangpol",
        "--date", "Senin (13/2/2023)", "--time", "pukul 10.00",
        "--attendee", "Kesbangpol Lutra; person=Hakim Bukara; position=Kepala Badan Kesbangpol",
        "--decision", "Membangun koordinasi dan sinergi untuk Pemilu 2024",
        "--action", "Tinjau fasilitas kantor PPK; owner=Kesbangpol Lutra; due=31 Maret 2023",
        "--source", "LUWUUTARA.PUBLIKSULSEL.COM",
    )  # fmt: skip
    lutra.ok("meeting", "add", "--kind", "rakor", "--title", "Rakor pengamanan coklit",
             "--date", "3/7/2024", "--attendee", "Kesbangpol Lutra")  # fmt: skip
    sent = base / "lutra-sent.db"
    lutra.ok("db", "backup", str(sent))
    prov = Cli(base / "sulsel.db", TODAY, runner)
    prov.ok(
        "init", "--office", "KPU Provinsi Sulawesi Selatan", "--alias", "KPU Sulsel",
        "--region", "73", "--timezone", "WITA", "--no-schedules",
    )  # fmt: skip
    return {"sent": sent, "prov": prov.db}


@pytest.fixture
def prov(files: dict[str, Path], tmp_path: Path) -> Cli:
    db = tmp_path / "sulsel.db"
    shutil.copy(files["prov"], db)
    return Cli(db, TODAY, CliRunner())


def craft(files: dict[str, Path], tmp_path: Path, sql: str, *params: Any) -> Path:
    """The office's file with one change made behind kpukoord's back."""
    path = tmp_path / "kiriman" / "lutra.db"
    path.parent.mkdir(exist_ok=True)
    shutil.copy(files["sent"], path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")  # a hostile file obeys none
    # ... and keeps no history of what it did (the history's triggers refuse a BLOB)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '\\_history\\_%' ESCAPE '\\'"
    ).fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    with conn:
        conn.execute(sql, params)
    conn.close()
    return path


def first_meeting(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT id FROM meeting ORDER BY start_date").fetchone()[0])
    finally:
        conn.close()


LATER = [
    ("meeting", "list"),
    ("meeting", "list", "--json"),
    ("search", "Kesbangpol"),
    ("agency", "list"),
    ("action", "list"),
    ("export", "ics"),
    ("export", "csv", "meetings"),
    ("report", "offices", "--format", "text"),
    ("report", "weekly", "--format", "text"),
    ("db", "check"),
]


def later_commands_work(prov: Cli) -> str:
    """Every later command exits 0; all they printed, for the caller to search."""
    out = []
    for args in LATER:
        out.append(prov.ok(*args).output)
    return "\n".join(out)


ESC_OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # clipboard write
ESC_OSC8 = "\x1b]8;;https://contoh.invalid\x1b\\klik\x1b]8;;\x1b\\"
ESC_CLEAR = "\x1b[2J\x1b[H"

# (what, table, SQL on the office's file (? is the first meeting's id where used), column)
CRAFTED = [
    ("OSC 52 in a title", "UPDATE meeting SET title = title || ? WHERE id = ?", ESC_OSC52, "title"),
    ("OSC 8 link in a venue", "UPDATE meeting SET venue = ? WHERE id = ?", ESC_OSC8, "venue"),
    ("screen clear in notes", "UPDATE meeting SET notes = ? WHERE id = ?", ESC_CLEAR, "notes"),
    ("8-bit CSI in a source", "UPDATE meeting SET source = ? WHERE id = ?", "a\x9b2Jb", "source"),
    ("bidi override in a title", "UPDATE meeting SET title = ? WHERE id = ?", "\u202eabc", "title"),
    ("a month 13", "UPDATE meeting SET start_date = ? WHERE id = ?", "2024-13-45", "start_date"),
    ("year 9999", "UPDATE meeting SET end_date = ? WHERE id = ?", "9999-12-31", "end_date"),
    ("unknown zone", "UPDATE meeting SET timezone = ? WHERE id = ?", "Mars/Olympus", "timezone"),
    ("bad time", "UPDATE meeting SET start_time = ? WHERE id = ?", "25:99", "start_time"),
    ("unknown kind", "UPDATE meeting SET kind = ? WHERE id = ?", "pesta", "kind"),
    ("BLOB title", "UPDATE meeting SET title = ? WHERE id = ?", b"\x00\xff\x1b", "title"),
    ("garbage updated_at", "UPDATE meeting SET updated_at = ? WHERE id = ?", "zzzz", "updated_at"),
    (
        "future updated_at",
        "UPDATE meeting SET updated_at = ? WHERE id = ?",
        "9999-12-31T00:00:00.000Z",
        "updated_at",
    ),
    (
        "another office's origin",
        "UPDATE meeting SET origin = ? WHERE id = ?",
        "01J0000000000000000000ZZZZ",
        "origin",
    ),
    ("50 MB of notes", "UPDATE meeting SET notes = ? WHERE id = ?", "a" * 50_000_000, "notes"),
]


@pytest.mark.parametrize(("what", "sql", "value", "column"), CRAFTED, ids=[c[0] for c in CRAFTED])
def test_crafted_office_file_is_refused_whole_then_merged_without_the_row(
    files: dict[str, Path], prov: Cli, tmp_path: Path, what: str, sql: str, value: Any, column: str
) -> None:
    mid = first_meeting(files["sent"])
    path = craft(files, tmp_path, sql, value, mid)
    err = prov.fails("merge", str(path)).stderr  # the province's file exactly as before
    assert f"error: {path}: meeting {mid}: {column}: " in err, err
    assert "refused whole" in err
    assert "\x1b" not in err and "\x9b" not in err and "\u202e" not in err
    # --skip-invalid: everything else arrives, the bad meeting and what hangs on it do not
    out = prov.json("merge", "--skip-invalid", str(path))["files"][0]
    left = {(s["table"], s["id"]) for s in out["skipped"]}
    assert ("meeting", mid) in left
    tables_left = {t for t, _id in left}
    assert {"attendee", "decision", "action"} <= tables_left  # rows of the left-out meeting
    assert out["added"]["meeting"] == 1  # the other meeting, whole
    titles = [m["title"] for m in prov.json("meeting", "list", "--all")]
    assert titles == ["Rakor pengamanan coklit"]
    shown = later_commands_work(prov)
    assert "\x1b" not in shown and "\x9b" not in shown


def test_a_province_file_sent_on_speaks_for_the_offices_it_merged(
    files: dict[str, Path], prov: Cli, tmp_path: Path
) -> None:
    """KPU RI merges a province's file: the offices' rows it carries are accepted,
    because the province's own merge records those offices."""
    prov.ok("merge", str(files["sent"]))
    sent_on = tmp_path / "sulsel-sent.db"
    prov.ok("db", "backup", str(sent_on))
    ri = Cli(tmp_path / "ri.db", TODAY, CliRunner())
    ri.ok("init", "--office", "KPU RI", "--timezone", "WIB", "--no-schedules")
    out = ri.json("merge", str(sent_on))["files"][0]
    assert out["skipped"] == [] and out["added"]["meeting"] == 2
    # but a row of an office the province never merged is another office's row
    conn = sqlite3.connect(sent_on)
    with conn:
        conn.execute("DELETE FROM _merge_origin")
    conn.close()
    ri2 = Cli(tmp_path / "ri2.db", TODAY, CliRunner())
    ri2.ok("init", "--office", "KPU RI", "--timezone", "WIB", "--no-schedules")
    assert "origin: a row of another office" in ri2.fails("merge", str(sent_on)).stderr


def test_db_check_names_each_bad_stored_row(files: dict[str, Path], prov: Cli) -> None:
    prov.ok("merge", str(files["sent"]))
    mid = first_meeting(files["sent"])
    conn = sqlite3.connect(prov.db)  # another tool (sqlite-utils, Datasette) edits the file
    with conn:
        conn.execute(
            "UPDATE meeting SET title = ?, timezone = 'XYZ' WHERE id = ?", [ESC_OSC52, mid]
        )
    conn.close()
    err = prov("db", "check").stderr
    assert f"row rules: meeting {mid}: title: an escape character (ESC)" in err
    assert f"row rules: meeting {mid}: timezone: unknown zone 'XYZ'" in err
    assert "\x1b" not in err


def test_views_neutralise_what_another_tool_wrote(files: dict[str, Path], prov: Cli) -> None:
    """The second line of defence, checked as bytes under a pseudo-terminal."""
    import pty

    prov.ok("merge", str(files["sent"]))
    mid = first_meeting(files["sent"])
    conn = sqlite3.connect(prov.db)
    with conn:
        conn.execute(
            "UPDATE meeting SET title = ?, venue = ? WHERE id = ?",
            [f"Rakor{ESC_OSC52}{ESC_CLEAR}", f"Aula\x9b2J{ESC_OSC8}\u202e", mid],
        )
    conn.close()
    env = {**os.environ, "KPUKOORD_DB": str(prov.db), "KPUKOORD_TODAY": TODAY}
    env.pop("NO_COLOR", None)
    for args in (["meeting", "list"], ["meeting", "show", mid[:12]], ["search", "Rakor"]):
        main, child = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "kpukoord", *args],
            stdin=child,
            stdout=child,
            stderr=child,
            env=env,
        )
        os.close(child)
        chunks = []
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(main)
        assert proc.wait(30) == 0, (args, b"".join(chunks))
        seen = b"".join(chunks)
        assert b"Rakor" in seen or b"rakor" in seen.lower(), seen
        for raw in (b"\x1b]", b"\x1b[2J", b"\x07", b"\xc2\x9b", b"\xe2\x80\xae"):
            assert raw not in seen, (args, raw, seen)
    # and the JSON says the same data with nothing active in it
    shown = prov.json("meeting", "show", mid)
    assert shown["title"] == f"Rakor{ESC_OSC52}{ESC_CLEAR}"
    raw_json = prov.ok("meeting", "show", mid, "--json").stdout
    assert "\x1b" not in raw_json and "\x9b" not in raw_json and "\u202e" not in raw_json


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.text(
        alphabet=st.sampled_from(
            ["a", " ", "\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\x00", "]"]
        ),
        min_size=1,
        max_size=30,
    ).filter(lambda t: any(c in t for c in "\x1b\x07\x9b\u202e\u2066\x00"))
)
def test_any_control_character_in_any_text_column_refuses_the_file(
    files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory, title: str
) -> None:
    from kpukoord.errors import FileProblems
    from kpukoord.exchange import merge as merge_mod
    from kpukoord.store.db import Database

    tmp = tmp_path_factory.mktemp("h")
    mid = first_meeting(files["sent"])
    columns = ("title", "venue", "chair", "notes", "source")
    sets = ", ".join(f"{column} = ?1" for column in columns)
    path = craft(files, tmp, f"UPDATE meeting SET {sets} WHERE id = ?2", title, mid)  # noqa: S608
    shutil.copy(files["prov"], tmp / "p.db")
    before = dump(tmp / "p.db")
    db = Database(tmp / "p.db")
    try:
        with pytest.raises(FileProblems) as caught:
            merge_mod.merge(db, [path])
    finally:
        db.close()
    for column in columns:  # each column is checked on its own: each is named
        assert any(f"meeting {mid}: {column}: " in p for p in caught.value.problems), column
    assert dump(tmp / "p.db") == before


def test_merge_json_lists_what_it_left_out(
    files: dict[str, Path], prov: Cli, tmp_path: Path
) -> None:
    path = craft(files, tmp_path, "UPDATE agency SET aliases = ? WHERE name LIKE 'Badan%'", "[bad")
    out = prov.json("merge", "--skip-invalid", str(path))["files"][0]
    aliases = [s for s in out["skipped"] if s["column"] == "aliases"]
    assert aliases and aliases[0]["table"] == "agency" and aliases[0]["problem"] == "not valid JSON"
    assert json.dumps(out)  # plain data


def test_an_office_name_with_escapes_reaches_no_list(
    files: dict[str, Path], prov: Cli, tmp_path: Path
) -> None:
    path = craft(files, tmp_path, "UPDATE office SET name = name || ?", ESC_OSC52)
    err = prov.fails("merge", str(path)).stderr
    assert ": office " in err and ": name: an escape character (ESC" in err
    out = prov.json("merge", "--skip-invalid", str(path))["files"][0]
    assert out["office"] is None  # unnamed rather than carried into the reports
    assert [s["table"] for s in out["skipped"]] == ["office"]
    shown = later_commands_work(prov)
    assert "\x1b" not in shown and "\x07" not in shown
    offices = json.loads(prov.ok("report", "offices", "--format", "json").stdout)["offices"]
    assert all("\x1b" not in json.dumps(o) for o in offices)


@given(st.text(max_size=200))
def test_visible_text_has_nothing_a_terminal_acts_on(value: str) -> None:
    from kpukoord.language import text

    shown = text.visible(value)
    assert all(c in "\t\n" or (ord(c) >= 0x20 and not 0x7F <= ord(c) <= 0x9F) for c in shown)
    assert not any(c in shown for c in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2069")
    if text.problem(value, multiline=True) is None:
        assert shown == value  # text that obeys the rule is shown as it is
    encoded = text.json_visible(json.dumps({"t": value}, ensure_ascii=False))
    assert json.loads(encoded) == {"t": value}  # the same data for a program
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066" for c in encoded)


def test_merge_says_what_it_left_out(files: dict[str, Path], prov: Cli, tmp_path: Path) -> None:
    mid = first_meeting(files["sent"])
    path = craft(files, tmp_path, "UPDATE meeting SET timezone = 'UTC' WHERE id = ?", mid)
    before = dump(prov.db)
    out = prov.ok("merge", "--skip-invalid", "--dry-run", str(path))
    assert f"left out: meeting {mid}: timezone: unknown zone 'UTC'" in out.stdout
    assert "left out: attendee " in out.stdout and "which is left out" in out.stdout
    assert "dry run: nothing was written" in out.stderr
    assert dump(prov.db) == before


def test_a_file_of_junk_is_refused_after_enough_problems(
    files: dict[str, Path], prov: Cli, tmp_path: Path
) -> None:
    from kpukoord.exchange import merge as merge_mod

    path = craft(files, tmp_path, "UPDATE meeting SET kind = 'pesta'")
    conn = sqlite3.connect(path)
    with conn:  # a few thousand bad decisions of one meeting
        row = conn.execute("SELECT * FROM decision").fetchone()
        conn.executemany(
            f"INSERT INTO decision VALUES ({','.join('?' * len(row))})",  # noqa: S608
            [(f"01M{n:023d}", *row[1:]) for n in range(3000)],
        )
    conn.close()
    err = prov.fails("merge", str(path)).stderr
    lines = err.splitlines()
    assert len(lines) == merge_mod.SHOWN_PROBLEMS + 2
    assert "more problems (reading stopped there)" in lines[-2]
