"""The Gantt chart of stages as a printable document: hand-written SVG, and the HTML
page that holds it (``schedule show --format svg|html``). The terminal chart and the
rules both share (a stage's state, the window of days) are in :mod:`kpukoord.views.timeline`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape as html_escape
from typing import Any

from kpukoord.language.dates import format_short, names_for
from kpukoord.language.i18n import N_, _, language, ngettext
from kpukoord.timetables import stages
from kpukoord.views.timeline import CONF_MARK, _d, _group_spans, state, window

#
# Written by hand rather than with a plotting library: a Gantt chart is rectangles,
# lines and text, and SVG draws those exactly, so a library would add a large
# dependency (matplotlib: tens of MB; plotly: a JavaScript runtime) for no better
# output. The one thing SVG lacks is text wrapping, done here with the width table
# of the fonts every office machine has (Arial / Liberation Sans / Helvetica share
# metrics). No fonts, scripts or images are fetched: the file stands alone.

FONT_STACK = "Arial, 'Liberation Sans', Helvetica, sans-serif"
# Advance widths (em/1000) of Arial/Helvetica; other characters count as 556.
_NARROW = dict.fromkeys("ijl'|", 222) | dict.fromkeys(" .,:;!ft[]()/I", 278)
_WIDE = {"m": 833, "M": 833, "w": 722, "W": 944, "r": 333, "-": 333}
_CAPS = (
    dict.fromkeys("ABCDEFGHKNPRSUVXYZ", 667)
    | dict.fromkeys("OQG", 778)
    | {"J": 500, "L": 556, "T": 611}
)
_WIDTHS = _NARROW | _WIDE | _CAPS | dict.fromkeys("sczk", 500) | {"y": 500, "v": 500, "x": 500}

PAGE_W_MM, PAGE_H_MM = 277.0, 190.0  # A4 landscape less 10 mm margins
LINE = 11.5  # height of a label's line
W = 1047.0  # drawing units across the page (1 unit = 1 CSS px at 96 dpi)
STATE_LABEL = {"done": N_("done"), "active": N_("active"), "upcoming": N_("upcoming")}
COLOUR = {"done": "#3b7d3b", "active": "#c25e00", "upcoming": "#2f5f9e"}


def text_width(text: str, size: float) -> float:
    """Width of a text in drawing units at a font size (Arial metrics)."""
    return sum(_WIDTHS.get(ch, 556) for ch in text) * size / 1000


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break a text at spaces into lines no wider than ``width`` (a too-long word is cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if text_width(trial, size) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        while text_width(word, size) > width:  # a word longer than the column
            cut = len(word)
            while cut > 1 and text_width(word[:cut], size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def _esc(text: str) -> str:
    return html_escape(text, quote=True)


def svg(
    rows: Sequence[dict[str, Any]],
    *,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    voting_day: dt.date | None = None,
    title: str = "",
    subtitle: str = "",
    lang: str = "id",
    depth: int | None = None,
    since: dt.date | None = None,
) -> str:
    """The schedule as a standalone SVG sized to fit an A4 landscape page.

    ``since`` is the regulation's date: a stage that began before it is drawn from it."""
    rows = [r for r in rows if depth is None or r.get("depth", 0) <= depth]
    spans = _group_spans(rows)
    lo, hi = window(rows, start, end, today)
    if start is None:
        lo = dt.date(lo.year, lo.month, 1)
    if end is None:
        hi = dt.date(hi.year + (hi.month == 12), hi.month % 12 + 1, 1) - dt.timedelta(days=1)
    span = (hi - lo).days + 1
    _weekdays, months = names_for(lang)

    pad, label_w, size = 14.0, 380.0, 10.0
    x0, x1 = pad + label_w + 10, W - pad

    def x(day: dt.date) -> float:
        return x0 + (x1 - x0) * max(0, min(span, (day - lo).days)) / span

    out: list[str] = []
    y = 26.0
    if title:
        for line in wrap(title, W - 2 * pad, 15):
            out.append(
                f'<text x="{pad}" y="{y:.1f}" font-size="15" font-weight="bold">{_esc(line)}</text>'
            )
            y += 18
    if subtitle:
        out.append(
            f'<text x="{pad}" y="{y:.1f}" font-size="9.5" fill="#444">{_esc(subtitle)}</text>'
        )
        y += 14
    axis_y = y + 24  # a row of years, then a row of months
    top = axis_y + (16 if span <= 120 else 6)  # short windows: a row of week dates too

    # Rows first (their heights decide where the grid ends).
    bands: list[str] = []  # zebra rows, under the grid
    body: list[str] = []
    ry = top
    for n, r in enumerate(rows):
        d = r.get("depth", 0)
        indent = 14.0 * d
        mark = CONF_MARK.get(r.get("confidence", ""), "")
        fsize = size if d else size + 0.5
        weight = ' font-weight="bold"' if d == 0 else ""
        lines = wrap(f"{r['name']}{mark}", label_w - indent, fsize)
        if not r["start_date"] and r["end_date"] and r.get("rule"):
            # "dimulai sebelum PKPU …" under the name, inside the row: never over other bars
            lines += wrap(f"({r['rule']})", label_w - indent, fsize)
        rule = _rule_lines(r, spans, (x1 - x0) * 0.9)  # an undated stage's rule, wrapped
        h = max(14.0, LINE * max(len(lines), len(rule)) + 3)
        if n % 2 == 0:
            bands.append(
                f'<rect x="{pad}" y="{ry:.1f}" width="{W - 2 * pad}" height="{h:.1f}" fill="#f3f3f3"/>'
            )
        tspans = "".join(
            f'<tspan x="{pad + indent + 2:.1f}" dy="{(0 if i == 0 else LINE):.1f}">{_esc(t)}</tspan>'
            for i, t in enumerate(lines)
        )
        body.append(
            f'<text y="{ry + (h - LINE * (len(lines) - 1)) / 2 + 3.5:.1f}" font-size="{fsize}"{weight}>{tspans}</text>'
        )
        mid = ry + h / 2
        body += _bar(r, spans, lo, hi, today, x, mid, since, rule)
        ry += h
    bottom = ry

    # Month grid and axis labels (weeks too, for short windows).
    grid: list[str] = []
    m = dt.date(lo.year, lo.month, 1)
    last_label = -1e9
    while m <= hi:
        if m >= lo:
            gx = x(m)
            grid.append(
                f'<line x1="{gx:.1f}" y1="{top:.1f}" x2="{gx:.1f}" y2="{bottom:.1f}" stroke="#bbb" stroke-width="0.6"/>'
            )
        nxt = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        a, b = x(max(m, lo)), x(min(nxt - dt.timedelta(days=1), hi) + dt.timedelta(days=1))
        label = months[m.month - 1][:3]
        if b - a < text_width(label, 9) + 2:
            label = label[0]
        if b - a >= text_width(label, 9) and a >= last_label:
            grid.append(
                f'<text x="{(a + b) / 2:.1f}" y="{axis_y:.1f}" font-size="9" text-anchor="middle">{_esc(label)}</text>'
            )
            last_label = b
        m = nxt
    for year in range(lo.year, hi.year + 1):
        a = x(max(dt.date(year, 1, 1), lo))
        b = x(min(dt.date(year, 12, 31), hi) + dt.timedelta(days=1))
        grid.append(
            f'<line x1="{a:.1f}" y1="{axis_y - 22:.1f}" x2="{a:.1f}" y2="{top:.1f}" stroke="#555" stroke-width="0.8"/>'
        )
        if b - a >= text_width(str(year), 9.5):
            grid.append(
                f'<text x="{(a + b) / 2:.1f}" y="{axis_y - 12:.1f}" font-size="9.5" font-weight="bold" text-anchor="middle">{year}</text>'
            )
    if span <= 120:
        wk = lo + dt.timedelta(days=(7 - lo.weekday()) % 7)
        while wk <= hi:
            grid.append(
                f'<line x1="{x(wk):.1f}" y1="{top:.1f}" x2="{x(wk):.1f}" y2="{bottom:.1f}" stroke="#ddd" stroke-width="0.5" stroke-dasharray="2 2"/>'
            )
            grid.append(
                f'<text x="{x(wk):.1f}" y="{top - 1:.1f}" font-size="6.5" fill="#666" text-anchor="middle">{wk.day}/{wk.month}</text>'
            )
            wk += dt.timedelta(days=7)
    grid.append(
        f'<line x1="{x0:.1f}" y1="{top:.1f}" x2="{x1:.1f}" y2="{top:.1f}" stroke="#555" stroke-width="0.8"/>'
    )

    # Today and voting day: full-height lines, labelled under the chart.
    marks: list[str] = []
    foot = bottom + 13
    if voting_day and lo <= voting_day <= hi:
        vx = x(voting_day) + (x1 - x0) / span / 2
        label = _("▼ Voting day {date}").format(date=format_short(voting_day, lang))
        marks.append(
            f'<line x1="{vx:.1f}" y1="{top - 4:.1f}" x2="{vx:.1f}" y2="{bottom:.1f}" stroke="#8b0000" stroke-width="1.6" stroke-dasharray="6 2 1 2"/>'
        )
        marks.append(f'<path d="M{vx - 5:.1f},{top - 10:.1f} h10 l-5,7 z" fill="#8b0000"/>')
        marks.append(_label(vx, foot + 12, label, "#8b0000", x0, x1))
    if lo <= today <= hi:
        tx = x(today) + (x1 - x0) / span / 2
        marks.append(
            f'<line x1="{tx:.1f}" y1="{top:.1f}" x2="{tx:.1f}" y2="{bottom:.1f}" stroke="#d00" stroke-width="1.2"/>'
        )
        marks.append(
            _label(
                tx, foot, _("Today {date}").format(date=format_short(today, lang)), "#d00", x0, x1
            )
        )

    legend_y = foot + 32
    recurring = any(r.get("occurs") for r in rows)
    legend = _legend(pad, legend_y, occurrences=recurring)
    height = legend_y + (40 if recurring else 26)
    scale = min(PAGE_W_MM / W, PAGE_H_MM / height)
    label = title or _("Timetable")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W * scale:.1f}mm" height="{height * scale:.1f}mm" '
        f'viewBox="0 0 {W:.0f} {height:.0f}" font-family="{FONT_STACK}" fill="#111" '
        'role="img" aria-labelledby="chart-title chart-desc">'
        # what a screen reader says of the picture: its title, then what it shows
        f'<title id="chart-title">{_esc(label)}</title>'
        f'<desc id="chart-desc">{_esc(_describe(rows, lo, hi, subtitle, lang))}</desc>'
    )
    defs = (
        "<defs>"
        '<pattern id="running" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#fbe3cc"/><rect width="3" height="6" fill="{COLOUR["active"]}"/></pattern>'
        "</defs>"
    )
    bg = f'<rect width="{W:.0f}" height="{height:.0f}" fill="#fff"/>'
    return (
        "\n".join(
            [
                head,
                defs,
                bg,
                *out,
                *bands,
                *grid,
                '<g id="stages">',
                *body,
                "</g>",
                *marks,
                '<g id="legend">',
                *legend,
                "</g>",
                "</svg>",
            ]
        )
        + "\n"
    )


