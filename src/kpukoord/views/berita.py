"""The office's news item (berita) drafted from a meeting record, in the house style of
KPU office websites: headline, dateline ("Luwu Utara, Senin (13/2/2023) —"), a lead of
who, what, when and where, who opened and who spoke, the directives, decisions, figures
and follow-ups, and the attendees by agency.

Only facts of the record are written: nothing is quoted (points recorded for a speaker
are reported speech), no figure is added. The sentences are the ones
:mod:`kpukoord.news.draft` reads, so a berita drafted back gives the same meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kpukoord.dates import format_date, format_range, format_time
from kpukoord.views.document import Document, Section
from kpukoord.views.minutes import KIND_TITLE


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def place_of(host: str | None, office: str = "") -> str:
    """'Luwu Utara' from 'KPU Kabupaten Luwu Utara': the place a dateline names."""
    name = host or office
    m = re.search(r"\b(?:Kabupaten|Kota|Provinsi)\s+(.+)$", name)
    if m:
        return m.group(1).strip()
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 else name


def _dateline_date(start: dt.date, end: dt.date) -> str:
    """'Senin (13/2/2023)', 'Jumat-Sabtu (5-6/7/2024)'; a span over months: none."""
    wd = format_date(start).split(",")[0]
    if start == end:
        return f"{wd} ({start.day}/{start.month}/{start.year})"
    if (start.year, start.month) == (end.year, end.month):
        wd2 = format_date(end).split(",")[0]
        return f"{wd}-{wd2} ({start.day}-{end.day}/{start.month}/{start.year})"
    return ""


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _who(p: dict[str, Any]) -> str:
    """'Syamsul Bachri selaku Ketua KPU Kabupaten Luwu Utara'."""
    name = p.get("person") or ""
    about = " ".join(
        _one_line(x).replace(", ", " ").rstrip(".")
        for x in (p.get("position"), p.get("agency"))
        if x
    )
    if name and about:
        return f"{name} selaku {about}"
    return name or about


def _lower_first(text: str) -> str:
    """'Tahapan ...' after 'bahwa' as 'tahapan ...'; an acronym ('KPU aktif') stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


def build(rec: dict[str, Any], *, office: str = "") -> Document:
    start, end = _d(rec["start_date"]), _d(rec["end_date"])
    host = rec["host"] or office
    place = place_of(rec["host"], office)
    kind = KIND_TITLE.get(rec["kind"], "Rapat")
    when = format_range(start, end)
    if rec["start_time"]:
        when += ", " + format_time(rec["start_time"], rec["timezone"], end=rec.get("end_time"))
    verb = "menerima kunjungan kerja" if rec["kind"] == "kunjungan" else f"menggelar {kind}"
    lead = f"{host} {verb} bertajuk {_one_line(rec['title'])} pada {when}"
    dateline_date = _dateline_date(start, end)
    dateline = f"{place}, {dateline_date} — " if dateline_date else f"{place} — "
    paragraphs = [dateline + lead + (f", bertempat di {rec['venue']}." if rec["venue"] else ".")]

    roles = []
    if rec.get("opened_by"):
        roles.append(f"Kegiatan dibuka oleh {_who(rec['opened_by'])}.")
    if rec.get("chair") and rec["chair"].get("person"):
        roles.append(f"Rapat dipimpin oleh {_who(rec['chair'])}.")
    speakers = rec.get("speakers") or []
    if speakers:
        roles.append(f"Bertindak sebagai narasumber {'; '.join(_who(s) for s in speakers)}.")
    if rec.get("notulis"):
        roles.append(f"Notulis kegiatan ini {_who(rec['notulis'])}.")
    if roles:
        paragraphs.append(" ".join(roles))

    for d in rec.get("directives") or []:
        by = d.get("by")
        text = _lower_first(_one_line(d["text"]).rstrip("."))
        paragraphs.append(
            f"Dalam arahannya, {by} meminta agar {text}."
            if by
            else f"Rapat memberi arahan agar {text}."
        )
    for p in rec.get("points") or []:
        by = p.get("by")
        text = _lower_first(_one_line(p["text"]).rstrip("."))
        paragraphs.append(f"{by} menyampaikan bahwa {text}." if by else f"Rapat membahas {text}.")
    for note in (rec.get("notes") or "").split("\n\n"):
        if note.strip():
            paragraphs.append(_one_line(note))
    for f in rec.get("figures") or []:
        who = f.get("by") or f.get("agency") or host
        value = (
            f"naik dari {f['from']} menjadi {f['value']}"
            if f.get("from")
            else f"mencapai {f['value']}"
        )
        paragraphs.append(f"{who} melaporkan {_one_line(f['text']).rstrip('.')} {value}.")
    for d in rec["decisions"]:
        text = _one_line(d if isinstance(d, str) else d["text"]).rstrip(".")
        paragraphs.append(f"Rapat menyepakati bahwa {text}.")
    for a in rec.get("awards") or []:
        giver = a.get("by") or host
        paragraphs.append(f"{giver} menyerahkan {_one_line(a['text'])} kepada {a['agency']}.")
    for a in rec["actions"]:
        due = (
            f" paling lambat {format_date(_d(a['due_date']), weekday=False)}"
            if a["due_date"]
            else ""
        )
        paragraphs.append(
            f"Sebagai tindak lanjut, {a['owner']} {_one_line(a['text']).rstrip('.')}{due}."
        )
    if rec["stages"]:
        paragraphs.append(
            "Pertemuan ini berkaitan dengan tahapan "
            + _join([s["name"] for s in rec["stages"]])
            + "."
        )

    present: list[str] = []
    by_agency: dict[str, list[str]] = {}
    for a in rec["attendees"]:
        items = by_agency.setdefault(a["agency"], [])
        if a.get("person"):
            items.append(_who(a))
    for agency, people in by_agency.items():
        present += people or [agency]
    for g in rec.get("groups") or []:
        present.append(g["scope"] + (f" ({g['count']} orang)" if g.get("count") else ""))
    if present:
        paragraphs.append("Hadir dalam kegiatan tersebut: " + "; ".join(present) + ".")
    footer = f"Draf berita dari catatan kpukoord · id {rec['id']}" + (
        f" · sumber: {rec['source']}" if rec["source"] else ""
    )
    return Document(_one_line(rec["title"]), [], [Section("", paragraphs=paragraphs)], footer)
