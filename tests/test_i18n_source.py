"""How messages are written in the source, so that translation cannot lose text.

A message must be a literal (or, for ``_()``, a name holding a literal marked with
``N_()`` where it is defined): ``_(f"unknown agency {name}")`` would never be found
in the catalog (and so never translated), and ``_("…" + name)`` would make the
user's text part of the template, where a ``{`` in a title breaks ``.format``.
Placeholders are filled after translation: ``_("unknown agency {name!r}").format(name=x)``.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from kpukoord.language import i18n

SOURCE = Path(__file__).resolve().parent.parent / "src" / "kpukoord"
MARKERS = {"_": 1, "gettext": 1, "N_": 1, "ngettext": 2}  # name -> literal arguments


@functools.cache  # the source does not change during a run: parsed once
def _trees() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for path in sorted(SOURCE.rglob("*.py"))
    ]


@functools.cache
def _calls() -> list[tuple[str, int, ast.Call, str]]:
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
            ):
                found.append((str(path.relative_to(SOURCE)), node.lineno, node, node.func.id))
    return found


def _literal(arg: ast.expr, marker: str) -> bool:
    """A string literal; for _() also a name holding a message marked with N_()."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return True
    if marker != "_":
        return False
    # a name, or a table of names indexed: STATE_LABEL[state]
    return isinstance(arg, ast.Name) or (
        isinstance(arg, ast.Subscript) and isinstance(arg.value, ast.Name)
    )


def test_the_source_has_messages_to_check() -> None:
    assert len(_calls()) > 100


def test_every_message_is_a_plain_literal() -> None:
    wrong = []
    for where, line, call, name in _calls():
        if name == "_" and where == "i18n.py":
            continue  # the definitions themselves
        literals = call.args[: MARKERS[name]]
        if len(literals) < MARKERS[name] or not all(_literal(a, name) for a in literals):
            wrong.append(f"{where}:{line}: {name}() of {ast.unparse(call)[:80]}")
    assert not wrong, "messages must be string literals:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_brace_in_a_value_is_kept_literally(lang: str) -> None:
    """The template is translated, then filled: the value is never read as a template."""
    previous = i18n.set_language(lang)
    try:
        title = "Rakor {title} [/bold] {0}"
        assert title in i18n._("removed {id} {title}").format(id="01ABC", title=title)
    finally:
        i18n.set_language(previous)


def test_no_function_hides_the_translation_function() -> None:
    """``for x, _ in …`` inside a function that also calls ``_()`` makes ``_`` local there:
    the message call then fails with UnboundLocalError instead of saying anything."""
    clashes = []
    for path, tree in _trees():
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            nodes = list(ast.walk(fn))
            binds = [n for n in nodes if isinstance(n, ast.Name) and n.id == "_"]
            binds = [n for n in binds if isinstance(n.ctx, ast.Store)]
            binds += [a for a in fn.args.args + fn.args.kwonlyargs if a.arg == "_"]
            calls = [
                n
                for n in nodes
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
            ]
            if binds and calls:
                clashes.append(f"{path.relative_to(SOURCE)}:{fn.lineno}: {fn.name}")
    assert not clashes, "'_' assigned where _() is called:\n" + "\n".join(clashes)
