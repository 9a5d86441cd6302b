"""Every change kept: history of each record, and undo (issue 28)."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Cli, dump


def _add(c: Cli, title: str = "Rakor logistik", venue: str = "Aula KPU") -> str:
    return c.ok(  # (hypothesis's examples share the file: the same meeting, on purpose)
        "meeting", "add", "--title", title, "--date", "1/7/2024", "--venue", venue,
        "--allow-duplicate",
    ).stdout.strip()  # fmt: skip


def _content(record: dict) -> dict:  # type: ignore[type-arg]
    """A record without its bookkeeping (an undo moves updated_at on: it is a change)."""
    return {k: v for k, v in record.items() if k != "updated_at"}


def _check(c: Cli, full: bool = True) -> None:
    out = c.json("db", "check", *(["--full"] if full else []))
    assert out["ok"], out["problems"]


def test_done_when_two_edits_undone_give_the_original_back(office: Cli) -> None:
    mid = _add(office)
    original = office.ok("meeting", "show", mid, "--json").stdout
    office.ok("meeting", "edit", mid, "--venue", "Hotel Sahid")
    office.ok("meeting", "edit", mid, "--title", "Rakor distribusi logistik")
    rec = office.json("history", mid[:14])
    assert rec["id"] == mid and rec["table"] == "meeting"
    ops = [(v["command"], v["op"]) for v in rec["versions"]]
    assert ops == [
        ("meeting add", "insert"),
        ("meeting edit", "update"),
        ("meeting edit", "update"),
    ]
    assert rec["versions"][1]["changes"]["venue"] == ["Aula KPU", "Hotel Sahid"]
    assert rec["versions"][2]["changes"]["title"] == ["Rakor logistik", "Rakor distribusi logistik"]
    text = office.ok("history", mid).stdout
    assert "venue 'Aula KPU' → 'Hotel Sahid'" in text
    assert "title 'Rakor logistik' → 'Rakor distribusi logistik'" in text
    assert all(len(line) <= 80 for line in text.splitlines())

    first = office.json("undo")
    assert first["command"] == "meeting edit" and first["done"]
    assert office.json("meeting", "show", mid)["venue"] == "Hotel Sahid"
    office.json("undo")
    back = office.json("meeting", "show", mid)
    assert _content(back) == _content(json.loads(original))
    assert back["updated_at"] > json.loads(original)["updated_at"]  # the undo is a change
    _check(office)
    # both undos are in the history, each naming what it reversed
    changes = office.json("history", "--limit", "4")["changes"]
    assert [c["command"] for c in changes[:2]] == ["undo", "undo"]
    assert changes[0]["undoes"] == changes[3]["change"]
    assert changes[3]["undone_by"] == changes[0]["change"]


def test_undo_of_an_import_removes_all_three_meetings(office: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["title", "kind", "start_date", "end_date", "venue", "attendees"])
        for i, day in enumerate(["2024-07-01", "2024-07-02", "2024-07-03"]):
            w.writerow(
                [
                    f"Rakor pemutakhiran data pemilih {i}",
                    "rakor",
                    day,
                    day,
                    "Aula KPU",
                    "KPU Sijunjung",
                ]
            )
    before = office.json("meeting", "list")
    office.ok("import", "meetings", str(path))
    assert len(office.json("meeting", "list")) == len(before) + 3
    plan = office.json("undo", "--dry-run")
    assert plan["command"] == "import meetings" and not plan["done"]
    assert sum(r["table"] == "meeting" for r in plan["rows"]) == 3
    office.ok("undo")
    assert office.json("meeting", "list") == before
    assert office.json("search", "pemutakhiran") == []
    _check(office)


def test_undo_is_refused_after_an_edit_outside_the_history(office: Cli) -> None:
    mid = _add(office)
    office.ok("meeting", "edit", mid, "--venue", "Hotel Sahid")
    c = sqlite3.connect(office.db)  # another tool (sqlite-utils, Datasette) edits the row
    c.execute("UPDATE meeting SET venue = 'Gedung Nasional' WHERE id = ?", [mid])
    c.commit()
    c.close()
    err = office.fails("undo").stderr
    assert "changed since, outside the history" in err and f"meeting {mid}" in err
    assert office.json("meeting", "show", mid)["venue"] == "Gedung Nasional"
    rec = office.json("history", mid)
    outside = [v for v in rec["versions"] if v["change"] is None]  # kept too
    assert outside[0]["changes"]["venue"] == ["Hotel Sahid", "Gedung Nasional"]
    _check(office)


def test_a_later_kpukoord_edit_is_undone_first(office: Cli) -> None:
    mid = _add(office)
    office.ok("meeting", "edit", mid, "--venue", "Hotel Sahid")
    office.ok("undo")
    office.ok("meeting", "edit", mid, "--venue", "Gedung Nasional")
    assert office.json("undo")["command"] == "meeting edit"
    assert office.json("meeting", "show", mid)["venue"] == "Aula KPU"
    assert office.json("undo")["command"] == "meeting add"
    office.fails("meeting", "show", mid)


def test_bad_input(office: Cli) -> None:
    empty = Cli(office.db.parent / "empty.db", office.today, office.runner)
    empty.ok("init", "--office", "KPU Kabupaten Luwu Utara", "--no-schedules")
    # init made the file: undoing it would leave a database with no office
    assert "nothing to undo" in empty.fails("undo").stderr
    _check(empty)
    assert "no record with id" in office.fails("history", "ZZZZZZZZ").stderr
    assert "too short" in office.fails("history", "01").stderr
    a = _add(office, "Rakor A")
    assert "matches" in office.fails("history", a[:5]).stderr  # the office's rows too
    _check(office)


def test_a_corrupt_history_row_is_named_and_nothing_is_undone(office: Cli) -> None:
    mid = _add(office)
    office.ok("meeting", "edit", mid, "--venue", "Hotel Sahid")
    c = sqlite3.connect(office.db)
    vid = c.execute("SELECT max(id) FROM _version").fetchone()[0]
    c.execute("UPDATE _version SET old = '{broken' WHERE id = ?", [vid])
    c.commit()
    c.close()
    err = office.fails("undo").stderr
    assert f"history row {vid} is damaged" in err
    _check(office, full=False)
    found = office(*["db", "check", "--full"])
    assert found.exit_code == 1 and "previous values cannot be read" in found.stderr


def test_history_triggers_follow_a_new_column(office: Cli) -> None:
    """A later migration adds a column and calls ensure_triggers: versions carry it."""
    from kpukoord.store import history

    c = sqlite3.connect(office.db)
    c.execute("ALTER TABLE meeting ADD COLUMN room TEXT")
    assert "meeting" in office(*["db", "check"]).stderr  # triggers out of date: said
    history.ensure_triggers(c)
    c.commit()
    c.close()
    _check(office)
    mid = _add(office)
    office.ok("meeting", "edit", mid, "--venue", "Hotel Sahid")
    c = sqlite3.connect(office.db)
    old = json.loads(c.execute("SELECT old FROM _version ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert "room" in old and old["venue"] == "Aula KPU"


def test_compact_history_drops_old_versions_all_or_nothing(office: Cli) -> None:
    mid = _add(office)
    office.ok("meeting", "edit", mid, "--venue", "Hotel Sahid")
    assert "--yes" in office.fails("db", "compact-history", "--before", "2100-01-01").stderr
    out = office.json("db", "compact-history", "--before", "2100-01-01", "--yes")
    assert out["changes"] >= 3 and out["versions"] >= 3
    assert office.json("history")["changes"] == []
    assert "nothing to undo" in office.fails("undo").stderr
    assert office.json("meeting", "show", mid)["venue"] == "Hotel Sahid"
    _check(office)


def test_undo_of_a_merge_reverses_the_whole_run(tmp_path: Path) -> None:
    from test_merge import backup, luwu, luwu_utara, province

    prov, lutra, luwu_ = province(tmp_path), luwu_utara(tmp_path), luwu(tmp_path)
    files = [backup(lutra, tmp_path / "a.db"), backup(luwu_, tmp_path / "b.db")]
    before = dump(prov.db)
    prov.ok("merge", *map(str, files))
    changes = prov.json("history", "--limit", "1")["changes"]
    assert changes[0]["command"] == "merge" and changes[0]["rows_total"] > 10
    origin = sqlite3.connect(lutra.db).execute(
        "SELECT value FROM _kpukoord WHERE key = 'office_id'"
    )
    office_id = origin.fetchone()[0]
    # the office's row, not its entry among the merged offices (same id)
    assert prov.json("history", office_id)["table"] == "office"
    prov.ok("undo")
    assert _records(dump(prov.db)) == _records(before)
    _check(prov)
    prov.ok("merge", *map(str, files))  # and it merges again as the first time
    assert len(prov.json("meeting", "list")) == 3


def _records(lines: list[str]) -> set[str]:
    """The rows of a dump but the history's own, statistics and FTS5's internal pages
    (the search documents stay; db check --full compares the index with them)."""
    skip = ('"_change', '"_version', '"sqlite_stat', '"_search_data', '"_search_idx')
    return {line for line in lines if not line.startswith(tuple(f"INSERT INTO {s}" for s in skip))}


KILLER = """
import os, signal, sys
from kpukoord.store import history
real = history._reverse
def reverse(*a):
    real(*a)  # the first run of rows reversed (the attendances), then killed
    os.kill(os.getpid(), signal.SIGKILL)
