"""Who came to a report's meeting: agencies and people, their roles, groups of agencies."""

from __future__ import annotations

import re
from typing import Any

from kpukoord.language import names
from kpukoord.news import words
from kpukoord.news.agencies import _names_another_agency, _names_the_hosts_kind
from kpukoord.news.sentences import (
    _fold,
    _Mention,
    _Person,
    _Sentence,
)
from kpukoord.news.setting import _SettingReader


class _AttendanceReader(_SettingReader):
    """The agencies and people who came, and their roles."""

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
