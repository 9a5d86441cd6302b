"""A Gantt chart of stages for the terminal (the printable SVG/HTML document of the same
chart: :mod:`kpukoord.views.timeline_svg`).

Pure rendering: it receives stage rows and dates, returns Rich Text lines.
Stages are bars on a month scale (or a week scale for short windows), done /
active / upcoming in distinct styles, with a marker at today and at voting day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group
from rich.text import Text

from kpukoord.language.dates import names_for
from kpukoord.language.i18n import _
from kpukoord.timetables import stages
from kpukoord.views.listing import fit

STYLE = {"done": "green", "active": "bold yellow", "upcoming": "cyan"}
CONF_MARK = {"official": "", "news-2": "", "news-1": "¹", "recalled": "?"}


def state(start: dt.date | None, end: dt.date | None, today: dt.date) -> str:
    if end is not None and end < today:
        return "done"
    if (start is None or start <= today) and (end is None or today <= end):
        return "active"
    return "upcoming"


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def window(
    rows: Sequence[dict[str, Any]], start: dt.date | None, end: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The days a chart shows: ``start``/``end`` where given, else from the first to the
    last dated stage (a recurring stage's occurrences, given by the caller, count too);
    today alone when nothing is dated."""
    dated = [r for r in rows if r["start_date"] or r["end_date"]]
    firsts = [d for r in dated if (d := _d(r["start_date"]) or _d(r["end_date"]))]
    lasts = [d for r in dated if (d := _d(r["end_date"]) or _d(r["start_date"]))]
    occs = [o for r in rows for o in r.get("occurs") or []]
    firsts += [dt.date.fromisoformat(o["start"]) for o in occs]
    lasts += [dt.date.fromisoformat(o["end"]) for o in occs]
    lo = start or (min(firsts) if firsts else today)
    hi = end or (max(lasts) if lasts else today)
    return (hi, lo) if hi < lo else (lo, hi)


