"""Working with other tools: calendars, CSV/JSON round trips, search, minutes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

from icalendar import Calendar


def _cal(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_ics_of_pilkada_stages_and_meetings_parses_back(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "k.ics"
    demo.ok("export", "ics", "--stages", "--schedule", "pkpu-2-2024", "--meetings", "-o", str(out))
    cal = _cal(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    coklit = next(e for e in events if str(e["summary"]).startswith("Coklit oleh Pantarlih"))
    assert coklit.decoded("dtstart") == dt.date(2024, 6, 24)
    assert coklit.decoded("dtend") == dt.date(2024, 7, 25)  # exclusive: the day after 24 July
    for e in events:
        start, end = e.decoded("dtstart"), e.decoded("dtend") if "dtend" in e else None
        if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
            assert isinstance(end, dt.date) and end > start, e["summary"]
    rakor = next(e for e in events if "Rakor persiapan" in str(e["summary"]))
    assert rakor.decoded("dtstart") == dt.date(2024, 7, 5) and rakor.decoded("dtend") == dt.date(
        2024, 7, 7
    )
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert not list(cal.walk("VTODO"))  # --actions was not asked for


def test_ics_timed_meetings_have_their_zone_and_uids_are_stable(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mid = office.ok(
        "meeting",
        "add",
        "--title",
        "Rakor logistik",
        "--date",
        "Rabu (10/7/2024)",
        "--time",
        "pukul 09.00 WIB",
        "--status",
        "planned",
        "--action",
        "Cek gudang; owner=KPU Sijunjung; due=12/7/2024",
    ).stdout.strip()
    first = _cal(office.ok("export", "ics", "--meetings", "--actions").stdout_bytes)
    ev = first.walk("VEVENT")[0]
    start = ev.decoded("dtstart")
    assert start == dt.datetime(2024, 7, 10, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB is 02.00 UTC
    assert "Asia/Jakarta" in ev["dtstart"].params.get("TZID", "")
    assert [str(tz["tzid"]) for tz in first.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    todo = first.walk("VTODO")[0]
    assert todo.decoded("due") == dt.date(2024, 7, 12)
    seq0 = int(ev["sequence"])
    office.ok("meeting", "edit", mid, "--venue", "Gudang logistik KPU")
    second = _cal(office.ok("export", "ics", "--meetings").stdout_bytes)
    ev2 = second.walk("VEVENT")[0]
    assert str(ev2["uid"]) == str(ev["uid"])  # same event, updated
    assert int(ev2["sequence"]) == seq0 + 1
    assert str(ev2["location"]) == "Gudang logistik KPU"


def test_json_export_carries_every_field(demo) -> None:  # type: ignore[no-untyped-def]
    recs = json.loads(demo.ok("export", "json", "meetings").stdout)
    assert len(recs) == 3
    shown = demo.json("meeting", "show", recs[0]["id"])
    assert recs[0] == shown
    for table in ("actions", "agencies", "stages"):
        assert json.loads(demo.ok("export", "json", table).stdout)
    assert "unknown table" in demo.fails("export", "json", "votes", code=2).stderr


def test_csv_edit_in_place_updates_exactly_the_edited_rows(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "meetings.csv"
    demo.ok("export", "csv", "meetings", "-o", str(path))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 3
    rows[1]["venue"] = "Aula Kantor Bupati Sijunjung"
    rows[1]["decisions"] += " | Rakor lanjutan 1 Agustus 2024"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    summary = demo.json("import", "meetings", str(path))
    assert (summary["inserted"], summary["updated"], summary["unchanged"]) == (0, 1, 2)
    rec = demo.json("meeting", "show", rows[1]["id"])
    assert rec["venue"] == "Aula Kantor Bupati Sijunjung"
    assert rec["decisions"][-1] == "Rakor lanjutan 1 Agustus 2024"
    assert len(rec["attendees"]) == 11 and len(rec["actions"]) == 1  # nothing doubled
    assert len(demo.json("meeting", "list")) == 3
    again = demo.json("import", "meetings", str(path))
    assert (again["updated"], again["unchanged"]) == (0, 3)


def test_json_round_trip_is_unchanged(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "m.json"
    demo.ok("export", "json", "meetings", "-o", str(path))
    summary = demo.json("import", "meetings", str(path))
    assert (summary["inserted"], summary["updated"], summary["unchanged"]) == (0, 0, 3)


def _big_csv(path: Path, n: int, broken: dict[int, tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["title", "kind", "start_date", "end_date", "venue", "attendees"])
        day = dt.date(2023, 1, 2)
        for i in range(n):
            d = (day + dt.timedelta(days=i % 700)).isoformat()
            row = [f"Rakor {i}", "rakor", d, d, "Aula KPU", "KPU Sijunjung"]
            if i in broken:
                col, value = broken[i]
                row[
                    ["title", "kind", "start_date", "end_date", "venue", "attendees"].index(col)
                ] = value
            w.writerow(row)


def test_three_thousand_rows_with_three_broken(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Problems at the head, the middle and the end of a long file: each named by its line,
    the file refused whole; with --skip-invalid, every good row in (the speed of long
    imports is benchmarks/run.py's)."""
    path = tmp_path / "big.csv"
    broken = {
        10: ("start_date", "31/02/2024"),
        1500: ("attendees", "Nobody Anywhere"),
        2998: ("kind", "pesta"),
    }
    _big_csv(path, 3_000, broken)
    err = office.fails("import", "meetings", str(path)).stderr
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    # row i sits on line i + 2 (the header is line 1)
    assert [line.split(": ")[1] for line in lines[:3]] == [
        f"{path}:12",
        f"{path}:1502",
        f"{path}:3000",
    ]
    assert len(lines) == 4 and "unknown agencies" in lines[3]
    summary = office.json("import", "meetings", str(path), "--skip-invalid")
    assert summary["inserted"] == 2_997 and summary["skipped"] == 3
    c = sqlite3.connect(office.db)
    assert c.execute("SELECT count(*) FROM meeting").fetchone()[0] == 2_997
    assert c.execute("SELECT count(*) FROM attendee").fetchone()[0] == 2_997


