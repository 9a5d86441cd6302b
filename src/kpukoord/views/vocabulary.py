"""Stored vocabulary as people read it: the one place that labels a key.

Statuses, roles, confidence marks, kinds of record and kinds of change keep
their English keys wherever data leaves the program (JSON, CSV, YAML, the
database); every human view shows them through :func:`label`, in the
language in force ("held" → "terlaksana", "chair" → "pimpinan"). A key that
has no label is shown as it is (a value from a newer file, say).
"""

from __future__ import annotations

from kpukoord.language.i18n import N_, _, ngettext

# Statuses of meetings, follow-ups and imports, and kinds of change.
STATUS = {
    "planned": N_("planned"),
    "held": N_("held"),
    "cancelled": N_("cancelled"),
    "open": N_("open"),
    "done": N_("done"),
    "dropped": N_("dropped"),
    "removed": N_("removed"),
    "created": N_("created"),
    "updated": N_("updated"),
    "unchanged": N_("unchanged"),
    "amended": N_("amended"),
    "added": N_("added"),
    "changed": N_("changed"),
}
CONFIDENCE = {"official": N_("official"), "recalled": N_("recalled")}  # news-1/2: codes
ROLES = {
    "opened-by": N_("opened the meeting"),
    "chair": N_("chaired"),
    "speaker": N_("speaker"),
    "notulis": N_("minute-taker"),
}
# Kinds of record: search hits, and the tables a merge counts.
RECORDS = {
    "meeting": N_("meeting"),
    "action": N_("follow-up"),
    "agency": N_("agency"),
    "decision": N_("decision"),
    "person": N_("person (record)"),
    "position": N_("position (record)"),
    "attendee": N_("attendee (record)"),
    "attendee_group": N_("attendee group"),
    "meeting_item": N_("discussion item"),
    "meeting_stage": N_("meeting stage"),
    "meeting_regulation": N_("cited regulation"),
    "series": N_("meeting series"),
    "office": N_("office (record)"),
    "schedule": N_("schedule"),
    "schedule_version": N_("schedule version"),
    "stage": N_("stage"),
    "stage_progress": N_("stage progress"),
    "stage_confirmation": N_("stage confirmation"),
    "person_alias": N_("person's short name"),
    "_merge_map": N_("merged agency"),
    "_merge_origin": N_("merged office"),
}
# Fields of a timetable and its stages, as an import or a diff names what changed.
FIELDS = {
    "name": N_("name"),
    "kind": N_("kind"),
    "start": N_("start"),
    "end": N_("end"),
    "rule": N_("rule"),
    "levels": N_("levels"),
    "sources": N_("sources"),
    "parent": N_("parent stage"),
    "note": N_("note"),
    "notes": N_("notes"),
    "title": N_("title"),
    "regulation": N_("regulation"),
    "election": N_("election"),
    "voting_day": N_("voting day"),
    "signed": N_("signed"),
    "amends": N_("amends"),
    "regions": N_("regions"),
    "confidence": N_("confidence"),
}
# Meeting kinds are Indonesian words already (rakor, kunjungan, bimtek...), but one.
MEETING_KINDS = {"other": N_("other")}
# Columns of a record as its history names them (views/history.py).
HISTORY_FIELDS = {
    "title": N_("title"),
    "kind": N_("kind"),
    "status": N_("status"),
    "start_date": N_("start date"),
    "end_date": N_("end date"),
    "start_time": N_("start time"),
    "end_time": N_("end time"),
    "timezone": N_("time zone"),
    "venue": N_("venue"),
    "host_id": N_("host"),
    "chair": N_("chair"),
    "notes": N_("notes"),
    "source": N_("source"),
    "deleted_at": N_("removed"),
    "name": N_("name"),
    "aliases": N_("aliases"),
    "region": N_("region"),
    "text": N_("text"),
    "owner_id": N_("owner"),
    "due_date": N_("due date"),
    "done_date": N_("done date"),
    "done_note": N_("done note"),
    "meeting_id": N_("meeting"),
    "agency_id": N_("agency"),
    "person_id": N_("person"),
    "position": N_("position"),
    "roles": N_("roles"),
    "percent": N_("percent"),
    "note": N_("note"),
    "reported_on": N_("reported on"),
}
# Kinds of change in a record's history.
CHANGES = {
    "insert": N_("added"),
    "update": N_("changed"),
    "remove": N_("removed"),
    "restore": N_("restored"),
    "delete": N_("deleted"),
}
# A meeting's part of day, stored in English, as the operator says it.
DAY_PARTS = {
    "morning": N_("morning"),
    "midday": N_("midday"),
    "afternoon": N_("afternoon"),
    "evening": N_("evening"),
    "night": N_("night"),
}
# The part of a record a search hit matched.
SEARCH_FIELDS = {
    "title": N_("title"),
    "venue": N_("venue"),
    "notes": N_("notes"),
    "person": N_("attendee"),
    "group": N_("collective attendee"),
    "point": N_("discussion point"),
    "directive": N_("directive"),
    "decision": N_("decision"),
    "award": N_("award"),
    "figure": N_("figure"),
    "text": N_("follow-up"),
    "done_note": N_("completion note"),
    "name": N_("name"),
    "aliases": N_("alias"),
}
# (The tables above name one thing each, so label() below does not search them.)
VOCABULARIES = (STATUS, CONFIDENCE, ROLES, RECORDS, FIELDS, MEETING_KINDS)


def in_words(words: dict[str, str], key: str) -> str:
    """``key`` through one of the tables above, in the language in force; a key the
    table does not hold as it is."""
    english = words.get(key)
    return _(english) if english else key


def record_label(table: str) -> str:
    """A kind of record (a table) as people call it: 'meeting' → 'rapat'."""
    return in_words(RECORDS, table)


def label(key: str) -> str:
    """A stored key in the language in force; a key without a label as it is."""
    for vocabulary in VOCABULARIES:
        english = vocabulary.get(key)
        if english:
            return _(english)
    return key


def sourced(mark: str, sources: list[str]) -> str:
    """A stage's confidence and sources in words: "2 sumber berita: narasi.tv/…, …"."""
    n = len(sources)
    if mark == "official":
        what = _("official KPU source")
    elif mark in ("news-1", "news-2"):
        what = ngettext("{n} news source", "{n} news sources", n).format(n=n)
    elif mark == "recalled":
        what = _("not yet sourced (from memory)")
    else:
        what = mark
    return f"{what}: {', '.join(sources)}" if sources else what


def agency_kind(kind: str) -> str:
    """An agency kind as people read it, short: "party" → "Partai politik", "polri" →
    "Polri", "kpu" → "KPU" (the first name of agencies.KINDS' label)."""
    from kpukoord.records.agencies import KINDS

    text = KINDS.get(kind)
    return text.split(" (")[0].split(" / ")[0] if text else kind
