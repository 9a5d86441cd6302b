"""Schema migrations, in order. Never edit a released migration: add a new one.

The migration set is sqlite-utils' ``Migrations`` (it records what ran in
``_sqlite_migrations``). After a run, ``PRAGMA user_version`` is set to the
number of migrations, so opening an up-to-date file costs one pragma and
sqlite-utils is not even imported. A file whose version is newer than this
code knows is refused rather than touched. Before migrating a file that
already holds data, a backup copy is written beside it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kpukoord.errors import DatabaseError
from kpukoord.language.i18n import _

if TYPE_CHECKING:
    from kpukoord.store.db import Database

# Each migration is (name, SQL script), or (name, function of the connection) for one
# that reads the schema it runs on (m018). Names are the contract with files in the field.
_COMMON = """
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT"""

Step = str | Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Step]] = [
    (
        "m001_core",
        f"""
CREATE TABLE _kpukoord (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
CREATE TABLE office ({_COMMON},
    name TEXT,
    region TEXT,
    timezone TEXT CHECK (timezone IN ('WIB', 'WITA', 'WIT')),
    agency_id TEXT REFERENCES agency(id)
);
CREATE TABLE agency ({_COMMON},
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    kind TEXT NOT NULL DEFAULT 'other',
    level TEXT,
    region TEXT,
    parent_id TEXT REFERENCES agency(id),
    lookup TEXT NOT NULL,
    lookup_loose TEXT NOT NULL
);
CREATE INDEX agency_kind ON agency(kind);
CREATE TABLE person ({_COMMON},
    name TEXT NOT NULL,
    lookup TEXT NOT NULL
);
CREATE INDEX person_lookup ON person(lookup);
CREATE TABLE position ({_COMMON},
    person_id TEXT NOT NULL REFERENCES person(id),
    agency_id TEXT NOT NULL REFERENCES agency(id),
    title TEXT NOT NULL,
    divisi TEXT,
    from_date TEXT,
    to_date TEXT
);
CREATE INDEX position_person ON position(person_id);
CREATE INDEX position_agency ON position(agency_id);
CREATE TABLE meeting ({_COMMON},
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    start_time TEXT,
    timezone TEXT,
    venue TEXT,
    host_id TEXT REFERENCES agency(id),
    chair TEXT,
    notes TEXT,
    source TEXT,
    CHECK (end_date >= start_date)
);
CREATE INDEX meeting_start ON meeting(start_date);
CREATE INDEX meeting_end ON meeting(end_date);
CREATE TABLE attendee ({_COMMON},
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    agency_id TEXT NOT NULL REFERENCES agency(id),
    person_id TEXT REFERENCES person(id),
    position TEXT,
    seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attendee_meeting ON attendee(meeting_id);
CREATE INDEX attendee_agency ON attendee(agency_id, meeting_id);
CREATE TABLE decision ({_COMMON},
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    seq INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL
);
CREATE INDEX decision_meeting ON decision(meeting_id);
CREATE TABLE action ({_COMMON},
    text TEXT NOT NULL,
    owner_id TEXT NOT NULL REFERENCES agency(id),
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    meeting_id TEXT REFERENCES meeting(id),
    done_date TEXT,
    done_note TEXT
);
CREATE INDEX action_status_due ON action(status, due_date);
CREATE INDEX action_owner ON action(owner_id);
CREATE INDEX action_meeting ON action(meeting_id);
CREATE INDEX action_done ON action(done_date);
""",
    ),
    (
        "m002_timetables",
        f"""
CREATE TABLE schedule ({_COMMON},
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    regulation TEXT,
    election TEXT,
    voting_day TEXT,
    signed TEXT,
    amends TEXT,
    sources TEXT NOT NULL DEFAULT '[]',
    notes TEXT,
    file_hash TEXT,
    source_path TEXT
);
CREATE TABLE stage ({_COMMON},
    schedule_id TEXT NOT NULL REFERENCES schedule(id),
    key TEXT NOT NULL,
    parent_id TEXT REFERENCES stage(id),
    path TEXT NOT NULL,
    depth INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'stage' CHECK (kind IN ('stage', 'event')),
    start_date TEXT,
    end_date TEXT,
    rule TEXT,
    levels TEXT NOT NULL DEFAULT '[]',
    confidence TEXT NOT NULL
        CHECK (confidence IN ('official', 'news-2', 'news-1', 'recalled')),
    sources TEXT NOT NULL DEFAULT '[]',
    note TEXT,
    lookup TEXT NOT NULL,
    UNIQUE (schedule_id, key),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE INDEX stage_start ON stage(start_date);
CREATE INDEX stage_end ON stage(end_date);
CREATE INDEX stage_lookup ON stage(lookup);
CREATE TABLE schedule_version ({_COMMON},
    schedule_id TEXT NOT NULL REFERENCES schedule(id),
    file_hash TEXT NOT NULL,
    source_path TEXT,
    status TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{{}}'
);
CREATE INDEX schedule_version_schedule ON schedule_version(schedule_id, created_at);
CREATE TABLE meeting_stage ({_COMMON},
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    stage_id TEXT NOT NULL REFERENCES stage(id),
    UNIQUE (meeting_id, stage_id)
);
CREATE INDEX meeting_stage_stage ON meeting_stage(stage_id, meeting_id);
CREATE TABLE stage_progress ({_COMMON},
    stage_id TEXT NOT NULL REFERENCES stage(id),
    percent REAL CHECK (percent IS NULL OR (percent >= 0 AND percent <= 100)),
    note TEXT,
    meeting_id TEXT REFERENCES meeting(id),
    reported_on TEXT NOT NULL
);
CREATE INDEX stage_progress_stage ON stage_progress(stage_id, reported_on);
""",
    ),
    (
        "m003_series_and_report_indexes",
        f"""
CREATE TABLE series ({_COMMON},
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    rule TEXT NOT NULL,
    description TEXT,
    venue TEXT,
    start_time TEXT,
    timezone TEXT,
    host_id TEXT REFERENCES agency(id)
);
ALTER TABLE meeting ADD COLUMN series_id TEXT REFERENCES series(id);
CREATE INDEX meeting_series ON meeting(series_id, start_date);
CREATE INDEX meeting_status_start ON meeting(status, start_date);
CREATE INDEX action_open_due ON action(due_date) WHERE status = 'open' AND deleted_at IS NULL;
""",
    ),
    (
        "m004_revisions_search_views",
        """
ALTER TABLE meeting ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE action ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stage ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE VIEW active_agency AS SELECT * FROM agency WHERE deleted_at IS NULL;
CREATE VIEW active_person AS SELECT * FROM person WHERE deleted_at IS NULL;
CREATE VIEW active_meeting AS SELECT * FROM meeting WHERE deleted_at IS NULL;
CREATE VIEW active_attendee AS SELECT * FROM attendee WHERE deleted_at IS NULL;
CREATE VIEW active_decision AS SELECT * FROM decision WHERE deleted_at IS NULL;
CREATE VIEW active_action AS SELECT * FROM action WHERE deleted_at IS NULL;
CREATE VIEW active_schedule AS SELECT * FROM schedule WHERE deleted_at IS NULL;
CREATE VIEW active_stage AS SELECT * FROM stage WHERE deleted_at IS NULL;
-- Full-text search: derived, local data (not merged), rebuilt by 'kpukoord db reindex'.
CREATE TABLE _search_doc (
    rowid INTEGER PRIMARY KEY,
    src TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    day TEXT,
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX _search_doc_ref ON _search_doc(ref);
CREATE VIRTUAL TABLE _search USING fts5(
    title, body, content='_search_doc', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER _search_doc_ai AFTER INSERT ON _search_doc BEGIN
    INSERT INTO _search(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER _search_doc_ad AFTER DELETE ON _search_doc BEGIN
    INSERT INTO _search(_search, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER meeting_search_ai AFTER INSERT ON meeting WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO _search_doc (src, kind, ref, day, title, body) VALUES (new.id, 'meeting', new.id,
        new.start_date, new.title, coalesce(new.venue, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER meeting_search_au AFTER UPDATE ON meeting BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, day, title, body)
        SELECT new.id, 'meeting', new.id, new.start_date, new.title,
            coalesce(new.venue, '') || ' ' || coalesce(new.notes, '')
        WHERE new.deleted_at IS NULL;
    UPDATE _search_doc SET day = new.start_date WHERE kind = 'decision' AND ref = new.id;
END;
CREATE TRIGGER decision_search_ai AFTER INSERT ON decision WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO _search_doc (src, kind, ref, day, body) VALUES (new.id, 'decision',
        new.meeting_id, (SELECT start_date FROM meeting WHERE id = new.meeting_id), new.text);
END;
CREATE TRIGGER decision_search_au AFTER UPDATE ON decision BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, day, body)
        SELECT new.id, 'decision', new.meeting_id,
            (SELECT start_date FROM meeting WHERE id = new.meeting_id), new.text
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER action_search_ai AFTER INSERT ON action WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO _search_doc (src, kind, ref, day, title, body) VALUES (new.id, 'action',
        new.id, new.due_date, new.text, coalesce(new.done_note, ''));
END;
CREATE TRIGGER action_search_au AFTER UPDATE ON action BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, day, title, body)
        SELECT new.id, 'action', new.id, new.due_date, new.text, coalesce(new.done_note, '')
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER agency_search_ai AFTER INSERT ON agency WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO _search_doc (src, kind, ref, title, body) VALUES (new.id, 'agency', new.id,
        new.name, new.aliases);
END;
CREATE TRIGGER agency_search_au AFTER UPDATE ON agency BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, title, body)
        SELECT new.id, 'agency', new.id, new.name, new.aliases WHERE new.deleted_at IS NULL;
END;
""",
    ),
    (
        "m005_report_order_indexes",
        """
-- The weekly report lists the oldest overdue follow-ups first, ties by creation:
-- an index in exactly that order lets it read 50 rows instead of sorting them all.
DROP INDEX action_open_due;
CREATE INDEX action_open_due ON action(due_date, created_at)
    WHERE status = 'open' AND deleted_at IS NULL;
CREATE INDEX action_done_order ON action(done_date, created_at) WHERE status = 'done';
""",
    ),
    (
        "m006_multiday_meetings_index",
        """
-- Meetings of several days are few: the report finds the ones that began before
-- its week through this index instead of scanning a month of one-day meetings.
CREATE INDEX meeting_multiday ON meeting(end_date) WHERE end_date > start_date;
""",
    ),
    (
        "m007_schedule_regions",
        """
-- Where a schedule applies (Kemendagri codes, or "all"), and each stage's earlier
-- dates with the decision that moved them. The two regional schedules bundled
-- before this version get their regions now; a re-import keeps them current.
ALTER TABLE schedule ADD COLUMN regions TEXT NOT NULL DEFAULT '["all"]';
ALTER TABLE stage ADD COLUMN amended TEXT NOT NULL DEFAULT '[]';
UPDATE schedule SET regions = '["13"]' WHERE code = 'psu-dpd-sumbar-2024';
UPDATE schedule SET regions = '["19.01", "19.71"]'
    WHERE code = 'pilkada-ulang-bangka-pangkalpinang-2025';
""",
    ),
    (
        "m008_revision_triggers",
        """
-- A row changed by another SQLite tool (sqlite-utils, Datasette, a script) counts as a
-- new revision too, so the next calendar export updates the event in phones' calendars.
-- kpukoord's own updates raise the revision themselves, and then these do nothing.
CREATE TRIGGER meeting_revision AFTER UPDATE ON meeting
    WHEN new.revision = old.revision BEGIN
    UPDATE meeting SET revision = old.revision + 1 WHERE id = new.id;
END;
CREATE TRIGGER action_revision AFTER UPDATE ON action
    WHEN new.revision = old.revision BEGIN
    UPDATE action SET revision = old.revision + 1 WHERE id = new.id;
END;
CREATE TRIGGER stage_revision AFTER UPDATE ON stage
    WHEN new.revision = old.revision BEGIN
    UPDATE stage SET revision = old.revision + 1 WHERE id = new.id;
END;
""",
    ),
    (
        "m009_merge_map",
        """
-- Merging offices' files ('kpukoord merge'). Local to this file, never merged itself.
-- The same real agency created by several offices is kept once: the other offices'
-- ids point to the kept one here, so a later merge still finds it.
CREATE TABLE _merge_map (
    from_id TEXT PRIMARY KEY NOT NULL,
    to_id TEXT NOT NULL REFERENCES agency(id),
    origin TEXT NOT NULL,
    name TEXT NOT NULL,
    merged_at TEXT NOT NULL
);
CREATE INDEX _merge_map_to ON _merge_map(to_id);
CREATE INDEX _merge_map_origin ON _merge_map(origin);
-- What arrived from each office: its last file, when, and its newest change in it.
CREATE TABLE _merge_origin (
    origin TEXT PRIMARY KEY NOT NULL,
    office TEXT,
    file TEXT NOT NULL,
    merged_at TEXT NOT NULL,
    last_change TEXT
);
-- 'report offices' counts open follow-ups and finds the last rakor per office.
CREATE INDEX action_open_origin ON action(origin, due_date)
    WHERE status = 'open' AND deleted_at IS NULL;
CREATE INDEX meeting_origin_kind ON meeting(origin, kind, start_date)
    WHERE status = 'held' AND deleted_at IS NULL;
CREATE INDEX meeting_origin_start ON meeting(origin, start_date)
    WHERE status = 'held' AND deleted_at IS NULL;
-- Datasette's search box on meetings: the search documents of live meetings, by rowid.
CREATE VIEW meeting_search AS
    SELECT d.rowid AS search_rowid, m.id, m.title, m.kind, m.status, m.start_date,
        m.end_date, m.venue, m.host_id, m.notes, m.origin
    FROM _search_doc d JOIN meeting m ON m.id = d.ref
    WHERE d.kind = 'meeting' AND m.deleted_at IS NULL;
""",
    ),
    (
        "m010_meeting_roles",
        f"""
-- What each attendee did: space-separated roles (opened-by chair speaker notulis;
-- none = an ordinary participant), and the divisi held that day.
ALTER TABLE attendee ADD COLUMN roles TEXT NOT NULL DEFAULT '';
ALTER TABLE attendee ADD COLUMN divisi TEXT;
-- Collective attendees ("Ketua PPK se-Kabupaten Luwu Timur"): an agency kind, a scope
-- and an optional count, not a made-up agency.
CREATE TABLE attendee_group ({_COMMON},
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    count INTEGER CHECK (count IS NULL OR count > 0),
    seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attendee_group_meeting ON attendee_group(meeting_id);
CREATE VIEW active_attendee_group AS SELECT * FROM attendee_group WHERE deleted_at IS NULL;
-- What was said and reported: points of discussion, directives, awards, figures; each
-- with who said it (person) and the agency it concerns.
CREATE TABLE meeting_item ({_COMMON},
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    kind TEXT NOT NULL CHECK (kind IN ('point', 'directive', 'award', 'figure')),
    seq INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    person_id TEXT REFERENCES person(id),
    agency_id TEXT REFERENCES agency(id),
    value TEXT,
    previous TEXT
);
CREATE INDEX meeting_item_meeting ON meeting_item(meeting_id, kind, seq);
CREATE VIEW active_meeting_item AS SELECT * FROM meeting_item WHERE deleted_at IS NULL;
-- The old free-text chair ("Bayu Agung Perdana (Plh Ketua KPU Sijunjung)"): the attendee
-- it names becomes the chair and the text is cleared; a text naming no attendee stays
-- as written (shown as the chair's name, linked to no one).
UPDATE attendee SET roles = 'chair' WHERE deleted_at IS NULL AND person_id IS NOT NULL
    AND id IN (
        SELECT t.id FROM attendee t JOIN meeting m ON m.id = t.meeting_id
        JOIN person p ON p.id = t.person_id
        WHERE m.chair IS NOT NULL AND (
            lower(trim(m.chair)) = lower(p.name)
            OR lower(trim(m.chair)) LIKE lower(p.name) || ' (%'
            OR lower(trim(m.chair)) LIKE lower(p.name) || ',%'
        )
    );
UPDATE meeting SET chair = NULL WHERE chair IS NOT NULL AND id IN (
    SELECT meeting_id FROM attendee WHERE roles = 'chair' AND deleted_at IS NULL
);
""",  # noqa: S608 (a constant script: only _COMMON is interpolated)
    ),
    (
        "m011_meeting_regulations",
        f"""
-- Regulations a meeting cites ("PKPU 7/2022"), whether or not a timetable is bundled
-- for them: the citation as a normalised reference, in the order given.
CREATE TABLE meeting_regulation ({_COMMON},
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    ref TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_regulation_meeting ON meeting_regulation(meeting_id);
CREATE INDEX meeting_regulation_ref ON meeting_regulation(ref) WHERE deleted_at IS NULL;
""",
    ),
    (
        "m012_meeting_end_time",
        """
-- "pukul 08.00 s.d 16.00": a meeting's end time when it was given ("HH:MM").
ALTER TABLE meeting ADD COLUMN end_time TEXT;
""",
    ),
    (
        "m013_filter_indexes",
        """
-- One index for every filter a list offers, in the list's order (by start date), so a
-- filtered list reads its page, and counts its total ("N lagi"), from the index instead
-- of the table. Partial indexes hold live rows only; their trailing status/deleted_at
-- columns let SQLite answer a count from the index alone (it does not infer them from
-- the index's WHERE). Figures: the commit adding this migration, benchmarks/README.md.
-- meeting list --agency: the meetings an agency hosted (attended: attendee_agency).
CREATE INDEX meeting_host ON meeting(host_id, start_date);
-- meeting list --kind [--status] [--from/--to].
CREATE INDEX meeting_kind ON meeting(kind, start_date, status, deleted_at)
    WHERE deleted_at IS NULL;
-- meeting list --status [--from/--to], and the total of an unfiltered list.
CREATE INDEX meeting_live_status ON meeting(status, start_date, deleted_at)
    WHERE deleted_at IS NULL;
-- action list --owner (--open, --overdue): that agency's open follow-ups, due order.
CREATE INDEX action_owner_open ON action(owner_id, due_date, created_at, status, deleted_at)
    WHERE status = 'open' AND deleted_at IS NULL;
-- meeting list --agency, search --agency, report coverage: an agency's attendances
-- answered from the index alone (deleted_at was read from the table, row by row).
DROP INDEX attendee_agency;
CREATE INDEX attendee_agency ON attendee(agency_id, meeting_id, deleted_at);
-- report coverage, a kind nobody met lately: each meeting its agencies attended is
-- looked up here (date and status) instead of in the table.
CREATE INDEX meeting_held_id ON meeting(id, start_date, status, deleted_at)
    WHERE status = 'held' AND deleted_at IS NULL;
-- action list --open/--overdue and the report: the same partial index as m005, now
-- covering its count (123,000 overdue follow-ups nationally, counted without the table).
DROP INDEX action_open_due;
CREATE INDEX action_open_due ON action(due_date, created_at, status, deleted_at)
    WHERE status = 'open' AND deleted_at IS NULL;
""",
    ),
    (
        "m014_stage_link_dates",
        """
-- meeting list --stage: a stage of a national timetable is linked by every office's
-- meetings (20,000 for the most linked one nationally), and the newest-first page
-- had to look up and sort them all. The link now carries its meeting's start date,
-- kept equal to it by the triggers below (derived: never a revision of the link), so
-- the page and its count are read from one index in list order.
ALTER TABLE meeting_stage ADD COLUMN start_date TEXT;
UPDATE meeting_stage SET start_date = (
    SELECT m.start_date FROM meeting m WHERE m.id = meeting_stage.meeting_id);
CREATE INDEX meeting_stage_date ON meeting_stage(stage_id, start_date, meeting_id, deleted_at)
    WHERE deleted_at IS NULL;
CREATE TRIGGER meeting_stage_date_ai AFTER INSERT ON meeting_stage
WHEN new.start_date IS NOT (SELECT start_date FROM meeting WHERE id = new.meeting_id) BEGIN
    UPDATE meeting_stage SET start_date = (SELECT start_date FROM meeting WHERE id = new.meeting_id)
    WHERE id = new.id;
END;
CREATE TRIGGER meeting_stage_date_au AFTER UPDATE OF start_date, meeting_id ON meeting_stage
WHEN new.start_date IS NOT (SELECT start_date FROM meeting WHERE id = new.meeting_id) BEGIN
    UPDATE meeting_stage SET start_date = (SELECT start_date FROM meeting WHERE id = new.meeting_id)
    WHERE id = new.id;
END;
CREATE TRIGGER meeting_stage_date_meeting_ai AFTER INSERT ON meeting BEGIN
    UPDATE meeting_stage SET start_date = new.start_date
    WHERE meeting_id = new.id AND start_date IS NOT new.start_date;
END;
CREATE TRIGGER meeting_stage_date_meeting_au AFTER UPDATE OF start_date ON meeting
WHEN new.start_date IS NOT old.start_date BEGIN
    UPDATE meeting_stage SET start_date = new.start_date WHERE meeting_id = new.id;
END;
""",
    ),
    (
        "m015_attendance_days",
        """
-- report weekly, coverage: when each agency last attended a held meeting. An agency's
-- attendances carry no date, so each was looked up in its meeting: 6,500 meetings and
-- 45,000 attendances for the stale window, and 24,000 more to rule out a kind nobody
-- met all year, nationally. held_on is the meeting's start date while the meeting is
-- held and not removed, else NULL: derived, kept by the triggers below whoever writes
-- (never a revision of the row), so one index seek answers each agency.
ALTER TABLE attendee ADD COLUMN held_on TEXT;
UPDATE attendee SET held_on = (SELECT m.start_date FROM meeting m WHERE m.id = attendee.meeting_id
    AND m.status = 'held' AND m.deleted_at IS NULL);
CREATE INDEX attendee_agency_held ON attendee(agency_id, held_on)
    WHERE held_on IS NOT NULL AND deleted_at IS NULL;
-- and an agency's last hosted held meeting from the index alone (status was read from
-- the table for each meeting it hosted in the year)
DROP INDEX meeting_host;
CREATE INDEX meeting_host ON meeting(host_id, start_date, status, deleted_at);
CREATE TRIGGER attendee_held_ai AFTER INSERT ON attendee
WHEN new.held_on IS NOT (SELECT start_date FROM meeting WHERE id = new.meeting_id AND status = 'held' AND deleted_at IS NULL) BEGIN
    UPDATE attendee SET held_on = (SELECT start_date FROM meeting WHERE id = new.meeting_id AND status = 'held' AND deleted_at IS NULL) WHERE id = new.id;
END;
CREATE TRIGGER attendee_held_au AFTER UPDATE OF held_on, meeting_id ON attendee
WHEN new.held_on IS NOT (SELECT start_date FROM meeting WHERE id = new.meeting_id AND status = 'held' AND deleted_at IS NULL) BEGIN
    UPDATE attendee SET held_on = (SELECT start_date FROM meeting WHERE id = new.meeting_id AND status = 'held' AND deleted_at IS NULL) WHERE id = new.id;
END;
CREATE TRIGGER attendee_held_meeting_ai AFTER INSERT ON meeting BEGIN
    UPDATE attendee SET held_on = CASE WHEN new.status = 'held' AND new.deleted_at IS NULL THEN new.start_date END
    WHERE meeting_id = new.id AND held_on IS NOT (CASE WHEN new.status = 'held' AND new.deleted_at IS NULL THEN new.start_date END);
END;
CREATE TRIGGER attendee_held_meeting_au AFTER UPDATE OF start_date, status, deleted_at ON meeting
BEGIN
    UPDATE attendee SET held_on = CASE WHEN new.status = 'held' AND new.deleted_at IS NULL THEN new.start_date END
    WHERE meeting_id = new.id AND held_on IS NOT (CASE WHEN new.status = 'held' AND new.deleted_at IS NULL THEN new.start_date END);
END;
""",
    ),
    (
        "m016_recurring_stages",
        f"""
-- Between elections: a schedule can be a draft (the PKPU discussed with the DPR), a stage
-- can recur (quarterly pleno rekapitulasi DPB, SIPOL semester close) by a rule kept as
-- JSON, with the occurrences its file confirms. Expected occurrences are derived on read;
-- only an operator's confirmation (stage confirm) is stored, one row per period.
ALTER TABLE schedule ADD COLUMN status TEXT NOT NULL DEFAULT 'final'
    CHECK (status IN ('final', 'draft'));
ALTER TABLE stage ADD COLUMN recurs TEXT;
ALTER TABLE stage ADD COLUMN occurrences TEXT NOT NULL DEFAULT '[]';
CREATE TABLE stage_confirmation ({_COMMON},
    stage_id TEXT NOT NULL REFERENCES stage(id),
    period TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    source TEXT
);
CREATE INDEX stage_confirmation_stage ON stage_confirmation(stage_id, period);
""",
    ),
    (
        "m017_whole_meetings",
        """
-- The date phrase as the operator typed it or the file held it ("Selasa (24/11/2024)"),
-- kept beside the normalised dates: a newsroom's wrong weekday stays on record.
ALTER TABLE meeting ADD COLUMN date_as_written TEXT;
-- One meeting on separate days ("21, 22 dan 25 Desember 2023"): its days as a JSON list
-- of ISO dates (start_date and end_date are the first and the last); NULL for a span.
ALTER TABLE meeting ADD COLUMN days TEXT;
-- "siang", "malam": the part of the day a report gives instead of a clock time.
ALTER TABLE meeting ADD COLUMN part_of_day TEXT;
-- report coverage: an agency's awards, and the collective attendees of a kind, by seek
CREATE INDEX meeting_item_award ON meeting_item(agency_id, meeting_id)
    WHERE kind = 'award' AND deleted_at IS NULL;
CREATE INDEX attendee_group_kind ON attendee_group(kind, meeting_id) WHERE deleted_at IS NULL;
-- A follow-up owned by a collective attendee ("PPK se-Kabupaten Bali"): owner_group holds
-- the group's scope and owner_id is NULL. SQLite cannot relax NOT NULL in place: the
-- table is rebuilt (its views, indexes and triggers with it), its rows kept as they are.
DROP VIEW active_action;
CREATE TABLE action_new (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    text TEXT NOT NULL,
    owner_id TEXT REFERENCES agency(id),
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    meeting_id TEXT REFERENCES meeting(id),
    done_date TEXT,
    done_note TEXT,
    revision INTEGER NOT NULL DEFAULT 0,
    owner_group TEXT,
    CHECK (owner_id IS NOT NULL OR owner_group IS NOT NULL)
);
INSERT INTO action_new (id, origin, created_at, updated_at, deleted_at, text, owner_id,
    due_date, status, meeting_id, done_date, done_note, revision)
    SELECT id, origin, created_at, updated_at, deleted_at, text, owner_id, due_date, status,
        meeting_id, done_date, done_note, revision FROM action;
DROP TABLE action;
ALTER TABLE action_new RENAME TO action;
CREATE VIEW active_action AS SELECT * FROM action WHERE deleted_at IS NULL;
CREATE INDEX action_status_due ON action(status, due_date);
CREATE INDEX action_owner ON action(owner_id);
CREATE INDEX action_meeting ON action(meeting_id);
CREATE INDEX action_done ON action(done_date);
CREATE INDEX action_done_order ON action(done_date, created_at) WHERE status = 'done';
CREATE INDEX action_open_origin ON action(origin, due_date)
    WHERE status = 'open' AND deleted_at IS NULL;
CREATE INDEX action_owner_open ON action(owner_id, due_date, created_at, status, deleted_at)
    WHERE status = 'open' AND deleted_at IS NULL;
CREATE INDEX action_open_due ON action(due_date, created_at, status, deleted_at)
    WHERE status = 'open' AND deleted_at IS NULL;
CREATE TRIGGER action_revision AFTER UPDATE ON action
    WHEN new.revision = old.revision BEGIN
    UPDATE action SET revision = old.revision + 1 WHERE id = new.id;
END;
CREATE TRIGGER action_search_ai AFTER INSERT ON action WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO _search_doc (src, kind, ref, day, title, body) VALUES (new.id, 'action',
        new.id, new.due_date, new.text, coalesce(new.done_note, ''));
END;
CREATE TRIGGER action_search_au AFTER UPDATE ON action BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, day, title, body)
        SELECT new.id, 'action', new.id, new.due_date, new.text, coalesce(new.done_note, '')
        WHERE new.deleted_at IS NULL;
END;
-- Search finds the whole meeting: besides its title and venue, each directive, point,
-- award and figure, each collective attendee, each attendee's person and the notes
-- are documents of their own (kind 'meeting', ref the meeting), and each says which
-- part of the meeting it is (field; NULL for a record's own document: title or body).
-- Derived, local data like the rest of the index; 'db reindex' rebuilds it.
ALTER TABLE _search_doc ADD COLUMN field TEXT;
-- People known by a short name ("Bahar" for Syamsul Bachri): matched in flags and files
-- as the name is (lookup: the same key as person.lookup).
CREATE TABLE person_alias (
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    person_id TEXT NOT NULL REFERENCES person(id),
    alias TEXT NOT NULL,
    lookup TEXT NOT NULL
);
CREATE INDEX person_alias_lookup ON person_alias(lookup) WHERE deleted_at IS NULL;
CREATE INDEX person_alias_person ON person_alias(person_id);
-- The parts of live meetings, as documents: read by the rebuild and by the triggers
-- that redo one meeting's parts (by ref: each arm is an indexed lookup).
CREATE VIEW _search_part AS
    SELECT i.id AS src, 'meeting' AS kind, i.meeting_id AS ref, m.start_date AS day,
        '' AS title, i.text || coalesce(' ' || i.value, '') AS body, i.kind AS field
    FROM meeting_item i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.deleted_at IS NULL AND m.deleted_at IS NULL
    UNION ALL
    SELECT g.id, 'meeting', g.meeting_id, m.start_date, '', g.scope, 'group'
    FROM attendee_group g JOIN meeting m ON m.id = g.meeting_id
    WHERE g.deleted_at IS NULL AND m.deleted_at IS NULL
    UNION ALL
    SELECT t.id, 'meeting', t.meeting_id, m.start_date, '',
        p.name || coalesce(' ' || t.position, '') || coalesce((SELECT ' ' || group_concat(x.alias, ' ') FROM person_alias x WHERE x.person_id = p.id AND x.deleted_at IS NULL), ''), 'person'
    FROM attendee t JOIN person p ON p.id = t.person_id JOIN meeting m ON m.id = t.meeting_id
    WHERE t.deleted_at IS NULL AND m.deleted_at IS NULL
    UNION ALL
    SELECT m.id || '#notes', 'meeting', m.id, m.start_date, '', m.notes, 'notes'
    FROM meeting m WHERE m.deleted_at IS NULL AND coalesce(m.notes, '') <> '';
-- Datasette's meeting search: the meetings' own documents only.
DROP VIEW meeting_search;
CREATE VIEW meeting_search AS
    SELECT d.rowid AS search_rowid, m.id, m.title, m.kind, m.status, m.start_date,
        m.end_date, m.venue, m.host_id, m.notes, m.origin
    FROM _search_doc d JOIN meeting m ON m.id = d.ref
    WHERE d.kind = 'meeting' AND d.field IS NULL AND m.deleted_at IS NULL;
-- A meeting's own document: title and venue (the notes are a part of their own).
DROP TRIGGER meeting_search_ai;
DROP TRIGGER meeting_search_au;
CREATE TRIGGER meeting_search_ai AFTER INSERT ON meeting WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO _search_doc (src, kind, ref, day, title, body) VALUES (new.id, 'meeting', new.id,
        new.start_date, new.title, coalesce(new.venue, ''));
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT new.id || '#notes', 'meeting', new.id, new.start_date, new.notes, 'notes'
        WHERE coalesce(new.notes, '') <> '';
END;
CREATE TRIGGER meeting_search_au AFTER UPDATE ON meeting BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, day, title, body)
        SELECT new.id, 'meeting', new.id, new.start_date, new.title, coalesce(new.venue, '')
        WHERE new.deleted_at IS NULL;
    UPDATE _search_doc SET day = new.start_date WHERE kind = 'decision' AND ref = new.id;
END;
-- its parts follow its day, its notes and its removal (or return)
CREATE TRIGGER meeting_parts_search_au AFTER UPDATE OF start_date, deleted_at, notes ON meeting
BEGIN
    DELETE FROM _search_doc WHERE ref = old.id AND field IS NOT NULL;
    INSERT INTO _search_doc (src, kind, ref, day, title, body, field)
        SELECT src, kind, ref, day, title, body, field FROM _search_part WHERE ref = new.id;
END;
CREATE TRIGGER meeting_item_search_ai AFTER INSERT ON meeting_item BEGIN
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT new.id, 'meeting', new.meeting_id, m.start_date,
            new.text || coalesce(' ' || new.value, ''), new.kind
        FROM meeting m WHERE m.id = new.meeting_id AND m.deleted_at IS NULL
        AND new.deleted_at IS NULL;
END;
CREATE TRIGGER meeting_item_search_au AFTER UPDATE ON meeting_item BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT new.id, 'meeting', new.meeting_id, m.start_date,
            new.text || coalesce(' ' || new.value, ''), new.kind
        FROM meeting m WHERE m.id = new.meeting_id AND m.deleted_at IS NULL
        AND new.deleted_at IS NULL;
END;
CREATE TRIGGER attendee_group_search_ai AFTER INSERT ON attendee_group BEGIN
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT new.id, 'meeting', new.meeting_id, m.start_date, new.scope, 'group'
        FROM meeting m WHERE m.id = new.meeting_id AND m.deleted_at IS NULL
        AND new.deleted_at IS NULL;
END;
CREATE TRIGGER attendee_group_search_au AFTER UPDATE ON attendee_group BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT new.id, 'meeting', new.meeting_id, m.start_date, new.scope, 'group'
        FROM meeting m WHERE m.id = new.meeting_id AND m.deleted_at IS NULL
        AND new.deleted_at IS NULL;
END;
CREATE TRIGGER attendee_search_ai AFTER INSERT ON attendee WHEN new.person_id IS NOT NULL BEGIN
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT new.id, 'meeting', new.meeting_id, m.start_date,
            p.name || coalesce(' ' || new.position, '') || coalesce((SELECT ' ' || group_concat(x.alias, ' ') FROM person_alias x WHERE x.person_id = p.id AND x.deleted_at IS NULL), ''), 'person'
        FROM meeting m JOIN person p ON p.id = new.person_id
        WHERE m.id = new.meeting_id AND m.deleted_at IS NULL AND new.deleted_at IS NULL;
END;
CREATE TRIGGER attendee_search_au AFTER UPDATE OF person_id, position, meeting_id, deleted_at
ON attendee BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT new.id, 'meeting', new.meeting_id, m.start_date,
            p.name || coalesce(' ' || new.position, '') || coalesce((SELECT ' ' || group_concat(x.alias, ' ') FROM person_alias x WHERE x.person_id = p.id AND x.deleted_at IS NULL), ''), 'person'
        FROM meeting m JOIN person p ON p.id = new.person_id
        WHERE m.id = new.meeting_id AND m.deleted_at IS NULL AND new.deleted_at IS NULL;
END;
CREATE INDEX attendee_person ON attendee(person_id) WHERE person_id IS NOT NULL;
CREATE TRIGGER person_search_au AFTER UPDATE OF name ON person WHEN new.name IS NOT old.name
BEGIN
    DELETE FROM _search_doc WHERE field = 'person'
        AND src IN (SELECT id FROM attendee WHERE person_id = new.id);
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT t.id, 'meeting', t.meeting_id, m.start_date,
            new.name || coalesce(' ' || t.position, '') || coalesce((SELECT ' ' || group_concat(x.alias, ' ') FROM person_alias x WHERE x.person_id = new.id AND x.deleted_at IS NULL), ''), 'person'
        FROM attendee t JOIN meeting m ON m.id = t.meeting_id
        WHERE t.person_id = new.id AND t.deleted_at IS NULL AND m.deleted_at IS NULL;
END;
-- a person's short names are searched with the name (search "Bahar")
CREATE TRIGGER person_alias_search_ai AFTER INSERT ON person_alias BEGIN
    DELETE FROM _search_doc WHERE field = 'person'
        AND src IN (SELECT id FROM attendee WHERE person_id = new.person_id);
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT src, kind, ref, day, body, field FROM _search_part
        WHERE field = 'person' AND src IN (SELECT id FROM attendee WHERE person_id = new.person_id);
END;
CREATE TRIGGER person_alias_search_au AFTER UPDATE ON person_alias BEGIN
    DELETE FROM _search_doc WHERE field = 'person'
        AND src IN (SELECT id FROM attendee WHERE person_id = new.person_id);
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT src, kind, ref, day, body, field FROM _search_part
        WHERE field = 'person' AND src IN (SELECT id FROM attendee WHERE person_id = new.person_id);
END;
""",
    ),
    (
        "m018_publish_views",
        """
-- What Datasette shows (publish metadata): meetings and follow-ups without the removed
-- rows, each with its host's or owner's name; the removed ones in views of their own.
-- Views only: nothing is stored, so no write path changes.
CREATE VIEW rapat AS
    SELECT m.id, m.title AS judul, h.name AS tuan_rumah, m.kind AS jenis, m.status,
        m.start_date AS tanggal_mulai, m.end_date AS tanggal_selesai, m.venue AS tempat,
        m.notes AS catatan, m.source AS sumber, m.origin AS kantor
    FROM meeting m LEFT JOIN agency h ON h.id = m.host_id
    WHERE m.deleted_at IS NULL;
CREATE VIEW rapat_terhapus AS
    SELECT m.id, m.title AS judul, h.name AS tuan_rumah, m.start_date AS tanggal_mulai,
        m.deleted_at AS dihapus, m.origin AS kantor
    FROM meeting m LEFT JOIN agency h ON h.id = m.host_id
    WHERE m.deleted_at IS NOT NULL;
CREATE VIEW tindak_lanjut AS
    SELECT x.id, x.text AS uraian, a.name AS penanggung_jawab, x.due_date AS tenggat,
        x.status, x.done_date AS tanggal_selesai, m.title AS rapat, x.origin AS kantor
    FROM action x LEFT JOIN agency a ON a.id = x.owner_id
    LEFT JOIN meeting m ON m.id = x.meeting_id
    WHERE x.deleted_at IS NULL;
CREATE VIEW tindak_lanjut_terhapus AS
    SELECT x.id, x.text AS uraian, a.name AS penanggung_jawab, x.deleted_at AS dihapus,
        x.origin AS kantor
    FROM action x LEFT JOIN agency a ON a.id = x.owner_id
    WHERE x.deleted_at IS NOT NULL;
-- the search box: results name the host, not its id
DROP VIEW meeting_search;
CREATE VIEW meeting_search AS
    SELECT d.rowid AS search_rowid, m.id, m.title, h.name AS host, m.kind, m.status,
        m.start_date, m.end_date, m.venue, m.notes, m.origin
    FROM _search_doc d JOIN meeting m ON m.id = d.ref
    LEFT JOIN agency h ON h.id = m.host_id
    WHERE d.kind = 'meeting' AND d.field IS NULL AND m.deleted_at IS NULL;
""",
    ),
    # Every change kept (issue 28): the change sets, the versions and the triggers that
    # write them, generated from the tables' columns as they are when it runs (and made
    # again by ensure_schema after any later migration that adds columns or tables).
    ("m019_change_history", lambda conn: _history_migrate(conn)),
]


def _history_migrate(conn: sqlite3.Connection) -> None:
    from kpukoord.store import history

    history.migrate(conn)


# The derived search documents for rows written before m004 (and for 'db reindex'),
# oldest day first, so that the index's newest documents (highest rowid) are the most
# recent ones, as they are for rows written one by one: search ranks those first.
REINDEX = """
DELETE FROM _search_doc;
INSERT INTO _search_doc (src, kind, ref, day, title, body, field)
    SELECT src, kind, ref, day, title, body, field FROM (
        SELECT id AS src, 'meeting' AS kind, id AS ref, start_date AS day, title,
            coalesce(venue, '') AS body, NULL AS field
        FROM meeting WHERE deleted_at IS NULL
        UNION ALL
        SELECT src, kind, ref, day, title, body, field FROM _search_part
        UNION ALL
        SELECT d.id, 'decision', d.meeting_id, m.start_date, '', d.text, NULL FROM decision d
        JOIN meeting m ON m.id = d.meeting_id WHERE d.deleted_at IS NULL
        UNION ALL
        SELECT id, 'action', id, due_date, text, coalesce(done_note, ''), NULL FROM action
        WHERE deleted_at IS NULL
        UNION ALL
        SELECT id, 'agency', id, NULL, name, aliases, NULL FROM agency WHERE deleted_at IS NULL
    ) ORDER BY day, src;
INSERT INTO _search(_search) VALUES ('rebuild');
"""

LATEST = len(MIGRATIONS)


def _is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def restored_version(conn: sqlite3.Connection) -> int | None:
    """The schema of a file restored from ``sqlite3 .dump`` (which loses user_version):
    read from the migrations table, or None when it is not a kpukoord file."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"_kpukoord", "_sqlite_migrations"} <= names:
        return None
    applied = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'kpukoord'"
        )
    }
    version = 0
    for name, _step in MIGRATIONS:
        if name not in applied:
            break
        version += 1
    return version or None


def check_identity(db: Database) -> None:
    """Refuse, without writing anything, a file that is not ours or is newer than us."""
    conn = db.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST:
        raise DatabaseError(
            _(
                "{path}: written by a newer kpukoord (schema {version}; this version knows up to {LATEST}). Upgrade kpukoord; the file was not touched"
            ).format(path=db.path, version=version, LATEST=LATEST)
        )
    if version == 0 and not _is_empty(conn) and restored_version(conn) is None:
        raise DatabaseError(
            _("{path}: not a kpukoord database; the file was not touched").format(path=db.path)
        )
    if (
        version > 0
        and not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_kpukoord'"
        ).fetchone()
    ):
        raise DatabaseError(
            _("{path}: not a kpukoord database; the file was not touched").format(path=db.path)
        )


def ensure_schema(db: Database) -> None:
    """Create or upgrade the schema of an open database."""
    conn = db.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == LATEST:
        return
    check_identity(db)
    if version == 0 and not _is_empty(conn):  # restored from a dump: it says its schema
        version = restored_version(conn) or 0
        conn.execute(f"PRAGMA user_version = {version:d}")
        if version == LATEST:
            return
    if version > 0:
        # A copy before migrating, taken outside the write transaction: the backup
        # API cannot copy from a connection that holds one.
        _backup_before_migration(db, version)
    with db.atomic():  # the write lock: a second process waits, then sees the new version
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == LATEST:
            return
        if version == 0 and not _is_empty(conn):
            raise DatabaseError(
                _("{path}: not a kpukoord database; the file was not touched").format(path=db.path)
            )
        _apply(db)
        # the history's triggers follow the tables as any migration left them (m019
        # made them; one that adds columns or tables after it needs nothing more)
        from kpukoord.store import history

        history.ensure_triggers(conn)
        if version < 17:  # rows written before search (m004) or its meeting parts (m017)
            for statement in _statements(REINDEX):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {LATEST:d}")
        if db.scalar("SELECT value FROM _kpukoord WHERE key = 'office_id'") is None:
            from kpukoord.store.db import now_utc
            from kpukoord.store.ids import new_id

            office_id = new_id()
            stamp = now_utc()
            conn.execute(
                "INSERT INTO office (id, origin, created_at, updated_at) VALUES (?, ?, ?, ?)",
                [office_id, office_id, stamp, stamp],
            )
            # the file's own creation is where its history begins, not a change in it
            conn.execute("DELETE FROM _version WHERE row_id = ? AND change_id IS NULL", [office_id])
            db.set_meta("office_id", office_id)


def reindex(db: Database) -> int:
    """Rebuild the derived full-text index from the tables; return the documents indexed."""
    with db.atomic():
        for statement in _statements(REINDEX):
            db.conn.execute(statement)
    return int(db.scalar("SELECT count(*) FROM _search_doc"))


def _backup_before_migration(db: Database, version: int) -> None:
    from kpukoord.store.db import now_utc

    stamp = now_utc().replace(":", "").replace("-", "")[:15]
    target = db.path.with_name(f"{db.path.name}.v{version}-{stamp}.bak")
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    target.chmod(0o600)


def _apply(db: Database) -> None:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

    migrations = Migrations("kpukoord")
    for name, script in MIGRATIONS:
        migrations(name=name)(_runner(script))
    migrations.apply(sqlite_utils.Database(db.conn))


def _runner(script: Step) -> Callable[[Any], None]:
    def run(sdb: Any) -> None:
        if callable(script):
            script(sdb.conn)
            return
        # executescript() would COMMIT our transaction; run statement by statement.
        for statement in _statements(script):
            sdb.conn.execute(statement)

    return run


def _statements(script: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
