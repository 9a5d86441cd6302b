"""National scale: long lists are bounded, plans do not need statistics, db check."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Cli

# Titles in the form of the Sijunjung rakor (MC Sijunjung, 8 Juli 2024): "Rakor Persiapan
# Tahapan Pilkada"; numbered so that each row is told apart.
TITLE = "Rakor Persiapan Tahapan Pilkada {n}"


def _meetings_csv(n: int, with_actions: bool = False) -> str:
    lines = ["title,kind,start_date,end_date,host,attendees,actions"]
    for i in range(n):
        day = f"2024-06-{1 + i % 28:02d}"
        action = (
            f"Kirim data pemilih {i}; owner=Bawaslu Sijunjung; due=2024-06-30"
            if with_actions
            else ""
        )
        lines.append(
            f"{TITLE.format(n=i)},rakor,{day},{day},KPU Sijunjung,Bawaslu Sijunjung,{action}"
        )
    return "\n".join(lines) + "\n"


@pytest.fixture
def sixty(office: Cli) -> Cli:
    office.ok(
        "import", "meetings", "-", "--new-agencies", input=_meetings_csv(60, with_actions=True)
    )
    return office


def _body(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def test_meeting_list_shows_fifty_and_says_how_many_more(sixty: Cli) -> None:
    lines = _body(sixty.ok("meeting", "list").stdout)
    assert lines[0] == "60 meetings" and lines[1].split()[:2] == ["id", "date"]
    assert len(lines) == 2 + 50 + 1
    assert lines[-1] == "10 more — use --limit N or --all"
    assert all(line == line.rstrip() for line in lines)  # no trailing spaces in plain text
    assert "│" not in sixty.ok("meeting", "list").stdout  # no box drawing when piped


def test_meeting_list_limit_and_all(sixty: Cli) -> None:
    lines = _body(sixty.ok("meeting", "list", "--limit", "5").stdout)
    assert len(lines) == 2 + 5 + 1 and lines[-1].startswith("55 more")
    lines = _body(sixty.ok("meeting", "list", "--all").stdout)
    assert len(lines) == 62 and "more" not in lines[-1]
    assert len(_body(sixty.ok("meeting", "list", "--limit", "0").stdout)) == 62


def test_meeting_list_json_gives_every_row_unless_limited(sixty: Cli) -> None:
    assert len(sixty.json("meeting", "list")) == 60
    result = sixty.ok("meeting", "list", "--json", "--limit", "7")
    assert len(json.loads(result.stdout)) == 7
    assert result.stderr.strip() == "53 more — use --limit N or --all"


def test_meeting_list_newest_first_across_the_cut(sixty: Cli) -> None:
    every = sixty.json("meeting", "list")
    page = sixty.json("meeting", "list", "--limit", "50")
    assert [m["id"] for m in page] == [m["id"] for m in every[:50]]
    dates = [m["start_date"] for m in every]
    assert dates == sorted(dates, reverse=True)


def test_action_list_bounded_with_its_own_all(sixty: Cli) -> None:
    lines = _body(sixty.ok("action", "list", "--overdue").stdout)
    assert len(lines) == 2 + 50 + 1
    # --all already means "every status" here, so the footer points at --limit 0
    assert lines[-1] == "10 more — use --limit N or --limit 0"
    assert len(_body(sixty.ok("action", "list", "--overdue", "--limit", "0").stdout)) == 62
    assert len(sixty.json("action", "list", "--overdue")) == 60
    owner = sixty.json("action", "list", "--overdue", "--owner", "Bawaslu Sijunjung")
    assert len(owner) == 60 and {a["owner"] for a in owner} == {"Bawaslu Sijunjung"}


def test_action_list_undated_follow_ups_come_last(office: Cli) -> None:
    office.ok("agency", "add", "Polres Sijunjung", "--kind", "polri")
    office.ok("action", "add", "Siapkan pengamanan gudang logistik", "--owner", "Polres Sijunjung")
    office.ok(
        "action", "add", "Kirim data DP4", "--owner", "Polres Sijunjung", "--due", "15 Juli 2024"
    )
    office.ok(
        "action", "add", "Rapat lanjutan", "--owner", "Polres Sijunjung", "--due", "10 Juli 2024"
    )
    texts = [a["text"] for a in office.json("action", "list")]
    assert texts == ["Rapat lanjutan", "Kirim data DP4", "Siapkan pengamanan gudang logistik"]
    assert [a["text"] for a in office.json("action", "list", "--limit", "2")] == texts[:2]
    assert [a["text"] for a in office.json("action", "list", "--limit", "3")] == texts


def test_search_bounded(sixty: Cli) -> None:
    lines = _body(sixty.ok("search", "pilkada").stdout)
    assert lines[1].split() == ["kind", "id", "date", "title", "part", "snippet"]
    assert len(lines) == 2 + 50 + 1 and lines[-1] == "10 more — use --limit N or --all"
    assert len(sixty.json("search", "pilkada")) == 60
    assert len(sixty.json("search", "pilkada", "--limit", "3")) == 3


def _bulk_meetings(db: Path, n: int) -> None:
    """n held rakor, written with plain SQL (the search triggers index them too)."""
    from kpukoord.store.db import now_utc
    from kpukoord.store.ids import new_id

    conn = sqlite3.connect(db)
    origin = conn.execute("SELECT value FROM _kpukoord WHERE key = 'office_id'").fetchone()[0]
    stamp = now_utc()
    conn.executemany(
        "INSERT INTO meeting (id, origin, created_at, updated_at, title, kind, status,"
        " start_date, end_date) VALUES (?, ?, ?, ?, ?, 'rakor', 'held', ?, ?)",
        [
            (new_id(), origin, stamp, stamp, TITLE.format(n=i), day, day)
            for i in range(n)
            for day in [f"2024-0{1 + i % 6}-{1 + i % 28:02d}"]
        ],
    )
    conn.commit()
    conn.close()


def test_counts_stop_at_the_cap_and_say_so(office: Cli) -> None:
    """Past COUNT_CAP a list says "over 10000", so counting costs the same at any size."""
    from kpukoord.store.db import COUNT_CAP

    _bulk_meetings(office.db, COUNT_CAP + 60)
    lines = _body(office.ok("meeting", "list").stdout)
    assert lines[0] == f"over {COUNT_CAP} meetings" and len(lines) == 2 + 50 + 1
    assert lines[-1] == f"over {COUNT_CAP - 50} more — use --limit N or --all"
    lines = _body(office.ok("search", "pilkada").stdout)
    assert lines[0] == f"over {COUNT_CAP} hits for 'pilkada'"
    assert lines[-1] == f"over {COUNT_CAP - 50} more — use --limit N or --all"
    id_lines = _body(office.ok("--lang", "id", "meeting", "list", "--limit", "3").stdout)
    assert id_lines[0] == f"lebih dari {COUNT_CAP} rapat"
    assert id_lines[-1] == f"lebih dari {COUNT_CAP - 3} lagi — pakai --limit N atau --all"
    # --all and --json are not bounded: every meeting, exactly
    assert len(_body(office.ok("meeting", "list", "--all").stdout)) == 2 + COUNT_CAP + 60
    assert len(office.json("meeting", "list")) == COUNT_CAP + 60


def test_counts_below_the_cap_are_exact(office: Cli) -> None:
    from kpukoord.store.db import COUNT_CAP

    _bulk_meetings(office.db, COUNT_CAP)
    lines = _body(office.ok("meeting", "list").stdout)
    assert lines[0] == f"{COUNT_CAP} meetings"
    assert lines[-1] == f"{COUNT_CAP - 50} more — use --limit N or --all"


def test_search_ranks_the_most_recent_candidates(office: Cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With a limit, bm25 ranks only the CANDIDATES newest matches; without, every match."""
    from kpukoord.records import search
    from kpukoord.store.db import Database

    office.ok("meeting", "add", "--title", "Logistik", "--date", "1/2/2024")  # best, oldest
    for i in range(6):
        office.ok(
            "meeting", "add", "--title", f"Rapat koordinasi distribusi logistik pemilu {i}",
            "--date", f"{2 + i}/3/2024",
        )  # fmt: skip
    monkeypatch.setattr(search, "CANDIDATES", 4)
    with Database(office.db) as db:
        every = search.search(db, "logistik", limit=None)
        page = search.search(db, "logistik", limit=3)
        assert every[0]["title"] == "Logistik" and len(every) == 7
        assert len(page) == 3 and "Logistik" not in [h["title"] for h in page]
        newest = {h["title"] for h in every[1:] if h["title"][-1] in "2345"}
        assert {h["title"] for h in page} <= newest
        assert search.total(db, "logistik") == 7