def test_import_errors(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "x.csv"
    bad.write_text("judul,tanggal\nRakor,5/7/2024\n", encoding="utf-8")
    assert "needs a header row" in office.fails("import", "meetings", str(bad)).stderr
    bad.write_text("title,start_date,colour\nRakor,2024-07-05,blue\n", encoding="utf-8")
    assert "unknown column(s): colour" in office.fails("import", "meetings", str(bad)).stderr
    j = tmp_path / "x.json"
    j.write_text('[{"title": "A", "date": "5/7/2024"},\n {"title": "B", "date": ', encoding="utf-8")
    assert f"{j}:2: JSON syntax" in office.fails("import", "meetings", str(j)).stderr
    j.write_text('{"title": "A"}', encoding="utf-8")
    assert "array of meetings" in office.fails("import", "meetings", str(j)).stderr
    dup = tmp_path / "dup.json"
    dup.write_text(
        '[{"id": "01J0000000000000000000000A", "title": "A", "date": "5/7/2024"},\n'
        ' {"id": "01J0000000000000000000000A", "title": "B", "date": "6/7/2024"}]',
        encoding="utf-8",
    )
    assert (
        f"{dup}:2: id 01J0000000000000000000000A appears twice"
        in office.fails("import", "meetings", str(dup)).stderr
    )
    out = office.json(
        "import",
        "meetings",
        "-",
        "--format",
        "yaml",
        input="- {title: Dari stdin, date: 5/7/2024}\n",
    )
    assert out["inserted"] == 1


def test_search_finds_coklit_in_the_sijunjung_rakor(demo) -> None:  # type: ignore[no-untyped-def]
    hits = demo.json("search", "coklit")
    rakor = next(h for h in hits if h["kind"] == "meeting")
    assert rakor["title"] == "Rakor persiapan tahapan Pilkada 2024 bersama stakeholder"
    [(a, b), *_] = rakor["highlights"]
    assert rakor["snippet"][a:b].lower() == "coklit"  # plain text, the match located
    assert demo.json("search", "logistik", "--agency", "Polres Sijunjung")[0]["id"] == rakor["id"]
    assert demo.json("search", "logistik", "--agency", "Kesbangpol Lutra") == []
    assert demo.json("search", "coklit", "--from", "1 Januari 2024", "--to", "31 Desember 2024")
    assert next(h["kind"] for h in demo.json("search", "kesbangpol lutra")) == "agency"
    # FTS syntax typed by the operator is searched for, never run
    assert demo.json("search", 'coklit" OR NEAR(x') is not None
    assert "nothing to search" in demo.fails("search", "!!!", code=2).stderr
    demo.ok("meeting", "edit", rakor["id"], "--note", "Distribusi kotak suara")
    assert all(h["id"] != rakor["id"] for h in demo.json("search", "penyaluran"))  # kept current
    assert demo.ok("db", "reindex").stdout.startswith("indexed")
    assert demo.json("search", "kotak suara")[0]["id"] == rakor["id"]


def test_minutes_of_the_luwu_utara_visit_in_indonesian(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit = demo.json("meeting", "list", "--kind", "kunjungan")[0]
    text = demo.ok("meeting", "minutes", visit["id"], "--format", "text").stdout
    assert "*NOTULEN RAPAT*" in text
    assert "Acara: Kunjungan Kepala Badan Kesbangpol ke KPU Luwu Utara" in text
    assert "Hari/tanggal: Senin, 13 Februari 2023" in text
    assert "Tempat: Ruang media center KPU Kabupaten Luwu Utara" in text
    assert (
        "- Badan Kesbangpol Kabupaten Luwu Utara\n   · Hakim Bukara, Kepala Badan Kesbangpol"
        in text
    )
    for heading in ("Peserta", "Agenda", "Pembahasan", "Keputusan", "Tindak lanjut"):
        assert f"*{heading}*" in text
    out = tmp_path / "notulen.html"
    demo.ok("meeting", "minutes", visit["id"], "--format", "html", "-o", str(out))
    assert "<h2>Keputusan</h2>" in out.read_text(encoding="utf-8")
    md = demo.ok("meeting", "minutes", visit["id"]).stdout
    assert md.startswith(
        "**KOMISI PEMILIHAN UMUM**  \n**KABUPATEN SIJUNJUNG**  \n\n# NOTULEN RAPAT"
    )
    assert (
        "unknown format"
        in demo.fails("meeting", "minutes", visit["id"], "--format", "pdf", code=2).stderr
    )


def test_database_is_readable_by_other_tools(demo) -> None:  # type: ignore[no-untyped-def]
    import sqlite_utils

    db = sqlite_utils.Database(sqlite3.connect(demo.db))
    assert {"active_meeting", "active_agency", "active_action", "active_stage"} <= set(
        db.view_names()
    )
    assert db["active_meeting"].count == 3
    fks = {(fk.column, fk.other_table) for fk in db["attendee"].foreign_keys}
    assert ("meeting_id", "meeting") in fks and ("agency_id", "agency") in fks
    assert io is not None
