"""Meeting minutes (notulen) in the usual Indonesian structure, ready to sign.

Built as a :class:`kpukoord.views.document.Document` (letterhead, numbered lists,
a follow-up table, a signature block), so the text, Markdown, HTML, terminal and
Word writers all say the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpukoord.language.dates import format_date, format_days, format_range, format_time
from kpukoord.views.document import (
    Document,
    Line,
    Section,
    Signature,
    Signer,
    Table,
    kop_lines,
)
from kpukoord.views.lists import owner_text

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

# Where the place of signing is not known, a dotted space to write it by hand.
NO_PLACE = "." * 20
NONE = "Tidak ada."


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _status(a: dict[str, Any], today: dt.date) -> str:
    if a["status"] == "done":
        return "selesai" + (
            f" {format_date(_d(a['done_date']), weekday=False)}" if a.get("done_date") else ""
        )
    if a["status"] == "cancelled":
        return "dibatalkan"
    if a["due_date"] and _d(a["due_date"]) < today:
        return "belum selesai (lewat tenggat)"
    return "belum selesai"


def _person(p: dict[str, Any] | None) -> str:
    """'Syamsul Bachri (Ketua, KPU Kabupaten Luwu Utara)' for a role's holder."""
    if not p:
        return ""
    name = p.get("person") or ""
    about = ", ".join(x for x in (p.get("position"), p.get("divisi"), p.get("agency")) if x)
    return f"{name} ({about})" if name and about else name or about


ROLE_TITLE = {
    "opened-by": "membuka rapat",
    "chair": "pimpinan rapat",
    "speaker": "narasumber",
    "notulis": "notulis",
}


def _peserta(rec: dict[str, Any]) -> list[Line]:
    """Attendees grouped by agency (in the order first met), each person with position and
    role; then the collective attendees ('Ketua PPK se-Kabupaten Luwu Timur (11 orang)')."""
    groups: dict[str, Line] = {}
    for a in rec["attendees"]:
        line = groups.setdefault(a["agency"], Line(a["agency"]))
        who = ", ".join(x for x in (a.get("person"), a.get("position"), a.get("divisi")) if x)
        roles = [ROLE_TITLE[r] for r in a.get("roles", []) if r in ROLE_TITLE]
        if who and roles:
            who += f" ({', '.join(roles)})"
        if who:
            line.sub.append(who)
    out = list(groups.values())
    for g in rec.get("groups") or []:
        out.append(Line(g["scope"] + (f" ({g['count']} orang)" if g.get("count") else "")))
    return out


def _said(x: dict[str, Any]) -> Line:
    return Line(x["text"] + (f" ({x['by']})" if x.get("by") else ""))


def _figure(f: dict[str, Any]) -> Line:
    value = f"dari {f['from']} menjadi {f['value']}" if f.get("from") else f["value"]
    about = ", ".join(x for x in (f.get("agency"), f.get("by") and f"disampaikan {f['by']}") if x)
    return Line(f"{f['text']}: {value}" + (f" ({about})" if about else ""))


def _award(a: dict[str, Any]) -> Line:
    return Line(
        f"{a['text']} — {a['agency']}" + (f" (diserahkan {a['by']})" if a.get("by") else "")
    )


