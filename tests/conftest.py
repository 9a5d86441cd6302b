"""Shared test fixtures: a CLI runner against a fresh temporary database."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import chromium_print
from chromium_print import Chromium
from typer_once import install as _build_commands_once

# The suite reads the source (English) messages; tests/test_i18n.py runs Indonesian.
# Set before the app is imported: help texts are read in the language of that moment.
os.environ["KPUKOORD_LANG"] = "en"

from kpukoord.cli import app

_build_commands_once()

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# -- scratch files in memory ----------------------------------------------------------

SCRATCH_FREE = 2 * 1024**3  # a tmpfs with less room (a container's 64 MB /dev/shm) is not used


def _memory_folder() -> Path | None:
    shm = Path("/dev/shm")
    try:
        stat = os.statvfs(shm)
    except OSError:
        return None
    if not os.access(shm, os.W_OK) or stat.f_bavail * stat.f_frsize < SCRATCH_FREE:
        return None
    return shm


def pytest_configure(config: pytest.Config) -> None:
    """The run's temporary files on a tmpfs where the machine has one.

    Each test writes SQLite files; on this machine's virtual disk their fsyncs cost 6 s of
    the suite's 48 and test nothing (no test cuts the power: a killed process leaves its
    writes in the page cache either way). Set up once, in the process that starts the
    workers (they inherit TMPDIR and take their folders below --basetemp); a --basetemp
    given on the command line is kept.
    """
    if config.option.basetemp is not None or hasattr(config, "workerinput"):
        return
    memory = _memory_folder()
    if memory is None:
        return
    scratch = Path(tempfile.mkdtemp(prefix="kpukoord-tests-", dir=memory))
    config.option.basetemp = str(scratch / "pytest")
    os.environ["TMPDIR"] = str(scratch)  # tempfile.mkdtemp and the processes tests start
    tempfile.tempdir = None  # read TMPDIR again
    config.stash[_SCRATCH] = scratch


def pytest_unconfigure(config: pytest.Config) -> None:
    scratch = config.stash.get(_SCRATCH, None)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


_SCRATCH = pytest.StashKey[Path]()
DEMO = Path(__file__).resolve().parent.parent / "src" / "kpukoord" / "demo"


@dataclass
class Cli:
    db: Path
    today: str
    runner: CliRunner

    def __call__(self, *args: str, input: str | None = None, today: str | None = None) -> Result:
        env = {"KPUKOORD_DB": str(self.db), "KPUKOORD_TODAY": today or self.today}
        return self.runner.invoke(app, list(args), input=input, env=env)

    def terminal(
        self, *args: str, width: int = 80, today: str | None = None, lang: str | None = None
    ) -> str:
        """What a terminal of ``width`` columns shows (Rich's drawing, colours left out)."""
        env = {
            "KPUKOORD_DB": str(self.db),
            "KPUKOORD_TODAY": today or self.today,
            "COLUMNS": str(width),
            "TTY_COMPATIBLE": "1",
            "NO_COLOR": "1",
        }
        if lang:
            env["KPUKOORD_LANG"] = lang
        result = self.runner.invoke(app, list(args), env=env)
        assert result.exit_code == 0, f"{args}: exit {result.exit_code}\n{result.output}"
        return ANSI.sub("", result.stdout)

    def ok(self, *args: str, **kw: Any) -> Result:
        result = self(*args, **kw)
        assert result.exit_code == 0, f"{args}: exit {result.exit_code}\n{result.output}"
        return result

    def json(self, *args: str, **kw: Any) -> Any:
        return json.loads(self.ok(*args, "--json", **kw).stdout)

    def fails(self, *args: str, code: int = 1, **kw: Any) -> Result:
        """Run a command that must fail: given code, a message, no traceback, db unchanged."""
        before = dump(self.db)
        result = self(*args, **kw)
        assert result.exit_code == code, f"{args}: exit {result.exit_code}\n{result.output}"
        assert result.stderr.startswith("error: "), result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert dump(self.db) == before, "the database changed"
        return result


def dump(path: Path) -> list[str]:
    """Every row of every table, for before/after comparisons."""
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "kpukoord.db", "2024-07-08", CliRunner())


_TEMPLATES: dict[str, Path] = {}


def from_template(
    factory: pytest.TempPathFactory, name: str, dest: Cli, build: Callable[[Cli], object]
) -> Cli:
    """Give ``dest`` a copy of the database that ``build`` makes, built once per session.

    Most tests start from the same office file; building it (``init`` imports every bundled
    timetable) once and copying it per test keeps the suite fast. ``build`` runs the real
    commands, so the copy is what a user's file would hold.
    """
    template = _TEMPLATES.get(name)
    if template is None:
        folder = factory.mktemp(f"template-{name}")
        maker = Cli(folder / "kpukoord.db", dest.today, CliRunner())
        build(maker)
        template = _TEMPLATES[name] = maker.db
    shutil.copy(template, dest.db)  # with its mode: the database is the owner's alone
    return dest


def init_office(cli: Cli) -> None:
    cli.ok(
        "init",
        "--office",
        "KPU Kabupaten Sijunjung",
        "--alias",
        "KPU Sijunjung",
        "--timezone",
        "WIB",
    )


def _load_demo(cli: Cli) -> None:
    from kpukoord import demo as demo_mod

    init_office(cli)
    demo_mod.load_articles(cli.db)


@pytest.fixture
def office(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A database for KPU Kabupaten Sijunjung with the bundled timetables."""
    return from_template(tmp_path_factory, "office", cli, init_office)


@pytest.fixture
def demo(office: Cli, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """The office database plus the agencies and meetings of the three news reports."""
    return from_template(tmp_path_factory, "demo", office, _load_demo)


def ids(result: Result) -> list[str]:
    return [line for line in result.stdout.split() if line]


Invoke = Callable[..., Result]


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """One headless Chromium for the run's printed pages (see tests/chromium_print.py)."""
    executable = chromium_print.browser()
    if not executable:
        pytest.skip("needs Chromium to print the pages")
    browser = Chromium(executable, tmp_path_factory.mktemp("chromium"))
    yield browser
    browser.close()
