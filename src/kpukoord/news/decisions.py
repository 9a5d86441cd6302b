"""What a report's meeting said and decided: directives, points, figures, awards,
follow-ups, regulations and the timetable stages it talks about.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kpukoord.errors import KpuError
from kpukoord.language import dates
from kpukoord.news import words
from kpukoord.news.agencies import up_to_region
from kpukoord.news.attendance import _AttendanceReader
from kpukoord.news.sentences import (
    _blank_quotes,
    _clause,
    _fold,
    _normalise,
    _Person,
    _Sentence,
)


class _DecisionReader(_AttendanceReader):
    """What was said, decided and cited, and by whom."""

    def _said(self) -> None:
        last: _Person | None = None
        dverbs = "|".join(re.escape(v) for v in words.DIRECTIVE_VERBS)
        sverbs = "|".join(re.escape(v) for v in words.SPEECH_VERBS)
        for s in self.sentences:
            quoted = re.search(words.QUOTED_SPEECH, s.text)
            if quoted:  # “...,” kata X: what X said, in X's own words
                who_q = last if quoted.group("nya") else self._speaker(quoted.group("who"))
                if who_q is not None:
                    kind = "directives" if quoted.group("v") in words.QUOTED_DIRECTIVE else "points"
                    item = self._by({"text": _clause(quoted.group("q"))}, who_q)
                    self.add(kind, item, s, who_q.name if who_q.agency is None else None)
                    last = who_q
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
                was = re.search(  # "naik dari 546.987", "bertambah dari ..."
                    r"\b(?:naik|turun|bertambah|berkurang|meningkat|menurun)\s+dari\s+"
                    r"(\d[\d.,]*\d|\d)",
                    text,
                )
                if was:
                    item["from"] = was.group(1)
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

    def _speaker(self, named: str | None) -> _Person | None:
        """Who 'kata X' names: a person by a word of their name ('Darmawangsyah'), else the
        one person whose title begins with it ('Bupati', 'Ketua KPU')."""
        named = (named or "").strip(" .,;")
        if not named:
            return None
        found = self._who(named.split()[0].rstrip("."))
        if found is not None:
            return found
        titled = [
            p
            for p in self.persons
            if p.position and _fold(p.position).startswith(_fold(named.rstrip(".")))
        ]
        return titled[0] if len({p.name for p in titled}) == 1 else None

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
        written = re.match(rf"\s*({words.AGENCY_NAME})", _normalise(rest))
        if ms and ms[0].start < 3:
            rest = _normalise(rest)[ms[0].end :].strip()
            rest = re.sub(r"^(?:ditugaskan untuk|bertugas|akan)\s+", "", rest)
        elif written:  # "KPU Kabupaten Donggala akan ...": an owner the office does not know
            owner = up_to_region(written.group(1))
            rest = _normalise(rest)[written.start(1) + len(owner) :].strip()
            rest = re.sub(r"^(?:ditugaskan untuk|bertugas|akan)\s+", "", rest)
            self._unknown_agency(owner, s.text)
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
                if any(
                    re.search(rf"\b{re.escape(c)}\b{words.NOT_THE_ELECTIONS}", s.text, re.I)
                    for c in cues
                ):
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
