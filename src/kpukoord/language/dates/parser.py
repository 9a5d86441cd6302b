"""The grammar of a written date: its tokens, the points (a day, a list of days, a
month, a year) and the rules for a missing year, a weekday and a whole month."""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

from kpukoord.errors import DateError
from kpukoord.language.dates.words import (
    _FILLERS,
    _FUTURE_WORDS,
    _LIST_WORDS,
    _MONTHS,
    _PAST_WORDS,
    _RANGE_WORDS,
    _WEEKDAY_ID,
    _WEEKDAYS,
    _fuzzy_month,
)
from kpukoord.language.dates.writing import names_for
from kpukoord.language.i18n import _
from kpukoord.language.i18n import language as i18n_language
from kpukoord.record import record

_TOKEN_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?!\d)|\d+|[a-z]+|[/.\-,()&:;]|\S", re.ASCII)


# ---------------------------------------------------------------------------
# Parsing


@record
class _Point:
    day: int
    month: int | None = None
    year: int | None = None
    explicit_year: bool = False
    last: int | None = None  # the last day of a list ("14, 15 dan 16 Desember")
    days: tuple[int, ...] = ()  # every listed day, when more than one


@record
class _Tok:
    kind: str  # num iso month wd range list sep word
    value: object
    raw: str


def _tokenise(t: str, original: str) -> tuple[list[_Tok], int]:
    """Tokens of the date, and a hint: +1 'mendatang', -1 'lalu', 0 none."""
    toks: list[_Tok] = []
    hint = 0
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
        elif raw in _LIST_WORDS:
            toks.append(_Tok("list", None, raw))
        elif raw in "/.-":
            toks.append(_Tok("sep", raw, raw))
        elif raw in ",():;•·":
            toks.append(_Tok("comma", raw, raw))  # decoration, but it ends a list of days
        elif raw in _FUTURE_WORDS or raw in _PAST_WORDS:
            hint = 1 if raw in _FUTURE_WORDS else -1
        elif raw in _FILLERS:
            continue
        elif raw.isalpha():
            toks.append(_Tok("word", raw, raw))
        else:
            raise DateError(
                _("cannot read date {original!r}: unexpected {raw!r}").format(
                    original=original, raw=raw
                )
            )
    # A misspelled month stands next to a number: "14 Nvember 2024", "Agust 17, 2024".
    solid = [i for i, tok in enumerate(toks) if tok.kind != "comma"]
    for k, i in enumerate(solid):
        if toks[i].kind != "word":
            continue
        near = [toks[solid[j]] for j in (k - 1, k + 1) if 0 <= j < len(solid)]
        if any(n.kind == "num" for n in near):
            month = _fuzzy_month(str(toks[i].value))
            if month is not None:
                toks[i] = _Tok("month", month, toks[i].raw)
    # A dateline or prose before the date ("MAKASSAR, Kamis", "Belopa, 03 Oktober
    # 2025", "hingga 24 Juli") and separators after it ("... 2024 | 11:57 WIB") are dropped.
    while toks and toks[0].kind in ("word", "sep", "comma", "range", "list"):
        toks.pop(0)
    while toks and toks[-1].kind in ("sep", "comma", "range", "list"):
        toks.pop()
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
    return cleaned, hint


