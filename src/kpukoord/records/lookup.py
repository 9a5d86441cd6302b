"""Finding a record as a person types it: one home for the rules every ``find`` shares.

A record is named by the start of its id (six id characters or more: ``01HX3K``) or by
its name; a name that fits several records is refused naming each as "Name (id)".
"""

from __future__ import annotations

from typing import Any

from kpukoord.errors import Ambiguous
from kpukoord.store.db import Database, Row
from kpukoord.store.ids import is_id_like, short

# Tables found by the start of an id here (the table name is put into the SQL).
_BY_ID_PREFIX = frozenset({"agency", "person", "series"})


def id_range(text: str) -> list[str]:
    """The bounds of the ids that start with text: ``id >= ? AND id < ?``."""
    return [text.upper(), text.upper() + "\uffff"]


def could_be_id(text: str) -> bool:
    """Whether text may be the start of an id (long enough not to be a short name)."""
    return is_id_like(text) and len(text) >= 6


def by_id_prefix(db: Database, table: str, text: str) -> list[Row]:
    """The live rows of table whose id starts with text, at most two (two: the start is
    not enough); none when text cannot be an id."""
    if table not in _BY_ID_PREFIX:
        raise ValueError(table)
    if not could_be_id(text):
        return []
    return db.query(
        f"SELECT * FROM {table} WHERE id >= ? AND id < ? AND deleted_at IS NULL LIMIT 2",  # noqa: S608 (a known table)
        id_range(text),
    )


def ambiguous(rows: list[Row], message: str, **fields: Any) -> Ambiguous:
    """The error for a name that fits every row: each as "Name (short id)", listed in the
    message's ``{value0}``; fields fill its other places."""
    cands = [f"{r['name']} ({short(r['id'])})" for r in rows]
    return Ambiguous(message.format(value0="; ".join(cands), **fields), cands)
