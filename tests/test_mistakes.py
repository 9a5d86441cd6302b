"""The operator's mistakes caught before anything is saved (issue 15, "Mistakes caught").

Names: "Irfan Lahabu"/"Irfan Lahbu" is issue 15's own example of a typed attendee;
the PPK and Bawaslu names are Sijunjung's, as in the README's tour.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpukoord.cli import _common
from kpukoord.language import i18n
from kpukoord.records import people
from kpukoord.store.db import Database

# -- interactive prompts -------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if typed on a terminal: missing fields are asked for."""
    monkeypatch.setattr(_common, "interactive", lambda: True)


def test_a_bad_date_at_the_prompt_asks_again_and_keeps_the_title(office, terminal) -> None:  # type: ignore[no-untyped-def]
    result = office(
        "--lang",
        "id",
        "meeting",
        "add",
        "--json",
        input="Rakor pemutakhiran\nkemarin lusa\n5/7/2024\n",
    )
    assert result.exit_code == 0, result.output
    assert "tanggal 'kemarin lusa' tidak terbaca" in result.stderr
    assert "coba lagi" in result.stderr  # asked again, in the operator's language
    assert "→ Jumat, 5 Juli 2024" in result.stderr  # how it was understood
    meetings = office.json("meeting", "list")
    assert [(m["title"], m["start_date"]) for m in meetings] == [
        ("Rakor pemutakhiran", "2024-07-05")
    ]


def test_a_date_prompt_echoes_the_weekday_of_a_range(office, terminal) -> None:  # type: ignore[no-untyped-def]
    result = office("meeting", "add", "--title", "Bimtek KPPS", input="Jumat-Sabtu 5-6 Juli 2024\n")
    assert result.exit_code == 0, result.output
    assert "→ Friday–Saturday, 5–6 July 2024" in result.stderr  # the suite runs in English


def test_an_unknown_agency_at_the_prompt_suggests_and_asks_again(office, terminal) -> None:  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung")
    result = office(
        "person",
        "add",
        "Irfan Lahabu",
        input="Bawaslu Sijunjng\nBawaslu Kabupaten Sijunjung\nKetua\n",
    )
    assert result.exit_code == 0, result.output
    assert "did you mean: Bawaslu Kabupaten Sijunjung" in result.stderr
    assert "try again" in result.stderr
    rec = office.json("person", "show", "Irfan Lahabu")
    assert [(p["agency"], p["title"]) for p in rec["positions"]] == [
        ("Bawaslu Kabupaten Sijunjung", "Ketua")
    ]


def test_without_a_terminal_a_missing_field_is_an_error(office) -> None:  # type: ignore[no-untyped-def]
    result = office.fails("meeting", "add", "--title", "Rakor", code=2)
    assert result.stderr == "error: --date is required\n"


# -- people --------------------------------------------------------------------


def _meeting_with(office, person: str, *extra: str, day: str = "5 Juli 2024"):  # type: ignore[no-untyped-def]
    return office(
        "meeting",
        "add",
        "--title",
        "Rakor pengawasan",
        "--date",
        day,
        "--attendee",
        f"Bawaslu Kabupaten Sijunjung; person={person}",
        *extra,
    )


@pytest.fixture
def irfan(office):  # type: ignore[no-untyped-def]
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung")
    office.ok("agency", "add", "Polres Sijunjung")
    assert _meeting_with(office, "Irfan Lahabu").exit_code == 0
    return office


def test_a_typo_in_an_attendee_name_is_an_error_listing_the_near_name(irfan) -> None:  # type: ignore[no-untyped-def]
    result = irfan.fails(
        "meeting",
        "add",
        "--title",
        "Rakor pengawasan",
        "--date",
        "6 Juli 2024",
        "--attendee",
        "Bawaslu Kabupaten Sijunjung; person=Irfan Lahbu",
    )
    assert result.stderr.count("\n") == 1
    assert "'Irfan Lahbu'" in result.stderr and "did you mean: Irfan Lahabu?" in result.stderr
    assert "--new-people" in result.stderr
    assert [p["name"] for p in irfan.json("person", "list")] == ["Irfan Lahabu"]


