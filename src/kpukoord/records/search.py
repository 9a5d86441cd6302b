"""Full-text search (SQLite FTS5) over meetings, decisions, follow-ups and agencies.

A meeting is found by any of its parts (m017): title, venue, notes, the people who
attended, its collective attendees, points, directives, decisions, awards and figures;
each hit says which part matched (``field``).

The index is derived data kept current by triggers on every write (schema
migration m004) and rebuilt by ``kpukoord db reindex``. Words typed by the
operator are quoted, so FTS syntax in a query is searched for, never run.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypedDict, Unpack

from kpukoord.language.i18n import _
from kpukoord.records import listing
from kpukoord.records.listing import Where
from kpukoord.store.db import Database

MARK = ("\x02", "\x03")  # snippet highlight markers, replaced when shown


def split_snippet(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """A marked snippet as (plain text, [(start, end) of each matched run])."""
    a, b = MARK
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, part in enumerate(snippet.replace(b, a).split(a)):
        if i % 2 and part:
            spans.append((pos, pos + len(part)))
        plain.append(part)
        pos += len(part)
    return "".join(plain), spans


def fts_query(text: str) -> str:
    words = re.findall(r"\w+", text, re.UNICODE)
    if not words:
        from kpukoord.errors import UsageError

        raise UsageError(_("nothing to search for in {text!r}").format(text=text))
    return " ".join(f'"{w}"*' for w in words[:20])


# A query ranks at most this many matches, the most recent (the index's newest
# documents, highest rowid first): bm25 is computed for every document it ranks,
# so without a bound a common word costs ten times more in a ten times larger file.
CANDIDATES = 2_000


class Filters(TypedDict, total=False):
    """What a search is limited to; each left out or None: not limited."""

    start: dt.date | None  # days in [start, end]
    end: dt.date | None
    agency_id: str | None  # meetings and follow-ups of the agency, and the agency


def search(
    db: Database, query: str, *, limit: int | None = 20, **filters: Unpack[Filters]
) -> list[dict[str, Any]]:
    """Ranked hits of the query, within the filters (:class:`Filters`).

    With a ``limit``, the best hits of the CANDIDATES most recent matches; without
    one, every match, ranked.
    """
    where, params = _filters(query, **filters)
    # One pass: a prefix query ("logistik"*) makes FTS5 merge every matching term's
    # list first (15 ms for a common word nationally), so snippets come from the same
    # pass as the ranks, not from a query per hit.
    ranked = (
        "SELECT _search.rowid AS rid, bm25(_search, 5.0, 1.0) AS rank, d.kind, d.ref, d.day, d.field, "  # noqa: S608 (fixed clauses)
        f"d.title, snippet(_search, -1, '{MARK[0]}', '{MARK[1]}', '…', 12) AS snippet "
        f"FROM {_MATCHED} WHERE {where}"
    )
    if limit:
        ranked = (
            f"SELECT * FROM ({ranked} ORDER BY _search.rowid DESC LIMIT {CANDIDATES}) "  # noqa: S608
            f"ORDER BY rank, rid DESC LIMIT {int(limit)}"
        )
    else:
        ranked += " ORDER BY rank, _search.rowid DESC"
    rows = db.query(ranked, params)
    titles = _meeting_titles(db, [r["ref"] for r in rows if r["kind"] in ("meeting", "decision")])
    in_title = _title_matches(db, query, [r["rid"] for r in rows if r["field"] is None])
    out = []
    for r in rows:
        field = r["field"] or OWN_FIELDS[r["kind"]][0 if r["rid"] in in_title else 1]
        out.append(
            {
                "kind": r["kind"],
                "field": field,
                "id": r["ref"],
                "date": r["day"],
                "title": r["title"] or titles.get(r["ref"], ""),
                "snippet": r["snippet"],
                "rank": round(r["rank"], 4),
            }
        )
    return out


# Which part of a hit matched. A record's own document has a title and a body: the
# field is the title's when every word is found there, else the body's. The parts of
# a meeting (m017) are documents of their own and say which part they are.
OWN_FIELDS = {
    "meeting": ("title", "venue"),
    "decision": ("decision", "decision"),
    "action": ("text", "done_note"),
    "agency": ("name", "aliases"),
}
FIELDS = (
    "title",
    "venue",
    "notes",
    "person",
    "group",
    "point",
    "directive",
    "decision",
    "award",
    "figure",
    "text",
    "done_note",
    "name",
    "aliases",
)


def _title_matches(db: Database, query: str, rowids: list[int]) -> set[int]:
    """The documents among rowids whose title holds every word of the query.

    Read from the documents' titles, as FTS5's tokenizer reads them (unicode61: runs of
    letters and digits, case and diacritics folded; each query word a prefix). Asking
    FTS5 itself ('title : (...)') reads the whole doclist of a common word: 244 ms for
    'logistik' in the national file, against well under 1 ms for the hits shown."""
    if not rowids:
        return set()
    words = [_fold(w) for w in re.findall(r"\w+", query, re.UNICODE)[:20]]
    words = [w for part in words for w in _TOKEN.findall(part)]
    marks = ", ".join("?" for _ in rowids)
    sql = f"SELECT rowid, title FROM _search_doc WHERE rowid IN ({marks})"  # noqa: S608 (placeholders only)
    found = set()
    for rowid, title in db.conn.execute(sql, rowids):
        tokens = _TOKEN.findall(_fold(title or ""))
        if words and all(any(t.startswith(w) for t in tokens) for w in words):
            found.add(rowid)
    return found


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def _fold(text: str) -> str:
    """Case and diacritics folded, as the index's tokenizer folds them."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def total(db: Database, query: str, **filters: Unpack[Filters]) -> int:
    """How many hits :func:`search` would rank without a limit (no ranking, no snippets),
    counted up to ``COUNT_CAP + 1`` (:meth:`Database.count_upto`)."""
    where, params = _filters(query, **filters)
    sql = f"SELECT 1 FROM {_MATCHED} WHERE {where}"  # noqa: S608 (fixed clauses)
    return db.count_upto(sql, params)


# page(db, query, limit=N, **filters): the best N hits (all if None) and how many there are
page = listing.pager(search, total)


# The matches first, then each one's document by rowid: CROSS JOIN keeps that order
# (without statistics SQLite may walk every document and test MATCH on each).
_MATCHED = "_search CROSS JOIN _search_doc d ON d.rowid = _search.rowid"


def _filters(query: str, **filters: Unpack[Filters]) -> tuple[str, list[Any]]:
    start, end, agency_id = filters.get("start"), filters.get("end"), filters.get("agency_id")
    where = Where("_search MATCH ?", fts_query(query))
    if start:
        where.add("d.day >= ?", start.isoformat())
    if end:
        where.add("d.day <= ?", end.isoformat())
    if agency_id:
        # each IN list from its index: attendee_agency, meeting_host (m008), action_owner
        where.add(
            "(d.ref = ? OR d.ref IN (SELECT meeting_id FROM attendee WHERE agency_id = ? "
            "AND deleted_at IS NULL) OR d.ref IN (SELECT id FROM meeting WHERE host_id = ?) "
            "OR d.ref IN (SELECT id FROM action WHERE owner_id = ?))",
            *[agency_id] * 4,
        )
    return where.sql(), where.params


def _meeting_titles(db: Database, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT id, title FROM meeting WHERE id IN ({marks})"  # noqa: S608 (placeholders only)
        out.update((r["id"], r["title"]) for r in db.query(sql, chunk))
    return out
