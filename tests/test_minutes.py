"""The notulen: a document a KPU secretariat would sign, in text, Markdown, HTML and Word."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from chromium_print import Chromium
from conftest import Cli

# The Sijunjung rakor of the demo (MC Sijunjung, 8 Juli 2024) with two more follow-ups of our
# own: one with a deadline, one without.
COKLIT_REPORT = "Laporan hasil coklit per kecamatan disampaikan ke KPU Sijunjung"
GUDANG = "Koordinasi pengamanan gudang logistik dengan Polres Sijunjung"


def _rakor(demo: Cli) -> str:
    rakor = demo.json("meeting", "list", "--kind", "rakor", "--agency", "Bawaslu Sijunjung")[0]
    demo.ok(
        "action", "add", COKLIT_REPORT, "--owner", "KPU Sijunjung", "--due", "26 Juli 2024",
        "--meeting", rakor["id"],
    )  # fmt: skip
    demo.ok("action", "add", GUDANG, "--owner", "KPU Sijunjung", "--meeting", rakor["id"])
    return str(rakor["id"])


def test_text_minutes_read_like_a_notulen(demo: Cli) -> None:
    mid = _rakor(demo)
    text = demo.ok(
        "meeting", "minutes", mid, "--format", "text", "--number", "123/PL.02-NT/1303/2024",
        "--place", "Muaro Sijunjung",
    ).stdout  # fmt: skip
    lines = text.splitlines()
    assert lines[:5] == [
        "*KOMISI PEMILIHAN UMUM*",
        "*KABUPATEN SIJUNJUNG*",
        "",
        "*NOTULEN RAPAT*",
        "Nomor: 123/PL.02-NT/1303/2024",
    ]
    assert "Hari/tanggal: Jumat–Sabtu, 5–6 Juli 2024" in lines
    assert "Tempat: Hotel The ZHM Premiere Padang" in lines
    assert not any(line.startswith("Waktu") for line in lines)  # no time recorded: no line
    assert not any(line.endswith(": -") for line in lines)
    # Decisions numbered once, no bullet in front of the number.
    assert "1. KPU aktif menyosialisasikan Pilkada kepada masyarakat" in text
    assert "- 1." not in text
    # Stages cited with their regulation.
    assert "Tahapan Coklit oleh Pantarlih (PKPU 2/2024, 24 Juni – 24 Juli 2024)" in text
    # Follow-ups: deadline or "tanpa tenggat", status in Indonesian.
    assert "   · Paling lambat: 26 Juli 2024" in lines
    assert "   · tanpa tenggat" in lines  # alone: "Paling lambat: tanpa tenggat" reads wrong
    assert "   · Paling lambat: tanpa tenggat" not in lines
    assert "   · Status: belum selesai" in lines
    assert "(open)" not in text
    # Signature block.
    i = lines.index("Mengetahui,")
    assert lines[i + 1] == "Pimpinan Rapat"
    assert "Muaro Sijunjung, 6 Juli 2024" in lines
    assert "Notulis" in lines[i:]


def test_a_deadline_passed_and_done_follow_ups_read_in_indonesian(demo: Cli) -> None:
    mid = _rakor(demo)
    act = [a for a in demo.json("meeting", "show", mid)["actions"] if a["text"] == COKLIT_REPORT]
    demo.ok("action", "done", act[0]["id"], today="2024-07-20")
    text = demo.ok("meeting", "minutes", mid, "-f", "text", today="2024-08-01").stdout
    assert "   · Status: selesai 20 Juli 2024" in text
    assert "   · Status: belum selesai (lewat tenggat)" in text  # 24 Juli has passed


def test_markdown_and_html_number_lists_and_draw_tables(demo: Cli, tmp_path: Path) -> None:
    mid = _rakor(demo)
    md = demo.ok("meeting", "minutes", mid).stdout
    assert "# NOTULEN RAPAT" in md
    assert "1. KPU aktif menyosialisasikan" in md and "- 1." not in md
    assert "| No | Tindak lanjut | Penanggung jawab | Paling lambat | Status |" in md
    assert f"| 3 | {GUDANG} | KPU Kabupaten Sijunjung | tanpa tenggat | belum selesai |" in md
    out = tmp_path / "notulen.html"
    demo.ok("meeting", "minutes", mid, "--format", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "@page{size:A4" in html
    assert "<h2>Keputusan</h2>\n<ol>\n<li>KPU aktif" in html
    assert f"<td>{GUDANG}</td><td>KPU Kabupaten Sijunjung</td><td>tanpa tenggat</td>" in html
    assert '<div class="sign"><table aria-label="Tanda tangan">' in html
    # one row per line of both signers: the names stand on one line (tests/test_print.py)
    assert "<tr><td>Mengetahui,</td><td>Notulis</td></tr><tr><td>Pimpinan Rapat</td>" in html
    assert '<tr><td class="name">Bayu Agung Perdana</td><td>(....' in html
    assert "http" not in html.replace("sumber: MC Sijunjung", "")


def test_terminal_minutes(demo: Cli) -> None:
    mid = _rakor(demo)
    out = demo.ok("meeting", "minutes", mid, "--format", "terminal").stdout
    assert "NOTULEN RAPAT" in out and "Mengetahui," in out and "Pimpinan Rapat" in out
    assert "\n1. KPU aktif menyosialisasikan" in out and "- 1." not in out  # piped: plain text
    words = out.split()
    assert {"Tindak", "Penanggung", "Status", "tanpa", "tenggat"} <= set(words)
    # -o FILE: the drawing as plain text, as the reports write it (tests/test_document_out.py)


def _docx_text(path: Path) -> tuple[object, list[list[list[str]]]]:
    import docx

    d = docx.Document(str(path))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    return d, tables


@pytest.mark.slow
def test_docx_reads_back_with_tables_and_a_signature_block(demo: Cli, tmp_path: Path) -> None:
    from docx.shared import Mm

    mid = _rakor(demo)
    out = tmp_path / "notulen.docx"
    demo.ok(
        "meeting", "minutes", mid, "--format", "docx", "--number", "123/PL.02-NT/1303/2024",
        "--place", "Muaro Sijunjung", "-o", str(out),
    )  # fmt: skip
    d, tables = _docx_text(out)
    sec = d.sections[0]  # type: ignore[attr-defined]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert sec.left_margin >= Mm(20) and sec.top_margin >= Mm(15)
    paragraphs = [p.text for p in d.paragraphs]  # type: ignore[attr-defined]
    assert paragraphs[:4] == [
        "KOMISI PEMILIHAN UMUM",
        "KABUPATEN SIJUNJUNG",
        "NOTULEN RAPAT",
        "Nomor: 123/PL.02-NT/1303/2024",
    ]
    # numbered by Word (the number is not typed: see test_documents_structure.py)
    assert (
        "KPU aktif menyosialisasikan Pilkada kepada masyarakat agar partisipasi pemilih meningkat"
        in paragraphs
    )
    fields, follow, sign = tables[0], tables[-2], tables[-1]
    assert ["Hari/tanggal", ":", "Jumat–Sabtu, 5–6 Juli 2024"] in fields
    assert follow[0] == ["No", "Tindak lanjut", "Penanggung jawab", "Paling lambat", "Status"]
    # the "No" column is numbered by Word (a row added in Word is numbered too):
    # test_documents_structure.py checks its numbering
    assert ["", GUDANG, "KPU Kabupaten Sijunjung", "tanpa tenggat", "belum selesai"] in follow
    left, right = sign[0]
    assert left.split("\n")[1:3] == ["Mengetahui,", "Pimpinan Rapat"]
    assert "Bayu Agung Perdana" in left
    assert right.split("\n")[:2] == ["Muaro Sijunjung, 6 Juli 2024", "Notulis"]
    # The docx opens in LibreOffice and prints the signature block to PDF.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed: the PDF conversion was not checked")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "notulen.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed: the PDF's text was not checked")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    text = " ".join(text.split())  # a narrow cell wraps "tanpa tenggat" over two lines
    for words in ("Mengetahui,", "Pimpinan Rapat", "Notulis", "Muaro Sijunjung, 6 Juli 2024",
                  "Bayu Agung Perdana", "NOTULEN RAPAT", "tanpa tenggat"):  # fmt: skip
        assert words in text, words


def test_docx_needs_a_file_on_a_terminal_and_unknown_formats_fail(demo: Cli) -> None:
    mid = _rakor(demo)
    assert "unknown format" in demo.fails("meeting", "minutes", mid, "-f", "pdf", code=2).stderr
    # CliRunner's stdout is not a terminal: the bytes go to stdout, a real docx (zip).
    assert demo.ok("meeting", "minutes", mid, "-f", "docx").stdout_bytes.startswith(b"PK")


def _print(browser: Chromium, tmp_path: Path, name: str, html: str) -> str:
    """The text of the last page of an HTML document printed on A4 by headless Chromium."""
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(browser.pdf(page))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    last = subprocess.run(
        ["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"],
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return f"{pages}\n{last}"


@pytest.mark.slow
def test_printed_html_never_ends_on_a_page_of_only_the_footer_or_signatures(
    chromium: Chromium, tmp_path: Path
) -> None:
    """Print HTML documents of growing length on A4 in headless Chromium: whenever the
    content spills onto a new page, some content goes with the footer (and with the
    signature block of the minutes: a page of signatures alone could be swapped)."""
    from kpukoord.views.document import Document, Line, Section, Signature, Signer, to_html

    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        pytest.skip("needs poppler-utils to read the pages")
    footer = "Dicatat dengan kpukoord"
    spilled = 0
    for n in range(33, 38):  # around a page of lines with the fonts of a Debian machine
        lines = [Line(f"Tindak lanjut nomor {i} dari rapat koordinasi") for i in range(n)]
        doc = Document(
            "Laporan mingguan", ["KPU Kabupaten Sijunjung"], [Section("Rapat", lines)], footer
        )
        pages, last = _print(chromium, tmp_path, f"d{n}", to_html(doc)).split("\n", 1)
        assert footer in last
        assert last.replace(footer, "").strip(), f"{n} lines: the last page holds only the footer"
        spilled += int(pages) > 1
    signature = Signature(
        "Masamba, 10 Maret 2023",
        [Signer(["Mengetahui,", "Pimpinan Rapat"], "Andi Baso"), Signer(["Notulis"], "Nur Aisyah")],
    )
    for n in range(27, 30):
        lines = [Line(f"Pokok bahasan nomor {i} dari rapat koordinasi") for i in range(n)]
        doc = Document("NOTULEN RAPAT", [], [Section("Pembahasan", lines, numbered=True)], footer,
                       signature=signature)  # fmt: skip
        pages, last = _print(chromium, tmp_path, f"s{n}", to_html(doc)).split("\n", 1)
        assert "Mengetahui," in last and "Pokok bahasan" in last, f"{n} points: {last!r}"
        spilled += int(pages) > 1
    assert spilled >= 2  # the ranges do cross a page boundary


@pytest.mark.slow
def test_docx_signatures_never_stand_alone_on_the_last_page(tmp_path: Path) -> None:
    """Minutes whose signature block just spills over: LibreOffice carries the last point
    over with it (keep-with-next), so no page holds signatures alone."""
    from kpukoord.views.document import Document, Line, Section, Signature, Signer
    from kpukoord.views.docx import to_docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        pytest.skip("needs LibreOffice and poppler-utils to print and read the pages")
    signature = Signature(
        "Masamba, 10 Maret 2023",
        [Signer(["Mengetahui,", "Pimpinan Rapat"], "Andi Baso"), Signer(["Notulis"], "Nur Aisyah")],
    )
    files = []
    for n in (36, 38, 40):  # around a page of points with LibreOffice's fonts on Debian
        lines = [Line(f"Pokok bahasan nomor {i} dari rapat koordinasi") for i in range(n)]
        doc = Document("NOTULEN RAPAT", [], [Section("Pembahasan", lines, numbered=True)],
                       "Dicatat dengan kpukoord", signature=signature)  # fmt: skip
        path = tmp_path / f"n{n}.docx"
        path.write_bytes(to_docx(doc))
        files.append(path)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    spilled = 0
    for path in files:
        pdf = path.with_suffix(".pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        last = subprocess.run(
            ["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"],
            capture_output=True, text=True,
        ).stdout  # fmt: skip
        assert "Mengetahui," in last and "Pokok bahasan" in last, f"{path.name}: {last!r}"
        spilled += pages > 1
    assert spilled