def _label(xpos: float, y: float, text: str, colour: str, x0: float, x1: float) -> str:
    anchor = "end" if xpos > (x0 + x1) / 2 else "start"
    shift = -3 if anchor == "end" else 3
    return (
        f'<text x="{xpos + shift:.1f}" y="{y:.1f}" font-size="9" fill="{colour}" '
        f'text-anchor="{anchor}" font-weight="bold">{_esc(text)}</text>'
    )


def _shape(
    st: str, x_a: float, x_b: float, mid: float, *, left_open: bool, right_open: bool
) -> list[str]:
    """A bar whose fill tells its state without colour: solid, hatched, or outlined dashed."""
    h = 9.0
    w = max(x_b - x_a, 2.0)
    y = mid - h / 2
    c = COLOUR[st]
    if st == "done":
        style = f'fill="{c}" stroke="{c}"'
    elif st == "active":
        style = f'fill="url(#running)" stroke="{c}" stroke-width="1.4"'
    else:
        style = f'fill="#fff" stroke="{c}" stroke-width="1.2" stroke-dasharray="3 2"'
    parts = [f'<rect x="{x_a:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" {style}/>']
    if left_open:  # began earlier than drawn (or than known): an arrow head pointing back
        parts.append(f'<path d="M{x_a - 6:.1f},{mid:.1f} l6,-5 v10 z" fill="{c}"/>')
    if right_open:
        parts.append(f'<path d="M{x_a + w + 6:.1f},{mid:.1f} l-6,-5 v10 z" fill="{c}"/>')
    return parts


