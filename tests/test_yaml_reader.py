"""The YAML/JSON reader (language/yamlfile.py): any text is read or refused as FileProblems.

It parses with LibYAML where PyYAML has it; LibYAML takes UTF-8 bytes, so text holding
bytes that were not UTF-8 (lone surrogates, as Python decodes them with surrogateescape)
is refused by the reader itself, with its line, before the parser sees it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpukoord.errors import FileProblems
from kpukoord.language import yamlfile

YAMLISH = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("ab:-[]{}&*!|>'\"#\n\t ,?%@`")),
        st.characters(exclude_categories=()),  # surrogates (Cs) included
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_text_is_read_or_refused_as_file_problems(text: str) -> None:
    try:
        yamlfile.load(text, "jadwal.yaml")
    except FileProblems as exc:
        assert all(p.startswith("jadwal.yaml:") for p in exc.problems)


@pytest.mark.parametrize(
    ("text", "line"), [("judul: Rakor \udcff\n", 1), ("judul: Rakor\ntempat: Aula \ud800\n", 2)]
)
def test_bytes_that_were_not_utf8_are_named_with_their_line(text: str, line: int) -> None:
    with pytest.raises(FileProblems) as caught:
        yamlfile.load(text, "rapat.yaml")
    assert caught.value.problems == [f"rapat.yaml:{line}: a byte that is not UTF-8 text"]


def test_nesting_past_the_parsers_limit_is_refused_not_a_crash() -> None:
    for text in ("[" * 100_000, "- " * 100_000 + "x", "{a: " * 50_000):
        with pytest.raises(FileProblems):
            yamlfile.load(text, "dalam.yaml")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("judul: [Rakor", "a list in [ ] is not closed, or a comma is missing"),
        ("judul: Rakor: logistik", "a second ':' on one line (put a value with ':' in quotes)"),
        ("tempat: @Aula", "a value cannot start with this character (put it in quotes)"),
    ],
)
def test_a_syntax_error_is_said_in_the_reader_s_words(text: str, said: str) -> None:
    """The parser's English for the errors a hand-edited file meets most is replaced by
    words translated with the rest (trial of issue 27: 'did not find expected ...')."""
    with pytest.raises(FileProblems) as caught:
        yamlfile.load(text, "rapat.yaml")
    assert caught.value.problems[0].endswith(f": YAML syntax: {said}")
