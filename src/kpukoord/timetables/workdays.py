"""Indonesia's national holidays and cuti bersama, and the working days they leave.

One calendar for the weekly report's holiday list, series that skip holidays and the
expected dates of recurring stages ("the first working days after each quarter").
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path


def holidays_of(year: int) -> list[tuple[str, str]]:
    """Indonesia's national holidays and cuti bersama of a year (``holidays``, language id).

    Importing the package costs ~0.15 s, more than the rest of a report, so the
    list is cached per year in the user cache directory, keyed by the package's
    Indonesia data file (its size and time), which is read without importing it.
    """
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    origin = spec.origin if spec else None
    cache_file = None
    if origin:
        data = Path(origin).parent / "countries" / "indonesia.py"
        try:
            st = data.stat()
            from platformdirs import user_cache_path

            cache_file = user_cache_path("kpukoord", appauthor=False) / (
                f"holidays-ID-{year}-{st.st_size}-{int(st.st_mtime)}.json"
            )
            return [tuple(x) for x in json.loads(cache_file.read_text(encoding="utf-8"))]
        except (OSError, ValueError):
            pass
    import holidays

    cal = holidays.country_holidays(
        "ID", years=[year], language="id", categories=("public", "government")
    )
    items = [(d.isoformat(), name) for d, name in sorted(cal.items())]
    if cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
            tmp.replace(cache_file)
        except OSError:
            pass  # a read-only cache only costs time
    return items


@cache
def _off_days(year: int) -> frozenset[str]:
    return frozenset(d for d, _name in holidays_of(year))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a national holiday or cuti bersama."""
    return day.weekday() < 5 and day.isoformat() not in _off_days(day.year)


def working_days_after(day: dt.date, first: int, last: int) -> tuple[dt.date, dt.date]:
    """The ``first``-th and ``last``-th working days after ``day`` (1 = the first one)."""
    out: list[dt.date] = []
    d = day
    while len(out) < last:
        d += dt.timedelta(days=1)
        if is_working_day(d):
            out.append(d)
    return out[first - 1], out[last - 1]