def test_plain_list_imports_no_rich(sixty: Cli) -> None:
    env = {**os.environ, "KPUKOORD_DB": str(sixty.db), "KPUKOORD_TODAY": sixty.today}
    code = (
        "import sys\nfrom kpukoord.__main__ import main\n"
        "for args in (['meeting', 'list'], ['action', 'list', '--overdue'], ['search', 'rakor']):\n"
        "    try:\n        main(args)\n    except SystemExit as e:\n        assert not e.code\n"
        "print('rich' in sys.modules, file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stderr.strip().splitlines()[-1] == "False"
    assert "more — use --limit" in out.stdout


# -- plans on a file that was never analysed ----------------------------------------


def _plan(db: Path, sql: str, params: list[str]) -> str:
    conn = sqlite3.connect(db)
    try:
        return " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    finally:
        conn.close()


def test_list_queries_use_their_index_without_statistics(sixty: Cli) -> None:
    """The SQL the lists run, planned on a never-analysed file: each filter's index."""
    from kpukoord.records import actions, meetings
    from kpukoord.store.db import Database

    conn = sqlite3.connect(sixty.db)  # the import's PRAGMA optimize may have analysed
    conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
    conn.commit()
    conn.close()

    captured: list[tuple[str, list[str]]] = []
    with Database(sixty.db) as db:
        real = db.query

        def spy(sql: str, params=()):  # type: ignore[no-untyped-def]
            captured.append((sql, list(params)))
            return real(sql, params)

        db.query = spy  # type: ignore[method-assign]
        owner = db.scalar("SELECT id FROM agency WHERE name = 'Bawaslu Sijunjung'")
        meetings.list_rows(db, kind="rakor", limit=50)
        meetings.list_rows(db, status="planned", limit=50)
        meetings.list_rows(db, agency_id=owner, limit=50)
        actions.list_rows(db, mode="overdue", limit=50)
        actions.list_rows(db, mode="overdue", owner_id=owner, limit=50)
    plans = [_plan(sixty.db, sql, params) for sql, params in captured]
    assert "meeting_kind" in plans[0]
    assert "meeting_live_status" in plans[1]
    assert "meeting_host" in plans[2] and "attendee_agency" in plans[2]
    assert "action_open_due" in plans[3]
    assert "action_owner_open" in plans[4]  # a full page: no undated part is read


# -- streaming exports and the one -o helper ---------------------------------------


def test_export_batches_return_every_record_once(sixty: Cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kpukoord.exchange import files as exchange
    from kpukoord.exchange import tables
    from kpukoord.store.db import Database

    # many batches, one partial at the end (the batches are read in exchange/tables.py)
    monkeypatch.setattr(tables, "BATCH", 7)
    with Database(sixty.db) as db:
        recs = list(exchange.iter_records(db, "meetings"))
        acts = list(exchange.iter_records(db, "actions"))
    assert len(recs) == 60 and len({r["id"] for r in recs}) == 60
    assert len(acts) == 60 and len({a["id"] for a in acts}) == 60
    assert {r["title"] for r in recs} == {TITLE.format(n=i) for i in range(60)}


def test_streamed_json_is_the_same_text_as_one_dump(sixty: Cli) -> None:
    from kpukoord.exchange import files as exchange
    from kpukoord.store.db import Database

    with Database(sixty.db) as db:
        recs = exchange.records(db, "meetings")
    streamed = sixty.ok("export", "json", "meetings").stdout
    assert streamed == json.dumps(recs, ensure_ascii=False, indent=2) + "\n"
    empty = io.StringIO()
    exchange.write_json([], empty)
    assert empty.getvalue() == "[]\n"


def test_output_file_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    from kpukoord.cli._common import output_stream
    from kpukoord.errors import KpuError

    target = tmp_path / "rapat.ics"
    target.write_text("versi lama\n", encoding="utf-8")
    target.chmod(0o640)
    with pytest.raises(KpuError):
        with output_stream(target) as out:
            out.write("setengah jadi")
            raise KpuError("database error in the middle of an export")
    assert target.read_text(encoding="utf-8") == "versi lama\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapat.ics"]  # no temp file left
    with output_stream(target) as out:
        out.write("BEGIN:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"  # newlines as written
    assert target.stat().st_mode & 0o777 == 0o640  # the replaced file's permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapat.ics"]


def test_dash_output_is_stdout(sixty: Cli, tmp_path: Path) -> None:
    result = sixty.ok("export", "csv", "agencies", "-o", "-")
    assert result.stdout.startswith("id,") and "saved" not in result.stderr
    assert not (Path.cwd() / "-").exists()


def test_failed_export_keeps_the_old_file(sixty: Cli, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "tahapan.ics"
    target.write_text("versi lama\n", encoding="utf-8")
    sixty.fails("export", "ics", "--stages", "--schedule", "pkpu-9-2099", "-o", str(target))
    assert target.read_text(encoding="utf-8") == "versi lama\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["tahapan.ics"]


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_ics_text_survives_escaping_and_folding(title: str) -> None:
    from icalendar import Calendar

    from kpukoord.exchange.files import _fold, _ics_text

    title = "".join(c for c in title if c in "\t\n\r" or (ord(c) >= 32 and ord(c) != 127))
    title = "".join(c for c in title if not 0xD800 <= ord(c) <= 0xDFFF)
    line = _fold(f"SUMMARY:{_ics_text(title)}")
    assert all(len(part.encode("utf-8")) <= 75 for part in line[:-2].split("\r\n"))
    text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + line + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    event = Calendar.from_ical(text.encode("utf-8")).walk("VEVENT")[0]
    expected = title.replace("\r\n", "\n").replace("\r", "\n")
    assert str(event["summary"]) == expected


# -- db check ----------------------------------------------------------------------


def test_db_check_says_which_checks_ran(sixty: Cli) -> None:
    quick = sixty.ok("db", "check").stdout
    assert quick.startswith("ok: ") and "quick_check" in quick and "search index" in quick
    full = sixty.ok("db", "check", "--full").stdout
    assert "integrity_check" in full and "quick_check" not in full
    assert sixty.json("db", "check", "--full")["checks"][0] == "integrity_check"


def test_db_check_reports_a_damaged_search_index(sixty: Cli) -> None:
    conn = sqlite3.connect(sixty.db)  # a document the index does not know about
    conn.execute("DROP TRIGGER _search_doc_ai")
    conn.execute(
        "INSERT INTO _search_doc (src, kind, ref, title) VALUES ('x', 'meeting', 'x', 'Rakor')"
    )
    conn.commit()
    conn.close()
    result = sixty("db", "check", "--full")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert any(line.startswith("error: search index:") for line in result.stderr.splitlines())


def _corrupt_meeting_pages(db: Path) -> None:
    """Overwrite the interior page of the meeting table with garbage, as a bad disk would."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'meeting'").fetchone()[0]
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    with db.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xa5" * page_size)


def test_db_check_reports_a_corrupted_page_as_a_finding(office: Cli) -> None:
    office.ok(
        "import",
        "meetings",
        "-",
        "--new-agencies",
        input=_meetings_csv(300),  # enough rows for the meeting table to need interior pages
    )
    _corrupt_meeting_pages(office.db)
    result = office("db", "check")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors and all(line.startswith("error: integrity: ") for line in errors), errors
    assert "checked " in result.stderr and "quick_check" in result.stderr


# -- meeting list --stage: the page from the links' dated index (m014) ---------------


def _derived_off(db: Path, sql: str) -> int:
    """How many rows a derived-date rule of db check finds (kpukoord.store.db)."""
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0])  # noqa: S608
    finally:
        conn.close()


def _link_dates_off(db: Path) -> int:
    from kpukoord.store.db import LINK_DATES_OFF

    return _derived_off(db, LINK_DATES_OFF)


def test_stage_page_is_the_head_of_the_whole_list(office: Cli) -> None:
    """coklit names a stage in each election: each page, with any filter, is the first
    rows of the unbounded list, newest first, no meeting twice."""
    a, b = "pkpu-3-2022:coklit", "pkpu-2-2024:coklit"
    stages = [["--stage", a], ["--stage", b], ["--stage", a, "--stage", b]]
    for i in range(14):
        args = ["meeting", "add", "--title", f"Rakor pengawasan coklit {i}"]
        args += ["--kind", ("rakor", "supervisi")[i % 2], "--date", f"{1 + i % 9}/6/2024"]
        args += ["--status", ("held", "planned", "cancelled")[i % 3]]
        office.ok(*args, *stages[i % 3])
    ids = [m["id"] for m in office.json("meeting", "list", "--stage", "coklit")]
    office.ok("meeting", "edit", ids[-1], "--date", "30/6/2024")  # the oldest becomes newest
    office.ok("meeting", "remove", ids[0])
    for filters in ([], ["--kind", "rakor"], ["--status", "held"], ["--from", "3/6/2024"]):
        every = office.json("meeting", "list", "--stage", "coklit", *filters)
        assert len({m["id"] for m in every}) == len(every)
        assert ids[0] not in {m["id"] for m in every}
        keys = [(m["start_date"], m["id"]) for m in every]
        assert keys == sorted(keys, reverse=True)
        for n in (1, 3, 5):
            page = office.json("meeting", "list", "--stage", "coklit", *filters, "--limit", str(n))
            assert [m["id"] for m in page] == [m["id"] for m in every[:n]], (filters, n)
    assert office.json("meeting", "list", "--stage", "coklit", "--limit", "1")[0]["id"] == ids[-1]
    assert _link_dates_off(office.db) == 0
    office.ok("db", "check")


def test_link_dates_follow_their_meeting_whoever_writes(office: Cli) -> None:
    """The triggers keep a link's date equal to its meeting's, also for another tool's
    SQL, a link written before its meeting (a merge's order), and a stale copied date."""
    office.ok(
        "meeting", "add", "--title", "Rakor coklit", "--date", "5/7/2024", "--stage", "coklit"
    )
    conn = sqlite3.connect(office.db)
    conn.execute("UPDATE meeting SET start_date = '2024-07-06', end_date = '2024-07-06'")
    conn.commit()
    assert _link_dates_off(office.db) == 0
    stage = conn.execute("SELECT stage_id FROM meeting_stage").fetchone()[0]
    conn.execute(
        "INSERT INTO meeting_stage (id, origin, created_at, updated_at, meeting_id, stage_id,"
        " start_date) VALUES ('01HPV0000000000000000LINK9', 'x', 't', 't',"
        " '01HPV0000000000000000MEET9', ?, '1999-01-01')",
        [stage],
    )
    conn.execute(
        "INSERT INTO meeting (id, origin, created_at, updated_at, title, kind, status,"
        " start_date, end_date) VALUES ('01HPV0000000000000000MEET9', 'x', 't', 't',"
        " 'Rakor lanjutan', 'rakor', 'held', '2024-07-08', '2024-07-08')"
    )
    conn.execute("UPDATE meeting_stage SET start_date = '2000-01-01'")  # a stale copy
    conn.commit()
    conn.close()
    assert _link_dates_off(office.db) == 0
    titles = [
        m["title"] for m in office.json("meeting", "list", "--stage", "coklit", "--limit", "5")
    ]
    assert titles == ["Rakor lanjutan", "Rakor coklit"]


def test_stage_page_reads_the_dated_link_index(office: Cli) -> None:
    from kpukoord.records import meetings
    from kpukoord.store.db import Database
    from kpukoord.timetables import stages

    office.ok(
        "meeting", "add", "--title", "Rakor coklit", "--date", "5/7/2024", "--stage", "coklit"
    )
    captured: list[tuple[str, list[str]]] = []
    with Database(office.db) as db:
        db.conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
        real = db.query

        def spy(sql: str, params=()):  # type: ignore[no-untyped-def]
            captured.append((sql, list(params)))
            return real(sql, params)

        db.query = spy  # type: ignore[method-assign]
        meetings.list_rows(db, stage_ids=stages.matching_ids(db, "coklit"), limit=50)
    plan = _plan(office.db, *captured[-1])
    # one branch per coklit stage, each read in list order from the index (no sort);
    # the only sort is the outer one, of at most 2 x 50 ids
    assert plan.count("COVERING INDEX meeting_stage_date (stage_id=?)") == 2, plan
    assert plan.count("USE TEMP B-TREE FOR ORDER BY") == 1, plan


# -- report coverage: attendances carry their meeting's held day (m015) --------------


def _held_on_off(db: Path) -> int:
    from kpukoord.store.db import HELD_DAYS_OFF

    return _derived_off(db, HELD_DAYS_OFF)


def test_attendance_days_follow_their_meeting_whoever_writes(office: Cli) -> None:
    office.ok("agency", "add", "Polres Sijunjung", "--kind", "polri")
    office.ok("agency", "add", "Kodim 0310/SSD", "--kind", "tni")
    base = ["meeting", "add", "--attendee", "Polres Sijunjung", "--attendee", "Kodim 0310/SSD"]
    office.ok(*base, "--title", "Rakor pengamanan", "--date", "1/7/2024")
    planned = office.ok(*base, "--title", "Rakor lanjutan", "--date", "20/7/2024").stdout.strip()
    removed = office.ok(*base, "--title", "Rakor batal", "--date", "2/7/2024").stdout.strip()
    assert _held_on_off(office.db) == 0
    conn = sqlite3.connect(office.db)
    held = conn.execute("SELECT count(*) FROM attendee WHERE held_on IS NOT NULL").fetchone()[0]
    assert held == 4  # the planned meeting's attendances have no held day
    conn.close()
    office.ok("meeting", "remove", removed)
    office.ok("meeting", "edit", planned, "--date", "3/7/2024", "--status", "held")
    STAMP = "2024-07-04T02:00:00.000Z"
    conn = sqlite3.connect(office.db)
    conn.execute("UPDATE meeting SET start_date = '2024-06-28', end_date = '2024-06-28' "
                 "WHERE title = 'Rakor pengamanan'")  # fmt: skip
    conn.execute("UPDATE attendee SET held_on = '1999-01-01'")  # a stale copy (a merge)
    agency = conn.execute("SELECT id FROM agency WHERE name = 'Polres Sijunjung'").fetchone()[0]
    conn.execute(  # an attendance written before its meeting, as a merge may
        "INSERT INTO attendee (id, origin, created_at, updated_at, meeting_id, agency_id, seq)"
        " VALUES ('01HPV0000000000000000ATT99', 'x', ?, ?, '01HPV0000000000000000MEET9', ?, 0)",
        [STAMP, STAMP, agency],
    )
    conn.execute(  # stamps as stored: db check holds every row to the rules (issue 23)
        "INSERT INTO meeting (id, origin, created_at, updated_at, title, kind, status,"
        " start_date, end_date) VALUES ('01HPV0000000000000000MEET9', 'x', ?, ?,"
        " 'Rakor lain', 'rakor', 'held', '2024-07-04', '2024-07-04')",
        [STAMP, STAMP],
    )
    conn.commit()
    conn.close()
    assert _held_on_off(office.db) == 0
    assert "kpukoord rules" in office.ok("db", "check", "--full").stdout  # checks held_on too
    weekly = office.ok("report", "weekly", "--stale", "1", "--format", "json", today="2024-07-08")
    days = {
        r["name"]: r["last_met"] for c in json.loads(weekly.stdout)["coverage"] for r in c["stale"]
    }
    assert days == {"Polres Sijunjung": "2024-07-04", "Kodim 0310/SSD": "2024-07-03"}
