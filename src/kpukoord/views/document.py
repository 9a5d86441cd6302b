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
class Table:
    """A table with a header row; ``widths`` are relative column widths (docx, HTML)."""

    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None
    # Cells that read whole without their column's name where a writer lists cells as
    # "column: value" ("tanpa tenggat", not "Paling lambat: tanpa tenggat").
    alone: frozenset[str] = frozenset()


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)
    level: int = 2
    numbered: bool = False  # lines are "1.", "2.": each writer numbers them once
    paragraphs: list[str] = field(default_factory=list)  # prose, drawn before the lines
    table: Table | None = None  # drawn after the lines


@dataclass
class Signer:
    """One column of a signature block: its role lines, then room to sign, then the name."""

    role: list[str]
    name: str = ""  # empty: a dotted line to write the name on
    detail: str = ""  # under the name (position)


@dataclass
class Signature:
    place_date: str  # "Masamba, 13 Februari 2023", above the last signer
    signers: list[Signer]


@dataclass
class Document:
    title: str
    header: list[str]
    sections: list[Section]
    footer: str
    kop: list[str] = field(default_factory=list)  # letterhead lines above the title
    subtitle: list[str] = field(default_factory=list)  # under the title ("Nomor: ...")
    fields: list[tuple[str, str]] = field(default_factory=list)  # "Hari/tanggal": "..."
    signature: Signature | None = None
    lang: str = "id"  # the language it is written in (HTML's lang attribute)
    # What names this document among others of its kind: the HTML <title> and the docx
    # title property ("Notulen rapat: Rakor ..., 5 Juli 2024"); empty: the title.
    name: str = ""
    subject: str = ""  # docx properties
    category: str = ""
    author: str = ""  # the office that writes it
    kop_in_print: bool = False  # the kop is for print (HTML, docx) only, not text/Markdown


# "Halaman 1 dari 2": the words around a page number, by the document's language.
PAGE_WORDS = {"id": ("Halaman", "dari"), "en": ("Page", "of")}


def report_words() -> dict[str, str]:
    """The words every weekly report shares (its week, its day, its footer), in the
    language in force; each report's labels() adds its own."""
    from kpukoord.language.i18n import _

    return {
        "week": _("Week {iso}: {range}"),
        "as_of": _("As of {date}"),
        "footer": _("Made with kpukoord"),
    }


def page_words(lang: str) -> tuple[str, str]:
    return PAGE_WORDS.get(lang, PAGE_WORDS["id"])


