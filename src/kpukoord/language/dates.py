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
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from itertools import pairwise
from typing import cast

from kpukoord.errors import DateError
from kpukoord.language.i18n import _
from kpukoord.language.i18n import language as i18n_language
from kpukoord.record import record

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
        "senin sen monday mon",
        "selasa sel tuesday tue",
        "rabu rab wednesday wed",
        "kamis kam thursday thu",
        "jumat jumaat jum friday fri",
        "sabtu sab saturday sat",
        "minggu mgg ahad sunday sun",
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
# Words that sit around or inside a date without changing it: prose ("pada hari
# ... tanggal ... bulan ... tahun ..."), part of the day ("Senin (18/3) malam") and
# reference words ("27 November mendatang", "Selasa (19/3) besok").
_FILLERS = {
    "tanggal",
    "tgl",
    "hari",
    "pada",
    "bulan",
    "tahun",
    "ini",
    "itu",
    "yang",
    "akan",
    "nanti",
    "tadi",
    "sejak",
    "mulai",
    "dari",
    "sekitar",
    "pukul",
    "pkl",
    "jam",
    "waktu",
    "setempat",
    "selesai",
    "pagi",
    "siang",
    "sore",
    "petang",
    "malam",
    "larut",
    "dini",
    "subuh",
    "besok",
    "kemarin",
    "lusa",
    "on",
    "the",
    "of",
    "at",
    "m",  # Masehi: "14 Februari 2024 M / 4 Sya'ban 1445 H"
    "masehi",
}
_PART_OF_DAY = {"pagi", "siang", "sore", "petang", "malam", "dini", "subuh", "nanti"}
# The parts of a day a report gives instead of a clock time ("Kamis (18/3/2024) malam"),
# kept as the meeting's part of day: the stored key (English, like every stored word)
# for each Indonesian word, and back.
DAY_PARTS = {
    "pagi": "morning",
    "siang": "midday",
    "sore": "afternoon",
    "petang": "evening",
    "malam": "night",
}
DAY_PART_WORDS = {v: k for k, v in DAY_PARTS.items()}


def part_of_day(text: str) -> str | None:
    """The part of the day a phrase names ("... malam" -> "night"; "night" itself), if any."""
    for w in re.findall(r"[a-z]+", _normalise(text)):
        if w in DAY_PARTS or w in DAY_PART_WORDS:
            return DAY_PARTS.get(w, w)
    return None


_FUTURE_WORDS = {"mendatang", "depan", "nanti"}
_PAST_WORDS = {"lalu", "silam", "kemarin"}
_RANGE_WORDS = {"sampai", "hingga", "until", "to", "till"}
_LIST_WORDS = {"dan", "serta", "and", "&"}

_WEEKDAY_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

# Month names a misspelling is measured against (bounded edit distance).
_MONTH_FULL: dict[str, int] = {
    name: num
    for num, spelled in enumerate(
        [
            "januari january",
            "februari pebruari febuari february",
            "maret march",
            "april",
            "mei may",
            "juni june",
            "juli july",
            "agustus august",
            "september",
            "oktober october",
            "november nopember",
            "desember december",
        ],
        start=1,
    )
    for name in spelled.split()
}
_WEEKDAY_FULL = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "ahad"]

# A clock time: "09.00", "9:00", "16:47:00" (seconds only with colons, so that
# "13.02.20" stays a date).
_CLOCK = (
    r"(?P<h{n}>\d{{1,2}})(?:(?P<colon{n}>:)(?P<m{n}>\d{{2}})(?::\d{{2}})?|\.(?P<dm{n}>\d{{2}}))"
    r"(?![\d/.:])"
)
_KW = r"(?:\b(?:pukul|pkl|jam|at)\b\.?\s*:?\s*)"
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
_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TOKEN_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?!\d)|\d+|[a-z]+|[/.\-,()&:;]|\S", re.ASCII)
# An ISO timestamp as in a page's metadata: "2024-02-14T10:30:00+07:00".
_ISO_STAMP_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})t(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(z|[+-]\d{2}:?\d{2})?(?![\d:])",
    re.ASCII,
)
_OFFSET_ZONES = {"+0700": "wib", "+0800": "wita", "+0900": "wit"}

# Spelled-out numbers ("sembilan belas", "dua ribu dua puluh empat").
_UNITS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_NUMBER_WORD_RE = re.compile(
    r"\b(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|"
    r"seratus|seribu|belas|puluh|ratus|ribu)\b(?:\s+(?:nol|satu|dua|tiga|empat|lima|enam|"
    r"tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|belas|puluh|ratus|ribu)\b)*"
)

