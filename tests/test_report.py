"""The weekly rakor report, recurring meetings, and the demo."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import dump
from kpukoord.language.i18n import using
from kpukoord.views.weekly import labels


@pytest.fixture(autouse=True)
def _indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """These reports are read in Indonesian: the language users have by default."""
    monkeypatch.setenv("KPUKOORD_LANG", "id")


GOLDEN = Path(__file__).resolve().parent / "golden" / "weekly-2024-07-05.id.txt"


def test_demo_prints_the_golden_whatsapp_report(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # the week of the Sijunjung rakor (the demo's default is today: trial bug 5)
    db = str(tmp_path / "demo.db")
    out = cli.ok("--db", db, "demo", "--as-of", "5/7/2024", "--format", "text").stdout
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_the_week_of_the_sijunjung_rakor(demo) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(
        demo.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "json").stdout
    )
    assert set(data) >= {
        "office",
        "week",
        "as_of",
        "countdowns",
        "stages",
        "holidays",
        "meetings",
        "actions",
        "coverage",
    }
    assert data["week"] == {"start": "2024-07-01", "end": "2024-07-07", "iso": "2024-W27"}
    assert set(data["stages"]) == {"ending", "active", "starting"}
    assert set(data["meetings"]) >= {"past", "planned"}
    assert set(data["actions"]) >= {"overdue", "due", "done"}
    assert data["meetings"]["totals"] == {"past": 1, "planned": 0}  # lists are capped, totals not
    coklit = next(s for s in data["stages"]["active"] if s["key"] == "coklit")
    assert (coklit["schedule"], coklit["days_left"]) == ("pkpu-2-2024", 19)
    assert [m["title"] for m in data["meetings"]["past"]] == [
        "Rakor persiapan tahapan Pilkada 2024 bersama stakeholder"
    ]
    pilkada = next(c for c in data["countdowns"] if c["schedule"] == "pkpu-2-2024")
    assert pilkada["days"] == 145
    assert {"date": "2024-07-07", "name": "Tahun Baru Islam", "kind": "libur nasional"} in data[
        "holidays"
    ]
    text = demo.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "text").stdout
    assert "H-145 pemungutan suara Pilkada 2024" in text
    assert "Coklit oleh Pantarlih (Pilkada 2024): 24 Jun 2024 – 24 Jul 2024, sisa 19 hari" in text


def test_overdue_follow_ups_oldest_first_with_owner_and_days_late(demo) -> None:  # type: ignore[no-untyped-def]
    demo.ok(
        "action",
        "add",
        "Serahkan data pemilih disabilitas",
        "--owner",
        "Bawaslu Sijunjung",
        "--due",
        "1 Juli 2024",
    )
    demo.ok(
        "action",
        "add",
        "Rapat evaluasi coklit tahap I",
        "--owner",
        "PPK Sijunjung",
        "--due",
        "28 Juni 2024",
    )
    data = json.loads(
        demo.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "json").stdout
    )
    overdue = [(a["owner"], a["days_late"]) for a in data["actions"]["overdue"]]
    assert overdue == [("PPK se-Kabupaten Sijunjung", 7), ("Bawaslu Kabupaten Sijunjung", 4)]
    due = [a["text"] for a in data["actions"]["due"]]
    assert due == []  # the Sijunjung follow-up is due 24 July, beyond 14 days
    text = demo.ok(
        "report", "weekly", "--as-of", "2024-07-05", "--format", "text", "--ahead", "21"
    ).stdout
    assert (
        "(!) PPK se-Kabupaten Sijunjung: Rapat evaluasi coklit tahap I (jatuh tempo 28 Jun 2024, terlambat 7 hari)"
        in text
    )
    assert "Sosialisasi coklit" in text  # now within the 21 days ahead


def test_text_format_is_plain_for_whatsapp(demo) -> None:  # type: ignore[no-untyped-def]
    text = demo.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "text").stdout
    assert "\x1b" not in text
    assert not re.search(r"[─│┌┐└┘├┤╭╮╰╯═║━]", text)
    assert "*Laporan Rakor Mingguan*" in text and "*Tahapan*" in text


def test_english_translates_every_label(demo) -> None:  # type: ignore[no-untyped-def]
    en = demo.ok(
        "report",
        "weekly",
        "--as-of",
        "2024-07-05",
        "--format",
        "text",
        "--lang",
        "en",
        "--ahead",
        "60",
        "--stale",
        "1",
    ).stdout
    assert "Weekly Coordination Report" in en and "145 days to voting day, Pilkada 2024" in en
    with using("id"):
        indonesian = labels()
    with using("en"):
        english = labels()
    for key, id_label in indonesian.items():
        fixed = re.split(r"\{[^}]*\}", id_label)
        for part in fixed:
            part = part.strip(" ():,[]")
            if len(part) > 3 and part not in english[key]:
                assert part not in en, f"{key}: {part!r} left in English output"
    assert "Friday, 5 July 2024" in en


def test_markdown_and_html(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    md = demo.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "markdown").stdout
    assert (
        md.startswith("# Laporan Rakor Mingguan")
        and "## Tahapan" in md
        and "### Sedang berjalan" in md
    )
    out = tmp_path / "rakor.html"
    demo.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h2>Rapat</h2>" in page
    week = json.loads(demo.ok("report", "weekly", "--week", "2024-W27", "--format", "json").stdout)
    assert week["as_of"] == "2024-07-07"  # a past week: as of its Sunday
    term = tmp_path / "rakor.txt"
    demo.ok("report", "weekly", "--as-of", "2024-07-05", "-o", str(term))
    assert "Coklit oleh Pantarlih" in term.read_text(encoding="utf-8")


def test_a_database_with_no_meetings_still_reports(cli) -> None:  # type: ignore[no-untyped-def]
    cli.ok("init", "--no-schedules")
    text = cli.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "text").stdout
    assert "Tidak ada tahapan, rapat, atau tindak lanjut" in text
    assert "kantor belum diatur" in text
    cli.ok("report", "weekly", "--as-of", "2024-07-05")  # terminal view too


def test_report_errors(office, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KPUKOORD_LANG", "en")  # the messages as the rest of the suite reads them
    assert "unknown format" in office.fails("report", "weekly", "--format", "pdf", code=2).stderr
    assert "choose id or en" in office.fails("report", "weekly", "--lang", "fr", code=2).stderr
    assert (
        "either --week"
        in office.fails(
            "report", "weekly", "--week", "2024-W27", "--as-of", "5/7/2024", code=2
        ).stderr
    )
    assert "2024-W27" in office.fails("report", "weekly", "--week", "minggu 27").stderr
    assert "does not exist" in office.fails("report", "weekly", "--week", "2024-W60").stderr


def test_meeting_plan_series_and_recording_an_occurrence(office) -> None:  # type: ignore[no-untyped-def]
    out = office.json(
        "meeting",
        "plan",
        "--title",
        "Rakor mingguan",
        "--every",
        "setiap Senin",
        "--from",
        "1 Juli 2024",
        "--until",
        "29 Juli 2024",
        "--time",
        "09.00",
    )
    assert len(out["created"]) == 5
    again = office.json(
        "meeting",
        "plan",
        "--title",
        "Rakor mingguan",
        "--every",
        "setiap Senin",
        "--from",
        "1 Juli 2024",
        "--until",
        "12 Agustus 2024",
    )
    assert len(again["created"]) == 2 and again["series"] == out["series"]
    planned = office.json("meeting", "list", "--status", "planned")
    assert sorted(m["start_date"] for m in planned)[:2] == ["2024-07-01", "2024-07-08"]
    assert planned[0]["start_time"] == "09:00" and planned[0]["timezone"] == "WIB"
    mid = office.ok(
        "meeting",
        "add",
        "--series",
        "Rakor mingguan",
        "--title",
        "Rakor mingguan",
        "--date",
        "Senin (1/7/2024)",
        "--decision",
        "Percepat coklit",
    ).stdout.strip()
    rec = office.json("meeting", "show", mid)
    assert rec["status"] == "held" and rec["decisions"] == ["Percepat coklit"]
    assert len(office.json("meeting", "list", "--status", "planned")) == 6
    data = json.loads(
        office.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "json").stdout
    )
    assert [m["start_date"] for m in data["meetings"]["planned"]] == ["2024-07-08", "2024-07-15"]
    monthly = office.json(
        "meeting",
        "plan",
        "--title",
        "Rakor bulanan",
        "--every",
        "Senin pertama setiap bulan",
        "--from",
        "1 Juli 2024",
        "--count",
        "3",
    )
    dates = [
        m["start_date"]
        for m in office.json("meeting", "list", "--status", "planned")
        if m["id"] in monthly["created"]
    ]
    assert sorted(dates) == ["2024-07-01", "2024-08-05", "2024-09-02"]
    biweekly = office.json(
        "meeting",
        "plan",
        "--title",
        "FGD",
        "--every",
        "every 2 weeks",
        "--from",
        "3 Juli 2024",
        "--count",
        "2",
    )
    got = sorted(
        m["start_date"]
        for m in office.json("meeting", "list", "--status", "planned")
        if m["id"] in biweekly["created"]
    )
    assert got == ["2024-07-03", "2024-07-17"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--every", "kadang-kadang", "--count", "2"], "cannot read recurrence"),
        (["--every", "setiap Senin"], "--until DATE or --count N"),
        (["--every", "FREQ=SOMETIMES", "--count", "2"], "cannot read recurrence"),
        (
            ["--every", "setiap Senin", "--from", "5/7/2024", "--until", "1/7/2024"],
            "before the first",
        ),
    ],
)
def test_meeting_plan_errors(
    office, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KPUKOORD_LANG", "en")  # the messages as the rest of the suite reads them
    assert message in office.fails("meeting", "plan", "--title", "X", *args, code=2).stderr


def test_demo_never_overwrites_a_real_database(office, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KPUKOORD_LANG", "en")  # the messages as the rest of the suite reads them
    before = dump(office.db)
    result = office("--db", str(office.db), "demo")
    assert result.exit_code == 1 and "not a demo database" in result.stderr
    assert dump(office.db) == before


def test_unwritable_output_is_one_clear_error(
    demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KPUKOORD_LANG", "en")  # the messages as the rest of the suite reads them
    target = str(tmp_path / "no-such-dir" / "out.txt")
    for args in (
        ["report", "weekly", "--as-of", "2024-07-05", "--format", "text", "-o", target],
        ["export", "json", "meetings", "-o", target],
        ["export", "ics", "-o", target],
    ):
        assert "cannot write" in demo.fails(*args).stderr
    meeting = demo.json("meeting", "list")[0]["id"]
    assert "cannot write" in demo.fails("meeting", "minutes", meeting, "-o", target).stderr
