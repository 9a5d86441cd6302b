"""The facts a news report states about one meeting, each with the sentence it came from.

Nothing here guesses: a value is drafted only when a sentence says it, and names that
match no agency in the database are listed for the operator instead of invented.
Agencies are matched as ``meeting add`` will look them up (names and aliases through
:mod:`kpukoord.language.names` keys); people are found by their position ("Ketua KPU Luwu Utara,
Syamsul Bachri", "Juniwandri selaku Komisioner ...") or by a name the database knows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import Any

from kpukoord.errors import KpuError
from kpukoord.language import dates, names
from kpukoord.language.i18n import _
from kpukoord.news import words
from kpukoord.news.source import Article
from kpukoord.record import field, record
from kpukoord.store.db import Database

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


def _names_another_agency(position: str | None, host: str | None) -> bool:
    """Whether a title names a kind of agency that the host is not: "Kepala Badan
    Kesbangpol" at a KPU's meeting is Kesbangpol's, never the host's, even when the
    database does not know Kesbangpol yet."""
    if not position or not host:
        return False
    heads = {_fold(h) for h in re.findall(words.AGENCY_HEAD, position, re.IGNORECASE)}
    return bool(heads) and not any(h in _fold(host) for h in heads)


def _names_the_hosts_kind(position: str | None, host: str | None) -> bool:
    """'Ketua KPU', 'Sekretaris KPU', 'Komisioner KPU divisi Teknis' at a meeting hosted by
    a KPU: the title names only the host's kind of agency, and no place: the host's."""
    if not position or not host:
        return False
    heads = re.findall(words.AGENCY_HEAD, position)
    if not heads or any(_fold(h) not in _fold(host).split() for h in heads):
        return False
    rest = re.sub(words.AGENCY_HEAD, " ", position).split()
    return all(
        _fold(w).strip(".,") in words.TITLE_WORDS and _fold(w) not in words.POSITION_AGENCY
        for w in rest
    )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


# A comma inside a division's name: the position goes on ("Divisi Sosialisasi, Pendidikan
# Pemilih, Partisipasi Masyarakat dan SDM"); never before a name or another position.
_UNIT_GOES_ON = r",\s+(?=(?i:" + "|".join(sorted(words.UNIT_WORDS, key=len, reverse=True)) + r")\b)"

_TOKEN = re.compile(r"[A-Za-z0-9À-ÿ]+")


class Gazetteer:
    """The database's agencies by the keys of their names and aliases, and its people."""

    def __init__(self, db: Database) -> None:
        self.exact: dict[str, str] = {}
        self.loose: dict[str, str] = {}
        self.words: set[str] = set()  # every word of an agency's name: never a person's
        self.heads: set[str] = set()  # first words of names and aliases ("kpu", "kapolsek")
        self.longest = 1
        for row in db.query("SELECT name, aliases FROM agency WHERE deleted_at IS NULL"):
            for n in [row["name"], *json.loads(row["aliases"] or "[]")]:
                toks = self._toks(n)
                if not toks:
                    continue
                self.exact.setdefault("".join(toks), row["name"])
                loose = [t for t in toks if t not in _LEVEL]
                self.loose.setdefault("".join(loose), row["name"])
                self.words.update(toks)
                self.heads.add(toks[0])
                self.longest = max(self.longest, len(toks))
        self.people: dict[str, str] = {}
        for row in db.query("SELECT name FROM person WHERE deleted_at IS NULL"):
            self.people[names.key(row["name"])] = row["name"]

    @staticmethod
    def _toks(text: str) -> list[str]:
        return [_ABBREV.get(t, t) for t in re.findall(r"[a-z0-9]+", _fold(text))]

    def lookup(self, text: str) -> str | None:
        toks = self._toks(text)
        k = "".join(toks)
        return self.exact.get(k) or self.loose.get("".join(t for t in toks if t not in _LEVEL))

    def mentions(self, text: str) -> list[_Mention]:
        """Agencies named in a text, longest names first, left to right."""
        toks = [
            (m.start(), m.end(), _ABBREV.get(_fold(m.group()), _fold(m.group())))
            for m in re.finditer(r"[A-Za-z0-9À-ÿ]+", text)
        ]
        out: list[_Mention] = []
        i = 0
        while i < len(toks):
            if not (text[toks[i][0]].isupper() or text[toks[i][0]].isdigit()):
                i += 1
                continue
            found = None
            for n in range(min(self.longest + 2, len(toks) - i), 0, -1):
                part = [t[2] for t in toks[i : i + n]]
                if part[-1] in _LEVEL:
                    continue
                name = self.exact.get("".join(part)) or self.loose.get(
                    "".join(t for t in part if t not in _LEVEL)
                )
                if name:
                    found = (n, name)
                    break
            if found:
                n, name = found
                s, e = toks[i][0], toks[i + n - 1][1]
                out.append(_Mention(s, e, name, text[s:e]))
                i += n
            else:
                i += 1
        return out


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


# ---------------------------------------------------------------------------