def test_new_people_accepts_a_near_name_as_another_person(irfan) -> None:  # type: ignore[no-untyped-def]
    assert _meeting_with(irfan, "Irfan Lahbu", "--new-people", day="12 Juli 2024").exit_code == 0
    assert [p["name"] for p in irfan.json("person", "list")] == ["Irfan Lahabu", "Irfan Lahbu"]


def test_the_same_name_is_the_same_person(irfan) -> None:  # type: ignore[no-untyped-def]
    assert _meeting_with(irfan, "irfan  lahabu", day="12 Juli 2024").exit_code == 0
    rec = irfan.json("person", "show", "Irfan Lahabu")
    assert len(rec["meetings"]) == 2 and len(irfan.json("person", "list")) == 1


def test_a_near_name_in_another_agency_is_not_taken_for_a_typo(irfan) -> None:  # type: ignore[no-untyped-def]
    irfan.ok(
        "meeting",
        "add",
        "--title",
        "Rakor keamanan",
        "--date",
        "5 Juli 2024",
        "--attendee",
        "Polres Sijunjung; person=Irfan Lahbu",
    )
    assert len(irfan.json("person", "list")) == 2


def test_meeting_edit_catches_the_typo_too(irfan) -> None:  # type: ignore[no-untyped-def]
    mid = irfan.json("meeting", "list")[0]["id"]
    irfan.fails(
        "meeting", "edit", mid, "--attendee", "Bawaslu Kabupaten Sijunjung; person=Irfn Lahabu"
    )
    irfan.ok(
        "meeting",
        "edit",
        mid,
        "--attendee",
        "Bawaslu Kabupaten Sijunjung; person=Irfn Lahabu",
        "--new-people",
    )
    assert len(irfan.json("person", "list")) == 2


def test_person_show_suggests_the_nearest_names(irfan) -> None:  # type: ignore[no-untyped-def]
    result = irfan.fails("person", "show", "Irfan Lahbu")
    assert result.stderr == "error: unknown person 'Irfan Lahbu'; did you mean: Irfan Lahabu?\n"


_EMPTY: list[Database] = []  # one new database for every example (each rolls back)


def _empty() -> Database:
    if not _EMPTY:
        _EMPTY.append(Database(":memory:"))
    return _EMPTY[0]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_a_name_is_never_its_own_near_match(name: str) -> None:
    if not any(ch.isalnum() for ch in name):
        return
    db = _empty()
    db.conn.execute("BEGIN")  # the example's writes are undone below: the next finds none
    try:
        assert not db.query("SELECT id FROM person")
        try:
            people.add(db, name)
        except Exception:  # a name with no letters: refused, nothing to compare
            return
        assert people.near(db, name, cutoff=0.0) == []
        assert people.find(db, name)["name"] == " ".join(name.split())
    finally:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")


# -- messages ------------------------------------------------------------------


