"""The Word (.docx) writer of a :class:`kpukoord.views.document.Document`.

Offices edit, print and sign in Microsoft Word, so the notulen is a real .docx
made with python-docx (imported only here, only when this format is asked for).
It is a document Word, LibreOffice and screen readers understand, not only one
that looks right on paper:

- the title and section titles are Word's Heading 1/2/3 styles (the navigation
  pane, a PDF's bookmarks and tags), numbered and bulleted lists are Word
  numbering (``w:numPr``), each numbered list restarting at 1 and renumbering
  itself after an edit;
- the language of the document and of its styles is ``id-ID`` (spelling and the
  voice of a screen reader);
- the core and app properties are ours (title, subject, author, category,
  created and modified now), not the python-docx template's, and the
  compatibility mode is Word 2013+ (no "[Compatibility Mode]");
- A4 with the margins of a letter, the letterhead with a double rule under it,
  the follow-ups as a bordered table whose header row repeats on every page,
  the signature block as a two-column borderless table kept on one page, and
  "Halaman 1 dari 2" in the footer.

Every docx the tool writes goes through :func:`to_docx`, so it inherits all this.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from kpukoord.views.document import Document, Section, Table, _signer_lines, page_words

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

FONT = "Arial"
SIZE = 11  # points
INDENT_CM = 0.75  # hanging indent of numbered and bulleted items
LANG = {"id": "id-ID", "en": "en-US"}  # a document's language as Word spells it
# Our own list definitions, numbered far from the template's (0-8):
NUMBERED, BULLETED, ROWS = 90, 91, 92  # ROWS: the "No" column of a table
# compatibilityMode 15: Word 2013 and later, the current mode (14 shows "[Compatibility Mode]").
COMPAT_MODE = "15"
APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>kpukoord</Application><DocSecurity>0</DocSecurity>"
    "<Company>{company}</Company></Properties>"
)


def to_docx(doc: Document, *, now: dt.datetime | None = None) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    d = docx.Document()
    _house_style(d, LANG.get(doc.lang, doc.lang))
    _properties(d, doc, now or dt.datetime.now(dt.UTC))
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(2.5), Cm(2)
    lists = _Lists(d)

    for i, k in enumerate(doc.kop):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(k)
        r.bold = i < 2
        r.font.size = Pt(14 if i < 2 else SIZE - 1)
        if i == len(doc.kop) - 1:
            _bottom_rule(p)
    title = d.add_paragraph(doc.title, style="Heading 1")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
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
        _section(d, s, lists)

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

    _footer(sec, doc)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _section(d: DocxDocument, s: Section, lists: _Lists) -> None:
    from docx.shared import Pt

    if s.title:
        d.add_paragraph(s.title, style=f"Heading {min(s.level, 3)}")
    for text in s.paragraphs:
        d.add_paragraph(text).paragraph_format.space_after = Pt(6)
    num = lists.new(s.numbered) if s.lines else 0
    for line in s.lines:
        p = d.add_paragraph(style="List Number" if s.numbered else "List Bullet")
        _numbered(p, num, 0)
        r = p.add_run(line.text)
        r.bold = line.alert
        for sub in line.sub:
            q = d.add_paragraph(sub, style="List Bullet 2")
            _numbered(q, num, 1)
    if s.table:
        _table(d, s.table, lists.new(True, rows=True))


def _table(d: DocxDocument, table: Table, num: int) -> None:
    """A bordered table, its header row repeated on every page, its rows numbered by
    Word in the "No" column (numbering ``num``)."""
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
    for row in table.rows:
        r = t.add_row()
        _cant_split(r)
        _numbered(r.cells[0].paragraphs[0], num, 0)
        for cell, text in zip(r.cells[1:], row, strict=True):
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


# --- the house style: fonts, headings, language, compatibility, properties ---------


def _house_style(d: DocxDocument, lang: str) -> None:
    """Arial 11 throughout, black headings, the document's language on the defaults,
    on every style and in the settings, and the current compatibility mode."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    normal = d.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE)
    pf = normal.paragraph_format
    pf.space_after = Pt(2)
    pf.line_spacing = 1.15
    for name, size, before, after in (
        ("Heading 1", 13, 12, 6),
        ("Heading 2", SIZE, 10, 2),
        ("Heading 3", SIZE, 6, 2),
    ):
        h = d.styles[name]
        h.font.name = FONT  # not the theme's heading font
        h.font.size = Pt(size)
        h.font.bold = True
        h.font.italic = False
        h.font.color.rgb = RGBColor(0, 0, 0)
        h.font.all_caps = name == "Heading 2"  # "PESERTA", read as the word "Peserta"
        h.paragraph_format.space_before = Pt(before)
        h.paragraph_format.space_after = Pt(after)
        h.paragraph_format.keep_with_next = True
        rfonts = h.element.get_or_add_rPr().find(qn("w:rFonts"))
        if rfonts is not None:  # the theme attributes would win over the font name
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
    styles = d.styles.element
    for rpr in [
        *styles.iter(qn("w:rPrDefault")),
        *(s.get_or_add_rPr() for s in styles.iter(qn("w:style")) if s.type != "numbering"),
    ]:
        target = rpr if rpr.tag == qn("w:rPr") else _child(rpr, "w:rPr")
        lang_el = _child(target, "w:lang")
        lang_el.set(qn("w:val"), lang)
        lang_el.set(qn("w:eastAsia"), lang)
    settings = d.settings.element
    for el in settings.iter(qn("w:themeFontLang")):
        el.set(qn("w:val"), lang)
        el.attrib.pop(qn("w:eastAsia"), None)
    for el in settings.iter(qn("w:compatSetting")):
        if el.get(qn("w:name")) == "compatibilityMode":
            el.set(qn("w:val"), COMPAT_MODE)


