"""What the shell may offer when the operator presses Tab: names, ids, codes, keys.

Each function takes what has been typed of a value and returns candidates as
``(value, help)`` pairs, at most :data:`LIMIT`, every value starting with the typed
text (zsh and fish drop any other). The database is opened read-only
(:func:`open_readonly`): a completion never creates, migrates or writes a file, and
a missing, foreign or damaged file simply completes nothing. :data:`BY_PARAM` says
which a parameter gets; both doors read it (:mod:`kpukoord.fastcomplete` before Typer
is imported, ``kpukoord.cli._complete`` through Typer). This module knows nothing of
shells.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

LIMIT = 100  # a shell shows no more usefully; a national file has 6,000 agencies

Candidates = list[tuple[str, str]]


def open_readonly(path: Path) -> sqlite3.Connection | None:
    """The file, read-only, or None; no file is created or changed.

    While a kpukoord process has the file open, its write-ahead log exists and is
    read too (``mode=ro``); otherwise everything is in the file itself, and it is
    opened ``immutable`` so that SQLite does not create the log and shared-memory
    files a read-only connection in WAL mode would leave behind.
    """
    if not path.is_file():
        return None
    live = Path(f"{path}-wal").exists()
    mode = "mode=ro" if live else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?{mode}", uri=True)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT 1 FROM _kpukoord LIMIT 1")  # ours, and readable
    except sqlite3.Error:
        return None
    return conn


def _starts(value: str, typed: str) -> bool:
    return value.casefold().startswith(typed.casefold())


def _rows(conn: sqlite3.Connection, sql: str, params: list[object]) -> Iterator[Any]:
    try:
        yield from conn.execute(sql, params)
    except sqlite3.Error:  # an older or damaged file: nothing to offer
        return


def _like(typed: str) -> str:
    """A LIKE pattern for 'starts with typed' (ASCII case-insensitive, as SQLite's LIKE)."""
    escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def agencies(conn: sqlite3.Connection, typed: str) -> Candidates:
    """Agency names and aliases starting with ``typed`` (an alias says whose it is)."""
    import json

    out: Candidates = []
    pattern = _like(typed)
    sql = (
        "SELECT name, aliases, kind, region FROM agency WHERE deleted_at IS NULL "
        "AND (name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\') ORDER BY name"
    )
    alias_pattern = "%" + _like(typed)
    for name, aliases, kind, region in _rows(conn, sql, [pattern, alias_pattern]):
        where = " ".join(filter(None, (kind, region)))
        if _starts(name, typed):
            out.append((name, where))
        for alias in json.loads(aliases or "[]"):
            if _starts(alias, typed):
                out.append((alias, name))
        if len(out) >= LIMIT:
            break
    return _unique(out)


def people(conn: sqlite3.Connection, typed: str) -> Candidates:
    """People whose name starts with ``typed``, with their latest agency."""
    sql = (
        "SELECT p.name, (SELECT a.name FROM position x JOIN agency a ON a.id = x.agency_id "
        "WHERE x.person_id = p.id AND x.deleted_at IS NULL ORDER BY x.from_date DESC LIMIT 1) "
        "FROM person p WHERE p.deleted_at IS NULL AND p.name LIKE ? ESCAPE '\\' "
        "ORDER BY p.name LIMIT ?"
    )
    return _unique([(n, a or "") for n, a in _rows(conn, sql, [_like(typed), LIMIT])])


def _ids(conn: sqlite3.Connection, table: str, label: str, typed: str) -> Candidates:
    prefix = typed.strip().upper()  # ids are upper-case Crockford base32; prefixes in any case
    if prefix:
        sql = (
            f"SELECT id, {label} FROM {table} WHERE id >= ? AND id < ? "  # noqa: S608
            "AND deleted_at IS NULL ORDER BY id LIMIT ?"
        )
        params: list[object] = [prefix, prefix + "\x7f", LIMIT]
    else:  # the most recent first
        sql = (
            f"SELECT id, {label} FROM {table} WHERE deleted_at IS NULL "  # noqa: S608
            "ORDER BY id DESC LIMIT ?"
        )
        params = [LIMIT]
    return [(i, t or "") for i, t in _rows(conn, sql, params)]


def meetings(conn: sqlite3.Connection, typed: str) -> Candidates:
    """Meeting ids starting with ``typed``, each with its date and title."""
    return _ids(conn, "meeting", "start_date || ' ' || title", typed)


def actions(conn: sqlite3.Connection, typed: str) -> Candidates:
    """Follow-up ids starting with ``typed``, each with its text."""
    return _ids(conn, "action", "text", typed)


def schedules(conn: sqlite3.Connection, typed: str) -> Candidates:
    """Schedule codes (pkpu-2-2024) starting with ``typed``, with their titles."""
    sql = (
        "SELECT code, title FROM schedule WHERE deleted_at IS NULL "
        "AND code LIKE ? ESCAPE '\\' ORDER BY code"
    )
    return [(c, t or "") for c, t in _rows(conn, sql, [_like(typed)])][:LIMIT]


def stages(conn: sqlite3.Connection, typed: str) -> Candidates:
    """Stage references: 'CODE:KEY' once a schedule code is typed; before that, the
    codes (with their ':') and the stage keys that start with ``typed``."""
    if ":" in typed:
        code, key = typed.split(":", 1)
        sql = (
            "SELECT s.key, s.name FROM stage s JOIN schedule c ON c.id = s.schedule_id "
            "WHERE c.code = ? AND s.key LIKE ? ESCAPE '\\' AND s.deleted_at IS NULL "
            "AND c.deleted_at IS NULL ORDER BY s.seq LIMIT ?"
        )
        return [(f"{code}:{k}", n) for k, n in _rows(conn, sql, [code, _like(key), LIMIT])]
    out = [(f"{code}:", title) for code, title in schedules(conn, typed)]
    sql = (
        "SELECT s.key, min(s.name) FROM stage s JOIN schedule c ON c.id = s.schedule_id "
        "WHERE s.key LIKE ? ESCAPE '\\' AND s.deleted_at IS NULL AND c.deleted_at IS NULL "
        "GROUP BY s.key ORDER BY s.key LIMIT ?"
    )
    out += list(_rows(conn, sql, [_like(typed), LIMIT]))
    return out[:LIMIT]


def words(choices: dict[str, str] | list[str], typed: str) -> Candidates:
    """Fixed vocabulary (kinds, statuses, time zones…) starting with ``typed``."""
    items = choices.items() if isinstance(choices, dict) else ((c, "") for c in choices)
    return [(c, h) for c, h in items if _starts(c, typed)]


def regions(typed: str) -> Candidates:
    """Kemendagri codes starting with ``typed``, each with its name: the provinsi, a
    provinsi's kabupaten/kota once its code is typed, then their kecamatan."""
    from kpukoord.language import regions as regions_mod

    last = typed.rsplit(".", 1)[-1]
    depth = typed.count(".") + (len(last) == 2)  # '73' and '73.22' open their children
    found = [
        (c, n)
        for c, n in regions_mod.table().items()
        if c.startswith(typed) and c.count(".") <= depth
    ]
    found.sort(key=lambda item: (item[0].count("."), item[0]))  # the wider regions first
    return found[:LIMIT]


def _unique(items: Candidates) -> Candidates:
    seen: set[str] = set()
    out: Candidates = []
    for value, help in items:
        if value not in seen:
            seen.add(value)
            out.append((value, help))
    return out[:LIMIT]


# -- what each parameter completes -----------------------------------------------------


class Where:
    """Where a completion happens: the database named (--db, else KPUKOORD_DB, else
    the default) and the command's words ('meeting', 'add')."""

    def __init__(self, db: Path | None, command: tuple[str, ...]) -> None:
        self.db = db
        self.command = command

    def connect(self) -> sqlite3.Connection | None:
        from kpukoord.store.db import default_path

        return open_readonly(self.db.expanduser() if self.db else default_path())


Complete = Callable[[Where, str], Candidates]


def _from_db(fn: Callable[[sqlite3.Connection, str], Candidates]) -> Complete:
    def complete(where: Where, typed: str) -> Candidates:
        conn = where.connect()
        if conn is None:
            return []
        try:
            return fn(conn, typed)
        finally:
            conn.close()

    return complete


def _fixed(choices: Callable[[], Any]) -> Complete:
    return lambda where, typed: words(choices(), typed)


def _kinds(where: Where, typed: str) -> Candidates:
    """Meeting kinds, or agency kinds under ``kpukoord agency``."""
    if "agency" in where.command:
        from kpukoord.records import agencies as agencies_mod

        return words(agencies_mod.KINDS, typed)
    from kpukoord.records import meetings as meetings_mod

    return words(meetings_mod.KINDS, typed)


# --format by command (each command's help lists the same)
_FORMATS = {
    "minutes": ["docx", "html", "markdown", "text", "terminal"],
    "import": ["csv", "json", "yaml"],
}
_REPORT_FORMATS = ["terminal", "text", "markdown", "html", "json"]


def _formats(where: Where, typed: str) -> Candidates:
    found = next((f for name, f in _FORMATS.items() if name in where.command), _REPORT_FORMATS)
    return words(found, typed)


def _statuses() -> list[str]:
    from kpukoord.records import meetings as meetings_mod

    return list(meetings_mod.STATUSES)


def _zones() -> list[str]:
    from kpukoord.language import dates

    return list(dates.TIMEZONES)


def _levels() -> list[str]:
    from kpukoord.records import agencies as agencies_mod

    return list(agencies_mod.LEVELS)


def _tables() -> list[str]:
    from kpukoord.exchange import files as exchange

    return list(exchange.TABLES)


_AGENCIES = _from_db(agencies)
_PEOPLE = _from_db(people)
# What completes the value of each key inside a spec, and each spec's head.
_SPEC_VALUES: dict[str, Complete] = {
    "agency": _AGENCIES,
    "owner": _AGENCIES,
    "person": _PEOPLE,
    "by": _PEOPLE,
}
_SPEC_HEADS: dict[str, Complete | None] = {
    "attendee": _AGENCIES,
    "person": _PEOPLE,
    "action": None,  # free text
    "group": None,
    "point": None,
    "directive": None,
    "award": None,
    "figure": None,
}


def _spec(kind: str) -> Complete:
    """A 'HEAD; key=value; …' value: the head, the keys after '; ', their values."""

    def complete(where: Where, typed: str) -> Candidates:
        if ";" not in typed:
            head = _SPEC_HEADS[kind]
            return head(where, typed) if head else []
        before, _sep, part = typed.rpartition(";")
        lead = before + ";" + part[: len(part) - len(part.lstrip())]
        part = part.lstrip()
        if "=" in part:
            key, _eq, value = part.partition("=")
            fn = _SPEC_VALUES.get(key.strip().lower())
            return [(f"{lead}{key}={v}", h) for v, h in fn(where, value)] if fn else []
        from kpukoord.records import meetings as meetings_mod  # the keys' one declaration (heavy)

        if not lead.endswith(" "):
            lead += " "  # 'Rakor;' completes as 'Rakor; owner='
        return [(f"{lead}{k}=", "") for k in meetings_mod.SPEC_KEYS[kind] if k.startswith(part)]

    return complete


_SCHEDULES = _from_db(schedules)

# Parameter -> what it completes: options by their Click name (``--opened-by`` is
# ``opened_by``), positional arguments as ``argument:NAME``.
BY_PARAM: dict[str, Complete] = {
    "attendee": _spec("attendee"),
    "action": _spec("action"),
    "chair": _spec("person"),
    "opened_by": _spec("person"),
    "speaker": _spec("person"),
    "notulis": _spec("person"),
    "group": _spec("group"),
    "point": _spec("point"),
    "directive": _spec("directive"),
    "award": _spec("award"),
    "figure": _spec("figure"),
    "agency": _AGENCIES,
    "owner": _AGENCIES,
    "host": _AGENCIES,
    "parent": _AGENCIES,
    "office": _AGENCIES,
    "meeting": _from_db(meetings),
    "stage": _from_db(stages),
    "schedule": _SCHEDULES,
    "region": lambda where, typed: regions(typed),
    "timezone": _fixed(_zones),
    "kind": _kinds,
    "status": _fixed(_statuses),
    "level": _fixed(_levels),
    "format": _formats,
    "lang": _fixed(lambda: ["id", "en"]),
    "argument:agency": _AGENCIES,
    "argument:person": _PEOPLE,
    "argument:meeting": _from_db(meetings),
    "argument:action": _from_db(actions),
    "argument:stage": _from_db(stages),
    "argument:code": _SCHEDULES,
    "argument:a": _SCHEDULES,  # schedule diff A B (B may be a file: the shell offers files)
    "argument:b": _SCHEDULES,
    "argument:table": _fixed(_tables),
}


def candidates(key: str, where: Where, typed: str) -> Candidates:
    """What parameter ``key`` offers for ``typed``: values starting with it (any case).

    A value holding a character the text rule refuses (a file from an older version,
    or merged) is left out, and such characters in the help become U+FFFD: a
    completion list is drawn by the shell, straight onto the terminal."""
    fn = BY_PARAM.get(key)
    if fn is None:
        return []
    from kpukoord.language import text

    low = typed.casefold()
    return [
        (v, text.shown(h))
        for v, h in fn(where, typed)
        if v.casefold().startswith(low) and text.shown(v) == v  # never a control character
    ]
