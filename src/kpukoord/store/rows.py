"""The rules every stored row obeys, in one place: the write path, ``merge`` and
``db check`` all ask this module (issue 23).

A row typed at the command line passes the input code's checks and then these;
a row that arrives in another office's file (or that another tool wrote into this
one) meets only these, so they are the whole contract of a stored row:

- text columns hold text (never a BLOB or a number), obey the text rule of
  :mod:`kpukoord.language.text` (no control characters, escape sequences or bidi
  overrides) and a length cap;
- dates are ``YYYY-MM-DD`` within the years :mod:`kpukoord.language.dates` accepts, an end
  never before its start; times are ``HH:MM``; timestamps ``…T…Z`` in UTC;
- zones, kinds, statuses, levels and confidences are the known ones;
- JSON columns hold a JSON list or object; counters are integers;
- ids are short runs of id characters.

Columns are known by name, the same in every table (``start_date`` is a date
wherever it is), so a new column of a known kind is checked without a word here.
The vocabularies live with their records (:mod:`kpukoord.records.meetings`,
:mod:`kpukoord.records.agencies`...) and are imported only when a row needs them, so the
start-up of ``meeting add`` pays nothing for the tables it does not write.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sqlite3
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from kpukoord.errors import KpuError
from kpukoord.language import text
from kpukoord.language.i18n import _
from kpukoord.record import field, record

# Length caps, in characters: a title of this length is already not a title; a
# file bringing 50 MB in one field is refused rather than carried into every view.
ONE_LINE_MAX = 10_000
MULTILINE_MAX = 1_000_000

TIMESTAMPS = frozenset({"created_at", "updated_at", "deleted_at"})
DATES = frozenset(
    {
        "start_date",
        "end_date",
        "due_date",
        "done_date",
        "from_date",
        "to_date",
        "held_on",
        "reported_on",
        "voting_day",
        "signed",
    }
)
TIMES = frozenset({"start_time", "end_time"})
JSON_COLUMNS = frozenset({"aliases", "sources", "levels", "amended", "regions", "summary"})
INTEGERS = frozenset({"seq", "depth", "revision", "count"})
NUMBERS = frozenset({"percent"})
# An updated_at further ahead of the clock than this is refused by merge: it would
# freeze the record against every later change (and hide a silent office).
FUTURE_SLACK = dt.timedelta(days=1)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._:-]{0,63}")


# (table, column) -> where its known values live: (module, name)
_VOCABULARIES: dict[tuple[str, str], tuple[str, str]] = {
    ("meeting", "kind"): ("kpukoord.records.meetings", "KINDS"),
    ("meeting", "status"): ("kpukoord.records.meetings", "STATUSES"),
    ("series", "kind"): ("kpukoord.records.meetings", "KINDS"),
    ("agency", "kind"): ("kpukoord.records.agencies", "KINDS"),
    ("agency", "level"): ("kpukoord.records.agencies", "LEVELS"),
    ("stage", "kind"): ("kpukoord.timetables.schedules", "STAGE_KINDS"),
}
_FIXED: dict[tuple[str, str], tuple[str, ...]] = {  # the schema's own CHECK lists
    ("action", "status"): ("open", "done", "cancelled"),
    ("stage", "confidence"): ("official", "news-2", "news-1", "recalled"),
    ("meeting_item", "kind"): ("point", "directive", "award", "figure"),
}


@functools.cache
def _known(table: str, column: str) -> Collection[str] | None:
    """The known values of a column, or None; its module imported only when asked
    (``meeting add`` never pays for the timetables' module)."""
    if (table, column) in _FIXED:
        return _FIXED[table, column]
    where = _VOCABULARIES.get((table, column))
    if where is None:
        return None
    import importlib

    module, name = where
    values: Collection[str] = getattr(importlib.import_module(module), name)
    return values


def _zones() -> Collection[str]:
    from kpukoord.language.dates import TIMEZONES

    return TIMEZONES


def _date_problem(value: str) -> str | None:
    from kpukoord.language.dates import MAX_YEAR, MIN_YEAR

    if not _DATE.fullmatch(value):
        return _("not a date as stored (YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return _("not a date of the calendar")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return _("a year outside {MIN_YEAR}–{MAX_YEAR}").format(
            MIN_YEAR=MIN_YEAR, MAX_YEAR=MAX_YEAR
        )
    return None


def stamp_problem(value: Any) -> str | None:
    """What is wrong with a stored timestamp ('2024-07-05T01:02:03.123Z'), or None."""
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        return _("not a UTC timestamp as stored (YYYY-MM-DDTHH:MM:SS.sssZ)")
    try:
        dt.datetime.fromisoformat(value[:-1])
    except ValueError:
        return _("not a time of the calendar")
    return None


def _kind_name(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return _("binary data (a BLOB)")
    if isinstance(value, bool | int):
        return _("an integer")
    if isinstance(value, float):
        return _("a real number")
    return type(value).__name__


def problem(table: str, column: str, value: Any) -> str | None:
    """What is wrong with one value of a column, or None (NULL is the caller's affair)."""
    if value is None:
        return None
    if column in INTEGERS:
        if isinstance(value, bool) or not isinstance(value, int):
            return _("{what}, not an integer").format(what=_kind_name(value))
        return None
    if column in NUMBERS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _("{what}, not a number").format(what=_kind_name(value))
        return None
    if not isinstance(value, str):
        return _("{what}, not text").format(what=_kind_name(value))
    if column in TIMESTAMPS:
        return stamp_problem(value)
    if column in DATES:
        return _date_problem(value)
    if column in TIMES:
        return None if _TIME.fullmatch(value) else _("not a time as stored (HH:MM)")
    if column == "timezone":
        zones = _zones()
        if value not in zones:
            return _("unknown zone {value!r}; known: {known}").format(
                value=value[:20], known=", ".join(zones)
            )
        return None
    if column == "id" or column == "origin" or column.endswith("_id"):
        return None if _ID.fullmatch(value) else _("not an id")
    known = _known(table, column)
    if known is not None:
        if value not in known:
            return _("unknown value {value!r}; known: {known}").format(
                value=value[:20], known=", ".join(known)
            )
        return None
    multiline = column in text.MULTILINE
    if column in JSON_COLUMNS:
        multiline = True
    cap = MULTILINE_MAX if multiline else ONE_LINE_MAX
    if len(value) > cap:
        return _("{n} characters, more than the {cap} allowed").format(n=len(value), cap=cap)
    wrong = text.problem(value, multiline=multiline)
    if wrong:
        return wrong
    if column in JSON_COLUMNS:
        try:
            parsed = json.loads(value)
        except ValueError:
            return _("not valid JSON")
        if not isinstance(parsed, list | dict):
            return _("JSON that is not a list or an object")
    return None


def row_problems(
    table: str, row: Mapping[str, Any], required: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(column, problem) for every wrong value of a row; ``required`` columns may
    not be NULL. An end date before its start is the end date's problem."""
    found = [(c, p) for c, v in row.items() if (p := problem(table, c, v)) is not None]
    found += [(c, _("empty (NULL)")) for c in required if row.get(c, "") is None]
    start, end = row.get("start_date"), row.get("end_date")
    if (
        isinstance(start, str)
        and isinstance(end, str)
        and end < start
        and not any(c in ("start_date", "end_date") for c, _p in found)
    ):
        found.append(("end_date", _("before the start date {start}").format(start=start)))
    return found


def check(table: str, values: Mapping[str, Any]) -> None:
    """The write path's net: the first wrong value of a row about to be written, as a
    KpuError naming its column (the input code has usually named the flag before)."""
    for column, value in values.items():
        if column.startswith("_"):
            continue
        wrong = problem(table, column, value)
        if wrong:
            raise KpuError(_("{field}: {wrong}").format(field=column, wrong=wrong))


def future_problem(updated_at: str, now: dt.datetime) -> str | None:
    """An ``updated_at`` further than :data:`FUTURE_SLACK` ahead of now, or None."""
    try:
        when = dt.datetime.fromisoformat(updated_at[:-1]).replace(tzinfo=dt.UTC)
    except ValueError:
        return None  # stamp_problem says it
    if when > now + FUTURE_SLACK:
        return _("{stamp} lies in the future (the clock of the office that wrote it?)").format(
            stamp=updated_at
        )
    return None


Checker = Callable[[tuple[Any, ...]], list[tuple[str, str]]]

_ONE_LINE_BAD = text._BAD_ONE_LINE  # the text rule's own patterns (one home)
_MULTI_BAD = text._BAD


def _fast(table: str, column: str) -> Callable[[Any], bool]:
    """A quick yes for a value that obeys the rules (most of them); a no sends the
    value to :func:`problem`, which says why. Same rules, only faster to say yes."""
    if column in INTEGERS:
        return lambda v: type(v) is int
    if column in NUMBERS:
        return lambda v: type(v) in (int, float)
    if column in TIMESTAMPS:
        stamps = _STAMP.fullmatch

        def stamp_ok(v: Any) -> bool:
            if type(v) is not str or stamps(v) is None:
                return False
            try:
                dt.datetime.fromisoformat(v[:-1])
            except ValueError:
                return False
            return True

        return stamp_ok
    if column in DATES:
        from kpukoord.language.dates import MAX_YEAR, MIN_YEAR

        days = _DATE.fullmatch

        def date_ok(v: Any) -> bool:
            if type(v) is not str or days(v) is None:
                return False
            try:
                return MIN_YEAR <= dt.date.fromisoformat(v).year <= MAX_YEAR
            except ValueError:
                return False

        return date_ok
    if column in TIMES:
        times = _TIME.fullmatch
        return lambda v: type(v) is str and times(v) is not None
    if column == "id" or column == "origin" or column.endswith("_id"):
        ids = _ID.fullmatch
        return lambda v: type(v) is str and ids(v) is not None
    if column == "timezone":
        zones = frozenset(_zones())
        return lambda v: v in zones
    known = _known(table, column)
    if known is not None:
        values = frozenset(known)
        return lambda v: type(v) is str and v in values
    if column in JSON_COLUMNS:
        return lambda v: problem(table, column, v) is None
    if column in text.MULTILINE:
        bad, cap = _MULTI_BAD.search, MULTILINE_MAX
    else:
        bad, cap = _ONE_LINE_BAD.search, ONE_LINE_MAX
    return lambda v: type(v) is str and len(v) <= cap and bad(v) is None


def checker(table: str, columns: list[str], required: Iterable[str] = ()) -> Checker:
    """A fast check of rows given as tuples in the order of ``columns``: the
    (column, problem) list of :func:`row_problems`, empty for a good row."""
    need = frozenset(c for c in required if c in columns)
    quick = [(i, c, _fast(table, c), c in need) for i, c in enumerate(columns)]
    start = columns.index("start_date") if "start_date" in columns else None
    end = columns.index("end_date") if "end_date" in columns else None

    def run(row: tuple[Any, ...]) -> list[tuple[str, str]]:
        for i, _c, ok, needed in quick:
            v = row[i]
            if v is None:
                if needed:
                    break
                continue
            if not ok(v):
                break
        else:
            if start is None or end is None:
                return []
            a, b = row[start], row[end]
            if a is None or b is None or b >= a:
                return []
        return row_problems(table, dict(zip(columns, row, strict=False)), need)

    return run


# The tables whose rows travel between offices (every row-bearing table but the local
# ones, whose names start with '_'), with their columns: read from the file itself, so
# merge, db check and the history agree on them. (Not a dataclass: the write path
# imports this module, and `dataclasses` costs every `meeting add` ~10 ms.)
@record
class Table:
    name: str
    columns: list[str]
    agency_refs: list[int]  # positions of columns that reference agency(id)
    self_ref: int | None  # position of a column that references this table
    revision: int | None
    refs: list[tuple[int, str]] = field(default_factory=list)  # (position, table referenced)
    required: list[str] = field(default_factory=list)  # NOT NULL columns


LEAD = ["id", "origin", "created_at", "updated_at", "deleted_at"]


def tables(conn: sqlite3.Connection) -> list[Table]:
    """The merged tables (every row-bearing table but local ones), parents first."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name"
        )
    ]
    found: dict[str, Table] = {}
    deps: dict[str, set[str]] = {}
    for name in names:
        table_info = conn.execute(f"PRAGMA table_info({name})").fetchall()
        info = [r[1] for r in table_info]
        if not set(LEAD) <= set(info):
            continue
        cols = LEAD + [c for c in info if c not in LEAD]
        refs = conn.execute(f"PRAGMA foreign_key_list({name})").fetchall()
        agency_refs = [cols.index(r[3]) for r in refs if r[2] == "agency"]
        self_ref = next((cols.index(r[3]) for r in refs if r[2] == name), None)
        deps[name] = {r[2] for r in refs if r[2] != name}
        found[name] = Table(
            name,
            cols,
            agency_refs,
            self_ref,
            cols.index("revision") if "revision" in cols else None,
            [(cols.index(r[3]), r[2]) for r in refs],
            [r[1] for r in table_info if r[3] and r[4] is None],  # NOT NULL, no default
        )
    ordered: list[Table] = []
    done: set[str] = set()

    def visit(n: str, path: tuple[str, ...] = ()) -> None:
        if n in done or n not in found or n in path:
            return
        for d in sorted(deps[n]):
            visit(d, (*path, n))
        done.add(n)
        ordered.append(found[n])

    for n in sorted(found):
        visit(n)
    return ordered
