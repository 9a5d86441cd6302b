"""Dates as Indonesian newsrooms and KPU offices really write them (issue 16).

Each row quotes where the string came from. "issue 16" means the issue's own list,
taken from its collection of real news and KPU pages; "articles/X" is a file in
shared/reference/articles/; "style of <site> bylines" means the site's byline or
dateline format with a date of ours, where we could not name the exact page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpukoord.errors import DateError
from kpukoord.language.dates import format_date, format_range, parse, parse_time, parse_time_range

REF = dt.date(2024, 7, 8)  # "today" of the tests (KPUKOORD_TODAY in the CLI ones)

# cause -> (text as written, start, end, time, end_time, zone)
Row = tuple[str, str, str, str | None, str | None, str | None]
REAL: dict[str, list[Row]] = {
    "1 bylines and datelines": [
        # issue 16 (a byline with "|")
        ("Rabu, 21 Februari 2024 | 11:57 WIB", "2024-02-21", "2024-02-21", "11:57", None, "WIB"),
        # issue 16 (a byline with "/")
        ("Kamis, 28 November 2024 / 06:14 WIB", "2024-11-28", "2024-11-28", "06:14", None, "WIB"),
        # issue 16 (a byline with " - ")
        ("Kamis, 21 Juli 2022 - 20:25 WIB", "2022-07-21", "2022-07-21", "20:25", None, "WIB"),
        # issue 16 (a time with seconds, "16:47:00")
        ("Rabu, 21 Februari 2024 16:47:00 WIB", "2024-02-21", "2024-02-21", "16:47", None, "WIB"),
        # issue 16 (a place in capitals before the date)
        ("MAKASSAR, Kamis (7/12/2023)", "2023-12-07", "2023-12-07", None, None, None),
        # articles/kesbangpol-visit-luwu-utara-2023.txt, the byline line
        ("Feb 14, 2023 - 11:13", "2023-02-14", "2023-02-14", "11:13", None, None),
        # articles/kesbangpol-visit-luwu-utara-2023.txt: "LUWU UTARA - ... , Senin (13/2/2023)"
        ("LUWU UTARA - Senin (13/2/2023)", "2023-02-13", "2023-02-13", None, None, None),
        # articles/coffee-morning-bengkulu-utara-2024.txt: dateline "KANTOR-BERITA.COM, BENGKULU
        # UTARA||" and later "pada Jumat, (04/10/24)"
        (
            "KANTOR-BERITA.COM, BENGKULU UTARA|| pada Jumat, (04/10/24)",
            "2024-10-04",
            "2024-10-04",
            None,
            None,
            None,
        ),
        # style of kompas.com bylines ("Kompas.com - dd/mm/yyyy, hh:mm WIB")
        ("Kompas.com - 14/02/2024, 10:30 WIB", "2024-02-14", "2024-02-14", "10:30", None, "WIB"),
        # style of detik.com / cnnindonesia.com bylines (abbreviated month)
        ("Rabu, 14 Feb 2024 10:30 WIB", "2024-02-14", "2024-02-14", "10:30", None, "WIB"),
        # style of ANTARA datelines ("Makassar (ANTARA) - ...")
        ("Makassar (ANTARA) - Kamis (7/12/2023)", "2023-12-07", "2023-12-07", None, None, None),
        # all-caps day and month names, style of KPU letterheads and banners
        ("KAMIS, 7 DESEMBER 2023", "2023-12-07", "2023-12-07", None, None, None),
        # style of invitations (undangan): "Hari/Tanggal : ..."
        ("Hari/Tanggal : Senin, 5 Agustus 2024", "2024-08-05", "2024-08-05", None, None, None),
        # style of news pages' article:published_time metadata (an ISO timestamp, +07:00 = WIB)
        ("2024-02-14T10:30:00+07:00", "2024-02-14", "2024-02-14", "10:30", None, "WIB"),
    ],
    "2 words around a date": [
        # issue 16
        ("Senin (18/3) malam", "2024-03-18", "2024-03-18", None, None, None),
        # issue 16
        ("Jumat malam (21/9/2018)", "2018-09-21", "2018-09-21", None, None, None),
        # issue 16 ("besok" beside a written date does not move it)
        ("Selasa (19/3) besok", "2024-03-19", "2024-03-19", None, None, None),
        # issue 16 ("mendatang": the next 27 November)
        ("27 November mendatang", "2024-11-27", "2024-11-27", None, None, None),
        # issue 16
        ("tanggal 14 bulan Februari tahun 2024", "2024-02-14", "2024-02-14", None, None, None),
        # articles/rakor-pilkada-sijunjung-2024.txt: "hingga 24 Juli 2024 mendatang"
        ("hingga 24 Juli 2024 mendatang", "2024-07-24", "2024-07-24", None, None, None),
        # articles/coffee-morning-bengkulu-utara-2024.txt: "pada 27 November 2024"
        ("pada 27 November 2024", "2024-11-27", "2024-11-27", None, None, None),
        # style of news reports ("..., Rabu dini hari (14/2/2024)")
        ("Rabu dini hari (14/2/2024)", "2024-02-14", "2024-02-14", None, None, None),
        # style of news reports ("pada Minggu (3/3/2024) lalu")
        ("pada Minggu (3/3/2024) lalu", "2024-03-03", "2024-03-03", None, None, None),
        # style of news reports ("Senin (1/7) lalu": the last 1 July that was a Monday)
        ("Senin (1/7) lalu", "2024-07-01", "2024-07-01", None, None, None),
        # style of news reports ("pukul 19.00 WIB hingga larut malam")
        (
            "Sabtu (6/7/2024) pukul 19.00 WIB hingga larut malam",
            "2024-07-06",
            "2024-07-06",
            "19:00",
            None,
            "WIB",
        ),
        # style of news reports ("sejak Senin (12/2/2024)")
        ("sejak Senin (12/2/2024)", "2024-02-12", "2024-02-12", None, None, None),
    ],
    "3 time ranges": [
        # issue 16 ("pukul 08.00 s.d 16.00 waktu setempat"), with its date
        (
            "Rabu, 14 Februari 2024 pukul 08.00 s.d 16.00 waktu setempat",
            "2024-02-14",
            "2024-02-14",
            "08:00",
            "16:00",
            None,
        ),
        # issue 16 ("pukul 07.00 hingga 13.00 WIB"): the voting hours of 27 November 2024
        (
            "Rabu, 27 November 2024 pukul 07.00 hingga 13.00 WIB",
            "2024-11-27",
            "2024-11-27",
            "07:00",
            "13:00",
            "WIB",
        ),
        # issue 16 ("mulai pukul 08.00 sampai pukul 23.59 WIB")
        (
            "1 Juli 2024 mulai pukul 08.00 sampai pukul 23.59 WIB",
            "2024-07-01",
            "2024-07-01",
            "08:00",
            "23:59",
            "WIB",
        ),
        # issue 16 ("07.00-13.00"), voting day 14 February 2024
        ("14 Februari 2024 07.00-13.00", "2024-02-14", "2024-02-14", "07:00", "13:00", None),
        # issue 16 ("pukul 09.00 WITA s/d selesai")
        (
            "Senin (13/2/2023) pukul 09.00 WITA s/d selesai",
            "2023-02-13",
            "2023-02-13",
            "09:00",
            None,
            "WITA",
        ),
        # style of invitations (undangan): "Pukul : 09.00 WITA s.d selesai"
        (
            "Senin, 5 Agustus 2024, Pukul : 09.00 WITA s.d selesai",
            "2024-08-05",
            "2024-08-05",
            "09:00",
            None,
            "WITA",
        ),
        # style of KPU invitations ("pukul 19.30 WITA - selesai")
        (
            "Sabtu, 6 Juli 2024, pukul 19.30 WITA - selesai",
            "2024-07-06",
            "2024-07-06",
            "19:30",
            None,
            "WITA",
        ),
    ],
    "4 misspelled months": [
        # issue 16 ("Nvember")
        ("14 Nvember 2024", "2024-11-14", "2024-11-14", None, None, None),
        # issue 16 ("Desmber")
        ("20 Desmber 2023", "2023-12-20", "2023-12-20", None, None, None),
        # issue 16 ("Agust")
        ("17 Agust 2024", "2024-08-17", "2024-08-17", None, None, None),
        # issue 16 ("Febuari")
        ("Rabu, 14 Febuari 2024", "2024-02-14", "2024-02-14", None, None, None),
        # a typing slip of the same kind (swapped letters); no single source
        ("Rabu 2 Okotber 2024", "2024-10-02", "2024-10-02", None, None, None),
        # a typing slip of the same kind (a dropped letter, month first); no single source
        ("Septembr 30, 2024", "2024-09-30", "2024-09-30", None, None, None),
    ],
    "5 month only and month first": [
        # issue 16 ("Juni 2022": the whole month)
        ("Juni 2022", "2022-06-01", "2022-06-30", None, None, None),
        # issue 16
        ("Maret 01, 2024", "2024-03-01", "2024-03-01", None, None, None),
        # articles/rakor-pilkada-sijunjung-2024.txt, the byline line
        ("Senin, Juli 8, 2024", "2024-07-08", "2024-07-08", None, None, None),
        # articles/kesbangpol-visit-luwu-utara-2023.txt, the byline line, without its time
        ("Feb 14, 2023", "2023-02-14", "2023-02-14", None, None, None),
        # style of KPU reports ("pada bulan Februari tahun 2024"): a February of a leap year
        ("bulan Februari tahun 2024", "2024-02-01", "2024-02-29", None, None, None),
        # a span of months across the year end: our own example of the form, no single source
        ("Desember - Januari 2024", "2023-12-01", "2024-01-31", None, None, None),
    ],
    "6 lists of days": [
        # issue 16
        ("30, 31 Agustus hingga 1 September 2024", "2024-08-30", "2024-09-01", None, None, None),
        # issue 16
        ("tanggal 14, 15 dan 16 Desember 2023", "2023-12-14", "2023-12-16", None, None, None),
        # style of news reports on the rekapitulasi ("tanggal 27 dan 28 November 2024")
        ("tanggal 27 dan 28 November 2024", "2024-11-27", "2024-11-28", None, None, None),
        # style of news reports ("Sabtu dan Minggu, 24-25 Februari 2024")
        ("Sabtu dan Minggu, 24-25 Februari 2024", "2024-02-24", "2024-02-25", None, None, None),
        # style of KPU invitations ("Jumat, Sabtu dan Minggu, 5, 6 dan 7 Juli 2024")
        (
            "Jumat, Sabtu dan Minggu, 5, 6 dan 7 Juli 2024",
            "2024-07-05",
            "2024-07-07",
            None,
            None,
            None,
        ),
        # style of news reports, a range and a list together ("29-30 Juni dan 1 Juli 2024")
        ("Tanggal 29-30 Juni dan 1 Juli 2024", "2024-06-29", "2024-07-01", None, None, None),
        # style of news reports, across a month end ("30, 31 Agustus dan 1 September 2024")
        ("30, 31 Agustus dan 1 September 2024", "2024-08-30", "2024-09-01", None, None, None),
    ],
    "7 spelled-out numbers and Hijri dates": [
        # issue 16
        (
            "sembilan belas September dua ribu dua puluh empat",
            "2024-09-19",
            "2024-09-19",
            None,
            None,
            None,
        ),
        # style of KPU berita acara ("Pada hari ini Rabu tanggal empat belas bulan Februari
        # tahun dua ribu dua puluh empat")
        (
            "Pada hari ini Rabu tanggal empat belas bulan Februari tahun dua ribu dua puluh empat",
            "2024-02-14",
            "2024-02-14",
            None,
            None,
            None,
        ),
        # issue 16 (a Hijri date alone)
        ("4 Sya'ban 1445 H", "2024-02-14", "2024-02-14", None, None, None),
        # issue 16 (beside the Gregorian date)
        ("14 Februari 2024 / 4 Sya'ban 1445 H", "2024-02-14", "2024-02-14", None, None, None),
        # 1 Ramadhan 1445 H began in Indonesia (government) on Tuesday 12 March 2024, a day after
        # Umm al-Qura's 11 March: the one-day difference is accepted, the Gregorian date kept
        (
            "Selasa, 12 Maret 2024 / 1 Ramadhan 1445 H",
            "2024-03-12",
            "2024-03-12",
            None,
            None,
            None,
        ),
        # the same with the weekday only: the day either side of Umm al-Qura that is a Selasa
        ("Selasa, 1 Ramadhan 1445 H", "2024-03-12", "2024-03-12", None, None, None),
        # Idul Adha 10 Dzulhijjah 1445 H was Monday 17 June 2024 in Indonesia (16 June Umm al-Qura)
        (
            "Senin, 17 Juni 2024 / 10 Dzulhijjah 1445 H",
            "2024-06-17",
            "2024-06-17",
            None,
            None,
            None,
        ),
        # style of official letters dated in both calendars ("... M / ... H")
        ("14 Februari 2024 M / 4 Sya'ban 1445 H", "2024-02-14", "2024-02-14", None, None, None),
        # Isra Mikraj, 27 Rajab 1445 H: national holiday Thursday 8 February 2024
        ("Kamis, 8 Februari 2024 / 27 Rajab 1445 H", "2024-02-08", "2024-02-08", None, None, None),
        # Maulid Nabi, 12 Rabiul Awal 1446 H: national holiday Monday 16 September 2024 (Umm
        # al-Qura: the 15th; the weekday picks Indonesia's day)
        ("Senin, 12 Rabiul Awal 1446 H", "2024-09-16", "2024-09-16", None, None, None),
        # 1 Muharram 1446 H, Sunday 7 July 2024 (national holiday)
        ("1 Muharram 1446 H", "2024-07-07", "2024-07-07", None, None, None),
    ],
}

CASES = [(cause, *row) for cause, rows in REAL.items() for row in rows]


@pytest.mark.parametrize(("cause", "text", "start", "end", "time", "end_time", "zone"), CASES)
def test_reads_real_dates_of_each_cause(
    cause: str,
    text: str,
    start: str,
    end: str,
    time: str | None,
    end_time: str | None,
    zone: str | None,
) -> None:
    assert parse(text, ref=REF).as_dict() == {
        "start": start,
        "end": end,
        "time": time,
        "end_time": end_time,
        "timezone": zone,
    }, cause


def test_every_cause_has_five_real_examples() -> None:
    assert len(REAL) == 7
    assert all(len(rows) >= 5 for rows in REAL.values())


# (text, what the error says): the weekday check holds for every new form, and text
# that is not a date is still refused.
WRONG = [
    ("Senin, 14 Februari 2024 | 11:57 WIB", "2024-02-14 is a Rabu, not Senin"),
    ("MAKASSAR, Jumat (7/12/2023)", "2023-12-07 is a Kamis, not Jumat"),
    ("Kamis (18/3/2024) malam", "2024-03-18 is a Senin, not Kamis"),
    ("Jumat, 14 Februari 2024 pukul 07.00-13.00", "is a Rabu, not Jumat"),
    ("Minggu, 14 Nvember 2024", "2024-11-14 is a Kamis, not Minggu"),
    ("Selasa, Juli 8, 2024", "2024-07-08 is a Senin, not Selasa"),
    ("Senin, 14, 15 dan 16 Desember 2023", "2023-12-14 is a Kamis, not Senin"),
    ("Senin, 4 Sya'ban 1445 H", "2024-02-14 is a Rabu, not Senin"),
    ("Senin, Juni 2022", "a weekday, but a whole month"),
    ("Sel, 19 Feb 2024", "2024-02-19 is a Senin, not Selasa"),
    ("2024-02-14T03:30:00Z", "its offset is not WIB"),
    # a Hijri date more than a day away from the Gregorian one beside it
    ("Rabu, 14 Februari 2024 / 6 Sya'ban 1445 H", "2 days from 2024-02-14"),
    ("31 Ramadhan 1445 H", "cannot read Hijri date"),
    ("Februari 2024 / 4 Sya'ban 1445 H", "a Hijri date beside a whole month"),
    ("14-15 Februari 2024 / 4 Sya'ban 1445 H", "a Hijri date beside a range"),
    # lists of days that are not one unbroken span
    ("tanggal 14, 16 Desember 2023", "the days 14, 16 are not consecutive"),
    ("5 dan 7 Juli 2024", "not consecutive"),
    ("30 Agustus dan 2 September 2024", "not consecutive"),
    ("29-30 Juni dan 2 Juli 2024", "not consecutive"),
    # misspellings never guessed when two months (or a weekday) are as close
    ("5 Jusi 2024", "unexpected 'jusi'"),
    ("5 Sabtuu 2024", "unexpected 'sabtuu'"),
    ("5 Mari 2024", "unexpected 'mari'"),
    # words around a date are ignored only beside a date
    ("pada hari", "no day found"),
    ("Senin malam", "a day is missing"),
    ("5 Juli 2024 rapat", "unexpected 'rapat'"),
    ("pukul 08.00 s.d 16.00 waktu setempat", "no day found"),
    ("Juli", "expected a day"),
    ("tiga", "month is missing"),
    ("5 Juli 2024 pukul 07.00 - 25.00", "is not a time of day"),
    # issue 15: a year-less date whose weekday is not within a year of today
    ("Rabu (23/7)", "23/7/2024 is a Tuesday"),
    # issue 15: a range without the start's year takes the previous year only across a year end
    ("15 April - 12 Februari 2023", "the end 2023-02-12 is before the start 2023-04-15"),
    ("5 Juli 2024 - 4 Juli", "before the start"),
    ("Agustus - Juni 2024", "before the start"),
]


@pytest.mark.parametrize(("text", "message"), WRONG)
def test_refuses_contradictions_and_non_dates(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message.replace("(", r"\(")):
        parse(text, ref=REF)


def test_no_year_weekday_within_a_year_of_today() -> None:
    # issue 15: "Kamis (22/11)" typed on 25 November 2023, when 22 November was a Wednesday
    with pytest.raises(DateError, match=r"22/11/2023 is a Wednesday"):
        parse("Kamis (22/11)", ref=dt.date(2023, 11, 25))
    assert parse("Rabu (22/11)", ref=dt.date(2023, 11, 25)).start == dt.date(2023, 11, 22)
    # next year's, when that is the one within a year: 22/11/2024 is a Friday
    assert parse("Jumat (22/11)", ref=dt.date(2023, 11, 25)).start == dt.date(2024, 11, 22)
    # a range crossing the year end still takes the previous year
    got = parse("28 Desember - 3 Januari 2025", ref=REF)
    assert (got.start, got.end) == (dt.date(2024, 12, 28), dt.date(2025, 1, 3))


def test_no_year_weekday_error_from_the_command_line(office) -> None:  # type: ignore[no-untyped-def]
    failed = office.fails(
        "meeting", "add", "--title", "Rakor", "--date", "Kamis (22/11)", today="2023-11-25"
    )
    assert "22/11/2023 is a Wednesday" in failed.stderr and failed.stderr.count("\n") == 1
    ok = office.json("date", "parse", "Rabu (22/11)", today="2023-11-25")
    assert ok["start"] == "2023-11-22"


def test_no_year_with_reference_words() -> None:
    ref = dt.date(2024, 12, 1)
    assert parse("27 November mendatang", ref=ref).start == dt.date(2025, 11, 27)
    assert parse("27 November lalu", ref=ref).start == dt.date(2024, 11, 27)
    assert parse("27 November", ref=ref).start == dt.date(2024, 11, 27)


def test_hijri_library_is_imported_only_for_hijri_text() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from kpukoord.language.dates import parse; import datetime as dt\n"
        "parse('Rabu, 14 Februari 2024 pukul 09.00 WIB', ref=dt.date(2024, 7, 8))\n"
        "print('hijridate' in sys.modules)\n"
        "parse('4 Syaban 1445 H', ref=dt.date(2024, 7, 8))\n"
        "print('hijridate' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split() == ["False", "True"]


def test_date_parse_json_shows_the_end_time(cli) -> None:  # type: ignore[no-untyped-def]
    data = cli.json("date", "parse", "Rabu, 27 November 2024 pukul 07.00 hingga 13.00 WIB")
    assert data == {
        "start": "2024-11-27",
        "end": "2024-11-27",
        "time": "07:00",
        "end_time": "13:00",
        "timezone": "WIB",
    }
    human = cli.ok("date", "parse", "Rabu, 27 November 2024 pukul 07.00 hingga 13.00 WIB").stdout
    assert "07:00–13:00 WIB" in human
    failed = cli.fails("date", "parse", "tanggal 14, 16 Desember 2023")
    assert failed.stderr.startswith("error:") and failed.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the time-range forms of issue 16, as a meeting's --time
        ("pukul 08.00 s.d 16.00 waktu setempat", ("08:00", "16:00", None)),
        ("pukul 07.00 hingga 13.00 WIB", ("07:00", "13:00", "WIB")),
        ("mulai pukul 08.00 sampai pukul 23.59 WIB", ("08:00", "23:59", "WIB")),
        ("07.00-13.00", ("07:00", "13:00", None)),
        ("pukul 09.00 WITA s/d selesai", ("09:00", None, "WITA")),
        ("16:47:00", ("16:47", None, None)),
    ],
)
def test_time_ranges_alone(text: str, expected: tuple[str, str | None, str | None]) -> None:
    assert parse_time_range(text) == expected
    assert parse_time(text) == (expected[0], expected[2])


# -- properties ------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "Senin",
        "Jumat",
        "Minggu",
        "Juli",
        "Nvember",
        "Desember",
        "Juni",
        "2024",
        "1445",
        "H",
        "Sya'ban",
        "Ramadhan",
        "pukul",
        "09.00",
        "13:00:00",
        "WIB",
        "s.d",
        "s/d",
        "hingga",
        "dan",
        ",",
        "|",
        "/",
        "-",
        "(",
        ")",
        "malam",
        "mendatang",
        "lalu",
        "tanggal",
        "bulan",
        "tahun",
        "dua",
        "puluh",
        "belas",
        "ribu",
        "sembilan",
        "selesai",
        "31",
        "5",
        "0",
        "29/2",
        "13.02.2023",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=9).map(" ".join))
def test_any_words_parse_or_raise_a_date_error(text: str) -> None:
    try:
        parsed = parse(text, ref=REF)
    except DateError:
        return
    assert parsed.start <= parsed.end


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_raises_a_date_error(text: str) -> None:
    try:
        parse(text, ref=REF)
    except DateError:
        pass


_DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


@settings(max_examples=200, deadline=None)
@given(_DAYS)
def test_format_then_parse_gives_the_day_back(day: dt.date) -> None:
    got = parse(format_date(day), ref=REF)
    assert (got.start, got.end) == (day, day)


@settings(max_examples=200, deadline=None)
@given(_DAYS, st.integers(min_value=0, max_value=800))
def test_format_range_then_parse_gives_the_span_back(day: dt.date, length: int) -> None:
    end = day + dt.timedelta(days=length)
    got = parse(format_range(day, end), ref=REF)
    assert (got.start, got.end) == (day, end)