history._reverse = reverse
from kpukoord.__main__ import main
sys.argv = ["kpukoord", "undo"]
main()
"""


def test_sigkill_in_the_middle_of_an_undo_leaves_no_half(office: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["title", "kind", "start_date", "end_date", "venue", "attendees"])
        for i in range(200):
            w.writerow(
                [f"Rakor {i}", "rakor", "2024-07-01", "2024-07-01", "Aula KPU", "KPU Sijunjung"]
            )
    office.ok("import", "meetings", str(path))
    before = dump(office.db)
    env = {**os.environ, "KPUKOORD_DB": str(office.db), "KPUKOORD_LANG": "en"}
    proc = subprocess.run([sys.executable, "-c", KILLER], env=env, capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert dump(office.db) == before  # not half an undo: nothing
    _check(office)
    office.ok("undo")
    assert office.json("meeting", "list", "--all") == []
    _check(office)


@pytest.mark.parametrize("lang", ["id"])
def test_history_reads_in_indonesian(office: Cli, lang: str) -> None:
    mid = _add(office)
    office.ok("meeting", "edit", mid, "--venue", "Hotel Sahid")
    text = office.ok("--lang", lang, "history", "--limit", "1").stdout
    assert "WIB — #" in text and "meeting edit" in text
    assert f"rapat {mid}: tempat 'Aula KPU' → 'Hotel Sahid'" in text
    assert any(
        day in text for day in ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    )


def test_json_keys_are_the_readme_contract(office: Cli) -> None:
    from test_contract import SPECS, check

    mid = _add(office)
    office.ok("meeting", "edit", mid, "--venue", "Hotel Sahid")
    listed = office.json("history")
    check(listed, SPECS["history"], "history")
    check(office.json("history", mid), SPECS["history record"], "history ID")
    check(office.json("undo", "--dry-run"), SPECS["undo"], "undo --dry-run")
    check(office.json("undo"), SPECS["undo"], "undo")
    out = office.json("db", "compact-history", "--before", "2000-01-01", "--yes")
    check(out, SPECS["db compact-history"], "db compact-history")


def test_every_write_path_keeps_its_history_and_undoes_whole(demo: Cli) -> None:
    """Each command's run is one change set of its own (nothing kept as written by an
    outside tool), and undoing them all, newest first, gives the file back."""
    start = _records(dump(demo.db))
    runs = [
        ("agency", "add", "Polres Dharmasraya", "--alias", "Polres SJJ"),
        ("agency", "edit", "Polres SJJ", "--kind", "polri"),
        ("person", "add", "Ahmad Yani", "--agency", "Polres SJJ", "--position", "Kapolres"),
        ("action", "add", "Data kerawanan TPS", "--owner", "Polres SJJ", "--due", "15/7/2024"),
        ("meeting", "plan", "--title", "Coffee Morning", "--every", "setiap Senin", "--count", "3"),
        ("stage", "progress", "coklit", "40", "--note", "menunggu data"),
    ]
    for args in runs:
        demo.ok(*args)
    act = demo.json("action", "list")[0]["id"]
    demo.ok("action", "done", act, "--note", "Sudah dipetakan")
    demo.ok("action", "reopen", act)
    demo.ok("agency", "remove", "Polres SJJ")
    c = sqlite3.connect(demo.db)
    outside = c.execute("SELECT count(*) FROM _version WHERE change_id IS NULL").fetchone()[0]
    commands = [r[0] for r in c.execute("SELECT command FROM _change ORDER BY id")]
    c.close()
    assert outside == 0
    assert commands[-9:] == [
        "agency add",
        "agency edit",
        "person add",
        "action add",
        "meeting plan",
        "stage progress",
        "action done",
        "action reopen",
        "agency remove",
    ]
    for _ in range(9):
        demo.ok("undo")
    _check(demo)
    assert _records(dump(demo.db)) == start


def test_a_reported_percent_comes_back_exactly(office: Cli) -> None:
    """REAL values keep all their digits in the history (json_object alone keeps 15)."""
    office.ok("stage", "progress", "coklit", "33.333333333333336")
    office.ok("stage", "progress", "coklit", "50")
    c = sqlite3.connect(office.db)
    row = c.execute("SELECT id, percent FROM stage_progress ORDER BY rowid LIMIT 1").fetchone()
    c.execute("UPDATE stage_progress SET percent = 1.0 / 3 WHERE id = ?", [row[0]])
    c.commit()
    old = c.execute("SELECT old FROM _version ORDER BY id DESC LIMIT 1").fetchone()[0]
    c.close()
    assert json.loads(old)["percent"] == row[1] == 33.333333333333336


_WORDS = (
    st.text(
        st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\u2028\u2029"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(["--title", "--venue", "--notes"]), _WORDS),
        min_size=1,
        max_size=3,
    )
)
def test_any_edits_undone_give_the_meeting_back_byte_for_byte(
    office: Cli, edits: list[tuple[str, str]]
) -> None:
    mid = _add(office)
    original = office.ok("meeting", "show", mid, "--json").stdout
    done = 0
    for flag, value in edits:
        if office("meeting", "edit", mid, flag, value).exit_code == 0:
            done += 1  # a value the text rules refuse changes nothing, and is no change set
    for _ in range(done):
        office.ok("undo")
    assert _content(office.json("meeting", "show", mid)) == _content(json.loads(original))


def test_text_written_by_another_tool_never_reaches_the_terminal_raw(office: Cli) -> None:
    mid = _add(office)
    c = sqlite3.connect(office.db)
    c.execute(
        "UPDATE meeting SET venue = ? WHERE id = ?", ["Aula\x1b]8;;http://x\x07KPU\u202e", mid]
    )
    c.commit()
    c.close()
    for out in (office.ok("history", mid).stdout, office.ok("history").stdout):
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    # shown as symbols, as every view shows what a terminal would act on (text.visible)
    assert "Aula\u241b]8;;http://x\u2407KPU\ufffd" in office.ok("history", mid).stdout


def test_a_later_migration_adding_a_column_is_versioned_without_more(
    office: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ensure_schema remakes the triggers after any upgrade: m019 needs no history code."""
    from kpukoord.store import migrations

    step = ("m099_meeting_room", "ALTER TABLE meeting ADD COLUMN room TEXT;")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.MIGRATIONS))
    mid = _add(office)  # opening the file runs m099
    office.ok("meeting", "edit", mid, "--venue", "Hotel Sahid")
    c = sqlite3.connect(office.db)
    old = json.loads(c.execute("SELECT old FROM _version ORDER BY id DESC LIMIT 1").fetchone()[0])
    c.close()
    assert "room" in old
    _check(office)


def test_every_history_table_has_a_label() -> None:
    """A table a migration adds is named in words in history, never by its SQL name."""
    import sqlite3

    from kpukoord.store.migrations import MIGRATIONS, _statements
    from kpukoord.views.history import table_label

    conn = sqlite3.connect(":memory:")
    for _name, step in MIGRATIONS:
        if isinstance(step, str):
            for statement in _statements(step):
                conn.execute(statement)
    tables = {
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not r[0].startswith(("_", "sqlite"))
    }
    from kpukoord.language import i18n

    with i18n.using("id"):  # the suite speaks English, where a label may equal its table
        assert tables and not {t for t in tables if table_label(t) == t}
