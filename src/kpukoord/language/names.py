"""Name matching for agencies and people.

Operators write the same body many ways: "Badan Kesbangpol Luwu Utara",
"kesbangpol  luwu-utara", "KPU Kab. Sijunjung". Lookups compare *keys*:
lower case, accents, spacing and punctuation removed, common abbreviations
expanded. A *loose* key also drops the level words (kabupaten, kota,
provinsi...), so "KPU Sijunjung" finds "KPU Kabupaten Sijunjung" when no
exact match exists.
"""

from __future__ import annotations

import re
import unicodedata

_ABBREV = {
    "kab": "kabupaten",
    "kabupaten": "kabupaten",
    "prov": "provinsi",
    "propinsi": "provinsi",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "ds": "desa",
}
_LEVEL_WORDS = {"kabupaten", "kota", "provinsi", "kecamatan", "kelurahan", "desa", "se"}


def _tokens(text: str) -> list[str]:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return [_ABBREV.get(tok, tok) for tok in re.findall(r"[a-z0-9]+", t)]


def key(text: str) -> str:
    """The exact lookup key: 'KPU Kab. Sijunjung' -> 'kpukabupatensijunjung'."""
    return "".join(_tokens(text))


def loose_key(text: str) -> str:
    """The loose key, level words dropped: 'KPU Kabupaten Sijunjung' -> 'kpusijunjung'."""
    toks = [t for t in _tokens(text) if t not in _LEVEL_WORDS]
    return "".join(toks) or key(text)


def packed(keys: list[str]) -> str:
    """Keys stored in one column as '|k1|k2|' so SQL can match a whole key with instr()."""
    uniq = sorted({k for k in keys if k})
    return "|" + "|".join(uniq) + "|" if uniq else "|"