def kop_lines(office: str, address: str = "") -> list[str]:
    """The letterhead of an office's documents, as KPU letters have it: the commission,
    then the office ("KPU Kabupaten Luwu Utara": "KABUPATEN LUWU UTARA"), its address."""
    lines = ["KOMISI PEMILIHAN UMUM"]
    name = " ".join(office.split()).upper()
    for prefix in ("KOMISI PEMILIHAN UMUM ", "KPU "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    if name in ("RI", "REPUBLIK INDONESIA"):
        name = "REPUBLIK INDONESIA"
    if name and name != "KOMISI PEMILIHAN UMUM" and name != "KPU":
        lines.append(name)
    if address:
        lines.append(address)
    return lines


BLANK_NAME = "(" + "." * 32 + ")"


def _signer_lines(doc_sig: Signature, i: int, signer: Signer) -> list[str]:
    """A signer's column as lines: place/date (last signer), role, room, name, detail.

    Roles are padded to the longest, so the names of all signers stand on one line.
    """
    roles = max(len(x.role) for x in doc_sig.signers)
    out = [doc_sig.place_date if i == len(doc_sig.signers) - 1 else ""]
    out += [*signer.role, *[""] * (roles - len(signer.role)), "", "", ""]
    out.append(signer.name or BLANK_NAME)
    if signer.detail:
        out.append(signer.detail)
    return out


# ---------------------------------------------------------------------------
# Escaping: the text of a document (user text included) is shown as written

# WhatsApp formats *bold*, _italic_, ~strike~ and `code` between markers that touch
# a word; a zero-width space after each marker character keeps it a plain character
# (it is invisible, so the message reads exactly as typed).
_WA_MARKERS = re.compile(r"([*_~`])")
ZWSP = "\u200b"
# CommonMark: any ASCII punctuation may be backslash-escaped; these are the ones
# that can start markup inline or (at a line's start) a block. Brackets stay as typed
# ("Rakor [tindak lanjut]" is no link): only a "]" that would close a link or a
# reference ("](", "][", "]:") and a "!" before "[" are escaped.
_MD_INLINE = re.compile(r"([\\`*_<>#|~&]|!(?=\[)|\](?=[(\[:]))")
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
    kop = [] if doc.kop_in_print else doc.kop
    out = [f"*{wa(k)}*" for k in kop] + ([""] if kop else [])
    out += [f"*{wa(doc.title)}*", *[wa(h) for h in [*doc.subtitle, *doc.header]]]
    out += [f"{wa(k)}: {wa(v)}" for k, v in doc.fields]
    for s in doc.sections:
        if s.title:
            out.append("")
            out.append(f"*{wa(s.title)}*" if s.level == 2 else f"_{wa(s.title)}_")
        elif s.lines:
            out.append("")
        for i, p in enumerate(s.paragraphs):
            out += [""] * (i > 0) + [wa(p, "")]
        if s.paragraphs and s.lines:
            out.append("")
        for n, line in enumerate(s.lines, 1):
            mark = f"{n}." if s.numbered else "-"
            out.append(f"{mark} {'(!) ' if line.alert else ''}{wa(line.text)}")
            out += [f"   · {wa(sub, '     ')}" for sub in line.sub]
        if s.table:
            for n, row in enumerate(s.table.rows, 1):
                out.append(f"{n}. {wa(row[0])}")
                out += [
                    f"   · {wa(v, '     ')}"
                    if v in s.table.alone
                    else f"   · {wa(c)}: {wa(v, '     ')}"
                    for c, v in zip(s.table.columns[1:], row[1:], strict=False)
                ]
    if doc.signature:
        out.append("")
        for i, signer in enumerate(doc.signature.signers):
            col = [wa(x) for x in _signer_lines(doc.signature, i, signer)]
            out += [""] * (i > 0) + (col if col[0] else col[1:])
    out += ["", f"_{wa(doc.footer)}_"]
    return "\n".join(out) + "\n"


def _md_cell(text: str) -> str:
    return md(" ".join(text.split("\n")))


def to_markdown(doc: Document) -> str:
    kop = [] if doc.kop_in_print else doc.kop
    out = [f"**{md(k)}**  " for k in kop] + ([""] if kop else [])
    out += [f"# {md(doc.title)}", "", *[f"{md(h)}  " for h in [*doc.subtitle, *doc.header]]]
    out += [f"**{md(k)}**: {md(v)}  " for k, v in doc.fields]
    for s in doc.sections:
        out.append("")
        if s.title:
            out += [f"{'#' * s.level} {md(s.title)}", ""]
        for p in s.paragraphs:
            out += [md(p, ""), ""]
        for n, line in enumerate(s.lines, 1):
            mark = f"{n}." if s.numbered else "-"
            pad = " " * (len(mark) + 1)
            out.append(f"{mark} {'**(!)** ' if line.alert else ''}{md(line.text, pad)}")
            out += [f"{pad}- {md(sub, pad + '  ')}" for sub in line.sub]
        if s.table:
            if s.lines:
                out.append("")
            out.append("| No | " + " | ".join(map(_md_cell, s.table.columns)) + " |")
            out.append("|---:|" + "---|" * len(s.table.columns))
            for n, row in enumerate(s.table.rows, 1):
                out.append(f"| {n} | " + " | ".join(map(_md_cell, row)) + " |")
    if doc.signature:
        sig = doc.signature
        cols = [_signer_lines(sig, i, x) for i, x in enumerate(sig.signers)]
        height = max(len(c) for c in cols)
        cols = [c + [""] * (height - len(c)) for c in cols]
        out += ["", "| " + " | ".join(" " for _ in cols) + " |", "|" + "---|" * len(cols)]
        for r in range(height):
            out.append("| " + " | ".join(_md_cell(c[r]) or " " for c in cols) + " |")
    out += ["", f"*{md(doc.footer)}*"]
    return "\n".join(out) + "\n"


# Names of the parts of a printed page that assistive tools announce, by language.
LABELS = {
    "id": {"fields": "Keterangan", "signatures": "Tanda tangan"},
    "en": {"fields": "Details", "signatures": "Signatures"},
}

_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;"
    "line-height:1.4;color:#111}h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:"
    "1px solid #999;margin-top:1.5rem}h3{font-size:1rem;margin-bottom:.2rem}"
    ".header p{margin:.1rem 0}.alert{color:#a00;font-weight:bold}footer{margin-top:2rem;"
    "color:#666;font-size:.8rem}"
    ".kop{text-align:center;font-weight:bold;border-bottom:3px double #111;padding-bottom:.4rem}"
    ".kop p{margin:0}.kop p:nth-child(-n+2){font-size:1.2rem}.kop p+p+p{font-weight:normal}"
    ".kop+main>h1{text-align:center;margin-bottom:0}.subtitle{text-align:center}"
    "table{border-collapse:collapse}.fields td{padding:.1rem .4rem .1rem 0;vertical-align:top}.fields td:first-child{white-space:nowrap}"
    ".grid{width:100%}.grid th,.grid td{border:1px solid #555;padding:.2rem .4rem;"
    "vertical-align:top;text-align:left}.grid th{background:#eee}"
    # a block around the signers' table: Chromium keeps a block whole and with what is
    # before it, not a table of several rows
    ".sign{margin-top:2rem;break-inside:avoid;page-break-inside:avoid;"
    "break-before:avoid;page-break-before:avoid}.sign table{width:100%;table-layout:fixed;"
    "break-inside:avoid;page-break-inside:avoid}"
    ".sign td{width:50%;text-align:center;vertical-align:top;padding:0;height:1.4em}"
    ".sign .room td{height:4.5rem}.sign .name{font-weight:bold;text-decoration:underline}"
    "h2,h3{break-after:avoid;page-break-after:avoid}tr,li{break-inside:avoid}"
    # the last items of the last list go with the footer: a last page is never one item
    # and the footer, it carries a share of the content
    ".end>li:nth-last-child(-n+3){break-before:avoid;page-break-before:avoid}"
    "footer{break-before:avoid;page-break-before:avoid}"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    "@media print{body{margin:0;max-width:none}}"
)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_css(lang: str) -> str:
    """A4 with "Halaman 1 dari 2" at the foot of every printed page (a margin box)."""
    page, of = page_words(lang)
    words = f"{_css_string(page + ' ')} counter(page) {_css_string(' ' + of + ' ')} counter(pages)"
    return (
        "@page{size:A4;margin:20mm 20mm 20mm 25mm;"
        f"@bottom-center{{content:{words};font:9pt system-ui,sans-serif;color:#444}}}}"
    )


