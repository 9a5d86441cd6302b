"""What ``-o`` writes, and how: never a replaced device or link, owner-only files,
exports linear in the size of the text (issue 23)."""

from __future__ import annotations

import itertools
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from conftest import Cli


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_new_exports_minutes_and_timelines_are_owner_only(office: Cli, tmp_path: Path) -> None:
    office.ok("meeting", "add", "--title", "Rakor Pilkada", "--date", "5/7/2024")
    outputs = tmp_path / "out"
    outputs.mkdir()
    office.ok("export", "csv", "meetings", "-o", str(outputs / "rapat.csv"))
    office.ok("export", "ics", "--meetings", "-o", str(outputs / "rapat.ics"))
    office.ok("report", "weekly", "-o", str(outputs / "rakor.md"))
    for path in outputs.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_output_through_a_symlink_replaces_its_target_atomically(
    office: Cli, tmp_path: Path
) -> None:
    real_dir, link_dir = tmp_path / "bersama", tmp_path / "pintas"
    real_dir.mkdir()
    link_dir.mkdir()
    real = real_dir / "instansi.csv"
    real.write_text("versi lama\n", encoding="utf-8")
    real.chmod(0o640)
    link = link_dir / "instansi.csv"
    link.symlink_to(real)
    office.ok("export", "csv", "agencies", "-o", str(link))
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8").startswith("id,")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the target keeps its permissions
    assert _leftovers(real_dir) == [] and _leftovers(link_dir) == []


