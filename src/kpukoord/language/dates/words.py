"""The words of a written date: month and weekday names with their spellings, the
words around a date that do not change it, parts of the day, spelled-out numbers and
misspelled months, and the normalising of a phrase before it is read."""

from __future__ import annotations

import re
from functools import lru_cache

from kpukoord.errors import DateError
from kpukoord.language.i18n import _


def spellings(numbered: list[str], start: int = 1) -> dict[str, int]:
    """Word -> number from a list whose each line spells one number's words (the first
    line is ``start``): the month and weekday tables here, Hijri months in ``hijri``."""
    return {name: num for num, spelled in enumerate(numbered, start) for name in spelled.split()}


_MONTHS = spellings(
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
    ]
)

_WEEKDAYS = spellings(
    [
        "senin sen monday mon",
        "selasa sel tuesday tue",
        "rabu rab wednesday wed",
        "kamis kam thursday thu",
        "jumat jumaat jum friday fri",
        "sabtu sab saturday sat",
        "minggu mgg ahad sunday sun",
    ],
    start=0,
)

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
_MONTH_FULL = spellings(
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
    ]
)
_WEEKDAY_FULL = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "ahad"]


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
