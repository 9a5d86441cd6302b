"""The Indonesian date parser: real strings from KPU letters and news, and their meaning."""

from __future__ import annotations

import datetime as dt

import pytest

from kpukoord.errors import DateError
from kpukoord.language.dates import format_date, format_range, parse, parse_time, week_bounds

REF = dt.date(2024, 7, 8)  # "today" for relative words and year-less dates

# (text as written, start, end, time, zone)
CASES = [
    ("Senin (13/2/2023)", "2023-02-13", "2023-02-13", None, None),
    ("Senin (22/01/24)", "2024-01-22", "2024-01-22", None, None),
    ("Jumat, (04/10/24)", "2024-10-04", "2024-10-04", None, None),
    ("Rabu, 06/12/2023", "2023-12-06", "2023-12-06", None, None),
    ("Kamis, 19 Januari 2023", "2023-01-19", "2023-01-19", None, None),
    ("Rabu, 19 Februari 2025", "2025-02-19", "2025-02-19", None, None),
    ("3-7 agustus 2024", "2024-08-03", "2024-08-07", None, None),
    ("Jumat-Sabtu 5-6 Juli 2024", "2024-07-05", "2024-07-06", None, None),
    ("30-31 Maret 2023", "2023-03-30", "2023-03-31", None, None),
    ("12 Februari - 15 April 2023", "2023-02-12", "2023-04-15", None, None),
    ("12 Februari 15 April 2023", "2023-02-12", "2023-04-15", None, None),
    ("6-26 Februari 2023", "2023-02-06", "2023-02-26", None, None),
    ("15 sampai dengan 17 September 2022", "2022-09-15", "2022-09-17", None, None),
    ("Selasa s.d Kamis (26-28/09/2023)", "2023-09-26", "2023-09-28", None, None),
    ("28 November 2023-10 Februari 2024", "2023-11-28", "2024-02-10", None, None),
    ("14 Juni 2022 s.d. 14 Juni 2024", "2022-06-14", "2024-06-14", None, None),
    ("24 Juni s/d 24 Juli 2024", "2024-06-24", "2024-07-24", None, None),
    ("28 Desember - 3 Januari 2025", "2024-12-28", "2025-01-03", None, None),
    ("Jumat, 5 Juli 2024 - Sabtu, 6 Juli 2024", "2024-07-05", "2024-07-06", None, None),
    ("5/7 - 6/7/2024", "2024-07-05", "2024-07-06", None, None),
    ("2024-07-05 - 2024-07-06", "2024-07-05", "2024-07-06", None, None),
    ("Senin, 13 Februari 2023 pukul 13.00 WIB", "2023-02-13", "2023-02-13", "13:00", "WIB"),
    ("Jumat 5 Juli 2024 pukul 09:00 WITA", "2024-07-05", "2024-07-05", "09:00", "WITA"),
    ("Rabu 26 Juni 2024 21:45 WIB", "2024-06-26", "2024-06-26", "21:45", "WIB"),
    (
        "Sabtu, 6 Juli 2024, pukul 09.00 s.d. selesai WIT",
        "2024-07-06",
        "2024-07-06",
        "09:00",
        "WIT",
    ),
    ("5 Juli 2024 pukul 08.30 - 12.00 WIB", "2024-07-05", "2024-07-05", "08:30", "WIB"),
    ("Belopa, 03 Oktober 2025", "2025-10-03", "2025-10-03", None, None),
    ("Hari ini, Jumat, tanggal 3 Januari 2025", "2025-01-03", "2025-01-03", None, None),
    ("3 Pebruari 2023", "2023-02-03", "2023-02-03", None, None),
    ("10 Nopember 2024", "2024-11-10", "2024-11-10", None, None),
    ("9 Agt 2024", "2024-08-09", "2024-08-09", None, None),
    ("17 Ags 2024", "2024-08-17", "2024-08-17", None, None),
    ("19 Agu 2024", "2024-08-19", "2024-08-19", None, None),
    ("23 Sept 2024", "2024-09-23", "2024-09-23", None, None),
    ("Jum'at, 5 Juli 2024", "2024-07-05", "2024-07-05", None, None),
    ("Jum’at 5 Juli 2024", "2024-07-05", "2024-07-05", None, None),
    ("Ahad, 7 Juli 2024", "2024-07-07", "2024-07-07", None, None),
    ("MINGGU, 7 JULI 2024", "2024-07-07", "2024-07-07", None, None),
    ("13.02.2023", "2023-02-13", "2023-02-13", None, None),
    ("13-02-2023", "2023-02-13", "2023-02-13", None, None),
    ("2024-11-27", "2024-11-27", "2024-11-27", None, None),
    # no year: the year in which that day is that weekday, nearest "today" (2024-07-08)
    ("Rabu (22/11)", "2023-11-22", "2023-11-22", None, None),
    ("Jumat (5/7)", "2024-07-05", "2024-07-05", None, None),
    ("5 Juli", "2024-07-05", "2024-07-05", None, None),
    ("hari ini", "2024-07-08", "2024-07-08", None, None),
    ("today", "2024-07-08", "2024-07-08", None, None),
    ("besok", "2024-07-09", "2024-07-09", None, None),
    ("Kemarin", "2024-07-07", "2024-07-07", None, None),
    ("besok pukul 10.00 WITA", "2024-07-09", "2024-07-09", "10:00", "WITA"),
]


