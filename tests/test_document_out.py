"""Every command that writes a document leaves by one way (cli/_documents.py): the same
check of --format, the same rule for -o, the same drawing of --format terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Cli

# (command, its formats in the order the error lists them)
FORMATS = {
    "report weekly": "terminal, text, markdown, html, json",
    "report offices": "terminal, text, markdown, html, json",
    "meeting minutes": "docx, html, markdown, text, terminal",
    "meeting berita": "text, markdown, html, docx",
}


def _args(demo: Cli, command: str) -> list[str]:
    if command.startswith("report"):
        return [*command.split(), "--as-of", "6 Juli 2024"]
    rakor = demo.json("meeting", "list", "--kind", "rakor", "--agency", "Bawaslu Sijunjung")[0]
    return [*command.split(), rakor["id"]]


@pytest.mark.parametrize("command", FORMATS)
def test_an_unknown_format_is_refused_the_same_way_by_every_document(
    demo: Cli, command: str, tmp_path: Path
) -> None:
    out = tmp_path / "x.pdf"
    err = demo.fails(*_args(demo, command), "-f", "pdf", "-o", str(out), code=2).stderr
    assert err == f"error: unknown format 'pdf'; choose from: {FORMATS[command]}\n"
    assert not out.exists()


@pytest.mark.parametrize("command", ["report weekly", "report offices", "meeting minutes"])
def test_terminal_to_a_file_is_the_drawing_as_plain_text_100_columns(
    demo: Cli, command: str, tmp_path: Path
) -> None:
    """Before: the reports wrote the drawing, the minutes refused -o with terminal."""
    args = _args(demo, command)
    out = tmp_path / "doc.txt"
    result = demo.ok(*args, "-f", "terminal", "-o", str(out))
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "\x1b" not in text and lines
    assert max(map(len, lines)) <= 100
    assert any(len(line) > 80 for line in lines)  # the file's width, not the runner's 80
    assert lines[0].startswith("╭")  # the title panel of document.to_rich
    assert out.stat().st_mode & 0o777 == 0o600
    # the same drawing on a screen 100 columns wide
    assert demo.ok(*args, "-f", "terminal", "-o", "-").stdout == text


@pytest.mark.parametrize("command", FORMATS)
@pytest.mark.parametrize("format", ["text", "markdown", "html"])
def test_a_file_holds_what_standard_output_shows(
    demo: Cli, command: str, format: str, tmp_path: Path
) -> None:
    args = _args(demo, command)
    out = tmp_path / "doc"
    assert demo.ok(*args, "-f", format, "-o", str(out)).stdout == ""
    assert out.read_text(encoding="utf-8") == demo.ok(*args, "-f", format).stdout


def test_demo_in_html_is_on_the_letterhead_of_the_demo_office(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the HTML letterhead was read from KPUKOORD_DB's file, not from the demo's
    own database: with no database there yet, `kpukoord demo -f html` failed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert not cli.db.exists()
    html = cli.ok("demo", "--format", "html").stdout
    assert '<header class="kop"><p>KOMISI PEMILIHAN UMUM</p><p>KABUPATEN SIJUNJUNG</p>' in html
    assert (tmp_path / "cache" / "kpukoord" / "demo.db").exists() and not cli.db.exists()
