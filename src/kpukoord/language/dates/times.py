"""Times of day and time zones: 'pukul 09.00 WITA', '21:45 WIB', 'pukul 08.00 s.d
16.00 waktu setempat', '09.00 WITA s/d selesai'."""

from __future__ import annotations

import re

from kpukoord.errors import DateError
from kpukoord.language.dates.words import _normalise
from kpukoord.language.i18n import _

# Indonesian offices' time zones: name -> (IANA zone, UTC offset in hours).
TIMEZONES: dict[str, tuple[str, int]] = {
    "WIB": ("Asia/Jakarta", 7),
    "WITA": ("Asia/Makassar", 8),
    "WIT": ("Asia/Jayapura", 9),
}


# A clock time: "09.00", "9:00", "16:47:00" (seconds only with colons, so that
# "13.02.20" stays a date).
_CLOCK = (
    r"(?P<h{n}>\d{{1,2}})(?:(?P<colon{n}>:)(?P<m{n}>\d{{2}})(?::\d{{2}})?|\.(?P<dm{n}>\d{{2}}))"
    r"(?![\d/.:])"
)
_KW = r"(?:\b(?:pukul|pkl|pk|jam|at)\b\.?\s*:?\s*)"
# A time or time range: "pukul 09.00 WITA", "21:45 WIB", "pukul 08.00 sampai 16.00",
# "07.00-13.00", "pukul 09.00 WITA sampai selesai". A dotted time must carry
# pukul/jam, a zone or a second time, so that "13.02.2023" stays a date.
_TIME_RE = re.compile(
    rf"(?P<kw>{_KW})?(?<![\d/.:-])"
    + _CLOCK.format(n="a")
    + r"(?:\s*(?P<tza>wib|wita|wit)\b)?"
    + rf"(?:\s*(?:-|sampai|hingga|until|to)\s*(?:{_KW}?"
    + _CLOCK.format(n="b")
    + r"(?:\s*(?P<tzb>wib|wita|wit)\b)?|(?P<done>selesai)\b))?",
    re.ASCII,
)
_ZONE_RE = re.compile(r"\b(wib|wita|wit)\b")
# An hour said as words go: "pukul 9", "jam 2 siang", "pukul 7.30 malam" (a keyword is
# needed: a bare "9" is no time). Siang, sore and malam move an afternoon or evening
# hour past noon ("jam 2 siang" is 14.00, "pukul 7 malam" 19.00); the word stays.
_SPOKEN = re.compile(
    r"\b(?:pukul|pkl|pk|jam)\b\.?\s*(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?(?![\d.:])"
    r"(?:\s+(?P<part>pagi|siang|sore|petang|malam)\b)?",
    re.ASCII,
)


def _spoken(t: str) -> str:
    def repl(m: re.Match[str]) -> str:
        h, part = int(m.group("h")), m.group("part")
        if (part == "siang" and h <= 6) or (part in ("sore", "petang") and h < 12):
            h += 12
        elif part == "malam" and 6 <= h < 12:
            h += 12
        return f"pukul {h:02d}.{m.group('m') or '00'}" + (f" {part}" if part else "")

    return _SPOKEN.sub(repl, t)


def _extract_time(t: str) -> tuple[str, str | None, str | None, str | None]:
    """Remove times from t; return (rest, first time, end time, zone)."""
    found: list[str | None] = [None, None]
    zone: str | None = None

    def clock(m: re.Match[str], n: str) -> str:
        h = int(m.group(f"h{n}"))
        mi = int(m.group(f"m{n}") or m.group(f"dm{n}"))
        if h > 24 or mi > 59 or (h == 24 and mi):
            raise DateError(_("{value0!r} is not a time of day").format(value0=m.group(0).strip()))
        return f"{h:02d}:{mi:02d}"

    def repl(m: re.Match[str]) -> str:
        nonlocal zone
        dotted = not m.group("colona")
        second = m.group("hb") is not None
        if dotted and not (m.group("kw") or m.group("tza") or second):
            return m.group(0)  # "13.02" without pukul, zone or a second time: not a time
        if found[0] is None:
            start = clock(m, "a")
            found[0] = "00:00" if start == "24:00" else start
            if second:
                found[1] = clock(m, "b")
        for tz in (m.group("tza"), m.group("tzb")):
            if tz and zone is None:
                zone = tz.upper()
        return " , "

    t = _TIME_RE.sub(repl, _spoken(t))
    t = re.sub(r"(?:-|sampai|hingga)\s*selesai\b", " ", t)

    def zone_repl(m: re.Match[str]) -> str:
        nonlocal zone
        if zone is None:
            zone = m.group(1).upper()
        return " "

    t = _ZONE_RE.sub(zone_repl, t)
    return t, found[0], found[1], zone


def parse_time(text: str) -> tuple[str, str | None]:
    """'09.00 WITA', 'pukul 9:00', '09:00' -> ('09:00', 'WITA' | None).

    A range ('pukul 08.00 s.d 16.00 waktu setempat') gives its start here; see
    :func:`parse_time_range` for the end.
    """
    start, _, zone = parse_time_range(text)
    return start, zone


def parse_time_range(text: str) -> tuple[str, str | None, str | None]:
    """'pukul 07.00 hingga 13.00 WIB' -> ('07:00', '13:00', 'WIB'); no end -> None."""
    t = re.sub(r"\bwaktu\s+setempat\b|\bmulai\b", " ", _spoken(_normalise(text)))
    t = re.sub(r"\s+(?:pagi|siang|sore|petang|malam)\b", " ", t).strip()  # said in the hour
    m = _TIME_RE.fullmatch(" ".join(t.split()))
    if not m:
        raise DateError(
            _("cannot read time {text!r}: write it as 09.00 or 09:00 WITA").format(text=text)
        )
    h, mi = int(m.group("ha")), int(m.group("ma") or m.group("dma"))
    if h > 23 or mi > 59:
        raise DateError(_("cannot read time {text!r}: not a time of day").format(text=text))
    end = None
    if m.group("hb") is not None:
        eh, emi = int(m.group("hb")), int(m.group("mb") or m.group("dmb"))
        if eh > 24 or emi > 59 or (eh == 24 and emi):
            raise DateError(
                _("cannot read time {text!r}: the end is not a time of day").format(text=text)
            )
        end = f"{eh:02d}:{emi:02d}"
    zone = m.group("tza") or m.group("tzb")
    return f"{h:02d}:{mi:02d}", end, (zone.upper() if zone else None)


def check_timezone(zone: str) -> str:
    z = zone.strip().upper()
    if z not in TIMEZONES:
        raise DateError(_("unknown time zone {zone!r}: use WIB, WITA or WIT").format(zone=zone))
    return z
