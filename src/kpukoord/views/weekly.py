"""The weekly report's layout: its data (:func:`kpukoord.reports.weekly.weekly`) as a document.

The labels are in Indonesian and English; :mod:`kpukoord.views.document` writes
the document as terminal output, WhatsApp text, Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpukoord.language import dates
from kpukoord.language.i18n import _, using
from kpukoord.views.document import Document, Line, Section, report_words
from kpukoord.views.lists import owner_text


def labels() -> dict[str, str]:
    """The weekly report's words, in the language in force (their Indonesian is in kpukoord.po)."""
    return {
        "title": _("Weekly Coordination Report"),
        **report_words(),
        "countdown": _("{days} days to voting day, {election} ({date})"),
        "countdown_today": _("Voting day today, {election} ({date})"),
        "upcoming": _("{days} days to {name} ({date})"),
        "upcoming_expected": _("{days} days to {name}, expected ({date})"),
        "upcoming_running": _("{name} under way until {date}"),
        "upcoming_running_expected": _("{name}, expected, under way until {date}"),
        "no_timetable": _("No election timetable yet: {election}"),
        "expected": _("expected"),
        "draft": _("draft"),
        "stages": _("Stages"),
        "ending": _("Ending within {ahead} days"),
        "active": _("Active"),
        "starting": _("Starting within {ahead} days"),
        "holidays": _("Holidays"),
        "days_left": _("{n} days left"),
        "ends_today": _("ends today"),
        "elapsed": _("{n}% of time elapsed"),
        "progress": _("progress {p}"),
        "reported": _("reported {date}"),
        "starts_in": _("starts in {n} days"),
        "starts_today": _("starts today"),
        "starts_tomorrow": _("starts tomorrow"),
        "ends_tomorrow": _("ends tomorrow"),
        "open_start": _("since before the regulation"),
        "meetings": _("Meetings"),
        "past": _("Past 7 days"),
        "this_week": _("This week"),
        "planned": _("Planned"),
        "decision": _("Decision"),
        "more": _("… and {n} more"),
        "not_recorded": _("not yet recorded as held"),
        "at": _("at"),
        "actions": _("Follow-ups"),
        "overdue": _("Overdue"),
        "due": _("Due within {ahead} days"),
        "done": _("Done {span}"),
        "span_past": _("in the past 7 days"),
        "span_week": _("this week"),
        "undated": _("No due date"),
        "open_since": _("open since {date}, {ago}"),
        "due_on": _("due {date}"),
        "late": _("{n} days late"),
        "done_on": _("done {date}"),
        "no_due": _("no due date"),
        "coverage": _("Coordination coverage"),
        "last_met": _("last {date} ({ago})"),
        "never_met": _("not met in the past year"),
        "stale": _("not met within {n} days"),
        "all_met": _("all ({n}) met within the past {stale} days"),
        "some_cold": _("{k} of {n} not met within {stale} days"),
        "today": _("today"),
        "yesterday": _("yesterday"),
        "days_ago": _("{n} days ago"),
        "empty": _("No stages, meetings or follow-ups in this report's window."),
        "no_office": _("(office not set: kpukoord init --office ...)"),
        "cuti bersama": _("collective leave"),
        "libur nasional": _("national holiday"),
    }


KIND_NAMES = {
    "bawaslu": "Bawaslu",
    "pemda": "Pemda",
    "dprd": "DPRD",
    "polri": "Polri",
    "tni": "TNI",
    "kejaksaan": "Kejaksaan",
    "kesbangpol": "Kesbangpol",
    "ppk": "PPK",
}


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)  # the report's dates are always given


def build(data: dict[str, Any], lang: str = "id") -> Document:
    with using(lang):
        return _build(data, lang, labels())


