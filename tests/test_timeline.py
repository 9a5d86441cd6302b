"""The timeline as a printable document: an SVG/HTML chart that stands alone on A4 landscape."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Cli
from kpukoord.views.timeline import text_width, wrap


@pytest.fixture(autouse=True)
def _indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """These reports are read in Indonesian: the language users have by default."""
    monkeypatch.setenv("KPUKOORD_LANG", "id")


SVG = "{http://www.w3.org/2000/svg}"


def _texts(root: ET.Element) -> list[str]:
    """Every <text> as it reads: its tspans joined with spaces (wrapped labels)."""
    out = []
    for t in root.iter(f"{SVG}text"):
        spans = [s.text or "" for s in t.iter(f"{SVG}tspan")]
        out.append(" ".join(spans) if spans else (t.text or ""))
    return out


def _chart(
    office: Cli, tmp_path: Path, code: str, *extra: str, today: str | None = None
) -> tuple[str, ET.Element, str]:
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    office.ok(
        "schedule", "timeline", code, "--svg", str(svg), "--html", str(html), *extra, today=today
    )
    text = svg.read_text(encoding="utf-8")
    return text, ET.fromstring(text), html.read_text(encoding="utf-8")


def test_svg_holds_every_full_stage_name_and_fetches_nothing(office: Cli, tmp_path: Path) -> None:
    text, root, html = _chart(office, tmp_path, "pkpu-3-2022", today="2023-02-13")
    names = [s["name"] for s in office.json("schedule", "show", "pkpu-3-2022")["stages"]]
    assert len(names) > 40
    labels = _texts(root)
    for name in names:  # full names, never cut ("Rekapitulasi tingkat …")
        assert any(label.rstrip("¹?") == name for label in labels), name
    assert "…" not in text
    # No external requests: the only URL is the SVG namespace; fills refer to our own patterns.
    assert re.findall(r"https?://[^\"' )]+", text) == ["http://www.w3.org/2000/svg"]
    assert re.findall(r"https?://[^\"' )]+", html) == ["http://www.w3.org/2000/svg"]
    assert set(re.findall(r"url\(([^)]*)\)", text)) == {"#running"}
    assert "@import" not in html and "<script" not in html and "<link" not in html
    assert "@page{size:A4 landscape" in html


def test_svg_fits_a4_landscape_on_a_light_background(office: Cli, tmp_path: Path) -> None:
    for code in ("pkpu-3-2022", "pkpu-2-2024", "psu-dpd-sumbar-2024"):
        _, root, _ = _chart(office, tmp_path, code)
        width, height = (float(root.get(k, "0").removesuffix("mm")) for k in ("width", "height"))
        assert 0 < width <= 277.01 and 0 < height <= 190.01, (code, width, height)
        background = root.findall(f"{SVG}rect")[0]  # the first drawn, under everything
        assert background.get("fill") == "#fff"


def test_states_differ_by_shape_not_only_colour(office: Cli, tmp_path: Path) -> None:
    # 8 July 2024: coklit is running, the campaign is coming, the handover of the list of
    # potential voters (24 April - 31 May) is done.
    _, root, _ = _chart(office, tmp_path, "pkpu-2-2024", "--depth", "2")
    stages = root.find(f"{SVG}g[@id='stages']")
    assert stages is not None
    rects = [r for r in stages.iter(f"{SVG}rect") if r.get("height") == "9.0"]
    fills = {r.get("fill", "") for r in rects}
    dashed = [r for r in rects if r.get("stroke-dasharray")]
    assert "url(#running)" in fills  # running: hatched
    assert "#fff" in fills and dashed  # coming: outlined, dashed
    assert any(f.startswith("#") and f != "#fff" for f in fills)  # finished: solid
    labels = _texts(root)
    assert "Hari ini 8 Jul 2024" in labels
    assert "▼ Pemungutan suara 27 Nov 2024" in labels
    assert {"2024", "Jul", "Nov"} <= set(labels)  # year and month axis


def test_a_window_draws_only_its_months(office: Cli, tmp_path: Path) -> None:
    _, root, html = _chart(
        office, tmp_path, "pkpu-3-2022", "--depth", "0", "--from", "1 Januari 2024",
        "--to", "31 Maret 2024",
    )  # fmt: skip
    labels = _texts(root)
    assert "Masa kampanye" in labels and "Masa kampanye" in html
    assert {"Jan", "Feb", "Mar"} <= set(labels) and "Apr" not in labels
    assert "▼ Pemungutan suara 14 Feb 2024" in labels


@given(
    st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ()/-.,¹", min_size=1),
        min_size=1,
        max_size=12,
    ),
    st.floats(min_value=20, max_value=400),
)
def test_wrap_keeps_every_word_within_the_width(words: list[str], width: float) -> None:
    text = " ".join(words)
    lines = wrap(text, width, 10)
    assert "".join("".join(lines).split()) == "".join(text.split())  # nothing lost or added
    for line in lines:
        assert text_width(line, 10) <= width or len(line) == 1


def test_a_recurring_stage_draws_its_occurrences_as_the_terminal_does(
    office: Cli, tmp_path: Path
) -> None:
    """The PDPB pleno between elections: each quarter's occurrence in the window is a mark
    on its row (the expected ones paler, dotted), as ◆/◇ on the terminal; before, the SVG
    printed the rule's text and drew none (the closing note of issue 31 named it)."""
    today = "2026-12-07"
    _text, root, _html = _chart(office, tmp_path, "pdpb-pkpu-1-2025", today=today)
    pleno = next(
        s for s in office.json("schedule", "show", "pdpb-pkpu-1-2025")["stages"]
        if s["key"] == "pleno-dpb"
    )  # fmt: skip
    stages = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "stages")
    rows = list(stages)
    at = next(i for i, el in enumerate(rows) if "".join(el.itertext()) == pleno["name"])
    marks = []
    for el in rows[at + 1 :]:
        if el.tag == f"{SVG}text":
            break  # the next stage's label
        marks.append(el)
    terminal = office.ok(
        "schedule", "timeline", "pdpb-pkpu-1-2025", "--width", "200", today=today
    ).stdout
    row = next(line for line in terminal.splitlines() if line.startswith("Pleno rekapitulasi DPB "))
    drawn = row.count("◆") + row.count("◇") + len(re.findall(r"[█░]+", row))
    assert len(marks) == drawn > 4
    paler = [m for m in marks if m.tag == f"{SVG}g" and m.get("opacity")]
    assert len(paler) == row.count("◇") + len(re.findall(r"░+", row)) > 0
    assert "◆ terlaksana atau dipastikan  ◇ perkiraan (menurut ketentuan)" in _texts(root)


def test_an_undated_stage_s_rule_is_wrapped_within_the_chart(office: Cli, tmp_path: Path) -> None:
    _text, root, _html = _chart(office, tmp_path, "pdpb-pkpu-1-2025", today="2026-12-07")
    rule = next(
        t for t in root.iter(f"{SVG}text") if (t.get("font-style") == "italic" and len(t) > 1)
    )  # the DP4 semester rule: too long for one line, over two
    assert all(len(s.text or "") < 140 for s in rule)
