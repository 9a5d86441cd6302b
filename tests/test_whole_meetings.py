"""Issue 24: real meetings recorded whole, and nothing silently lost or wrong."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Cli
from kpukoord.errors import KpuError
from kpukoord.language import dates
from test_hostile import date_like

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
    # a CSV's dates carry the month's name (a numeric one may be a spreadsheet's rewrite)
    path = tmp_path / "rapat.csv"
    path.write_text(
        'title,date,venue\nRakor pengamanan Pilkada Bali,"Selasa, 24 November 2024",'
        "Kantor KPU Bali\n",
        encoding="utf-8",
    )
    err = office.fails("import", "meetings", str(path)).stderr
    assert "rapat.csv:2" in err and BOTH_READINGS in err
    result = office.ok("import", "meetings", str(path), "--ignore-weekday")
    assert f"rapat.csv:2: 'Selasa, 24 November 2024': {BOTH_READINGS}" in result.stderr
    [rec] = office.json("meeting", "list")
    assert rec["date_as_written"] == "Selasa, 24 November 2024"
    # a JSON file holds the newsroom's phrase as written, numbers and all
    data = tmp_path / "rapat.json"
    data.write_text(
        '[{"title": "Rakor logistik Pilkada Bali", "date": "Selasa (24/11/2024)"}]',
        encoding="utf-8",
    )
    err = office.fails("import", "meetings", str(data)).stderr
    assert "rapat.json" in err and BOTH_READINGS in err


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


# --- 4. One meeting on several separate days ---------------------------------------------

PURBALINGGA = [
    "--title", "Rakor persiapan pemungutan suara Pemilu 2024",
    "--date", "21, 22 dan 25 Desember 2023 pukul 14.00 s.d 17.00",
    "--venue", "Aula KPU Kabupaten Purbalingga",
]  # fmt: skip


def test_a_meeting_on_three_separate_days_is_one_record_with_its_days(office: Cli) -> None:
    mid = office.ok("meeting", "add", *PURBALINGGA).stdout.strip()
    rec = office.json("meeting", "show", mid)
    assert (rec["start_date"], rec["end_date"]) == ("2023-12-21", "2023-12-25")
    assert rec["days"] == [
        {"date": day, "time": "14:00", "end_time": "17:00"}
        for day in ("2023-12-21", "2023-12-22", "2023-12-25")
    ]
    assert rec["date_as_written"] == "21, 22 dan 25 Desember 2023 pukul 14.00 s.d 17.00"
    assert len(office.json("meeting", "list")) == 1
    shown = office.ok("meeting", "show", mid).stdout
    assert "Thursday, Friday and Monday, 21, 22 and 25 December 2023" in shown


def test_the_report_and_the_minutes_name_every_day(office: Cli) -> None:
    mid = office.ok("meeting", "add", *PURBALINGGA).stdout.strip()
    days = "Kamis, Jumat dan Senin, 21, 22 dan 25 Desember 2023"
    report = office.ok("report", "weekly", "--as-of", "25/12/2023", "--lang", "id").stdout
    assert days in report
    minutes = office.ok("meeting", "minutes", mid, "-f", "text").stdout
    assert days in minutes


def test_the_calendar_has_one_event_per_day(office: Cli) -> None:
    from icalendar import Calendar

    mid = office.ok("meeting", "add", *PURBALINGGA).stdout.strip()
    two = office.ok(
        "meeting", "add", "--title", "Bimtek KPPS", "--date", "5-6 Juli 2024",
        "--time", "pukul 14.00 s.d 17.00",
    ).stdout.strip()  # fmt: skip
    cal = Calendar.from_ical(office.ok("export", "ics", "--meetings").stdout_bytes)
    events = [e for e in cal.walk("VEVENT")]
    spans = {str(e["UID"]): (e["DTSTART"].dt, e["DTEND"].dt - e["DTSTART"].dt) for e in events}
    import datetime as dt

    for m, day in [(mid, "20231221"), (mid, "20231222"), (mid, "20231225"),
                   (two, "20240705"), (two, "20240706")]:  # fmt: skip
        start, length = spans[f"{m}-{day}-meeting@kpukoord"]
        assert start.strftime("%Y%m%d %H:%M") == f"{day} 14:00"
        assert length == dt.timedelta(hours=3)
    assert len(events) == 5


def test_separate_days_survive_an_export_and_reimport(office: Cli, tmp_path: Path) -> None:
    mid = office.ok("meeting", "add", *PURBALINGGA).stdout.strip()
    path = tmp_path / "m.csv"
    office.ok("export", "csv", "meetings", "-o", str(path))
    assert office.json("import", "meetings", str(path))["unchanged"] == 1
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["venue"] = "Pendopo Dipokusumo"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    office.ok("import", "meetings", str(path))
    rec = office.json("meeting", "show", mid)
    assert [d["date"] for d in rec["days"]] == ["2023-12-21", "2023-12-22", "2023-12-25"]


def test_wrong_day_lists_are_refused_naming_the_value(office: Cli) -> None:
    for date, message in [
        ("25, 22 dan 21 Desember 2023", "the day 2023-12-22 is listed after 2023-12-25"),
        ("21, 21 dan 25 Desember 2023", "the day 2023-12-21 is listed twice"),
        (
            "Kamis, Jumat dan Selasa, 21, 22 dan 25 Desember 2023",
            "2023-12-25 is a Senin, not Selasa",
        ),
    ]:
        err = office.fails("meeting", "add", "-t", "Rakor", "-d", date).stderr
        assert err.startswith(f"error: --date: cannot read date {date!r}: ") and message in err


# --- 5. Who and what, as news reports them -------------------------------------------------


def test_sebelum_as_a_deadline_means_the_day_before(office: Cli) -> None:
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung", "--alias", "Bawaslu Sijunjung")
    mid = office.ok(
        "meeting", "add", "-t", "Rakor", "-d", "5/1/2024",
        "--action", "Laporan coklit; owner=Bawaslu Sijunjung; due=sebelum 27 Januari 2024",
        "--action", "Rekap DPS; owner=Bawaslu Sijunjung; due=paling lambat 27 Januari 2024",
    ).stdout.strip()  # fmt: skip
    dues = [a["due_date"] for a in office.json("meeting", "show", mid)["actions"]]
    assert dues == ["2024-01-26", "2024-01-27"]
    office.ok("action", "add", "Kirim SK", "--owner", "Bawaslu Sijunjung", "--due",
              "sebelum tanggal 1 Februari 2024")  # fmt: skip
    assert "2024-01-31" in [a["due_date"] for a in office.json("action", "list")]


def _lutra(office: Cli) -> None:
    office.ok("agency", "add", "KPU Kabupaten Luwu Utara", "--alias", "KPU Lutra", "--kind", "kpu")
    office.ok("person", "add", "Syamsul Bachri", "--agency", "KPU Lutra", "--position", "Ketua",
              "--alias", "Bahar")  # fmt: skip


def test_a_person_known_by_a_short_name_is_matched_in_flags_and_files(
    office: Cli, tmp_path: Path
) -> None:
    _lutra(office)
    assert office.json("person", "show", "Bahar")["aliases"] == ["Bahar"]
    mid = office.ok(
        "meeting", "add", "-t", "Rakor", "-d", "13/2/2023", "--attendee",
        "KPU Lutra; person=Bahar", "--chair", "Bahar",
    ).stdout.strip()  # fmt: skip
    rec = office.json("meeting", "show", mid)
    assert [a["person"] for a in rec["attendees"]] == ["Syamsul Bachri"]
    assert rec["chair"]["person"] == "Syamsul Bachri"
    path = tmp_path / "rapat.yaml"
    path.write_text(
        "title: Rakor lanjutan\ndate: 14/2/2023\nattendees:\n"
        "  - {agency: KPU Lutra, person: bahar}\n",
        encoding="utf-8",
    )
    office.ok("meeting", "add", "--from-file", str(path))
    people = {p["name"] for p in office.json("person", "list")}
    assert people == {"Syamsul Bachri"}  # no second person made from the short name
    # search finds the meetings by the short name too, as the attendee's
    hits = office.json("search", "Bahar")
    assert {(h["id"], h["field"]) for h in hits if h["kind"] == "meeting"} >= {(mid, "person")}
    office.ok("person", "add", "Syamsul Bachri", "--agency", "KPU Lutra", "--position", "Ketua",
              "--alias", "Ancu")  # fmt: skip
    assert mid in {h["id"] for h in office.json("search", "Ancu")}  # added later: reindexed


def test_wrong_aliases_are_refused(office: Cli) -> None:
    _lutra(office)
    office.ok("person", "add", "Supriadi", "--agency", "KPU Lutra", "--position", "Anggota")
    for alias, message, code in [
        ("", "alias '' has no letters", 2),  # not a value: how the command was called
        # another person's name: a conflict of records (exit 1, as the README's codes say)
        (
            "Syamsul  Bachri",
            "alias 'Syamsul Bachri' already names another person: Syamsul Bachri",
            1,
        ),
        ("bahar", "alias 'bahar' already names another person: Syamsul Bachri", 1),
    ]:
        err = office.fails(
            "person", "add", "Supriadi", "--agency", "KPU Lutra", "--position", "Anggota",
            "--alias", alias, code=code,
        ).stderr  # fmt: skip
        assert message in err, err


# --- the date paths, as a class ------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), date_like), st.booleans())
def test_meeting_dates_raise_only_their_own_errors(text: str, ignore: bool) -> None:
    try:
        parsed = dates.parse(
            text, ref=dates.dt.date(2024, 7, 8), ignore_weekday=ignore, separate_days=True
        )
    except KpuError:
        return
    assert parsed.start <= parsed.end
    if parsed.days is not None:
        assert (parsed.days[0], parsed.days[-1]) == (parsed.start, parsed.end)
        assert list(parsed.days) == sorted(set(parsed.days))
        assert dates.separate(parsed.days)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 31), min_size=1, max_size=6), st.booleans())
def test_a_list_of_days_is_read_as_those_days(numbers: list[int], with_weekdays: bool) -> None:
    days = [dates.dt.date(2023, 12, n) for n in numbers]
    listed = [str(n) for n in numbers]
    text = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " dan " + listed[-1]
    text += " Desember 2023"
    if with_weekdays:
        names = [dates._WEEKDAY_ID[d.weekday()] for d in days]
        text = (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]) + (
            ", " + text
        )
    if numbers != sorted(set(numbers)):  # reversed or repeated: an error naming the day
        try:
            dates.parse(text, separate_days=True)
        except KpuError as exc:
            assert "listed" in str(exc) or "before the start" in str(exc), str(exc)
            return
        raise AssertionError(f"{text!r} was accepted")
    parsed = dates.parse(text, separate_days=True)
    assert (parsed.start, parsed.end) == (days[0], days[-1])
    assert list(parsed.days or []) == (days if dates.separate(days) else [])


def test_a_speaker_named_only_by_agency_and_role(office: Cli, tmp_path: Path) -> None:
    mid = office.ok(
        "meeting", "add", "-t", "Rakor kesiapsiagaan bencana", "-d", "5/7/2024",
        "--attendee", "BPBD Sijunjung", "--new-agencies",
        "--speaker", "agency=BPBD Sijunjung; position=Kalaksa",
    ).stdout.strip()  # fmt: skip
    rec = office.json("meeting", "show", mid)
    assert rec["speakers"] == [
        {"agency": "BPBD Sijunjung", "agency_id": rec["attendees"][0]["agency_id"],
         "person": None, "person_id": None, "position": "Kalaksa", "divisi": None}
    ]  # fmt: skip
    assert len(rec["attendees"]) == 1  # the attendee of that agency holds the role
    path = tmp_path / "m.csv"
    office.ok("export", "csv", "meetings", "-o", str(path))
    assert "agency=BPBD Sijunjung; position=Kalaksa" in path.read_text(encoding="utf-8")
    assert office.json("import", "meetings", str(path))["unchanged"] == 1
    err = office.fails(
        "meeting", "add", "-t", "X", "-d", "5/7/2024", "--speaker", "; position=Kalaksa"
    )
    assert "a person's name or an agency is required" in err.stderr


def test_a_part_of_day_is_kept_when_no_clock_time_is_given(office: Cli) -> None:
    mid = office.ok("meeting", "add", "-t", "Rakor pengawasan", "-d", "Kamis (4/7/2024) malam")
    mid_id = mid.stdout.strip()
    rec = office.json("meeting", "show", mid_id)
    assert (rec["part_of_day"], rec["start_time"]) == ("night", None)
    assert "Thursday, 4 July 2024, night" in office.ok("meeting", "show", mid_id).stdout
    assert "Waktu: Malam" in office.ok("meeting", "minutes", mid_id, "-f", "text").stdout
    office.ok("meeting", "edit", mid_id, "--time", "19.30")  # a clock time replaces it
    rec = office.json("meeting", "show", mid_id)
    assert (rec["part_of_day"], rec["start_time"]) == (None, "19:30")
    office.ok("meeting", "edit", mid_id, "--time", "siang")
    rec = office.json("meeting", "show", mid_id)
    assert (rec["part_of_day"], rec["start_time"]) == ("midday", None)
    err = office.fails("meeting", "add", "-t", "X", "-d", "4/7/2024", "--time", "tengah")
    assert "cannot read time 'tengah'" in err.stderr


# --- 5. A follow-up owned by a collective attendee ---------------------------------------


def test_a_follow_up_owned_by_a_collective_attendee(office: Cli, tmp_path: Path) -> None:
    from test_contract import SPECS, check

    mid = office.ok(
        "meeting", "add", "-t", "Rakor persiapan pemungutan suara", "-d", "4/7/2024",
        "--group", "PPK se-Kabupaten Sijunjung; kind=ppk; count=8",
        "--action", "Laporan rekapitulasi; owner=PPK se-Kabupaten Sijunjung; due=10/7/2024",
    ).stdout.strip()  # fmt: skip
    rec = office.json("meeting", "show", mid)
    [action] = rec["actions"]
    assert (action["owner"], action["owner_id"]) == ({"group": "PPK se-Kabupaten Sijunjung"}, None)
    check(rec, SPECS["meeting"], "meeting")
    listed = office.json("action", "list")
    assert [a["owner"] for a in listed] == [{"group": "PPK se-Kabupaten Sijunjung"}]
    assert "PPK se-Kabupaten Sijunjung" in office.ok("action", "list").stdout
    assert "PPK se-Kabupaten Sijunjung" in office.ok("meeting", "minutes", mid, "-f", "text").stdout
    # edit: a group recorded earlier owns a new follow-up too
    office.ok("meeting", "edit", mid, "--action", "Distribusi C6; owner=PPK se-Kabupaten Sijunjung")
    assert len(office.json("meeting", "show", mid)["actions"]) == 2
    # the round trips keep it
    for fmt in ("csv", "json"):
        path = tmp_path / f"m.{fmt}"
        office.ok("export", fmt, "meetings", "-o", str(path))
        assert office.json("import", "meetings", str(path))["unchanged"] == 1
    cal = office.ok("export", "ics", "--actions").stdout
    assert "Laporan rekapitulasi (PPK se-Kabupaten Sijunjung)" in cal
    office.ok("db", "check")
    # a group the meeting does not have is no owner
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps([{"title": "Rakor", "date": "5/7/2024",
                     "actions": [{"text": "Lapor", "owner": {"group": "PPS se-Kecamatan X"}}]}]),
        encoding="utf-8",
    )  # fmt: skip
    err = office.fails("import", "meetings", str(path)).stderr
    assert "owner 'PPS se-Kecamatan X' is no collective attendee of this meeting" in err


def test_each_day_may_have_its_own_time(office: Cli, tmp_path: Path) -> None:
    import datetime as dt

    from icalendar import Calendar

    date = (
        "21 Desember 2023 pukul 09.00, 22 Desember 2023 pukul 13.00-16.00 "
        "dan 25 Desember 2023 pukul 08.00 WIB"
    )
    mid = office.ok("meeting", "add", "-t", "Bimtek KPPS", "-d", date).stdout.strip()
    rec = office.json("meeting", "show", mid)
    assert rec["days"] == [
        {"date": "2023-12-21", "time": "09:00", "end_time": None},
        {"date": "2023-12-22", "time": "13:00", "end_time": "16:00"},
        {"date": "2023-12-25", "time": "08:00", "end_time": None},
    ]
    cal = Calendar.from_ical(office.ok("export", "ics", "--meetings").stdout_bytes)
    starts = {
        str(e["UID"]): (e["DTSTART"].dt.strftime("%H:%M"), e["DTEND"].dt - e["DTSTART"].dt)
        for e in cal.walk("VEVENT")
    }
    assert starts[f"{mid}-20231222-meeting@kpukoord"] == ("13:00", dt.timedelta(hours=3))
    assert starts[f"{mid}-20231225-meeting@kpukoord"][0] == "08:00"
    path = tmp_path / "m.csv"
    office.ok("export", "csv", "meetings", "-o", str(path))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["venue"] = "Aula KPU Purbalingga"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    assert office.json("import", "meetings", str(path))["updated"] == 1
    assert office.json("meeting", "show", mid)["days"] == rec["days"]  # kept through a file
