"""The Typer-free fast path of 'meeting add': same options, same result, same errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Cli
from kpukoord import fastpath


def _typer_add_params() -> list:  # type: ignore[type-arg]
    import typer.main

    from kpukoord.cli import meeting

    group = typer.main.get_command(meeting.app)
    return list(group.commands["add"].params)  # type: ignore[attr-defined]


def test_fields_are_the_commands() -> None:
    """The fast path fills each option's field as the Typer command does (one declaration,
    kpukoord.surface, read by both), and names it back by its long option."""
    from kpukoord import surface
    from kpukoord.cli import meeting

    for name, (opts, several) in fastpath.OPTIONS.items():
        field = surface.BY_PARAM[name].field
        value = ["x"] if several else "x"
        assert meeting._raw({name: value}) == {field: value}, name
        assert meeting._flag_locator(field, 0) == surface.field_locator(field) == opts[0]


def test_option_table_is_the_typer_commands() -> None:
    params = _typer_add_params()
    valued = {
        p.name: (tuple(p.opts), bool(p.multiple))
        for p in params
        if not p.is_flag and p.name not in fastpath.TYPER_ONLY
    }
    flags = {p.name: p.opts[0] for p in params if p.is_flag and p.name not in fastpath.TYPER_ONLY}
    assert valued == fastpath.OPTIONS
    assert flags == fastpath.FLAGS
    assert {p.name for p in params} == (
        set(fastpath.OPTIONS) | set(fastpath.FLAGS) | set(fastpath.TYPER_ONLY)
    )
    assert all(not p.secondary_opts for p in params if p.name in fastpath.FLAGS)


@pytest.mark.parametrize(
    "argv",
    [
        ["meeting", "add", "--help"],
        ["meeting", "add", "-t", "Rakor", "-d", "5/7/2024", "--json"],
        ["meeting", "add", "--from-file", "rapat.yaml"],
        ["meeting", "add", "-t", "Rakor", "-d", "5/7/2024", "--series", "Rakor mingguan"],
        ["meeting", "add", "-t", "Rakor", "-d", "5/7/2024", "--bogus", "x"],
        ["meeting", "add", "-tRakor", "-d", "5/7/2024"],  # bundled
        ["meeting", "add", "--title=Rakor", "--date", "5/7/2024"],
        ["meeting", "add", "--title", "Rakor", "--date"],  # missing value
        ["meeting", "add", "--title", "--date", "5/7/2024"],  # a value that is an option
        ["meeting", "add", "-t", "A", "-t", "B", "-d", "5/7/2024"],  # single option twice
        ["meeting", "add", "--date", "5/7/2024"],  # no title: Typer prompts or refuses
        ["meeting", "add", "-t", "Rakor", "-d", "5/7/2024", "extra"],  # a stray argument
        ["meeting", "list"],
        ["--db", "x.db", "meeting", "show", "01J"],
        ["meeting"],
    ],
)
def test_anything_unusual_falls_through_to_typer(argv: list[str]) -> None:
    assert fastpath.parse(argv) is None


def test_the_common_forms_are_taken() -> None:
    parsed = fastpath.parse(
        [
            "--db",
            "k.db",
            "meeting",
            "add",
            "-t",
            "Rakor",
            "--date",
            "5/7/2024",
            "-a",
            "Bawaslu",
            "--attendee",
            "Polres",
            "--new-agencies",
            "--note",
            "-",
        ]
    )
    assert parsed == (
        "k.db",
        {
            "title": "Rakor",
            "date": "5/7/2024",
            "attendee": ["Bawaslu", "Polres"],
            "new_agencies": True,
            "note": ["-"],
        },
    )


# Options of the Sijunjung rakor (MC Sijunjung, 8 Juli 2024), as an operator types them.
RAKOR = [
    "--title",
    "Rakor Persiapan Tahapan Pilkada 2024",
    "--date",
    "Jumat-Sabtu 5-6 Juli 2024",
    "--venue",
    "Hotel The ZHM Premiere Padang",
    "-a",
    "Bawaslu Sijunjung",
    "--attendee",
    "Polres Sijunjung; person=Kapolres; position=Kapolres Sijunjung",
    "--decision",
    "Sosialisasi coklit ke masyarakat",
    "--action",
    "Laporan coklit; owner=KPU Sijunjung; due=24 Juli 2024",
    "--stage",
    "coklit",
    "--time",
    "09.00",
    "--new-agencies",
]


def _fast(office: Cli, args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KPUKOORD_DB": str(office.db), "KPUKOORD_TODAY": office.today}
    code = (
        "import sys\nimport kpukoord.fastpath as f\nrc = f.main(sys.argv[1:])\n"
        "assert rc is not None, 'not taken'\nassert 'typer' not in sys.modules\nsys.exit(rc)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "meeting", "add", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _stored(office: Cli, mid: str) -> dict:  # type: ignore[type-arg]
    rec = office.json("meeting", "show", mid)
    for key in ("id", "created_at", "updated_at"):
        rec.pop(key)
    for a in rec["actions"]:
        a.pop("id")
    return rec


def test_fast_path_stores_what_typer_stores(office: Cli) -> None:
    fast = _fast(office, RAKOR)
    assert fast.returncode == 0, fast.stderr
    # CliRunner: always the Typer command; the same meeting again, on purpose
    typed = office.ok("meeting", "add", *RAKOR, "--allow-duplicate")
    assert _stored(office, fast.stdout.strip()) == _stored(office, typed.stdout.strip())


@pytest.mark.parametrize(
    "args",
    [
        ["--title", "Rakor", "--date", "31 Februari 2024"],
        ["--title", "Rakor", "--date", "5/7/2024", "--attendee", "Dinas Tak Dikenal"],
        ["--title", "Rakor", "--date", "5/7/2024", "--kind", "pesta"],
        ["--title", "Rakor", "--date", "5/7/2024", "--action", "Kirim data; owner=Tak Ada"],
    ],
)
def test_fast_path_errors_are_typers(office: Cli, args: list[str]) -> None:
    before = json.dumps(office.json("meeting", "list"))
    fast = _fast(office, args)
    typed = office("meeting", "add", *args)
    assert (fast.returncode, fast.stderr) == (typed.exit_code, typed.stderr)
    assert fast.stderr.startswith("error: ") and "Traceback" not in fast.stderr
    assert json.dumps(office.json("meeting", "list")) == before


def test_db_option_and_environment_as_typer(office: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "k.db"
    env = {**os.environ, "KPUKOORD_DB": str(missing), "KPUKOORD_TODAY": office.today}
    run = subprocess.run(
        [sys.executable, "-m", "kpukoord", "meeting", "add", "-t", "Rakor", "-d", "5/7/2024"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and "does not exist" in run.stderr
    assert not missing.parent.exists()  # KPUKOORD_DB is used as given, never created
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "kpukoord",
            "--db",
            str(office.db),
            "meeting",
            "add",
            "-t",
            "Rakor",
            "-d",
            "5/7/2024",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert office.json("meeting", "show", run.stdout.strip())["title"] == "Rakor"
