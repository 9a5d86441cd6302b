"""Indonesian dates: reading what operators type, writing what officials read.

This is the one place that knows how dates are written. Every command that
takes a date calls :func:`parse` (or :func:`parse_day`), and every view that
shows one calls :func:`format_date` / :func:`format_range`.

Accepted forms (all case-insensitive), as met in KPU letters and news:

* day-first numbers: ``13/2/2023``, ``04/10/24``, ``13-02-2023``, ``13.02.2023``, ``22/11``
* month names with spelling variants: ``5 Juli 2024``, ``3 Pebruari 2023``, ``9 Agt 2024``
* a leading weekday, dateline or prose: ``Jumat, (04/10/24)``, ``Belopa, 03 Oktober 2025``,
  ``Hari ini, Jumat, tanggal 3 Januari 2025``
* ranges: ``5-6 Juli 2024``, ``Jumat-Sabtu 5-6 Juli 2024``, ``12 Februari - 15 April 2023``,
  ``15 sampai dengan 17 September 2022``, ``Selasa s.d Kamis (26-28/09/2023)``,
  ``28 November 2023-10 Februari 2024``
* times and zones: ``pukul 09.00 WITA``, ``21:45 WIB``, ``16:47:00``; time ranges give an
  end time: ``pukul 08.00 s.d 16.00 waktu setempat``, ``07.00-13.00``, ``09.00 WITA s/d selesai``
* bylines and datelines: ``Rabu, 21 Februari 2024 | 11:57 WIB``, ``MAKASSAR, Kamis (7/12/2023)``
* words that do not change the date: ``Senin (18/3) malam``, ``27 November mendatang``,
  ``tanggal 14 bulan Februari tahun 2024`` (mendatang / lalu choose the next / last year)
* misspelled months within a small edit distance: ``Nvember``, ``Desmber``, ``Agust``
* month only (the whole month) and month first: ``Juni 2022``, ``Maret 01, 2024``
* lists of consecutive days: ``30, 31 Agustus hingga 1 September 2024``, ``14, 15 dan 16 Desember``
* spelled-out numbers and Hijri dates: ``sembilan belas September dua ribu dua puluh empat``,
  ``4 Sya'ban 1445 H`` (Umm al-Qura, via hijridate), ``14 Februari 2024 / 4 Sya'ban 1445 H``
  (a day's difference, as between Umm al-Qura and Indonesia's calendar, is accepted)
* ISO ``2024-07-05`` and the relative words hari ini / today, besok / tomorrow,
  kemarin / yesterday, lusa.

A date without a year takes, with a weekday, the year within a year of today in
which it falls on that weekday (else an error naming this year's weekday); without
one, the nearest year. A range without the start's year goes back a year only across
a year end (Desember → Januari). A weekday that contradicts the date is an error,
never a silent guess.

The modules, each importing only those above it: ``words`` (the words of a date,
normalising), ``writing`` (dates for display), ``days`` (:class:`ParsedDate`, bounds,
today, ISO weeks), ``times`` (times and zones), ``hijri``, ``parser`` (the grammar) and
``reading`` (:func:`parse`). Callers import from this package, which re-exports what
they use.
"""

from __future__ import annotations

import datetime as dt

from kpukoord.language.dates.days import (
    MAX_YEAR,
    MIN_YEAR,
    ParsedDate,
    in_bounds,
    iso_date,
    parse_iso_week,
    today,
    week_bounds,
)
from kpukoord.language.dates.reading import parse, parse_day, parse_due
from kpukoord.language.dates.times import (
    TIMEZONES,
    check_timezone,
    parse_time,
    parse_time_range,
)
from kpukoord.language.dates.words import _WEEKDAY_ID, DAY_PART_WORDS, DAY_PARTS, part_of_day
from kpukoord.language.dates.writing import (
    format_date,
    format_days,
    format_range,
    format_short,
    format_span,
    format_time,
    names_for,
    separate,
)

__all__ = [
    "DAY_PARTS",
    "DAY_PART_WORDS",
    "MAX_YEAR",
    "MIN_YEAR",
    "TIMEZONES",
    "_WEEKDAY_ID",
    "ParsedDate",
    "check_timezone",
    "dt",
    "format_date",
    "format_days",
    "format_range",
    "format_short",
    "format_span",
    "format_time",
    "in_bounds",
    "iso_date",
    "names_for",
    "parse",
    "parse_day",
    "parse_due",
    "parse_iso_week",
    "parse_time",
    "parse_time_range",
    "part_of_day",
    "separate",
    "today",
    "week_bounds",
]