def test_unknown_agencies_are_one_line_each_name_once(office) -> None:  # type: ignore[no-untyped-def]
    result = office.fails(
        "meeting",
        "add",
        "--title",
        "Rakor",
        "--date",
        "5 Juli 2024",
        "--attendee",
        "Bawaslu Sijunjung",
        "--attendee",
        "Bawaslu Sijunjung; person=Irfan Lahabu",
        "--action",
        "Laporan pengawasan; owner=Bawaslu Sijunjung",
        "--attendee",
        "Polres Sijunjung",
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "unknown agencies: Bawaslu Sijunjung, Polres Sijunjung" in lines[0]
    assert lines[0].count("Bawaslu Sijunjung") == 1 and lines[0].count("Polres Sijunjung") == 1
    assert "--new-agencies" in lines[0]


def test_no_field_name_stutter(office) -> None:  # type: ignore[no-untyped-def]
    result = office.fails(
        "meeting", "add", "-t", "Rakor", "-d", "5 Juli 2024", "--action", "Laporan coklit", code=1
    )
    assert (
        result.stderr == "error: --action: action 'Laporan coklit' needs an owner (owner=AGENCY)\n"
    )
    result = office.fails(
        "meeting", "add", "-t", "Rakor", "-d", "5 Juli 2024", "--attendee", "; person=X", code=1
    )
    assert result.stderr == "error: --attendee: an attendee needs an agency\n"


def test_a_file_problem_still_names_the_field(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "rakor.yaml"
    f.write_text(
        "title: Rakor\ndate: 5 Juli 2024\nactions:\n  - Laporan coklit\n", encoding="utf-8"
    )
    result = office.fails("meeting", "add", "--from-file", str(f))
    assert "action 'Laporan coklit' needs an owner" in result.stderr
    assert "action: action" not in result.stderr


def test_a_short_ambiguous_name_lists_every_candidate_prefix_first(office) -> None:  # type: ignore[no-untyped-def]
    for name in (
        "PPK Kecamatan Sijunjung",
        "PPK Kecamatan Kamang Baru",
        "PPK Kecamatan Tanjung Gadang",
        "Polres Sijunjung",
        "PPS Nagari Muaro",
    ):
        office.ok("agency", "add", name)
    result = office.fails("agency", "show", "PPK")
    suggested = result.stderr.split("did you mean: ", 1)[1].rstrip("?\n").split(", ")
    assert set(suggested[:3]) == {
        "PPK Kecamatan Sijunjung",
        "PPK Kecamatan Kamang Baru",
        "PPK Kecamatan Tanjung Gadang",
    }
    assert "Polres Sijunjung" not in suggested


# -- a mistyped --db, a file never initialised -----------------------------------


def test_a_read_on_a_missing_file_does_not_create_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "kpukord.db"
    result = cli.fails("--db", str(missing), "meeting", "list")
    assert "does not exist" in result.stderr and "kpukoord init" in result.stderr
    assert not missing.exists()
    assert not cli.db.exists()


def test_a_write_on_a_missing_file_does_not_create_it_either(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "kpukord.db"
    result = cli.fails("--db", str(missing), "agency", "add", "Polres Sijunjung")
    assert "kpukoord init" in result.stderr
    assert not missing.exists()


def test_a_write_on_a_file_with_no_office_says_run_init(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "baru.db"
    empty.touch()
    result = cli.fails("--db", str(empty), "meeting", "add", "-t", "Rakor", "-d", "5 Juli 2024")
    assert result.stderr.startswith("error: ") and "run 'kpukoord init' first" in result.stderr
    assert empty.stat().st_size == 0  # left as it was
    cli.ok("--db", str(empty), "init", "--office", "KPU Kabupaten Sijunjung", "--no-schedules")
    cli.ok("--db", str(empty), "meeting", "add", "-t", "Rakor", "-d", "5 Juli 2024")
    conn = sqlite3.connect(empty)
    assert conn.execute("SELECT count(*) FROM meeting").fetchone() == (1,)
    conn.close()


def test_the_messages_follow_the_language(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "tidak-ada.db"
    result = cli.fails("--lang", "id", "--db", str(missing), "meeting", "list")
    assert "berkas basis data tidak ada" in result.stderr
    assert i18n.language() == "en"  # --lang lasts one invocation


def test_an_unknown_lang_is_a_usage_error(office) -> None:  # type: ignore[no-untyped-def]
    result = office.fails("--lang", "fr", "meeting", "list", code=2)
    assert "--lang 'fr'" in result.stderr


def test_an_import_refuses_a_near_name_unless_new_people(irfan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same rule as 'meeting add': a file's typo does not become a second person."""
    sheet = tmp_path / "rapat.yaml"
    sheet.write_text(
        "- title: Rakor pengawasan kampanye\n"
        "  date: 8 Juli 2024\n"
        "  attendees:\n"
        "    - Bawaslu Kabupaten Sijunjung; person=Irfan Lahbu\n",
        encoding="utf-8",
    )
    result = irfan.fails("import", "meetings", str(sheet))
    assert result.stderr.startswith(f"error: {sheet}:1: person 'Irfan Lahbu'")  # once, with its row
    assert "did you mean: Irfan Lahabu?" in result.stderr and "--new-people" in result.stderr
    assert irfan.ok("import", "meetings", str(sheet), "--new-people").exit_code == 0
    assert [p["name"] for p in irfan.json("person", "list")] == ["Irfan Lahabu", "Irfan Lahbu"]
