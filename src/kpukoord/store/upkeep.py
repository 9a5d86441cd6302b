"""The file's upkeep: a safe copy of it (``db backup``) and its health (``db check``).

Split from :mod:`kpukoord.store.db` (issue 27), which keeps the connection, the
transactions and the row helpers; its module still answers to ``db.backup``,
``db.check`` and the check names, for the callers that import them from there.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from kpukoord.errors import DatabaseError
from kpukoord.language import text
from kpukoord.language.i18n import N_, _
from kpukoord.store import rows as row_rules
from kpukoord.store.db import HELD_DAYS_OFF, LINK_DATES_OFF, Database, Progress, _ident


def backup(db: Database, target: Path, *, progress: Progress | None = None) -> None:
    """Copy the database with SQLite's online backup API (safe while others write).

    ``progress`` hears the pages copied. Interrupted (Ctrl-C), no file is left."""
    target = Path(target).expanduser()
    if target.resolve() == db.path.resolve():
        raise DatabaseError(
            _("{target}: is the database itself; choose another file").format(target=target)
        )
    if not target.parent.is_dir():
        raise DatabaseError(
            _("{target}: directory {parent} does not exist").format(
                target=target, parent=target.parent
            )
        )
    if target.exists():
        raise DatabaseError(_("{target}: exists; not overwriting it").format(target=target))
    tmp = target.with_name(target.name + ".part")
    try:  # ours alone from the first byte: a stale or concurrent .part is not touched
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise DatabaseError(
            _(
                "{target}: {part} exists: another backup to this name is under way, or one "
                "was interrupted; remove {part} if no backup is running"
            ).format(target=target, part=tmp.name)
        ) from None
    except OSError as exc:
        raise DatabaseError(
            _("{target}: backup failed ({exc})").format(target=target, exc=exc)
        ) from None
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            what = _("backup {target}").format(target=target.name)
            db.conn.backup(
                dest,
                pages=1024,
                progress=(lambda _s, left, total: progress(what, total - left, total))
                if progress
                else None,
            )
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        _publish(tmp, target)  # a backup appears whole or not at all, and never over another
    except (OSError, sqlite3.Error) as exc:
        Path(tmp).unlink(missing_ok=True)  # ours: made above with O_EXCL
        if isinstance(exc, FileExistsError):
            raise DatabaseError(
                _("{target}: exists; not overwriting it").format(target=target)
            ) from None
        raise DatabaseError(
            _("{target}: backup failed ({exc})").format(target=target, exc=exc)
        ) from None
    except BaseException:  # Ctrl-C: no half-written copy stays behind
        Path(tmp).unlink(missing_ok=True)
        raise


def _publish(tmp: Path, target: Path) -> None:
    """tmp renamed to target unless target exists (FileExistsError): a hard link
    where the filesystem has them (atomic), else a check and a rename (FAT on USB)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


SHOWN_ROWS = 20  # bad rows db check names; the rest are counted


def stored_row_problems(db: Database) -> list[str]:
    """Every stored row against the rules of :mod:`kpukoord.store.rows` (those merge and the
    write path apply), one line per bad value: for a file another tool edited."""

    found: list[str] = []
    count = 0
    for table in row_rules.tables(db.conn):
        check = row_rules.checker(table.name, table.columns, table.required)
        cur = db.conn.execute(
            f"SELECT {', '.join(table.columns)} FROM {_ident(table.name)}"  # noqa: S608
        )
        cur.row_factory = None  # tuples, as the checker takes them
        for row in cur:
            for column, problem in check(row):
                count += 1
                if len(found) < SHOWN_ROWS:
                    found.append(
                        _("row rules: {table} {id}: {column}: {problem}").format(
                            table=table.name,
                            id=text.visible(str(row[0]))[:40],
                            column=column,
                            problem=problem,
                        )
                    )
    if count > len(found):
        found.append(_("row rules: and {n} more problems").format(n=count - len(found)))
    return found


# The checks' names: English keys in JSON, shown translated (N_ marks them for the catalog).
QUICK_CHECKS = [
    "quick_check",
    N_("foreign keys"),
    N_("search index"),
    N_("kpukoord rules"),
    N_("history"),
]
FULL_CHECKS = [
    "integrity_check",
    N_("foreign keys"),
    N_("search index against its records"),
    N_("kpukoord rules"),
    N_("history against its records"),
]


