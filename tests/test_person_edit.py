"""person edit: a misspelled name corrected, short names added and removed (issue 27 trial:
'aliases cannot yet be edited or removed'; a name typed wrong with --new-people stayed)."""

from __future__ import annotations

from conftest import Cli


def _with_meeting(office: Cli) -> tuple[str, str]:
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung")
    mid = office.ok(
        "meeting", "add", "-t", "Rakor pengawasan", "-d", "5 Juli 2024",
        "--attendee", "Bawaslu Kabupaten Sijunjung; person=Irfn Lahabu; position=Ketua",
        "--new-people",
    ).stdout.strip()  # fmt: skip
    return mid, office.json("person", "show", "Irfn Lahabu")["id"]


def test_a_misspelled_name_is_corrected_and_still_found(office: Cli) -> None:
    mid, pid = _with_meeting(office)
    rec = office.json("person", "edit", "Irfn Lahabu", "--name", "Irfan Lahabu")
    assert (rec["id"], rec["name"]) == (pid, "Irfan Lahabu")
    assert office.json("person", "show", "Irfn Lahabu")["id"] == pid  # the old name finds them
    shown = office.json("meeting", "show", mid)
    assert [a["person"] for a in shown["attendees"] if a.get("person")] == ["Irfan Lahabu"]
    out = office.ok("person", "edit", pid, "--remove-alias", "Irfn Lahabu").stdout
    assert out == f"updated {pid} Irfan Lahabu\n"
    office.fails("person", "show", "Irfn Lahabu")


def test_short_names_added_and_removed(office: Cli) -> None:
    _mid, pid = _with_meeting(office)
    office.ok("person", "edit", pid, "--alias", "Irfan", "-a", "Pak Irfan")
    assert office.json("person", "show", "Pak Irfan")["id"] == pid
    office.ok("person", "edit", "Irfan", "--remove-alias", "pak  irfan")  # as names match
    office.fails("person", "show", "Pak Irfan")


def test_what_would_confuse_two_people_is_refused_and_changes_nothing(office: Cli) -> None:
    _mid, pid = _with_meeting(office)
    office.ok("person", "add", "Rina Marlina", "--agency", "Bawaslu Kabupaten Sijunjung",
              "--position", "Anggota", "--alias", "Rina")  # fmt: skip
    err = office.fails("person", "edit", pid, "--name", "rina marlina").stderr
    assert err == "error: 'rina marlina' already names another person: Rina Marlina\n"
    err = office.fails("person", "edit", pid, "--name", "Rina").stderr
    assert "already names another person: Rina Marlina" in err
    err = office.fails("person", "edit", pid, "--alias", "Rina").stderr
    assert "already names another person: Rina Marlina" in err
    err = office.fails("person", "edit", pid, "--remove-alias", "Ibu Rina", code=2).stderr
    assert err == "error: 'Irfn Lahabu' has no alias 'Ibu Rina'\n"
    office.fails("person", "edit", pid, "--name", "- . -", code=2)  # no letters: no name
    err = office.fails("person", "edit", "Orang Tak Dikenal", "--name", "X").stderr
    assert err.startswith("error: unknown person 'Orang Tak Dikenal'")


def test_a_rename_is_undone_whole(office: Cli) -> None:
    _mid, pid = _with_meeting(office)
    office.ok("person", "edit", pid, "--name", "Irfan Lahabu")
    office.ok("undo")
    assert office.json("person", "show", pid)["name"] == "Irfn Lahabu"
    office.fails("person", "show", "Irfan Lahabu")


def test_a_near_name_in_the_same_agency_is_said_when_a_person_is_added(office: Cli) -> None:
    office.ok(
        "person", "add", "Siti Aminah", "--agency", "KPU Sijunjung", "--position", "Sekretaris"
    )
    added = office.ok("person", "add", "Sitti Aminah", "--agency", "KPU Sijunjung", "--position",
                      "Staf")  # fmt: skip
    assert added.stderr.startswith("warning: Sitti Aminah was added as a new person; ")
    assert "also has Siti Aminah" in added.stderr
    office.ok("undo")
    assert [p["name"] for p in office.json("person", "list")] == ["Siti Aminah"]
