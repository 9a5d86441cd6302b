"""The offices overview's layout: :func:`kpukoord.rollup.offices` as a document.

One line per office (those with overdue follow-ups first), with what a provincial
supervisor asks on Monday: meetings held this week, the last rakor, open and
overdue follow-ups, agencies not met lately and the latest progress per active
stage; then the offices that have sent nothing new for two weeks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpukoord.dates import format_date, format_range, format_short
from kpukoord.views.document import Document, Line, Section

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Rekap Kantor KPU",
        "week": "Minggu {iso}: {range}",
        "as_of": "Per {date}",
        "count": "{n} kantor; {silent} belum mengirim data dalam {days} hari",
        "sums": "Minggu ini {meetings} rapat; {open} tindak lanjut terbuka, {overdue} terlambat",
        "offices": "Kantor (yang paling banyak tindak lanjut terlambat lebih dulu)",
        "meetings": "{n} rapat minggu ini",
        "last_rakor": "rakor terakhir {date}",
        "no_rakor": "belum ada rakor tercatat",
        "actions": "{open} tindak lanjut terbuka, {overdue} terlambat",
        "stale": "Belum bertemu dalam {days} hari: {n} lembaga ({names})",
        "progress": "Progres {name} ({schedule}): {p} ({date})",
        "own": "kantor ini",
        "silent": "Belum mengirim data dalam {days} hari",
        "last_change": "perubahan terakhir {date}",
        "never": "belum pernah mengirim",
        "more": "… dan {n} lainnya",
        "no_name": "(kantor tanpa nama)",
        "empty": "Belum ada kantor dalam berkas ini.",
        "footer": "Dibuat dengan kpukoord",
    },
    "en": {
        "title": "KPU Offices Overview",
        "week": "Week {iso}: {range}",
        "as_of": "As of {date}",
        "count": "{n} offices; {silent} have sent nothing new in {days} days",
        "sums": "This week {meetings} meetings; {open} open follow-ups, {overdue} overdue",
        "offices": "Offices (most overdue follow-ups first)",
        "meetings": "{n} meetings this week",
        "last_rakor": "last rakor {date}",
        "no_rakor": "no rakor recorded",
        "actions": "{open} open follow-ups, {overdue} overdue",
        "stale": "Not met within {days} days: {n} agencies ({names})",
        "progress": "Progress {name} ({schedule}): {p} ({date})",
        "own": "this office",
        "silent": "Nothing new sent in {days} days",
        "last_change": "last change {date}",
        "never": "never sent",
        "more": "… and {n} more",
        "no_name": "(office without a name)",
        "empty": "No offices in this file yet.",
        "footer": "Made with kpukoord",
    },
}


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def build(data: dict[str, Any], lang: str = "id") -> Document:
    L = LABELS[lang]
    t = data["totals"]
    week = data["week"]
    header = [
        L["week"].format(
            iso=week["iso"], range=format_range(_d(week["start"]), _d(week["end"]), lang)
        ),
        L["as_of"].format(date=format_date(_d(data["as_of"]), lang)),
        L["count"].format(n=t["offices"], silent=t["silent"], days=data["silent_days"]),
        L["sums"].format(
            meetings=t["meetings_this_week"], open=t["open_actions"], overdue=t["overdue_actions"]
        ),
    ]
    lines = [_office_line(x, data, L, lang) for x in data["offices"]]
    if t["offices"] > len(lines):
        lines.append(Line(L["more"].format(n=t["offices"] - len(lines))))
    sections = [Section(L["offices"], lines)] if lines else [Section("", [Line(L["empty"])])]
    silent = [
        Line(
            f"{x['office'] or L['no_name']}"
            + (f" [{x['region']}]" if x["region"] else "")
            + ": "
            + (
                L["last_change"].format(date=format_short(_d(x["last_change"]), lang))
                if x["last_change"]
                else L["never"]
            ),
            alert=True,
        )
        for x in data["silent"]
    ]
    if t["silent"] > len(silent):
        silent.append(Line(L["more"].format(n=t["silent"] - len(silent))))
    if silent:
        sections.append(Section(L["silent"].format(days=data["silent_days"]), silent))
    return Document(L["title"], header, sections, L["footer"])


def _office_line(x: dict[str, Any], data: dict[str, Any], L: dict[str, str], lang: str) -> Line:
    name = x["office"] or L["no_name"]
    if x["region"]:
        name += f" [{x['region']}]"
    if x["own"]:
        name += f" ({L['own']})"
    bits = [
        L["meetings"].format(n=x["meetings_this_week"]),
        L["last_rakor"].format(date=format_short(_d(x["last_rakor"]), lang))
        if x["last_rakor"]
        else L["no_rakor"],
        L["actions"].format(open=x["open_actions"], overdue=x["overdue_actions"]),
    ]
    line = Line(f"{name}: " + "; ".join(bits), alert=bool(x["overdue_actions"]) or x["silent"])
    st = x["stale_agencies"]
    if st["total"]:
        shown = ", ".join(st["names"])
        if st["total"] > len(st["names"]):
            shown += ", " + L["more"].format(n=st["total"] - len(st["names"]))
        line.sub.append(L["stale"].format(days=data["stale_days"], n=st["total"], names=shown))
    for p in x["progress"]:
        pct = "" if p["percent"] is None else f"{p['percent']:g}%"
        if p["note"]:
            pct = f"{pct} {p['note']}".strip()
        line.sub.append(
            L["progress"].format(
                name=p["name"],
                schedule=p["schedule"],
                p=pct,
                date=format_short(_d(p["reported_on"]), lang),
            )
        )
    return line
