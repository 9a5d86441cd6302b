"""Human views: Rich tables and panels for records. No SQL, no option parsing.

Every read command has a machine view too (``--json``), built from the same
records; this module only decides how those records look on a terminal.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kpukoord.language.dates import format_date, format_days, format_range, format_span, format_time
from kpukoord.language.i18n import N_, _, ngettext
from kpukoord.store.ids import short
from kpukoord.views import lists, vocabulary
from kpukoord.views.lists import CONF_STYLE


def _d(value: str | None) -> str:
    return format_span(value, None)


_span = format_span


def _table(title: str | None, *columns: str, whole: int = 0) -> Table:
    """A table whose first ``whole`` columns (ids, stage references) never wrap."""
    t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for n, c in enumerate(columns):
        t.add_column(c, overflow="fold", no_wrap=n < whole)
    return t


def _list(listing: lists.Listing) -> Any:
    """A listing inside a detail view, fitted to the terminal's width."""
    from rich.console import Console

    return lists.to_rich(listing, Console().width)


def kv(rows: list[tuple[str, Any]]) -> Table:
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold")
    t.add_column(overflow="fold")
    for k, v in rows:
        if v not in (None, "", []):
            t.add_row(k, v if isinstance(v, Text) else str(v))
    return t


# -- agencies -------------------------------------------------------------------


def agency_detail(rec: dict[str, Any]) -> Group:
    head = kv(
        [
            (_("Agency"), Text(rec["name"], style="bold")),
            (_("Id"), rec["id"]),
            (_("Aliases"), ", ".join(rec["aliases"])),
            (_("Kind"), vocabulary.agency_kind(rec["kind"])),
            (_("Level"), rec["level"]),
            (_("Region"), rec["region"]),
            (_("Parent"), rec["parent"]),
        ]
    )
    parts: list[Any] = [head]
    if rec.get("people"):
        t = _table(_("People"), _("name"), _("position"), _("since"))
        for p in rec["people"]:
            t.add_row(p["name"], p["title"] or "", _d(p["from_date"]))
        parts.append(t)
    # an empty table is a header over nothing: say so in a line instead
    if rec.get("meetings"):
        parts.append(_list(lists.meeting_table(rec["meetings"], title=_("Meetings"))))
    else:
        parts.append(Text(_("No meeting with this agency yet."), style="italic"))
    if rec.get("open_actions"):
        parts.append(_list(lists.action_table(rec["open_actions"], title=_("Open follow-ups"))))
    else:
        parts.append(Text(_("No open follow-up."), style="italic"))
    return Group(*parts)


# -- people ----------------------------------------------------------------------


def person_detail(rec: dict[str, Any]) -> Group:
    t = _table(_("Positions"), _("position"), _("divisi"), _("agency"), _("from"), _("to"))
    for p in rec["positions"]:
        t.add_row(p["title"], p["divisi"] or "", p["agency"], _d(p["from"]), _d(p["to"]))
    m = _table(_("Meetings"), _("date"), _("title"))
    for x in rec["meetings"]:
        m.add_row(_d(x["start_date"]), x["title"])
    return Group(kv([(_("Person"), Text(rec["name"], style="bold")), (_("Id"), rec["id"])]), t, m)


# -- meetings --------------------------------------------------------------------

_STATUS_STYLE = lists.STATUS_STYLE