# Hijri months as written in Indonesia (letters only, spaces and hyphens removed).
_HIJRI_MONTHS: dict[str, int] = {
    name: num
    for num, spelled in enumerate(
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
        ],
        start=1,
    )
    for name in spelled.split()
}
_HIJRI_HINT = re.compile(
    r"muhar|afar|apar|rabi|juma?d|rajab|s[yh]?a+k?ban|ramad|s[yh]?aw|[dz]h?ul", re.ASCII
)
_HIJRI_RE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s+([a-z]+(?:[\s-]+[a-z]+){0,2}?)\s+(\d{4})"
    r"(?:\s*(?:h|hijriah|hijriyah|hijri|ah)\b)?",
    re.ASCII,
)


@record(frozen=True)
class ParsedDate:
    """How a date string was understood: a day or a span, with optional times."""

    start: dt.date
    end: dt.date
    time: str | None = None  # "09:00"
    timezone: str | None = None  # "WIB" | "WITA" | "WIT"
    end_time: str | None = None  # "16:00" ("pukul 08.00 s.d 16.00"); may be "24:00"
    weekday_ignored: str | None = None  # what a contradicting weekday said (--ignore-weekday)
    # one meeting on separate days ("21, 22 dan 25 Desember 2023"): every day, in order
    # (start and end are the first and the last); None for one day or an unbroken span
    days: tuple[dt.date, ...] | None = None
    # each day with its own time ("21 Desember pukul 09.00 dan 22 Desember pukul 13.00"):
    # (day, start, end) for every day; None when the days share the phrase's one time
    day_times: tuple[tuple[dt.date, str | None, str | None], ...] | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "time": self.time,
            "end_time": self.end_time,
            "timezone": self.timezone,
        }


# Every date a user gives lies in these years: an election record outside them is a
# typo, and far dates break what is computed from them (calendars, countdowns).
MIN_YEAR, MAX_YEAR = 1900, 2100


def in_bounds(day: dt.date, original: str) -> dt.date:
    """The day itself, or an error when it lies outside MIN_YEAR..MAX_YEAR."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DateError(
            _(
                "date {original!r} ({value0}) is outside {MIN_YEAR}–{MAX_YEAR}; is the year mistyped?"
            ).format(
                original=original, value0=day.isoformat(), MIN_YEAR=MIN_YEAR, MAX_YEAR=MAX_YEAR
            )
        )
    return day


def today() -> dt.date:
    """Today's date: env ``KPUKOORD_TODAY`` (YYYY-MM-DD) when set, else the local date."""
    fixed = os.environ.get("KPUKOORD_TODAY", "").strip()
    if fixed:
        try:
            day = dt.date.fromisoformat(fixed)
        except ValueError:
            raise DateError(
                _("KPUKOORD_TODAY={fixed!r} is not a YYYY-MM-DD date").format(fixed=fixed)
            ) from None
        return in_bounds(day, f"KPUKOORD_TODAY={fixed}")
    return dt.date.today()


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


def _normalise(text: str) -> str:
    t = text.lower().strip()
    t = re.sub(r"['’‘`´]", "", t)  # jum'at -> jumat
    t = t.replace("–", "-").replace("—", "-").replace("\u00a0", " ")
    t = t.replace("|", " , ").replace("•", " , ").replace("·", " , ")  # byline separators
    if "t" in t and _ISO_STAMP_RE.search(t):
        t = _ISO_STAMP_RE.sub(_iso_stamp, t)
    t = re.sub(r"\bs\s*[./]\s*d\b\.?", " sampai ", t)  # s.d. / s.d / s/d
    t = re.sub(r"\bsd\b", " sampai ", t)
    t = re.sub(r"\bsampai\s+dengan\b", " sampai ", t)
    return t


def _iso_stamp(m: re.Match[str]) -> str:
    """'2024-02-14t10:30:00+07:00' -> '2024-02-14 10:30 wib' (other offsets: no zone)."""
    offset = (m.group(3) or "").replace(":", "")
    if offset and offset not in _OFFSET_ZONES:
        raise DateError(
            _(
                "cannot read date {value0!r}: its offset is not WIB (+07:00), WITA (+08:00) or WIT (+09:00)"
            ).format(value0=m.group(0).upper())
        )
    return f" {m.group(1)} {m.group(2)} {_OFFSET_ZONES.get(offset, '')} "


