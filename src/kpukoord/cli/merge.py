"""kpukoord merge: bring offices' files into this one (a province's or KPU RI's rollup)."""

from pathlib import Path
from typing import Annotated, Any

import typer

from kpukoord.cli import _common, _progress
from kpukoord.cli._options import JsonPlainOpt, dry_run_flag
from kpukoord.language.i18n import _

HELP = _(
    """Merge offices' files into this database: new rows added, newer copies win.

Merging the same file again changes nothing. Rows this database wrote itself
are never touched. The same agency created by several offices (same region and
name or alias) is kept once. All or nothing: a broken file merges nothing.
Every row is checked as typed input is, and must come from the sending office
(or an office its own merges record): a file with any other row is refused
whole, naming each, unless --skip-invalid.

Example: kpukoord merge kiriman/kpu-gowa.db kiriman/kpu-maros.db"""
)


def merge(
    files: Annotated[
        list[Path], typer.Argument(help=_("Offices' database files (copies from 'db backup')."))
    ],
    dry_run: Annotated[bool, dry_run_flag(_("Say what would change; write nothing."))] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help=_(
                "Merge a file's valid rows and list the rows left out (by default a "
                "file with an invalid row is refused whole)."
            ),
        ),
    ] = False,
    json_out: JsonPlainOpt = False,
) -> None:
    # help: HELP (translated)
    from kpukoord.exchange import merge as merge_mod
    from kpukoord.views import lists

    with _progress.meter(json_out) as meter:
        results = merge_mod.merge(
            _common.db(), list(files), dry_run=dry_run, skip_invalid=skip_invalid, progress=meter
        )
    if json_out:
        _common.emit_json({"files": [r.as_dict() for r in results], "dry_run": dry_run})
        return
    for r in results:
        _common.say(
            _("{file}: {office} (origin {origin})").format(
                file=r.file, office=r.office or _("(office without a name)"), origin=r.origin
            )
        )
        for label in ("added", "updated", "removed", "unchanged"):
            counts: dict[str, int] = getattr(r, label)
            shown = lists.status_label(label)
            _common.say(f"  {shown:<13} {sum(counts.values()):>7}{_per_table(counts)}")
        for m in r.matched:
            _common.say(
                "  "
                + _("same agency: {name} -> kept as {kept} ({id})").format(
                    name=m["name"], kept=m["kept"], id=m["kept_id"][:12]
                )
            )
        for a in r.ambiguous:
            names = "; ".join(f"{x['name']} ({x['id'][:12]})" for x in a["matches"])
            _common.say(
                "  "
                + _("ambiguous: {name} matches {names}; kept separate").format(
                    name=a["name"], names=names
                )
            )
        for x in r.skipped:
            _common.say(
                "  "
                + _("left out: {table} {id}: {column}: {problem}").format(
                    table=x["table"], id=x["id"], column=x["column"], problem=x["problem"]
                )
            )
    if dry_run:
        _common.note(_("dry run: nothing was written"))


def _per_table(counts: dict[str, Any]) -> str:
    from kpukoord.views.vocabulary import label

    parts = [f"{label(t)} {n}" for t, n in counts.items() if n]
    return f"  ({', '.join(parts)})" if parts else ""