# A role as people read it ("pimpinan rapat"), not its file key ("chair"); an unknown one as is.
def meeting_detail(rec: dict[str, Any], lang: str = "id") -> Group:
    when = format_days([dt.date.fromisoformat(x["date"]) for x in rec["days"]], lang)
    if rec["start_time"]:
        when += ", " + format_time(rec["start_time"], rec["timezone"], lang, rec.get("end_time"))
    elif rec.get("part_of_day"):  # "siang": the report gave no clock time
        when += f", {lists.day_part_label(rec['part_of_day'])}"
    # the phrase typed or read, when it says more than the normalised date
    written = rec.get("date_as_written")
    if written in (None, "", rec["start_date"], f"{rec['start_date']} – {rec['end_date']}", when):
        written = None
    head = kv(
        [
            (_("Meeting"), Text(rec["title"], style="bold")),
            (_("Id"), rec["id"]),
            (_("Date"), when),
            (_("As written"), written),
            (_("Kind"), vocabulary.label(rec["kind"])),
            (
                _("Status"),
                Text(vocabulary.label(rec["status"]), style=_STATUS_STYLE.get(rec["status"], "")),
            ),
            (_("Venue"), rec["venue"]),
            (_("Host"), rec["host"]),
            (_("Opened by"), _who(rec.get("opened_by"))),
            (_("Chair"), _who(rec["chair"])),
            (_("Minute-taker"), _who(rec.get("notulis"))),
            (_("Source"), rec["source"]),
        ]
    )
    parts: list[Any] = [head]
    if rec["attendees"] or rec.get("groups"):
        t = _table(_("Attendees"), _("agency"), _("person"), _("position"), _("role"))
        for a in rec["attendees"]:
            position = ", ".join(x for x in (a["position"], a.get("divisi")) if x)
            t.add_row(
                a["agency"],
                a["person"] or "",
                position,
                ", ".join(vocabulary.label(r) for r in a.get("roles", [])),
            )
        for g in rec.get("groups", []):
            count = (
                ngettext("{n} person", "{n} people", g["count"]).format(n=g["count"])
                if g["count"]
                else ""
            )
            t.add_row(f"({vocabulary.agency_kind(g['kind'])})", g["scope"], count, "")
        parts.append(t)
    if rec["stages"]:
        t = _table(_("Stages"), _("stage"), _("name"), _("dates"), whole=1)
        for s in rec["stages"]:
            t.add_row(s["ref"], s["name"], _span(s["start"], s["end"]))
        parts.append(t)
    if rec.get("regulations"):
        from kpukoord.timetables import regulations as reg_mod

        t = _table(_("Regulations"), _("regulation"), _("title"))
        for ref in rec["regulations"]:
            t.add_row(ref, reg_mod.lookup(ref).title or "")
        parts.append(t)
    if rec["notes"]:
        parts.append(Panel(rec["notes"], title=_("Notes"), title_align="left", box=box.ROUNDED))
    for key, title in (("points", N_("Discussion")), ("directives", N_("Directives"))):
        if rec.get(key):
            t = _table(_(title), "#", _("text"), _("by"))
            for i, x in enumerate(rec[key], 1):
                t.add_row(str(i), x["text"], x["by"] or "")
            parts.append(t)
    if rec.get("awards"):
        t = _table(_("Awards"), "#", _("text"), _("recipient"), _("by"))
        for i, x in enumerate(rec["awards"], 1):
            t.add_row(str(i), x["text"], x["agency"], x["by"] or "")
        parts.append(t)
    if rec.get("figures"):
        t = _table(_("Figures reported"), "#", _("what"), _("value"), _("agency"), _("by"))
        for i, x in enumerate(rec["figures"], 1):
            value = f"{x['from']} → {x['value']}" if x["from"] else x["value"]
            t.add_row(str(i), x["text"], value, x["agency"] or "", x["by"] or "")
        parts.append(t)
    if rec["decisions"]:
        t = _table(_("Decisions"), "#", _("decision"))
        for i, d in enumerate(rec["decisions"], 1):
            t.add_row(str(i), d)
        parts.append(t)
    if rec["actions"]:
        t = _table(_("Follow-ups"), _("id"), _("what"), _("who"), _("due"), _("status"), whole=1)
        for a in rec["actions"]:
            t.add_row(
                short(a["id"]),
                a["text"],
                lists.owner_text(a["owner"]),
                _d(a["due_date"]),
                lists.status_label(a["status"]),
            )
        parts.append(t)
    return Group(*parts)


def _who(p: dict[str, Any] | None) -> str | None:
    """'Syamsul Bachri, Ketua (KPU Kabupaten Luwu Utara)' for a role's holder."""
    if not p:
        return None
    title = ", ".join(x for x in (p["position"], p.get("divisi")) if x)
    return (
        p["person"] + (f", {title}" if title else "") + (f" ({p['agency']})" if p["agency"] else "")
    )


# -- actions ---------------------------------------------------------------------


# -- dates -----------------------------------------------------------------------


def parsed_date(text: str, parsed: dict[str, Any]) -> Table:
    start = dt.date.fromisoformat(parsed["start"])
    end = dt.date.fromisoformat(parsed["end"])
    rows: list[tuple[str, Any]] = [
        (_("Input"), text),
        (_("Understood"), format_range(start, end)),
        (_("Start"), f"{parsed['start']}  ({format_date(start)})"),
        (_("End"), f"{parsed['end']}  ({format_date(end)})"),
    ]
    if parsed["time"]:
        until = f"–{parsed['end_time']}" if parsed.get("end_time") else ""
        rows.append((_("Time"), f"{parsed['time']}{until} {parsed['timezone'] or ''}".strip()))
    elif parsed["timezone"]:
        rows.append((_("Time zone"), parsed["timezone"]))
    return kv(rows)


# -- schedules and stages ---------------------------------------------------------


def _days(start: str | None, end: str | None) -> str:
    if start and end:
        n = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
        return ngettext("{n} day", "{n} days", n).format(n=n)
    return ""


def _stage_dates(s: dict[str, Any]) -> str:
    return format_span(s.get("start") or s.get("start_date"), s.get("end") or s.get("end_date"))


