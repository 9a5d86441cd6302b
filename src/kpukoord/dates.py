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
* times and zones: ``pukul 09.00 WITA``, ``21:45 WIB``
* ISO ``2024-07-05`` and the relative words hari ini / today, besok / tomorrow,
  kemarin / yesterday, lusa.

A date without a year takes the year, nearest to "today", in which it falls on
the weekday given (or simply the nearest year when no weekday is given). A
weekday that contradicts a full date is an error, never a silent guess.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import cast

from kpukoord.errors import DateError

# Indonesian offices' time zones: name -> (IANA zone, UTC offset in hours).
TIMEZONES: dict[str, tuple[str, int]] = {
    "WIB": ("Asia/Jakarta", 7),
    "WITA": ("Asia/Makassar", 8),
    "WIT": ("Asia/Jayapura", 9),
}

_MONTHS: dict[str, int] = {}
for _num, _spelled in enumerate(
    [
        "januari jan january",
        "februari feb pebruari peb febuari february",
        "maret mar march",
        "april apr",
        "mei may",
        "juni jun june",
        "juli jul july",
        "agustus agt ags agu agst agus aug august",
        "september sep sept",
        "oktober okt oct october",
        "november nov nopember nop",
        "desember des dec december",
    ],
    start=1,
):
    for _name in _spelled.split():
        _MONTHS[_name] = _num

_WEEKDAYS: dict[str, int] = {}
for _num, _spelled in enumerate(
    [
        "senin monday mon",
        "selasa tuesday tue",
        "rabu wednesday wed",
        "kamis thursday thu",
        "jumat jumaat friday fri",
        "sabtu saturday sat",
        "minggu ahad sunday sun",
    ]
):
    for _name in _spelled.split():
        _WEEKDAYS[_name] = _num

_RELATIVE = {
    "hari ini": 0,
    "today": 0,
    "sekarang": 0,
    "besok": 1,
    "tomorrow": 1,
    "lusa": 2,
    "kemarin": -1,
    "yesterday": -1,
}
_FILLERS = {"tanggal", "tgl", "hari", "pada", "on", "the", "of", "dan"}
_RANGE_WORDS = {"sampai", "hingga", "until", "to", "till"}

_WEEKDAY_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

# A time: "pukul 09.00", "09:00", "21.45 WIB". With a dot it must carry
# "pukul"/"jam" or a zone, so that "13.02.2023" stays a date.
_TIME_RE = re.compile(
    r"(?P<kw>\b(?:pukul|pkl|jam|at)\b\.?\s*)?"
    r"(?<![\d/.:-])(?P<h>\d{1,2})(?P<sep>[.:])(?P<m>\d{2})(?![\d/.:])"
    r"(?:\s*(?P<tz>wib|wita|wit)\b)?",
    re.ASCII,
)
_ZONE_RE = re.compile(r"\b(wib|wita|wit)\b")
_TOKEN_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?!\d)|\d+|[a-z]+|[/.\-,()]|\S", re.ASCII)


@dataclass(frozen=True)
class ParsedDate:
    """How a date string was understood: a day or a span, with optional time."""

    start: dt.date
    end: dt.date
    time: str | None = None  # "09:00"
    timezone: str | None = None  # "WIB" | "WITA" | "WIT"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "time": self.time,
            "timezone": self.timezone,
        }


def today() -> dt.date:
    """Today's date: env ``KPUKOORD_TODAY`` (YYYY-MM-DD) when set, else the local date."""
    fixed = os.environ.get("KPUKOORD_TODAY", "").strip()
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise DateError(f"KPUKOORD_TODAY={fixed!r} is not a YYYY-MM-DD date") from None
    return dt.date.today()


# ---------------------------------------------------------------------------
# Parsing


@dataclass
class _Point:
    day: int
    month: int | None = None
    year: int | None = None
    explicit_year: bool = False


@dataclass
class _Tok:
    kind: str  # num iso month wd range sep word
    value: object
    raw: str


def _normalise(text: str) -> str:
    t = text.lower().strip()
    t = re.sub(r"['’‘`´]", "", t)  # jum'at -> jumat
    t = t.replace("–", "-").replace("—", "-").replace("\u00a0", " ")
    t = re.sub(r"\bs\s*[./]\s*d\b\.?", " sampai ", t)  # s.d. / s.d / s/d
    t = re.sub(r"\bsd\b", " sampai ", t)
    t = re.sub(r"\bsampai\s+dengan\b", " sampai ", t)
    return t


