"""Hijri dates as written in Indonesia ('4 Sya'ban 1445 H'), read as Umm al-Qura
through hijridate, which is imported only when a Hijri date is written."""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

from kpukoord.errors import DateError
from kpukoord.language.dates.words import spellings
from kpukoord.language.i18n import _

# Hijri months as written in Indonesia (letters only, spaces and hyphens removed).
_HIJRI_MONTHS = spellings(
    [
        "muharram muharam",
        "safar shafar sapar",
        "rabiulawal rabiulawwal rabialawal rabialawwal",
        "rabiulakhir rabiulakhar rabiultsani rabiutstsani rabiulsani rabialakhir rabialthani",
        "jumadilawal jumadilula jumadalula jumadilawwal jumadaalula jumadalawal",
        "jumadilakhir jumadiltsani jumadilakhirah jumadalakhirah jumadaalakhirah "
        "jumaditstsani jumadalakhir",
        "rajab",
        "syaban syakban syaaban shaban saban",
        "ramadhan ramadan ramadlan",
        "syawal syawwal shawwal sawal",
        "dzulqadah dzulqaidah dzulqaedah dzulkaidah zulkaidah zulqaidah zulqadah "
        "dzulqodah dhulqadah dhulqaidah",
        "dzulhijjah dzulhijah zulhijjah zulhijah dhulhijjah",
    ]
)
_HIJRI_HINT = re.compile(
    r"muhar|afar|apar|rabi|juma?d|rajab|s[yh]?a+k?ban|ramad|s[yh]?aw|[dz]h?ul", re.ASCII
)
_HIJRI_RE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s+([a-z]+(?:[\s-]+[a-z]+){0,2}?)\s+(\d{4})"
    r"(?:\s*(?:h|hijriah|hijriyah|hijri|ah)\b)?",
    re.ASCII,
)


def _hijri_to_gregorian(day: int, month: int, year: int, written: str) -> dt.date:
    from hijridate import Hijri  # imported only when a Hijri date is written

    try:
        return cast("dt.date", Hijri(year, month, day).to_gregorian())
    except (ValueError, OverflowError) as exc:
        raise DateError(
            _("cannot read Hijri date {written!r}: {exc}").format(written=written, exc=exc)
        ) from None


def _extract_hijri(t: str) -> tuple[str, dt.date | None, str]:
    """Remove a Hijri date ('4 syaban 1445 h') from t; return (rest, its date, as written)."""
    found: list[tuple[dt.date, str]] = []

    def repl(m: re.Match[str]) -> str:
        month = _HIJRI_MONTHS.get(re.sub(r"[^a-z]", "", m.group(2)))
        if month is None or found:
            return m.group(0)
        written = m.group(0).strip()
        found.append(
            (_hijri_to_gregorian(int(m.group(1)), month, int(m.group(3)), written), written)
        )
        return " , "

    if _HIJRI_HINT.search(t):
        t = _HIJRI_RE.sub(repl, t)
    return (t, found[0][0], found[0][1]) if found else (t, None, "")
