"""The Word (.docx) writer of a :class:`kpukoord.views.document.Document`.

Offices edit, print and sign in Microsoft Word, so the notulen is a real .docx
made with python-docx (imported only here, only when this format is asked for):
A4 with the margins of a letter, the letterhead with a double rule under it,
numbered lists that Word keeps numbered once, the follow-ups as a bordered table
whose header row repeats on every page, and the signature block as a two-column
borderless table kept on one page.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from kpukoord.views.document import Document, Section, Table, _signer_lines

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

FONT = "Arial"
SIZE = 11  # points
INDENT_CM = 0.75  # hanging indent of numbered and bulleted items


def to_docx(doc: Document) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(2.5), Cm(2)
    normal = d.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE)
    pf = normal.paragraph_format
    pf.space_after = Pt(2)
    pf.line_spacing = 1.15
    d.core_properties.title = doc.title
    d.core_properties.author = doc.kop[0] if doc.kop else "kpukoord"

    for i, k in enumerate(doc.kop):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(k)
        r.bold = True
        r.font.size = Pt(14 if i == 0 else SIZE)
        if i == len(doc.kop) - 1:
            _bottom_rule(p)
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    tr = title.add_run(doc.title)
    tr.bold = True
    tr.font.size = Pt(13)
    for sub in doc.subtitle:
        p = d.add_paragraph(sub)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for h in doc.header:
        d.add_paragraph(h)
    if doc.fields:
        d.add_paragraph()
        t = d.add_table(rows=0, cols=3)
        for k, v in doc.fields:
            cells = t.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = k, ":", v
        _widths(t, [Cm(3.6), Cm(0.5), Cm(12.4)])

    for s in doc.sections:
        _section(d, s)

    if doc.signature:
        sig = doc.signature
        _keep_last_with_next(d)  # the signatures never stand alone on a page
        d.add_paragraph().paragraph_format.keep_with_next = True
        t = d.add_table(rows=1, cols=len(sig.signers))
        t.autofit = False
        _cant_split(t.rows[0])
        for i, signer in enumerate(sig.signers):
            cell = t.rows[0].cells[i]
            col = _signer_lines(sig, i, signer)
            name_at = len(col) - (2 if signer.detail else 1)
            lines = [(text, j == name_at and bool(signer.name)) for j, text in enumerate(col)]
            cell.paragraphs[0].text = ""
            for j, (text, strong) in enumerate(lines):
                p = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.keep_with_next = True
                r = p.add_run(text)
                r.bold = strong
                r.underline = strong
        _widths(t, [Cm(16.5 / len(sig.signers))] * len(sig.signers))

    if doc.footer:
        fp = sec.footer.paragraphs[0]
        fr = fp.add_run(doc.footer)
        fr.font.size = Pt(8)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _section(d: DocxDocument, s: Section) -> None:
    from docx.shared import Cm, Pt

    if s.title:
        h = d.add_paragraph()
        h.paragraph_format.space_before = Pt(10 if s.level == 2 else 6)
        h.paragraph_format.keep_with_next = True
        r = h.add_run(s.title.upper() if s.level == 2 else s.title)
        r.bold = True
    for text in s.paragraphs:
        d.add_paragraph(text).paragraph_format.space_after = Pt(6)
    for n, line in enumerate(s.lines, 1):
        mark = f"{n}." if s.numbered else "–"
        p = d.add_paragraph()
        fmt = p.paragraph_format
        fmt.left_indent = Cm(INDENT_CM)
        fmt.first_line_indent = Cm(-INDENT_CM)
        fmt.tab_stops.add_tab_stop(Cm(INDENT_CM))
        r = p.add_run(f"{mark}\t{line.text}")
        r.bold = line.alert
        for sub in line.sub:
            q = d.add_paragraph()
            qf = q.paragraph_format
            qf.left_indent = Cm(2 * INDENT_CM)
            qf.first_line_indent = Cm(-INDENT_CM / 1.5)
            qf.tab_stops.add_tab_stop(Cm(2 * INDENT_CM))
            q.add_run(f"•\t{sub}")
    if s.table:
        _table(d, s.table)


def _table(d: DocxDocument, table: Table) -> None:
    from docx.shared import Cm

    t = d.add_table(rows=1, cols=len(table.columns) + 1)
    t.style = "Table Grid"
    head = t.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, ["No", *table.columns], strict=True):
        cell.text = ""
        r = cell.paragraphs[0].add_run(text)
        r.bold = True
        _shade(cell, "E7E6E6")
    for n, row in enumerate(table.rows, 1):
        r = t.add_row()
        _cant_split(r)
        for cell, text in zip(r.cells, [f"{n}.", *row], strict=True):
            cell.text = text
    usable = 16.5 - 1.0
    rel = table.widths or [1.0] * len(table.columns)
    _widths(t, [Cm(1.0)] + [Cm(usable * w / sum(rel)) for w in rel])


def _keep_last_with_next(d: DocxDocument) -> None:
    """Keep the last paragraph of the body (or the last row of a final table, and the
    paragraph before it) on the page of what follows."""
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    body = d.element.body
    blocks = [el for el in body.iterchildren() if el.tag.endswith(("}p", "}tbl"))]
    if not blocks:
        return
    last = blocks[-1]
    if last.tag.endswith("}tbl"):
        rows = DocxTable(last, d).rows
        for cell in rows[-1].cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
        _cant_split(rows[-1])
    else:
        Paragraph(last, d).paragraph_format.keep_with_next = True


# --- small pieces of WordprocessingML python-docx has no API for --------------------


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def _bottom_rule(p: Any) -> None:
    """A double rule under the letterhead (garis kop)."""
    ppr = p._p.get_or_add_pPr()
    bdr = _el("w:pBdr")
    bdr.append(_el("w:bottom", val="double", sz="6", space="1", color="000000"))
    ppr.append(bdr)


def _shade(cell: Any, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


def _repeat_header(row: Any) -> None:
    row._tr.get_or_add_trPr().append(_el("w:tblHeader", val="true"))


def _cant_split(row: Any) -> None:
    row._tr.get_or_add_trPr().append(_el("w:cantSplit", val="true"))


def _widths(t: Any, widths: list[Any]) -> None:
    """Column widths Word and LibreOffice both honour: on the grid and on every cell."""
    t.autofit = False
    for col, w in zip(t.columns, widths, strict=True):
        col.width = w
    for row in t.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w