class _Reader:
    def __init__(self, article: Article, db: Database, gaz: Gazetteer) -> None:
        self.article = article
        self.db = db
        self.gaz = gaz
        self.out = Drafted(published=article.published)
        self.sentences: list[_Sentence] = []
        self.places: list[str] = []
        headline = article.title
        body = list(article.lines)
        if headline and body and body[0] == headline:
            body = body[1:]
        self.headline = headline
        self._place_words: set[str] = set()  # words of places the report names
        self._bare: list[tuple[str, _Sentence]] = []  # kind words alone among who came
        self._by_title: list[tuple[str, _Sentence]] = []  # "Kapolres X" among who came
        datelines = 0
        self.lead = 1  # the lead paragraph: the dateline's, else the first two
        for p, para in enumerate(body):
            if p < 4 and para == headline:
                continue
            if p < 4 and len(para) <= 40 and _byline_date(para):
                continue  # a byline's date ("Feb 14, 2023 - 11:13")
            place, rest = _dateline(para)
            if place:
                self.places.append(place)
                self._place_words.update(_fold(w) for w in place.split())
                datelines += 1
                self.lead = p if datelines == 1 else self.lead
            for s in _split(rest):
                self.sentences.append(_Sentence(s, _blank_quotes(_normalise(s)), p))
        if datelines > 1:  # "LUWU UTARA - ..." twice: two reports pasted into one file
            raise KpuError(
                _("{name}: {n} reports (each with its dateline); give one report per file").format(
                    name=article.name, n=datelines
                )
            )

    # -- agencies -----------------------------------------------------------

    def place_keys(self) -> list[str]:
        keys: list[str] = []
        for p in self.places:
            keys.append("".join(self.gaz._toks(p)))
        for m in self.all_mentions:
            toks = [t for t in self.gaz._toks(m.agency) if t not in _LEVEL]
            for k in range(1, min(4, len(toks))):
                keys.append("".join(toks[-k:]))
        if not keys:  # a report that names no place: this office's
            toks = [t for t in self.gaz._toks(self.db.office()["name"] or "") if t not in _LEVEL]
            if len(toks) > 1:
                keys.append("".join(toks[1:]))
        return list(dict.fromkeys(k for k in keys if k))

    def bare(self, word: str) -> str | None:
        """'Bawaslu' in a report from Sijunjung: Bawaslu Sijunjung, when the database has it."""
        w = "".join(self.gaz._toks(word))
        for place in self._places:
            name = self.gaz.loose.get(w + place) or self.gaz.exact.get(w + place)
            if name:
                return name
        return None

    def mentions(self, s: _Sentence) -> list[_Mention]:
        found = self.gaz.mentions(s.norm)
        low = s.norm.lower()
        if not any(re.search(rf"\b{c}\b", low) for c in words.ATTENDANCE_CUES):
            return found  # "jajaran PPK diminta ...": not who took part
        taken = [(m.start, m.end) for m in found]
        for m in re.finditer(r"\b[A-Z][A-Za-z]+\b", s.norm):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if _fold(m.group()) not in self.gaz.heads:
                continue
            nxt = s.norm[m.end() : m.end() + 12]
            if re.match(r"\s+Provinsi\b", nxt):
                name = self._province(m.group())
                end = m.end() + len(re.match(r"\s+Provinsi", nxt).group(0))  # type: ignore[union-attr]
            elif re.match(r"\s+[A-Z][a-z]", nxt) and not re.match(
                r"\s+(?:" + "|".join(words.NOT_NAME) + r")\b", nxt, re.I
            ):
                continue  # "Bupati Bengkulu Utara": a place of its own, not this report's
            else:
                name, end = self.bare(m.group()), m.end()
            if name:
                found.append(_Mention(m.start(), end, name, s.norm[m.start() : end]))
        return sorted(found, key=lambda x: x.start)

    def _province_name(self, word: str) -> str | None:
        """'KPU Provinsi' in a report from Sijunjung: 'KPU Provinsi Sumatera Barat'."""
        from kpukoord.language import regions

        for place in self.places:
            codes = regions.find_by_name(place)
            if len(codes) == 1:
                prov = regions.name(codes[0].split(".")[0])
                if prov:
                    return f"{word} Provinsi {prov}"
        return None

    def _province(self, word: str) -> str | None:
        """'KPU Provinsi' in a report from Sijunjung: the KPU of Sumatera Barat."""
        from kpukoord.language import regions

        for place in self._places:
            codes = regions.find_by_name(place)
            for code in codes[:1]:
                prov = regions.name(code.split(".")[0])
                if prov:
                    name = self.gaz.lookup(f"{word} Provinsi {prov}")
                    if name:
                        return name
        return None

    def unknown(self, s: _Sentence, known: list[_Mention], people: list[_Person]) -> None:
        low = s.norm.lower()
        among = any(re.search(rf"\b{c}\b", low) for c in words.ATTENDANCE_CUES)
        titles = "|".join(words.AGENCY_TITLES)
        for m in re.finditer(rf"\b({titles})\s+((?:[A-Z][a-z]+\s?){{1,2}})", s.norm, re.I):
            # "Kapolres Sijunjung": Polres Sijunjung, when the words after are the place
            if any(k.start <= m.start() < k.end for k in known):
                continue
            ws = m.group(2).split()
            for n in range(len(ws), 0, -1):
                if "".join(_fold(w) for w in ws[:n]) in self._places or all(
                    _fold(w) in self._place_words for w in ws[:n]
                ):
                    kind = words.POSITION_AGENCY[m.group(1).lower()][0]
                    name = f"{kind} {' '.join(ws[:n])}"
                    known_as = self.gaz.lookup(name)
                    if known_as and among:  # "Hadir Kapolres Sijunjung": Polres Sijunjung came
                        self._by_title.append((known_as, s))
                    if not known_as and all(
                        names.loose_key(x) != names.loose_key(name)
                        for x, _ in self.out.unknown_agencies
                    ):
                        self.out.unknown_agencies.append((name, s.text))
                    break
        if among:
            for m in re.finditer(rf"{words.AGENCY_HEAD}(?:\s+Provinsi\b)?", s.norm):
                if any(k.start <= m.start() < k.end for k in known):
                    continue
                if re.match(r"\s+[A-Z0-9]", s.norm[m.end() :]) and not m.group(0).endswith(
                    "Provinsi"
                ):
                    continue  # a name with its place: listed below, as written
                word = m.group(0)
                if word.endswith("Provinsi"):  # "KPU Provinsi": of the report's province
                    word = self._province_name(word.split()[0]) or word
                self._bare.append((word, s))
        for m in re.finditer(words.AGENCY_NAME, s.norm):
            if any(k.start <= m.start() < k.end or m.start() <= k.start < m.end() for k in known):
                continue
            text = re.sub(r"\s+(?:" + "|".join(words.NOT_NAME) + r")$", "", m.group(0), flags=re.I)
            taken = {w for p in people for w in p.name.split()}
            ws = text.split()
            while len(ws) > 1 and ws[-1] in taken:
                ws.pop()
            text = " ".join(ws)
            if len(ws) < 2 or ws[-1].lower() in _LEVEL:
                continue
            if all(  # "Badan Kesbangpol" after "Badan Kesbangpol Luwu Utara": the same
                names.loose_key(n) != names.loose_key(text)
                and not names.loose_key(n).startswith(names.loose_key(text))
                for n, _ in self.out.unknown_agencies
            ):
                self.out.unknown_agencies.append((text, s.text))

    # -- people ---------------------------------------------------------------

    def _is_name_word(self, w: str) -> bool:
        low = _fold(w)
        return (
            w[:1].isupper()
            and not (w.isupper() and len(w) > 1)
            and low not in words.TITLE_WORDS
            and low not in words.NOT_NAME
            and low not in self.gaz.words
            and low not in self._place_words
            and not re.fullmatch(words.WEEKDAY + "|" + words.MONTH, w, re.I)
            and w.isalpha()
        )

    def people(self, s: _Sentence, mentions: list[_Mention]) -> list[_Person]:
        text = s.norm
        found: list[_Person] = []
        heads = "|".join(sorted(words.POSITION_HEADS, key=len, reverse=True))
        run_word = r"(?:[A-Za-z][A-Za-z'’-]*\.?|\d+(?:/[A-Z]+)?)"
        # "Kepala Badan Kesbangpol Hakim Bukara", "Ketua KPU Bengkulu Utara, Santoso,"
        # "Kordiv Hukum, Humas, Data dan Informasi Bawaslu Palu Fadli Rahman" (_UNIT_GOES_ON)
        pattern = re.compile(
            rf"\b(?:{heads})\b\.?(?:(?:\s+|{_UNIT_GOES_ON}){run_word})*", re.IGNORECASE
        )
        pos = 0
        while m := pattern.search(text, pos):
            pos = m.end()
            run = m.group(0)
            toks = run.split()
            # the run ends at the first lowercase word that is no title word
            keep = []
            for i, t in enumerate(toks):
                low = _fold(t.rstrip(".,"))
                if t[0].islower() and low not in words.TITLE_WORDS and i > 0:
                    break
                if low == "dan" and (
                    not (
                        i + 1 < len(toks)
                        and (toks[i + 1][0].isupper() or _fold(toks[i + 1]) in words.TITLE_WORDS)
                    )
                    # "... Sitti Aminah dan Sekretaris KPU Gowa Hasnah": another person
                    or _fold(toks[i + 1].rstrip(".")) in words.POSITION_HEADS
                ):
                    break
                keep.append(t)
            # "Ketua KPU Hamdan didampingi Sekretaris KPU Rosita": the next title is looked
            # for after this one's words, not after the whole run
            pos = m.start() + max(1, len(" ".join(keep)))
            if not keep or not (keep[0][0].isupper() or _fold(keep[0]) in ("divisi",)):
                continue
            name_toks: list[str] = []
            for t in reversed(keep):
                if self._is_name_word(t.rstrip(".")):
                    name_toks.insert(0, t.rstrip("."))
                else:
                    break
            phrase_toks = keep[: len(keep) - len(name_toks)]
            end = m.start() + len(" ".join(keep))
            after = text[end:]
            c = re.match(r",\s+((?:[A-Z][a-z'’]+\s?){1,4}?)(?=\s*(?:,|\.|$|\s+[a-z]))", after)
            if c and all(self._is_name_word(w) for w in c.group(1).split()):
                # "Ketua Bawaslu Luwu Timur, Abdul Rahman,": the name is after the comma
                name_toks = c.group(1).split()
                phrase_toks = keep
            if not name_toks or len(name_toks) > 4 or not phrase_toks:
                continue
            phrase = " ".join(phrase_toks)
            found.append(self._person(" ".join(name_toks), phrase, m.start(), s, mentions))
        # "Juniwandri selaku Komisioner KPU Kabupaten Sijunjung Divisi ..."
        for m in re.finditer(
            rf"((?:[A-Z][a-z'’]+\s){{1,4}})(?:{'|'.join(words.SELAKU)})\s+"
            rf"([^,;]+?(?:{_UNIT_GOES_ON}[^,;]*)*)(?=[,;]|\.?$|\.\s)",
            text,
        ):
            nm = [w for w in m.group(1).split() if self._is_name_word(w)]
            if not nm or len(nm) != len(m.group(1).split()):
                nm = []
                for w in reversed(m.group(1).split()):
                    if not self._is_name_word(w):
                        break
                    nm.insert(0, w)
            if not nm:
                continue
            head = _fold(m.group(2).split()[0].rstrip(".")) if m.group(2).split() else ""
            if " sebagai " in m.group(0) and head not in words.POSITION_HEADS:
                continue  # "... sebagai narasumber": a role, not a title
            phrase = self._phrase(m.group(2))
            found.append(self._person(" ".join(nm), phrase, m.start(), s, mentions))
        # a name the database knows: each run of capitalised words looked up once
        for m in re.finditer(r"[A-Z][A-Za-z'’]+(?:\s+[A-Z][A-Za-z'’]+){0,3}", text):
            ws = m.group(0).split()
            for a in range(len(ws)):
                for b in range(len(ws), a, -1):
                    known = self.gaz.people.get(names.key(" ".join(ws[a:b])))
                    if known:
                        found.append(self._person(known, None, m.start(), s, mentions))
        return found

    def _phrase(self, text: str) -> str:
        toks = text.split()
        keep = []
        for i, t in enumerate(toks):
            if t[0].islower() and _fold(t.rstrip(",")) not in words.TITLE_WORDS and i > 0:
                break
            keep.append(t)
        while keep and _fold(keep[-1].rstrip(",")) in ("dan", "serta"):
            keep.pop()
        return " ".join(keep).rstrip(",")

    def _person(
        self, name: str, phrase: str | None, start: int, s: _Sentence, mentions: list[_Mention]
    ) -> _Person:
        agency = None
        position = phrase
        if phrase:
            inner = self.gaz.mentions(phrase)
            if inner:  # "Ketua KPU Bengkulu Utara": Ketua of that KPU
                agency = inner[0].agency
                rest = phrase[: inner[0].start] + phrase[inner[0].end :]
                position = " ".join(rest.split()).strip(" ,") or phrase
            else:  # "Kepala Badan Kesbangpol", "Pjs. Bupati Bengkulu Utara"
                agency = self._agency_of_title(phrase)
                if agency:  # "Ketua KPU Bengkulu Utara": Ketua, when that KPU is the agency
                    position = self._without_agency(phrase, agency)
        represents = False  # "X yang diwakili oleh NAME": X's, whoever X is
        if agency is None:  # "KPU Provinsi yang diwakili oleh Medo Putra selaku ..."
            before = s.norm[:start]
            if re.search(r"\byang\s+diwakili\s+oleh\s*$", before):
                represents = True
                near = [x for x in mentions if x.end <= start]
                if near:
                    agency = near[-1].agency
        elsewhere = represents and agency is None  # an agency not found: not the host's
        if agency is None and phrase:
            named = re.search(words.AGENCY_NAME, phrase)
            if named:  # "Ketua Bawaslu Luwu Timur": that Bawaslu, to be added
                # written as the host or an earlier name of it ("KIP Aceh Besar" for "KIP
                # Kabupaten Aceh Besar"): one agency, one spelling
                agency = self._written_name(named.group(0)) or named.group(0)
                rest = phrase[: named.start()] + phrase[named.end() :]
                position = " ".join(rest.split()).strip(" ,") or phrase
            else:  # "Dandim 0310/SSD": of an agency not in the database, not the host's
                low = [_fold(w) for w in re.findall(r"[A-Za-z]+", phrase)]
                # a capitalised word no title has and no place of the report ("Ketua
                # Panwaslih Aceh Besar", "Kepala OPD"): an agency the draft cannot name
                foreign = [
                    w
                    for w in re.findall(r"[A-Za-z]+", phrase)
                    if w[0].isupper()
                    and _fold(w) not in words.TITLE_WORDS
                    and _fold(w) not in self.gaz.words
                    and _fold(w) not in self._place_words
                ]
                elsewhere = (
                    elsewhere
                    or bool(foreign)
                    or any(w in words.POSITION_AGENCY or w in self.gaz.heads for w in low)
                    or any(
                        " ".join(low[i : i + 2]) in words.POSITION_AGENCY for i in range(len(low))
                    )
                )
        if position:
            position = " ".join(position.split()).strip(" ,.") or None
        return _Person(name, agency, position, s, start, elsewhere=elsewhere, represents=represents)

    def _without_agency(self, phrase: str, agency: str) -> str:
        """The title without the agency's name written at its end, if it is there."""
        ws = phrase.split()
        want = [t for t in self.gaz._toks(agency) if t not in _LEVEL]
        for i in range(1, len(ws)):
            if [t for t in self.gaz._toks(" ".join(ws[i:])) if t not in _LEVEL] == want:
                return " ".join(ws[:i]).strip(" ,")
        return phrase

    def _agency_of_title(self, phrase: str) -> str | None:
        words_ = re.findall(r"[A-Za-z]+", phrase)
        low = [_fold(w) for w in words_]
        for i, w in enumerate(low):
            kinds: tuple[str, ...] = ()
            if w in self.gaz.heads:
                kinds = (words_[i],)
            two = " ".join(low[i : i + 2])
            for head in (two, w):
                if head in words.POSITION_AGENCY:
                    kinds = kinds + words.POSITION_AGENCY[head]
                    break
            if not kinds:
                continue
            tail = [t for t in low[i + 1 :] if t not in words.TITLE_WORDS or t in words.COMPASS]
            for kind in kinds:
                if tail:  # the place the title names: "Bupati Bengkulu Utara"
                    got = self.gaz.lookup(f"{kind} {' '.join(tail)}") or self._written_name(
                        f"{kind} {' '.join(tail)}"
                    )
                    if got:
                        return got
                got = self.bare(kind)
                if got and not tail:
                    return got
        return None

    def _written_name(self, text: str) -> str | None:
        """An agency the database does not know, as the report writes it elsewhere
        ("Pemerintah Kabupaten Bengkulu Utara" for "Pjs. Bupati Bengkulu Utara")."""
        toks = self.gaz._toks(text)
        return self._written.get("".join(toks)) or self._written.get(
            "".join(t for t in toks if t not in _LEVEL)
        )

    # -- the draft ------------------------------------------------------------

    def add(
        self, key: str, value: Any, s: _Sentence | str | None, unmatched_by: str | None = None
    ) -> None:
        text = s.text if isinstance(s, _Sentence) else s
        self.out.entries.append(Entry(key, value, text, by=unmatched_by))

    def run(self) -> Drafted:
        per_sentence = [(s, self.gaz.mentions(s.norm)) for s in self.sentences]
        self.all_mentions = [m for _, ms in per_sentence for m in ms]
        self._places = self.place_keys()
        self._written: dict[str, str] = {}
        for s in self.sentences:
            for m in re.finditer(words.AGENCY_NAME, s.norm):
                toks = self.gaz._toks(m.group(0))
                # "Wali Kota Jayapura": the place after "Kota" in a name the report writes
                # ("Pemerintah Kota Jayapura") is no person's name
                for i, t in enumerate(toks[:-1]):
                    if t in ("kabupaten", "kota", "provinsi"):
                        self._place_words.update(toks[i + 1 : i + 3])
                self._written.setdefault("".join(toks), m.group(0))
                self._written.setdefault("".join(t for t in toks if t not in _LEVEL), m.group(0))
        mentions = {id(s): self.mentions(s) for s in self.sentences}
        if self.headline:
            self.add("title", self.headline, None)
        self._date()
        self._kind()
        host = self._host(mentions)
        self._zone()
        self._venue()
        self._attendees(mentions, host)
        self._said()
        self._regulations()
        self._stages()
        return self.out

    def _date(self) -> None:
        ref = self.article.published or dates.today()
        best: tuple[int, int, str, _Sentence, dates.ParsedDate] | None = None
        for order, s in enumerate(self.sentences):
            for rank, pattern in ((0, words.DATE_WITH_WEEKDAY), (1, words.DATE_WITHOUT_WEEKDAY)):
                for m in re.finditer(pattern, s.text, re.I):
                    before = s.text[max(0, m.start() - 24) : m.start()].lower()
                    if rank and any(
                        before.rstrip().endswith(w) or f"{w} " in before[-len(w) - 3 :]
                        for w in words.NOT_THE_MEETING_DATE
                    ):
                        continue
                    if rank and s.para > 3:
                        continue
                    phrase = m.group(0).strip(" ,")
                    try:
                        parsed = dates.parse(phrase, ref=ref)
                    except KpuError:
                        continue
                    if (
                        self.article.published
                        and parsed.start > self.article.published + dt.timedelta(days=1)
                        and rank
                    ):
                        continue
                    cand = (rank, order, phrase, s, parsed)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
        if best is None:
            return
        _, _, phrase, s, parsed = best
        if not re.search(r"\d{4}|\d{1,2}/\d{1,2}/\d{2}\b", phrase):
            # no year: the day it is, anchored on the publication date (the phrase stays
            # in the sentence above it)
            phrase = dates.format_range(parsed.start, parsed.end)
        self.add("date", phrase, s)
        if not re.search(r"\d{4}|/\d{2}\)?$", phrase) and not self.article.published:
            self.out.warnings.append("year")
        for t in re.finditer(words.TIME, s.text, re.I):
            try:
                dates.parse_time_range(t.group(0))
            except KpuError:
                continue
            self.add("time", t.group(0), s)
            break
        else:
            for other in self.sentences:
                tm = re.search(words.TIME, other.text, re.I)
                if tm and other.para <= 3:
                    try:
                        dates.parse_time_range(tm.group(0))
                    except KpuError:
                        continue
                    self.add("time", tm.group(0), other)
                    break

    def _zone(self) -> None:
        """A time written without its zone: the zone of the host's region, else of the
        dateline's place (the office's own zone needs no line: meeting add takes it)."""
        from kpukoord.language import regions

        t = self.out.value("time")
        if not t or dates.parse_time_range(t)[2]:
            return
        zone, where = None, None
        host = self.out.value("host")
        if host:
            row = self.db.one(
                "SELECT region FROM agency WHERE name = ? AND deleted_at IS NULL", [host]
            )
            zone = regions.timezone(row["region"]) if row else None
            where = host
        if zone is None:
            for place in self.places:
                zones = {regions.timezone(c) for c in regions.find_by_name(place)}
                if len(zones) == 1:
                    zone, where = zones.pop(), place
                    break
        if zone and zone != self.db.office()["timezone"]:
            self.out.entries.append(Entry("timezone", zone, None, f"{zone}: {where}"))

    def _kind(self) -> None:
        texts = ([(self.headline, None)] if self.headline else []) + [
            (s.text, s) for s in self.sentences
        ]
        for text, s in texts:
            low = _fold(text)
            best = None
            for kind, cues in words.KIND_WORDS.items():
                for cue in cues:
                    m = re.search(rf"\b{re.escape(cue)}\b", low)
                    if m and (best is None or m.start() < best[0]):
                        best = (m.start(), kind)
            if best:
                self.add("kind", best[1], s or text)
                return

    def _host(self, mentions: dict[int, list[_Mention]]) -> str | None:
        verbs = "|".join(re.escape(v) for v in words.HOST_VERBS)
        visits = "|".join(re.escape(v) for v in words.VISIT_VERBS)
        cands: list[tuple[str, _Sentence | str]] = []
        if self.headline:
            h = _normalise(self.headline)
            ms = self.gaz.mentions(h)
            v = re.search(rf"\b(?:{visits})\b", h, re.I)
            if v:
                after = [m for m in ms if m.start > v.start()]
                if after:
                    cands.append((after[0].agency, self.headline))
            hv = re.search(rf"\b(?:{verbs})\b", h, re.I)
            if hv and not cands:
                before = [m for m in ms if m.end <= hv.start()]
                if before:
                    cands.append((before[-1].agency, self.headline))
        for s in self.sentences[:6]:
            ms = mentions[id(s)]
            v = re.search(rf"\b(?:{verbs})\b", s.norm, re.I)
            if v:
                before = [m for m in ms if m.end <= v.start()]
                if before and s.norm[: before[0].start].strip(" ,") == "":
                    cands.insert(0, (before[0].agency, s)) if not cands else cands.append(
                        (before[0].agency, s)
                    )
                    break
        if not cands:  # "Bawaslu Kabupaten Luwu Timur menggelar ...": a host to add
            for s in self.sentences[:3]:
                m = re.match(rf"\s*({words.AGENCY_NAME})\s+(?:{verbs})\b", s.norm)
                if m and not mentions[id(s)]:
                    cands.append((m.group(1), s))
                    break
                # "Badan Kesbangpol Kabupaten Gowa menyambangi KPU Kabupaten Gowa": the visited
                m = re.match(
                    rf"\s*{words.AGENCY_NAME}\s+(?:{visits})\s+({words.AGENCY_NAME})", s.norm
                )
                if m and not mentions[id(s)]:
                    cands.append((m.group(1), s))
                    break
        if not cands:
            for s in self.sentences[:3]:
                ms = mentions[id(s)]
                if ms:
                    cands.append((ms[0].agency, s))
                    break
        if not cands:
            return None
        host, where = cands[0]
        self.add("host", host, where)
        return host

    def _venue(self) -> None:
        heads = "|".join(re.escape(h) for h in sorted(words.VENUE_HEADS, key=len, reverse=True))
        best: tuple[int, int, str, _Sentence] | None = None
        for order, s in enumerate(self.sentences):
            text = _blank_quotes(s.text)
            for cue in words.VENUE_CUES:
                if cue in ("di", "menuju"):
                    pat = rf"\b{cue}\s+(?P<v>(?:{heads})\b.*?){words.VENUE_END}"
                    flags = int(re.I)
                else:
                    pat = rf"\b{cue}\s+(?P<v>(?:[A-Z]|(?:{heads})\b).*?){words.VENUE_END}"
                    flags = 0
                m = re.search(pat, text, flags)
                if m and m.group("v").strip():
                    v = m.group("v").strip()
                    if cue in ("di", "menuju") and not re.match(rf"(?:{heads})\b", v, re.I):
                        continue
                    if len(v.split()) > 14:
                        continue
                    cand = (0 if cue not in ("di", "menuju") else 1, order, v, s)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
                    break
        if best:
            self.add("venue", best[2], best[3])

    def _attendees(self, mentions: dict[int, list[_Mention]], host: str | None) -> None:
        seen_agencies: dict[str, _Sentence] = {}
        persons: list[_Person] = []
        self._named: dict[int, list[_Person]] = {}
        self._grouped: set[int] = set()
        self._group_keys: dict[str, dict[str, Any]] = {}
        for s in self.sentences:
            ms = mentions[id(s)]
            self._groups(s, ms)
            ms = [m for m in ms if id(m) not in self._grouped]
            low = s.norm.lower()
            if s.para <= self.lead or any(
                re.search(rf"\b{c}\b", low) for c in words.ATTENDANCE_CUES
            ):
                for m in ms:  # the lead, and sentences that say who took part
                    seen_agencies.setdefault(m.agency, s)
            got = self.people(s, ms)
            self.unknown(s, ms, got)
            prev = None
            for p in sorted(got, key=lambda x: x.start):
                if (
                    p.agency is None
                    and prev is not None
                    and p.position
                    and p.position.lower().startswith("divisi")
                ):
                    p.agency = prev.agency
                prev = p
                persons.append(p)
            self._roles(s, got)
            self._named[id(s)] = got
        by_name: dict[str, _Person] = {}
        for p in persons:
            k = names.key(p.name)
            if k in by_name:
                have = by_name[k]
                have.agency = have.agency or p.agency
                have.elsewhere = have.elsewhere and p.elsewhere
                have.position = have.position or p.position
                for r in p.roles:
                    if r not in have.roles:
                        have.roles.append(r)
            else:
                by_name[k] = p
        self.persons = list(by_name.values())
        for sid, got in self._named.items():
            self._named[sid] = [by_name[names.key(p.name)] for p in got]
        with_people: set[str] = set()
        for p in self.persons:
            agency = p.agency or (
                None if p.elsewhere or _names_another_agency(p.position, host) else host
            )
            if agency is None and not p.represents and _names_the_hosts_kind(p.position, host):
                agency = host  # "Ketua KPU Syamsul Bachri" at a KPU's meeting: the host's
            if agency is None and not p.represents:
                agency = self._written_of_kind(p.position)
            if agency is None:
                self.out.unmatched.append((f"{p.name} ({p.position})", p.sentence.text))
                continue
            p.agency = agency
            with_people.add(agency)
            item: dict[str, Any] = {"agency": agency, "person": p.name}
            if p.position:
                item["position"] = p.position
            if p.roles:
                item["roles"] = p.roles
            self.add("attendees", item, p.sentence)
        for agency, s in [*seen_agencies.items(), *self._by_title]:
            if agency not in with_people and agency != host:
                with_people.add(agency)
                self.add("attendees", agency, s)
        self._bare_unknown(host)

    def _written_of_kind(self, position: str | None) -> str | None:
        """'Kepala Badan Kesbangpol' when the report names one agency of that kind in full
        ('Badan Kesbangpol Luwu Utara', not in the database): that one; several: none."""
        if not position:
            return None
        heads = re.findall(words.AGENCY_HEAD, position)
        rest = re.sub(words.AGENCY_HEAD, " ", position).split()
        if len(heads) != 1 or not all(_fold(w).strip(".,") in words.TITLE_WORDS for w in rest):
            return None
        kind = _fold(heads[0]).split()[-1]
        found = {  # with its place: "Badan Kesbangpol" alone says not whose
            n
            for n, _ in self.out.unknown_agencies
            if kind in _fold(n).split() and re.sub(words.AGENCY_HEAD, " ", n).split()
        }
        return found.pop() if len(found) == 1 else None

    def _bare_unknown(self, host: str | None) -> None:
        """A kind word alone among who came ("Camat, Bawaslu serta PPK"), its agency not in
        the database nor named in full elsewhere in the report: listed as written."""
        listed = {w for n, _ in self.out.unknown_agencies for w in _fold(n).split()}
        listed |= {w for m in self.all_mentions for w in _fold(m.agency).split()}
        full = {names.loose_key(n) for n, _ in self.out.unknown_agencies}
        for word, s in self._bare:
            head = _fold(word).split()[-1]  # "Badan Kesbangpol": kesbangpol
            if "Provinsi" in word.split():  # "KPU Provinsi Sumatera Barat": another level
                if names.loose_key(word) not in full and not self.gaz.lookup(word):
                    full.add(names.loose_key(word))
                    self.out.unknown_agencies.append((word, s.text))
                continue
            if head in listed or (host and head in _fold(host).split()):
                continue
            listed.add(head)
            self.out.unknown_agencies.append((word, s.text))

    def _roles(self, s: _Sentence, got: list[_Person]) -> None:
        low = s.norm.lower()
        role_names = {
            "opened_by": "opened-by",
            "chair": "chair",
            "speakers": "speaker",
            "notulis": "notulis",
        }
        for key, cues in words.ROLE_CUES.items():
            for cue in cues:
                i = low.find(cue)
                if i < 0:
                    continue
                after = [p for p in got if p.start >= i]
                if not after and key == "speakers":  # "Santoso bertindak sebagai narasumber"
                    after = [p for p in got if p.start < i][-1:]
                targets = after if key == "speakers" else after[:1]
                for p in targets:
                    if role_names[key] not in p.roles:
                        p.roles.append(role_names[key])
                break

    def _groups(self, s: _Sentence, ms: list[_Mention]) -> None:
        kinds = "|".join(re.escape(k) for k in words.GROUP_KINDS)
        for m in re.finditer(
            rf"\b(?:para\s+)?(?:Ketua\s+)?({kinds})\s+[Ss]e[- ]?(?:Kabupaten|Kota|Kecamatan|Provinsi)"
            rf"\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:\s*\((?P<n>\d+) orang\))?",
            s.norm,
            re.I,
        ):
            over = [x for x in ms if x.start <= m.start() < x.end or m.start() <= x.start < m.end()]
            if over and not m.group("n"):
                continue  # an agency of the database ("PPK se-Kabupaten Sijunjung")
            for x in over:  # "Ketua PPK se-Kabupaten Sijunjung (8 orang)": people, counted
                self._grouped.add(id(x))
            scope = (
                m.group(0)[: m.start("n") - m.start() - 1].rstrip(" (")
                if m.group("n")
                else m.group(0)
            )
            item: dict[str, Any] = {"scope": scope, "kind": words.GROUP_KINDS[m.group(1).lower()]}
            if m.group("n"):
                item["count"] = int(m.group("n"))
            # the same group named again ("PPK Se Kabupaten …", "PPK Se-Kabupaten …") is
            # one attendee: the first mention, with a count a later one gives
            seen = self._group_keys.get(names.key(scope))
            if seen is not None:
                if "count" in item and "count" not in seen:
                    seen["count"] = item["count"]
                continue
            self._group_keys[names.key(scope)] = item
            self.add("groups", item, s)
        for m in re.finditer(r"\b(\d{1,3})\s+(partai politik|parpol)\b", s.norm, re.I):
            self.add("groups", {"scope": m.group(0), "kind": "party", "count": int(m.group(1))}, s)

    def _who(self, subject: str) -> _Person | None:
        k = _fold(subject)
        for p in self.persons:
            parts = [_fold(w) for w in p.name.split()]
            if k == _fold(p.name) or k in parts:
                return p
        return None

    def _said(self) -> None:
        last: _Person | None = None
        dverbs = "|".join(re.escape(v) for v in words.DIRECTIVE_VERBS)
        sverbs = "|".join(re.escape(v) for v in words.SPEECH_VERBS)
        for s in self.sentences:
            text = _blank_quotes(s.text)
            if not text.strip(' “”"'):
                continue
            low = text.lower()
            for cue in words.DECISION_CUES:
                i = low.find(cue)
                if i >= 0:
                    d = text[i + len(cue) :].strip(" :,.")
                    if len(d.split()) >= 3:
                        self.add("decisions", d[0].upper() + d[1:], s)
                    break
            award = re.search(words.AWARD, text, re.I)
            if award:
                to = self.gaz.mentions(_normalise(award.group("to")))
                named = self._named.get(id(s)) or []
                if to and to[0].start < 3:
                    item = {"text": _clause(award.group("t")), "agency": to[0].agency}
                    if named:
                        item["by"] = named[0].name
                    self.add("awards", item, s)
            for cue in words.ACTION_CUES:
                i = low.find(cue)
                if i >= 0:
                    self._action(s, text[i + len(cue) :])
                    break
            named = self._named.get(id(s)) or []
            who = named[0] if named else None
            subj = re.match(
                r"^(?:[A-Z][a-z]+(?:\s+[a-z]+)?,\s+)?(?:Lanjut\s+)?([A-Z][a-z]+)(?:\s+[A-Z][a-z]+)*\s+(?:juga\s+)?(?:"
                + dverbs
                + "|"
                + sverbs
                + ")",
                text,
            )
            if subj and who is None:
                who = self._who(subj.group(1))
            if who is None and re.match(r"^(?:Ia|Beliau|Dia)\b", text):
                who = last
            if who is not None:
                # a later "Ia ..." is the person named here, even one the draft could not
                # match: never an earlier attendee who did not say it
                last = who
            if who is None:
                continue
            # by= names an attendee of the draft; what an official the draft could not
            # match said is kept without by=, the name in a comment for the operator
            unmatched = who.name if who.agency is None else None
            dm = re.search(rf"\b(?:{dverbs})\b\s+(?:bahwa\s+|agar\s+|supaya\s+)?(?P<t>.+)$", text)
            sp = re.search(rf"\b(?:{sverbs})\b\s+(?:bahwa\s+)?(?P<t>.+)$", text)
            fig = re.search(
                rf"(?P<what>[A-Za-z][^,.;“”\"]{{3,80}}?)\s+{words.FIGURE_VERBS}\s+(?P<val>\d[\d.,]*(?:\s?{words.FIGURE_UNITS}\b|%)?)",
                text,
            )
            if fig:
                what = re.split(rf"\b(?:bahwa|{sverbs})\s+", fig.group("what"))[-1].strip()
                what = re.sub(r"\s+(?:tercatat|adalah|yakni)$", "", what)
                item = {"text": what[0].upper() + what[1:], "value": fig.group("val").strip(" .,")}
                if who.agency:
                    item["agency"] = who.agency
                    item["by"] = who.name
                self.add("figures", item, s, unmatched)
            if dm and len(dm.group("t").split()) >= 3:
                self.add(
                    "directives", self._by({"text": _clause(dm.group("t"))}, who), s, unmatched
                )
            elif sp and len(sp.group("t").split()) >= 4 and not fig:
                self.add("points", self._by({"text": _clause(sp.group("t"))}, who), s, unmatched)

    @staticmethod
    def _by(item: dict[str, Any], who: _Person) -> dict[str, Any]:
        if who.agency is not None:
            item["by"] = who.name
        return item

    def _action(self, s: _Sentence, rest: str) -> None:
        rest = rest.strip(" ,:")
        due = None
        m = re.search(rf"\s+{words.DUE_CUES}\s+(?P<d>.+?)\s*\.?$", rest)
        if m:
            try:
                dates.parse_day(m.group("d"), ref=self.article.published or dates.today())
                due = m.group("d")
                rest = rest[: m.start()]
            except KpuError:
                due = None
        ms = self.gaz.mentions(_normalise(rest))
        owner = ms[0].agency if ms and ms[0].start < 3 else self.out.value("host")
        if ms and ms[0].start < 3:
            rest = _normalise(rest)[ms[0].end :].strip()
            rest = re.sub(r"^(?:ditugaskan untuk|bertugas|akan)\s+", "", rest)
        if not owner or len(rest.split()) < 2:
            return
        item: dict[str, Any] = {"text": _clause(rest), "owner": owner}
        if due:
            item["due"] = due
        self.add("actions", item, s)

    def _regulations(self) -> None:
        from kpukoord.timetables import regulations

        for s in self.sentences:
            for m in re.finditer(words.REGULATION, s.text):
                kind = "PKPU" if "KPU" in m.group(0) else m.group(0).split()[0]
                ref = f"{kind} {int(m.group(1))}/{m.group(2)}"
                try:
                    ref = regulations.lookup(ref).ref
                except KpuError:
                    continue
                if ref not in self.out.values("regulations"):
                    self.add("regulations", ref, s)

    def _stages(self) -> None:
        from kpukoord.timetables import stages

        day = None
        d = self.out.value("date")
        if d:
            try:
                day = dates.parse(d, ref=self.article.published or dates.today()).start
            except KpuError:
                day = None
        if day is None:
            return
        try:
            codes = stages.codes_for_host(self.db, self.out.value("host"))
        except KpuError:
            codes = None
        for name, cues in words.STAGE_WORDS:
            for s in self.sentences:
                if any(re.search(rf"\b{re.escape(c)}\b", s.text, re.I) for c in cues):
                    try:
                        row = stages.resolve(self.db, name, day, codes=codes)
                    except KpuError:
                        self.out.unmatched.append((name, s.text))
                        break
                    if _long_over(row, day):  # another election's stage of that name
                        self.out.unmatched.append((name, s.text))
                        break
                    self.add("stages", name, s)
                    break


# A meeting talks about stages running or ahead, or just over: a stage of that name that
# ended longer ago than this is another election's ("pemutakhiran data pemilih" of Pemilu
# 2024, ended June 2023, named in a July 2024 Pilkada rakor), and is not drafted.
STAGE_OVER_DAYS = 90


def _long_over(row: Any, day: dt.date) -> bool:
    end = row["end_date"] or row["start_date"]
    return bool(end) and dt.date.fromisoformat(end) < day - dt.timedelta(days=STAGE_OVER_DAYS)


def _byline_date(line: str) -> bool:
    from kpukoord.news.source import _date_of

    return len(line.split()) <= 7 and bool(re.search(r"\d{4}", line)) and bool(_date_of(line))


def _clause(text: str) -> str:
    t = text.strip().rstrip(".").strip(" ,")
    return t[0].upper() + t[1:] if t else t


def draft(db: Database, article: Article) -> Drafted:
    """The meeting a report describes, as far as its sentences say."""
    return _Reader(article, db, Gazetteer(db)).run()
