"""kpukoord search: full-text search over meetings, decisions, follow-ups and agencies."""

from typing import Annotated

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import FromOpt, JsonOpt, ToOpt


def search(
    query: Annotated[str, typer.Argument(help='Words to find, e.g. "logistik".')],
    agency: Annotated[
        str | None, typer.Option(help="Only meetings/follow-ups of this agency.")
    ] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.", min=1, max=500)] = 20,
    json_out: JsonOpt = False,
) -> None:
    """Find meetings, decisions, follow-ups and agencies by their words, best first.

    Example: kpukoord search logistik --agency Polres
    """
    from kpukoord import agencies
    from kpukoord import search as search_mod

    start, end = _common.window(from_, to)
    db = _common.db()
    hits = search_mod.search(
        db,
        query,
        start=start,
        end=end,
        agency_id=agencies.find(db, agency)["id"] if agency else None,
        limit=limit,
    )
    out = []
    for h in hits:
        plain, spans = search_mod.split_snippet(h["snippet"])
        out.append({**h, "snippet": plain, "highlights": [list(x) for x in spans]})
    _common.emit(json_out, out, lambda t: t.search_table(query, hits, search_mod.MARK))
