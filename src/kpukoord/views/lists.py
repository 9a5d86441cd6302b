"""The lists of each kind of record (meetings, follow-ups, agencies, stages, search hits)
for people, as :class:`~kpukoord.views.listing.Listing` data; how a Listing is drawn (a
fitted Rich table on a terminal, plain aligned text when piped) is
:mod:`kpukoord.views.listing`, whose names are importable from here too.
"""

from __future__ import annotations

from typing import Any

from kpukoord.language.i18n import _, ngettext
from kpukoord.store.db import COUNT_CAP
from kpukoord.views import vocabulary
from kpukoord.views.listing import ELLIPSIS as ELLIPSIS
from kpukoord.views.listing import GAP as GAP
from kpukoord.views.listing import RICH_GAP as RICH_GAP
from kpukoord.views.listing import Column as Column
from kpukoord.views.listing import Listing as Listing
from kpukoord.views.listing import cell_len as cell_len
from kpukoord.views.listing import fit as fit
from kpukoord.views.listing import fitting_columns as fitting_columns
from kpukoord.views.listing import lines_len as lines_len
from kpukoord.views.listing import stacked as stacked
from kpukoord.views.listing import to_plain as to_plain
from kpukoord.views.listing import to_rich as to_rich
from kpukoord.views.listing import widths as widths

Rows = list[dict[str, Any]]  # records as the queries return them


def _short(ident: str) -> str:
    from kpukoord.store.ids import short

    return short(ident)


def _d(value: str | None) -> str:
    from kpukoord.language.dates import format_span

    return format_span(value, None, empty="")


def _span(start: str | None, end: str | None) -> str:
    from kpukoord.language.dates import format_span

    return format_span(start, end, empty="")


def _meeting_days(r: dict[str, Any]) -> str:
    """A meeting's dates in a list: its span, or its separate days ("21, 22, 25 Dec 2023")."""
    import datetime as dt
    import json

    from kpukoord.language.dates import format_short, separate

    stored = r.get("days")
    if isinstance(stored, str) and stored:
        days = [dt.date.fromisoformat(d) for d in json.loads(stored)]
    elif isinstance(stored, list) and stored:
        days = [dt.date.fromisoformat(d["date"]) for d in stored]
    else:
        days = []
    if not separate(days):
        return _span(r["start_date"], r["end_date"])
    if (days[0].year, days[0].month) == (days[-1].year, days[-1].month):
        last = format_short(days[-1])
        return ", ".join(str(d.day) for d in days[:-1]) + ", " + last
    return ", ".join(format_short(d) for d in days)


def agency_table(rows: Rows, title: str | None = None) -> Listing:
    out = Listing(
        ngettext("{n} agency", "{n} agencies", len(rows)).format(n=len(rows))
        if title is None
        else title,
        [
            Column(_("id"), fixed=True),
            Column(_("name"), weight=3, least=30),
            Column(_("kind"), fixed=True),
            Column(_("level"), fixed=True, drop_uniform=True, optional=1),
            Column(_("region"), fixed=True, drop_uniform=True, optional=1),
            Column(_("aliases"), weight=2, drop_uniform=True, optional=1),
        ],
    )
    for r in rows:
        out.rows.append(
            [
                _short(r["id"]),
                r["name"],
                vocabulary.agency_kind(r["kind"]),
                r["level"] or "",
                r["region"] or "",
                ", ".join(r["aliases"]),
            ]
        )
    return out


def person_table(rows: Rows) -> Listing:
    out = Listing(
        ngettext("{n} person", "{n} people", len(rows)).format(n=len(rows)),
        [
            Column(_("id"), fixed=True),
            Column(_("name"), weight=2),
            Column(_("position"), weight=2),
            Column(_("agency"), weight=2, drop_uniform=True),
            Column(_("since"), fixed=True, drop_uniform=True),
        ],
    )
    for r in rows:
        out.rows.append(
            [_short(r["id"]), r["name"], r["title"] or "", r["agency"] or "", _d(r["from_date"])]
        )
    return out


STATUS_STYLE = {"planned": "cyan", "held": "green", "cancelled": "strike dim"}

# Stored status values (an interface: JSON, CSV and files keep them) as people read them:
# one vocabulary for every view (views/vocabulary.py).
STATUS_LABELS = vocabulary.STATUS
CONFIDENCE_LABELS = vocabulary.CONFIDENCE