def _stage_when(s: dict[str, Any]) -> str:
    """A stage's dates, or for a recurring stage without dates how it recurs ("berulang
    triwulanan"): not a bare "—" over a stage that happens every quarter."""
    if s.get("recurs") and not (s.get("start") or s.get("end")):
        from kpukoord.timetables import recurrence

        return _("recurs {every}").format(every=recurrence.every_label(s["recurs"]))
    return _stage_dates(s)


def schedule_detail(rec: dict[str, Any]) -> Group:
    from rich.tree import Tree

    head = kv(
        [
            (_("Schedule"), Text(rec["title"], style="bold")),
            (_("Code"), rec["code"]),
            (_("Status"), _("draft") if rec.get("status") == "draft" else None),
            (_("Regulation"), rec["regulation"]),
            (_("Election"), rec["election"]),
            (
                _("Voting day"),
                format_date(dt.date.fromisoformat(rec["voting_day"]))
                if rec["voting_day"]
                else None,
            ),
            (_("Signed"), _d(rec["signed"]) if rec["signed"] else None),
            (_("Amends"), rec["amends"]),
            (_("Notes"), rec["notes"]),
        ]
    )
    tree = Tree(Text(rec["code"], style="bold"), guide_style="dim")
    nodes: dict[int, Any] = {-1: tree}
    for s in rec["stages"]:
        label = Text(s["name"], style="bold" if s["depth"] == 0 else "")
        label.append(f"  {_stage_when(s)}")
        if s["start"] and s["end"]:
            label.append(f"  ({_days(s['start'], s['end'])})", style="dim")
        if s["rule"]:
            label.append(f"  [{s['rule']}]", style="italic")
        label.append(
            f"  {lists.confidence_label(s['confidence'])}",
            style=CONF_STYLE.get(s["confidence"], ""),
        )
        label.append(f"  {', '.join(s['sources'])}", style="dim")
        label.append(f"  ({s['key']})", style="dim")
        if s.get("note"):
            label.append(f"  ⚠ {s['note']}", style="yellow")
        nodes[s["depth"]] = nodes[s["depth"] - 1].add(label)
    sources = _table(_("Sources"), _("key"), _("citation"))
    for k, v in rec["sources"].items():
        sources.add_row(k, v)
    return Group(head, tree, sources)


def _figure_number(n: float | None, sign: bool = False) -> str:
    """1203 -> '1.203'; with sign '+1.203' / '−980' (as offices write figures)."""
    if n is None:
        return ""
    text = f"{abs(n):,.2f}".rstrip("0").rstrip(".") if n != int(n) else f"{abs(int(n)):,}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if sign:
        return ("+" if n > 0 else "−" if n < 0 else "±") + text
    return ("−" if n < 0 else "") + text


def _occurrence_table(rec: dict[str, Any]) -> Table:
    """A recurring stage's occurrences: dates, expected or confirmed, meetings, figures
    with the change from the previous occurrence."""
    from kpukoord.timetables import recurrence

    every = rec.get("recurs") or "quarterly"
    t = _table(_("Occurrences"), _("period"), _("dates"), _("status"), _("figures"))
    for o in rec["occurrences"]:
        figs = []
        for f in o["figures"]:
            line = f"{f['text']}: {_figure_number(f['value'])}"
            if f["change"] is not None:
                line += f" ({_figure_number(f['change'], sign=True)})"
            figs.append(line)
        meetings = ngettext("{n} meeting", "{n} meetings", len(o["meetings"])).format(
            n=len(o["meetings"])
        )
        t.add_row(
            recurrence.period_label(every, o["occurrence"]),
            _stage_dates(o),
            (_("expected") if o["expected"] else _("confirmed"))
            + (f", {meetings}" if o["meetings"] else ""),
            "\n".join(figs),
        )
    return t


def stage_detail(rec: dict[str, Any]) -> Group:
    head = kv(
        [
            (_("Stage"), Text(lists.stage_name(rec), style="bold")),
            (_("Ref"), f"{rec['schedule']}:{rec['key']}"),
            (_("Path"), rec["path"]),
            (_("Dates"), _stage_when(rec)),
            (_("Duration"), _days(rec["start"], rec["end"])),
            (_("Rule"), rec["rule"]),
            (
                _("Confidence"),
                Text(
                    lists.confidence_label(rec["confidence"]),
                    style=CONF_STYLE.get(rec["confidence"], ""),
                ),
            ),
            (_("Sources"), ", ".join(rec["sources"])),
        ]
    )
    # an empty table is a header over nothing: say so in a line instead
    m: Any = (
        _list(lists.meeting_table(rec["meetings"], title=_("Meetings citing this stage")))
        if rec["meetings"]
        else Text(_("No meeting has cited this stage yet."), style="italic")
    )
    p: Any = _table(_("Progress"), _("date"), _("percent"), _("note"), _("meeting"))
    for x in rec["progress"]:
        pct = "" if x["percent"] is None else f"{x['percent']:g}%"
        p.add_row(_d(x["reported_on"]), pct, x["note"] or "", x["meeting"] or "")
    if not rec["progress"]:
        p = Text(_("No progress reported yet (kpukoord stage progress)."), style="italic")
    if rec.get("occurrences"):
        m = Group(_occurrence_table(rec), m)
    if not rec.get("amended"):
        return Group(head, m, p)
    h = _table(
        _("Earlier dates (the dates above are current)"),
        _("was"),
        _("changed"),
        _("why"),
        _("sources"),
    )
    for a in rec["amended"]:
        h.add_row(_stage_dates(a), _d(a["changed"]), a["by"], ", ".join(a["sources"]))
    return Group(head, h, m, p)