def _diamond(st: str, cx: float, mid: float) -> list[str]:
    c = COLOUR[st]
    fill = {"done": c, "active": "url(#running)", "upcoming": "#fff"}[st]
    dash = ' stroke-dasharray="2 1.5"' if st == "upcoming" else ""
    return [
        f'<path d="M{cx:.1f},{mid - 6:.1f} l6,6 l-6,6 l-6,-6 z" fill="{fill}" stroke="{c}" '
        f'stroke-width="1.3"{dash}/>'
    ]


def _bar(
    r: dict[str, Any],
    spans: dict[str, tuple[dt.date, dt.date]],
    lo: dt.date,
    hi: dt.date,
    today: dt.date,
    x: Callable[[dt.date], float],
    mid: float,
    since: dt.date | None = None,
    rule: Sequence[str] = (),
) -> list[str]:
    s, e = _d(r["start_date"]), _d(r["end_date"])
    one = dt.timedelta(days=1)
    if s is None and e is None:
        if r.get("path") in spans:  # a group: a bracket over its children's span
            gs, ge = spans[r["path"]]
            if ge < lo or gs > hi:
                return []
            a, b = x(max(gs, lo)), x(min(ge, hi) + one)
            return [
                f'<path d="M{a:.1f},{mid + 4:.1f} v-6 H{b:.1f} v6" fill="none" stroke="#444" stroke-width="1.6"/>'
            ]
        if r.get("occurs"):  # a recurring stage: each occurrence at its dates
            return _occurrences(r["occurs"], lo, hi, today, x, mid)
        top = mid + 3.5 - LINE * (len(rule) - 1) / 2
        tspans = "".join(
            f'<tspan x="{x(lo) + 4:.1f}" dy="{(0 if i == 0 else LINE):.1f}">{_esc(t)}</tspan>'
            for i, t in enumerate(rule)
        )
        return [
            f'<text y="{top:.1f}" font-size="9" font-style="italic" fill="#555">{tspans}</text>'
        ]
    st = state(s, e, today)
    began_before = s is None
    s, e = stages.days(s, e, since) or (s, e)  # the rule the list and calendar use
    if (s and s > hi) or (e and e < lo):
        return []
    if s is not None and s == e and not began_before:
        return _diamond(st, x(s) + (x(s + one) - x(s)) / 2, mid)
    a = x(s) if s and s >= lo else x(lo)
    b = x(e + one) if e and e <= hi else x(hi + one)
    left_open = began_before or s is None or s < lo
    return _shape(st, a, b, mid, left_open=left_open, right_open=e is None or e > hi)


