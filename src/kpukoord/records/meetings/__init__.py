"""Meetings: validation of what the operator typed or wrote in a file, storage, queries.

A meeting arrives as a *raw* mapping (from command-line flags or a YAML/JSON
file) and is checked by :func:`draft_from_raw`, which reports every problem at
once, each prefixed with where it was found (``file:line`` or ``--flag``).
:func:`add` then resolves agencies, people and stages and writes everything in
one transaction.

The rooms, lowest first (each imports only those above it in this list):

- :mod:`.fields`: the vocabulary (kinds, statuses, roles), ``RECORD_KEYS`` and the
  checked shapes (:class:`Draft` and its sub-records);
- :mod:`.spec`: the ``TEXT; key=value`` mini-language of options and CSV cells;
- :mod:`.days`: a meeting's span, separate days and each day's own time;
- :mod:`.draft`: :func:`draft_from_raw`, raw mapping -> :class:`Draft`;
- :mod:`.writer`: :class:`Writer`, the one write path;
- :mod:`.changes`: add, update, record an occurrence, remove (one transaction each);
- :mod:`.queries`: find, list, the records views and exports show.

This module re-exports what the rest of kpukoord uses, so callers write
``meetings.find(...)``.
"""

from __future__ import annotations

from kpukoord.records.meetings.changes import (
    add,
    record_occurrence,
    refuse_twins_in_file,
    remove,
    stored_so_far,
    update,
)
from kpukoord.records.meetings.days import day_entries, days_of
from kpukoord.records.meetings.draft import draft_from_raw
from kpukoord.records.meetings.fields import (
    COMPUTED_KEYS,
    FIELDS,
    ITEM_KEYS,
    KINDS,
    LIST_KEYS,
    MAX_DAYS,
    RECORD_KEYS,
    ROLE_KEYS,
    ROLES,
    STATUSES,
    SUMMARY_KEYS,
    Draft,
    check_kind,
)
from kpukoord.records.meetings.queries import (
    ATTENDEE_COUNT,
    file_id,
    find,
    list_page,
    list_rows,
    record,
    records,
    same,
    summary,
)
from kpukoord.records.meetings.spec import (
    SPEC_KEYS,
    action_spec,
    attendee_spec,
    escape_part,
    item_from_spec,
    person_from_spec,
    spec_of,
    split_escaped,
)
from kpukoord.records.meetings.writer import Twins, Writer

__all__ = [
    "ATTENDEE_COUNT",
    "COMPUTED_KEYS",
    "FIELDS",
    "ITEM_KEYS",
    "KINDS",
    "LIST_KEYS",
    "MAX_DAYS",
    "RECORD_KEYS",
    "ROLES",
    "ROLE_KEYS",
    "SPEC_KEYS",
    "STATUSES",
    "SUMMARY_KEYS",
    "Draft",
    "Twins",
    "Writer",
    "action_spec",
    "add",
    "attendee_spec",
    "check_kind",
    "day_entries",
    "days_of",
    "draft_from_raw",
    "escape_part",
    "file_id",
    "find",
    "item_from_spec",
    "list_page",
    "list_rows",
    "person_from_spec",
    "record",
    "record_occurrence",
    "records",
    "refuse_twins_in_file",
    "remove",
    "same",
    "spec_of",
    "split_escaped",
    "stored_so_far",
    "summary",
    "update",
]
