"""Read whole at 80 columns, and plain when piped (issue 26, "80 columns, and piped").

On a terminal of 80 columns long cells wrap over lines instead of being cut, ids
and stage references stay whole on one line, and a late follow-up's status is short.
Piped, the detail views and the weekly report are plain text: no box drawing and
every value whole on its line, as the lists already are.
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOXES = set("─━│┃╭╮╰╯┏┓┗┛┌┐└┘")
LONG = (
    "Tinjau ulang daftar pemilih sementara bersama Badan Kesatuan Bangsa dan Politik "
    "Kabupaten Sijunjung sebelum rapat pleno terbuka"
)


def _terminal(cli: Cli, *args: str, width: int = 80) -> str:
    return cli.terminal(*args, width=width)


@pytest.fixture
def busy(demo: Cli) -> Cli:
    """The demo plus a meeting with long follow-ups, stages and a late one."""
    demo.ok("agency", "add", "Badan Kesatuan Bangsa dan Politik Kabupaten Sijunjung")
    demo.ok(
        "meeting", "add", "-t", "Rakor pemutakhiran data pemilih dan persiapan pemungutan suara",
        "-d", "1/7/2024", "--attendee", "Badan Kesatuan Bangsa dan Politik Kabupaten Sijunjung",
        "--stage", "coklit", "--stage", "psu-dpd-sumbar-2024:pemungutan-suara",
        "--action", f"{LONG}; owner=Badan Kesatuan Bangsa dan Politik Kabupaten Sijunjung; "
        "due=2/7/2024",
        "--action", "Laporan coklit; owner=KPU Sijunjung",
    )  # fmt: skip
    return demo


def _rakor(cli: Cli) -> str:
    return next(m["id"] for m in cli.json("meeting", "list") if m["title"].startswith("Rakor pem"))


def _tokens(text: str) -> list[str]:
    return [t for t in text.split() if re.search(r"\w", t)]


VIEWS = [["action", "list", "--all"], ["schedule", "list"], ["meeting", "show", "{id}"]]


@pytest.mark.parametrize("args", VIEWS, ids=lambda a: " ".join(a[:2]))
def test_views_read_whole_at_80_columns(busy: Cli, args: list[str]) -> None:
    mid = _rakor(busy)
    args = [a.format(id=mid) for a in args]
    out = _terminal(busy, *args)
    piped = busy.ok(*args).stdout  # piped output holds every value whole
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "…" not in out.replace("… –", "")  # nothing cut (an open start reads "… –")
    whole = set(_tokens(piped))
    cut = [t for t in _tokens(out) if t not in whole]
    assert not cut, f"words cut at 80 columns: {cut[:10]}"
    # ids and stage references whole, on one line
    data = busy.json(*args)
    if args[0] == "meeting":
        idents = [data["id"], *(a["id"][:12] for a in data["actions"])]
        idents += [s["ref"] for s in data["stages"]]
        assert len(idents) == 5
    elif args[0] == "schedule":
        idents = [s["code"] for s in data]
    else:
        idents = [a["id"][:12] for a in data]
    for ident in idents:
        assert any(ident in line for line in lines), (ident, out)


def test_long_follow_ups_wrap_instead_of_shrinking(busy: Cli) -> None:
    out = _terminal(busy, "action", "list")
    text = " ".join(out.split())
    for word in LONG.split():
        assert word in text.split()
    assert "Tinjau…" not in out and "Badan…" not in out
    late = next(a for a in busy.json("action", "list") if a["days_late"])
    assert f"−{late['days_late']} d" in out  # short status, whole
    assert "late" not in out


@pytest.mark.parametrize("args", [["report", "weekly"], ["meeting", "show", "{id}"]])
def test_piped_views_are_plain_text_with_every_value_whole(busy: Cli, args: list[str]) -> None:
    mid = _rakor(busy)
    rec = busy.json("meeting", "show", mid)
    out = busy.ok(*[a.format(id=mid) for a in args]).stdout
    assert not set(out) & BOXES, out
    assert all(line == line.rstrip() for line in out.splitlines())
    lines = out.splitlines()
    if args[0] == "meeting":
        for value in [rec["title"], rec["id"], *(s["ref"] for s in rec["stages"])]:
            assert any(value in line for line in lines), value
        assert any(LONG in line for line in lines)
    else:
        assert any(LONG in line for line in lines)
        assert any(len(line) > 80 for line in lines)  # not cut at 80 columns


WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=20
)  # "Penyelenggaraan", "Pangkalpinang"


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.lists(WORD, min_size=1, max_size=16),
            st.lists(WORD, min_size=1, max_size=6),
            st.integers(min_value=0, max_value=9999),
        ),
        min_size=1,
        max_size=6,
    ),
    width=st.integers(min_value=80, max_value=120),  # 80 columns is the promise
)
def test_a_listing_wraps_whole_words_and_ids_at_any_width(rows, width) -> None:  # type: ignore[no-untyped-def]
    """Any texts, any width from 80: no line wider than the terminal, every word whole."""
    from rich.console import Console

    from kpukoord.views.lists import Column, Listing, to_rich

    listing = Listing(
        "daftar",
        [
            Column("id", fixed=True),
            Column("uraian", weight=4, least=25),
            Column("PJ", weight=2, least=12),
            Column("status", fixed=True),
        ],
    )
    for n, (what, who, days) in enumerate(rows):
        listing.rows.append([f"01J{n:09d}", " ".join(what), " ".join(who), f"−{days} hr"])
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(to_rich(listing, width))
    out = console.export_text()
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    whole = {w for r in listing.rows for cell in r for w in cell.split()} | {"daftar"}
    whole |= {"id", "uraian", "PJ", "status"}
    shown = {t for t in out.split() if not set(t) <= BOXES}  # the header's rule
    assert shown <= whole, shown - whole
