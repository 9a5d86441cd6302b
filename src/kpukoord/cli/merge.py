"""kpukoord merge: bring offices' files into this one (a province's or KPU RI's rollup)."""

from pathlib import Path
from typing import Annotated, Any

import typer

from kpukoord.cli import _common


def merge(
    files: Annotated[
        list[Path], typer.Argument(help="Offices' database files (copies from 'db backup').")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Merge offices' files into this database: new rows added, newer copies win.

    Merging the same file again changes nothing. Rows this database wrote itself
    are never touched. The same agency created by several offices (same region and
    name or alias) is kept once. All or nothing: a broken file merges nothing.

    Example: kpukoord merge kiriman/kpu-gowa.db kiriman/kpu-maros.db
    """
    from kpukoord import merge as merge_mod

    results = merge_mod.merge(_common.db(), list(files), dry_run=dry_run)
    if json_out:
        _common.emit_json({"files": [r.as_dict() for r in results], "dry_run": dry_run})
        return
    for r in results:
        _common.say(f"{r.file}: {r.office or '(office without a name)'} (origin {r.origin})")
        for label in ("added", "updated", "removed", "unchanged"):
            counts: dict[str, int] = getattr(r, label)
            _common.say(f"  {label:<9} {sum(counts.values()):>7}{_per_table(counts)}")
        for m in r.matched:
            _common.say(f"  same agency: {m['name']} -> kept as {m['kept']} ({m['kept_id'][:12]})")
        for a in r.ambiguous:
            names = "; ".join(f"{x['name']} ({x['id'][:12]})" for x in a["matches"])
            _common.say(f"  ambiguous: {a['name']} matches {names}; kept separate")
    if dry_run:
        _common.note("dry run: nothing was written")


def _per_table(counts: dict[str, Any]) -> str:
    parts = [f"{t} {n}" for t, n in counts.items() if n]
    return f"  ({', '.join(parts)})" if parts else ""
