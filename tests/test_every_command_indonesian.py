"""Every command and subcommand speaks Indonesian by default (issue 26).

``walk_commands.py`` discovers the commands from the app's Click tree and runs each one
(help, error paths, and a success path on a database holding every kind of record) in a
fresh process with the default language. Any word of ``english_words.txt`` in what a
user reads fails here, unless it is the user's own data (the arguments typed, the names
and texts stored) or part of a command line (command and option names are English by
design: ``kpukoord meeting add --new-agencies``). Machine formats keep their English
keys (JSON, CSV, YAML); of a calendar, the texts a calendar program shows are checked.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.slow  # real processes, servers or terminals

HERE = Path(__file__).resolve().parent
ENGLISH = {
    line.strip()
    for line in (HERE / "english_words.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}
# an id, whole or cut ("01M989Y762BY25YG…"): its letters are no words ("BY")
ULID = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-Z]*\d[0-9A-Z]*\d)[0-9A-HJKMNP-TV-Z]{8,26}")


CODE = re.compile(
    r"\S+\.[a-z]{2,}/\S*"  # a web address: news.okezone.com/read/...
    r"|\b\w+_\w+\b"  # an identifier: quick_check, voting_day
    r"|\b[\w-]+="  # a field of a typed spec: 'URAIAN; by=NAMA'
)


def words(text: str) -> set[str]:
    text = re.sub(r"\w*\d\w*", " ", ULID.sub(" ", text))  # ids, codes and numbers: no words
    return {w.lower() for w in re.findall(r"[^\W\d_]{2,}", CODE.sub(" ", text))}


def typed_keys() -> set[str]:
    """Stored vocabulary a user types as an option's value: help and errors list the keys."""
    from kpukoord.exchange import files as exchange
    from kpukoord.records import agencies, meetings

    keys = [*meetings.STATUSES, *agencies.KINDS, *meetings.ROLES, *exchange.TABLES]
    keys += [*meetings.KINDS, "open", "done", "dropped"]
    return {w for k in keys for w in words(k)}


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], Path]:
    work = tmp_path_factory.mktemp("walk")
    env = {k: v for k, v in os.environ.items() if k != "KPUKOORD_LANG"}
    proc = subprocess.run(
        [sys.executable, str(HERE / "walk_commands.py"), str(work)],
        env=env,
        cwd=work,  # a file an argument names ('db backup zzqx') is written there
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout), work


def _user_words(work: Path, runs: list[dict[str, Any]]) -> set[str]:
    """What the user typed or stored: never a leak, whatever its language."""
    commands = _command_words(runs)
    typed = [a for r in runs for a in r["args"] if a not in commands and not a.startswith("-")]
    found = words(" ".join(typed))  # the values typed, not the command's names
    columns = {
        "agency": ("name", "aliases"),
        "person": ("name",),
        "position": ("title", "divisi"),
        "meeting": ("title", "venue", "source", "chair", "notes"),
        "decision": ("text",),
        "action": ("text", "done_note"),
        "office": ("name",),
    }
    for name in ("base.db", "lain.db", "demo.db"):
        conn = sqlite3.connect(work / name)
        try:
            for table, cols in columns.items():
                for row in conn.execute(f"SELECT {', '.join(cols)} FROM {table}"):  # noqa: S608
                    found |= words(" ".join(str(v) for v in row if v))
        finally:
            conn.close()
    return found


def _command_words(runs: list[dict[str, Any]]) -> set[str]:
    return {w for r in runs for w in r["command"].split()}


def readable(out: str, commands: set[str]) -> str:
    """The part of an output a person reads, without command lines and machine keys."""
    text = out.lstrip()
    if text.startswith(("{", "[")):
        return ""  # JSON: English keys by contract
    if text.startswith("BEGIN:VCALENDAR"):
        unfolded = out.replace("\r\n ", "").replace("\n ", "")
        return "\n".join(
            line.split(":", 1)[1]
            for line in unfolded.splitlines()
            if line.startswith(("SUMMARY", "DESCRIPTION", "LOCATION"))
        )
    if re.match(r"[a-z_]+(,[a-z_]+)+\r?\n", text):
        return ""  # CSV: English column names by contract
    if text.startswith("title:") and "\ndatabases:" in text:  # Datasette's metadata
        return "\n".join(_shown_in_datasette(yaml.safe_load(text)))
    names = "|".join(sorted(commands, key=len, reverse=True))
    # a command line: 'kpukoord --db FILE meeting add', or quoted: 'meeting add --series'
    out = re.sub(r"\bkpukoord(\s+--(?:db|lang)[ =]\S+)?((?:\s+(?:" + names + r")\b)*)", " ", out)
    out = re.sub(r"'(?:" + names + r")\b[^']{0,200}'", " ", out)
    out = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", out)  # option names
    return out