def import_report(reports: list[dict[str, Any]], dry_run: bool) -> Group:
    lines: list[Any] = []
    for r in reports:
        head = Text(f"{r['code']}: {lists.status_label(r['status'])}", style="bold")
        if r["status"] != "unchanged":
            head.append(
                "  "
                + _("({added} added, {changed} changed, {removed} removed)").format(
                    added=len(r["added"]), changed=len(r["changed"]), removed=len(r["removed"])
                ),
                style="",
            )
        lines.append(head)
        if r["status"] == "created":
            continue
        for k in r["added"]:
            lines.append(Text(f"  + {k}", style="green"))
        for c in r["changed"]:
            for f, (old, new) in c["fields"].items():
                lines.append(
                    Text(f"  ~ {c['key']}: {vocabulary.label(f)} {old} → {new}", style="yellow")
                )
        for k in r["removed"]:
            lines.append(Text(f"  - {k}", style="red"))
        for f, (old, new) in r.get("schedule_changed", {}).items():
            lines.append(
                Text(
                    "  ~ "
                    + _("schedule {field}: {old} → {new}").format(
                        field=vocabulary.label(f), old=old, new=new
                    ),
                    style="yellow",
                )
            )
    if dry_run:
        lines.append(Text(_("dry run: nothing was written"), style="italic"))
    return Group(*lines)


def schedule_diff(a_name: str, b_name: str, rows: list[dict[str, Any]]) -> Table:
    t = _table(f"{a_name} → {b_name}", _("change"), _("stage"), _("name"), a_name, b_name)
    style = {"added": "green", "removed": "red", "changed": "yellow"}
    for r in rows:
        t.add_row(
            Text(lists.status_label(r["change"]), style=style[r["change"]]),
            r["key"],
            r["name"],
            r["a"] or "",
            r["b"] or "",
        )
    if not rows:
        t.caption = _("no differences")
    return t


def history_table(code: str, rows: list[dict[str, Any]]) -> Any:
    """A schedule's imports. At 80 columns the file's name (up to 44 cells: the Bangka
    re-vote's) is kept whole under its hash, the status under the time and the three
    counts one under another, each on its header's line (trial bug 15)."""
    out = lists.Listing(
        _("Imports of {code}").format(code=code),
        [
            lists.Column(_("imported (UTC)"), weight=1, least=10),
            lists.Column(_("status"), fixed=True, under_previous=True),
            lists.Column(_("added"), fixed=True, right=True),
            lists.Column(_("changed"), fixed=True, right=True, under_previous=True),
            lists.Column(_("removed"), fixed=True, right=True, under_previous=True),
            lists.Column("hash", fixed=True),
            lists.Column(_("file"), fixed=True, under_previous=True),
        ],
    )
    for r in rows:
        s = r["summary"]
        out.rows.append(
            [
                r["imported_at"][:19].replace("T", " "),
                lists.status_label(r["status"]),
                str(s.get("added", "")),
                str(s.get("changed", "")),
                str(s.get("removed", "")),
                r["file_hash"][:8],
                # the file's name: a full path was cut mid-word at 80 columns (--json has it)
                PurePath(r["source_path"]).name if r["source_path"] else "",
            ]
        )
    return _list(out)


def amendment_table(code: str, rows: list[dict[str, Any]]) -> Table:
    """Stages of a schedule whose dates were moved: earlier and current dates, and why."""
    t = _table(
        _("Dates changed in {code}").format(code=code),
        _("stage"),
        _("was"),
        _("now"),
        _("changed"),
        _("why"),
        _("sources"),
    )
    for r in rows:
        was = {"start": r["was"][0], "end": r["was"][1]}
        now = {"start": r["now"][0], "end": r["now"][1]}
        t.add_row(
            r["key"],
            _stage_dates(was),
            _stage_dates(now),
            _d(r["changed"]),
            r["by"],
            ", ".join(r["sources"]),
        )
    return t
