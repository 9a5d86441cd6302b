"""Human views: Rich tables and panels for records. No SQL, no option parsing.

Every read command has a machine view too (``--json``), built from the same
records; this module only decides how those records look on a terminal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kpukoord.dates import format_date, format_range, format_short
from kpukoord.ids import short


def _d(value: str | None) -> str:
    return format_short(dt.date.fromisoformat(value)) if value else "—"


def _span(start: str | None, end: str | None) -> str:
    if not start:
        return "—"
    if not end or end == start:
        return _d(start)
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{_d(end)}"
    return f"{_d(start)} – {_d(end)}"


def _table(title: str | None, *columns: str) -> Table:
    t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    return t


def kv(rows: list[tuple[str, Any]]) -> Table:
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold")
    t.add_column(overflow="fold")
    for k, v in rows:
        if v not in (None, "", []):
            t.add_row(k, v if isinstance(v, Text) else str(v))
    return t


# -- agencies -------------------------------------------------------------------


def agency_table(rows: list[dict[str, Any]]) -> Table:
    t = _table(f"{len(rows)} agencies", "id", "name", "kind", "level", "region", "aliases")
    for r in rows:
        t.add_row(
            short(r["id"]),
            r["name"],
            r["kind"],
            r["level"] or "",
            r["region"] or "",
            ", ".join(r["aliases"]),
        )
    return t


def agency_detail(rec: dict[str, Any]) -> Group:
    head = kv(
        [
            ("Agency", Text(rec["name"], style="bold")),
            ("Id", rec["id"]),
            ("Aliases", ", ".join(rec["aliases"])),
            ("Kind", rec["kind"]),
            ("Level", rec["level"]),
            ("Region", rec["region"]),
            ("Parent", rec["parent"]),
        ]
    )
    parts: list[Any] = [head]
    if rec.get("people"):
        t = _table("People", "name", "position", "since")
        for p in rec["people"]:
            t.add_row(p["name"], p["title"] or "", _d(p["from_date"]))
        parts.append(t)
    parts.append(meeting_table(rec.get("meetings", []), title="Meetings"))
    parts.append(action_table(rec.get("open_actions", []), title="Open follow-ups"))
    return Group(*parts)


# -- people ----------------------------------------------------------------------


def person_table(rows: list[dict[str, Any]]) -> Table:
    t = _table(f"{len(rows)} people", "id", "name", "position", "agency", "since")
    for r in rows:
        t.add_row(
            short(r["id"]), r["name"], r["title"] or "", r["agency"] or "", _d(r["from_date"])
        )
    return t


def person_detail(rec: dict[str, Any]) -> Group:
    t = _table("Positions", "position", "divisi", "agency", "from", "to")
    for p in rec["positions"]:
        t.add_row(p["title"], p["divisi"] or "", p["agency"], _d(p["from"]), _d(p["to"]))
    m = _table("Meetings", "date", "title")
    for x in rec["meetings"]:
        m.add_row(_d(x["start_date"]), x["title"])
    return Group(kv([("Person", Text(rec["name"], style="bold")), ("Id", rec["id"])]), t, m)


# -- meetings --------------------------------------------------------------------

_STATUS_STYLE = {"planned": "cyan", "held": "green", "cancelled": "strike dim"}


def meeting_table(rows: list[dict[str, Any]], title: str | None = None) -> Table:
    t = _table(
        title or f"{len(rows)} meetings", "id", "date", "kind", "title", "host", "att.", "status"
    )
    for r in rows:
        t.add_row(
            short(r["id"]),
            _span(r["start_date"], r["end_date"]),
            r["kind"],
            r["title"],
            r.get("host") or "",
            str(r.get("attendee_count", len(r.get("attendees", [])))),
            Text(r["status"], style=_STATUS_STYLE.get(r["status"], "")),
        )
    return t


def meeting_detail(rec: dict[str, Any], lang: str = "id") -> Group:
    start = dt.date.fromisoformat(rec["start_date"])
    end = dt.date.fromisoformat(rec["end_date"])
    when = format_range(start, end, lang)
    if rec["start_time"]:
        when += f", pukul {rec['start_time'].replace(':', '.')} {rec['timezone'] or ''}".rstrip()
    head = kv(
        [
            ("Rapat", Text(rec["title"], style="bold")),
            ("Id", rec["id"]),
            ("Hari/tanggal", when),
            ("Jenis", rec["kind"]),
            ("Status", Text(rec["status"], style=_STATUS_STYLE.get(rec["status"], ""))),
            ("Tempat", rec["venue"]),
            ("Tuan rumah", rec["host"]),
            ("Pimpinan", rec["chair"]),
            ("Sumber", rec["source"]),
        ]
    )
    parts: list[Any] = [head]
    if rec["attendees"]:
        t = _table("Peserta", "agency", "person", "position")
        for a in rec["attendees"]:
            t.add_row(a["agency"], a["person"] or "", a["position"] or "")
        parts.append(t)
    if rec["stages"]:
        t = _table("Tahapan", "stage", "name", "dates")
        for s in rec["stages"]:
            t.add_row(s["ref"], s["name"], _span(s["start"], s["end"]))
        parts.append(t)
    if rec["notes"]:
        parts.append(Panel(rec["notes"], title="Catatan", title_align="left", box=box.ROUNDED))
    if rec["decisions"]:
        t = _table("Keputusan", "#", "decision")
        for i, d in enumerate(rec["decisions"], 1):
            t.add_row(str(i), d)
        parts.append(t)
    if rec["actions"]:
        t = _table("Tindak lanjut", "id", "what", "who", "due", "status")
        for a in rec["actions"]:
            t.add_row(short(a["id"]), a["text"], a["owner"], _d(a["due_date"]), a["status"])
        parts.append(t)
    return Group(*parts)


# -- actions ---------------------------------------------------------------------


def action_table(recs: list[dict[str, Any]], title: str | None = None) -> Table:
    t = _table(title or f"{len(recs)} follow-ups", "id", "what", "owner", "due", "status", "from")
    for a in recs:
        status = Text(a["status"])
        if a.get("days_late"):
            status = Text(f"late {a['days_late']}d", style="bold red")
        elif a["status"] == "done":
            status = Text(f"done {_d(a['done_date'])}", style="green")
        t.add_row(
            short(a["id"]), a["text"], a["owner"], _d(a["due_date"]), status, a.get("meeting") or ""
        )
    return t


# -- dates -----------------------------------------------------------------------


def parsed_date(text: str, parsed: dict[str, Any]) -> Table:
    start = dt.date.fromisoformat(parsed["start"])
    end = dt.date.fromisoformat(parsed["end"])
    rows: list[tuple[str, Any]] = [
        ("Input", text),
        ("Understood", format_range(start, end)),
        ("Start", f"{parsed['start']}  ({format_date(start)})"),
        ("End", f"{parsed['end']}  ({format_date(end)})"),
    ]
    if parsed["time"]:
        rows.append(("Time", f"{parsed['time']} {parsed['timezone'] or ''}".strip()))
    elif parsed["timezone"]:
        rows.append(("Time zone", parsed["timezone"]))
    return kv(rows)