def check(db: Database, *, full: bool = False, progress: Progress | None = None) -> list[str]:
    """SQLite's own checks plus the project's invariants; an empty list means healthy.

    By default ``PRAGMA quick_check`` (every page and record, not index contents
    against their tables), ``foreign_key_check``, the FTS index's own consistency and
    our rules; ``full`` runs ``integrity_check`` and compares the search index with
    the records too, and every attendance's held day against its meeting (m015)
    (:data:`QUICK_CHECKS` / :data:`FULL_CHECKS` name them). A damaged
    file is a finding, never a crash: each check that cannot even run says why.
    """
    problems: list[str] = []

    done = 0
    steps = 5 + 6 + full  # the three checks below, the row rules, the history, the rules after

    def step(label: str) -> None:
        nonlocal done
        if progress:
            progress(_("checking: {label}").format(label=label), done, steps)
        done += 1

    def run(label: str, fn: Any) -> None:
        step(label)
        try:
            fn()
        except sqlite3.DatabaseError as exc:
            problems.append(_("{label}: {exc}").format(label=_(label), exc=exc))

    def integrity() -> None:
        pragma = "integrity_check" if full else "quick_check(100)"
        for (msg,) in db.conn.execute(f"PRAGMA {pragma}"):
            if msg != "ok":
                problems.append(_("integrity: {msg}").format(msg=msg))

    def foreign_keys() -> None:
        for row in db.conn.execute("PRAGMA foreign_key_check"):
            problems.append(
                _("foreign key: {value0} row {value1} points to a missing {value2}").format(
                    value0=row[0], value1=row[1], value2=row[2]
                )
            )

    def search_index() -> None:
        # rank 1 also compares the index with _search_doc (reads every document)
        db.conn.execute(
            "INSERT INTO _search(_search, rank) VALUES ('integrity-check', ?)", [1 if full else 0]
        )

    run(N_("integrity"), integrity)
    if problems:  # a damaged file: the other checks would only repeat it
        return problems
    run(N_("foreign keys"), foreign_keys)
    run(N_("search index"), search_index)
    # The rules SQLite's own checks do not cover: a missing agency, meeting or stage
    # behind a row is a foreign-key finding already (foreign_key_check above).
    rules = [
        (N_("meeting ends before it starts"), "SELECT id FROM meeting WHERE end_date < start_date"),
        (N_("stage ends before it starts"), "SELECT id FROM stage WHERE end_date < start_date"),
        (
            N_("open follow-up owned by a removed agency"),
            # from the few removed agencies to their open follow-ups (action_owner_open),
            # not from every follow-up (3.6 s nationally)
            "SELECT x.id FROM agency a CROSS JOIN action x INDEXED BY action_owner_open "
            "ON x.owner_id = a.id WHERE a.deleted_at IS NOT NULL "
            "AND x.status = 'open' AND x.deleted_at IS NULL",
        ),
        (N_("stage link dated unlike its meeting"), LINK_DATES_OFF),
        (
            N_("row without an id or origin"),
            "SELECT 'meeting' FROM meeting WHERE id = '' OR origin = '' UNION ALL "
            "SELECT 'agency' FROM agency WHERE id = '' OR origin = ''",
        ),
        (
            N_("done follow-up without a done date"),
            "SELECT id FROM action WHERE status = 'done' AND done_date IS NULL",
        ),
    ]
    if full:  # derived data against its records, like the search index above
        rules.append((N_("attendance dated unlike its meeting"), HELD_DAYS_OFF))
    steps = 5 + len(rules)
    run("kpukoord rules", lambda: problems.extend(stored_row_problems(db)))
    from kpukoord.store import history

    run("history", lambda: problems.extend(history.check(db, full=full)))
    # every command reads this office (its name, zone, agency): a file without one is
    # a half-made database (an init that failed before it was made all or nothing)
    with contextlib.suppress(sqlite3.DatabaseError):
        office = db.get("office", db.office_id) if db.office_id else None
        if office is None or not office["name"]:
            problems.append(
                _("no office: this database has no office name; run 'kpukoord init --office NAME'")
            )
    for label, sql in rules:
        step(label)
        try:
            rows = db.query(sql)
        except sqlite3.DatabaseError as exc:
            problems.append(_("{label}: cannot check ({exc})").format(label=_(label), exc=exc))
            continue
        if rows:
            sample = ", ".join(str(next(iter(r.values()))) for r in rows[:3])
            problems.append(
                _("{label}: {value0} row(s), e.g. {sample}").format(
                    label=_(label), value0=len(rows), sample=sample
                )
            )
    return problems


def foreign_value(db: Database) -> str | None:
    """The first stored value of a type its column does not take (a BLOB or a number where
    text belongs, text where a number does), as ``table id: column: problem``; None when
    every value has its column's type. What another tool may have written, found by
    SQLite's typeof(), one scan per column: asked only after a command met such a value
    (a view cannot show a BLOB as a title), so its error names the row instead of a bug."""
    for table in row_rules.tables(db.conn):
        for column in table.columns:
            if column in row_rules.INTEGERS:
                takes = "'integer', 'null'"
            elif column in row_rules.NUMBERS:
                takes = "'integer', 'real', 'null'"
            else:
                takes = "'text', 'null'"
            found = db.conn.execute(
                f"SELECT id, {_ident(column)} FROM {_ident(table.name)} "  # noqa: S608
                f"WHERE typeof({_ident(column)}) NOT IN ({takes}) LIMIT 1"
            ).fetchone()
            if found is not None:
                problem = row_rules.problem(table.name, column, found[1]) or ""
                return f"{table.name} {text.visible(str(found[0]))[:40]}: {column}: {problem}"
    return None