def status_label(status: str) -> str:
    """A stored status in the language in force ("held" → "terlaksana"); unknown ones as they are."""
    return vocabulary.label(status)


def late_label(days: int) -> str:
    """How late a follow-up is, short enough for a status column: "−5 hr" (red on a terminal)."""
    return _("−{n} d").format(n=days)


def confidence_label(mark: str) -> str:
    """A stage's confidence mark as people read it; the news-1/news-2 codes stay codes."""
    return vocabulary.label(mark)


def _count_title(n: int, over: str, counted: str, **fields: str) -> str:
    """A list's title from its count: "12 rapat", or past the cap "lebih dari 10000 rapat"
    (lists count up to COUNT_CAP: Database.count_upto). ``over`` and ``counted`` are the
    translated messages, ``{n}`` (and ``fields``) left to fill."""
    if n > COUNT_CAP:
        return over.format(n=COUNT_CAP, **fields)
    return counted.format(n=n, **fields)


def _page_title(title: str | None, n: int, over: str, counted: str) -> str:
    """A page of a longer list: the title given, else the whole list's count."""
    return title if title is not None else _count_title(n, over, counted)


def _hits_title(query: str, n: int) -> str:
    return _count_title(
        n,
        _("over {n} hits for {query}"),
        ngettext("{n} hit for {query}", "{n} hits for {query}", n),
        query=repr(query),
    )


def meeting_table(rows: Rows, title: str | None = None, total: int | None = None) -> Listing:
    n = len(rows) if total is None else total  # a page of a longer list: the whole count
    out = Listing(
        _page_title(title, n, _("over {n} meetings"), ngettext("{n} meeting", "{n} meetings", n)),
        [
            Column(_("id"), fixed=True),
            Column(_("date"), fixed=True),
            Column(_("kind"), fixed=True, drop_uniform=True, optional=2),
            Column(_("title"), weight=4, least=30),
            Column(_("host"), weight=2, drop_uniform=True, optional=3),  # nearly always this office
            Column(_("att."), fixed=True, right=True, optional=1),
            Column(_("status"), fixed=True),
        ],
    )
    for n, r in enumerate(rows):
        out.rows.append(
            [
                _short(r["id"]),
                _meeting_days(r),
                vocabulary.label(r["kind"]),
                r["title"],
                r.get("host") or "",
                str(r.get("attendee_count", len(r.get("attendees", [])))),
                status_label(r["status"]),
            ]
        )
        out.styles[(n, 6)] = STATUS_STYLE.get(r["status"], "")
    return out


def action_table(recs: Rows, title: str | None = None, total: int | None = None) -> Listing:
    n = len(recs) if total is None else total  # a page of a longer list: the whole count
    out = Listing(
        _page_title(
            title, n, _("over {n} follow-ups"), ngettext("{n} follow-up", "{n} follow-ups", n)
        ),
        [
            Column(_("id"), fixed=True),
            Column(_("what"), weight=4, least=25),
            Column(_("owner"), weight=2, least=12),
            Column(_("due"), fixed=True),
            Column(_("status"), fixed=True),
            Column(_("meeting"), weight=2, drop_uniform=True, optional=1),
        ],
    )
    for n, a in enumerate(recs):
        status, style = status_label(a["status"]), ""
        if a.get("days_late"):
            status, style = late_label(a["days_late"]), "bold red"
        elif a["status"] == "done":
            status, style = _("done {date}").format(date=_d(a["done_date"])), "green"
        out.rows.append(
            [
                _short(a["id"]),
                a["text"],
                owner_text(a["owner"]),
                _d(a["due_date"]),
                status,
                a.get("meeting") or "",
            ]
        )
        out.styles[(n, 4)] = style
    return out


CONF_STYLE = {"official": "green", "news-2": "", "news-1": "yellow", "recalled": "bold red"}


def schedule_table(rows: Rows) -> Listing:
    out = Listing(
        ngettext("{n} schedule", "{n} schedules", len(rows)).format(n=len(rows)),
        [
            Column(_("code"), fixed=True),  # used in commands: whole
            # on a terminal the title wraps under its code (a code may take 39 cells)
            Column(_("title"), weight=3, least=14, under_previous=True),
            Column(_("voting day"), fixed=True, optional=1),
            Column(_("from"), fixed=True, optional=3),  # a narrow terminal gives these up first
            Column(_("to"), fixed=True, under_previous=True),  # under "from"
            Column(_("stages"), fixed=True, right=True, optional=2),
        ],
    )
    for r in rows:
        out.rows.append(
            [
                r["code"],
                r["title"],
                _d(r["voting_day"]),
                _d(r["first_date"]),
                _d(r["last_date"]),
                str(r["stage_count"]),
            ]
        )
    return out


