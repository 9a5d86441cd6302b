"""The package's rooms and the way imports flow between them (issue 27).

Each folder of ``src/kpukoord`` is a layer; a module imports only from its own layer or
the ones below it, at the top of the file or inside a function alike, and no chain of
top-of-file imports comes back to where it started. A new upward import or cycle fails
here, naming the modules, instead of slowing the next change down.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kpukoord"

# Lowest first. The records an office keeps and the timetables they cite are one layer:
# a meeting links stages, a stage lists the meetings that cite it.
LAYERS: list[tuple[str, set[str]]] = [
    ("base", {"record", ""}),  # plain records, the version
    ("language", {"language", "errors"}),  # dates, names, regions, text, YAML, i18n; errors
    ("store", {"store"}),  # the file, its migrations, row rules, history
    ("domain", {"records", "timetables"}),
    ("reports", {"reports", "news"}),  # the weekly and offices reports; news reports read
    ("views", {"views"}),  # what a person reads
    ("exchange", {"exchange"}),  # files in and out, merge, Datasette
    ("doors", {"cli", "demo", "__main__", "surface", "fastpath", "fastcomplete", "completion"}),
]
RANK = {room: i for i, (_name, rooms) in enumerate(LAYERS) for room in rooms}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, at the top of the file?) for every kpukoord import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kpukoord" or node.module.startswith("kpukoord."):
                # 'from kpukoord.store import rows' imports the module kpukoord.store.rows
                names = [
                    f"{node.module}.{a.name}"
                    if _is_module(f"{node.module}.{a.name}")
                    else node.module
                    for a in node.names
                ]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("kpukoord.")]
        found += [(name, id(node) in top) for name in names]
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


@functools.cache  # the source does not change during a run: parsed once
def graph() -> dict[str, list[tuple[str, bool]]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_lives_in_a_known_room() -> None:
    unknown = {m for m in graph() if room(m) not in RANK}
    assert not unknown, f"add these to a layer of tests/test_layers.py: {sorted(unknown)}"


def test_imports_flow_down_the_layers() -> None:
    upward = sorted(
        f"{m} ({LAYERS[RANK[room(m)]][0]}) imports {t} ({LAYERS[RANK[room(t)]][0]})"
        for m, targets in graph().items()
        for t, _top in targets
        if room(t) in RANK and RANK[room(t)] > RANK[room(m)]
    )
    assert not upward, "\n".join(upward)


def test_no_cycle_of_top_level_imports() -> None:
    g = graph()
    # 'from kpukoord.store.db import Database' is an edge to kpukoord.store.db; 'from
    # kpukoord.store import rows' names a module too
    edges = {m: {t for t, top in ts if top and t in g} for m, ts in g.items()}
    seen: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if nxt not in edges or nxt == node:
                continue
            if seen.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for start in sorted(edges):
        if start not in seen:
            visit(start, [start])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The rule above can fail: a language module that imports the command line."""
    bad = tmp_path / "bad.py"
    bad.write_text("from kpukoord.cli import app\n", encoding="utf-8")
    [(target, top)] = imports(bad)
    assert target == "kpukoord.cli" and top
    assert RANK[room(target)] > RANK[room("kpukoord.language.bad")]
