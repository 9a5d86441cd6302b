"""Each change to meetings in one transaction: add, update, record a series' occurrence, remove.

The rules live in :class:`~kpukoord.records.meetings.writer.Writer`; these open the
transaction around it and flush its queued rows.
"""

from __future__ import annotations

from kpukoord.errors import Duplicate
from kpukoord.language.i18n import _
from kpukoord.record import replace as with_changes
from kpukoord.records.meetings.fields import Draft
from kpukoord.records.meetings.writer import Twins, Writer
from kpukoord.store.db import Database, Row


def add(
    db: Database,
    draft: Draft,
    *,
    new_agencies: bool = False,
    id: str | None = None,
    new_people: bool = False,
    allow_duplicate: bool = False,
    stored_before: int | None = None,
) -> str:
    """Store a checked draft with its attendees, decisions, actions and stage links.

    A draft that repeats a stored meeting (:meth:`Writer.stored_twin`) is refused unless
    ``allow_duplicate``: an operator in a hurry who runs the same command twice, or
    adds a draft already added, would otherwise double the meeting without a word.
    ``stored_before``: only meetings stored up to that rowid count (a file's earlier
    items are the caller's to compare: they are not stored until the file is)."""
    with db.atomic():
        writer = Writer(db, new_agencies=new_agencies, new_people=new_people)
        twin = None if allow_duplicate else writer.stored_twin(draft, stored_before=stored_before)
        if twin is not None:
            where = draft.where.get("title", "")
            raise Duplicate(
                (f"{where}: " if where and not where.startswith("-") else "")
                + _(
                    "meeting {id} has the same day, host and title: already recorded? "
                    "('kpukoord meeting show {id}'; --allow-duplicate adds it anyway)"
                ).format(id=twin),
                twin,
            )
        meeting_id = writer.add(draft, id=id)
        writer.flush()
    return meeting_id


def update(
    db: Database,
    row: Row,
    draft: Draft,
    *,
    new_agencies: bool = False,
    replace: bool = False,
    new_people: bool = False,
) -> None:
    """Change a stored meeting (see :meth:`Writer.update`)."""
    with db.atomic():
        writer = Writer(db, new_agencies=new_agencies, new_people=new_people)
        writer.update(row, draft, replace=replace)
        writer.flush()


def record_occurrence(
    db: Database, series: Row, draft: Draft, *, new_agencies: bool, new_people: bool = False
) -> str:
    """Record a meeting of a series: its planned occurrence on that day becomes held
    (with what the draft adds); with no occurrence that day, a new meeting joins the series."""
    from kpukoord.records import series as series_mod

    assert draft.start is not None  # a full draft
    with db.atomic():
        writer = Writer(db, new_agencies=new_agencies, new_people=new_people)
        row = series_mod.occurrence_on(db, series["id"], draft.start)
        if row is None:
            meeting_id = writer.add(draft, series_id=series["id"])
        else:
            # Recording it means it happened (or, in the future, is still planned).
            status = draft.status or ("planned" if draft.start > writer.today else "held")
            title = draft.title if draft.title != row["title"] else None
            writer.update(row, with_changes(draft, status=status, title=title, kind=None))
            meeting_id = str(row["id"])
        writer.flush()
    return meeting_id


def remove(db: Database, row: Row) -> None:
    with db.atomic():
        db.soft_delete("meeting", row["id"])


def refuse_twins_in_file(drafts: list[Draft]) -> None:
    """Two items of one file that are one meeting (:class:`Twins`): the second is refused,
    naming the first ('meeting add --from-file'; the file's items are not stored yet)."""
    twins = Twins()
    for d in drafts:
        where = d.where.get("title", "")
        host = (d.host or d.host_id or "").casefold()
        other = twins.earlier(str(d.start), host, d.title or "", d.time)
        twins.keep(str(d.start), host, d.title or "", d.time, where)
        if other is not None:
            raise Duplicate(
                _(
                    "{where}: the same day, host and title as {other}: a duplicate? "
                    "(--allow-duplicate adds it anyway)"
                ).format(where=where, other=other),
                other,
            )


def stored_so_far(db: Database) -> int:
    """The rowid of the last meeting stored: what a file's items, written after it, are
    checked against (``add``'s ``stored_before``)."""
    return int(db.scalar("SELECT coalesce(max(rowid), 0) FROM meeting"))