class _Parser:
    def __init__(self, toks: list[_Tok], original: str) -> None:
        self.toks = toks
        self.i = 0
        self.original = original

    def fail(self, why: str) -> DateError:
        return DateError(
            _("cannot read date {original!r}: {why}").format(original=self.original, why=why)
        )

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

    def skip_commas(self) -> None:
        while self.at("comma"):
            self.i += 1

    def weekdays(self) -> list[int]:
        """'Jumat', 'Jumat-Sabtu', 'Selasa s.d Kamis', 'Sabtu dan Minggu' -> weekday numbers."""
        days: list[int] = []
        self.skip_commas()
        if self.at("wd"):
            days.append(int(self.take().value))  # type: ignore[call-overload]
            while True:
                self.skip_commas()
                if (self.at_range() or self.at("list")) and self.at("wd", 1):
                    self.take()
                elif not self.at("wd"):
                    break
                days.append(int(self.take().value))  # type: ignore[call-overload]
            if self.at("sep") and self.peek().value == "/" and self.at("num", 1):  # type: ignore[union-attr]
                self.take()  # "Hari/Tanggal: Jumat/5 Juli 2024"
        self.skip_commas()
        return days

    def point(self) -> _Point:
        self.skip_commas()
        tok = self.peek()
        if tok is None:
            raise self.fail(_("a day is missing"))
        if tok.kind == "iso":
            self.take()
            y, m, d = cast("tuple[int, int, int]", tok.value)
            return _Point(d, m, y, True)
        if tok.kind == "month" and self.at("num", 1) and len(self.peek(1).raw) <= 2:  # type: ignore[union-attr]
            # month first: "Maret 01, 2024", "Juli 8, 2024"
            month = int(self.take().value)  # type: ignore[call-overload]
            day = int(self.take().value)  # type: ignore[call-overload]
            self.skip_commas()
            year = None
            if self.at("num") and len(self.peek().raw) == 4:  # type: ignore[union-attr]
                year = int(self.take().value)  # type: ignore[call-overload]
            return _Point(day, month, year, year is not None)
        if tok.kind != "num":
            raise self.fail(_("expected a day, found {raw!r}").format(raw=tok.raw))
        self.take()
        day = int(tok.value)  # type: ignore[call-overload]
        if len(tok.raw) > 2:
            raise self.fail(_("{raw!r} is not a day of the month").format(raw=tok.raw))
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
        days = [day]
        while True:  # a list of days: "30, 31 Agustus", "14, 15 dan 16 Desember"
            k = 0
            while self.at("comma", k):
                k += 1
            if self.at("list", k):
                k += 1
            nxt = self.peek(k)
            if k and nxt is not None and nxt.kind == "num" and len(nxt.raw) <= 2:
                self.i += k
                self.take()
                days.append(int(nxt.value))  # type: ignore[call-overload]
            else:
                break
        self.skip_commas()
        point = _Point(day, last=days[-1], days=tuple(days) if len(days) > 1 else ())
        if self.at("month"):
            point.month = int(self.take().value)  # type: ignore[call-overload]
            self.skip_commas()
            if self.at("num") and len(self.peek().raw) == 4:  # type: ignore[union-attr]
                point.year = int(self.take().value)  # type: ignore[call-overload]
                point.explicit_year = True
        elif len(days) > 1:
            raise self.fail(_("the month of the listed days is missing"))
        return point

    def at_range(self) -> bool:
        """A range word, or a dash that no numeric date consumed ("5-6 Juli")."""
        tok = self.peek()
        return tok is not None and (tok.kind == "range" or (tok.kind, tok.value) == ("sep", "-"))

    def starts_point(self) -> bool:
        self.skip_commas()
        return self.at("num") or self.at("iso") or (self.at("month") and self.at("num", 1))


def _full_year(raw: str, parser: _Parser) -> int:
    if len(raw) == 2:
        return 2000 + int(raw)
    if len(raw) == 4:
        return int(raw)
    raise parser.fail(_("{raw!r} is not a year").format(raw=raw))


def _make(point: _Point, original: str, day: int | None = None) -> dt.date:
    assert point.month is not None and point.year is not None
    try:
        return dt.date(point.year, point.month, point.day if day is None else day)
    except ValueError:
        raise DateError(
            _(
                "cannot read date {original!r}: day {value0} month {month} year {year} is not a date"
            ).format(
                original=original,
                value0=point.day if day is None else day,
                month=point.month,
                year=point.year,
            )
        ) from None


