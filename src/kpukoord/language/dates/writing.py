"""Dates written for people to read: 'Jumat, 5 Juli 2024', '5–6 Jul 2024',
'Kamis, Jumat dan Senin, 21, 22 dan 25 Desember 2023', 'pukul 09.00 WITA'."""

from __future__ import annotations

import datetime as dt

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


def separate(days: list[dt.date] | tuple[dt.date, ...] | None) -> bool:
    """Whether a meeting's days have gaps (are not one unbroken span)."""
    return bool(days) and days is not None and (days[-1] - days[0]).days != len(days) - 1


def format_days(days: list[dt.date] | tuple[dt.date, ...], lang: str = "id") -> str:
    """Separate days as the news writes them: 'Kamis, Jumat dan Senin, 21, 22 dan 25
    Desember 2023'; days of two months 'Sabtu, Minggu dan Selasa, 29, 30 Juni dan 2 Juli
    2024'; an unbroken span as :func:`format_range`."""
    if not separate(days):
        return format_range(days[0], days[-1], lang)
    names, months = names_for(lang)
    word = " dan " if lang == "id" else " and "

    def listed(items: list[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]

    groups: list[list[dt.date]] = []
    for d in days:
        if groups and (groups[-1][0].year, groups[-1][0].month) == (d.year, d.month):
            groups[-1].append(d)
        else:
            groups.append([d])
    one_year = days[0].year == days[-1].year
    parts = []
    for i, g in enumerate(groups):
        numbers = [str(d.day) for d in g]
        text = (listed(numbers) if len(groups) == 1 else ", ".join(numbers)) + (
            f" {months[g[0].month - 1]}"
        )
        if not one_year or i == len(groups) - 1:
            text += f" {g[0].year}"
        parts.append(text)
    return f"{listed([names[d.weekday()] for d in days])}, {listed(parts)}"


def format_short(day: dt.date, lang: str = "id") -> str:
    """'5 Jul 2024' for tables."""
    _, months = names_for(lang)
    return f"{day.day} {months[day.month - 1][:3]} {day.year}"


def from_iso(value: str | None) -> dt.date | None:
    """A stored ISO date (``YYYY-MM-DD``) as a date; None stays None."""
    return dt.date.fromisoformat(value) if value else None


def format_span(start: str | None, end: str | None, lang: str = "id", *, empty: str = "—") -> str:
    """Stored ISO dates as a short span: '5 Jul 2024', '5–6 Jul 2024', '… – 6 Jul 2024'."""
    a, b = from_iso(start), from_iso(end)
    if a is None:
        return f"… – {format_short(b, lang)}" if b else empty
    if b is None or b == a:
        return format_short(a, lang)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{format_short(b, lang)}"
    return f"{format_short(a, lang)} – {format_short(b, lang)}"


def format_time(
    time: str | None, zone: str | None, lang: str = "id", end: str | None = None
) -> str:
    """A stored time as people write it: 'pukul 09.00–12.00 WITA' ('09:00–12:00 WITA')."""
    if not time:
        return ""
    span = f"{time}–{end}" if end else time
    text = f"pukul {span.replace(':', '.')}" if lang == "id" else span
    return f"{text} {zone}" if zone else text
