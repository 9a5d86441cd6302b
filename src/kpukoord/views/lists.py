"""Lists of records (meetings, follow-ups, agencies, stages, search hits) for people.

A :class:`Listing` is plain data: columns and rows of text. It is drawn one of two
ways, chosen once by the caller (:func:`kpukoord.cli._common.show`):

- on a terminal, as a Rich table fitted to the terminal's width: ids, dates and
  numbers (``fixed`` columns) never wrap or shrink; long text wraps over lines at
  word boundaries, never cut (a column is at least as wide as its longest word); a
  column whose every row says the same thing (the host that is always this office)
  is left out;
- piped or redirected, as plain aligned text with nothing cut, no box drawing and
  no trailing spaces, without importing Rich at all.

Nothing here reads the database.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from kpukoord.language.i18n import _, ngettext
from kpukoord.store.db import COUNT_CAP
from kpukoord.views import vocabulary

ELLIPSIS = "…"
GAP = 2  # spaces between columns in plain text
RICH_GAP = 3  # a terminal table: padding on both sides and the (blank) column rule


@dataclass
class Column:
    header: str
    fixed: bool = False  # ids, dates, counts: shown whole, never wrapped
    weight: int = 1  # share of the spare width among the flexible columns
    least: int = 10  # a flexible column's width before optional columns give way
    drop_uniform: bool = False  # leave out when every row holds the same value
    optional: int = 0  # > 0: left out when the terminal is too narrow, highest first
    right: bool = False
    # on a terminal, shown under the previous column in one cell (a schedule code over
    # a stage key): both whole on their own lines where side by side they would not fit
    under_previous: bool = False


@dataclass
class Listing:
    title: str
    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)
    styles: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> style
    more: str | None = None  # a last line: how many were left out, and how to see them

    def visible(self) -> list[int]:
        """The columns worth showing for these rows."""
        keep = []
        for i, col in enumerate(self.columns):
            if col.drop_uniform and len({r[i] for r in self.rows}) <= 1:
                continue
            keep.append(i)
        return keep


def cell_len(text: str) -> int:
    """Terminal cells a text takes (wide East Asian characters and emoji count two)."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200d\ufe0f":
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def lines_len(text: str) -> int:
    """Terminal cells of a cell's widest line (a stacked cell holds several)."""
    return max(cell_len(line) for line in text.split("\n"))


def stacked(listing: Listing) -> Listing:
    """The listing with each ``under_previous`` column put under the one before it, in
    one cell of two lines (a terminal's view; piped text keeps the columns apart)."""
    if not any(c.under_previous for c in listing.columns):
        return listing
    columns: list[Column] = []
    groups: list[list[int]] = []
    for i, col in enumerate(listing.columns):
        if col.under_previous and groups:
            first = columns[-1]
            columns[-1] = Column(  # wraps if either part may (a title under a code)
                f"{first.header}\n{col.header}",
                fixed=first.fixed and col.fixed,
                weight=max(first.weight, col.weight),
                least=max(first.least, col.least),
                optional=first.optional,
                right=first.right,
            )
            groups[-1].append(i)
        else:
            columns.append(col)
            groups.append([i])
    # an empty part keeps its line (the parts line up with the header's), none at the end
    rows = [["\n".join(r[i] for i in g).rstrip("\n") for g in groups] for r in listing.rows]
    where = {i: j for j, g in enumerate(groups) for i in g}
    styles = {(n, where[i]): v for (n, i), v in listing.styles.items()}
    return Listing(listing.title, columns, rows, styles, listing.more)