def _year_for(
    day: int, month: int, weekday: int | None, ref: dt.date, hint: int, original: str
) -> int:
    """The year of a date written without one.

    With a weekday: the year, within a year of today, in which the date falls on
    that weekday (else an error saying which weekday it is this year). Without:
    the nearest year; 'mendatang' takes the next, 'lalu' the last.
    """
    candidates: list[tuple[int, int]] = []
    for year in range(ref.year - 4, ref.year + 5):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        gap = (d - ref).days
        if weekday is not None and (d.weekday() != weekday or abs(gap) > 366):
            continue
        if (hint > 0 and gap < 0) or (hint < 0 and gap > 0):
            continue
        candidates.append((abs(gap), year))
    if candidates:
        return min(candidates)[1]
    try:
        dt.date(2024, month, day)
    except ValueError:
        raise DateError(
            _("cannot read date {original!r}: day {day} month {month} is not a date").format(
                original=original, day=day, month=month
            )
        ) from None
    if weekday is None:
        raise DateError(
            _(
                "cannot read date {original!r}: {day}/{month} is not {value0} within a year; write the year"
            ).format(
                original=original, day=day, month=month, value0="ahead" if hint > 0 else "past"
            )
        )
    try:
        this_year = dt.date(ref.year, month, day)
        weekdays, _months = names_for(i18n_language())
        known = " " + _("({date} is a {weekday})").format(
            date=f"{day}/{month}/{ref.year}", weekday=weekdays[this_year.weekday()]
        )
    except ValueError:
        known = ""
    raise DateError(
        _(
            "cannot read date {original!r}: no {value0} {day}/{month} within a year of today{known}; write the year"
        ).format(original=original, value0=_WEEKDAY_ID[weekday], day=day, month=month, known=known)
    )


def _turn_of_year(start_month: int, end_month: int) -> bool:
    """A range written without the start's year may cross only a year end (Desember → Januari)."""
    return start_month == 12 or end_month == 1


def _month_span(toks: list[_Tok], original: str) -> tuple[dt.date, dt.date] | None:
    """'Juni 2022' (the whole month) or 'Juni - Agustus 2022', else None."""
    toks = [t for t in toks if t.kind != "comma"]
    kinds = [t.kind for t in toks]
    year_at = [i for i, t in enumerate(toks) if t.kind == "num" and len(t.raw) == 4]
    if kinds == ["month", "num"] and year_at == [1]:
        first = last = (int(toks[1].value), int(toks[0].value))  # type: ignore[call-overload]
    elif kinds in (["month", "range", "month", "num"], ["month", "num", "range", "month", "num"]):
        if year_at != [len(toks) - 1] and year_at != [1, 4]:
            return None
        end_year = int(toks[-1].value)  # type: ignore[call-overload]
        start_month, end_month = int(toks[0].value), int(toks[-2].value)  # type: ignore[call-overload]
        start_year = int(toks[1].value) if len(toks) == 5 else end_year  # type: ignore[call-overload]
        if len(toks) == 4 and start_month > end_month and _turn_of_year(start_month, end_month):
            start_year -= 1
        first, last = (start_year, start_month), (end_year, end_month)
    else:
        return None
    start = dt.date(first[0], first[1], 1)
    after = dt.date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
    end = after - dt.timedelta(days=1)
    if end < start:
        raise DateError(
            _(
                "cannot read date {original!r}: the end {value0} is before the start {value1}"
            ).format(original=original, value0=end.isoformat(), value1=start.isoformat())
        )
    return start, end


def _check_weekday(
    day: dt.date, weekday: int, original: str, ignored: list[str] | None = None
) -> None:
    """A weekday that contradicts its date is an error naming both readings: the date
    as written and the days that weekday falls on around it (newsrooms get either
    wrong). With ``ignored`` (--ignore-weekday) the date stands, and the contradiction
    is appended there for a warning instead."""
    if day.weekday() == weekday:
        return
    before = day - dt.timedelta(days=(day.weekday() - weekday) % 7)
    after = day + dt.timedelta(days=(weekday - day.weekday()) % 7)
    readings = _("{value0} is a {value1}, not {value2} (a {value2} is {before} or {after})").format(
        value0=day.isoformat(),
        value1=_WEEKDAY_ID[day.weekday()],
        value2=_WEEKDAY_ID[weekday],
        before=before.isoformat(),
        after=after.isoformat(),
    )
    if ignored is not None:
        ignored.append(readings)
        return
    raise DateError(
        _(
            "cannot read date {original!r}: {readings}; if the date is right, use --ignore-weekday"
        ).format(original=original, readings=readings)
    )


def _check_consecutive(point: _Point, original: str) -> None:
    days = point.days
    if any(days[i + 1] != days[i] + 1 for i in range(len(days) - 1)):
        listed = ", ".join(str(d) for d in days)
        raise DateError(
            _(
                "cannot read date {original!r}: the days {listed} are not consecutive; a date here is one day or one unbroken span (record separate days separately)"
            ).format(original=original, listed=listed)
        )
