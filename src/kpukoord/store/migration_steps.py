"""The schema's migration steps m001-m012, in order (m013 on: ``migration_steps_2``).

Never edit a released step: files in the field record the names that ran, and
``migrations`` applies them (issue 27 split the SQL out of it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# Each migration is (name, SQL script), or (name, function of the connection) for one
# that reads the schema it runs on (m019). Names are the contract with files in the field.
_COMMON = """
    id TEXT PRIMARY KEY NOT NULL,
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT"""


def _doc_triggers(table: str, on_insert: str, on_update: str) -> str:
    """A record's own search document: written when a live row is inserted, and written
    again (or left out, once removed) whenever the row changes."""
    return f"""CREATE TRIGGER {table}_search_ai AFTER INSERT ON {table} WHEN new.deleted_at IS NULL BEGIN
{on_insert}
END;
CREATE TRIGGER {table}_search_au AFTER UPDATE ON {table} BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
{on_update}
END;"""  # noqa: S608 (table names and bodies are constants of this package)


# The follow-ups' search triggers: made by m004, made again when m017 rebuilt the table.
_ACTION_SEARCH = _doc_triggers(
    "action",
    """    INSERT INTO _search_doc (src, kind, ref, day, title, body) VALUES (new.id, 'action',
        new.id, new.due_date, new.text, coalesce(new.done_note, ''));""",
    """    INSERT INTO _search_doc (src, kind, ref, day, title, body)
        SELECT new.id, 'action', new.id, new.due_date, new.text, coalesce(new.done_note, '')
        WHERE new.deleted_at IS NULL;""",
)

Step = str | Callable[[sqlite3.Connection], None]
FIRST: list[tuple[str, Step]] = [
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
        f"""
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
{_ACTION_SEARCH}
CREATE TRIGGER agency_search_ai AFTER INSERT ON agency WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO _search_doc (src, kind, ref, title, body) VALUES (new.id, 'agency', new.id,
        new.name, new.aliases);
END;
CREATE TRIGGER agency_search_au AFTER UPDATE ON agency BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
    INSERT INTO _search_doc (src, kind, ref, title, body)
        SELECT new.id, 'agency', new.id, new.name, new.aliases WHERE new.deleted_at IS NULL;
END;
""",  # noqa: S608 (a constant script: only _ACTION_SEARCH is interpolated)
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
]
