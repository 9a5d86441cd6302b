"""The database's agencies as a report names them (the gazetteer), and whose a title is."""

from __future__ import annotations

import json
import re

from kpukoord.language import names
from kpukoord.news import words
from kpukoord.news.sentences import (
    _ABBREV,
    _LEVEL,
    _fold,
    _Mention,
    _normalise,
)
from kpukoord.store.db import Database

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
        # a name as reports print it, without the rank or degree the office stored with it
        # ("AKBP Muhammad Aldy Sulaeman" is drafted "Muhammad Aldy Sulaeman")
        self.bare_people: dict[str, str] = {}
        for row in db.query("SELECT name FROM person WHERE deleted_at IS NULL"):
            self.people[names.key(row["name"])] = row["name"]
            self.bare_people.setdefault(names.key(_normalise(row["name"])), row["name"])

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


_LEVEL_WORDS = ("kabupaten", "kota", "provinsi", "kab", "prov")


def up_to_region(name: str) -> str:
    """A written agency name, ended at the region it names when that region is known.

    "KPU Kabupaten Sumenep Rahbini" and "Bawaslu Sumenep Achmad Zubaidi" run on into a
    person's name when a report writes no comma; the region ("Sumenep", "Luwu Utara",
    "Sulawesi Selatan") is where the agency's name ends. A name whose region is not in
    the list of regions is kept as written.
    """
    from kpukoord.language import regions

    ws = name.split()
    start = 1  # after the head word ("KPU", "Bawaslu", "Polres")
    while start < len(ws) and ws[start].lower().rstrip(".") in _LEVEL_WORDS:
        start += 1
    for k in (3, 2, 1):
        if start + k <= len(ws) and regions.find_by_name(" ".join(ws[start : start + k])):
            return " ".join(ws[: start + k])
    return name
