"""Issue 24: real meetings recorded whole, and nothing silently lost or wrong."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import Cli

# --- 1. An older file never undoes newer edits ---------------------------------------


def test_reimporting_an_older_csv_keeps_the_newer_edit(demo: Cli, tmp_path: Path) -> None:
    path = tmp_path / "meetings.csv"
    demo.ok("export", "csv", "meetings", "-o", str(path))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    first = rows[0]["id"]
    demo.ok("meeting", "edit", first, "--venue", "Aula Kantor Bupati Sijunjung")
    result = demo.ok("import", "meetings", str(path))
    assert result.stdout.strip() == "0 inserted, 0 updated, 2 unchanged, 0 skipped"
    # the edited row differs, is older, and is named by id
    assert f"1 row older than the stored data, skipped: {first}" in result.stderr
    assert demo.json("meeting", "show", first)["venue"] == "Aula Kantor Bupati Sijunjung"


def test_reimporting_an_older_json_counts_it_as_older(demo: Cli, tmp_path: Path) -> None:
    path = tmp_path / "meetings.json"
    demo.ok("export", "json", "meetings", "-o", str(path))
    recs = json.loads(path.read_text(encoding="utf-8"))
    for rec in recs[:2]:
        demo.ok("meeting", "edit", rec["id"], "--venue", "Gedung Baru")
    summary = demo.json("import", "meetings", str(path))
    assert (summary["updated"], summary["older"], summary["unchanged"]) == (0, 2, 1)
    assert all(demo.json("meeting", "show", r["id"])["venue"] == "Gedung Baru" for r in recs[:2])


def test_a_newer_or_hand_made_row_is_still_applied(demo: Cli, tmp_path: Path) -> None:
    path = tmp_path / "meetings.json"
    recs = json.loads(demo.ok("export", "json", "meetings").stdout)
    recs[0]["venue"] = "Aula A"
    recs[0]["updated_at"] = "2999-01-01T00:00:00.000Z"  # newer than the stored row
    recs[1]["venue"] = "Aula B"
    del recs[1]["updated_at"]  # a hand-made row has no stamp: not older than anything
    path.write_text(json.dumps(recs), encoding="utf-8")
    summary = demo.json("import", "meetings", str(path))
    assert (summary["updated"], summary["older"]) == (2, 0)
    assert demo.json("meeting", "show", recs[0]["id"])["venue"] == "Aula A"
    assert demo.json("meeting", "show", recs[1]["id"])["venue"] == "Aula B"


def test_import_summary_keys_are_the_readmes(demo: Cli, tmp_path: Path) -> None:
    from test_contract import SPECS, check

    path = tmp_path / "meetings.json"
    demo.ok("export", "json", "meetings", "-o", str(path))
    check(demo.json("import", "meetings", str(path)), SPECS["import meetings"], "import")


# --- 2. A failed init leaves nothing -----------------------------------------------------


def test_a_failed_init_leaves_the_disk_as_it_was(cli: Cli, tmp_path: Path) -> None:
    before = sorted(tmp_path.rglob("*"))
    err = cli.fails("init", "--office", "KPU Kabupaten Badung", "--region", "99.99", code=2)
    assert "'99.99'" in err.stderr
    cli.fails("init", "--office", "KPU Kabupaten Badung", "--timezone", "WITB")
    assert sorted(tmp_path.rglob("*")) == before  # no file, no -wal, no -shm
    assert "does not exist" in cli.fails("meeting", "list").stderr


def test_a_failed_reinit_changes_nothing(office: Cli) -> None:
    office.fails("init", "--office", "KPU Kabupaten Badung", "--region", "99.99", code=2)
    assert office.json("init", "--no-schedules")["office"]["name"] == "KPU Kabupaten Sijunjung"


def test_db_check_reports_a_database_without_an_office(cli: Cli) -> None:
    cli.ok("init", "--no-schedules")
    err = cli("db", "check")
    assert err.exit_code == 1
    assert "no office: this database has no office name" in err.stderr
    cli.ok("init", "--no-schedules", "--office", "KPU Kabupaten Badung")
    assert cli.ok("db", "check").stdout.startswith("ok")


# --- 7. Search finds the whole meeting ------------------------------------------------


def _rakor_logistik(office: Cli) -> str:
    out = office.ok(
        "meeting", "add", "--title", "Rakor persiapan Pilkada", "--date", "5/7/2024",
        "--venue", "Aula KPU Sijunjung", "--new-agencies", "--new-people",
        "--attendee", "Bawaslu Sijunjung; person=Rais Kahar; position=Ketua",
        "--directive", "Gudang logistik dijaga 24 jam",
        "--point", "Jadwal RKDK tingkat PPK",
        "--award", "Piagam untuk PPK Kupitan; agency=Bawaslu Sijunjung",
        "--figure", "TPS yang dipetakan; value=512",
        "--group", "Ketua PPK se-Kabupaten Sijunjung; kind=ppk; count=8",
        "--note", "Rapat dibuka pukul sembilan.",
    )  # fmt: skip
    return out.stdout.split()[0]


def test_search_finds_a_meeting_by_each_of_its_parts(office: Cli) -> None:
    mid = _rakor_logistik(office)
    for query, field in [
        ("gudang", "directive"),
        ("Rais Kahar", "person"),
        ("RKDK", "point"),
        ("piagam", "award"),
        ("dipetakan", "figure"),
        ("se-Kabupaten", "group"),
        ("sembilan", "notes"),
        ("persiapan", "title"),
        ("aula", "venue"),
    ]:
        hits = office.json("search", query)
        assert [(h["kind"], h["id"], h["field"]) for h in hits if h["id"] == mid] == [
            ("meeting", mid, field)
        ], query
    line = next(x for x in office.ok("search", "gudang").stdout.splitlines() if mid[:12] in x)
    assert "directive" in line and "Gudang logistik dijaga 24 jam" in line


def test_search_parts_follow_edits_removal_and_reindex(office: Cli) -> None:
    mid = _rakor_logistik(office)
    office.ok("meeting", "edit", mid, "--date", "6/7/2024")
    assert {h["date"] for h in office.json("search", "gudang")} == {"2024-07-06"}
    office.ok("db", "reindex")
    assert [h["field"] for h in office.json("search", "gudang")] == ["directive"]
    office.ok("db", "check", "--full")
    office.ok("meeting", "remove", mid)
    assert office.json("search", "gudang") == []
    assert office.json("search", "Rais") == []


def test_search_hit_keys_are_the_readmes(office: Cli) -> None:
    from test_contract import SPECS, check

    _rakor_logistik(office)
    hits = office.json("search", "Sijunjung")
    assert len(hits) >= 2
    for hit in hits:
        check(hit, SPECS["search"], "search")


def test_an_older_file_upgrades_with_its_meetings_parts_searchable(
    cli: Cli, tmp_path: Path
) -> None:
    import shutil

    fixtures = Path(__file__).resolve().parent / "fixtures"
    for version in (3, 15):  # before search existed, and just before m016
        cli.db = tmp_path / f"v{version}.db"
        shutil.copy(fixtures / f"schema-v{version}.db", cli.db)
        hits = cli.json("search", "Bayu Agung")
        assert [(h["id"], h["field"]) for h in hits] == [("01HPV0000000000000000MEET1", "person")]
        assert [h["field"] for h in cli.json("search", "coklit") if h["kind"] == "meeting"] == [
            "notes"
        ]
        cli.ok("db", "check", "--full")


# --- 6. Counts tell the truth ----------------------------------------------------------


def _stale(office: Cli, kind: str) -> list[str]:
    report = json.loads(office.ok("report", "weekly", "--format", "json").stdout)
    return [a["name"] for c in report["coverage"] if c["kind"] == kind for a in c["stale"]]


def test_coverage_counts_awards_follow_ups_and_collective_attendees(office: Cli) -> None:
    for name in ("PPK Kupitan", "PPK Tanjung Gadang", "PPK Koto VII"):
        office.ok("agency", "add", name, "--kind", "ppk", "--level", "kecamatan")
    office.ok("agency", "add", "Polres Sijunjung", "--kind", "polri")
    office.ok("agency", "add", "Kodim 0310/SSD", "--kind", "tni")
    assert _stale(office, "ppk") == ["PPK Koto VII", "PPK Kupitan", "PPK Tanjung Gadang"]
    office.ok(
        "meeting", "add", "--title", "Evaluasi coklit", "--date", "5/7/2024",
        "--award", "PPK terbaik pemutakhiran data; agency=PPK Kupitan",
        "--action", "Pengamanan gudang logistik; owner=Polres Sijunjung",
    )  # fmt: skip
    assert _stale(office, "ppk") == ["PPK Koto VII", "PPK Tanjung Gadang"]  # the award
    assert _stale(office, "polri") == []  # the follow-up
    assert _stale(office, "tni") == ["Kodim 0310/SSD"]  # nothing at all
    office.ok(
        "meeting", "add", "--title", "Rakor PPK", "--date", "6/7/2024",
        "--group", "Ketua PPK se-Kabupaten Sijunjung; kind=ppk; count=8",
    )  # fmt: skip
    assert _stale(office, "ppk") == []  # the collective attendee stands for every PPK
    # a planned meeting is no contact yet
    office.ok(
        "meeting", "add", "--title", "Apel siaga", "--date", "20/7/2024", "--status", "planned",
        "--award", "Piagam; agency=Kodim 0310/SSD",
    )  # fmt: skip
    assert _stale(office, "tni") == ["Kodim 0310/SSD"]


def test_stage_show_counts_each_meetings_participants(demo: Cli) -> None:
    listed = {m["id"]: m for m in demo.json("stage", "show", "coklit")["meetings"]}
    assert listed
    out = demo.ok("stage", "show", "coklit").stdout
    for mid, rec in listed.items():
        line = next(x for x in out.splitlines() if mid[:12] in x)
        assert f" {len(rec['attendees'])} " in f" {line} ", line
        assert len(rec["attendees"]) > 0


# --- 3. The date as written is kept ----------------------------------------------------

# Bali: "Selasa (24/11/2024)" in the news; 24 November 2024 is a Sunday.
BALI = ["--title", "Rakor pengamanan Pilkada Bali", "--date", "Selasa (24/11/2024)"]
BOTH_READINGS = "2024-11-24 is a Minggu, not Selasa (a Selasa is 2024-11-19 or 2024-11-26)"


def test_a_wrong_weekday_is_an_error_naming_both_readings(office: Cli) -> None:
    err = office.fails("meeting", "add", *BALI).stderr
    assert err == (
        f"error: --date: cannot read date 'Selasa (24/11/2024)': {BOTH_READINGS}; "
        "if the date is right, use --ignore-weekday\n"
    )


def test_ignore_weekday_keeps_the_date_and_the_phrase_with_a_warning(office: Cli) -> None:
    result = office.ok("meeting", "add", *BALI, "--ignore-weekday")
    mid = result.stdout.strip()
    assert result.stderr == (
        f"warning: --date: 'Selasa (24/11/2024)': {BOTH_READINGS}; the date is kept as written\n"
    )
    rec = office.json("meeting", "show", mid)
    assert (rec["start_date"], rec["date_as_written"]) == ("2024-11-24", "Selasa (24/11/2024)")
    assert rec["timezone"] == "WIB"  # no clock time: the office's zone all the same
    shown = office.ok("meeting", "show", mid).stdout
    assert "As written" in shown and "Selasa (24/11/2024)" in shown
    # edit: the same rule
    office.fails("meeting", "edit", mid, "--date", "Kamis (24/11/2024)")
    office.ok("meeting", "edit", mid, "--date", "Kamis (24/11/2024)", "--ignore-weekday")
    assert office.json("meeting", "show", mid)["date_as_written"] == "Kamis (24/11/2024)"


def test_ignore_weekday_through_the_fast_path(office: Cli) -> None:
    from test_fastpath import _fast

    proc = _fast(office, [*BALI, "--ignore-weekday"])
    assert proc.returncode == 0, proc.stderr
    assert BOTH_READINGS in proc.stderr and proc.stderr.startswith("warning: --date: ")
    rec = office.json("meeting", "show", proc.stdout.strip())
    assert rec["date_as_written"] == "Selasa (24/11/2024)"
    refused = _fast(office, BALI)
    assert refused.returncode == 1 and BOTH_READINGS in refused.stderr


def test_import_with_a_wrong_weekday(office: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rapat.csv"
    path.write_text(
        "title,date,venue\nRakor pengamanan Pilkada Bali,Selasa (24/11/2024),Kantor KPU Bali\n",
        encoding="utf-8",
    )
    err = office.fails("import", "meetings", str(path)).stderr
    assert "rapat.csv:2" in err and BOTH_READINGS in err
    result = office.ok("import", "meetings", str(path), "--ignore-weekday")
    assert f"rapat.csv:2: 'Selasa (24/11/2024)': {BOTH_READINGS}" in result.stderr
    [rec] = office.json("meeting", "list")
    assert rec["date_as_written"] == "Selasa (24/11/2024)"


def test_the_phrase_is_kept_for_every_meeting_and_survives_export(
    office: Cli, tmp_path: Path
) -> None:
    mid = office.ok("meeting", "add", "-t", "Rakor", "-d", "Jumat-Sabtu 5-6 Juli 2024").stdout
    rec = office.json("meeting", "show", mid.strip())
    assert rec["date_as_written"] == "Jumat-Sabtu 5-6 Juli 2024"
    path = tmp_path / "m.csv"
    office.ok("export", "csv", "meetings", "-o", str(path))
    row = next(csv.DictReader(path.open(encoding="utf-8")))
    assert row["date_as_written"] == "Jumat-Sabtu 5-6 Juli 2024"
    assert office.json("import", "meetings", str(path))["unchanged"] == 1
    # a file's own dates are its phrase
    plain = tmp_path / "plain.csv"
    plain.write_text("title,start_date\nRakor lanjutan,2024-07-08\n", encoding="utf-8")
    office.ok("import", "meetings", str(plain))
    later = [m for m in office.json("meeting", "list") if m["title"] == "Rakor lanjutan"]
    assert later[0]["date_as_written"] == "2024-07-08"


def test_a_time_zone_that_contradicts_the_meetings_is_an_error(office: Cli) -> None:
    err = office.fails(
        "meeting", "add", "-t", "Rakor", "-d", "5/7/2024", "--time", "09.00 WIT",
        "--timezone", "WIB",
    ).stderr  # fmt: skip
    assert "the time zone WIB contradicts WIT given by --time" in err
    err = office.fails("meeting", "add", "-t", "Rakor", "-d", "5/7/2024 pukul 09.00 WITA",
                       "--time", "10.00 WIT").stderr  # fmt: skip
    assert "the time zone WIT contradicts WITA given by --date" in err
    mid = office.ok("meeting", "add", "-t", "Rakor", "-d", "5/7/2024", "--time", "09.00 WIT")
    assert office.json("meeting", "show", mid.stdout.strip())["timezone"] == "WIT"
