"""Reading a date as typed or written in the news: :func:`parse` (a day, a range, a
list of days, with times), :func:`parse_day` and :func:`parse_due`."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

from kpukoord.errors import DateError
from kpukoord.language.dates.days import ParsedDate, in_bounds, today
from kpukoord.language.dates.hijri import _extract_hijri
from kpukoord.language.dates.parser import (
    _check_consecutive,
    _check_weekday,
    _make,
    _month_span,
    _Parser,
    _Point,
    _tokenise,
    _turn_of_year,
    _year_for,
)
from kpukoord.language.dates.times import _TIME_RE, _extract_time, parse_time_range
from kpukoord.language.dates.words import _PART_OF_DAY, _RELATIVE, _normalise, _spelled_numbers
from kpukoord.language.i18n import _

_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse(
    text: str,
    *,
    ref: dt.date | None = None,
    ignore_weekday: bool = False,
    separate_days: bool = False,
) -> ParsedDate:
    """Understand an Indonesian (or ISO) date, range, or relative word.

    ``ref`` is "today" for relative words and year-less dates (default :func:`today`).
    Raises :class:`DateError` with a one-line message on anything it cannot read.
    ``ignore_weekday``: a weekday contradicting its date does not stop it; the date
    as written stands and ``weekday_ignored`` says what was contradicted.
    ``separate_days`` (a meeting's date): a list of days with gaps is read as those
    days (``days``) instead of being an error; a day repeated or out of order still is.
    """
    if text is None or not str(text).strip():
        raise DateError(_("a date is required"))
    original = str(text).strip()
    if len(original) > 200:
        raise DateError(_("cannot read date: text longer than 200 characters"))
    if _ISO_RE.fullmatch(original):  # the stored form (imports of our own exports): fast
        try:
            day = dt.date.fromisoformat(original)
            return ParsedDate(in_bounds(day, original), day)
        except ValueError:
            pass  # the general path says what is wrong with it
    try:
        parsed = _parse(
            original, ref or today(), [] if ignore_weekday else None, separate=separate_days
        )
        in_bounds(parsed.start, original)
        in_bounds(parsed.end, original)
        if separate_days and parsed.time and parsed.start != parsed.end:
            timed = _day_times(original, parsed, ref or today())
            if timed is not None:
                from kpukoord.record import replace

                parsed = replace(parsed, day_times=timed)
        return parsed
    except (ValueError, OverflowError):  # a year or day beyond the calendar (year 0, 9999+1)
        raise DateError(
            _("cannot read date {original!r}: outside the calendar").format(original=original)
        ) from None


def _parse(
    original: str, ref: dt.date, ignored: list[str] | None = None, *, separate: bool = False
) -> ParsedDate:
    t = _normalise(original)
    t = _spelled_numbers(t)
    t, hijri, hijri_text = _extract_hijri(t)
    t, time_of_day, end_time, zone = _extract_time(t)

    def result(start: dt.date, end: dt.date, days: tuple[dt.date, ...] | None = None) -> ParsedDate:
        note = "; ".join(dict.fromkeys(ignored)) if ignored else None
        return ParsedDate(start, end, time_of_day, zone, end_time, note, days)

    if not re.search(r"\d", t):
        words = [w for w in re.sub(r"[^a-z ]", " ", t).split() if w not in _PART_OF_DAY]
        bare = " ".join(words)
        if bare in _RELATIVE and hijri is None:
            d = ref + dt.timedelta(days=_RELATIVE[bare])
            return result(d, d)

    toks, hint = _tokenise(t, original)
    if hijri is not None and all(tok.kind in ("wd", "comma", "list") for tok in toks):
        # a Hijri date alone: Umm al-Qura, or a day either side when the weekday says so
        wds = [int(tok.value) for tok in toks if tok.kind == "wd"]  # type: ignore[call-overload]
        if len(wds) > 1:
            raise DateError(
                _("cannot read date {original!r}: two weekdays but one day").format(
                    original=original
                )
            )
        if wds:
            near = [hijri + dt.timedelta(days=k) for k in (0, 1, -1)]
            match = [d for d in near if d.weekday() == wds[0]]
            if not match:
                _check_weekday(hijri, wds[0], original, ignored)
            hijri = match[0] if match else hijri
        return result(hijri, hijri)
    if not toks:
        raise DateError(_("cannot read date {original!r}: no day found").format(original=original))
    span = _month_span(toks, original) if toks[0].kind == "month" else None
    if span is not None:
        if hijri is not None:
            raise DateError(
                _("cannot read date {original!r}: a Hijri date beside a whole month").format(
                    original=original
                )
            )
        return result(*span)
    lead = 0
    while lead < len(toks) and toks[lead].kind in ("wd", "comma", "list", "range"):
        lead += 1
    if (
        lead < len(toks)
        and toks[lead].kind == "month"
        and lead
        and _month_span(toks[lead:], original)
    ):
        raise DateError(
            _("cannot read date {original!r}: a weekday, but a whole month").format(
                original=original
            )
        )

    # One or more points joined by range words ("5 - 6 Juli") or lists ("30, 31 Agustus
    # dan 1 September"), each with its weekdays: "Jumat (5/7) hingga Minggu (7/7/2024)".
    p = _Parser(toks, original)
    wds = [p.weekdays()]
    points = [p.point()]
    joins: list[str] = []
    while True:
        p.skip_commas()
        if p.at_range() or p.at("list"):
            joins.append(p.take().kind)
            wds.append(p.weekdays())
            points.append(p.point())
        elif points[-1].month is not None and p.starts_point():
            joins.append("range")  # "12 Februari 15 April 2023": two dates side by side
            wds.append([])
            points.append(p.point())
        elif p.at("wd"):
            save = p.i
            more = p.weekdays()
            if p.starts_point():  # "Rabu, 20, Kamis, 21 dan Jumat, 22 Desember 2023"
                joins.append("list")
                wds.append(more)
                points.append(p.point())
            elif (
                p.peek() is None
                and not wds[-1]
                and len(more) == 1
                and len(points) == 1
                and points[0].last in (None, points[0].day)
            ):  # "5 Juli 2024 (Jumat)": the weekday after its one day (after several days
                wds[-1] = more  # it could be any of them: refused below as unexpected)
            else:
                p.i = save
                break
        else:
            break
    if p.peek() is not None:
        raise p.fail(_("unexpected {raw!r}").format(raw=p.peek().raw))  # type: ignore[union-attr]
    if points[-1].month is None:
        raise p.fail(
            _("the month is missing")
            if len(points) == 1
            else _("the month of the last day is missing")
        )

    # Months and years come from the right ("5 - 6 Juli 2024"); a start later in the
    # year than what follows goes back a year only across a year end.
    for a, b in zip(points[-2::-1], points[:0:-1], strict=True):
        own_month = a.month is not None
        if a.month is None:
            a.month = b.month
        if a.year is None and b.year is not None:
            a.year = b.year
            assert a.month is not None and b.month is not None
            if (
                own_month
                and (a.month, a.day) > (b.month, b.day)
                and _turn_of_year(a.month, b.month)
            ):
                a.year -= 1  # "28 Desember - 3 Januari 2025"
    first = points[0]
    assert first.month is not None
    if first.year is None:
        # (a weekday to be ignored does not choose the year either)
        weekday = wds[0][0] if wds[0] and ignored is None else None
        first.year = _year_for(first.day, first.month, weekday, ref, hint, original)
    for a, b in pairwise(points):
        if b.year is None:  # "28 Desember 2024 - 3 Januari": onwards from the start's year
            assert a.month is not None and b.month is not None and a.year is not None
            b.year = a.year
            if (b.month, b.day) < (a.month, a.day) and _turn_of_year(a.month, b.month):
                b.year += 1

    if not separate:
        for point in points:
            _check_consecutive(point, original)
    firsts = [_make(point, original) for point in points]
    lasts = [_make(point, original, point.last) for point in points]
    d_start, d_end = firsts[0], lasts[-1]
    days = _separate_days(points, joins, firsts, original) if separate else None
    for i, wd in enumerate(wds):
        if wd:
            _check_weekday(
                firsts[i] if i < len(points) - 1 or len(points) == 1 else lasts[i],
                wd[0],
                original,
                ignored,
            )
    if len(wds[0]) >= 2 and not any(wds[1:]):
        if d_start == d_end:
            raise DateError(
                _("cannot read date {original!r}: two weekdays but one day").format(
                    original=original
                )
            )
        _check_weekday(d_end, wds[0][-1], original, ignored)  # "Jumat-Sabtu 5-6 Juli 2024"
    for i, join in enumerate(joins):
        if lasts[i + 1] < firsts[i] or (join == "range" and firsts[i + 1] < lasts[i]):
            raise DateError(
                _(
                    "cannot read date {original!r}: the end {value0} is before the start {value1}"
                ).format(
                    original=original, value0=lasts[i + 1].isoformat(), value1=firsts[i].isoformat()
                )
            )
        if not separate and join == "list" and firsts[i + 1] != lasts[i] + dt.timedelta(days=1):
            raise DateError(
                _(
                    "cannot read date {original!r}: the listed days are not consecutive; a date here is one day or one unbroken span (record separate days separately)"
                ).format(original=original)
            )
    if days is not None and len(wds) == 1 and len(wds[0]) == len(days):
        # "Kamis, Jumat dan Senin, 21, 22 dan 25 Desember 2023": a weekday for each day
        for day, wd in zip(days, wds[0], strict=True):
            _check_weekday(day, wd, original, ignored)
    if hijri is not None:
        if d_start != d_end:
            raise DateError(
                _("cannot read date {original!r}: a Hijri date beside a range").format(
                    original=original
                )
            )
        gap = abs((d_start - hijri).days)
        if gap > 1:
            raise DateError(
                _(
                    "cannot read date {original!r}: {hijri_text!r} is {value0} (Umm al-Qura), {gap} days from {value1}"
                ).format(
                    original=original,
                    hijri_text=hijri_text,
                    value0=hijri.isoformat(),
                    gap=gap,
                    value1=d_start.isoformat(),
                )
            )
    return result(d_start, d_end, days)


def _day_times(
    original: str, parsed: ParsedDate, ref: dt.date
) -> tuple[tuple[dt.date, str | None, str | None], ...] | None:
    """Each day's own time when the phrase gives a time after each part: "Kamis, 21
    Desember 2023 pukul 09.00 dan Jumat, 22 Desember 2023 pukul 13.00-16.00". None when
    it gives one time (it is every day's), or its parts do not each read as days."""
    t = _spelled_numbers(_normalise(original))
    times = [
        m
        for m in _TIME_RE.finditer(t)
        if m.group("colona") or m.group("kw") or m.group("tza") or m.group("hb") is not None
    ]
    if len(times) < 2 or re.search(r"\d", t[times[-1].end() :]):
        return None
    days = list(parsed.days or [])
    if not days:
        days = [
            parsed.start + dt.timedelta(days=k) for k in range((parsed.end - parsed.start).days + 1)
        ]
    out: list[tuple[dt.date, str | None, str | None]] = []
    begin = 0
    for m in times:
        part = re.sub(r"^[\s,;]*(?:(?:dan|serta|and|&)\b)?[\s,;]*", "", t[begin : m.start()])
        begin = m.end()
        try:
            piece = parse(part, ref=ref, ignore_weekday=True, separate_days=True)
            start, end, _zone = parse_time_range(m.group(0))
        except DateError:
            return None
        span = list(piece.days or []) or [
            piece.start + dt.timedelta(days=k) for k in range((piece.end - piece.start).days + 1)
        ]
        out += [(d, start, end) for d in span]
    return tuple(out) if [d for d, _s, _e in out] == days else None


def _separate_days(
    points: list[_Point], joins: list[str], firsts: list[dt.date], original: str
) -> tuple[dt.date, ...] | None:
    """Every day of a date whose listed days have gaps ("21, 22 dan 25 Desember"), in
    order; None when they make one unbroken span. A day given twice or before the one
    listed ahead of it is an error naming it."""
    seq: list[dt.date] = []
    for i, point in enumerate(points):
        listed = [_make(point, original, d) for d in point.days] if point.days else [firsts[i]]
        if i and joins[i - 1] != "list" and seq:  # a range ("hingga", "-")
            if listed[0] <= seq[-1]:
                return None  # a range ending before it starts: the caller's error
            gap = (listed[0] - seq[-1]).days
            seq += [seq[-1] + dt.timedelta(days=k) for k in range(1, gap)]
        seq += listed
    for a, b in pairwise(seq):
        if b == a:
            raise DateError(
                _("cannot read date {original!r}: the day {day} is listed twice").format(
                    original=original, day=b.isoformat()
                )
            )
        if b < a:
            raise DateError(
                _("cannot read date {original!r}: the day {day} is listed after {prev}").format(
                    original=original, day=b.isoformat(), prev=a.isoformat()
                )
            )
    if (seq[-1] - seq[0]).days == len(seq) - 1:
        return None
    return tuple(seq)


def parse_day(text: str, *, ref: dt.date | None = None, what: str | None = None) -> dt.date:
    """A single day; a range is an error here (e.g. a due date). ``what``: an option's name."""
    parsed = parse(text, ref=ref)
    if parsed.start != parsed.end:
        raise DateError(
            _("{what} {text!r} is a range; give a single day").format(
                what=what or _("date"), text=text
            )
        )
    return parsed.start


# A deadline "sebelum 27 Januari" (before the 27th) means done by the 26th.
_BEFORE_RE = re.compile(r"\s*(?:sebelum|before)\b\s*(?:tanggal\s+|tgl\.?\s*)?", re.IGNORECASE)


def parse_due(text: str, *, ref: dt.date | None = None, what: str | None = None) -> dt.date:
    """A follow-up's deadline: a single day (:func:`parse_day`); "sebelum 27 Januari 2024"
    is the day before, 26 January ("paling lambat 27 Januari" is the 27th itself)."""
    m = _BEFORE_RE.match(text)
    if m and m.end() < len(text):
        return parse_day(text[m.end() :], ref=ref, what=what) - dt.timedelta(days=1)
    return parse_day(text, ref=ref, what=what)