def _shown_in_datasette(node: Any, key: str = "") -> list[str]:
    """The texts Datasette shows: titles, descriptions, column descriptions."""
    if isinstance(node, dict):
        return [t for k, v in node.items() for t in _shown_in_datasette(v, str(k))]
    if isinstance(node, list):
        return [t for v in node for t in _shown_in_datasette(v, key)]
    return [str(node)] if key in ("title", "description") or key not in MACHINE else []


# Datasette metadata keys whose values are for the program (SQL, column names), not shown.
MACHINE = {"sql", "label_column", "sort_desc", "sort", "fts_table", "fts_pk", "params", "hidden"}


def test_the_walk_covers_every_command(walk) -> None:  # type: ignore[no-untyped-def]
    runs, _work = walk
    from walk_commands import SUCCESS

    commands = {r["command"] for r in runs}
    assert len(commands) >= 45
    assert set(SUCCESS) <= commands  # a renamed command leaves no stale sample here
    from walk_commands import ERRORS

    succeeded = {r["command"] for r in runs if r["exit"] == 0 and "--help" not in r["args"]}
    assert succeeded == set(SUCCESS), sorted(set(SUCCESS) - succeeded)
    errors = {tuple(a) for runs_of in ERRORS.values() for a in runs_of}
    assert all(r["exit"] != 0 for r in runs if tuple(r["args"]) in errors)
    failed = {r["command"] for r in runs if r["exit"] != 0}
    assert failed == commands  # an error path of every command ran too
    for r in runs:
        assert "Traceback" not in r["out"] and "internal error" not in r["out"], r


def test_no_english_word_in_any_command(walk) -> None:  # type: ignore[no-untyped-def]
    runs, work = walk
    allowed = _user_words(work, runs)
    commands = _command_words(runs)
    keys = typed_keys()
    leaks: dict[str, set[str]] = {}
    for r in runs:
        text = readable(r["out"], commands)
        found = (words(text) & ENGLISH) - allowed
        if "--help" in r["args"] or r["exit"] == 2 or r["command"] == "publish metadata":
            found -= keys  # what to type: "--status held (terlaksana)", "pilih dari: ..."
        else:  # an error message may list the keys to choose from, nothing else may
            lines = text.splitlines()
            listing = " ".join(line for line in lines if line.startswith("error:"))
            found -= keys & words(listing)
        if found:
            leaks[" ".join(r["args"])] = found
    assert not leaks, "English in the default output:\n" + "\n".join(
        f"  kpukoord {args}: {', '.join(sorted(found))}" for args, found in sorted(leaks.items())
    )


def test_the_check_catches_an_english_word() -> None:
    """The filter itself: an English word outside a command line is caught, inside is not."""
    commands = {"meeting", "add", "agency"}
    out = "rapat disimpan; added 2 (lihat 'kpukoord meeting add --new-agencies')"
    assert words(readable(out, commands)) & ENGLISH == {"added"}
    assert {"held", "chair", "speaker", "updated", "nearest"} <= ENGLISH


# The README's name of each command's JSON view, where it is not the command's own.
JSON_VIEW = {
    "meeting add": "meeting",
    "meeting list": "meeting",
    "meeting show": "meeting",
    "meeting edit": "meeting",
    "agency add": "agency",
    "agency list": "agency",
    "agency edit": "agency",
    "action add": "action",
    "action list": "action",
    "person add": "person",
    "person show": "person",
    "person edit": "person",
}


def test_every_json_output_has_the_keys_the_readme_lists(walk) -> None:  # type: ignore[no-untyped-def]
    """Every command with --json, on its success path: keys exactly as the README says."""
    from test_contract import SPECS, check

    runs, _work = walk
    checked = set()
    for r in runs:
        if r["args"][-1] != "--json" or r["exit"] != 0:
            continue
        name = JSON_VIEW.get(r["command"], r["command"])
        assert name in SPECS, f"'{r['command']} --json' is not in the README's JSON contract"
        data = json.loads(r["out"])
        for item in data if isinstance(data, list) else [data]:
            check(item, SPECS[name], " ".join(r["args"]))
        checked.add(r["command"])
    assert len(checked) >= 25, sorted(checked)
