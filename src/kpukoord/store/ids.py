"""Globally unique row ids.

Every row carries a ULID (26 characters, Crockford base32, time-ordered) so that
files from many offices can later be merged without collisions. Imported
official stages get *deterministic* ids of the same shape, derived from the
schedule code and stage key, so two offices importing the same timetable agree.

A ULID is 48 bits of milliseconds plus 80 random bits. Written here
rather than imported because the python-ulid package costs ~70 ms at start-up,
which every command would pay.
"""

from __future__ import annotations

import base64
import os
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


# base64's RFC 4648 alphabet -> Crockford's (no I, L, O, U), so encoding runs in C.
_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _ALPHABET)


def _encode(value: int, length: int = 26) -> str:
    """The 128-bit value as 26 Crockford base32 characters (2 leading zero bits)."""
    # 26 characters carry 130 bits; placed at the top of 160 bits they end on a
    # 5-bit boundary, so b32encode's first 26 characters are exactly ours.
    encoded = base64.b32encode((value << 30).to_bytes(20, "big")).decode("ascii")
    return encoded[:length].translate(_TO_CROCKFORD)


SHORT = 12  # characters shown in tables: 10 of time, 2 random


def new_id() -> str:
    """A new ULID: milliseconds since the epoch, then 80 random bits.

    Fresh randomness per id (not the spec's monotonic counter), so that ids made
    in the same millisecond already differ in their first random characters and
    a short prefix (see :data:`SHORT`) tells them apart.
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    return _encode((ms << 80) | rand, 26)


def short(id: str) -> str:
    """The id as shown in tables; any unique prefix is accepted back."""
    return id[:SHORT]


def stable_id(*parts: str) -> str:
    """A deterministic id of ULID shape for the given parts (e.g. schedule code, stage key)."""
    import hashlib  # only timetable imports need it; not every write

    digest = hashlib.sha256("\x1f".join(("kpukoord", *parts)).encode("utf-8")).digest()
    return _encode(int.from_bytes(digest[:16], "big") >> 2, 26)


def is_id_like(text: str) -> bool:
    """True if text could be an id or id prefix (Crockford base32, 4+ chars)."""
    t = text.strip().upper()
    return len(t) >= 4 and all(c in _ALPHABET for c in t)


def is_ulid(text: str) -> bool:
    """A whole, well-formed ULID: 26 Crockford base-32 characters, within 48+80 bits."""
    return len(text) == 26 and text[0] in "01234567" and all(c in _ALPHABET for c in text)