def test_output_into_a_fifo_writes_through_it(office: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipa"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    office.ok("export", "csv", "agencies", "-o", str(fifo))
    reader.join(10)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a FIFO, not a regular file
    assert got and got[0].startswith(b"id,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kpukoord.db", "pipa"]


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a device needs root")
def test_output_onto_a_device_writes_to_it_and_leaves_it_a_device(
    office: Cli, tmp_path: Path
) -> None:
    dev = tmp_path / "devices"
    dev.mkdir()
    null = dev / "null"  # a private null device: never the machine's own /dev/null
    os.mknod(null, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    office.ok("export", "ics", "--stages", "-o", str(null))
    office.ok("export", "json", "meetings", "-o", str(null))
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert null.lstat().st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in dev.iterdir()) == ["null"]  # no temporary file beside it


def test_output_onto_a_directory_is_refused(office: Cli, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    result = office.fails("export", "csv", "agencies", "-o", str(tmp_path / "folder"))
    assert "is a directory" in result.stderr
    assert (tmp_path / "folder").is_dir()


def _title_of(db: Path, title: str) -> None:
    """A title as another tool (sqlite-utils, Datasette) would have written it."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meeting SET title = ?", [title])
    conn.close()


@pytest.mark.parametrize("letter", ["a", "é"])  # one byte, and two bytes, a character
def test_ics_of_a_huge_title_is_linear(office: Cli, tmp_path: Path, letter: str) -> None:
    office.ok("meeting", "add", "--title", "Rakor", "--date", "5/7/2024")
    timings = []
    for size in (1_000_000, 4_000_000):
        _title_of(office.db, letter * (size // len(letter.encode())))
        out = tmp_path / f"{size}.ics"
        t0 = time.perf_counter()
        office.ok("export", "ics", "--meetings", "-o", str(out))
        timings.append(time.perf_counter() - t0)
        lines = out.read_bytes().split(b"\r\n")
        assert max(len(line) for line in lines) <= 75
        at = next(i for i, line in enumerate(lines) if line.startswith(b"SUMMARY:"))
        rest = itertools.takewhile(lambda line: line.startswith(b" "), lines[at + 1 :])
        body = lines[at][8:] + b"".join(line[1:] for line in rest)
        assert body.decode("utf-8") == letter * (size // len(letter.encode()))
    # generous: quadratic folding took 7.5 s for 4 MB, four times the size sixteen times the time
    assert timings[1] < 2.0, timings
    assert timings[1] < 4 * timings[0] * 2 + 0.2, timings


# -- readers are bounded too -------------------------------------------------------


def test_schedule_import_of_an_endless_file_stops_at_the_yaml_limit(office: Cli) -> None:
    import subprocess
    import sys

    zero = Path("/dev/zero")
    if not zero.exists():  # pragma: no cover - every Linux has it
        pytest.skip("no /dev/zero")
    t0 = time.perf_counter()
    result = office.fails("schedule", "import", str(zero))
    assert time.perf_counter() - t0 < 1.0
    assert "larger than 5 MB" in result.stderr
    # standard input, in a process of its own so that its memory can be measured
    env = {**os.environ, "KPUKOORD_DB": str(office.db), "KPUKOORD_LANG": "en"}
    code = (
        "import re, sys; from kpukoord.__main__ import main\n"
        "try: main()\n"
        # VmHWM: this process's own peak (getrusage's maxrss keeps the forking parent's)
        "finally: print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1],"
        " file=sys.stderr)"
    )
    with zero.open("rb") as endless:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", code, "schedule", "import", "-"],
            stdin=endless,
            capture_output=True,
            env=env,
            timeout=30,
        )
    assert proc.returncode == 1
    err = proc.stderr.decode().splitlines()
    assert err[0].startswith("error: <stdin>:1: file is larger than 5 MB"), err
    assert int(err[-1]) < 200_000, err  # kB of resident memory, at most
    assert time.perf_counter() - t0 < 10  # includes the interpreter's start


# -- backups and minutes -----------------------------------------------------------


def test_backup_never_touches_a_part_file_that_is_not_its_own(office: Cli, tmp_path: Path) -> None:
    target = tmp_path / "cadangan.db"
    stale = tmp_path / "cadangan.db.part"
    stale.write_bytes(b"bukan milik kami")
    err = office.fails("db", "backup", str(target)).stderr
    assert "cadangan.db.part exists" in err and "remove cadangan.db.part" in err
    assert stale.read_bytes() == b"bukan milik kami"
    assert not target.exists()
    stale.unlink()
    office.ok("db", "backup", str(target))
    assert sorted(p.name for p in tmp_path.iterdir() if "cadangan" in p.name) == ["cadangan.db"]


def test_two_backups_to_one_name_at_once_one_wins(office: Cli, tmp_path: Path) -> None:
    import subprocess
    import sys

    office.ok("meeting", "add", "--title", "Rakor Pilkada", "--date", "5/7/2024")
    target = tmp_path / "cadangan.db"
    env = {**os.environ, "KPUKOORD_DB": str(office.db), "KPUKOORD_LANG": "en"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kpukoord", "db", "backup", str(target)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(2)
    ]
    results = [(p.wait(60), p.stderr.read().decode() if p.stderr else "") for p in procs]
    for p in procs:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    codes = sorted(code for code, _err in results)
    assert codes == [0, 1], results
    loser = next(err for code, err in results if code == 1)
    assert loser.startswith("error: ") and ("exists" in loser), loser
    assert sorted(p.name for p in tmp_path.iterdir() if "cadangan" in p.name) == ["cadangan.db"]
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("SELECT title FROM meeting").fetchall() == [("Rakor Pilkada",)]
    finally:
        conn.close()


def test_minutes_place_and_number_obey_the_text_rule(office: Cli, tmp_path: Path) -> None:
    mid = office.ok("meeting", "add", "--title", "Rakor Pilkada", "--date", "5/7/2024").stdout
    mid = mid.split()[0]
    out = tmp_path / "notulen.docx"
    for flag in ("--place", "--number"):
        err = office.fails(
            "meeting", "minutes", mid, "-f", "docx", flag, "Sijunjung\x1b[2J", "-o", str(out)
        ).stderr
        assert f"{flag}: an escape character (ESC" in err
        assert not out.exists()
    office.ok("meeting", "minutes", mid, "-f", "docx", "--place", "Muaro Sijunjung", "-o", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_meeting_from_an_endless_file_stops_at_the_yaml_limit(office: Cli) -> None:
    t0 = time.perf_counter()
    result = office.fails("meeting", "add", "--from-file", "/dev/zero")
    assert time.perf_counter() - t0 < 1.0
    assert "/dev/zero: larger than 5 MB" in result.stderr
