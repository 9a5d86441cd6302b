"""The document model every printable view is built as, and its writers.

A document is a title, header lines, sections of lines with sub-lines, and a
footer. The weekly report and the minutes are built as documents; each writer
(terminal, WhatsApp text, Markdown, HTML) only decides how a title, a line and
a sub-line look, so every format says the same thing.
"""

from __future__ import annotations

import html as html_mod
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Line:
    text: str
    sub: list[str] = field(default_factory=list)
    alert: bool = False


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)
    level: int = 2


@dataclass
class Document:
    title: str
    header: list[str]
    sections: list[Section]
    footer: str


# ---------------------------------------------------------------------------
# Escaping: the text of a document (user text included) is shown as written

# WhatsApp formats *bold*, _italic_, ~strike~ and `code` between markers that touch
# a word; a zero-width space after each marker character keeps it a plain character
# (it is invisible, so the message reads exactly as typed).
_WA_MARKERS = re.compile(r"([*_~`])")
ZWSP = "\u200b"
# CommonMark: any ASCII punctuation may be backslash-escaped; these are the ones
# that can start markup inline or (at a line's start) a block.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~!&])")
_MD_BLOCK = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])", re.M)


def wa(text: str, indent: str = "   ") -> str:
    """Text for a WhatsApp message: markers neutralised, continuation lines indented."""
    return _WA_MARKERS.sub(r"\1" + ZWSP, text).replace("\n", "\n" + indent)


def md(text: str, indent: str = "  ") -> str:
    """Text for Markdown: markup escaped, line breaks kept inside the list item."""
    t = _MD_INLINE.sub(r"\\\1", text)
    t = _MD_BLOCK.sub(
        lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[2] is not None else f"{m[4]}\\{m[5]}", t
    )
    return t.replace("\n", "  \n" + indent)


# ---------------------------------------------------------------------------
# Formats


def to_text(doc: Document) -> str:
    """WhatsApp: *bold* headings, plain '-' bullets, no box drawing, no ANSI codes."""
    out = [f"*{wa(doc.title)}*", *[wa(h) for h in doc.header]]
    for s in doc.sections:
        if s.title:
            out.append("")
            out.append(f"*{wa(s.title)}*" if s.level == 2 else f"_{wa(s.title)}_")
        elif s.lines:
            out.append("")
        for line in s.lines:
            out.append(f"- {'(!) ' if line.alert else ''}{wa(line.text)}")
            out += [f"   · {wa(sub, '     ')}" for sub in line.sub]
    out += ["", f"_{wa(doc.footer)}_"]
    return "\n".join(out) + "\n"


def to_markdown(doc: Document) -> str:
    out = [f"# {md(doc.title)}", "", *[f"{md(h)}  " for h in doc.header]]
    for s in doc.sections:
        out.append("")
        if s.title:
            out += [f"{'#' * s.level} {md(s.title)}", ""]
        for line in s.lines:
            out.append(f"- {'**(!)** ' if line.alert else ''}{md(line.text)}")
            out += [f"  - {md(sub, '    ')}" for sub in line.sub]
    out += ["", f"*{md(doc.footer)}*"]
    return "\n".join(out) + "\n"


def to_html(doc: Document) -> str:
    esc = html_mod.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        f"<title>{esc(doc.title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;"
        "line-height:1.4;color:#111}h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:"
        "1px solid #999;margin-top:1.5rem}h3{font-size:1rem;margin-bottom:.2rem}"
        ".header p{margin:.1rem 0}.alert{color:#a00;font-weight:bold}footer{margin-top:2rem;"
        "color:#666;font-size:.8rem}@media print{body{margin:0}}</style></head><body>",
        f"<h1>{esc(doc.title)}</h1>",
        '<div class="header">',
        *[f"<p>{esc(h)}</p>" for h in doc.header],
        "</div>",
    ]
    for s in doc.sections:
        if s.title:
            parts.append(f"<h{s.level}>{esc(s.title)}</h{s.level}>")
        if s.lines:
            parts.append("<ul>")
            for line in s.lines:
                cls = ' class="alert"' if line.alert else ""
                subs = "".join(f"<li>{esc(x)}</li>" for x in line.sub)
                parts.append(
                    f"<li{cls}>{esc(line.text)}" + (f"<ul>{subs}</ul>" if subs else "") + "</li>"
                )
            parts.append("</ul>")
    parts += [f"<footer>{esc(doc.footer)}</footer>", "</body></html>"]
    return "\n".join(parts) + "\n"


def to_rich(doc: Document) -> Any:
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    head = Text()
    for i, h in enumerate(doc.header):
        head.append(h + ("\n" if i < len(doc.header) - 1 else ""), style="bold" if i == 0 else "")
    parts: list[Any] = [Panel(head, title=doc.title, title_align="left", box=box.ROUNDED)]
    for s in doc.sections:
        if s.title:
            style = "bold underline" if s.level == 2 else "bold"
            parts.append(Text(("\n" if s.level == 2 else "") + s.title, style=style))
        if not s.lines:
            continue
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right")
        grid.add_column(overflow="fold")
        for line in s.lines:
            grid.add_row("•", Text(line.text, style="bold red" if line.alert else ""))
            for sub in line.sub:
                grid.add_row("", Text(f"· {sub}", style="dim"))
        parts.append(grid)
    return Group(*parts)


# The writers of a document to a file format, by the name users give with --format.
WRITERS = {"text": to_text, "markdown": to_markdown, "html": to_html}
