"""Small things that read wrong (issue 26, "Left from last turn" and "Errors carry data")."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import Cli


def _meetings_csv(path: Path, rows: list[tuple[str, str]]) -> None:
    lines = ["title,kind,start_date,end_date,venue,attendees"]
    lines += [f"{title},rakor,2024-07-01,2024-07-01,Aula KPU,{who}" for title, who in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_import_summary_of_unknown_agencies_is_in_indonesian(office: Cli, tmp_path: Path) -> None:
    """The names come from the error's data, so the summary line is translated too."""
    path = tmp_path / "rapat.csv"
    _meetings_csv(path, [("Rakor A", "Kodim 0310"), ("Rakor B", "Dinas Kesehatan")])
    err = office.fails("--lang", "id", "import", "meetings", str(path)).stderr
    last = err.splitlines()[-1]
    assert last == (
        "error: instansi tidak dikenal: Dinas Kesehatan, Kodim 0310 (tambahkan dengan "
        "'kpukoord agency add', atau berikan --new-agencies untuk membuatnya)"
    )
    assert "unknown" not in err.replace(str(path), "")
    # skipped rows report the same summary, and the good rows go in
    _meetings_csv(path, [("Rakor A", "Kodim 0310"), ("Rakor C", "KPU Sijunjung")])
    summary = office.json("import", "meetings", str(path), "--skip-invalid")
    assert summary["inserted"] == 1 and summary["skipped"] == 1
    assert summary["problems"][-1].startswith("unknown agencies: Kodim 0310 (add them")


def test_an_ambiguous_short_name_lists_every_candidate(office: Cli) -> None:
    ppk = ["PPK Kupitan", "PPK Koto VII", "PPK Sijunjung", "PPK Tanjung Gadang"]
    for name in ppk:
        office.ok("agency", "add", name)
    err = office.fails(
        "meeting", "add", "-t", "Rakor PPK", "-d", "1/7/2024", "--attendee", "PPK"
    ).stderr
    assert all(name in err for name in ppk), err
    # a near spelling still names only the closest few
    err = office.fails(
        "meeting", "add", "-t", "Rakor PPK", "-d", "1/7/2024", "--attendee", "PPK Sijunjng"
    ).stderr
    assert "PPK Sijunjung" in err and err.count("PPK ") <= 4


def test_text_minutes_say_no_deadline_alone(office: Cli) -> None:
    office.ok(
        "meeting", "add", "-t", "Rakor coklit", "-d", "1/7/2024",
        "--action", "Laporan coklit; owner=KPU Sijunjung",
        "--action", "Rekap DPS; owner=KPU Sijunjung; due=20/7/2024",
    )  # fmt: skip
    mid = office.json("meeting", "list")[0]["id"]
    lines = office.ok("meeting", "minutes", mid, "--format", "text").stdout.splitlines()
    assert "   · tanpa tenggat" in lines
    assert "   · Paling lambat: 20 Juli 2024" in lines
    assert not any("Paling lambat: tanpa" in line for line in lines)
    conn = sqlite3.connect(office.db)
    assert conn.execute("SELECT count(*) FROM action WHERE due_date IS NULL").fetchone()[0] == 1
