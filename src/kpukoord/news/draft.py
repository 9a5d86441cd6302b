"""The facts a news report states about one meeting, each with the sentence it came from.

Nothing here guesses: a value is drafted only when a sentence says it, and names that
match no agency in the database are listed for the operator instead of invented.
Agencies are matched as ``meeting add`` will look them up (names and aliases through
:mod:`kpukoord.language.names` keys); people are found by their position ("Ketua KPU Luwu Utara,
Syamsul Bachri", "Juniwandri selaku Komisioner ...") or by a name the database knows.

The reading is split by concern, each module building on the one before (issue 27):
:mod:`.sentences` (sentences, the draft's records), :mod:`.agencies` (the gazetteer),
:mod:`.people` (mentions, people), :mod:`.setting` (date, zone, kind, host, venue),
:mod:`.attendance` (who came, roles), :mod:`.decisions` (what was said and decided).
This module assembles the draft and stays the one callers import.
"""

from __future__ import annotations

import re

from kpukoord.news import words
from kpukoord.news.agencies import Gazetteer as Gazetteer
from kpukoord.news.agencies import up_to_region
from kpukoord.news.decisions import STAGE_OVER_DAYS as STAGE_OVER_DAYS
from kpukoord.news.decisions import _DecisionReader
from kpukoord.news.sentences import _LEVEL
from kpukoord.news.sentences import Drafted as Drafted
from kpukoord.news.sentences import Entry as Entry
from kpukoord.news.source import Article
from kpukoord.store.db import Database


class _Reader(_DecisionReader):
    """The whole report read, in the order each part needs the ones before."""

    def run(self) -> Drafted:
        per_sentence = [(s, self.gaz.mentions(s.norm)) for s in self.sentences]
        self.all_mentions = [m for _, ms in per_sentence for m in ms]
        self._places = self.place_keys()
        self._written = {}
        for s in self.sentences:
            for m in re.finditer(words.AGENCY_NAME, s.norm):
                written = up_to_region(m.group(0))  # not the person named after it
                toks = self.gaz._toks(written)
                # "Wali Kota Jayapura": the place after "Kota" in a name the report writes
                # ("Pemerintah Kota Jayapura") is no person's name
                for i, t in enumerate(toks[:-1]):
                    if t in ("kabupaten", "kota", "provinsi"):
                        self._place_words.update(toks[i + 1 : i + 3])
                self._written.setdefault("".join(toks), written)
                self._written.setdefault("".join(t for t in toks if t not in _LEVEL), written)
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


def draft(db: Database, article: Article) -> Drafted:
    """The meeting a report describes, as far as its sentences say."""
    return _Reader(article, db, Gazetteer(db)).run()
