"""The weekly report's layout: its data (:func:`kpukoord.report.weekly`) as a document.

The labels are in Indonesian and English; :mod:`kpukoord.views.document` writes
the document as terminal output, WhatsApp text, Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpukoord.dates import format_date, format_range, format_short, format_span, format_time
from kpukoord.views.document import Document, Line, Section

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Laporan Rakor Mingguan",
        "week": "Minggu {iso}: {range}",
        "as_of": "Per {date}",
        "countdown": "H-{days} pemungutan suara {election} ({date})",
        "countdown_today": "Hari-H pemungutan suara {election} ({date})",
        "stages": "Tahapan",
        "ending": "Berakhir dalam {ahead} hari",
        "active": "Sedang berjalan",
        "starting": "Dimulai dalam {ahead} hari",
        "holidays": "Hari libur",
        "days_left": "sisa {n} hari",
        "ends_today": "berakhir hari ini",
        "elapsed": "{n}% waktu berjalan",
        "progress": "progres {p}",
        "reported": "dilaporkan {date}",
        "starts_in": "mulai dalam {n} hari",
        "starts_today": "mulai hari ini",
        "starts_tomorrow": "mulai besok",
        "ends_tomorrow": "berakhir besok",
        "open_start": "sejak sebelum regulasi",
        "meetings": "Rapat",
        "past": "7 hari terakhir",
        "this_week": "Minggu ini",
        "planned": "Terjadwal",
        "decision": "Keputusan",
        "more": "… dan {n} lainnya",
        "not_recorded": "belum dicatat terlaksana",
        "at": "di",
        "actions": "Tindak lanjut",
        "overdue": "Terlambat",
        "due": "Jatuh tempo dalam {ahead} hari",
        "done": "Selesai {span}",
        "span_past": "7 hari terakhir",
        "span_week": "minggu ini",
        "undated": "Tanpa tenggat",
        "open_since": "terbuka sejak {date}, {ago}",
        "due_on": "jatuh tempo {date}",
        "late": "terlambat {n} hari",
        "done_on": "selesai {date}",
        "no_due": "tanpa tenggat",
        "coverage": "Cakupan koordinasi",
        "last_met": "terakhir {date} ({ago})",
        "never_met": "belum pernah dalam setahun terakhir",
        "stale": "belum bertemu dalam {n} hari",
        "all_met": "semua ({n}) bertemu dalam {stale} hari terakhir",
        "some_cold": "{k} dari {n} belum bertemu dalam {stale} hari",
        "today": "hari ini",
        "yesterday": "kemarin",
        "days_ago": "{n} hari lalu",
        "empty": "Tidak ada tahapan, rapat, atau tindak lanjut dalam jendela laporan ini.",
        "no_office": "(kantor belum diatur: kpukoord init --office ...)",
        "cuti bersama": "cuti bersama",
        "libur nasional": "libur nasional",
        "footer": "Dibuat dengan kpukoord",
    },
    "en": {
        "title": "Weekly Coordination Report",
        "week": "Week {iso}: {range}",
        "as_of": "As of {date}",
        "countdown": "{days} days to voting day, {election} ({date})",
        "countdown_today": "Voting day today, {election} ({date})",
        "stages": "Stages",
        "ending": "Ending within {ahead} days",
        "active": "Active",
        "starting": "Starting within {ahead} days",
        "holidays": "Holidays",
        "days_left": "{n} days left",
        "ends_today": "ends today",
        "elapsed": "{n}% of time elapsed",
        "progress": "progress {p}",
        "reported": "reported {date}",
        "starts_in": "starts in {n} days",
        "starts_today": "starts today",
        "starts_tomorrow": "starts tomorrow",
        "ends_tomorrow": "ends tomorrow",
        "open_start": "since before the regulation",
        "meetings": "Meetings",
        "past": "Past 7 days",
        "this_week": "This week",
        "planned": "Planned",
        "decision": "Decision",
        "more": "… and {n} more",
        "not_recorded": "not yet recorded as held",
        "at": "at",
        "actions": "Follow-ups",
        "overdue": "Overdue",
        "due": "Due within {ahead} days",
        "done": "Done {span}",
        "span_past": "in the past 7 days",
        "span_week": "this week",
        "undated": "No due date",
        "open_since": "open since {date}, {ago}",
        "due_on": "due {date}",
        "late": "{n} days late",
        "done_on": "done {date}",
        "no_due": "no due date",
        "coverage": "Coordination coverage",
        "last_met": "last {date} ({ago})",
        "never_met": "not met in the past year",
        "stale": "not met within {n} days",
        "all_met": "all ({n}) met within the past {stale} days",
        "some_cold": "{k} of {n} not met within {stale} days",
        "today": "today",
        "yesterday": "yesterday",
        "days_ago": "{n} days ago",
        "empty": "No stages, meetings or follow-ups in this report's window.",
        "no_office": "(office not set: kpukoord init --office ...)",
        "cuti bersama": "collective leave",
        "libur nasional": "national holiday",
        "footer": "Made with kpukoord",
    },
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
    L = LABELS[lang]
    ahead = (_d(data["window"]["ahead"]) - _d(data["as_of"])).days
    week = data["week"]
    office = data["office"]["name"] or L["no_office"]
    header = [
        office,
        L["week"].format(
            iso=week["iso"], range=format_range(_d(week["start"]), _d(week["end"]), lang)
        ),
        L["as_of"].format(date=format_date(_d(data["as_of"]), lang)),
    ]
    for c in data["countdowns"]:
        key = "countdown_today" if c["days"] == 0 else "countdown"
        header.append(
            L[key].format(
                days=c["days"], election=c["election"], date=format_date(_d(c["voting_day"]), lang)
            )
        )
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
                Line(f"{format_date(_d(h['date']), lang)}: {h['name']} ({L[h['kind']]})")
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
                date=format_short(_d(c["last_met"]), lang), ago=_ago(c["days_since"], L)
            )
        line = Line(text, alert=bool(c["stale_total"]))
        for agency in cold:
            if agency["last_met"]:
                when = L["last_met"].format(
                    date=format_short(_d(agency["last_met"]), lang),
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
    return Document(L["title"], header, sections, L["footer"])


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
    bits = [format_span(s["start"], s["end"], lang, empty="")]
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
    line = Line(
        f"{s['name']} ({s.get('election') or s['schedule']}): " + ", ".join(b for b in bits if b)
    )
    p = s.get("progress")
    if p:
        pct = "" if p["percent"] is None else f"{p['percent']:g}%"
        text = L["progress"].format(p=pct).strip()
        if p["note"]:
            text += f": {p['note']}" if pct else f" {p['note']}"
        text += f" ({L['reported'].format(date=format_short(_d(p['reported_on']), lang))})"
        line.sub.append(text)
    return line


def _meeting_line(m: dict[str, Any], L: dict[str, str], lang: str, as_of: str) -> Line:
    when = format_range(_d(m["start_date"]), _d(m["end_date"]), lang)
    if m["start_time"]:
        when += " " + format_time(m["start_time"], m["timezone"], lang, m.get("end_time"))
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
        bits.append(L["done_on"].format(date=format_short(_d(a["done_date"]), lang)))
    elif a["due_date"]:
        bits.append(L["due_on"].format(date=format_short(_d(a["due_date"]), lang)))
        if a["days_late"]:
            bits.append(L["late"].format(n=a["days_late"]))
    elif "since" in a:
        bits.append(
            L["open_since"].format(
                date=format_short(_d(a["since"]), lang), ago=_ago(a["days_open"], L)
            )
        )
    else:
        bits.append(L["no_due"])
    return Line(f"{a['owner']}: {a['text']} ({', '.join(bits)})", alert=bool(a["days_late"]))
