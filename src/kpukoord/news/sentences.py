"""A news report's sentences, and the records a draft is made of.

How a report is cut into sentences (datelines, bylines, quotes blanked, long names
shortened) and the values a draft holds: entries, mentions of agencies, people.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from kpukoord.news import words
from kpukoord.record import field, record

_LEVEL = {"kabupaten", "kota", "provinsi", "kecamatan", "kelurahan", "desa", "se"}
_ABBREV = {"kab": "kabupaten", "prov": "provinsi", "propinsi": "provinsi", "kec": "kecamatan"}
_NO_SPLIT = frozenset(
    "pjs pj plh plt jl no dr drs ir h hj st sos si sh se mm mh mpd spd kab prov kec kel ds "
    "sdr bpk ny tn a b c d e f g i j k l m n o p q r s t u v w x y z".split()
)


@record
class Entry:
    """One drafted value: its file key, the value as the file writes it, its sentence."""

    key: str
    value: Any
    sentence: str | None = None
    note: str | None = None  # how the value follows from the sentence, when it is not said
    by: str | None = None  # who said it, when the draft could not match them (no by=)


@record
class Drafted:
    entries: list[Entry] = field(default_factory=list)
    unknown_agencies: list[tuple[str, str]] = field(default_factory=list)  # (name, sentence)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (what, sentence): stages...
    warnings: list[str] = field(default_factory=list)
    published: dt.date | None = None

    def values(self, key: str) -> list[Any]:
        return [e.value for e in self.entries if e.key == key]

    def value(self, key: str) -> Any:
        got = self.values(key)
        return got[0] if got else None


@record
class _Sentence:
    text: str  # as written (the comment)
    norm: str  # long names shortened, quotes blanked: what is matched
    para: int


@record
class _Mention:
    start: int
    end: int
    agency: str  # the agency's name in the database
    text: str


@record
class _Person:
    name: str
    agency: str | None
    position: str | None
    sentence: _Sentence
    start: int = 0
    roles: list[str] = field(default_factory=list)
    elsewhere: bool = False  # the title names another agency, one not found: not the host's
    represents: bool = False  # "X yang diwakili oleh NAME": X's, never the host's


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


# A comma inside a division's name: the position goes on ("Divisi Sosialisasi, Pendidikan
# Pemilih, Partisipasi Masyarakat dan SDM"); never before a name or another position.
_UNIT_GOES_ON = r",\s+(?=(?i:" + "|".join(sorted(words.UNIT_WORDS, key=len, reverse=True)) + r")\b)"


# ---------------------------------------------------------------------------
# Sentences


def _normalise(text: str) -> str:
    """Long names as the database writes them; '(Lutra)' after a name dropped."""
    for pattern, short in words.EXPANSIONS:
        text = re.sub(pattern, short, text)
    text = re.sub(r"\s*\((?:[A-Z][A-Za-z]{1,12})\)(?=[\s,.])", "", text)
    text = re.sub(words.HONORIFIC, "", text)
    text = re.sub(words.RANK, "", text)
    return re.sub(
        words.DEGREES,
        lambda m: m.group(0).rstrip()[-1:] if m.group(0).rstrip()[-1:] in ",." else "",
        text,
    )


def _blank_quotes(text: str) -> str:
    """Quoted words blanked (same length): what a speaker said names no attendee."""

    def blank(m: re.Match[str]) -> str:
        return m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1]

    text = re.sub(r"[“\"][^“”\"]*[”\"]", blank, text)
    return re.sub(r"^[“\"”][^“”\"]*$", lambda m: " " * len(m.group(0)), text)


def _split(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in re.finditer(r"[.!?][\"”’)]?\s+(?=[A-Z“\"(0-9])", paragraph):
        before = re.search(r"([A-Za-z]+)\.?[\"”’)]?\s*$", paragraph[start : m.start() + 1])
        degree = re.search(r"\b[SMD]r?\.\s?[A-Z][A-Za-z]{0,4}\.$", paragraph[start : m.start() + 1])
        if (
            before
            and before.group(1).lower() in _NO_SPLIT
            and paragraph[m.start()] == "."
            and not degree  # "..., S.Sos., M.Si. Hadir ...": a degree ends the sentence
        ):
            continue
        out.append(paragraph[start : m.end()].strip())
        start = m.end()
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out


_DATELINE = re.compile(
    r"^(?P<dl>[A-Z0-9][^\n]{1,80}?)\s*(?:\|\||\s[-–—]+\s|[-–—]{1,2}\s|\s[-–—]{1,2})\s*(?=\S)"
)


def _dateline(paragraph: str) -> tuple[str | None, str]:
    """('Luwu Utara', the rest) for 'LUWU UTARA - ...' or 'Luwu Utara, Senin (13/2/2023) — ...'."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None, paragraph
    dl = m.group("dl")
    plain = re.sub(r"\([^)]*\)", "", dl)
    for w in re.findall(r"[A-Za-z]+", plain):
        if w[0].islower() and not re.fullmatch(words.MONTH, w, re.I):
            return None, paragraph
    pieces = [p.strip() for p in dl.split(",") if p.strip()]
    place = None
    for p in pieces:
        if (
            re.search(r"\d", p)
            or re.match(words.WEEKDAY, p)
            or re.search(r"\.(?:COM|ID|NET)", p, re.I)
        ):
            continue
        place = p
    if place:
        place = re.sub(r"^(?:MC|TIM|HUMAS)\s+", "", place)
        place = place.title() if place.isupper() else place
    return place, paragraph if re.search(rf"{words.WEEKDAY}", dl) else paragraph[m.end() :]


def _byline_date(line: str) -> bool:
    from kpukoord.news.source import _date_of

    return len(line.split()) <= 7 and bool(re.search(r"\d{4}", line)) and bool(_date_of(line))


def _clause(text: str) -> str:
    t = text.strip().rstrip(".").strip(" ,")
    return t[0].upper() + t[1:] if t else t
