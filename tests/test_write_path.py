"""The one write path of meetings: its rules hold whichever way a meeting arrives.

Library tests on a temporary database beside CLI tests, as sqlite-utils does:
"a meeting in the future cannot be held" is checked for the flag, edit, YAML,
CSV, JSON and series paths, each leaving the database unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import Cli
from kpukoord.errors import KpuError
from kpukoord.records import meetings, series
from kpukoord.store.db import Database

TODAY = "2024-07-08"
FUTURE = "2030-03-04"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("KPUKOORD_TODAY", TODAY)
    database = Database(tmp_path / "lib.db")
    from kpukoord.records import office

    office.setup(database, name="KPU Kabupaten Sijunjung", region=None, timezone="WIB", aliases=[])
    return database


def draft(**raw: object) -> meetings.Draft:
    return meetings.draft_from_raw(dict(raw), lambda *p: "test", partial=False)


# ---------------------------------------------------------------------------
# Library


def test_status_defaults_from_the_date(db: Database) -> None:
    past = meetings.add(db, draft(title="Rakor coklit", date="5 Juli 2024"))
    coming = meetings.add(db, draft(title="Rakor logistik", date="4 Maret 2030"))
    assert db.get("meeting", past)["status"] == "held"  # type: ignore[index]
    assert db.get("meeting", coming)["status"] == "planned"  # type: ignore[index]


def test_a_future_meeting_cannot_be_held_in_add_or_update(db: Database) -> None:
    with pytest.raises(KpuError, match="cannot be 'held'"):
        meetings.add(db, draft(title="Rakor", date=FUTURE, status="held"))
    mid = meetings.add(db, draft(title="Rakor", date=FUTURE))
    row = meetings.find(db, mid)
    with pytest.raises(KpuError, match="cannot be 'held'"):
        meetings.update(db, row, meetings.draft_from_raw({"status": "held"}, str, partial=True))
    # moving a held meeting into the future is the same mistake
    held = meetings.add(db, draft(title="Rapat pleno", date="1 Juli 2024"))
    with pytest.raises(KpuError, match="cannot be 'held'"):
        meetings.update(
            db,
            meetings.find(db, held),
            meetings.draft_from_raw({"date": FUTURE}, str, partial=True),
        )
    assert meetings.find(db, mid)["status"] == "planned"
    kept = meetings.find(db, held)
    assert (kept["start_date"], kept["status"]) == ("2024-07-01", "held")


def test_partial_update_leaves_what_it_does_not_name(db: Database) -> None:
    mid = meetings.add(
        db,
        draft(
            title="Rakor persiapan tahapan Pilkada 2024",
            date="5 Juli 2024",
            time="09.00",
            venue="Aula KPU",
            notes="catatan",
        ),
    )
    meetings.update(db, meetings.find(db, mid), meetings.Draft(venue="Hotel The ZHM Premiere"))
    rec = meetings.record(db, meetings.find(db, mid))
    assert rec["venue"] == "Hotel The ZHM Premiere"
    assert (rec["title"], rec["notes"], rec["start_time"], rec["timezone"]) == (
        "Rakor persiapan tahapan Pilkada 2024",
        "catatan",
        "09:00",
        "WIB",
    )
    assert rec["start_date"] == "2024-07-05"


def test_time_without_zone_takes_the_office_zone_on_every_path(db: Database) -> None:
    mid = meetings.add(db, draft(title="Rakor", date="5 Juli 2024", time="pukul 10.00"))
    assert meetings.find(db, mid)["timezone"] == "WIB"
    meetings.update(db, meetings.find(db, mid), meetings.Draft(time="13:00", timezone="WITA"))
    assert meetings.find(db, mid)["timezone"] == "WITA"
    meetings.update(db, meetings.find(db, mid), meetings.Draft(time="14:00"))
    assert meetings.find(db, mid)["timezone"] == "WITA"  # the meeting's own zone stays


def test_series_occurrences_are_written_by_the_writer(db: Database) -> None:
    sid, made = series.plan(
        db,
        title="Rakor mingguan",
        every="setiap Senin",
        start=dt.date(2024, 7, 8),
        until=dt.date(2024, 7, 29),
    )
    rows = [meetings.find(db, m) for m in made]
    assert [r["start_date"] for r in rows] == [
        "2024-07-08",
        "2024-07-15",
        "2024-07-22",
        "2024-07-29",
    ]
    assert {r["status"] for r in rows} == {"planned"}
    assert {r["series_id"] for r in rows} == {sid}
    assert {r["host_id"] for r in rows} == {db.office()["agency_id"]}


def test_record_keys_are_the_one_field_list(db: Database) -> None:
    mid = meetings.add(db, draft(title="Rakor", date="5 Juli 2024"))
    rec = meetings.record(db, meetings.find(db, mid))
    assert tuple(rec) == meetings.RECORD_KEYS
    from kpukoord.exchange import files as exchange

    # (a meeting's separate days come back from its date_as_written column)
    assert exchange.MEETING_COLUMNS == [
        k for k in meetings.RECORD_KEYS if k not in ("host_id", "days")
    ]
    assert set(meetings.summary(rec)) == set(meetings.SUMMARY_KEYS)


# ---------------------------------------------------------------------------
# Command line: every path that writes a meeting refuses a held future one


def test_flag_path(office: Cli) -> None:
    r = office.fails("meeting", "add", "--title", "Rakor", "--date", FUTURE, "--status", "held")
    assert "cannot be 'held'" in r.stderr


def test_edit_path(office: Cli) -> None:
    mid = office.ok("meeting", "add", "--title", "Rakor", "--date", FUTURE).stdout.strip()
    office.fails("meeting", "edit", mid, "--status", "held")
    past = office.ok("meeting", "add", "--title", "Pleno", "--date", "1/7/2024").stdout.strip()
    office.fails("meeting", "edit", past, "--date", FUTURE)


def test_yaml_path(office: Cli, tmp_path: Path) -> None:
    f = tmp_path / "rakor.yaml"
    f.write_text(f"title: Rakor\ndate: {FUTURE}\nstatus: held\n", encoding="utf-8")
    r = office.fails("meeting", "add", "--from-file", str(f))
    assert "cannot be 'held'" in r.stderr


def _export_then_hold(office: Cli, tmp_path: Path, fmt: str) -> Path:
    office.ok("meeting", "add", "--title", "Rakor logistik", "--date", FUTURE)
    out = tmp_path / f"m.{fmt}"
    office.ok("export", fmt, "meetings", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(text)
        data[0]["status"] = "held"
        text = json.dumps(data)
    else:
        text = text.replace(",planned,", ",held,")
    out.write_text(text, encoding="utf-8")
    return out


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_import_path_cannot_hold_a_future_meeting(office: Cli, tmp_path: Path, fmt: str) -> None:
    out = _export_then_hold(office, tmp_path, fmt)
    r = office.fails("import", "meetings", str(out))
    assert "cannot be 'held'" in r.stderr
    assert f"m.{fmt}:" in r.stderr  # file:line
    [rec] = office.json("meeting", "list")
    assert rec["status"] == "planned"


def test_series_path(office: Cli) -> None:
    office.ok(
        "meeting", "plan", "--title", "Rakor mingguan", "--every", "setiap Senin",
        "--from", "4 Maret 2030", "--until", "25 Maret 2030",
    )  # fmt: skip
    r = office.fails(
        "meeting", "add", "--series", "Rakor mingguan", "--title", "Rakor mingguan",
        "--date", "11 Maret 2030", "--status", "held",
    )  # fmt: skip
    assert "cannot be 'held'" in r.stderr


def test_demo_honours_the_global_db(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kpukoord.cli import app

    target = tmp_path / "demo-here.db"
    result = CliRunner().invoke(app, ["--db", str(target), "demo", "--format", "text"])
    assert result.exit_code == 0, result.output
    assert target.exists()
    with Database(target) as d:
        assert d.scalar("SELECT count(*) FROM meeting WHERE deleted_at IS NULL") >= 3


def test_meetings_cite_regulations_with_or_without_a_timetable(office: Cli, tmp_path: Path) -> None:
    mid = office.ok(
        "meeting", "add", "--title", "Bimtek pembentukan badan ad hoc", "--date", "5/7/2024",
        "--regulation", "PKPU No. 7 Tahun 2022", "--regulation", "pkpu 2/2024",
    ).stdout.strip()  # fmt: skip
    rec = office.json("meeting", "show", mid)
    assert rec["regulations"] == ["PKPU 7/2022", "PKPU 2/2024"]
    office.ok("meeting", "add", "--title", "Rakor lain", "--date", "6/7/2024")
    assert [m["id"] for m in office.json("meeting", "list", "--regulation", "PKPU 7/2022")] == [mid]
    office.ok("meeting", "edit", mid, "--regulation", "PKPU 7/2022", "--regulation", "PKPU 8/2022")
    assert office.json("meeting", "show", mid)["regulations"] == [
        "PKPU 7/2022",
        "PKPU 2/2024",
        "PKPU 8/2022",
    ]
    f = tmp_path / "m.yaml"
    f.write_text(
        "title: Sosialisasi\ndate: 8/7/2024\nregulations: [PKPU 9/2022]\n", encoding="utf-8"
    )
    yid = office.ok("meeting", "add", "--from-file", str(f)).stdout.strip()
    assert office.json("meeting", "show", yid)["regulations"] == ["PKPU 9/2022"]
    out = tmp_path / "m.csv"
    office.ok("export", "csv", "meetings", "-o", str(out))
    assert office.json("import", "meetings", str(out))["unchanged"] == 3
    r = office.fails("meeting", "add", "--title", "X", "--date", "5/7/2024", "--regulation", "PKPU")
    assert "--regulation" in r.stderr


def test_end_times_are_kept_and_drive_calendar_events(office: Cli) -> None:
    import datetime as dt

    from icalendar import Calendar

    a = office.ok("meeting", "add", "--title", "Pleno rekapitulasi", "--date", "5/7/2024",
                  "--time", "pukul 08.00 s.d 16.00 waktu setempat").stdout.strip()  # fmt: skip
    b = office.ok("meeting", "add", "--title", "Rakor", "--date",
                  "Senin, 8 Juli 2024 pukul 07.00 hingga 13.00 WIB").stdout.strip()  # fmt: skip
    c = office.ok("meeting", "add", "--title", "Apel", "--date", "9/7/2024",
                  "--time", "09.00").stdout.strip()  # fmt: skip
    recs = {m["id"]: m for m in office.json("meeting", "list")}
    assert (recs[a]["start_time"], recs[a]["end_time"]) == ("08:00", "16:00")
    assert (recs[b]["start_time"], recs[b]["end_time"], recs[b]["timezone"]) == (
        "07:00",
        "13:00",
        "WIB",
    )
    assert recs[c]["end_time"] is None
    assert "pukul 08.00–16.00 WIB" in office.ok("meeting", "show", a, "--lang", "id").stdout
    cal = Calendar.from_ical(office.ok("export", "ics", "--meetings").stdout_bytes)
    spans = {
        str(e["summary"]): e.decoded("dtend") - e.decoded("dtstart") for e in cal.walk("VEVENT")
    }
    assert spans == {
        "Pleno rekapitulasi": dt.timedelta(hours=8),
        "Rakor": dt.timedelta(hours=6),
        "Apel": dt.timedelta(hours=2),  # no end time given: two hours
    }
    office.ok("meeting", "edit", a, "--time", "10.00")  # a new start time drops the old end
    assert office.json("meeting", "show", a)["end_time"] is None
