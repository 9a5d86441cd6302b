"""kpukoord search: full-text search over meetings, decisions, follow-ups and agencies."""

from typing import Annotated

import typer

from kpukoord.cli import _common
from kpukoord.cli._options import FromOpt, JsonOpt, ToOpt, all_flag, limit_option
from kpukoord.language.i18n import _

HELP = _(
    """Find meetings, decisions, follow-ups and agencies by their words, best first.

The table shows the best 50 and says how many more there are; --json gives
every hit unless --limit is given. When a word matches more than 2,000
records, the table and --limit rank the 2,000 most recent: narrow with
--from/--to or --agency.

Example: kpukoord search logistik --agency "Polres Sijunjung\""""
)


def search(
    query: Annotated[str, typer.Argument(help=_('Words to find, e.g. "logistik".'))],
    agency: Annotated[
        str | None, typer.Option(help=_("Only meetings/follow-ups of this agency."))
    ] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    limit: Annotated[
        int | None,
        limit_option(_("At most this many hits (table default 50; 0 means all).")),
    ] = None,
    all_rows: Annotated[bool, all_flag(_("Every hit."))] = False,
    json_out: JsonOpt = False,
) -> None:
    # help: HELP (translated)
    from kpukoord.records import agencies
    from kpukoord.records import search as search_mod

    start, end = _common.window(from_, to)
    db = _common.db()
    hits, total = search_mod.page(
        db,
        query,
        start=start,
        end=end,
        agency_id=agencies.find(db, agency)["id"] if agency else None,
        limit=_common.page_limit(limit, all_rows, json_out),
    )
    out = []
    for h in hits:
        plain, spans = search_mod.split_snippet(h["snippet"])
        out.append({**h, "snippet": plain, "highlights": [list(x) for x in spans]})
    more = _common.more_line(total, len(hits))
    _common.emit_list(
        json_out, out, lambda t: t.search_table(query, hits, search_mod.MARK, total), more
    )
