"""One reading of typed vocabulary words (kinds, statuses, levels), whatever their case
and spacing; an unknown word is refused by its caller, naming it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpukoord.errors import UsageError
from kpukoord.language import text
from kpukoord.records import agencies
from kpukoord.records.meetings import fields


def _typed(key: str) -> st.SearchStrategy[str]:
    """A key as an operator in a hurry types it: any case, spaces around and between."""
    space = st.sampled_from([" ", "  ", "\t"])
    return st.tuples(space, st.sampled_from([str.upper, str.title, str.lower]), space).map(
        lambda t: t[0] + t[1](key).replace(" ", t[2]) + t[0]
    )


@given(st.sampled_from(sorted(fields.KINDS)).flatmap(lambda k: st.tuples(st.just(k), _typed(k))))
def test_any_case_and_spacing_of_a_meeting_kind_is_that_kind(pair: tuple[str, str]) -> None:
    key, typed = pair
    assert fields.check_kind(typed) == key


@given(st.sampled_from(sorted(agencies.LEVELS)).flatmap(lambda k: st.tuples(st.just(k), _typed(k))))
def test_any_case_and_spacing_of_a_level_is_that_level(pair: tuple[str, str]) -> None:
    key, typed = pair
    assert agencies.check_level(typed) == key


@given(st.text(min_size=1, max_size=12))
def test_a_word_is_a_known_key_or_none(word: str) -> None:
    got = text.choice(word, fields.STATUSES, {})
    assert got is None or got in fields.STATUSES


@pytest.mark.parametrize(
    ("check", "word", "names"),
    [
        (fields.check_status, "selesai", "selesai"),
        (fields.check_kind, "rapat tahunan", "rapat tahunan"),
        (agencies.check_kind, "tentara", "tentara"),
        (agencies.check_level, "rt", "rt"),
    ],
)
def test_an_unknown_word_is_refused_naming_it(check, word, names) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as exc:
        check(word)
    assert names in str(exc.value)


def test_a_status_a_list_shows_can_be_typed_back(office) -> None:  # type: ignore[no-untyped-def]
    """'meeting list' shows 'terjadwal' for a planned meeting (trial of issue 27): typed
    back as a filter it is the status it names."""
    office.ok("meeting", "add", "-t", "Pleno DPB", "-d", "4/1/2027", today="2026-12-07")
    shown = office.ok("--lang", "id", "meeting", "list", today="2026-12-07").stdout
    assert "terjadwal" in shown
    found = office.json("meeting", "list", "--status", "terjadwal", today="2026-12-07")
    assert [m["title"] for m in found] == ["Pleno DPB"]
