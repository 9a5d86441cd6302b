"""The operator's hands: progress on long tasks, and Ctrl-C that loses nothing.

Real processes, because that is the point: a progress bar is drawn only when
standard error is a terminal (a pseudo-terminal here, the ``pty`` module), and
SIGINT is a signal sent to a running ``kpukoord``. The offices' files are built by
the merge benchmark's bulk loader (benchmarks/merge.py): realistic files of a few
hundred meetings each, in a fraction of a second.
"""

from __future__ import annotations

import importlib.util
import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import dump

pytestmark = pytest.mark.slow  # real processes, servers or terminals

ROOT = Path(__file__).resolve().parent.parent
INTERRUPTED = "error: cancelled; nothing was changed"


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_merge", ROOT / "benchmarks" / "merge.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def kiriman(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Twelve offices' files of 400 meetings each, and the province's file (Aceh)."""
    bench = _bench()
    out = tmp_path_factory.mktemp("kiriman")
    tpl = out / "template.db"
    bench.template(tpl)
    files = []
    for n in range(12):
        path = out / f"kpu-{n:03d}.db"
        bench.build_office(path, tpl, n, 400)
        files.append(path)
    province = out / "province.db"
    bench.target(province, "KPU Provinsi Aceh", "11")
    return {"files": files, "province": province, "dir": out}


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(KPUKOORD_DB=str(db), KPUKOORD_LANG="en", KPUKOORD_TODAY="2024-07-08")
    env["COLUMNS"] = "100"
    return env


def _default_sigint() -> None:
    # a test runner may start children with SIGINT ignored; an operator's shell never does
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Run:
    """A kpukoord process with stderr on a pseudo-terminal (or a pipe) and stdout piped."""

    def __init__(self, args: list[str], db: Path, *, tty: bool = True) -> None:
        self.master = -1
        stderr: Any = subprocess.PIPE
        if tty:
            self.master, slave = pty.openpty()
            stderr = slave
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kpukoord", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=_env(db),
            preexec_fn=_default_sigint,
        )
        if tty:
            os.close(slave)
        self.err = b""

    def read_until(self, seen: Callable[[str], bool], timeout: float = 60) -> bool:
        """Read the terminal until ``seen(text so far)``; False when the process ended first."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if seen(self.err.decode("utf-8", "replace")):
                return True
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: the process closed the terminal
                    return False
                if not chunk:
                    return False
                self.err += chunk
        raise AssertionError(f"timed out; the terminal showed {self.err!r}")

    def finish(self) -> tuple[int, str, str]:
        """(exit code, stdout, stderr) once the process ends."""
        if self.master >= 0:
            self.read_until(lambda _text: False)
            out = self.proc.stdout.read() if self.proc.stdout else b""
            os.close(self.master)
            code = self.proc.wait(60)
            return code, out.decode(), self.err.decode("utf-8", "replace")
        out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, out.decode(), err.decode()


def _tables(db: Path) -> list[str]:
    """Every row of every table (the search index, the merge map and origins included)."""
    return dump(db)


def _plain(text: str) -> str:
    """What a terminal ends up showing, roughly: escape sequences out."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


# -- progress -------------------------------------------------------------------------


def test_merge_shows_progress_on_a_terminal_and_nothing_on_stdout(
    kiriman: dict[str, Any], tmp_path: Path
) -> None:
    province = tmp_path / "prov.db"
    province.write_bytes(kiriman["province"].read_bytes())
    three = [str(f) for f in kiriman["files"][:3]]
    run = Run(["merge", *three], province)
    code, out, err = run.finish()
    assert code == 0, err
    assert "merging (1/3) kpu-000.db" in _plain(err)  # the bar, drawn on the terminal
    assert "\x1b[" in err  # drawn with the terminal's escapes, then cleared
    assert "\x1b" not in out and "merging" not in out  # stdout: only the summary
    assert out.count("(origin ") == 3


def test_merge_shows_no_progress_when_stderr_is_not_a_terminal(
    kiriman: dict[str, Any], tmp_path: Path
) -> None:
    province = tmp_path / "prov.db"
    province.write_bytes(kiriman["province"].read_bytes())
    three = [str(f) for f in kiriman["files"][:3]]
    code, out, err = Run(["merge", *three], province, tty=False).finish()
    assert code == 0, err
    assert err == ""
    assert out.count("(origin ") == 3


def test_json_output_has_no_progress_even_on_a_terminal(
    kiriman: dict[str, Any], tmp_path: Path
) -> None:
    province = tmp_path / "prov.db"
    province.write_bytes(kiriman["province"].read_bytes())
    code, out, err = Run(["merge", "--json", str(kiriman["files"][0])], province).finish()
    assert code == 0, err
    assert "merging" not in err and "\x1b" not in out
    assert out.startswith("{")


def test_db_check_and_backup_show_progress_on_a_terminal(
    kiriman: dict[str, Any], tmp_path: Path
) -> None:
    office = kiriman["files"][0]
    code, out, err = Run(["db", "check"], office).finish()
    assert code == 0, err
    assert "checking: " in _plain(err) and out.startswith("ok: ")
    copy = tmp_path / "copy.db"
    code, out, err = Run(["db", "backup", str(copy)], office).finish()
    assert code == 0, err
    assert f"backup {copy.name}" in _plain(err)
    assert out == f"{copy}\n"


# -- Ctrl-C ---------------------------------------------------------------------------


def _interrupted(code: int, err: str) -> None:
    assert code == 130, err
    assert "Traceback" not in err
    lines = [line.strip() for line in _plain(err).replace("\r", "\n").splitlines()]
    assert lines.count(INTERRUPTED) == 1, err
    assert lines[-1] == INTERRUPTED or lines[-2:] == [INTERRUPTED, ""], err


def test_ctrl_c_during_a_merge_of_many_files_changes_nothing(
    kiriman: dict[str, Any], tmp_path: Path
) -> None:
    province = tmp_path / "prov.db"
    province.write_bytes(kiriman["province"].read_bytes())
    before = _tables(province)
    files = [str(f) for f in kiriman["files"]]
    run = Run(["merge", *files], province)
    # the bar says which file it is reading: interrupt once the fourth one is under way
    assert run.read_until(lambda text: re.search(r"\((?:[4-9]|1[0-2])/12[,)]", text) is not None)
    run.proc.send_signal(signal.SIGINT)
    code, out, err = run.finish()
    _interrupted(code, err)
    assert out == ""
    assert _tables(province) == before
    assert not list(tmp_path.glob("prov.db-*"))  # no journal left to replay


def test_ctrl_c_during_a_bulk_import_changes_nothing(
    kiriman: dict[str, Any], tmp_path: Path
) -> None:
    source = kiriman["files"][1]
    csv = tmp_path / "rapat.csv"
    subprocess.run(
        [sys.executable, "-m", "kpukoord", "export", "csv", "meetings", "-o", str(csv)],
        env=_env(source),
        check=True,
        capture_output=True,
    )
    # four times the file: 1,600 new meetings for another office
    header, *rows = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(re.sub(r"^[0-9A-Z]{26},", ",", r) for r in rows)  # new ids
    csv.write_text(header + body * 4, encoding="utf-8")
    target = tmp_path / "kpu-lain.db"
    target.write_bytes(kiriman["files"][2].read_bytes())
    before = _tables(target)
    run = Run(["import", "meetings", str(csv), "--new-agencies", "--allow-duplicates"], target)
    assert run.read_until(lambda text: "importing" in text and "/" in text)
    run.proc.send_signal(signal.SIGINT)
    code, out, err = run.finish()
    _interrupted(code, err)
    assert out == ""
    assert _tables(target) == before


def test_ctrl_c_during_an_export_leaves_no_partial_file(
    kiriman: dict[str, Any], tmp_path: Path
) -> None:
    big = tmp_path / "besar.db"  # an office with 4,000 meetings: seconds of export
    _bench().build_office(big, kiriman["dir"] / "template.db", 99, 4000)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "rapat.json"
    target.write_text("[]\n", encoding="utf-8")  # last week's export stays as it was
    run = Run(["export", "json", "meetings", "-o", str(target)], big)
    assert run.read_until(lambda text: "exporting meetings" in text)
    run.proc.send_signal(signal.SIGINT)
    code, _out, err = run.finish()
    if "saved" in err:  # pragma: no cover - the export won the race; nothing to interrupt
        pytest.skip("the export finished before the signal")
    _interrupted(code, err)
    assert target.read_text(encoding="utf-8") == "[]\n"
    assert sorted(p.name for p in out.iterdir()) == ["rapat.json"]


def test_an_interrupt_says_so_in_indonesian(kiriman: dict[str, Any], tmp_path: Path) -> None:
    from kpukoord.errors import Interrupted
    from kpukoord.language import i18n

    previous = i18n.set_language("id")
    try:
        assert Interrupted().message == "dibatalkan; tidak ada yang berubah"
    finally:
        i18n.set_language(previous)


def test_an_interrupted_backup_leaves_no_file(kiriman: dict[str, Any], tmp_path: Path) -> None:
    from kpukoord.store import db as db_mod

    copy = tmp_path / "copy.db"
    calls = 0

    def stop(what: str, done: int, total: int | None) -> None:
        nonlocal calls
        calls += 1
        raise KeyboardInterrupt  # as SIGINT would, between two steps of the copy

    with db_mod.Database(kiriman["files"][0], create=False) as database:
        with pytest.raises(KeyboardInterrupt):
            db_mod.backup(database, copy, progress=stop)
    assert calls == 1
    assert list(tmp_path.iterdir()) == []
    assert sqlite3.connect(kiriman["files"][0]).execute("PRAGMA quick_check").fetchone() == ("ok",)


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, calls: int) -> None:
    """Ctrl-C after the first ``calls`` row writes of a command (as SIGINT lands mid-write)."""
    from kpukoord.store.db import Database

    seen = 0

    def interrupting(write: Callable[..., Any]) -> Callable[..., Any]:
        def interrupted(self: Database, *args: Any, **kw: Any) -> Any:
            nonlocal seen
            seen += 1
            if seen > calls:
                raise KeyboardInterrupt
            return write(self, *args, **kw)

        return interrupted

    for name in ("insert", "insert_many", "update"):
        monkeypatch.setattr(Database, name, interrupting(getattr(Database, name)))


def test_ctrl_c_in_meeting_add_and_edit_changes_nothing(
    demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = next(m["id"] for m in demo.json("meeting", "list") if m["title"].startswith("Rakor"))
    _interrupt_after(monkeypatch, 2)  # the meeting and its first attendee are written
    add = demo.fails(
        "meeting",
        "add",
        "--title",
        "Rakor pengamanan logistik",
        "--date",
        "10 Juli 2024",
        "--attendee",
        "Bawaslu Sijunjung",
        "--attendee",
        "KPU Sijunjung",
        "--decision",
        "Distribusi logistik H-3",
        code=130,
    )
    assert add.stderr == INTERRUPTED + "\n"
    edit = demo.fails(
        "meeting", "edit", meeting, "--decision", "Rapat lanjutan", "--decision", "Dua", code=130
    )
    assert edit.stderr == INTERRUPTED + "\n"


def test_ctrl_c_in_the_meeting_add_fast_path_says_the_same(
    office: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kpukoord import __main__ as entry

    monkeypatch.setenv("KPUKOORD_DB", str(office.db))
    before = dump(office.db)
    _interrupt_after(monkeypatch, 1)
    with pytest.raises(SystemExit) as stop:
        entry.main(["meeting", "add", "-t", "Rakor", "-d", "5/7/2024", "-a", "KPU Sijunjung"])
    assert stop.value.code == 130
    assert capsys.readouterr().err == INTERRUPTED + "\n"
    assert dump(office.db) == before


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["schedule", "import", str(ROOT / "schedules")], "importing schedule "),
        (["export", "ics", "-o", "{tmp}/rapat.ics"], "exporting calendar"),
        (["export", "csv", "actions", "-o", "{tmp}/tl.csv"], "exporting actions"),
        (["publish", "metadata", "-o", "{tmp}/metadata.yml"], "writing Datasette metadata"),
    ],
)
def test_every_long_task_shows_progress_on_a_terminal_only(
    kiriman: dict[str, Any], tmp_path: Path, args: list[str], shown: str
) -> None:
    office = tmp_path / "kantor.db"
    office.write_bytes(kiriman["files"][4].read_bytes())
    args = [a.format(tmp=tmp_path) for a in args]
    code, out, err = Run(args, office).finish()
    assert code == 0, err
    assert shown in _plain(err) and "\x1b" not in out
    code, out, err = Run(args, office, tty=False).finish()
    assert code == 0, err
    assert shown not in err and "\x1b" not in err


def test_ctrl_c_in_schedule_import_changes_nothing(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("init", "--office", "KPU Kabupaten Sijunjung", "--no-schedules")
    _interrupt_after(monkeypatch, 5)  # a schedule and its first stages are written
    result = cli.fails("schedule", "import", str(ROOT / "schedules"), code=130)
    assert result.stderr == INTERRUPTED + "\n"