def fit(text: str, width: int) -> str:
    """Text cut to ``width`` cells at a word boundary, with "…" when anything was cut.

    A first word longer than the width is cut inside (nothing else would fit)."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    words = text.split(" ")
    out = ""
    for w in words:
        candidate = f"{out} {w}" if out else w
        if cell_len(candidate) + 1 > width:
            break
        out = candidate
    if not out:  # one long word: cut inside it
        for ch in text:
            if cell_len(out + ch) + 1 > width:
                break
            out += ch
    return out.rstrip(" ,;:-–") + ELLIPSIS


def _longest_word(listing: Listing, i: int) -> int:
    return max(
        [cell_len(w) for r in listing.rows for w in r[i].split()] + [1],
    )


def _floor(listing: Listing, i: int, natural: int) -> int:
    """A flexible column's least width: its header and up to ``least`` cells, and never
    less than its longest word (text wraps between words, a word is never cut)."""
    col = listing.columns[i]
    return max(min(natural, max(cell_len(col.header), col.least)), _longest_word(listing, i))


def fitting_columns(listing: Listing, total: int, gap: int = RICH_GAP) -> list[int]:
    """The visible columns, less optional ones (last first) while they cannot all fit."""
    cols = listing.visible()
    while True:
        need = gap * (len(cols) - 1)
        for i in cols:
            natural = max(
                [lines_len(listing.columns[i].header), *(lines_len(r[i]) for r in listing.rows)]
            )
            need += natural if listing.columns[i].fixed else _floor(listing, i, natural)
        optional = [i for i in cols if listing.columns[i].optional]
        if need <= total or not optional:
            return cols
        first = max(optional, key=lambda i: (listing.columns[i].optional, i))
        cols = [i for i in cols if i != first]


def widths(listing: Listing, cols: list[int], total: int, gap: int = RICH_GAP) -> list[int]:
    """Column widths (cells) that fit ``total``: fixed columns whole, the rest share."""
    natural = [
        max([lines_len(listing.columns[i].header), *(lines_len(r[i]) for r in listing.rows)])
        for i in cols
    ]
    spare = total - gap * (len(cols) - 1)
    fixed = [j for j, i in enumerate(cols) if listing.columns[i].fixed]
    flex = [j for j, i in enumerate(cols) if not listing.columns[i].fixed]
    out = list(natural)
    room = spare - sum(natural[j] for j in fixed)
    if sum(natural[j] for j in flex) <= room or not flex:
        return out
    # each flexible column keeps at least its header (and up to 10 cells), then the
    # spare room goes by weight, never beyond what a column needs
    floor = {j: _floor(listing, cols[j], natural[j]) for j in flex}
    over = sum(floor.values()) - room
    least = {  # a column never narrower than its header or its longest word
        k: max(cell_len(listing.columns[cols[k]].header), _longest_word(listing, cols[k]))
        for k in flex
    }
    while over > 0:  # narrower than every floor: take it from the widest, down to words
        j = max(flex, key=lambda k: floor[k] - least[k])
        if floor[j] <= least[j]:
            break
        floor[j] -= 1
        over -= 1
    for j in flex:
        out[j] = floor[j]
    left = room - sum(floor.values())
    hungry = [j for j in flex if out[j] < natural[j]]
    while left > 0 and hungry:
        weight = sum(listing.columns[cols[j]].weight for j in hungry)
        given = 0
        for j in hungry:
            share = max(1, left * listing.columns[cols[j]].weight // weight)
            add = min(share, natural[j] - out[j], left - given)
            out[j] += add
            given += add
        left -= given
        hungry = [j for j in hungry if out[j] < natural[j]]
        if given == 0:
            break
    return out


def to_plain(listing: Listing) -> str:
    """Aligned plain text: a header line, one line per row, everything whole."""
    cols = listing.visible()
    lines = [listing.title] if listing.title else []
    if not listing.rows:
        return "\n".join(lines) + "\n"
    table = [[listing.columns[i].header for i in cols]] + [
        [r[i] for i in cols] for r in listing.rows
    ]
    w = [max(cell_len(row[j]) for row in table) for j in range(len(cols))]
    for row in table:
        cells = []
        for j, text in enumerate(row):
            pad = " " * (w[j] - cell_len(text))
            right = listing.columns[cols[j]].right
            cells.append(pad + text if right else text + pad)
        lines.append((" " * GAP).join(cells).rstrip())
    if listing.more:
        lines.append(listing.more)
    return "\n".join(lines) + "\n"


def to_rich(listing: Listing, width: int) -> Any:
    """A Rich table of the listing fitted to ``width`` terminal cells; long text wraps."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    listing = stacked(listing)
    cols = fitting_columns(listing, width)
    sizes = widths(listing, cols, width)
    t = Table(
        title=listing.title or None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
    )
    for j, i in enumerate(cols):
        col = listing.columns[i]
        t.add_column(
            col.header,
            width=sizes[j],
            no_wrap=col.fixed,  # ids, dates, counts whole on one line; text wraps
            overflow="fold",
            justify="right" if col.right else "left",
        )
    for n, row in enumerate(listing.rows):
        cells = []
        for i in cols:
            text = "\n".join(" ".join(line.split()) for line in row[i].split("\n"))
            cells.append(Text(text, style=listing.styles.get((n, i), "")))
        t.add_row(*cells)
    if listing.more:
        return Group(t, Text(listing.more, style="dim"))
    return t


# ---------------------------------------------------------------------------
# The lists of each kind of record


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


def agency_table(rows: list[dict[str, Any]], title: str | None = None) -> Listing:
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


def person_table(rows: list[dict[str, Any]]) -> Listing:
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


def _hits_title(query: str, n: int) -> str:
    if n > COUNT_CAP:  # counted up to the cap (Database.count_upto)
        return _("over {n} hits for {query}").format(n=COUNT_CAP, query=repr(query))
    return ngettext("{n} hit for {query}", "{n} hits for {query}", n).format(n=n, query=repr(query))


def meeting_table(
    rows: list[dict[str, Any]], title: str | None = None, total: int | None = None
) -> Listing:
    n = len(rows) if total is None else total  # a page of a longer list: the whole count
    out = Listing(
        title
        if title is not None
        else _("over {n} meetings").format(n=COUNT_CAP)
        if n > COUNT_CAP  # counted up to the cap (Database.count_upto)
        else ngettext("{n} meeting", "{n} meetings", n).format(n=n),
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


def action_table(
    recs: list[dict[str, Any]], title: str | None = None, total: int | None = None
) -> Listing:
    n = len(recs) if total is None else total  # a page of a longer list: the whole count
    out = Listing(
        title
        if title is not None
        else _("over {n} follow-ups").format(n=COUNT_CAP)
        if n > COUNT_CAP  # counted up to the cap (Database.count_upto)
        else ngettext("{n} follow-up", "{n} follow-ups", n).format(n=n),
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


def schedule_table(rows: list[dict[str, Any]]) -> Listing:
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


def stage_table(items: list[dict[str, Any]], title: str | None = None) -> Listing:
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
    query: str, hits: list[dict[str, Any]], mark: tuple[str, str], total: int | None = None
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
    labels = {
        "morning": _("morning"),
        "midday": _("midday"),
        "afternoon": _("afternoon"),
        "evening": _("evening"),
        "night": _("night"),
    }
    return labels.get(part, part)


def search_field_label(field: str) -> str:
    """The part of a record a search hit matched, as the operator calls it."""
    labels = {
        "title": _("title"),
        "venue": _("venue"),
        "notes": _("notes"),
        "person": _("attendee"),
        "group": _("collective attendee"),
        "point": _("discussion point"),
        "directive": _("directive"),
        "decision": _("decision"),
        "award": _("award"),
        "figure": _("figure"),
        "text": _("follow-up"),
        "done_note": _("completion note"),
        "name": _("name"),
        "aliases": _("alias"),
    }
    return labels.get(field, field)
