"""A meeting draft reads at 80 columns (a terminal, a phone's editor) and reads back the same.

Long titles, decisions and comments are folded over lines; YAML reads a folded text back
as the one line it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Cli
from kpukoord.news import yamlout

HERE = Path(__file__).resolve().parent
REPORTS = sorted((HERE.parent / "benchmarks" / "news").glob("*.txt"))
REPORTS += sorted((HERE.parents[1] / "shared" / "reference" / "articles").glob("*.txt"))


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_every_line_of_a_draft_fits_80_columns(office: Cli, report: Path) -> None:
    out = office.ok("meeting", "draft", str(report), today="2026-12-07").stdout
    wide = [line for line in out.splitlines() if len(line) > 80]
    assert not wide, wide
    assert isinstance(yaml.safe_load(out), dict)


WORD = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\x85"),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(words=st.lists(WORD, min_size=1, max_size=40))
def test_a_folded_text_reads_back_as_written(words: list[str]) -> None:
    text = " ".join(words).strip()
    if not text:
        return
    for lines, load in (
        (yamlout._scalar("title", text), lambda d: d["title"]),
        (["decisions:", *yamlout._item(text)], lambda d: d["decisions"][0]),
    ):
        assert load(yaml.safe_load("\n".join(lines))) == text
        assert all(len(line) <= 80 for line in lines), lines
