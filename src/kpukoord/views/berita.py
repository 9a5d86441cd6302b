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

from kpukoord.language.dates import format_date, format_range, format_time
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


def _title_at(position: str | None, agency: str | None) -> str:
    """'Ketua KPU Kabupaten Luwu Utara'; 'Kepala Badan Kesbangpol' at 'Badan Kesbangpol
    Kabupaten Luwu Utara' without the words twice; 'Bupati Sijunjung' as it is."""
    pos = _one_line(position or "").replace(", ", " ").rstrip(".")
    if not agency:
        return pos
    if not pos:
        return agency
    p, a = pos.split(), agency.split()
    for n in range(min(len(p), len(a)), 0, -1):
        if [w.lower() for w in p[-n:]] == [w.lower() for w in a[:n]]:
            return " ".join(p + a[n:])
    if len(p) > 1 and a[-1].lower() in (w.lower() for w in p):
        return pos  # the title names its place: "Pjs. Bupati Bengkulu Utara"
    return f"{pos} {agency}"


def _who(p: dict[str, Any]) -> str:
    """'Syamsul Bachri selaku Ketua KPU Kabupaten Luwu Utara'."""
    name = p.get("person") or ""
    about = _title_at(p.get("position"), p.get("agency"))
    if name and about:
        return f"{name} selaku {about}"
    return name or about


def _names_kind(title: str) -> bool:
    """Whether a title begins with what the meeting was ("Rakor ...", "Kunjungan ...")."""
    from kpukoord.news.words import KIND_WORDS

    low = title.lower()
    return any(low.startswith(c) for cues in KIND_WORDS.values() for c in cues)


def _lower_first(text: str, keep: frozenset[str] = frozenset()) -> str:
    """'Tahapan ...' after 'bahwa' as 'tahapan ...'; an acronym ('KPU aktif') or a name
    ('Kesbangpol dan KPU ...', 'Pemilu 2024') stays; a common noun ('Pemilih baru') does not."""
    from kpukoord.news.words import KEEP_CAPITAL

    first = text.split(" ", 1)[0]
    if first.lower() in KEEP_CAPITAL or first.lower() in keep:
        return text
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


# A directive recorded as a noun phrase ("Pentingnya koordinasi …", as reports write what a
# speaker stressed) reads "menekankan pentingnya …"; "meminta agar pentingnya" is not Indonesian.
_NOUN_DIRECTIVE = re.compile(r"^(?:pentingnya|perlunya|urgensi)\b", re.IGNORECASE)


def build(rec: dict[str, Any], *, office: str = "") -> Document:
    start, end = _d(rec["start_date"]), _d(rec["end_date"])
    host = rec["host"] or office
    keep = frozenset(  # the words of the agencies' names stay as written
        w.lower() for n in [host, *(a["agency"] for a in rec["attendees"])] for w in n.split()
    )

    def lower_first(text: str) -> str:
        return _lower_first(text, keep)

    place = place_of(rec["host"], office)
    kind = KIND_TITLE.get(rec["kind"], "Rapat")
    when = format_range(start, end)
    if rec["start_time"]:
        when += ", " + format_time(rec["start_time"], rec["timezone"], end=rec.get("end_time"))
    title = _one_line(rec["title"])
    what = lower_first(title) if _names_kind(title) else f"{kind.lower()} bertajuk {title}"
    visit = rec["kind"] == "kunjungan" and what.startswith("kunjungan")
    verb = "menerima" if visit else "menggelar"
    if rec["status"] == "planned":  # not held yet: an announcement
        verb = f"akan {verb}"
    lead = f"{host} {verb} {what} pada {when}"
    if rec["status"] == "cancelled":
        lead = f"{host} membatalkan {what} yang dijadwalkan pada {when}"
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
        text = lower_first(_one_line(d["text"]).rstrip("."))
        if _NOUN_DIRECTIVE.match(text):  # "pentingnya koordinasi …" is stressed, not asked
            paragraphs.append(
                f"Dalam arahannya, {by} menekankan {text}." if by else f"Rapat menekankan {text}."
            )
            continue
        paragraphs.append(
            f"Dalam arahannya, {by} meminta agar {text}."
            if by
            else f"Rapat memberi arahan agar {text}."
        )
    for p in rec.get("points") or []:
        by = p.get("by")
        text = lower_first(_one_line(p["text"]).rstrip("."))
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
        what = lower_first(_one_line(f["text"]).rstrip("."))  # mid-sentence: "jumlah pemilih"
        paragraphs.append(f"{who} melaporkan {what} {value}.")
    for d in rec["decisions"]:
        text = lower_first(_one_line(d if isinstance(d, str) else d["text"]).rstrip("."))
        paragraphs.append(f"Rapat menyepakati bahwa {text}.")
    for a in rec.get("awards") or []:
        giver = a.get("by") or host
        paragraphs.append(f"{giver} menyerahkan {_one_line(a['text'])} kepada {a['agency']}.")
    for a in rec["actions"]:
        due = a["due_date"] and f" paling lambat {format_date(_d(a['due_date']), weekday=False)}"
        text = lower_first(_one_line(a["text"]).rstrip("."))
        paragraphs.append(
            f"Sebagai tindak lanjut, {a['owner']} ditugaskan untuk {text}{due or ''}."
        )
    if rec.get("regulations"):
        paragraphs.append(f"Rapat merujuk pada {_join(list(rec['regulations']))}.")
    if rec["stages"]:
        names = _join([lower_first(x["name"]) for x in rec["stages"]])
        paragraphs.append(f"Pertemuan ini berkaitan dengan tahapan {names}.")

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
    return Document(
        _one_line(rec["title"]),
        [],
        [Section("", paragraphs=paragraphs)],
        footer,
        # the docx properties are the office's, as the minutes' (not "kpukoord")
        subject=f"{kind} — {host}" if host else kind,
        category="Berita",
        author=office or host or "",
    )
