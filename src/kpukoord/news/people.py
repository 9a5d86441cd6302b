"""Reading a report's sentences: the agencies they mention and the people, by position or name."""

from __future__ import annotations

import re
from typing import Any

from kpukoord.errors import KpuError
from kpukoord.language import names
from kpukoord.language.i18n import _
from kpukoord.news import words
from kpukoord.news.agencies import Gazetteer, up_to_region
from kpukoord.news.sentences import (
    _LEVEL,
    _UNIT_GOES_ON,
    Drafted,
    Entry,
    _blank_quotes,
    _byline_date,
    _dateline,
    _fold,
    _Mention,
    _normalise,
    _Person,
    _Sentence,
    _split,
)
from kpukoord.news.source import Article
from kpukoord.store.db import Database


class _PeopleReader:
    """A report read into sentences; the agencies and people each sentence names."""

    all_mentions: list[_Mention]  # set by the drafter's run()
    _places: list[str]
    _written: dict[str, str]

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
            text = up_to_region(text)
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
                if low in ("dan", "serta") and (
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
                if self._is_name_word(t.rstrip(".")):  # an initial keeps its dot: "M. Yusuf"
                    name_toks.insert(0, t if len(t.rstrip(".")) == 1 else t.rstrip("."))
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
                if agency and not self.gaz.lookup(agency):  # "Dandim 0827/Sumenep": to add
                    self._unknown_agency(agency, s.text)
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
        if names.key(name) not in self.gaz.people:  # stored with a rank: the name as stored
            name = self.gaz.bare_people.get(names.key(name), name)
        return _Person(name, agency, position, s, start, elsewhere=elsewhere, represents=represents)

    def _unknown_agency(self, name: str, sentence: str) -> None:
        if all(names.loose_key(n) != names.loose_key(name) for n, _ in self.out.unknown_agencies):
            self.out.unknown_agencies.append((name, sentence))

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
        return self._agency_a_title_names(phrase)

    def _agency_a_title_names(self, phrase: str) -> str | None:
        """'Kapolres Sumenep', 'Dandim 0827/Sumenep', 'Wakil Wali Kota Tegal': Polres
        Sumenep, Kodim 0827/Sumenep, Pemerintah Kota Tegal.

        The agency a head's title names with its place, the place as the report writes
        it, when the database does not know the agency yet (``meeting add
        --new-agencies`` adds it); the place must be a known region or the report's own.
        """
        from kpukoord.language import regions

        heads = "|".join(words.HEAD_TITLES)
        m = re.fullmatch(
            rf"\s*(?:(?:Wakil|Pjs|Pj|Plt|Plh)\.?\s+)*({heads})\s+(\S+(?:\s+\S+){{0,2}})\s*",
            phrase,
            re.IGNORECASE,
        )
        if not m:
            return None
        place = m.group(2).strip(" ,.")
        letters = re.findall(r"[A-Za-z]+", place)
        if not letters or not (
            regions.find_by_name(" ".join(letters))
            or all(_fold(w) in self._place_words for w in letters)
        ):
            return None
        kinds = words.POSITION_AGENCY[m.group(1).lower().split()[0]]  # 'wali kota': 'wali'
        kind = next((k for k in kinds if k.startswith("Pemerintah")), kinds[0])
        name = f"{kind} {place}"
        return self.gaz.lookup(name) or name  # as the database names it, when it knows it

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
