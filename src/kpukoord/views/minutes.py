"""Meeting minutes (notulen) in the usual Indonesian structure.

Built as a :class:`kpukoord.views.document.Document`, so the same text, Markdown and
HTML writers as the weekly report produce them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpukoord.dates import format_date, format_range, format_short, format_time
from kpukoord.views.document import Document, Line, Section

KIND_TITLE = {
    "rakor": "Rapat Koordinasi",
    "rapat-kerja": "Rapat Kerja",
    "kunjungan": "Kunjungan Kerja",
    "supervisi": "Supervisi dan Evaluasi",
    "monev": "Monitoring dan Evaluasi",
    "bimtek": "Bimbingan Teknis",
    "sosialisasi": "Sosialisasi",
    "audiensi": "Audiensi",
    "pleno": "Rapat Pleno",
    "coffee-morning": "Coffee Morning",
    "fgd": "Focus Group Discussion",
    "pelantikan": "Pelantikan",
    "other": "Rapat",
}


def build(rec: dict[str, Any]) -> Document:
    start, end = dt.date.fromisoformat(rec["start_date"]), dt.date.fromisoformat(rec["end_date"])
    waktu = "-"
    if rec["start_time"]:
        waktu = format_time(rec["start_time"], rec["timezone"], end=rec.get("end_time"))
        if not rec.get("end_time"):
            waktu += " s.d. selesai"
    header = [
        f"Hari/tanggal: {format_range(start, end) if start != end else format_date(start)}",
        f"Waktu: {waktu}",
        f"Tempat: {rec['venue'] or '-'}",
        f"Pimpinan rapat: {rec['chair'] or '-'}",
        f"Penyelenggara: {rec['host'] or '-'}",
    ]
    sections = []
    peserta = []
    for a in rec["attendees"]:
        who = ", ".join(x for x in (a["person"], a["position"]) if x)
        peserta.append(Line(f"{a['agency']}" + (f" — {who}" if who else "")))
    sections.append(Section("Peserta", peserta or [Line("-")]))
    agenda = [Line(f"{s['name']} ({s['ref']})") for s in rec["stages"]]
    sections.append(Section("Agenda / tahapan", agenda or [Line(rec["title"])]))
    sections.append(Section("Pembahasan", [Line(rec["notes"] or "-")]))
    sections.append(
        Section(
            "Keputusan",
            [Line(f"{i}. {d}") for i, d in enumerate(rec["decisions"], 1)] or [Line("-")],
        )
    )
    tl = []
    for a in rec["actions"]:
        due = (
            format_short(dt.date.fromisoformat(a["due_date"])) if a["due_date"] else "tanpa tenggat"
        )
        tl.append(Line(f"{a['text']} — {a['owner']}, paling lambat {due} ({a['status']})"))
    sections.append(Section("Tindak lanjut", tl or [Line("-")]))
    title = f"Notulen {KIND_TITLE.get(rec['kind'], 'Rapat')}: {rec['title']}"
    footer = f"Dicatat dengan kpukoord · id {rec['id']}" + (
        f" · sumber: {rec['source']}" if rec["source"] else ""
    )
    return Document(title, header, sections, footer)
