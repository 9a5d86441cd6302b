"""The offices overview's layout: :func:`kpukoord.reports.offices.offices` as a document.

One line per office (those with overdue follow-ups first), with what a provincial
supervisor asks on Monday: meetings held this week, the last rakor, open and
overdue follow-ups, agencies not met lately and the latest progress per active
stage; then the offices that have sent nothing new for two weeks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpukoord.language.dates import format_date, format_range, format_short
from kpukoord.language.i18n import _, using
from kpukoord.views.document import Document, Line, Section, report_words


def labels() -> dict[str, str]:
    """The offices overview's words, in the language in force (their Indonesian is in kpukoord.po)."""
    return {
        "title": _("KPU Offices Overview"),
        **report_words(),
        "count": _("{n} offices; {silent} have sent nothing new in {days} days"),
        "sums": _("This week {meetings} meetings; {open} open follow-ups, {overdue} overdue"),
        "offices": _("Offices (most overdue follow-ups first)"),
        "meetings": _("{n} meetings this week"),
        "last_rakor": _("last rakor {date}"),
        "no_rakor": _("no rakor recorded"),
        "actions": _("{open} open follow-ups, {overdue} overdue"),
        "stale": _("Not met within {days} days: {n} agencies ({names})"),
        "progress": _("Progress {name} ({schedule}): {p} ({date})"),
        "own": _("this office"),
        "silent": _("Nothing new sent in {days} days"),
        "last_change": _("last change {date}"),
        "never": _("never sent"),
        "more": _("… and {n} more"),
        "no_name": _("(office without a name)"),
        "empty": _("No offices in this file yet."),
    }


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def build(data: dict[str, Any], lang: str = "id") -> Document:
    with using(lang):
        return _build(data, lang, labels())


def _build(data: dict[str, Any], lang: str, L: dict[str, str]) -> Document:
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
    return Document(L["title"], header, sections, L["footer"], lang=lang)


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
