"""Which part of a hit matched: the title test agrees with FTS5's own reading of a title."""

from __future__ import annotations

import sqlite3
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kpukoord.records import search

WORDS = ["Rakor", "rapat", "koordinasi", "logistik", "Pemilu", "PÉMILU", "pemutakhiran",
         "data", "KPU", "Kab.", "Sijunjung", "tahapan_2024", "ﬁnal", "Jum'at", "coklit", "2024"]  # fmt: skip


class _Db:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


def _index(titles: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE _search_doc (rowid INTEGER PRIMARY KEY, title TEXT, body TEXT)")
    conn.execute(
        "CREATE VIRTUAL TABLE _search USING fts5(title, body, content='_search_doc',"
        " content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
    )
    for i, title in enumerate(titles, 1):
        conn.execute("INSERT INTO _search_doc VALUES (?, ?, '')", [i, title])
    conn.execute("INSERT INTO _search(_search) VALUES ('rebuild')")
    return conn


text = st.lists(st.sampled_from(WORDS) | st.text(min_size=1, max_size=6), max_size=6).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(text, min_size=1, max_size=8), st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)
)
def test_title_matches_as_fts5_reads_the_title(titles: list[str], words: list[str]) -> None:
    query = " ".join(words)
    conn = _index(titles)
    rowids = list(range(1, len(titles) + 1))
    sql = f"title : ({search.fts_query(query)})"
    fts: set[Any] = {
        r[0] for r in conn.execute("SELECT rowid FROM _search WHERE _search MATCH ?", [sql])
    }
    assert search._title_matches(_Db(conn), query, rowids) == fts  # type: ignore[arg-type]