def render(
    rows: Sequence[dict[str, Any]],
    *,
    today: dt.date,
    width: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    voting_day: dt.date | None = None,
    title: str = "",
    lang: str = "id",
    depth: int | None = None,
    since: dt.date | None = None,
) -> Group:
    lo, hi = window(rows, start, end, today)
    span = (hi - lo).days + 1
    label_w = max(16, min(44, width // 3))
    bar_w = max(10, width - label_w - 1)

    def col(day: dt.date) -> int:
        return max(0, min(bar_w - 1, (day - lo).days * bar_w // span))

    _weekdays, months = names_for(lang)
    lines: list[Text] = []
    if title:
        lines.append(Text(title, style="bold"))
    # Scale: month starts (or Mondays for short windows), labelled where they fit.
    scale = [" "] * bar_w
    ticks: list[tuple[int, str]] = []
    if span > 120:
        d = dt.date(lo.year, lo.month, 1)
        while d <= hi:
            if d >= lo:
                label = months[d.month - 1][:3] + (f" {d.year % 100:02d}" if d.month == 1 else "")
                ticks.append((col(d), label))
            d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        if not ticks or ticks[0][0] > 0:
            ticks.insert(0, (0, f"{months[lo.month - 1][:3]} {lo.year % 100:02d}"))
    else:
        d = lo + dt.timedelta(days=(7 - lo.weekday()) % 7)
        while d <= hi:
            ticks.append((col(d), f"{d.day}/{d.month}"))
            d += dt.timedelta(days=7)
    pos = 0
    for c, label in ticks:
        if c >= pos and c + len(label) <= bar_w:  # a label that does not fit is left out, not cut
            for i, ch in enumerate(label):
                if c + i < bar_w:
                    scale[c + i] = ch
            pos = c + len(label) + 1
    header = Text(" " * (label_w + 1) + "".join(scale), style="dim")
    markers = Text(" " * (label_w + 1))
    mk = [" "] * bar_w
    if lo <= today <= hi:
        mk[col(today)] = "│"
    if voting_day and lo <= voting_day <= hi:
        mk[col(voting_day)] = "▼"
    markers.append("".join(mk), style="bold red")
    lines += [header, markers]

    spans = _group_spans(rows)
    for r in rows:
        if depth is not None and r.get("depth", 0) > depth:
            continue
        s, e = _d(r["start_date"]), _d(r["end_date"])
        indent = "  " * r.get("depth", 0)
        mark = CONF_MARK.get(r.get("confidence", ""), "")
        label = indent + fit(f"{r['name']}{mark}", label_w - len(indent))  # whole words
        line = Text(label.ljust(label_w) + " ")
        cells = [" "] * bar_w
        st = state(s, e, today)
        if s is None and e is None and r.get("path") in spans:
            gs, ge = spans[r["path"]]  # a group: its children's span, drawn thin
            if ge >= lo and gs <= hi:
                a, b = col(max(gs, lo)), col(min(ge, hi))
                line.append(" " * a + "━" * (b - a + 1), style="dim")
            lines.append(line)
            continue
        if s is None and e is None and r.get("occurs"):
            lines.append(_occurrence_line(line, r["occurs"], lo, hi, bar_w, col, today))
            continue
        if s is None and e is None:  # the rule, whole, over as many lines as it takes
            rule = _wrap(r.get("rule") or _("no fixed date"), bar_w)
            line.append(rule[0], style="dim italic")
            lines.append(line)
            lines += [Text(" " * (label_w + 1) + x, style="dim italic") for x in rule[1:]]
            continue
        began_before = s is None
        s, e = stages.days(s, e, since) or (s, e)  # the rule the list and calendar use
        a = col(s) if s and s >= lo else 0
        b = col(e) if e and e <= hi else bar_w - 1
        if (s and s > hi) or (e and e < lo):
            line.append("".join(cells))
            lines.append(line)
            continue
        if s is not None and s == e and not began_before:
            cells[a] = "◆"
        else:
            for i in range(a, b + 1):
                cells[i] = "█"
            if began_before or s is None or s < lo:
                cells[a] = "◀"
            if e is not None and e > hi:
                cells[b] = "▶"
        today_col = col(today) if lo <= today <= hi else None
        bar = Text()
        for i, ch in enumerate(cells):
            if ch == " " and i == today_col:
                bar.append("│", style="red")
            elif ch == " ":
                bar.append(" ")
            else:
                bar.append(ch, style=STYLE[st])
        line.append_text(bar)
        lines.append(line)
    legend = Text()
    legend.append("█ " + _("done"), style=STYLE["done"])
    legend.append("  ")
    legend.append("█ " + _("active"), style=STYLE["active"])
    legend.append("  ")
    legend.append("█ " + _("upcoming"), style=STYLE["upcoming"])
    legend.append("  │ " + _("today"), style="red")
    if voting_day:
        legend.append("  ▼ " + _("voting"), style="bold red")
    lines.append(legend)
    lines.append(Text(_("¹ one news source  ? not yet sourced  ━ span of sub-stages"), style="dim"))
    if any(r.get("occurs") for r in rows):
        lines.append(Text(_("◆ held or confirmed  ◇ expected (from the rule)"), style="dim"))
    return Group(*lines)


def _wrap(text: str, width: int) -> list[str]:
    """Text over lines of at most ``width`` cells, broken between words (a word longer
    than the width on a line of its own)."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out or [""]


def _occurrence_line(
    line: Text,
    occs: Sequence[dict[str, Any]],
    lo: dt.date,
    hi: dt.date,
    bar_w: int,
    col: Callable[[dt.date], int],
    today: dt.date,
) -> Text:
    """A recurring stage's occurrences on one line: each a ◆ (one day) or a bar at its
    dates, in the style of its state; an expected one (perkiraan) as ◇ or ░."""
    cells: list[tuple[str, str]] = [(" ", "")] * bar_w
    for o in occs:
        s, e = dt.date.fromisoformat(o["start"]), dt.date.fromisoformat(o["end"])
        if e < lo or s > hi:
            continue
        a, b = col(max(s, lo)), col(min(e, hi))
        style = STYLE[state(s, e, today)]
        expected = bool(o.get("expected"))
        for i in range(a, b + 1):
            mark = ("◇" if expected else "◆") if a == b else ("░" if expected else "█")
            cells[i] = (mark, style)
    today_col = col(today) if lo <= today <= hi else None
    for i, (ch, style) in enumerate(cells):
        if ch == " " and i == today_col:
            line.append("│", style="red")
        else:
            line.append(ch, style=style)
    return line


def _group_spans(rows: Sequence[dict[str, Any]]) -> dict[str, tuple[dt.date, dt.date]]:
    """For undated group stages: the span of their dated descendants (display only)."""
    out: dict[str, tuple[dt.date, dt.date]] = {}
    for g in rows:
        if g["start_date"] or g["end_date"] or not g.get("path"):
            continue
        prefix = g["path"] + "/"
        firsts, lasts = [], []
        for r in rows:
            if str(r.get("path", "")).startswith(prefix):
                a, b = _d(r["start_date"]), _d(r["end_date"])
                if a or b:
                    firsts.append(a or b)
                    lasts.append(b or a)
        if firsts:
            out[g["path"]] = (min(d for d in firsts if d), max(d for d in lasts if d))
    return out


# The chart as a printable document (SVG, HTML): kpukoord.views.timeline_svg, loaded when
# first asked for (a terminal chart does not need it); its names answer from here too.
_SVG_NAMES = {
    "FONT_STACK",
    "LINE",
    "W",
    "STATE_LABEL",
    "COLOUR",
    "text_width",
    "wrap",
    "svg",
    "html_page",
}


def __getattr__(name: str) -> Any:
    if name in _SVG_NAMES:
        from kpukoord.views import timeline_svg

        return getattr(timeline_svg, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