def _extract_time(t: str) -> tuple[str, str | None, str | None]:
    """Remove times (and 'sampai selesai') from t; return (rest, first time, zone)."""
    found_time: str | None = None
    zone: str | None = None

    def repl(m: re.Match[str]) -> str:
        nonlocal found_time, zone
        if m.group("sep") == "." and not (m.group("kw") or m.group("tz")):
            return m.group(0)  # "13.02" without pukul or zone: not a time
        h, mi = int(m.group("h")), int(m.group("m"))
        if h > 24 or mi > 59 or (h == 24 and mi):
            raise DateError(f"{m.group(0).strip()!r} is not a time of day")
        if found_time is None:
            found_time = f"{h % 24:02d}:{mi:02d}"
        if m.group("tz") and zone is None:
            zone = m.group("tz").upper()
        return " \x00 "

    t = _TIME_RE.sub(repl, t)
    # "09.00 - 12.00", "pukul 09.00 s.d. selesai": drop what followed the time
    t = re.sub(r"\x00\s*(?:-|sampai)\s*(?:\x00|selesai\b)", " ", t)
    t = re.sub(r"(?:-|sampai)\s*selesai\b", " ", t)
    t = t.replace("\x00", " ")

    def zone_repl(m: re.Match[str]) -> str:
        nonlocal zone
        if zone is None:
            zone = m.group(1).upper()
        return " "

    t = _ZONE_RE.sub(zone_repl, t)
    return t, found_time, zone


