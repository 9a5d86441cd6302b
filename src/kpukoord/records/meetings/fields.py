"""The meeting's vocabulary: kinds, statuses, roles, its record's keys, and the checked
shapes (:class:`Draft` and its sub-records) that the draft hands to the writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kpukoord.record import field
from kpukoord.record import record as data_record
from kpukoord.records import vocabulary

KINDS = [
    "rakor",
    "rapat-kerja",
    "kunjungan",
    "supervisi",
    "monev",
    "bimtek",
    "sosialisasi",
    "audiensi",
    "pleno",
    "coffee-morning",
    "fgd",
    "pelantikan",
    "other",
]
_KIND_SYNONYMS = {
    "rapat koordinasi": "rakor",
    "rapat kerja": "rapat-kerja",
    "raker": "rapat-kerja",
    "kunker": "kunjungan",
    "kunjungan kerja": "kunjungan",
    "visit": "kunjungan",
    "ksa": "supervisi",
    "supervisi dan evaluasi": "supervisi",
    "monitoring": "monev",
    "coffee morning": "coffee-morning",
    "coffeemorning": "coffee-morning",
    "rapat pleno": "pleno",
    "lainnya": "other",
}
_KIND = vocabulary.Vocabulary("meeting kind", KINDS, _KIND_SYNONYMS)
STATUSES = ["planned", "held", "cancelled"]
MAX_DAYS = 31  # longest meeting; lets window queries bound start_date from both sides
# (the words the views print for them, too: a status a list shows can be typed back)
_STATUS_SYNONYMS = {
    "rencana": "planned",
    "terjadwal": "planned",
    "direncanakan": "planned",
    "dijadwalkan": "planned",
    "terlaksana": "held",
    "batal": "cancelled",
    "dibatalkan": "cancelled",
}
_STATUS = vocabulary.Vocabulary("status", STATUSES, _STATUS_SYNONYMS)

# The meeting record: the one list of its fields, in the order the JSON view (the
# README's contract), the CSV/JSON exports and the weekly report show them.
RECORD_KEYS = (
    "id",
    "title",
    "kind",
    "status",
    "start_date",
    "end_date",
    "date_as_written",
    "start_time",
    "end_time",
    "timezone",
    "part_of_day",
    "days",
    "venue",
    "host",
    "host_id",
    "opened_by",
    "chair",
    "speakers",
    "notulis",
    "attendees",
    "groups",
    "notes",
    "points",
    "directives",
    "decisions",
    "awards",
    "figures",
    "actions",
    "stages",
    "regulations",
    "source",
    "origin",
    "created_at",
    "updated_at",
)
# What the database writes itself: a file or flag may carry these (an export does) but
# they are never taken from it.
# (days are read from the date: "21, 22 dan 25 Desember 2023", or a file's date_as_written)
COMPUTED_KEYS = frozenset({"host_id", "origin", "created_at", "updated_at", "days"})
# The keys a meeting file or a command may give: the record's own, less the computed
# ones, with the short forms people write ("date" for a range, "time" for start_time).
FIELDS = frozenset(set(RECORD_KEYS) - COMPUTED_KEYS - {"start_time"} | {"date", "time"})
# (an export's start_time is read as time; end_time is a key of its own)
# A meeting in a summary (the weekly report): the record without its details and
# bookkeeping; attendees are summarised as agency names.
SUMMARY_KEYS = tuple(
    k
    for k in RECORD_KEYS
    if k
    not in {
        "host_id",
        "date_as_written",
        "opened_by",
        "chair",
        "speakers",
        "notulis",
        "groups",
        "notes",
        "points",
        "directives",
        "awards",
        "figures",
        "actions",
        "regulations",
        "source",
        "origin",
        "created_at",
        "updated_at",
    }
)
# The scalar fields an update changes (a None in a partial draft leaves them alone).
# (meeting.chair is the free text of records older than m010_meeting_roles, kept as written.)
SCALARS = ("title", "kind", "venue", "notes", "source")
# Who did what at a meeting: a file/JSON key (and flag) per role, each naming a person.
ROLE_KEYS = {
    "opened_by": "opened-by",
    "chair": "chair",
    "speakers": "speaker",
    "notulis": "notulis",
}
ROLES = tuple(ROLE_KEYS.values())
SINGLE_ROLES = ("opened-by", "chair", "notulis")  # one holder per meeting
# What was said and reported, by file/JSON key: the kind stored in meeting_item.
ITEM_KEYS = {"points": "point", "directives": "directive", "awards": "award", "figures": "figure"}
# The keys whose value is a list (a CSV cell joins them with ' | ').
LIST_KEYS = (
    "attendees",
    "decisions",
    "actions",
    "stages",
    "regulations",
    "speakers",
    "groups",
    *ITEM_KEYS,
)

Locator = Callable[..., str]


def check_kind(kind: str) -> str:
    return _KIND.word(kind)


def check_status(status: str) -> str:
    return _STATUS.word(status)


@data_record
class AttendeeSpec:
    agency: str | None  # None: the agency the person served on the day (position history)
    person: str | None = None
    position: str | None = None
    where: str = ""
    divisi: str | None = None
    roles: list[str] = field(default_factory=list)


@data_record
class GroupSpec:
    """A collective attendee: 'Ketua PPK se-Kabupaten Luwu Timur' (kind ppk), 11 people."""

    scope: str
    kind: str
    count: int | None = None
    where: str = ""


@data_record
class ItemSpec:
    """A point of discussion, a directive, an award or a figure, with who said it."""

    kind: str
    text: str
    by: str | None = None  # a person's name
    agency: str | None = None  # an award's recipient, the agency a figure concerns
    value: str | None = None  # a figure: '80%', '12'
    previous: str | None = None  # a figure's earlier value: '11'
    where: str = ""


@data_record
class ActionSpec:
    text: str
    owner: str
    due: dt.date | None = None
    where: str = ""
    # owned by a collective attendee of the meeting: its scope ("PPK se-Kabupaten Bali")
    group: str | None = None


@data_record
class Draft:
    """A checked meeting, or (``partial``) the checked changes to one: None means not given."""

    title: str | None = None
    kind: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None
    time: str | None = None
    end_time: str | None = None  # "HH:MM" (may be "24:00", or before time: past midnight)
    timezone: str | None = None
    # the date phrase as the operator typed it or the file held it ("Selasa (24/11/2024)")
    date_as_written: str | None = None
    # a meeting on separate days ("21, 22 dan 25 Desember 2023"): each of them, in order
    days: tuple[dt.date, ...] | None = None
    # each day with its own time: (day, start, end) for every day, or None
    day_times: tuple[tuple[dt.date, str | None, str | None], ...] | None = None
    part_of_day: str | None = None  # "night" ("malam"): when no clock time is given
    venue: str | None = None
    host: str | None = None
    host_id: str | None = None  # a host already resolved (a series' occurrences)
    notes: str | None = None
    source: str | None = None
    attendees: list[AttendeeSpec] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)
    stages: list[tuple[str, str]] = field(default_factory=list)  # (stage name, where)
    groups: list[GroupSpec] = field(default_factory=list)
    items: list[ItemSpec] = field(default_factory=list)
    regulations: list[str] = field(default_factory=list)  # normalised: "PKPU 7/2022"
    where: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # stored, but the operator should know