def _build(data: dict[str, Any], lang: str, L: dict[str, str]) -> Document:
    ahead = (_d(data["window"]["ahead"]) - _d(data["as_of"])).days
    week = data["week"]
    office = data["office"]["name"] or L["no_office"]
    header = [
        office,
        L["week"].format(
            iso=week["iso"], range=dates.format_range(_d(week["start"]), _d(week["end"]), lang)
        ),
        L["as_of"].format(date=dates.format_date(_d(data["as_of"]), lang)),
    ]
    for c in data["countdowns"]:
        key = "countdown_today" if c["days"] == 0 else "countdown"
        header.append(
            L[key].format(
                days=c["days"],
                election=c["election"],
                date=dates.format_date(_d(c["voting_day"]), lang),
            )
        )
    for u in data.get("upcoming", []):
        key = "upcoming_expected" if u["expected"] else "upcoming"
        day = u["start"]
        if u["start"] < data["as_of"]:  # begun before the report's day: not "H-0"
            key = "upcoming_running_expected" if u["expected"] else "upcoming_running"
            day = u["end"] or u["start"]
        header.append(
            L[key].format(days=u["days"], name=u["name"], date=dates.format_date(_d(day), lang))
        )
    for election in data.get("no_timetable", []):
        header.append(L["no_timetable"].format(election=election))
    sections: list[Section] = []

    st = data["stages"]
    stage_secs = [
        Section(
            L["ending"].format(ahead=ahead),
            [_stage_line(s, L, lang, "ending") for s in st["ending"]],
            3,
        ),
        Section(L["active"], [_stage_line(s, L, lang, "active") for s in st["active"]], 3),
        Section(
            L["starting"].format(ahead=ahead),
            [_stage_line(s, L, lang, "starting") for s in st["starting"]],
            3,
        ),
        Section(
            L["holidays"],
            [
                Line(f"{dates.format_date(_d(h['date']), lang)}: {h['name']} ({L[h['kind']]})")
                for h in data["holidays"]
            ],
            3,
        ),
    ]
    _group(sections, L["stages"], stage_secs)

    m = data["meetings"]
    a = data["actions"]
    totals = {**m.get("totals", {}), **a.get("totals", {})}

    def listed(key: str, items: list[Line]) -> list[Line]:
        """The lines of a capped list, and how many more there are."""
        if totals.get(key, 0) > len(items):
            items.append(Line(L["more"].format(n=totals[key] - len(items))))
        return items

    as_of = data["as_of"]
    whole = data["window"]["back"] == week["start"]  # a week's report, from its Monday
    _group(
        sections,
        L["meetings"],
        [
            Section(
                L["this_week"] if whole else L["past"],
                listed("past", [_meeting_line(x, L, lang, as_of) for x in m["past"]]),
                3,
            ),
            Section(
                L["planned"],
                listed("planned", [_meeting_line(x, L, lang, as_of) for x in m["planned"]]),
                3,
            ),
        ],
    )
    _group(
        sections,
        L["actions"],
        [
            Section(
                L["overdue"], listed("overdue", [_action_line(x, L, lang) for x in a["overdue"]]), 3
            ),
            Section(
                L["due"].format(ahead=ahead),
                listed("due", [_action_line(x, L, lang) for x in a["due"]]),
                3,
            ),
            Section(
                L["done"].format(span=L["span_week"] if whole else L["span_past"]),
                listed("done", [_action_line(x, L, lang) for x in a["done"]]),
                3,
            ),
            Section(
                L["undated"],
                listed("undated", [_action_line(x, L, lang) for x in a.get("undated", [])]),
                3,
            ),
        ],
    )
    cov = []
    stale_days = data["window"]["stale_days"]
    for c in data["coverage"]:
        name = KIND_NAMES.get(c["kind"], c["kind"])
        cold = c["stale"]
        if not c["stale_total"]:
            text = f"{name}: " + L["all_met"].format(n=c["agencies"], stale=stale_days)
        else:
            text = f"{name}: " + L["some_cold"].format(
                k=c["stale_total"], n=c["agencies"], stale=stale_days
            )
        if c["last_met"]:
            text += "; " + L["last_met"].format(
                date=dates.format_short(_d(c["last_met"]), lang), ago=_ago(c["days_since"], L)
            )
        line = Line(text, alert=bool(c["stale_total"]))
        for agency in cold:
            if agency["last_met"]:
                when = L["last_met"].format(
                    date=dates.format_short(_d(agency["last_met"]), lang),
                    ago=_ago(agency["days_since"], L),
                )
            else:
                when = L["never_met"]
            line.sub.append(f"{agency['name']}: {when}")
        if c["stale_total"] > len(cold):
            line.sub.append(L["more"].format(n=c["stale_total"] - len(cold)))
        cov.append(line)
    if cov:
        sections.append(Section(L["coverage"], cov))
    quiet = not any(st.values()) and not (m["past"] or m["planned"])
    quiet = quiet and not (a["overdue"] or a["due"] or a["done"] or a.get("undated"))
    if quiet:  # holidays and coverage may still say something
        sections.insert(0, Section("", [Line(L["empty"])]))
    return Document(L["title"], header, sections, L["footer"], lang=lang)


