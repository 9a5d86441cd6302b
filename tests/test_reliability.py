"""Reliability: upgrades, foreign files, backups, concurrency, crashes, file modes."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import dump
from kpukoord.store.migrations import LATEST

pytestmark = pytest.mark.slow  # real processes, servers or terminals

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    c = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE '\\_%' ESCAPE '\\'"
            )
        ]
        out = {}
        for t in tables:
            cols = [r[1] for r in c.execute(f"PRAGMA table_info({t})")]
            sql = f"SELECT {', '.join(cols)} FROM {t}"  # noqa: S608 (names from sqlite_master)
            out[t] = sorted(c.execute(sql).fetchall(), key=repr)
        return out
    finally:
        c.close()


@pytest.mark.parametrize("version", range(1, LATEST + 1))
def test_every_schema_version_upgrades_with_every_record_intact(
    cli, tmp_path: Path, version: int
) -> None:  # type: ignore[no-untyped-def]
    src = FIXTURES / f"schema-v{version}.db"
    assert src.exists(), "run tests/fixtures/make_schema_fixtures.py after adding a migration"
    db = tmp_path / "old.db"
    shutil.copy(src, db)
    before = _rows(db)
    cli.db = db
    rec = cli.json("meeting", "show", "01HPV0000000000000000MEET1")
    assert rec["title"] == "Rakor persiapan tahapan Pilkada 2024"
    assert [a["agency"] for a in rec["attendees"]] == [
        "KPU Kabupaten Sijunjung",
        "Bawaslu Kabupaten Sijunjung",
    ]
    assert rec["actions"][0]["due_date"] == "2024-07-24"
    after = _rows(db)
    for table, rows in before.items():
        cols = len(rows[0]) if rows else 0
        assert [r[:cols] for r in after[table]] == rows, table  # old columns, same values
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == LATEST
    cli.ok("db", "check")
    backups = list(tmp_path.glob("old.db.v*.bak"))
    if version < LATEST:
        assert len(backups) == 1 and _rows(backups[0]) == before  # a copy taken before migrating
    else:
        assert backups == []
    cli.ok("meeting", "add", "--title", "Setelah upgrade", "--date", "8/7/2024")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_foreign_corrupt_and_newer_files_are_refused_untouched(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE sales (id INTEGER PRIMARY KEY, amount REAL)")
    c.execute("INSERT INTO sales (amount) VALUES (10.5)")
    c.commit()
    c.close()
    newer = tmp_path / "newer.db"
    shutil.copy(FIXTURES / f"schema-v{LATEST}.db", newer)
    c = sqlite3.connect(newer)
    c.execute(f"PRAGMA user_version = {LATEST + 5}")
    c.close()
    corrupt = tmp_path / "corrupt.db"
    data = bytearray((FIXTURES / "schema-v1.db").read_bytes())
    data[100:4096] = os.urandom(3996)
    corrupt.write_bytes(bytes(data))
    for path, message in [
        (junk, "not a usable kpukoord database"),
        (other, "not a kpukoord database"),
        (newer, "written by a newer kpukoord"),
        (corrupt, "kpukoord database"),
    ]:
        digest = _digest(path)
        cli.db = path
        result = cli("meeting", "list")
        assert result.exit_code == 1, (path, result.output)
        assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.output
        assert _digest(path) == digest, path
        assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_missing_directory_and_new_file_mode(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli.db = tmp_path / "nowhere" / "k.db"
    assert "does not exist" in cli.fails("agency", "list").stderr
    assert not (tmp_path / "nowhere").exists()
    cli.db = tmp_path / "k.db"
    cli.ok("init", "--no-schedules")
    assert (cli.db.stat().st_mode & 0o777) == 0o600
    out = cli.ok("db", "path").stdout.strip()
    assert out == str(cli.db)


def test_backup_and_check(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office.ok("meeting", "add", "--title", "Rakor", "--date", "5/7/2024")
    target = tmp_path / "copy.db"
    office.ok("db", "backup", str(target))
    assert (target.stat().st_mode & 0o777) == 0o600
    assert _rows(target) == _rows(office.db)
    assert "exists" in office.fails("db", "backup", str(target)).stderr
    assert "database itself" in office.fails("db", "backup", str(office.db)).stderr
    assert office.ok("db", "check").stdout.startswith("ok")


def test_check_reports_broken_invariants(office) -> None:  # type: ignore[no-untyped-def]
    office.ok("action", "add", "x", "--owner", "KPU Sijunjung", "--due", "5/7/2024")
    c = sqlite3.connect(office.db)
    c.execute("PRAGMA foreign_keys = OFF")
    c.execute("PRAGMA ignore_check_constraints = ON")
    c.execute("UPDATE action SET owner_id = 'GONE'")
    c.commit()
    c.close()
    result = office("db", "check")
    assert result.exit_code == 1
    assert "foreign key: action" in result.stderr  # the one finding for it, not two


def _script(db: Path, body: str) -> list[str]:
    code = textwrap.dedent(
        f"""
        import os, sys
        os.environ["KPUKOORD_DB"] = {str(db)!r}
        os.environ["KPUKOORD_TODAY"] = "2024-07-08"
        from kpukoord.__main__ import main
        def run(*args):
            try:
                main(list(args))
            except SystemExit as exc:
                if exc.code not in (0, None):
                    sys.exit(exc.code)
        """
    ) + textwrap.dedent(body)
    return [sys.executable, "-c", code]


def test_eight_processes_adding_meetings_at_once(office) -> None:  # type: ignore[no-untyped-def]
    body = """
        n = int(sys.argv[1])
        for i in range(25):
            run("meeting", "add", "--title", f"Rakor {n}-{i}", "--date", "5 Juli 2024",
                "-a", "KPU Sijunjung")
    """
    procs = [
        subprocess.Popen(
            [*_script(office.db, body), str(n)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    errors = []
    for p in procs:
        _, err = p.communicate(timeout=240)
        errors.append((p.returncode, err))
    assert all(code == 0 for code, _ in errors), errors
    assert not any("locked" in err for _, err in errors)
    assert len(office.json("meeting", "list")) == 200
    office.ok("db", "check")


def _big_schedule(path: Path, stages: int) -> None:
    lines = ["code: big-test", "title: Uji besar", "stages:"]
    for i in range(stages):
        lines += [
            f"  - key: s{i}",
            f"    name: Tahap {i}",
            "    date: 2024-07-05",
            "    confidence: recalled",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_killed_import_leaves_the_database_as_it_was(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL inside the import's transaction, at its first write and deep into it."""
    big = tmp_path / "big.yaml"
    _big_schedule(big, 1500)
    before = dump(office.db)
    # The process stops itself at its n-th INSERT (the statement is being run, the
    # transaction is open) and says so; then it is killed there. Its page cache is small,
    # so deep in the import the open transaction's pages have spilled into the WAL.
    body = f"""
        import time
        from pathlib import Path
        from kpukoord.store import db as store
        stop_at, marker = int(sys.argv[1]), Path(sys.argv[2])
        seen = 0
        def pause(sql):
            global seen
            if sql.lstrip().upper().startswith("INSERT"):
                seen += 1
                if seen == stop_at:
                    marker.write_text("stopped")
                    time.sleep(120)
        opened = store.Database.__init__
        def traced(self, *args, **kwargs):
            opened(self, *args, **kwargs)
            self.conn.execute("PRAGMA cache_size = 8")
            self.conn.set_trace_callback(pause)
        store.Database.__init__ = traced
        run("schedule", "import", {str(big)!r})
    """
    wal = Path(f"{office.db}-wal")
    for stop_at in (1, 1200):
        marker = tmp_path / f"stopped-{stop_at}"
        p = subprocess.Popen(
            [*_script(office.db, body), str(stop_at), str(marker)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while not marker.exists() and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert marker.exists(), p.stderr.read() if p.poll() is not None else "never stopped"
        spilled = wal.exists() and wal.stat().st_size > 32 + 8 * (4096 + 24)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        assert p.returncode == -signal.SIGKILL
        assert spilled or stop_at == 1  # deep in: uncommitted pages were in the WAL
        assert dump(office.db) == before  # nothing of the import, nothing else lost
        office.ok("db", "check")
    office.ok("schedule", "import", str(big))  # the file itself was good: it imports whole
    assert any("big-test" in line for line in dump(office.db))


def test_backup_while_another_process_writes(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = """
        for i in range(60):
            run("meeting", "add", "--title", f"Rakor {i}", "--date", "5 Juli 2024")
    """
    writer = subprocess.Popen(
        _script(office.db, body), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    copies = []
    for i in range(3):
        time.sleep(0.3)
        target = tmp_path / f"copy{i}.db"
        office.ok("db", "backup", str(target))
        copies.append(target)
    writer.wait(timeout=120)
    assert writer.returncode == 0
    for target in copies:
        c = sqlite3.connect(target)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        c.close()
        restored = tmp_path / f"restored-{target.name}"
        shutil.copy(target, restored)
        office.db = restored
        office.ok("db", "check")