@pytest.mark.parametrize(("text", "start", "end", "time", "zone"), CASES)
def test_parses_real_date_strings(
    text: str, start: str, end: str, time: str | None, zone: str | None
) -> None:
    parsed = parse(text, ref=REF).as_dict()
    del parsed["end_time"]  # end times have their own table (test_dates_real.py)
    assert parsed == {"start": start, "end": end, "time": time, "timezone": zone}


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 40


BAD = [
    ("Kamis 5 Juli 2024", "2024-07-05 is a Jumat, not Kamis"),
    ("Jumat-Sabtu 6-7 Juli 2024", "is a Sabtu, not Jumat"),
    ("Senin (13/2/2024)", "is a Selasa, not Senin"),
    ("31 Februari 2024", "is not a date"),
    ("5 Juli 2024 - 4 Juli 2024", "before the start"),
    ("32/1/2024", "is not a date"),
    ("6 - 5 Juli 2024", "before the start"),
    ("5 Juli 2024 xyz", "unexpected 'xyz'"),
    ("xyz", "no day found"),
    ("", "a date is required"),
    ("5", "the month is missing"),
    ("5 Juli 2024 pukul 25.00", "is not a time of day"),
    ("12345 Juli 2024", "not a day of the month"),
    ("5/7/123", "is not a year"),
    # no year and no such weekday within a year of today (2024-07-08): refused (issue 15)
    ("Selasa (29/7)", "29/7/2024 is a Monday"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_rejects_bad_or_contradictory_dates(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message.replace("(", r"\(")):
        parse(text, ref=REF)


def test_formats_in_indonesian_and_english() -> None:
    assert format_date(dt.date(2024, 7, 5)) == "Jumat, 5 Juli 2024"
    assert format_date(dt.date(2024, 7, 5), "en") == "Friday, 5 July 2024"
    assert format_range(dt.date(2024, 7, 5), dt.date(2024, 7, 6)) == "Jumat–Sabtu, 5–6 Juli 2024"
    assert (
        format_range(dt.date(2023, 11, 28), dt.date(2024, 2, 10))
        == "Selasa–Sabtu, 28 November 2023 – 10 Februari 2024"
    )


def test_times_and_weeks() -> None:
    assert parse_time("pukul 9.00 WITA") == ("09:00", "WITA")
    assert parse_time("13:30") == ("13:30", None)
    with pytest.raises(DateError):
        parse_time("jam sembilan")
    assert week_bounds(dt.date(2024, 7, 5)) == (dt.date(2024, 7, 1), dt.date(2024, 7, 7))


def test_date_parse_command_shows_how_a_string_is_read(cli) -> None:  # type: ignore[no-untyped-def]
    data = cli.json("date", "parse", "Jumat-Sabtu 5-6 Juli 2024")
    assert data == {
        "start": "2024-07-05",
        "end": "2024-07-06",
        "time": None,
        "end_time": None,
        "timezone": None,
    }
    human = cli.ok("date", "parse", "Jumat-Sabtu 5-6 Juli 2024").stdout
    assert "Jumat–Sabtu, 5–6 Juli 2024" in human


def test_date_parse_command_error_is_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli.fails("date", "parse", "Kamis 5 Juli 2024")
    assert result.stderr.count("\n") == 1
    assert "is a Jumat, not Kamis" in result.stderr


def test_ids_are_ulids_and_stage_ids_are_stable() -> None:
    import time

    from kpukoord.store.ids import _encode, new_id, stable_id

    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000 and all(len(i) == 26 for i in ids)
    assert all(set(i) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for i in ids)
    ms = int(time.time() * 1000)
    assert abs(int(_decode(new_id()[:10]) - ms)) < 5_000  # the first 10 characters are the time
    assert _encode(0) == "0" * 26 and _encode((1 << 128) - 1) == "7" + "Z" * 25
    assert stable_id("stage", "pkpu-2-2024", "coklit") == stable_id(
        "stage", "pkpu-2-2024", "coklit"
    )
    assert stable_id("stage", "pkpu-2-2024", "coklit") != stable_id(
        "stage", "pkpu-3-2022", "coklit"
    )


def _decode(text: str) -> int:
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    value = 0
    for ch in text:
        value = value * 32 + alphabet.index(ch)
    return value