def to_html(doc: Document) -> str:
    esc = html_mod.escape
    labels = LABELS.get(doc.lang, LABELS["id"])
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(doc.lang)}"><head><meta charset="utf-8">',
        f"<title>{esc(doc.name or doc.title)}</title>",
        f"<style>{_page_css(doc.lang)}{_CSS}</style></head><body>",
    ]
    if doc.kop:
        parts.append(
            '<header class="kop">' + "".join(f"<p>{esc(k)}</p>" for k in doc.kop) + "</header>"
        )
    parts.append("<main>")
    parts.append(f"<h1>{esc(doc.title)}</h1>")
    parts += [f'<p class="subtitle">{esc(x)}</p>' for x in doc.subtitle]
    if doc.header:
        parts += ['<div class="header">', *[f"<p>{esc(h)}</p>" for h in doc.header], "</div>"]
    if doc.fields:
        parts.append(f'<table class="fields" aria-label="{esc(labels["fields"])}">')
        parts += [f"<tr><td>{esc(k)}</td><td>:</td><td>{esc(v)}</td></tr>" for k, v in doc.fields]
        parts.append("</table>")
    for s in doc.sections:
        if s.title:
            parts.append(f"<h{s.level}>{esc(s.title)}</h{s.level}>")
        parts += [f"<p>{esc(p)}</p>" for p in s.paragraphs]
        if s.lines:
            tag = "ol" if s.numbered else "ul"
            last = s is doc.sections[-1] and not s.table and not doc.signature
            parts.append(f'<{tag} class="end">' if last else f"<{tag}>")
            for line in s.lines:
                cls = ' class="alert"' if line.alert else ""
                subs = "".join(f"<li>{esc(x)}</li>" for x in line.sub)
                parts.append(
                    f"<li{cls}>{esc(line.text)}" + (f"<ul>{subs}</ul>" if subs else "") + "</li>"
                )
            parts.append(f"</{tag}>")
        if s.table:
            t = s.table
            parts.append(f'<table class="grid"><caption class="sr">{esc(s.title)}</caption>')
            parts.append("<thead><tr><th>No</th>")
            parts += [f"<th>{esc(c)}</th>" for c in t.columns]
            parts.append("</tr></thead><tbody>")
            for n, row in enumerate(t.rows, 1):
                parts.append(f"<tr><td>{n}</td>" + "".join(f"<td>{esc(v)}</td>" for v in row))
            parts.append("</tbody></table>")
    if doc.signature:
        parts.append(_html_signature(doc.signature, labels["signatures"]))
    # the footer stays inside <main>: Chromium keeps it with the content before it only
    # among siblings (a page of only the footer otherwise)
    parts += [f"<footer>{esc(doc.footer)}</footer>", "</main></body></html>"]
    return "\n".join(parts) + "\n"


