"""Action items (tindak lanjut): who does what by when, and whether it is done."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, Unpack

from kpukoord.errors import KpuError, UsageError
from kpukoord.language import dates
from kpukoord.language.i18n import _
from kpukoord.records import listing
from kpukoord.records.listing import Where
from kpukoord.store.db import Database, Row
from kpukoord.store.ids import short

__all__ = ["add_action", "cancel", "find", "list_rows", "mark_done", "record", "reopen", "values"]

_SELECT = (
    "SELECT x.*, coalesce(a.name, x.owner_group) AS owner, m.title AS meeting_title, "
    "m.start_date AS meeting_date FROM action x LEFT JOIN agency a ON a.id = x.owner_id "
    "LEFT JOIN meeting m ON m.id = x.meeting_id "
)


def values(
    text: str,
    owner_id: str | None,
    due: dt.date | None,
    meeting_id: str | None,
    owner_group: str | None = None,
) -> Row:
    """The row of a new, open follow-up (written alone or with its meeting); its owner an
    agency, or a collective attendee of its meeting (owner_group: "PPK se-Kabupaten Bali")."""
    return {
        "text": text,
        "owner_id": owner_id,
        "owner_group": owner_group,
        "due_date": due.isoformat() if due else None,
        "status": "open",
        "meeting_id": meeting_id,
    }


def add_action(
    db: Database, text: str, owner_id: str, due: dt.date | None, meeting_id: str | None
) -> str:
    """Store one follow-up (of a meeting, or on its own)."""
    return db.insert("action", values(text, owner_id, due, meeting_id))


def find(db: Database, ident: str) -> Row:
    return db.by_prefix("action", ident, _("action"), label="text")


class Filters(TypedDict, total=False):
    """The filters of a follow-up list; each left out or None: not filtered."""

    mode: str  # open (the default), overdue (open and past due), done, all
    owner_id: str | None
    meeting_id: str | None
    today: dt.date | None  # the day "overdue" is reckoned from (default: today)


def list_rows(db: Database, *, limit: int | None = None, **filters: Unpack[Filters]) -> list[Row]:
    """The follow-ups of the filters (:class:`Filters`), earliest due first, those
    without a due date last."""
    where, params, index = _list_filters(**filters)
    select = _SELECT.replace("FROM action x ", f"FROM action x {index} ")
    # Two index-ordered reads instead of ORDER BY coalesce(due_date, ...), which no
    # index can deliver: the dated ones, then (if the page has room) the undated.
    rows = db.query(
        select
        + f"WHERE {where} AND x.due_date IS NOT NULL ORDER BY x.due_date, x.created_at"
        + (f" LIMIT {int(limit)}" if limit else ""),
        params,
    )
    if not limit or len(rows) < limit:
        rows += db.query(
            select
            + f"WHERE {where} AND x.due_date IS NULL ORDER BY x.created_at"
            + (f" LIMIT {int(limit) - len(rows)}" if limit else ""),
            params,
        )
    return rows


def list_total(db: Database, **filters: Unpack[Filters]) -> int:
    """How many follow-ups :func:`list_rows` would return without a limit, counted up to
    ``COUNT_CAP + 1`` (:meth:`Database.count_upto`)."""
    where, params, index = _list_filters(**filters)
    return db.count_upto(f"SELECT 1 FROM action x {index} WHERE {where}", params)  # noqa: S608


# list_page(db, limit=N, **filters): the first N follow-ups of a list and how many there are
list_page = listing.pager(list_rows, list_total)


def _list_filters(**filters: Unpack[Filters]) -> tuple[str, list[Any], str]:
    """(WHERE, parameters, INDEXED BY or '') of a follow-up list.

    Without statistics SQLite picks (status, due_date) for open follow-ups and then
    visits every row to test deleted_at (123,000 nationally); the partial indexes
    hold exactly the live open ones, in list order, so they are named.
    """
    mode = filters.get("mode", "open")
    owner_id, meeting_id = filters.get("owner_id"), filters.get("meeting_id")
    where = Where("x.deleted_at IS NULL")
    if mode == "open":
        where.add("x.status = 'open'")
    elif mode == "overdue":
        where.add(
            "x.status = 'open' AND x.due_date < ?",
            (filters.get("today") or dates.today()).isoformat(),
        )
    elif mode == "done":
        where.add("x.status = 'done'")
    elif mode != "all":
        raise UsageError(_("unknown action filter {mode!r}").format(mode=mode))
    if owner_id:
        where.add("x.owner_id = ?", owner_id)
    if meeting_id:
        where.add("x.meeting_id = ?", meeting_id)
    index = ""
    if mode in ("open", "overdue") and not meeting_id:
        index = "INDEXED BY action_owner_open" if owner_id else "INDEXED BY action_open_due"
    return where.sql(), where.params, index


def get(db: Database, action_id: str) -> Row:
    row = db.one(_SELECT + "WHERE x.id = ?", [action_id])
    assert row is not None
    return row


def record(row: Row, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dates.today()
    late = None
    if row["status"] == "open" and row["due_date"] and row["due_date"] < today.isoformat():
        late = (today - dt.date.fromisoformat(row["due_date"])).days
    return {
        "id": row["id"],
        "text": row["text"],
        "owner": owner(row),
        "owner_id": row["owner_id"],
        "due_date": row["due_date"],
        "status": row["status"],
        "days_late": late,
        "meeting_id": row["meeting_id"],
        "meeting": row.get("meeting_title"),
        "done_date": row["done_date"],
        "done_note": row["done_note"],
        "origin": row["origin"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def owner(row: Row) -> str | dict[str, str]:
    """A follow-up's owner in its record: the agency's name, or {"group": scope} for a
    collective attendee of its meeting."""
    return {"group": row["owner_group"]} if row.get("owner_group") else row["owner"]


def mark_done(db: Database, row: Row, note: str | None, day: dt.date | None = None) -> None:
    if row["status"] == "done":
        raise KpuError(
            _("action {value0} is already done (on {done_date})").format(
                value0=short(row["id"]), done_date=row["done_date"]
            )
        )
    with db.atomic():
        db.update(
            "action",
            row["id"],
            {"status": "done", "done_date": (day or dates.today()).isoformat(), "done_note": note},
        )


def reopen(db: Database, row: Row) -> None:
    if row["status"] == "open":
        raise KpuError(_("action {value0} is already open").format(value0=short(row["id"])))
    with db.atomic():
        db.update("action", row["id"], {"status": "open", "done_date": None, "done_note": None})


def cancel(db: Database, row: Row, note: str | None) -> None:
    if row["status"] == "cancelled":
        raise KpuError(_("action {value0} is already cancelled").format(value0=short(row["id"])))
    with db.atomic():
        db.update("action", row["id"], {"status": "cancelled", "done_note": note})