def build(
    rec: dict[str, Any],
    *,
    office: str = "",
    address: str = "",
    number: str | None = None,
    place: str | None = None,
    regulations: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> Document:
    """The notulen of a meeting record (:func:`kpukoord.records.meetings.record`).

    ``regulations`` maps schedule codes to the regulation they come from
    ("pkpu-2-2024" -> "PKPU 2/2024"), cited in the agenda.
    """
    today = today or dt.date.today()
    regulations = regulations or {}
    end = _d(rec["end_date"])
    # every day of a meeting on separate days ("Kamis, Jumat dan Senin, 21, 22 dan 25 ...")
    fields = [("Hari/tanggal", format_days([_d(x["date"]) for x in rec["days"]]))]
    if rec["start_time"]:
        waktu = format_time(rec["start_time"], rec["timezone"], end=rec.get("end_time"))
        fields.append(("Waktu", waktu + ("" if rec.get("end_time") else " s.d. selesai")))
    elif rec.get("part_of_day"):  # "siang", as the report gave it
        from kpukoord.language.dates import DAY_PART_WORDS

        word = DAY_PART_WORDS.get(rec["part_of_day"], rec["part_of_day"])
        fields.append(("Waktu", word.capitalize()))
    if rec["venue"]:
        fields.append(("Tempat", rec["venue"]))
    fields.append(("Acara", rec["title"]))
    fields.append(("Jenis kegiatan", KIND_TITLE.get(rec["kind"], "Rapat")))
    notulis = rec.get("notulis")
    for label, holder in (
        ("Dibuka oleh", rec.get("opened_by")),
        ("Pimpinan rapat", rec.get("chair")),
        ("Notulis", notulis),
    ):
        if holder:
            fields.append((label, _person(holder)))
    if rec["host"] and rec["host"] != office:
        fields.append(("Penyelenggara", rec["host"]))

    # "Tidak ada." is a sentence under the heading, not an item of a list (as Tindak lanjut)
    peserta = _peserta(rec)
    sections = [Section("Peserta", peserta, paragraphs=[] if peserta else [NONE])]
    speakers = rec.get("speakers") or []
    if speakers:
        sections.append(Section("Narasumber", [Line(_person(s)) for s in speakers], numbered=True))

    agenda = []
    for s in rec["stages"]:
        code = s["ref"].split(":", 1)[0]
        cite = regulations.get(code, code)
        span = ""
        if s.get("start") or s.get("end"):
            a, b = _d(s["start"] or s["end"]), _d(s["end"] or s["start"])
            span = ", " + format_range(a, b, weekday=False)
        agenda.append(Line(f"Tahapan {s['name']} ({cite}{span})"))
    cited = set(regulations.values())
    for ref in rec.get("regulations") or []:  # regulations the meeting cites by number
        if ref not in cited:
            agenda.append(Line(f"Rujukan {ref}"))
    sections.append(Section("Agenda", agenda or [Line(rec["title"])], numbered=bool(agenda)))

    points = [
        Line(p["text"] + (f" ({p['by']})" if p.get("by") else "")) for p in rec.get("points") or []
    ]
    paragraphs = [p.strip() for p in (rec["notes"] or "").split("\n\n") if p.strip()]
    sections.append(
        Section(
            "Pembahasan",
            points,
            numbered=True,
            paragraphs=paragraphs if (paragraphs or points) else [NONE],
        )
    )
    directives = [_said(d) for d in rec.get("directives") or []]
    if directives:
        sections.append(Section("Arahan", directives, numbered=True))
    decisions = [Line(d if isinstance(d, str) else d["text"]) for d in rec["decisions"]]
    sections.append(
        Section("Keputusan", decisions, numbered=True, paragraphs=[] if decisions else [NONE])
    )
    figures = [_figure(f) for f in rec.get("figures") or []]
    if figures:
        sections.append(Section("Angka yang dilaporkan", figures, numbered=True))
    awards = [_award(a) for a in rec.get("awards") or []]
    if awards:
        sections.append(Section("Penghargaan", awards, numbered=True))

    rows = [
        [
            a["text"],
            owner_text(a["owner"]),
            format_date(_d(a["due_date"]), weekday=False) if a["due_date"] else "tanpa tenggat",
            _status(a, today),
        ]
        for a in rec["actions"]
    ]
    tl = Section("Tindak lanjut")
    if rows:
        tl.table = Table(
            ["Tindak lanjut", "Penanggung jawab", "Paling lambat", "Status"],
            rows,
            widths=[5, 3.2, 2.4, 2.4],
            alone=frozenset({"tanpa tenggat"}),
        )
    else:
        tl.paragraphs = [NONE]
    sections.append(tl)

    def signer_of(p: dict[str, Any] | None) -> tuple[str, str]:
        if not p:
            return "", ""
        return p.get("person") or "", ", ".join(
            x for x in (p.get("position"), p.get("agency")) if x
        )

    chair_name, chair_detail = signer_of(rec.get("chair"))
    notulis_name, notulis_detail = signer_of(notulis)
    signature = Signature(
        f"{place or NO_PLACE}, {format_date(end, weekday=False)}",
        [
            Signer(["Mengetahui,", "Pimpinan Rapat"], chair_name, chair_detail),
            Signer(["Notulis"], notulis_name, notulis_detail),
        ],
    )
    footer = f"Dicatat dengan kpukoord · id {rec['id']}" + (
        f" · sumber: {rec['source']}" if rec["source"] else ""
    )
    return Document(
        "NOTULEN RAPAT",
        [],
        sections,
        footer,
        kop=kop_lines(office, address),
        subtitle=[f"Nomor: {number}"] if number else [],
        fields=fields,
        signature=signature,
        name=f"Notulen rapat: {rec['title']}, {format_range(_d(rec['start_date']), _d(rec['end_date']), weekday=False)}",
        subject=KIND_TITLE.get(rec["kind"], "Rapat") + (f" — {rec['host']}" if rec["host"] else ""),
        category="Notulen rapat",
        author=office,
    )
