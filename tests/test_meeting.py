"""Meetings: recording the three news reports, showing them back, finding them, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DEMO, dump

SIJUNJUNG = [
    "meeting",
    "add",
    "--title",
    "Rakor persiapan tahapan Pilkada 2024",
    "--date",
    "Jumat-Sabtu 5-6 Juli 2024",
    "--venue",
    "Hotel The ZHM Premiere Padang",
    "--chair",
    "Bayu Agung Perdana",
    "--attendee",
    "KPU Sijunjung; person=Bayu Agung Perdana; position=Plh Ketua",
    "--attendee",
    "Bawaslu Sijunjung",
    "--attendee",
    "Polres Sijunjung; position=Kapolres",
    "--decision",
    "KPU aktif menyosialisasikan Pilkada kepada masyarakat",
    "--action",
    "Sosialisasi coklit; owner=KPU Sijunjung; due=24 Juli 2024",
    "--stage",
    "coklit",
    "--source",
    "MC Sijunjung, 8 Juli 2024",
]


def _agencies(cli) -> None:  # type: ignore[no-untyped-def]
    cli.ok("agency", "add", "Bawaslu Kabupaten Sijunjung", "--alias", "Bawaslu Sijunjung")
    cli.ok("agency", "add", "Polres Sijunjung")


def test_record_the_sijunjung_rakor_with_flags(office) -> None:  # type: ignore[no-untyped-def]
    _agencies(office)
    new_id = office.ok(*SIJUNJUNG).stdout.strip()
    assert len(new_id) == 26
    rec = office.json("meeting", "show", new_id[:12])
    assert rec["start_date"] == "2024-07-05" and rec["end_date"] == "2024-07-06"
    assert rec["status"] == "held"  # in the past relative to today (2024-07-08)
    assert rec["host"] == "KPU Kabupaten Sijunjung"  # defaults to this office
    assert [a["agency"] for a in rec["attendees"]] == [
        "KPU Kabupaten Sijunjung",
        "Bawaslu Kabupaten Sijunjung",
        "Polres Sijunjung",
    ]
    assert rec["attendees"][0]["person"] == "Bayu Agung Perdana"
    assert rec["attendees"][0]["position"] == "Plh Ketua"
    assert rec["actions"][0]["due_date"] == "2024-07-24"
    assert rec["stages"][0]["ref"] == "pkpu-2-2024:coklit"  # not PKPU 3/2022's coklit
    human = office.ok("meeting", "show", new_id, "--lang", "id").stdout
    assert "Jumat–Sabtu, 5–6 Juli 2024" in human


def test_json_field_names_are_the_documented_contract(office) -> None:  # type: ignore[no-untyped-def]
    _agencies(office)
    rec = office.json(*SIJUNJUNG)
    for key in [
        "id",
        "title",
        "kind",
        "status",
        "start_date",
        "end_date",
        "start_time",
        "timezone",
        "venue",
        "host",
        "attendees",
        "notes",
        "decisions",
        "actions",
        "source",
    ]:
        assert key in rec, key


def test_all_three_articles_from_files_listed_by_agency(office) -> None:  # type: ignore[no-untyped-def]
    from kpukoord import demo

    demo.load_articles(office.db)
    all_meetings = office.json("meeting", "list")
    assert [m["start_date"] for m in all_meetings] == ["2024-10-04", "2024-07-05", "2023-02-13"]
    kesbangpol = office.json("meeting", "list", "--agency", "Kesbangpol Lutra")
    assert [m["kind"] for m in kesbangpol] == ["kunjungan"]
    luwu = kesbangpol[0]
    hakim = next(a for a in luwu["attendees"] if a["person"] == "Hakim Bukara")
    assert hakim["position"] == "Kepala Badan Kesbangpol"
    bengkulu = office.json("meeting", "list", "--agency", "Bawaslu Bengkulu Utara")
    assert bengkulu[0]["kind"] == "coffee-morning"
    assert bengkulu[0]["stages"][0]["ref"] == "pkpu-2-2024:kampanye"
    # filters compose: Sijunjung meetings in July 2024 of kind rakor
    july = office.json(
        "meeting",
        "list",
        "--from",
        "1 Juli 2024",
        "--to",
        "31 Juli 2024",
        "--kind",
        "rakor",
        "--agency",
        "KPU Sijunjung",
    )
    assert [m["title"] for m in july] == [
        "Rakor persiapan tahapan Pilkada 2024 bersama stakeholder"
    ]
    assert (
        office.json("meeting", "list", "--stage", "pkpu-3-2022:coklit")[0]["start_date"]
        == "2023-02-13"
    )
    human = office.ok("meeting", "show", luwu["id"], "--lang", "id").stdout
    assert "Senin, 13 Februari 2023" in human


def test_meeting_file_from_stdin_and_json(office) -> None:  # type: ignore[no-untyped-def]
    _agencies(office)
    data = {
        "title": "Audiensi Bawaslu",
        "kind": "audiensi",
        "date": "Senin (22/07/24)",
        "time": "pukul 10.00",
        "attendees": [{"agency": "Bawaslu Sijunjung"}],
    }
    new_id = office.ok("meeting", "add", "--from-file", "-", input=json.dumps(data)).stdout.strip()
    rec = office.json("meeting", "show", new_id)
    assert rec["status"] == "planned"  # after "today"
    assert (rec["start_time"], rec["timezone"]) == ("10:00", "WIB")  # the office's zone


def test_unknown_attendees_are_named_and_nothing_is_written(office) -> None:  # type: ignore[no-untyped-def]
    result = office.fails(
        "meeting",
        "add",
        "--title",
        "Rakor",
        "--date",
        "5 Juli 2024",
        "-a",
        "Kodim 0310",
        "-a",
        "Dinas Kesehatan",
    )
    assert "unknown agencies: Kodim 0310, Dinas Kesehatan" in result.stderr
    assert "--new-agencies" in result.stderr
    new_id = office.ok(
        "meeting",
        "add",
        "--title",
        "Rakor",
        "--date",
        "5 Juli 2024",
        "-a",
        "Kodim 0310",
        "--new-agencies",
    ).stdout.strip()
    assert office.json("meeting", "show", new_id)["attendees"][0]["agency"] == "Kodim 0310"
    assert office.json("agency", "show", "Kodim 0310")["kind"] == "tni"


def test_bad_meeting_input_is_one_clear_error(office) -> None:  # type: ignore[no-untyped-def]
    _agencies(office)
    base = ["meeting", "add", "--title", "Rakor"]
    assert "--date" in office.fails(*base, "--date", "Kamis 5 Juli 2024").stderr
    assert "before the start" in office.fails(*base, "--date", "6 - 5 Juli 2024").stderr
    assert (
        "--title is required"
        in office.fails("meeting", "add", "--date", "5 Juli 2024", code=2).stderr
    )
    assert "--date is required" in office.fails(*base, code=2).stderr
    assert (
        "unknown meeting kind"
        in office.fails(*base, "--date", "5/7/2024", "--kind", "party").stderr
    )
    assert (
        "cannot be 'held'" in office.fails(*base, "--date", "5/7/2025", "--status", "held").stderr
    )
    assert "owner" in office.fails(*base, "--date", "5/7/2024", "--action", "Lapor").stderr
    assert "ambiguous" not in office.fails(*base, "--date", "5/7/2024", "--host", "Nowhere").stderr
    assert (
        "unknown stage" in office.fails(*base, "--date", "5/7/2024", "--stage", "zzzz-stage").stderr
    )
    assert "either --from-file" in office.fails(*base, "--from-file", "x.yaml", code=2).stderr


def test_malformed_meeting_files_report_file_and_line(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _agencies(office)
    bad = tmp_path / "rakor.yaml"
    bad.write_text(
        "title: Rakor\n"
        "date: Kamis 5 Juli 2024\n"
        "attendees:\n"
        "  - Bawaslu Sijunjung\n"
        "  - {agency: Polres Sijunjung, rank: AKBP}\n"
        "colour: blue\n",
        encoding="utf-8",
    )
    err = office.fails("meeting", "add", "--from-file", str(bad)).stderr
    assert f"{bad}:2: cannot read date" in err
    assert f"{bad}:5: attendee: unknown attendee field 'rank'" in err
    assert f"{bad}:6: unknown field 'colour'" in err
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Rakor\ndate: [5 Juli\n", encoding="utf-8")
    assert f"{broken}:3: YAML syntax" in office.fails("meeting", "add", "-f", str(broken)).stderr
    assert (
        "no such file" in office.fails("meeting", "add", "-f", str(tmp_path / "none.yaml")).stderr
    )


def test_one_bad_meeting_in_a_file_writes_none(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _agencies(office)
    f = tmp_path / "two.yaml"
    f.write_text(
        "- {title: Satu, date: 5 Juli 2024, attendees: [Bawaslu Sijunjung]}\n"
        "- {title: Dua, date: 6 Juli 2024, attendees: [Nobody]}\n",
        encoding="utf-8",
    )
    err = office.fails("meeting", "add", "-f", str(f)).stderr
    assert f"{f}:2: unknown agency 'Nobody'" in err
    assert office.json("meeting", "list") == []


def test_edit_and_remove(office) -> None:  # type: ignore[no-untyped-def]
    _agencies(office)
    mid = office.ok(*SIJUNJUNG).stdout.strip()
    office.ok(
        "meeting",
        "edit",
        mid,
        "--venue",
        "Aula KPU Sijunjung",
        "--decision",
        "Rakor lanjutan 1 Agustus",
        "-a",
        "Bawaslu Sijunjung; person=Ketua Bawaslu",
    )
    rec = office.json("meeting", "show", mid)
    assert rec["venue"] == "Aula KPU Sijunjung"
    assert rec["decisions"][-1] == "Rakor lanjutan 1 Agustus"
    assert len(rec["attendees"]) == 4
    assert "cannot be 'held'" in office.fails("meeting", "edit", mid, "--date", "1/8/2024").stderr
    office.ok("meeting", "remove", mid)
    assert office.json("meeting", "list") == []
    assert "no meeting" in office.fails("meeting", "show", mid).stderr


def test_actions_open_overdue_done_reopen(office) -> None:  # type: ignore[no-untyped-def]
    _agencies(office)
    late = office.ok(
        "action", "add", "Kirim data DP4", "--owner", "Bawaslu Sijunjung", "--due", "1 Juli 2024"
    ).stdout.strip()
    office.ok(
        "action",
        "add",
        "Siapkan gudang logistik",
        "--owner",
        "Polres Sijunjung",
        "--due",
        "20/7/2024",
    )
    overdue = office.json("action", "list", "--overdue")
    assert [(a["text"], a["days_late"]) for a in overdue] == [("Kirim data DP4", 7)]
    assert len(office.json("action", "list")) == 2
    assert len(office.json("action", "list", "--owner", "Polres Sijunjung")) == 1
    office.ok("action", "done", late[:12], "--note", "dikirim")
    assert office.json("action", "list", "--overdue") == []
    assert office.json("action", "list", "--done")[0]["done_date"] == "2024-07-08"
    assert "already done" in office.fails("action", "done", late).stderr
    office.ok("action", "reopen", late)
    assert len(office.json("action", "list", "--overdue")) == 1
    assert "choose one" in office.fails("action", "list", "--open", "--all", code=2).stderr
    assert "--owner is required" in office.fails("action", "add", "x", code=2).stderr
    assert (
        "is a range"
        in office.fails(
            "action", "add", "x", "--owner", "Polres Sijunjung", "--due", "5-6 Juli 2024"
        ).stderr
    )


def test_id_prefix_must_be_unique_and_long_enough(office) -> None:  # type: ignore[no-untyped-def]
    assert "too short" in office.fails("meeting", "show", "01").stderr
    assert "no meeting" in office.fails("meeting", "show", "ZZZZZZZZ").stderr


def test_demo_fixtures_are_files_a_user_could_import(office) -> None:  # type: ignore[no-untyped-def]
    """The demo meetings file works with the documented command too."""
    for a in ["KPU Luwu Utara", "Kesbangpol Lutra"]:
        office.ok("agency", "add", a)
    before = dump(office.db)
    # the file names agencies this database does not have: refused whole
    office.fails("meeting", "add", "--from-file", str(DEMO / "meetings.yaml"))
    assert dump(office.db) == before
    office.ok("meeting", "add", "--from-file", str(DEMO / "meetings.yaml"), "--new-agencies")
    assert len(office.json("meeting", "list")) == 3
