"""Documents Word, LibreOffice, browsers and screen readers understand (issue 31), and the
print of the minutes and the report (issue 26, "Print"): real headings and lists, the
Indonesian language, our own properties, the office's letterhead, page numbers."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chromium_print import Chromium
from conftest import Cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ADDRESS = "Jl. Prof. M. Yamin No. 5, Muaro Sijunjung"
DECISION = (
    "KPU aktif menyosialisasikan Pilkada kepada masyarakat agar partisipasi pemilih meningkat"
)


def _rakor(demo: Cli) -> dict[str, str]:
    rakor = demo.json("meeting", "list", "--kind", "rakor", "--agency", "Bawaslu Sijunjung")[0]
    demo.ok("action", "add", "Koordinasi gudang logistik", "--owner", "KPU Sijunjung",
            "--meeting", rakor["id"])  # fmt: skip
    return rakor  # type: ignore[no-any-return]


def _minutes_docx(demo: Cli, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    demo.ok("init", "--address", ADDRESS, "--no-schedules")
    rakor = _rakor(demo)
    out = tmp_path / "notulen.docx"
    demo.ok("meeting", "minutes", rakor["id"], "-f", "docx", "--place", "Muaro Sijunjung",
            "-o", str(out))  # fmt: skip
    return out, rakor


def test_docx_minutes_have_headings_word_lists_indonesian_and_our_properties(
    demo: Cli, tmp_path: Path
) -> None:
    import docx

    out, rakor = _minutes_docx(demo, tmp_path)
    d = docx.Document(str(out))
    style = {p.text: p.style.name for p in d.paragraphs if p.text}
    # the title and every section title are Word headings (navigation pane, PDF bookmarks)
    assert style["NOTULEN RAPAT"] == "Heading 1"
    for section in ("Peserta", "Agenda", "Pembahasan", "Keputusan", "Tindak lanjut"):
        assert style[section] == "Heading 2", section
    assert d.styles["Heading 2"].font.all_caps  # printed "PESERTA", read as a word
    # list items carry Word numbering, not typed "1." or "–"
    items = [p for p in d.paragraphs if p.style.name.startswith("List")]
    assert items and all(p._p.pPr.numPr is not None for p in items)
    assert not any(re.match(r"\d+\.\t|[–•]\t", p.text) for p in items)
    assert style[DECISION] == "List Number"
    # each numbered list is its own w:num starting at 1: the decisions start at 1 again
    numbering = d.part.numbering_part.element
    num_of = {p.text: p._p.pPr.numPr.numId.val for p in items}
    agenda = next(p.text for p in items if p.text.startswith("Tahapan Coklit"))
    assert num_of[agenda] != num_of[DECISION]
    num = next(n for n in numbering.num_lst if n.numId == num_of[DECISION])
    assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"
    abstract = num.abstractNumId.val
    fmt = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract}']/{W}lvl/{W}numFmt")
    assert fmt.get(f"{W}val") == "decimal"
    # the follow-ups' "No" column is a numbered list of its own, "1." alone in the cell
    follow = d.tables[-2]
    assert [c.text for c in follow.rows[0].cells][:2] == ["No", "Tindak lanjut"]
    rows_num = {r.cells[0].paragraphs[0]._p.pPr.numPr.numId.val for r in follow.rows[1:]}
    assert len(rows_num) == 1 and rows_num.isdisjoint(num_of.values())
    assert len(follow.rows) == 1 + 2  # the demo's follow-up and the one added
    row_num = next(n for n in numbering.num_lst if n.numId in rows_num)
    assert row_num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"
    row_abstract = f"{W}abstractNum[@{W}abstractNumId='{row_num.abstractNumId.val}']/{W}lvl"
    assert numbering.find(f"{row_abstract}/{W}lvlText").get(f"{W}val") == "%1."
    assert numbering.find(f"{row_abstract}/{W}suff").get(f"{W}val") == "nothing"
    # the language of the document and of its styles
    langs = {e.get(f"{W}val") for e in d.styles.element.iter(f"{W}lang")}
    assert langs == {"id-ID"}
    assert d.settings.element.find(f"{W}themeFontLang").get(f"{W}val") == "id-ID"
    # core properties are this document's
    props = d.core_properties
    assert props.title.startswith(f"Notulen rapat: {rakor['title']}, ")
    assert "Juli 2024" in props.title
    assert props.author == props.last_modified_by == "KPU Kabupaten Sijunjung"
    assert props.category == "Notulen rapat"
    assert props.subject.startswith("Rapat Koordinasi")
    assert props.created.date() == dt.datetime.now(dt.UTC).date() == props.modified.date()
    assert props.comments == ""
    with zipfile.ZipFile(out) as z:
        meta = {n: z.read(n).decode() for n in z.namelist() if n.startswith("docProps/")}
        settings_xml = z.read("word/settings.xml").decode()
    assert set(meta) == {"docProps/core.xml", "docProps/app.xml"}  # no template thumbnail
    for name, xml in meta.items():
        for stale in ("python-docx", "Macintosh", "2013-", "<AppVersion>14"):
            assert stale not in xml, (name, stale)
    assert "<Application>kpukoord</Application>" in meta["docProps/app.xml"]
    # Word 2013+ layout: no "[Compatibility Mode]"
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings_xml)


def test_docx_minutes_letterhead_and_page_numbers(demo: Cli, tmp_path: Path) -> None:
    import docx

    out, _ = _minutes_docx(demo, tmp_path)
    d = docx.Document(str(out))
    assert [p.text for p in d.paragraphs[:4]] == [
        "KOMISI PEMILIHAN UMUM",
        "KABUPATEN SIJUNJUNG",
        ADDRESS,
        "NOTULEN RAPAT",
    ]
    footer = d.sections[0].footer._element
    fields = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert fields == ["PAGE", "NUMPAGES"]
    text = "".join(t.text or "" for t in footer.iter(f"{W}t"))
    assert "Halaman 1 dari 1" in text  # the fields' placeholders, computed when laid out


def test_mammoth_reads_headings_and_lists(demo: Cli, tmp_path: Path) -> None:
    """mammoth reads a docx's structure the way assistive tools do (styles, numbering)."""
    mammoth = pytest.importorskip("mammoth")
    out, _ = _minutes_docx(demo, tmp_path)
    with out.open("rb") as f:
        html = mammoth.convert_to_html(f).value
    assert "<h1>NOTULEN RAPAT</h1>" in html
    for section in ("Peserta", "Agenda", "Pembahasan", "Keputusan", "Tindak lanjut"):
        assert f"<h2>{section}</h2>" in html
    assert f"<h2>Keputusan</h2><ol><li>{DECISION}</li>" in html
    assert re.search(r"<h2>Peserta</h2><ul><li>KPU Kabupaten Sijunjung<ul><li>", html)