def _html_signature(sig: Signature, label: str) -> str:
    """The signers side by side, one table row per line: the role lines padded to the
    longest, so the room to sign and the names of all signers stand on one line."""
    esc = html_mod.escape
    cols = [_signer_lines(sig, i, x) for i, x in enumerate(sig.signers)]
    height = max(len(c) for c in cols)
    cols = [c + [""] * (height - len(c)) for c in cols]
    roles = max(len(x.role) for x in sig.signers)
    room = range(1 + roles, 1 + roles + 3)  # the three blank lines of _signer_lines
    name_row = 1 + roles + 3
    rows = []
    for r in range(height):
        if r == room.start:
            rows.append('<tr class="room">' + "<td></td>" * len(cols) + "</tr>")
        if r in room:
            continue
        cells = []
        for signer, col in zip(sig.signers, cols, strict=True):
            text = esc(col[r]) if col[r] else "&nbsp;"
            cls = ' class="name"' if r == name_row and signer.name else ""
            cells.append(f"<td{cls}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="sign"><table aria-label="{esc(label)}">' + "".join(rows) + "</table></div>"


def to_rich(doc: Document) -> Any:
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table as RichTable
    from rich.text import Text

    head = Text()
    top = [
        *([] if doc.kop_in_print else doc.kop),
        *doc.subtitle,
        *doc.header,
        *[f"{k}: {v}" for k, v in doc.fields],
    ]
    for i, h in enumerate(top):
        head.append(h + ("\n" if i < len(top) - 1 else ""), style="bold" if i == 0 else "")
    parts: list[Any] = [Panel(head, title=doc.title, title_align="left", box=box.ROUNDED)]
    for s in doc.sections:
        if s.title:
            style = "bold underline" if s.level == 2 else "bold"
            parts.append(Text(("\n" if s.level == 2 else "") + s.title, style=style))
        parts += [Text(p + "\n") for p in s.paragraphs]
        if s.lines:
            grid = RichTable.grid(padding=(0, 1))
            grid.add_column(width=3, justify="right")
            grid.add_column(overflow="fold")
            for n, line in enumerate(s.lines, 1):
                mark = f"{n}." if s.numbered else "•"
                grid.add_row(mark, Text(line.text, style="bold red" if line.alert else ""))
                for sub in line.sub:
                    grid.add_row("", Text(f"· {sub}", style="dim"))
            parts.append(grid)
        if s.table:
            t = RichTable(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
            t.add_column("No", justify="right")
            widths = s.table.widths or [1.0] * len(s.table.columns)
            for c, w in zip(s.table.columns, widths, strict=True):
                t.add_column(c, overflow="fold", ratio=round(w * 10))
            for n, row in enumerate(s.table.rows, 1):
                t.add_row(str(n), *row)
            parts.append(t)
    if doc.signature:
        sig = doc.signature
        grid = RichTable.grid(padding=(0, 4), expand=True)
        for _ in sig.signers:
            grid.add_column(justify="center", ratio=1, overflow="fold")
        cols = [_signer_lines(sig, i, x) for i, x in enumerate(sig.signers)]
        grid.add_row(*["\n".join(c) for c in cols])
        parts += [Text(""), grid]
    return Group(*parts)


# The writers of a document to a file format, by the name users give with --format.
WRITERS = {"text": to_text, "markdown": to_markdown, "html": to_html}
