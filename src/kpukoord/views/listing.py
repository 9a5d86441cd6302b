"""A list for people (a :class:`Listing`) and the two ways it is drawn; the lists of each kind
of record (meetings, follow-ups, agencies, stages, search hits) are in :mod:`kpukoord.views.lists`.

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