def _rule_lines(
    r: dict[str, Any], spans: dict[str, tuple[dt.date, dt.date]], width: float
) -> list[str]:
    """The rule of a stage without dates, over lines of the chart's width (whole words);
    none for a dated stage, a group or a recurring stage (its occurrences are drawn)."""
    if r["start_date"] or r["end_date"] or r.get("path") in spans or r.get("occurs"):
        return []
    return wrap(r.get("rule") or _("no fixed date"), width, 9)


def _occurrences(
    occs: Sequence[dict[str, Any]],
    lo: dt.date,
    hi: dt.date,
    today: dt.date,
    x: Callable[[dt.date], float],
    mid: float,
) -> list[str]:
    """A recurring stage's occurrences on its row, as the terminal draws them: each a
    diamond (one day) or a bar in the style of its state; one only expected from the
    rule (perkiraan) paler, its outline dotted."""
    one = dt.timedelta(days=1)
    out: list[str] = []
    for o in occs:
        s, e = dt.date.fromisoformat(o["start"]), dt.date.fromisoformat(o["end"])
        if e < lo or s > hi:
            continue
        st = state(s, e, today)
        if s == e:
            shape = _diamond(st, x(s) + (x(s + one) - x(s)) / 2, mid)
        else:
            a, b = x(max(s, lo)), x(min(e, hi) + one)
            shape = _shape(st, a, b, mid, left_open=s < lo, right_open=e > hi)
        if o.get("expected"):
            out.append(f'<g opacity="0.55" stroke-dasharray="1.5 1.5">{"".join(shape)}</g>')
        else:
            out += shape
    return out