def _spelled_numbers(t: str) -> str:
    """'sembilan belas' -> '19', 'dua ribu dua puluh empat' -> '2024'."""

    def value(m: re.Match[str]) -> str:
        numbers: list[int] = []
        total = current = 0
        unit: int | None = None
        for w in m.group(0).split():
            if w in _UNITS:
                if unit is not None:  # "dua tiga": two numbers side by side
                    numbers.append(total + current + unit)
                    total = current = 0
                unit = _UNITS[w]
                continue
            if w == "belas":
                current += 10 + (unit or 0)
            elif w == "puluh":
                current += (1 if unit is None else unit) * 10
            elif w == "ratus":
                current += (1 if unit is None else unit) * 100
            elif w == "ribu":
                total += ((current + (unit or 0)) or 1) * 1000
                current = 0
            else:
                current += {"sepuluh": 10, "sebelas": 11, "seratus": 100}.get(w, 0)
                total += 1000 if w == "seribu" else 0
            unit = None
        numbers.append(total + current + (unit or 0))
        return " " + " ".join(str(n) for n in numbers) + " "

    return _NUMBER_WORD_RE.sub(value, t)


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

    t = _TIME_RE.sub(repl, t)
    t = re.sub(r"(?:-|sampai|hingga)\s*selesai\b", " ", t)

    def zone_repl(m: re.Match[str]) -> str:
        nonlocal zone
        if zone is None:
            zone = m.group(1).upper()
        return " "

    t = _ZONE_RE.sub(zone_repl, t)
    return t, found[0], found[1], zone


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap neighbours)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=256)
def _fuzzy_month(word: str) -> int | None:
    """A misspelled month ('nvember', 'desmber', 'agust'), or None when unsure.

    A prefix of four letters or more of exactly one month name counts; otherwise
    the edit distance must be at most 1 (words of 5-6 letters) or 2 (7 or more), to
    exactly one month, and no weekday may be as close.
    """
    if len(word) < 4 or word in _FILLERS:
        return None
    prefixed = {num for name, num in _MONTH_FULL.items() if name.startswith(word)}
    if len(prefixed) == 1:
        return prefixed.pop()
    if len(word) < 5:
        return None
    limit = 1 if len(word) <= 6 else 2
    best: dict[int, int] = {}
    for name, num in _MONTH_FULL.items():
        d = _edits(word, name)
        if d <= limit:
            best[num] = min(d, best.get(num, d))
    if not best:
        return None
    closest = min(best.values())
    months = [num for num, d in best.items() if d == closest]
    if len(months) != 1:
        return None  # as close to two months: not a guess to make
    if any(_edits(word, wd) <= closest for wd in _WEEKDAY_FULL):
        return None
    return months[0]


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
        else:
            break
    if p.peek() is not None:
        raise p.fail(_("unexpected {raw!r}").format(raw=p.peek().raw))  # type: ignore[union-attr]
    if points[-1].month is None:
        raise p.fail(
            "the month is missing" if len(points) == 1 else "the month of the last day is missing"
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


def parse_time(text: str) -> tuple[str, str | None]:
    """'09.00 WITA', 'pukul 9:00', '09:00' -> ('09:00', 'WITA' | None).

    A range ('pukul 08.00 s.d 16.00 waktu setempat') gives its start here; see
    :func:`parse_time_range` for the end.
    """
    start, _, zone = parse_time_range(text)
    return start, zone


def parse_time_range(text: str) -> tuple[str, str | None, str | None]:
    """'pukul 07.00 hingga 13.00 WIB' -> ('07:00', '13:00', 'WIB'); no end -> None."""
    t = re.sub(r"\bwaktu\s+setempat\b|\bmulai\b", " ", _normalise(text)).strip()
    m = _TIME_RE.fullmatch(t)
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


def iso_date(value: str, what: str | None = None) -> dt.date:
    """A stored ISO date (used when reading files we wrote ourselves)."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DateError(
            _("{what} {value!r} is not a YYYY-MM-DD date").format(
                what=what or _("date"), value=value
            )
        ) from None
    return in_bounds(day, value)


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
        raise DateError(_("cannot read week {text!r}: write it as 2024-W27").format(text=text))
    try:
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise DateError(_("week {text!r} does not exist").format(text=text)) from None
    return in_bounds(monday, text)


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
