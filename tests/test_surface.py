"""The command line's surface is declared once (kpukoord.surface) and a failure is told
once (kpukoord.errors.describe): both front doors, Typer and the start-up fast path,
read the same declaration and print the same line (issue 27)."""

from __future__ import annotations

import functools
from typing import Any

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Cli
from kpukoord import errors, fastpath, surface
from kpukoord.cli import command_name, make_app


def test_the_global_options_are_the_root_commands() -> None:
    params = {p.name: p for p in _root().params}
    assert params["db"].opts == [surface.DB] and params["db"].envvar == surface.DB_ENV
    assert params["lang"].opts == [surface.LANG]
    assert set(surface.GLOBAL.values()) == {"db", "lang"}


@functools.cache
def _root() -> Any:
    return typer.main.get_command(make_app())


_PAIR = st.sampled_from(
    [["--db", "k.db"], ["--db=k.db"], ["--db", ""], ["--lang", "en"], ["--lang=id"]]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_PAIR, max_size=3).filter(lambda ps: sum("lang" in p[0] for p in ps) <= 1),
    st.sampled_from(["meeting", "agency", "init", "demo"]),
    st.lists(st.sampled_from(["list", "--json", "--lang", "en", "x"]), max_size=3),
)
def test_the_global_grammar_reads_as_click_reads_it(
    pairs: list[list[str]], command: str, tail: list[str]
) -> None:
    """surface.leading finds the command name and --lang where Click's root parser does."""
    argv = [word for pair in pairs for word in pair] + [command, *tail]
    ctx = _root().make_context("kpukoord", list(argv), resilient_parsing=True)
    lead = surface.leading(argv)
    assert lead.command is not None and argv[lead.command] == command
    assert ctx.args == argv[lead.command + 1 :]  # Click took the same words as its own
    assert surface.language_of(argv) == ctx.params["lang"]
    assert (lead.last("db") or None) == (ctx.params["db"] or None)  # the last one wins
    assert command_name(argv) == command


def _boom(*args: object, **kwargs: object) -> str:
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    ("where", "failure"),
    [
        ("add", _boom),  # a bug: one line, not a traceback, in both doors
        ("add", OSError(28, "No space left on device", "k.db")),
        ("add", UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")),
        ("draft_from_raw", errors.FileProblems(["rapat.yaml:3: no date", "rapat.yaml:9: x"])),
    ],
)
def test_both_doors_say_a_failure_alike(
    office: Cli,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
    failure: object,
) -> None:
    from kpukoord.records import meetings

    def fail(*args: object, **kwargs: object) -> object:
        if callable(failure):
            return failure()
        raise failure  # type: ignore[misc]

    monkeypatch.setattr(meetings, where, fail)
    monkeypatch.delenv("KPUKOORD_DEBUG", raising=False)
    argv = ["meeting", "add", "-t", "Rakor", "-d", "5/7/2024"]
    monkeypatch.setenv("KPUKOORD_DB", str(office.db))
    code = fastpath.main(argv)
    fast = capsys.readouterr()
    typed = office(*argv)
    assert (code, fast.err) == (typed.exit_code, typed.stderr)
    assert fast.out == "" and fast.err.startswith("error: ") and "Traceback" not in fast.err
    exc = failure if isinstance(failure, BaseException) else RuntimeError("boom")
    assert fast.err == "".join(line + "\n" for line in errors.lines(exc))
    assert code == errors.exit_code(exc) == 1


def test_describe_gives_the_data_not_a_parsed_message() -> None:
    problems = errors.FileProblems(["a.yaml:1: x", "a.yaml:2: y"], unknown_agencies=["Dinas"])
    assert errors.describe(problems).splitlines() == problems.problems
    assert errors.exit_code(errors.UsageError("--kind")) == 2
    assert errors.exit_code(KeyboardInterrupt()) == 130
    assert errors.lines(errors.KpuError("nama \x1b[31m")) == ["error: nama ␛[31m"]
    assert not errors.is_bug(errors.NotFound("x")) and errors.is_bug(RuntimeError("x"))