def _child(parent: Any, tag: str) -> Any:
    """The child ``tag`` of ``parent``, made (appended) if missing."""
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is None:
        found = _el(tag)
        parent.append(found)
    return found


def _properties(d: DocxDocument, doc: Document, now: dt.datetime) -> None:
    """Core properties of this document (the template's say 2013, "python-docx"), and
    app properties naming kpukoord (the template's say "Microsoft Macintosh Word" 14)."""
    from xml.sax.saxutils import escape

    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    props = d.core_properties
    author = doc.author or "kpukoord"
    props.title = doc.name or doc.title
    props.subject = doc.subject
    props.author = author
    props.last_modified_by = author
    props.category = doc.category
    props.comments = ""
    props.keywords = ""
    props.revision = 1
    now = now.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    package = d.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.format(company=escape(doc.author)).encode()
        elif rel.reltype == RT.THUMBNAIL:  # a picture of the template, not of this document
            package.rels.pop(rel.rId)


# --- lists: Word numbering, one numbered list restarting at 1 per section -----------


class _Lists:
    """Numbering definitions of our own: a numbered list ("1." then "•" under it), a
    bulleted one ("–" then "•"), and the numbers of a table's rows ("1." flush in the "No"
    cell); each numbered section and each table is a new list starting at 1, so Word
    renumbers the decisions or the follow-ups after a row or an item is added."""

    def __init__(self, d: DocxDocument) -> None:
        self.numbering = d.part.numbering_part.element
        self.numbering.insert(0, _abstract(NUMBERED, "decimal", "%1."))
        self.numbering.insert(1, _abstract(BULLETED, "bullet", "–"))
        self.numbering.insert(2, _abstract(ROWS, "decimal", "%1.", indent=False))
        self.bullets = 0

    def new(self, numbered: bool, *, rows: bool = False) -> int:
        """The numId of a new list (the one bulleted list is shared: bullets do not count)."""
        if not numbered and self.bullets:
            return self.bullets
        num = self.numbering.add_num(ROWS if rows else NUMBERED if numbered else BULLETED)
        if numbered:
            override = _el("w:lvlOverride", ilvl="0")
            override.append(_el("w:startOverride", val="1"))
            num.append(override)
        else:
            self.bullets = num.numId
        return int(num.numId)


def _abstract(abstract_id: int, fmt: str, text: str, *, indent: bool = True) -> Any:
    from docx.shared import Cm

    a = _el("w:abstractNum", abstractNumId=str(abstract_id))
    a.append(_el("w:multiLevelType", val="hybridMultilevel"))
    for ilvl, (f, t) in enumerate(((fmt, text), ("bullet", "•"))):
        lvl = _el("w:lvl", ilvl=str(ilvl))
        lvl.append(_el("w:start", val="1"))
        lvl.append(_el("w:numFmt", val=f))
        if not indent:
            lvl.append(_el("w:suff", val="nothing"))  # "1." alone, no tab after it
        lvl.append(_el("w:lvlText", val=t))
        lvl.append(_el("w:lvlJc", val="left"))
        ppr = _el("w:pPr")
        left = int(Cm(INDENT_CM * (ilvl + 1)).twips) if indent else 0
        hanging = int(Cm(INDENT_CM).twips) if indent else 0
        ppr.append(_el("w:ind", left=str(left), hanging=str(hanging)))
        lvl.append(ppr)
        a.append(lvl)
    return a


def _numbered(p: Any, num: int, ilvl: int) -> None:
    numpr = p._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num


# --- the footer: the document's note, and "Halaman 1 dari 2" -------------------------


def _footer(sec: Any, doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    note = sec.footer.paragraphs[0]
    if doc.footer:
        note.add_run(doc.footer).font.size = Pt(8)
    p = sec.footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page, of = page_words(doc.lang)
    for text, field in ((page + " ", "PAGE"), (" " + of + " ", "NUMPAGES"), ("", "")):
        if text:
            p.add_run(text).font.size = Pt(9)
        if field:
            _field(p, field)


def _field(p: Any, instr: str) -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out,
    showing "1" until they do."""
    from docx.shared import Pt

    for kind, text in (
        ("begin", ""),
        ("instr", f" {instr} "),
        ("separate", ""),
        ("", "1"),
        ("end", ""),
    ):
        run = p.add_run()
        run.font.size = Pt(9)
        if kind == "instr":
            el = _el("w:instrText")
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            el.text = text
            run._r.append(el)
        elif kind:
            run._r.append(_el("w:fldChar", fldCharType=kind))
        else:
            run.text = text


# --- small pieces of WordprocessingML python-docx has no API for --------------------


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


# The children of w:pPr that come after w:pBdr (ECMA-376 CT_PPrBase): Word wants its order.
PPR_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip


def _bottom_rule(p: Any) -> None:
    """A double rule under the letterhead (garis kop)."""
    ppr = p._p.get_or_add_pPr()
    bdr = _el("w:pBdr")
    bdr.append(_el("w:bottom", val="double", sz="6", space="1", color="000000"))
    ppr.insert_element_before(bdr, *PPR_AFTER_PBDR)


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
