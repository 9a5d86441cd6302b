"""The same meeting added twice: refused, through both doors, unless asked for.

An operator in a hurry runs 'meeting add' again (the terminal's history, a second try
after a slow network drive), or adds a draft already added: the second copy would double
the meeting in every list, report and count without a word. A meeting of the same day,
host and title, at the same time or with no time on either side, is refused by name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli, dump
from test_fastpath import _fast

PLENO = ["--title", "Rapat pleno rekapitulasi DPB", "--date", "Senin (4/1/2027)"]


def test_the_same_meeting_again_is_refused_by_name(office: Cli) -> None:
    first = office.ok("meeting", "add", *PLENO, today="2026-12-07").stdout.strip()
    err = office.fails("meeting", "add", *PLENO, today="2026-12-07").stderr
    assert err.splitlines() == [
        f"error: meeting {first} has the same day, host and title: already recorded? "
        f"('kpukoord meeting show {first}'; --allow-duplicate adds it anyway)"
    ]
    second = office.ok("meeting", "add", *PLENO, "--allow-duplicate", today="2026-12-07")
    assert second.stdout.strip() != first
    assert len(office.json("meeting", "list", "--all")) == 2


@pytest.mark.slow
def test_the_fast_path_refuses_it_as_typer_does(office: Cli) -> None:
    office.ok("meeting", "add", *PLENO)
    before = dump(office.db)
    fast = _fast(office, PLENO)
    typed = office("meeting", "add", *PLENO)
    assert (fast.returncode, fast.stderr) == (typed.exit_code, typed.stderr) == (1, typed.stderr)
    assert dump(office.db) == before
    assert _fast(office, [*PLENO, "--allow-duplicate"]).returncode == 0


def test_another_time_another_host_or_a_removed_one_is_no_twin(office: Cli) -> None:
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung")
    morning = office.ok("meeting", "add", *PLENO, "--time", "09.00").stdout.strip()
    office.ok("meeting", "add", *PLENO, "--time", "14.00")  # the afternoon session
    office.fails("meeting", "add", *PLENO)  # no time: it may be either of them
    office.ok("meeting", "add", *PLENO, "--host", "Bawaslu Kabupaten Sijunjung")
    office.ok("meeting", "remove", morning)
    office.ok("meeting", "add", *PLENO, "--time", "09.00")  # the removed one is no twin


def test_a_file_holding_the_meeting_twice_is_refused_whole(office: Cli, tmp_path: Path) -> None:
    f = tmp_path / "rapat.yaml"
    f.write_text(
        "- {title: Rakor pengamanan, date: 5 Juli 2024}\n"
        "- {title: Rakor logistik, date: 5 Juli 2024}\n"
        "- {title: Rakor pengamanan, date: 5 Juli 2024}\n",
        encoding="utf-8",
    )
    err = office.fails("meeting", "add", "--from-file", str(f)).stderr
    # the third item, named by its line, and the first, never an id the file did not store
    assert err == (
        f"error: {f}:3: the same day, host and title as {f}:1: a duplicate? "
        "(--allow-duplicate adds it anyway)\n"
    )
    assert office.json("meeting", "list") == []  # nothing of the file
    f.write_text(
        "- {title: Pleno, date: 5 Juli 2024, time: '09.00'}\n"
        "- {title: Pleno, date: 5 Juli 2024, time: '13.00'}\n",
        encoding="utf-8",
    )
    assert len(office.json("meeting", "add", "--from-file", str(f))) == 2  # two sessions


def test_an_import_keeps_a_morning_and_an_afternoon_session(office: Cli, tmp_path: Path) -> None:
    f = tmp_path / "rapat.csv"
    f.write_text(
        "title,start_date,start_time\nPleno X,2024-07-08,09:00\nPleno X,2024-07-08,13:00\n"
        "Pleno X,2024-07-08,\n",
        encoding="utf-8",
    )
    err = office.fails("import", "meetings", str(f)).stderr
    assert f"{f}:4: same day, host and title as {f}:2: a duplicate?" in err  # no time: either
    f.write_text(f.read_text(encoding="utf-8").rsplit("Pleno X,2024-07-08,\n", 1)[0])
    assert office.json("import", "meetings", str(f))["inserted"] == 2
