"""Typer's test runner, with each app's Click command built once per process.

``typer.testing.CliRunner.invoke`` turns the Typer app into a Click command on every
call: 50 command functions' signatures and type hints read again, about 12 ms a run, more
than most commands take. The command is the same every time (help texts are read when the
app is imported, in the language of that moment), so the suite builds it once. What the
command does is untouched: this is the object ``kpukoord`` itself runs.
"""

from __future__ import annotations

from typing import Any

import typer.main
import typer.testing

_built: dict[int, tuple[Any, Any]] = {}  # id(app) -> (app, its Click command)


def _command_once(app: Any) -> Any:
    kept = _built.get(id(app))
    if kept is None or kept[0] is not app:
        kept = _built[id(app)] = (app, typer.main.get_command(app))
    return kept[1]


def install() -> None:
    typer.testing._get_command = _command_once  # type: ignore[attr-defined]