def _legend(pad: float, y: float, occurrences: bool = False) -> list[str]:
    out: list[str] = []
    xpos = pad
    for st in ("done", "active", "upcoming"):
        out += _shape(st, xpos, xpos + 26, y - 3, left_open=False, right_open=False)
        label = _(STATE_LABEL[st])
        out.append(f'<text x="{xpos + 32:.1f}" y="{y:.1f}" font-size="9">{_esc(label)}</text>')
        xpos += 40 + text_width(label, 9) + 14
    out += _diamond("upcoming", xpos + 6, y - 3)
    one_day = _("one day")
    out.append(f'<text x="{xpos + 16:.1f}" y="{y:.1f}" font-size="9">{_esc(one_day)}</text>')
    xpos += 16 + text_width(one_day, 9) + 18
    out.append(
        f'<path d="M{xpos:.1f},{y + 1:.1f} v-6 h24 v6" fill="none" stroke="#444" stroke-width="1.6"/>'
    )
    out.append(
        f'<text x="{xpos + 30:.1f}" y="{y:.1f}" font-size="9">{_("span of sub-stages")}</text>'
    )
    xpos += 30 + text_width(_("span of sub-stages"), 9) + 18
    out.append(f'<path d="M{xpos + 6:.1f},{y - 3:.1f} l6,-5 v10 z" fill="#444"/>')
    out.append(
        f'<text x="{xpos + 18:.1f}" y="{y:.1f}" font-size="9">'
        + _esc(_("starts/ends outside the window, or no start date"))
        + "</text>"
    )
    out.append(
        f'<text x="{pad:.1f}" y="{y + 16:.1f}" font-size="8" fill="#555">'
        + _esc(
            _(
                "¹ one news source · ? not yet sourced · red line: today · "
                "dashed dark red line: voting day"
            )
        )
        + "</text>"
    )
    if occurrences:  # as the terminal says it: a held or confirmed one, or one expected
        out.append(
            f'<text x="{pad:.1f}" y="{y + 30:.1f}" font-size="8" fill="#555">'
            + _esc(_("◆ held or confirmed  ◇ expected (from the rule)"))
            + "</text>"
        )
    return out


def _describe(
    rows: Sequence[dict[str, Any]], lo: dt.date, hi: dt.date, subtitle: str, lang: str
) -> str:
    """The chart in one sentence: how many stages, over which days (and the subtitle)."""
    text = ngettext(
        "{n} stage from {start} to {end}.", "{n} stages from {start} to {end}.", len(rows)
    ).format(n=len(rows), start=format_short(lo, lang), end=format_short(hi, lang))
    return f"{subtitle}. {text}" if subtitle else text


def html_page(svg_text: str, title: str) -> str:
    """The chart on an A4 landscape page, with nothing fetched from elsewhere."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language()}"><head><meta charset="utf-8">\n'
        f"<title>{_esc(title)}</title>\n"
        "<style>@page{size:A4 landscape;margin:10mm}"
        "html,body{margin:0;background:#fff}"
        "body{display:flex;justify-content:center;padding:1rem}"
        "@media print{body{padding:0}}"
        "svg{max-width:100%;height:auto;break-inside:avoid}"
        # the heading is for assistive tools and the outline: the chart draws its own title
        ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
        "</style></head><body>\n"
        f'<main><h1 class="sr">{_esc(title)}</h1>\n'
        f"{svg_text}</main></body></html>\n"
    )