@pytest.mark.slow
def test_libreoffice_lays_out_page_numbers_without_a_compatibility_prompt(
    demo: Cli, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext"):
        pytest.skip("needs LibreOffice and poppler-utils")
    out, _ = _minutes_docx(demo, tmp_path)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "notulen.pdf"), "-"], capture_output=True, text=True
    ).stdout
    pages = text.count("\f")
    for n in range(1, pages + 1):
        assert f"Halaman {n} dari {pages}" in text
    assert "PESERTA" in text and "KOMISI PEMILIHAN UMUM" in text and ADDRESS in text


class _Outline(HTMLParser):
    """What a screen reader's landmark and table lists see in an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.landmarks: list[str] = []
        self.outside: list[str] = []  # text outside any landmark
        self.tables: list[dict[str, str | None]] = []
        self.title = ""
        self.headings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        if tag in ("main", "header", "footer", "nav"):
            self.landmarks.append(tag)
        if tag == "table":
            self.tables.append({"aria-label": dict(attrs).get("aria-label"), "caption": None})

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not data.strip() or not self.stack:
            return
        where = self.stack[-1]
        if where == "title":
            self.title += data
        elif where == "caption":
            self.tables[-1]["caption"] = data
        elif re.fullmatch(r"h[1-6]", where):
            self.headings.append(data)
        if where not in ("title", "style") and not {"main", "header", "footer"} & set(self.stack):
            self.outside.append(data)


def _outline(html: str) -> _Outline:
    o = _Outline()
    o.feed(html)
    return o


def test_html_minutes_landmarks_named_tables_and_a_title_naming_the_meeting(
    demo: Cli, tmp_path: Path
) -> None:
    demo.ok("init", "--address", ADDRESS, "--no-schedules")
    rakor = _rakor(demo)
    out = tmp_path / "n.html"
    demo.ok("meeting", "minutes", rakor["id"], "-f", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    o = _outline(html)
    assert o.title == f"Notulen rapat: {rakor['title']}, 5–6 Juli 2024"
    assert "main" in o.landmarks and o.outside == []
    assert o.headings[0] == "NOTULEN RAPAT" and "Keputusan" in o.headings
    assert len(o.tables) == 3  # fields, follow-ups, signatures
    assert all(t["aria-label"] or t["caption"] for t in o.tables), o.tables
    assert '<header class="kop"><p>KOMISI PEMILIHAN UMUM</p><p>KABUPATEN SIJUNJUNG</p>' in html
    assert f"<p>{ADDRESS}</p></header>" in html
    assert '@bottom-center{content:"Halaman " counter(page) " dari " counter(pages)' in html


def _sign_rows(html: str) -> list[list[str]]:
    table = re.search(r'<div class="sign"><table[^>]*>(.*?)</table>', html, re.S)
    assert table
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1))
    return [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in rows]


signers = st.lists(
    st.tuples(
        st.lists(
            st.sampled_from(["Mengetahui,", "Pimpinan Rapat", "Notulis", "Ketua"]),
            min_size=1,
            max_size=3,
        ),
        st.sampled_from(["", "Andi Baso", "Nur Aisyah"]),
        st.sampled_from(["", "Sekretaris, KPU Kabupaten Luwu Utara"]),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(signers)
def test_html_signers_names_stand_on_one_row_whatever_their_roles(
    people: list[tuple[list[str], str, str]],
) -> None:
    """However many role lines each signer has, the names (or dotted lines) of all
    signers are in the same table row, and every role line is shown once."""
    from kpukoord.views.document import BLANK_NAME, Document, Signature, Signer, to_html

    sig = Signature("Masamba, 10 Maret 2023", [Signer(r, n, d) for r, n, d in people])
    rows = _sign_rows(to_html(Document("NOTULEN RAPAT", [], [], "f", signature=sig)))
    assert all(len(r) == len(people) for r in rows)
    names = [n or BLANK_NAME for _, n, _ in people]
    name_rows = [i for i, r in enumerate(rows) if [c.replace("&nbsp;", "") for c in r] == names]
    assert len(name_rows) == 1
    for col, (roles, _, detail) in enumerate(people):
        shown = [r[col] for r in rows if r[col] not in ("&nbsp;", "")]
        assert shown[-len(roles) - 1 - bool(detail) :] == [*roles, names[col]] + (
            [detail] if detail else []
        )
    assert rows[0][-1] == "Masamba, 10 Maret 2023"


def test_html_report_on_the_letterhead_named_by_its_week(office: Cli, tmp_path: Path) -> None:
    office.ok("init", "--address", ADDRESS, "--no-schedules")
    out = tmp_path / "r.html"
    office.ok("report", "weekly", "--format", "html", "--week", "2024-W27", "--lang", "id",
              "-o", str(out))  # fmt: skip
    html = out.read_text(encoding="utf-8")
    o = _outline(html)
    assert o.title.startswith("Laporan") and "2024-W27" in o.title and "Sijunjung" in o.title
    assert o.outside == [] and "main" in o.landmarks
    assert f"<p>KOMISI PEMILIHAN UMUM</p><p>KABUPATEN SIJUNJUNG</p><p>{ADDRESS}</p>" in html
    assert '"Halaman " counter(page) " dari " counter(pages)' in html
    # text and Markdown are for reading, not printing: no letterhead there
    for fmt in ("text", "markdown"):
        text = office.ok("report", "weekly", "-f", fmt, "--week", "2024-W27").stdout
        assert "KOMISI PEMILIHAN UMUM" not in text and ADDRESS not in text
    english = office.ok("report", "weekly", "-f", "html", "--lang", "en", "--week", "2024-W27")
    assert '"Page " counter(page) " of " counter(pages)' in english.stdout


def test_init_address_is_kept_replaced_removed_and_checked(office: Cli) -> None:
    assert office.json("init", "--no-schedules")["office"]["address"] is None
    got = office.json("init", "--address", "  Jl. Simpurusiang  No. 1,\tMasamba ", "--no-schedules")
    assert got["office"]["address"] == "Jl. Simpurusiang No. 1, Masamba"
    assert office.json("init", "--no-schedules")["office"]["address"] == got["office"]["address"]
    bad = office.fails("init", "--address", "Jl. Merdeka\x1b[31m No. 2", "--no-schedules")
    assert "--address" in bad.stderr
    assert "200" in office.fails("init", "--address", "Jl. " * 60, "--no-schedules").stderr
    assert office.json("init", "--address", "", "--no-schedules")["office"]["address"] is None


@pytest.mark.parametrize(
    ("office_name", "kop"),
    [
        ("KPU Kabupaten Luwu Utara", ["KOMISI PEMILIHAN UMUM", "KABUPATEN LUWU UTARA"]),
        ("Komisi Pemilihan Umum Kota Palopo", ["KOMISI PEMILIHAN UMUM", "KOTA PALOPO"]),
        ("KPU Provinsi Sulawesi Selatan", ["KOMISI PEMILIHAN UMUM", "PROVINSI SULAWESI SELATAN"]),
        ("KPU RI", ["KOMISI PEMILIHAN UMUM", "REPUBLIK INDONESIA"]),
        ("", ["KOMISI PEMILIHAN UMUM"]),
    ],
)
def test_kop_names_the_commission_then_the_office(office_name: str, kop: list[str]) -> None:
    from kpukoord.views.document import kop_lines

    assert kop_lines(office_name) == kop
    assert kop_lines(office_name, ADDRESS) == [*kop, ADDRESS]


def test_timeline_svg_is_an_image_with_a_title_and_a_description(
    office: Cli, tmp_path: Path
) -> None:
    svg, page = tmp_path / "t.svg", tmp_path / "t.html"
    office.ok("--lang", "id", "schedule", "timeline", "pkpu-2-2024", "--svg", str(svg),
              "--html", str(page))  # fmt: skip
    drawing = svg.read_text(encoding="utf-8")
    head = re.match(r"<svg [^>]*>", drawing)
    assert head and 'role="img"' in head.group() and "aria-labelledby" in head.group()
    title = re.search(r'<title id="chart-title">([^<]+)</title>', drawing)
    desc = re.search(r'<desc id="chart-desc">([^<]+)</desc>', drawing)
    assert title and desc
    assert re.search(r"\d+ tahapan dari \d+ \w+ \d{4} sampai \d+ \w+ \d{4}\.$", desc.group(1))
    o = _outline(page.read_text(encoding="utf-8"))
    assert o.headings[0] == title.group(1) and "main" in o.landmarks


def test_a_follow_up_without_a_deadline_is_a_to_do_without_due_as_the_help_says(
    demo: Cli,
) -> None:
    _rakor(demo)
    ics = demo.ok("export", "ics", "--actions").stdout.replace("\r\n ", "")  # unfolded
    todos = re.findall(r"BEGIN:VTODO\r?\n(.*?)END:VTODO", ics, re.S)
    undated = [t for t in todos if "Koordinasi gudang logistik" in t]
    assert len(undated) == 1 and "DUE" not in undated[0]
    help_text = " ".join(demo.ok("export", "ics", "--help").stdout.split())
    assert "without a due date" in help_text or "tanpa jatuh tempo" in help_text


@pytest.mark.slow
def test_a_printed_report_never_ends_on_one_item_and_the_footer(
    chromium: Chromium, tmp_path: Path
) -> None:
    """Reports of growing length printed on A4 by headless Chromium: when one spills onto a
    second page, that page carries a share of the list (its last three items at least),
    never one item and the footer."""
    from kpukoord.views.document import Document, Line, Section, kop_lines, to_html

    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils to read the pages")
    spilled = 0
    for n in range(30, 35):  # around a page of lines with the fonts of a Debian machine
        lines = [Line(f"Tindak lanjut nomor {i} dari rapat koordinasi") for i in range(n)]
        doc = Document("Laporan Koordinasi Mingguan", ["KPU Kabupaten Sijunjung"],
                       [Section("Tindak lanjut", lines)], "Dicatat dengan kpukoord",
                       kop=kop_lines("KPU Kabupaten Sijunjung", ADDRESS), kop_in_print=True)  # fmt: skip
        page = tmp_path / f"r{n}.html"
        page.write_text(to_html(doc), encoding="utf-8")
        pdf = tmp_path / f"r{n}.pdf"
        pdf.write_bytes(chromium.pdf(page))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        pages = text.split("\f")[:-1]
        assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
        if len(pages) > 1:
            spilled += 1
            assert pages[-1].count("Tindak lanjut nomor") >= 3, f"{n} lines: {pages[-1]!r}"
    assert spilled >= 2  # the range does cross a page boundary
