"""Tab completion through Click's shell-completion protocol, as the installed scripts run it.

The shell runs ``kpukoord`` with ``_KPUKOORD_COMPLETE=complete_bash`` (zsh, fish) and
the line typed so far in its environment; these tests do the same with real
processes on the demonstration records (the three meetings from the news: Luwu
Utara 2023, Sijunjung and Bengkulu Utara 2024) and check what the shell would get.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Cli, dump
from kpukoord import completion

# The Typer door alone (kpukoord.__main__ first tries kpukoord.fastcomplete).
TYPER_DOOR = "from kpukoord.cli import make_app; make_app()(args=[], prog_name='kpukoord')"


def complete(
    db: Path, shell: str, line: str, cur: str | None = None, *, typer_door: bool = False
) -> list[str]:
    """What kpukoord answers a shell completing ``line`` (bash: ``cur`` is bash's word)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMP_", "_TYPER"))}
    env.update(KPUKOORD_DB=str(db), KPUKOORD_LANG="en", _KPUKOORD_COMPLETE=f"complete_{shell}")
    if shell == "bash":
        env["COMP_LINE"] = line
        env["COMP_CUR"] = line.split(" ")[-1] if cur is None else cur
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    door = ["-c", TYPER_DOOR] if typer_door else ["-m", "kpukoord"]
    run = subprocess.run(
        [sys.executable, *door], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    return [line for line in run.stdout.splitlines() if line]  # none: an empty line


def test_agency_names_complete_and_bash_gets_them_escaped(demo: Cli) -> None:
    bash = complete(demo.db, "bash", "kpukoord meeting add --attendee Baw")
    assert "Bawaslu\\ Kabupaten\\ Sijunjung" in bash  # one word for bash, as typed by hand
    assert "Bawaslu\\ Sijunjung" in bash  # its alias too
    fish = complete(demo.db, "fish", "kpukoord agency show Baw")
    assert "Bawaslu Kabupaten Sijunjung\tbawaslu" in fish  # fish shows the kind beside it
    assert "Bawaslu Sijunjung\tBawaslu Kabupaten Sijunjung" in fish  # an alias says whose
    quoted = complete(demo.db, "bash", 'kpukoord agency show "Bawaslu Kab', '"Bawaslu Kab')
    assert quoted == ['"Bawaslu Kabupaten Bengkulu Utara"', '"Bawaslu Kabupaten Sijunjung"']


def test_stage_reference_completes_after_the_schedule_code(demo: Cli) -> None:
    zsh = "\n".join(complete(demo.db, "zsh", "kpukoord stage show pkpu-2-2024:cok"))
    assert '"pkpu-2-2024\\\\:coklit"' in zsh  # zsh's _arguments escapes the ':'
    # bash splits the word at ':' and replaces only what follows it
    assert complete(demo.db, "bash", "kpukoord stage show pkpu-2-2024:cok", "cok") == ["coklit"]
    by_key = complete(demo.db, "bash", "kpukoord meeting list --stage cok")
    assert "coklit" in by_key
    codes = complete(demo.db, "bash", "kpukoord meeting add --stage pkpu-2")
    assert "pkpu-2-2024:" in codes


def test_meeting_id_completes_from_four_characters_with_its_title(demo: Cli) -> None:
    meetings = demo.json("meeting", "list")
    rakor = next(m for m in meetings if m["title"].startswith("Rakor persiapan"))
    prefix = rakor["id"][:4]
    bash = complete(demo.db, "bash", f"kpukoord meeting show {prefix.lower()}")
    assert rakor["id"] in bash
    assert all(c.startswith(prefix) for c in bash)
    zsh = "\n".join(complete(demo.db, "zsh", f"kpukoord meeting show {prefix}"))
    assert f'"{rakor["id"]}":"2024-07-05 {rakor["title"]}"' in zsh  # zsh shows the title


def test_keys_complete_inside_attendee_and_action_values(demo: Cli) -> None:
    line = "kpukoord meeting add --action 'Tinjau fasilitas kantor PPK; ow"
    assert complete(demo.db, "bash", line, "'Tinjau fasilitas kantor PPK; ow") == [
        "'Tinjau fasilitas kantor PPK; owner='"
    ]
    keys = complete(demo.db, "fish", "kpukoord meeting add --attendee 'KPU Sijunjung;")
    assert keys == [f"KPU Sijunjung; {k}=" for k in ("person", "position", "divisi", "agency")]
    owner = complete(demo.db, "fish", "kpukoord meeting add --action 'Rakor; owner=Baw")
    assert "Rakor; owner=Bawaslu Kabupaten Sijunjung\tbawaslu" in owner


def test_fixed_vocabularies_complete(demo: Cli) -> None:
    assert complete(demo.db, "bash", "kpukoord meeting add --timezone WI") == ["WIB", "WITA", "WIT"]
    assert complete(demo.db, "bash", "kpukoord meeting list --kind coff") == ["coffee-morning"]
    assert complete(demo.db, "bash", "kpukoord agency add X --kind kesb") == ["kesbangpol"]
    assert complete(demo.db, "bash", "kpukoord meeting list --status pl") == ["planned"]
    assert complete(demo.db, "bash", "kpukoord meeting minutes X --format d") == ["docx"]
    assert complete(demo.db, "bash", "kpukoord report weekly --format h") == ["html"]
    regions = complete(demo.db, "fish", "kpukoord agency add X --region 13.0")
    assert "13.03\tKab. Sijunjung" in regions or any(r.startswith("13.03\t") for r in regions)
    assert all(r.count(".") == 1 for r in regions)  # kabupaten of Sumatera Barat, not kecamatan


def test_completion_reads_only_and_never_creates_a_file(demo: Cli, tmp_path: Path) -> None:
    before = dump(demo.db)
    files = sorted(p.name for p in demo.db.parent.iterdir())
    stamp = demo.db.stat().st_mtime_ns
    complete(demo.db, "bash", "kpukoord meeting add --attendee Baw")
    complete(demo.db, "zsh", "kpukoord meeting show 01")
    assert sorted(p.name for p in demo.db.parent.iterdir()) == files  # no -wal, no -shm
    assert demo.db.stat().st_mtime_ns == stamp and dump(demo.db) == before
    missing = tmp_path / "nowhere" / "kpukoord.db"
    assert complete(missing, "bash", "kpukoord agency show Baw") == []
    assert not missing.parent.exists()
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert complete(foreign, "bash", "kpukoord agency show Baw") == []


BASH_TAB = """
source <(_KPUKOORD_COMPLETE=source_bash kpukoord)
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
mapfile -t COMP_WORDS <<< "$2"; COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_kpukoord_completion kpukoord
printf '%s\\n' "${COMPREPLY[@]}"
"""


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
@pytest.mark.parametrize(
    ("line", "words", "reply"),
    [
        # bash splits words at ':' (COMP_WORDBREAKS): it gets the rest of the reference
        (
            "kpukoord stage show pkpu-2-2024:cok",
            ["kpukoord", "stage", "show", "pkpu-2-2024", ":", "cok"],
            ["coklit"],
        ),
        # a name with spaces is one escaped word on the command line
        (
            "kpukoord agency show Bawaslu\\ Kabupaten\\ Sij",
            ["kpukoord", "agency", "show", "Bawaslu\\ Kabupaten\\ Sij"],
            ["Bawaslu\\ Kabupaten\\ Sijunjung"],
        ),
        # or inside the quote the operator opened
        (
            'kpukoord meeting add --attendee "KPU Sij',
            ["kpukoord", "meeting", "add", "--attendee", '"KPU Sij'],
            ['"KPU Sijunjung"'],
        ),
    ],
)
def test_the_bash_script_as_bash_runs_it(
    demo: Cli, line: str, words: list[str], reply: list[str]
) -> None:
    """The script kpukoord installs, run by bash with the variables bash sets on Tab."""
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMP_", "_KPUKOORD"))}
    env.update(KPUKOORD_DB=str(demo.db), PATH=bin_dir + os.pathsep + env.get("PATH", ""))
    run = subprocess.run(
        ["bash", "-c", BASH_TAB, "tab", line, "\n".join(words)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == reply


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=8))
def test_every_agency_candidate_starts_with_what_was_typed(demo: Cli, typed: str) -> None:
    conn = completion.open_readonly(demo.db)
    assert conn is not None
    try:
        found = completion.agencies(conn, typed)
        names = [n for (n,) in conn.execute("SELECT name FROM agency WHERE deleted_at IS NULL")]
    finally:
        conn.close()
    assert all(v.casefold().startswith(typed.casefold()) for v, _h in found)
    if not found:  # nothing offered: no name starts with it
        assert not any(n.casefold().startswith(typed.casefold()) for n in names)


@pytest.mark.parametrize("typed", ["Bawaslu", "bawaslu kab", "KPU", "Polres Sij"])
def test_a_typed_prefix_of_a_name_finds_it(demo: Cli, typed: str) -> None:
    conn = completion.open_readonly(demo.db)
    assert conn is not None
    try:
        found = [v for v, _h in completion.agencies(conn, typed)]
    finally:
        conn.close()
    expected = [
        a["name"]
        for a in demo.json("agency", "list")
        if a["name"].casefold().startswith(typed.casefold())
    ]
    assert expected and set(expected) <= set(found)


@pytest.mark.parametrize(
    ("shell", "line", "cur"),
    [
        ("bash", "kpukoord meeting add --attendee Baw", "Baw"),
        ("fish", "kpukoord --db {db} action add Rakor --owner kpu", None),
        ("bash", "kpukoord stage show pkpu-2-2024:cok", "cok"),
        ("zsh", "kpukoord meeting show 01", None),
        ("bash", "kpukoord meeting add --action 'Rakor; ow", "'Rakor; ow"),
        ("fish", "kpukoord agency list --kind ke", None),
        ("zsh", "kpukoord action done ZZZ", None),  # nothing: zsh is offered files
        ("bash", "kpukoord search rakor --agency Bawaslu\\ K", "Bawaslu\\ K"),
        ("fish", "kpukoord init --region 13.0", None),
    ],
)
def test_both_doors_answer_the_same(demo: Cli, shell: str, line: str, cur: str | None) -> None:
    line = line.format(db=demo.db)
    fast = complete(demo.db, shell, line, cur)
    typer = complete(demo.db, shell, line, cur, typer_door=True)
    assert fast == typer


def test_the_fast_door_knows_the_commands_as_typer_builds_them() -> None:
    """FIRST_ARGUMENT and the option names match the commands' own parameters."""
    import typer.main

    from kpukoord import cli, fastcomplete
    from kpukoord.completion import BY_PARAM

    assert set(cli.GROUPS) == fastcomplete.GROUPS
    assert set(cli.ROOT_COMMANDS) == fastcomplete.ROOT_COMMANDS
    root = typer.main.get_command(cli.app)
    for (group, name), key in fastcomplete.FIRST_ARGUMENT.items():
        command = root.commands[group].commands[name]  # type: ignore[attr-defined]
        first = next(p for p in command.params if p.param_type_name == "argument")
        assert f"argument:{first.name}" == key, (group, name)
    for group, sub in root.commands.items():  # type: ignore[attr-defined]
        for command in getattr(sub, "commands", {}).values() or [sub]:
            for param in command.params:
                if param.param_type_name != "option" or getattr(param, "is_flag", False):
                    continue
                for flag in param.opts:
                    key = flag[2:].replace("-", "_") if flag.startswith("--") else None
                    if key in BY_PARAM:  # the fast door reads the flag as this parameter
                        assert param.name == key, (group, command.name, flag)


def test_stored_text_cannot_act_on_the_terminal_through_a_completion(demo: Cli) -> None:
    """A title as typed ('[/bold]', accepted) and one from an older or merged file with
    an escape sequence (refused by today's text rule, but stored) are shown harmless."""
    meetings = demo.json("meeting", "list")
    marked, escaped = meetings[0]["id"], meetings[1]["id"]
    demo.ok("meeting", "edit", marked, "--title", "Rakor [/bold] | =x", today="2024-12-01")
    conn = sqlite3.connect(demo.db)
    with conn:
        conn.execute("UPDATE meeting SET title = ? WHERE id = ?", ["Rapat \x1b]8;;x\x07", escaped])
    conn.close()
    for door in (False, True):
        out = complete(demo.db, "fish", "kpukoord meeting show 0", typer_door=door)
        text = "\n".join(out)
        assert "\x1b" not in text and "\x07" not in text, door
        assert any(line.startswith(marked) and "Rakor [/bold] | =x" in line for line in out)
        assert any(line.startswith(escaped) and "Rapat \ufffd]8;;x\ufffd" in line for line in out)
