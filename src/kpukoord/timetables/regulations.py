"""Regulations by number and year: "PKPU 7/2022", "PKPU No. 7 Tahun 2022", "pkpu 7/2022".

:func:`lookup` reads any of the ways operators write a citation and returns the
regulation's kind, number and year, with its title when a source quotes it (the small
table ``data/regulations.csv``; where each title comes from is in
``schedules/README.md``). A regulation not in the table is still a valid citation:
its title is then None, never guessed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kpukoord.errors import UsageError
from kpukoord.language.i18n import _

_TABLE = Path(__file__).resolve().parent.parent / "data" / "regulations.csv"

# Spellings of each kind, longest first (matched on lower-cased, dot-free text).
_KINDS = [
    ("peraturan komisi pemilihan umum", "PKPU"),
    ("peraturan kpu", "PKPU"),
    ("pkpu", "PKPU"),
    ("keputusan komisi pemilihan umum", "Keputusan KPU"),
    ("keputusan kpu", "Keputusan KPU"),
    ("kepkpu", "Keputusan KPU"),
    ("kpt kpu", "Keputusan KPU"),
    ("keputusan presiden", "Keppres"),
    ("keppres", "Keppres"),
    ("peraturan presiden", "Perpres"),
    ("perpres", "Perpres"),
    ("peraturan pemerintah", "PP"),
    ("pp", "PP"),
    ("undang-undang", "UU"),
    ("uu", "UU"),
]
# "7/2022", "No. 7 Tahun 2022", "nomor 7 tahun 2022", "7 th 2022"
_NUMBER = re.compile(r"^(?:no|nomor|nomer)?\s*(\d{1,5})\s*(?:/|tahun|thn|th)\s*((?:19|20)\d{2})$")


@dataclass(frozen=True)
class Regulation:
    kind: str
    number: int
    year: int
    title: str | None = None
    subject: str | None = None

    @property
    def ref(self) -> str:
        """The short citation: "PKPU 7/2022"."""
        return f"{self.kind} {self.number}/{self.year}"


@cache
def _table() -> dict[tuple[str, int, int], Regulation]:
    with _TABLE.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        out = {}
        for r in rows:
            reg = Regulation(
                r["kind"],
                int(r["number"]),
                int(r["year"]),
                r["title"] or None,
                r["subject"] or None,
            )
            out[(reg.kind, reg.number, reg.year)] = reg
        return out


def parse(text: str) -> tuple[str, int, int]:
    """(kind, number, year) of a citation; UsageError if it is not one."""
    raw = " ".join((text or "").replace(".", " ").split()).lower()
    for spelling, kind in _KINDS:
        if raw.startswith(spelling + " ") or (
            raw.startswith(spelling) and raw[len(spelling) :][:1].isdigit()
        ):
            m = _NUMBER.match(raw[len(spelling) :].strip())
            if m:
                return kind, int(m.group(1)), int(m.group(2))
            break
    raise UsageError(
        _(
            "{text!r} is not a regulation citation like 'PKPU 7/2022' or 'PKPU No. 7 Tahun 2022'"
        ).format(text=text)
    )


def lookup(text: str) -> Regulation:
    """The regulation a citation names; its title is None unless a source gave it."""
    kind, number, year = parse(text)
    return _table().get((kind, number, year)) or Regulation(kind, number, year)


def known() -> list[Regulation]:
    """Every regulation in the bundled table, by kind, year and number."""
    return sorted(_table().values(), key=lambda r: (r.kind, r.year, r.number))
