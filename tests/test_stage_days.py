"""Calendars, timelines and lists agree on every stage (issue 26).

One rule (:func:`kpukoord.timetables.stages.days`) says which days a stage covers: a start and
no end is that one day (a milestone); no start ("since before PKPU …") runs from the
regulation's date to its end. The calendar, the stage list and the timeline use it.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from conftest import Cli
from kpukoord.timetables import stages

SIGNED = dt.date(2024, 1, 26)  # PKPU 2/2024, the bundled pkpu-2-2024 timetable


@given(
    st.none() | st.dates(),
    st.none() | st.dates(),
    st.none() | st.dates(),
)
def test_the_rule_gives_an_ordered_span_holding_the_known_dates(start, end, since) -> None:  # type: ignore[no-untyped-def]
    span = stages.days(start, end, since)
    if start is None and end is None:
        assert span is None
        return
    assert span is not None
    first, last = span
    assert first <= last
    if start is not None:
        assert first == start
        assert last == (end if end is not None and end >= start else start)
    else:
        assert last == end
        assert first == (since if since is not None and since <= end else end)


def _events(ics: str) -> dict[str, tuple[str, str]]:
    unfolded = ics.replace("\r\n ", "")
    out = {}
    for block in unfolded.split("BEGIN:VEVENT")[1:]:
        uid = re.search(r"UID:(\S+)-stage@kpukoord", block)
        if not uid:
            continue
        start = re.search(r"DTSTART;VALUE=DATE:(\d+)", block)
        end = re.search(r"DTEND;VALUE=DATE:(\d+)", block)
        assert start and end
        out[uid.group(1)] = (start.group(1), end.group(1))
    return out


def test_open_start_stages_are_in_the_calendar_from_the_regulations_date(office: Cli) -> None:
    ics = office.ok("export", "ics", "--stages", "--schedule", "pkpu-2-2024").stdout
    events = _events(ics)
    ids = {s["key"]: s["id"] for s in office.json("stage", "list", "--schedule", "pkpu-2-2024",
                                                     "--from", "1/1/2024", "--to", "31/12/2024")}  # fmt: skip
    # "dimulai sebelum PKPU 2/2024": from the regulation's date to the end (DTEND exclusive)
    assert events[ids["peraturan"]] == ("20240126", "20241119")
    assert events[ids["perencanaan-anggaran"]] == ("20240126", "20240127")
    assert "news-2" not in ics and "2 news sources: " in ics  # confidence in words (en suite)
    # a calendar program reads them: every stage an all-day event with its description
    from icalendar import Calendar

    read = {
        str(e["UID"]).removesuffix("-stage@kpukoord"): e
        for e in Calendar.from_ical(ics).walk("VEVENT")
    }
    peraturan = read[ids["peraturan"]]
    assert peraturan.decoded("DTSTART") == SIGNED
    assert peraturan.decoded("DTEND") == dt.date(2024, 11, 19)
    assert "news.okezone.com/read/" in str(peraturan["DESCRIPTION"])


# A notice announced with its first day only (the bundled timetables now give every such
# stage its end, as the sources do): the rule must still hold for a file that has none.
OPEN_END = """\
code: uji-tanpa-akhir
title: Jadwal uji pengumuman tanpa tanggal akhir
regulation: PKPU 2/2024
election: Uji
regions: all
sources:
  T1: contoh.kpu.go.id/pengumuman
stages:
  - key: pengumuman-pps
    name: Pengumuman pendaftaran calon anggota PPS
    start: 2024-05-02
    rule: sampai pendaftaran dibuka
    confidence: news-1
    sources: [T1]
"""


def test_a_start_without_end_is_one_day_in_list_calendar_and_timeline(
    office: Cli, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "uji.yaml"
    path.write_text(OPEN_END, encoding="utf-8")
    office.ok("schedule", "import", str(path))
    code = "uji-tanpa-akhir"
    on_day = office.json("stage", "list", "--schedule", code, "--active-on", "2/5/2024")
    after = office.json("stage", "list", "--schedule", code, "--active-on", "3/5/2024")
    assert "pengumuman-pps" in {s["key"] for s in on_day}
    assert "pengumuman-pps" not in {s["key"] for s in after}
    events = _events(office.ok("export", "ics", "--stages", "--schedule", code).stdout)
    assert events[on_day[0]["id"]] == ("20240502", "20240503")  # that one day
    chart = office.ok("schedule", "timeline", code, "--width", "120").stdout
    line = next(x for x in chart.splitlines() if x.strip().startswith("Pengumuman pendaftaran"))
    assert "◆" in line and "█" not in line  # a milestone, not a bar running for months
    chart = office.ok("schedule", "timeline", "pkpu-2-2024", "--width", "120").stdout
    # an open start: a bar from the regulation's date, marked as begun before it
    line = next(x for x in chart.splitlines() if x.strip().startswith("Penyusunan peraturan"))
    assert "◀" in line and "█" in line


def test_svg_labels_of_open_starts_stay_in_their_row(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "t.svg"
    office.ok("schedule", "timeline", "pkpu-2-2024", "--svg", str(out))
    svg = out.read_text(encoding="utf-8")
    # the rule is a line of the row's label (a tspan), never free text over the bars
    assert re.search(r"<tspan[^>]*>\(dimulai sebelum PKPU", svg) or re.search(
        r"<tspan[^>]*>\(started before", svg
    ), svg[:2000]
    assert 'font-size="7" font-style="italic"' not in svg


def test_timeline_axis_labels_are_whole(office: Cli) -> None:
    """A month label that does not fit at the right edge is left out, not cut ("Ok")."""
    for width in ("80", "100", "120"):
        chart = office.ok("schedule", "timeline", "pkpu-3-2022", "--width", width).stdout
        axis = chart.splitlines()[1].split()
        assert axis and all(re.fullmatch(r"[A-Z][a-z]{2}|\d{2}", t) for t in axis), axis