def stage_marks(s: dict[str, Any]) -> list[str]:
    """A stage's marks: an expected occurrence (perkiraan), a draft schedule (draf)."""
    pairs = (("expected", _("expected")), ("draft", _("draft")))
    return [label for key, label in pairs if s.get(key)]


def stage_name(s: dict[str, Any]) -> str:
    """A stage's name with its marks."""
    marks = stage_marks(s)
    return f"{s['name']}, {', '.join(marks)}" if marks else s["name"]


def left_label(s: dict[str, Any]) -> str:
    """What the "left" column says of a stage on the day asked about: the days to its
    end while it runs, "over" once it ended, and for one not yet begun the days until
    its first day ("in 28 d"), the count the weekly report gives as H-28. ``days_left``
    (JSON) keeps its meaning: days to the last day."""
    import datetime as dt

    left = s["days_left"]
    if left is None:
        return ""
    if left < 0:
        return _("over")
    if s.get("start"):
        last = dt.date.fromisoformat(s.get("end") or s["start"])
        to_start = left - (last - dt.date.fromisoformat(s["start"])).days
        if to_start > 0:
            return _("in {n} d").format(n=to_start)
    return str(left)


def stage_table(items: Rows, title: str | None = None) -> Listing:
    out = Listing(
        ngettext("{n} stage", "{n} stages", len(items)).format(n=len(items))
        if title is None
        else title,
        [
            Column(_("schedule"), fixed=True),  # always named (issue 25)
            # the key `stage show` and `stage confirm` take: whole, never left out; on a
            # terminal under its schedule's code, so that both fit beside the name
            Column(_("stage"), fixed=True, under_previous=True),
            Column(_("name"), weight=4, least=14),
            # the dates and marks wrap between words ("4–11 Jan 2027," / "perkiraan")
            Column(_("dates"), weight=1, least=13),
            Column(_("left"), fixed=True),  # "in 28 d" on one line
            Column(_("conf."), fixed=True, optional=4),
        ],
    )
    for n, s in enumerate(items):
        out.rows.append(
            [
                s["schedule"],
                s["key"],
                s["name"],
                # the marks with the dates, a column never cut at 80 columns
                ", ".join([_span(s.get("start"), s.get("end")) or "…", *stage_marks(s)]),
                left_label(s),
                confidence_label(s["confidence"]),
            ]
        )
        out.styles[(n, 5)] = CONF_STYLE.get(s["confidence"], "")
    return out


def search_table(
    query: str, hits: Rows, mark: tuple[str, str], total: int | None = None
) -> Listing:
    """Search hits, best first (the snippet's matched words are in the JSON view)."""
    out = Listing(
        _hits_title(query, len(hits) if total is None else total),
        [
            Column(_("kind"), fixed=True),
            Column(_("id"), fixed=True),
            Column(_("date"), fixed=True, optional=1),
            Column(_("title"), weight=3, least=25),
            Column(_("part"), least=8),
            Column(_("snippet"), weight=4, optional=1),
        ],
    )
    a, b = mark
    for h in hits:
        snippet = h["snippet"].replace(a, "").replace(b, "")
        out.rows.append(
            [
                vocabulary.label(h["kind"]),
                _short(h["id"]),
                _d(h["date"]),
                h["title"] or "",
                search_field_label(h["field"]),  # which part of the record matched
                snippet,
            ]
        )
    return out


def owner_text(owner: str | dict[str, str] | None) -> str:
    """A follow-up's owner as shown: an agency's name, or a collective attendee's scope."""
    if isinstance(owner, dict):
        return owner.get("group") or ""
    return owner or ""


def day_part_label(part: str) -> str:
    """A meeting's part of day (stored in English) as the operator says it."""
    return vocabulary.in_words(vocabulary.DAY_PARTS, part)


def search_field_label(field: str) -> str:
    """The part of a record a search hit matched, as the operator calls it."""
    return vocabulary.in_words(vocabulary.SEARCH_FIELDS, field)
