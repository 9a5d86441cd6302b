"""The history as people read it: change sets and a record's versions, in Indonesian.

"Senin, 7 Desember 2026 10.42 WITA — meeting edit", then one line a changed row:
"rapat 01JF…: tempat 'Aula KPU' → 'Hotel Sahid'". Lines wrap at 80 columns between
words (ids are never cut); times are the change's UTC in the office's zone.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

from kpukoord.language import dates
from kpukoord.language.i18n import _, language
from kpukoord.language.text import visible

WIDTH = 80
ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
# Bookkeeping columns: in --json, not in the readable view.
QUIET = {"updated_at", "revision", "created_at", "origin", "id", "lookup", "lookup_loose"}


def table_label(table: str) -> str:
    """A table as people call the record it holds (the one vocabulary of views)."""
    from kpukoord.views import vocabulary

    return vocabulary.record_label(table)


def field_label(column: str) -> str:
    """A column of a record as its history names it."""
    from kpukoord.views import vocabulary

    return vocabulary.in_words(vocabulary.HISTORY_FIELDS, column)


def op_label(op: str) -> str:
    from kpukoord.views import vocabulary

    return vocabulary.in_words(vocabulary.CHANGES, op)


def when(at: str | None, zone: str | None) -> str:
    """A stored UTC time in the office's zone: 'Senin, 7 Desember 2026 10.42 WITA'."""
    if not at:
        return _("(time unknown)")
    moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    hours = ZONES.get(zone or "")
    label = zone if hours is not None else "UTC"
    local = moment + dt.timedelta(hours=hours or 0)
    day = dates.format_date(local.date(), language())
    return f"{day} {local:%H}.{local:%M} {label}"


# Columns whose values are stored vocabulary keys ('open', 'held', 'kabupaten/kota'):
# shown with their labels, as every other view shows them.
VOCABULARY_COLUMNS = {"status", "kind", "level", "confidence", "part_of_day"}


def _value(v: Any, column: str = "") -> str:
    if v is None:
        return "—"
    if isinstance(v, str) and column in VOCABULARY_COLUMNS:
        from kpukoord.views import vocabulary

        v = vocabulary.label(v)
    return f"'{visible(v)}'" if isinstance(v, str) else str(v)


def describe(row: dict[str, Any]) -> str:
    """'tempat 'Aula KPU' → 'Hotel Sahid'' — or the operation for adds and removals."""
    op = row["op"]
    if op in ("insert", "remove", "restore", "delete"):
        return op_label(op)
    parts = [
        f"{field_label(k)} {_value(a, k)} → {_value(b, k)}"
        for k, (a, b) in row["changes"].items()
        if k not in QUIET
    ]
    return "; ".join(parts) or op_label(op)


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _heading(item: dict[str, Any], zone: str | None) -> str:
    if item["change"] is None:
        return _("changed outside kpukoord (another tool wrote the file)")
    # the command as it was typed ('kpukoord meeting edit'): its words are the tool's own
    command = item["command"] or ""
    if command != "kpukoord" and not command.startswith("kpukoord "):
        command = f"kpukoord {command}".rstrip()
    text = f"{when(item['at'], zone)} — #{item['change']} {visible(command)}"
    if item["undoes"] is not None:
        text += " " + _("(reverses #{change})").format(change=item["undoes"])
    if item["undone_by"] is not None:
        text += " " + _("(undone by #{change})").format(change=item["undone_by"])
    return text


def changes_text(items: list[dict[str, Any]], zone: str | None) -> str:
    """The latest change sets, newest first."""
    if not items:
        return _("no changes recorded yet") + "\n"
    lines: list[str] = []
    for item in items:
        lines += _wrap(_heading(item, zone), "")
        for row in item["rows"]:
            text = f"{table_label(row['table'])} {visible(row['id'])}: {describe(row)}"
            lines += _wrap(text, "  ")
        rest = item["rows_total"] - len(item["rows"])
        if rest > 0:
            lines.append("  " + _("… and {n} more rows").format(n=rest))
    return "\n".join(lines) + "\n"


def record_text(rec: dict[str, Any], zone: str | None) -> str:
    """Every version of one record, oldest first."""
    lines = [f"{table_label(rec['table'])} {visible(rec['id'])}"]
    if not rec["versions"]:
        lines.append("  " + _("no change recorded since the history began"))
    for n, v in enumerate(rec["versions"], 1):
        lines += _wrap(f"{n}. {_heading(v, zone)}", "  ")
        lines += _wrap(describe(v), "     ")
    return "\n".join(lines) + "\n"


def undo_text(plan: dict[str, Any], zone: str | None, dry_run: bool) -> str:
    head = _("will reverse") if dry_run else _("reversed")
    lines = _wrap(f"{head}: {_heading(plan, zone)}", "")
    for row in plan["rows"]:
        lines += _wrap(f"{table_label(row['table'])} {visible(row['id'])}: {describe(row)}", "  ")
    rest = plan["rows_total"] - len(plan["rows"])
    if rest > 0:
        lines.append("  " + _("… and {n} more rows").format(n=rest))
    return "\n".join(lines) + "\n"
