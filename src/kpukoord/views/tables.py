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


def meeting_table(
    rows: list[dict[str, Any]], title: str | None = None, more: str | None = None
) -> Table:
    t = _table(
        title or f"{len(rows)} meetings", "id", "date", "kind", "title", "host", "att.", "status"
    )
    t.caption, t.caption_justify = more, "left"  # "N lagi — ..." below a cut list
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


def action_table(
    recs: list[dict[str, Any]], title: str | None = None, more: str | None = None
) -> Table:
    t = _table(title or f"{len(recs)} follow-ups", "id", "what", "owner", "due", "status", "from")
    t.caption, t.caption_justify = more, "left"  # "N lagi — ..." below a cut list
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


# -- schedules and stages ---------------------------------------------------------

CONF_STYLE = {"official": "green", "news-2": "", "news-1": "yellow", "recalled": "bold red"}


def _days(start: str | None, end: str | None) -> str:
    if start and end:
        n = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
        return f"{n} hari"
    return ""


def _stage_dates(s: dict[str, Any]) -> str:
    start, end = s.get("start") or s.get("start_date"), s.get("end") or s.get("end_date")
    if not start and end:
        return f"… – {_d(end)}"
    return _span(start, end)


def schedule_table(rows: list[dict[str, Any]]) -> Table:
    t = _table(f"{len(rows)} schedules", "code", "title", "voting day", "from", "to", "stages")
    for r in rows:
        t.add_row(
            r["code"],
            r["title"],
            _d(r["voting_day"]),
            _d(r["first_date"]),
            _d(r["last_date"]),
            str(r["stage_count"]),
        )
    return t


def schedule_detail(rec: dict[str, Any]) -> Group:
    from rich.tree import Tree

    head = kv(
        [
            ("Schedule", Text(rec["title"], style="bold")),
            ("Code", rec["code"]),
            ("Regulation", rec["regulation"]),
            ("Election", rec["election"]),
            (
                "Voting day",
                format_date(dt.date.fromisoformat(rec["voting_day"]))
                if rec["voting_day"]
                else None,
            ),
            ("Signed", _d(rec["signed"]) if rec["signed"] else None),
            ("Amends", rec["amends"]),
            ("Notes", rec["notes"]),
        ]
    )
    tree = Tree(Text(rec["code"], style="bold"), guide_style="dim")
    nodes: dict[int, Any] = {-1: tree}
    for s in rec["stages"]:
        label = Text(s["name"], style="bold" if s["depth"] == 0 else "")
        label.append(f"  {_stage_dates(s)}")
        if s["start"] and s["end"]:
            label.append(f"  ({_days(s['start'], s['end'])})", style="dim")
        if s["rule"]:
            label.append(f"  [{s['rule']}]", style="italic")
        label.append(f"  {s['confidence']}", style=CONF_STYLE.get(s["confidence"], ""))
        label.append(f"  {', '.join(s['sources'])}", style="dim")
        label.append(f"  ({s['key']})", style="dim")
        if s.get("note"):
            label.append(f"  ⚠ {s['note']}", style="yellow")
        nodes[s["depth"]] = nodes[s["depth"] - 1].add(label)
    sources = _table("Sources", "key", "citation")
    for k, v in rec["sources"].items():
        sources.add_row(k, v)
    return Group(head, tree, sources)


def stage_table(items: list[dict[str, Any]], title: str | None = None) -> Table:
    t = _table(title or f"{len(items)} stages", "stage", "name", "dates", "days left", "conf.")
    t.columns[0].overflow = "ellipsis"
    t.columns[0].no_wrap = True
    for s in items:
        left = s["days_left"]
        left_txt = "" if left is None else ("selesai" if left < 0 else f"{left}")
        t.add_row(
            f"{s['schedule']}:{s['key']}",
            s["name"],
            _stage_dates(s),
            left_txt,
            Text(s["confidence"], style=CONF_STYLE.get(s["confidence"], "")),
        )
    return t


def stage_detail(rec: dict[str, Any]) -> Group:
    head = kv(
        [
            ("Stage", Text(rec["name"], style="bold")),
            ("Ref", f"{rec['schedule']}:{rec['key']}"),
            ("Path", rec["path"]),
            ("Dates", _stage_dates(rec)),
            ("Duration", _days(rec["start"], rec["end"])),
            ("Rule", rec["rule"]),
            ("Confidence", Text(rec["confidence"], style=CONF_STYLE.get(rec["confidence"], ""))),
            ("Sources", ", ".join(rec["sources"])),
        ]
    )
    m = meeting_table(rec["meetings"], title="Meetings citing this stage")
    p = _table("Progress", "date", "percent", "note", "meeting")
    for x in rec["progress"]:
        pct = "" if x["percent"] is None else f"{x['percent']:g}%"
        p.add_row(_d(x["reported_on"]), pct, x["note"] or "", x["meeting"] or "")
    return Group(head, m, p)


def import_report(reports: list[dict[str, Any]], dry_run: bool) -> Group:
    lines: list[Any] = []
    for r in reports:
        head = Text(f"{r['code']}: {r['status']}", style="bold")
        if r["status"] != "unchanged":
            head.append(
                f"  ({len(r['added'])} added, {len(r['changed'])} changed, "
                f"{len(r['removed'])} removed)",
                style="",
            )
        lines.append(head)
        if r["status"] == "created":
            continue
        for k in r["added"]:
            lines.append(Text(f"  + {k}", style="green"))
        for c in r["changed"]:
            for f, (old, new) in c["fields"].items():
                lines.append(Text(f"  ~ {c['key']}: {f} {old} → {new}", style="yellow"))
        for k in r["removed"]:
            lines.append(Text(f"  - {k}", style="red"))
        for f, (old, new) in r.get("schedule_changed", {}).items():
            lines.append(Text(f"  ~ schedule {f}: {old} → {new}", style="yellow"))
    if dry_run:
        lines.append(Text("dry run: nothing was written", style="italic"))
    return Group(*lines)


def schedule_diff(a_name: str, b_name: str, rows: list[dict[str, Any]]) -> Table:
    t = _table(f"{a_name} → {b_name}", "change", "stage", "name", a_name, b_name)
    style = {"added": "green", "removed": "red", "changed": "yellow"}
    for r in rows:
        t.add_row(
            Text(r["change"], style=style[r["change"]]),
            r["key"],
            r["name"],
            r["a"] or "",
            r["b"] or "",
        )
    if not rows:
        t.caption = "no differences"
    return t


def history_table(code: str, rows: list[dict[str, Any]]) -> Table:
    t = _table(
        f"Imports of {code}",
        "imported (UTC)",
        "status",
        "added",
        "changed",
        "removed",
        "hash",
        "file",
    )
    for r in rows:
        s = r["summary"]
        t.add_row(
            r["imported_at"][:19].replace("T", " "),
            r["status"],
            str(s.get("added", "")),
            str(s.get("changed", "")),
            str(s.get("removed", "")),
            r["file_hash"][:12],
            r["source_path"] or "",
        )
    return t
