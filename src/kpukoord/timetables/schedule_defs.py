"""The shapes of an official timetable: its vocabulary and the checked definitions.

:class:`ScheduleDef` (one schedule file, or one schedule as stored) and its
:class:`StageDef` stages; :mod:`.schedule_fields` checks the fields inside them,
:mod:`.schedule_files` reads and checks whole files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from kpukoord.timetables.stages import ALL_REGIONS

CONFIDENCE = ("official", "news-2", "news-1", "recalled")
LEVELS = ("kpu-ri", "provinsi", "kabupaten/kota", "ppk", "pps", "kpps")
STAGE_KINDS = ("stage", "event")
# A schedule's own fields, as its file gives them and as they are stored, in the order
# its JSON (schedule show --json) lists them; a file adds its stages.
SCHEDULE_COLUMNS = (
    "code",
    "title",
    "regulation",
    "election",
    "voting_day",
    "signed",
    "amends",
    "notes",
    "regions",
    "status",
    "sources",
)
_SCHEDULE_FIELDS = {*SCHEDULE_COLUMNS, "stages"}
STATUSES = ("final", "draft")
_OCCURRENCE_FIELDS = {"period", "date", "start", "end", "confidence", "sources"}
_AMENDED_FIELDS = {"date", "start", "end", "changed", "by", "sources"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# Fields of a stage that an import compares, in display order.
COMPARED = (
    "name",
    "kind",
    "start",
    "end",
    "rule",
    "levels",
    "confidence",
    "sources",
    "parent",
    "note",
    "amended",
    "recurs",
    "occurrences",
)
# A stage's fields in a file: those compared, but its parent is given by nesting it under
# another's "stages" and its note as "beyond_parent"; its key, and "date" for one day.
_STAGE_FIELDS = {*COMPARED, "key", "date", "stages", "beyond_parent"} - {"parent", "note"}


def iso(day: dt.date | None) -> str | None:
    """A date as stored (YYYY-MM-DD); no date, None."""
    return day.isoformat() if day else None


@dataclass
class StageDef:
    key: str
    name: str
    kind: str = "stage"
    start: dt.date | None = None
    end: dt.date | None = None
    rule: str | None = None
    levels: list[str] = field(default_factory=list)
    confidence: str = "recalled"
    sources: list[str] = field(default_factory=list)
    parent: str | None = None
    note: str | None = None
    path: str = ""
    depth: int = 0
    seq: int = 0
    # Earlier dates of this stage, oldest first: {start, end, changed, by, sources}.
    amended: list[dict[str, Any]] = field(default_factory=list)
    # A recurring stage's rule (recurrence.Rule.as_json) and its confirmed occurrences:
    # [{period, start, end, confidence, sources}] in period order.
    recurs: dict[str, Any] | None = None
    occurrences: list[dict[str, Any]] = field(default_factory=list)

    def compared(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "start": iso(self.start),
            "end": iso(self.end),
            "rule": self.rule,
            "levels": list(self.levels),
            "confidence": self.confidence,
            "sources": list(self.sources),
            "parent": self.parent,
            "note": self.note,
            "amended": [dict(a) for a in self.amended],
            "recurs": dict(self.recurs) if self.recurs else None,
            "occurrences": [dict(o) for o in self.occurrences],
        }


@dataclass
class ScheduleDef:
    code: str
    title: str
    regulation: str | None = None
    election: str | None = None
    voting_day: dt.date | None = None
    signed: dt.date | None = None
    amends: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    notes: str | None = None
    regions: list[str] = field(default_factory=lambda: [ALL_REGIONS])
    status: str = "final"
    stages: list[StageDef] = field(default_factory=list)
    file_hash: str = ""
    source_path: str | None = None

    def meta(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "regulation": self.regulation,
            "election": self.election,
            "voting_day": iso(self.voting_day),
            "signed": iso(self.signed),
            "amends": self.amends,
            "sources": json.dumps(self.sources, ensure_ascii=False),
            "notes": self.notes,
            "regions": json.dumps(self.regions),
            "status": self.status,
        }