def _tokenise(t: str, original: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for raw in _TOKEN_RE.findall(t):
        if "-" in raw and raw[0].isdigit() and len(raw) >= 8:
            y, m, d = (int(p) for p in raw.split("-"))
            toks.append(_Tok("iso", (y, m, d), raw))
        elif raw.isascii() and raw.isdigit():
            toks.append(_Tok("num", int(raw), raw))
        elif raw in _MONTHS:
            toks.append(_Tok("month", _MONTHS[raw], raw))
        elif raw in _WEEKDAYS:
            toks.append(_Tok("wd", _WEEKDAYS[raw], raw))
        elif raw in _RANGE_WORDS:
            toks.append(_Tok("range", None, raw))
        elif raw in "/.-":
            toks.append(_Tok("sep", raw, raw))
        elif raw in ",()":
            continue  # decoration: "Jumat, (04/10/24)"
        elif raw in _FILLERS:
            continue
        elif raw.isalpha():
            toks.append(_Tok("word", raw, raw))
        else:
            raise DateError(f"cannot read date {original!r}: unexpected {raw!r}")
    # A dateline or prose before the date ("Belopa, 03 Oktober 2025") is dropped.
    while toks and toks[0].kind in ("word", "sep"):
        toks.pop(0)
    # A lone dot after a word ("Sept.") is decoration; a dash between words is a range.
    cleaned: list[_Tok] = []
    for i, tok in enumerate(toks):
        if tok.kind == "sep":
            prev = toks[i - 1] if i else None
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            both_num = prev is not None and nxt is not None
            both_num = both_num and prev.kind == "num" and nxt.kind == "num"  # type: ignore[union-attr]
            if tok.value == "." and not both_num:
                continue
            if tok.value == "-" and not both_num:
                cleaned.append(_Tok("range", None, "-"))
                continue
        cleaned.append(tok)
    return cleaned


class _Parser:
    def __init__(self, toks: list[_Tok], original: str) -> None:
        self.toks = toks
        self.i = 0
        self.original = original

    def fail(self, why: str) -> DateError:
        return DateError(f"cannot read date {self.original!r}: {why}")

    def peek(self, k: int = 0) -> _Tok | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def at(self, kind: str, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok is not None and tok.kind == kind

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def weekdays(self) -> list[int]:
        """'Jumat', 'Jumat-Sabtu', 'Selasa s.d Kamis' -> weekday numbers."""
        days: list[int] = []
        if self.at("wd"):
            days.append(int(self.take().value))  # type: ignore[call-overload]
            if self.at_range() and self.at("wd", 1):
                self.take()
                days.append(int(self.take().value))  # type: ignore[call-overload]
        return days

    def point(self) -> _Point:
        tok = self.peek()
        if tok is None:
            raise self.fail("a day is missing")
        if tok.kind == "iso":
            self.take()
            y, m, d = cast("tuple[int, int, int]", tok.value)
            return _Point(d, m, y, True)
        if tok.kind != "num":
            raise self.fail(f"expected a day, found {tok.raw!r}")
        self.take()
        day = int(tok.value)  # type: ignore[call-overload]
        if len(tok.raw) > 2:
            raise self.fail(f"{tok.raw!r} is not a day of the month")
        sep = self.peek()
        if sep is not None and sep.kind == "sep" and self.at("num", 1):
            # numeric forms: d/m[/y], d-m-y, d.m.y
            has_third = self.at("sep", 2) and self.peek(2).value == sep.value and self.at("num", 3)  # type: ignore[union-attr]
            if has_third or sep.value == "/":
                self.take()
                month = int(self.take().value)  # type: ignore[call-overload]
                year = None
                if has_third:
                    self.take()
                    ytok = self.take()
                    year = _full_year(ytok.raw, self)
                return _Point(day, month, year, year is not None)
        if self.at("month"):
            month = int(self.take().value)  # type: ignore[call-overload]
            year = None
            if self.at("num") and len(self.peek().raw) == 4:  # type: ignore[union-attr]
                year = int(self.take().value)  # type: ignore[call-overload]
            return _Point(day, month, year, year is not None)
        return _Point(day)

    def at_range(self) -> bool:
        """A range word, or a dash that no numeric date consumed ("5-6 Juli")."""
        tok = self.peek()
        return tok is not None and (tok.kind == "range" or (tok.kind, tok.value) == ("sep", "-"))

    def starts_point(self) -> bool:
        return self.at("num") or self.at("iso")


def _full_year(raw: str, parser: _Parser) -> int:
    if len(raw) == 2:
        return 2000 + int(raw)
    if len(raw) == 4:
        return int(raw)
    raise parser.fail(f"{raw!r} is not a year")


def _make(point: _Point, original: str) -> dt.date:
    assert point.month is not None and point.year is not None
    try:
        return dt.date(point.year, point.month, point.day)
    except ValueError:
        raise DateError(
            f"cannot read date {original!r}: day {point.day} month {point.month} "
            f"year {point.year} is not a date"
        ) from None


def _nearest_year(day: int, month: int, weekday: int | None, ref: dt.date, original: str) -> int:
    best: tuple[int, int] | None = None
    for year in range(ref.year - 40, ref.year + 41):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if weekday is not None and d.weekday() != weekday:
            continue
        dist = abs((d - ref).days)
        if best is None or dist < best[0]:
            best = (dist, year)
    if best is None:
        raise DateError(f"cannot read date {original!r}: day {day} month {month} is not a date")
    return best[1]


def parse(text: str, *, ref: dt.date | None = None) -> ParsedDate:
    """Understand an Indonesian (or ISO) date, range, or relative word.

    ``ref`` is "today" for relative words and year-less dates (default :func:`today`).
    Raises :class:`DateError` with a one-line message on anything it cannot read.
    """
    if text is None or not str(text).strip():
        raise DateError("a date is required")
    original = str(text).strip()
    if len(original) > 200:
        raise DateError("cannot read date: text longer than 200 characters")
    ref = ref or today()
    t = _normalise(original)
    t, time_of_day, zone = _extract_time(t)

    bare = re.sub(r"[^a-z ]", " ", t)
    bare = " ".join(bare.split())
    if bare in _RELATIVE and not re.search(r"\d", t):
        d = ref + dt.timedelta(days=_RELATIVE[bare])
        return ParsedDate(d, d, time_of_day, zone)

    toks = _tokenise(t, original)
    if not toks:
        raise DateError(f"cannot read date {original!r}: no day found")
    p = _Parser(toks, original)
    wd_start = p.weekdays()
    start = p.point()
    end: _Point | None = None
    wd_end: list[int] = []
    if p.at_range():
        p.take()
        wd_end = p.weekdays()
        end = p.point()
    elif start.month is not None and p.starts_point():
        end = p.point()  # "12 Februari 15 April 2023": two dates side by side
    if p.peek() is not None:
        raise p.fail(f"unexpected {p.peek().raw!r}")  # type: ignore[union-attr]

    if end is None:
        if start.month is None:
            raise p.fail("the month is missing")
        end = start
        single = True
    else:
        single = False
        if end.month is None:
            raise p.fail("the month of the last day is missing")
        own_month = start.month is not None
        if start.month is None:
            start.month = end.month
        if start.year is None and end.year is not None:
            start.year = end.year
            if own_month and (start.month, start.day) > (end.month, end.day):
                start.year -= 1  # "28 Desember - 3 Januari 2025"
        if end.year is None and start.year is not None:
            end.year = start.year
            if (end.month, end.day) < (start.month, start.day):
                end.year += 1

    weekday_start = wd_start[0] if wd_start else None
    if len(wd_start) == 2 and wd_end == [] and not single:
        wd_end = [wd_start[1]]
    if start.year is None:
        assert start.month is not None
        start.year = _nearest_year(start.day, start.month, weekday_start, ref, original)
        if not single:
            assert end.month is not None
            end.year = start.year + (1 if (end.month, end.day) < (start.month, start.day) else 0)

    d_start = _make(start, original)
    d_end = d_start if single else _make(end, original)

    if weekday_start is not None and d_start.weekday() != weekday_start:
        raise DateError(
            f"cannot read date {original!r}: {d_start.isoformat()} is a "
            f"{_WEEKDAY_ID[d_start.weekday()]}, not {_WEEKDAY_ID[weekday_start]}"
        )
    if wd_end and d_end.weekday() != wd_end[0]:
        raise DateError(
            f"cannot read date {original!r}: {d_end.isoformat()} is a "
            f"{_WEEKDAY_ID[d_end.weekday()]}, not {_WEEKDAY_ID[wd_end[0]]}"
        )
    if single and len(wd_start) == 2:
        raise DateError(f"cannot read date {original!r}: two weekdays but one day")
    if d_end < d_start:
        raise DateError(
            f"cannot read date {original!r}: the end {d_end.isoformat()} is before "
            f"the start {d_start.isoformat()}"
        )
    return ParsedDate(d_start, d_end, time_of_day, zone)


def parse_day(text: str, *, ref: dt.date | None = None, what: str = "date") -> dt.date:
    """A single day; a range is an error here (e.g. a due date)."""
    parsed = parse(text, ref=ref)
    if parsed.start != parsed.end:
        raise DateError(f"{what} {text!r} is a range; give a single day")
    return parsed.start


def parse_time(text: str) -> tuple[str, str | None]:
    """'09.00 WITA', 'pukul 9:00', '09:00' -> ('09:00', 'WITA' | None)."""
    t = _normalise(text)
    m = re.fullmatch(
        r"\s*(?:(?:pukul|pkl|jam)\.?\s*)?(\d{1,2})[.:](\d{2})\s*(wib|wita|wit)?\s*"
        r"(?:(?:-|sampai)\s*(?:selesai|\d{1,2}[.:]\d{2}\s*(?:wib|wita|wit)?))?\s*",
        t,
    )
    if not m:
        raise DateError(f"cannot read time {text!r}: write it as 09.00 or 09:00 WITA")
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 23 or mi > 59:
        raise DateError(f"cannot read time {text!r}: not a time of day")
    return f"{h:02d}:{mi:02d}", (m.group(3).upper() if m.group(3) else None)


def check_timezone(zone: str) -> str:
    z = zone.strip().upper()
    if z not in TIMEZONES:
        raise DateError(f"unknown time zone {zone!r}: use WIB, WITA or WIT")
    return z


def iso_date(value: str, what: str = "date") -> dt.date:
    """A stored ISO date (used when reading files we wrote ourselves)."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DateError(f"{what} {value!r} is not a YYYY-MM-DD date") from None


# ---------------------------------------------------------------------------
# Weeks


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week containing day."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def parse_iso_week(text: str) -> dt.date:
    """'2024-W27' -> the Monday of that ISO week."""
    m = re.fullmatch(r"\s*(\d{4})-?[wW](\d{1,2})\s*", text)
    if not m:
        raise DateError(f"cannot read week {text!r}: write it as 2024-W27")
    try:
        return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise DateError(f"week {text!r} does not exist") from None


# ---------------------------------------------------------------------------
# Formatting. The names are CLDR's (Babel's ``get_day_names``/``get_month_names``,
# "wide", locales id and en), written out so that no command imports Babel at run
# time; tests/test_startup.py checks them against Babel.

_NAMES: dict[str, tuple[list[str], list[str]]] = {
    "id": (
        ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"],
    ),
    "en": (
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        ["January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"],
    ),
}  # fmt: skip


def names_for(lang: str) -> tuple[list[str], list[str]]:
    """(day names Monday first, month names January first) in id, else en."""
    return _NAMES["id" if lang == "id" else "en"]


def format_date(day: dt.date, lang: str = "id", *, weekday: bool = True) -> str:
    """'Jumat, 5 Juli 2024' (lang id) or 'Friday, 5 July 2024' (lang en)."""
    days, months = names_for(lang)
    text = f"{day.day} {months[day.month - 1]} {day.year}"
    return f"{days[day.weekday()]}, {text}" if weekday else text


def format_range(start: dt.date, end: dt.date, lang: str = "id", *, weekday: bool = True) -> str:
    """'Jumat–Sabtu, 5–6 Juli 2024'; a single day as :func:`format_date`."""
    if start == end:
        return format_date(start, lang, weekday=weekday)
    days, months = names_for(lang)
    wd = f"{days[start.weekday()]}–{days[end.weekday()]}, " if weekday else ""
    if (start.year, start.month) == (end.year, end.month):
        return f"{wd}{start.day}–{end.day} {months[end.month - 1]} {end.year}"
    if start.year == end.year:
        return (
            f"{wd}{start.day} {months[start.month - 1]} – "
            f"{end.day} {months[end.month - 1]} {end.year}"
        )
    return (
        f"{wd}{start.day} {months[start.month - 1]} {start.year} – "
        f"{end.day} {months[end.month - 1]} {end.year}"
    )


def format_short(day: dt.date, lang: str = "id") -> str:
    """'5 Jul 2024' for tables."""
    _, months = names_for(lang)
    return f"{day.day} {months[day.month - 1][:3]} {day.year}"