# Words in a title that already say what kind of meeting it was.
_KIND_WORDS = {
    "rakor": ("rakor", "rapat koordinasi"),
    "rapat-kerja": ("rapat kerja", "raker"),
    "kunjungan": ("kunjungan", "kunker"),
    "supervisi": ("supervisi",),
    "monev": ("monev", "monitoring"),
    "bimtek": ("bimtek", "bimbingan teknis"),
    "sosialisasi": ("sosialisasi",),
    "audiensi": ("audiensi",),
    "pleno": ("pleno",),
    "coffee-morning": ("coffee morning", "ngopi"),
    "fgd": ("fgd", "focus group", "diskusi"),
    "pelantikan": ("pelantikan",),
}


def kind_adds_meaning(kind: str, title: str) -> bool:
    """Whether naming the kind tells more than the title already does."""
    if kind not in _KIND_WORDS:  # "other": says nothing
        return False
    low = title.lower()
    return not any(w in low for w in _KIND_WORDS[kind])


def _ago(days: int | None, L: dict[str, str]) -> str:
    if days == 0:
        return L["today"]
    if days == 1:
        return L["yesterday"]
    return L["days_ago"].format(n=days)


def _group(out: list[Section], title: str, subs: list[Section]) -> None:
    subs = [s for s in subs if s.lines]
    if subs:
        out.append(Section(title, [], 2))
        out.extend(subs)


def _stage_line(s: dict[str, Any], L: dict[str, str], lang: str, which: str) -> Line:
    bits = [dates.format_span(s["start"], s["end"], lang, empty="")]
    if which == "starting" and s["start"]:
        n = s["days_left"] - ((_d(s["end"] or s["start"]) - _d(s["start"])).days)
        bits.append(
            {0: L["starts_today"], 1: L["starts_tomorrow"]}.get(n) or L["starts_in"].format(n=n)
        )
    elif s["days_left"] is not None:
        left = s["days_left"]
        bits.append(
            {0: L["ends_today"], 1: L["ends_tomorrow"]}.get(left) or L["days_left"].format(n=left)
        )
    if which == "active":
        if s["elapsed_percent"] is not None:
            bits.append(L["elapsed"].format(n=s["elapsed_percent"]))
        elif not s["start"]:
            bits.append(L["open_start"])
    marks = [L[m] for m in ("expected", "draft") if s.get(m)]
    name = f"{s['name']}, {', '.join(marks)}" if marks else s["name"]
    line = Line(
        f"{name} ({s.get('election') or s['schedule']}): " + ", ".join(b for b in bits if b)
    )
    p = s.get("progress")
    if p:
        pct = "" if p["percent"] is None else f"{p['percent']:g}%"
        text = L["progress"].format(p=pct).strip()
        if p["note"]:
            text += f": {p['note']}" if pct else f" {p['note']}"
        text += f" ({L['reported'].format(date=dates.format_short(_d(p['reported_on']), lang))})"
        line.sub.append(text)
    return line


def _meeting_line(m: dict[str, Any], L: dict[str, str], lang: str, as_of: str) -> Line:
    when = dates.format_days([_d(x["date"]) for x in m["days"]], lang)  # separate days named
    if m["start_time"]:
        when += " " + dates.format_time(m["start_time"], m["timezone"], lang, m.get("end_time"))
    text = f"{when} — {m['title']}"
    if kind_adds_meaning(m["kind"], m["title"]):
        text += f" ({m['kind'].replace('-', ' ')})"
    stale_plan = m["status"] == "planned" and m["start_date"] < as_of
    if stale_plan:
        text += f" [{L['not_recorded']}]"
    line = Line(text, alert=stale_plan)
    if m["venue"]:
        line.sub.append(f"{L['at']} {m['venue']}")
    for d in m["decisions"]:
        line.sub.append(f"{L['decision']}: {d}")
    return line


def _action_line(a: dict[str, Any], L: dict[str, str], lang: str) -> Line:
    bits = []
    if a["status"] == "done":
        bits.append(L["done_on"].format(date=dates.format_short(_d(a["done_date"]), lang)))
    elif a["due_date"]:
        bits.append(L["due_on"].format(date=dates.format_short(_d(a["due_date"]), lang)))
        if a["days_late"]:
            bits.append(L["late"].format(n=a["days_late"]))
    elif "since" in a:
        bits.append(
            L["open_since"].format(
                date=dates.format_short(_d(a["since"]), lang), ago=_ago(a["days_open"], L)
            )
        )
    else:
        bits.append(L["no_due"])
    owner = owner_text(a["owner"])
    return Line(f"{owner}: {a['text']} ({', '.join(bits)})", alert=bool(a["days_late"]))
