"""When and where a report's meeting was: its date, time zone, kind, host and venue."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable

from kpukoord.errors import KpuError
from kpukoord.language import dates
from kpukoord.news import words
from kpukoord.news.agencies import up_to_region
from kpukoord.news.people import _PeopleReader
from kpukoord.news.sentences import (
    Entry,
    _blank_quotes,
    _fold,
    _Mention,
    _normalise,
    _Sentence,
)


def _readable_time(found: Iterable[re.Match[str]]) -> str | None:
    """The first time range found that reads as one ("pukul 09.00 s.d. selesai WIB")."""
    for t in found:
        try:
            dates.parse_time_range(t.group(0))
        except KpuError:
            continue
        return t.group(0)
    return None


class _SettingReader(_PeopleReader):
    """The meeting's date and time, zone, kind, host and venue."""

    def _date(self) -> None:
        ref = self.article.published or dates.today()
        best: tuple[int, int, int, str, _Sentence, dates.ParsedDate] | None = None
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
                    published = self.article.published
                    if (  # "Kamis (4/12)" of a report of 5 December 2026, a Friday: the
                        # weekday is wrong, not the year (it would be 4/12/2025)
                        published
                        and not re.search(r"\d{4}|\d{1,2}/\d{1,2}/\d{2}\b", phrase)
                        and abs((parsed.start - published).days) > 60
                    ):
                        parsed = dates.parse(phrase, ref=ref, ignore_weekday=True)
                    if (
                        self.article.published
                        and parsed.start > self.article.published + dt.timedelta(days=1)
                        and rank
                    ):
                        continue
                    # "GOWA, Selasa (1/12/2026) - ... pada Senin-Selasa (30/11-1/12/2026)": the
                    # dateline's date is the report's; a date the sentence gives later, the
                    # meeting's
                    dateline = m.start() < 40 and bool(re.match(r"\s*[-–—]+\s", s.text[m.end() :]))
                    cand = (rank, order, int(dateline), phrase, s, parsed)
                    if best is None or cand[:3] < best[:3]:
                        best = cand
        if best is None:
            return
        _, _, _, phrase, s, parsed = best
        if not re.search(r"\d{4}|\d{1,2}/\d{1,2}/\d{2}\b", phrase):
            # no year: the day it is, anchored on the publication date (the phrase stays
            # in the sentence above it)
            phrase = dates.format_range(parsed.start, parsed.end)
        self.add("date", phrase, s)
        if parsed.weekday_ignored:
            self.out.warnings.append("weekday: " + parsed.weekday_ignored)
        if not re.search(r"\d{4}|/\d{2}\)?$", phrase) and not self.article.published:
            self.out.warnings.append("year")
        # the time: a readable one of the date's sentence, else the first time written
        # in one of the first paragraphs that reads as one
        time = _readable_time(re.finditer(words.TIME, s.text, re.I))
        if time:
            self.add("time", time, s)
            return
        for other in self.sentences:
            if other.para <= 3:
                time = _readable_time(
                    itertools.islice(re.finditer(words.TIME, other.text, re.I), 1)
                )
                if time:
                    self.add("time", time, other)
                    return

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
        if not cands:  # "... melakukan audiensi ke Kantor KPU Kota Bima": the visited
            for s in self.sentences[:3]:
                m = re.search(
                    rf"\b(?:{visits})\s+(?:(?:[Kk]antor|[Ss]ekretariat)\s+)?(?P<a>{words.AGENCY_NAME})",
                    s.norm,
                )
                if m:
                    written = up_to_region(m.group("a"))
                    cands.append((self.gaz.lookup(written) or written, s))
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
                if cue in ("di", "menuju", "ke"):
                    pat = rf"\b{cue}\s+(?P<v>(?:{heads})\b.*?){words.VENUE_END}"
                    flags = int(re.I)
                else:
                    pat = rf"\b{cue}\s+(?P<v>(?:[A-Z]|(?:{heads})\b).*?){words.VENUE_END}"
                    flags = 0
                m = re.search(pat, text, flags)
                if m and m.group("v").strip():
                    v = m.group("v").strip()
                    if cue in ("di", "menuju", "ke") and not re.match(rf"(?:{heads})\b", v, re.I):
                        continue
                    if len(v.split()) > 14:
                        continue
                    cand = (0 if cue not in ("di", "menuju", "ke") else 1, order, v, s)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
                    break
        if best:
            self.add("venue", best[2], best[3])
