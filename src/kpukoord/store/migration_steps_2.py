"""The schema's migration steps m013-m019, in order (m001-m012: ``migration_steps``),
and the script that rebuilds the derived search documents.

Never edit a released step: files in the field record the names that ran.
"""

from __future__ import annotations

import sqlite3

from kpukoord.store.migration_steps import _ACTION_SEARCH, _COMMON, Step, _doc_triggers

# m017's search triggers insert and redo a meeting's part the same way on insert and on
# update: each body written once (the executed text is unchanged: tests/test_migration_text.py).
_PART_INSERT = """    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT new.id, 'meeting', new.meeting_id, m.start_date"""
_OF_LIVE_MEETING = """
        FROM meeting m WHERE m.id = new.meeting_id AND m.deleted_at IS NULL
        AND new.deleted_at IS NULL;"""
_ITEM_PART = f"""{_PART_INSERT},
            new.text || coalesce(' ' || new.value, ''), new.kind{_OF_LIVE_MEETING}"""
_GROUP_PART = f"""{_PART_INSERT}, new.scope, 'group'{_OF_LIVE_MEETING}"""
_PERSON_PART = f"""{_PART_INSERT},
            p.name || coalesce(' ' || new.position, '') || coalesce((SELECT ' ' || group_concat(x.alias, ' ') FROM person_alias x WHERE x.person_id = p.id AND x.deleted_at IS NULL), ''), 'person'
        FROM meeting m JOIN person p ON p.id = new.person_id
        WHERE m.id = new.meeting_id AND m.deleted_at IS NULL AND new.deleted_at IS NULL;"""  # noqa: S608 (constant)
_ALIAS_REDO = """    DELETE FROM _search_doc WHERE field = 'person'
        AND src IN (SELECT id FROM attendee WHERE person_id = new.person_id);
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT src, kind, ref, day, body, field FROM _search_part
        WHERE field = 'person' AND src IN (SELECT id FROM attendee WHERE person_id = new.person_id);"""


def _part_triggers(table: str, part: str) -> str:
    """A part's document made when the row is inserted, and made again when it changes."""
    return f"""CREATE TRIGGER {table}_search_ai AFTER INSERT ON {table} BEGIN
{part}
END;
CREATE TRIGGER {table}_search_au AFTER UPDATE ON {table} BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
{part}
END;"""  # noqa: S608 (table names are the constants below)


_ITEM_TRIGGERS = _part_triggers("meeting_item", _ITEM_PART)
_GROUP_TRIGGERS = _part_triggers("attendee_group", _GROUP_PART)

# m017: a meeting's own document is its title and venue; its notes are a part of their own.
_MEETING_SEARCH = _doc_triggers(
    "meeting",
    """    INSERT INTO _search_doc (src, kind, ref, day, title, body) VALUES (new.id, 'meeting', new.id,
        new.start_date, new.title, coalesce(new.venue, ''));
    INSERT INTO _search_doc (src, kind, ref, day, body, field)
        SELECT new.id || '#notes', 'meeting', new.id, new.start_date, new.notes, 'notes'
        WHERE coalesce(new.notes, '') <> '';""",
    """    INSERT INTO _search_doc (src, kind, ref, day, title, body)
        SELECT new.id, 'meeting', new.id, new.start_date, new.title, coalesce(new.venue, '')
        WHERE new.deleted_at IS NULL;
    UPDATE _search_doc SET day = new.start_date WHERE kind = 'decision' AND ref = new.id;""",
)

SECOND: list[tuple[str, Step]] = [
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
        f"""
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
{_ACTION_SEARCH}
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
{_MEETING_SEARCH}
-- its parts follow its day, its notes and its removal (or return)
CREATE TRIGGER meeting_parts_search_au AFTER UPDATE OF start_date, deleted_at, notes ON meeting
BEGIN
    DELETE FROM _search_doc WHERE ref = old.id AND field IS NOT NULL;
    INSERT INTO _search_doc (src, kind, ref, day, title, body, field)
        SELECT src, kind, ref, day, title, body, field FROM _search_part WHERE ref = new.id;
END;
{_ITEM_TRIGGERS}
{_GROUP_TRIGGERS}
CREATE TRIGGER attendee_search_ai AFTER INSERT ON attendee WHEN new.person_id IS NOT NULL BEGIN
{_PERSON_PART}
END;
CREATE TRIGGER attendee_search_au AFTER UPDATE OF person_id, position, meeting_id, deleted_at
ON attendee BEGIN
    DELETE FROM _search_doc WHERE src = old.id;
{_PERSON_PART}
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
{_ALIAS_REDO}
END;
CREATE TRIGGER person_alias_search_au AFTER UPDATE ON person_alias BEGIN
{_ALIAS_REDO}
END;
""",  # noqa: S608 (a constant script: only the constant trigger bodies above are interpolated)
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
