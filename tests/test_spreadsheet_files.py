"""A spreadsheet never clears what it does not mention, nor changes a date by its
locale (issue 23).

The meeting is a test record of KPU Kabupaten Sijunjung with the Bawaslu of its
kabupaten (region 13.03, shared/reference/domain.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Cli

FIELDS = ("title", "venue", "attendees", "decisions", "actions", "source", "notes", "chair")


def _meeting(office: Cli) -> str:
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung", "--alias", "Bawaslu Sijunjung")
    out = office.ok(
        "meeting", "add", "--kind", "rakor", "--title", "Rakor pengawasan coklit",
        "--date", "2024-07-05", "--venue", "Aula KPU Kabupaten Sijunjung",
        "--attendee", "Bawaslu Sijunjung; person=Andi; position=Ketua",
        "--decision", "Coklit diawasi bersama", "--action",
        "Kirim daftar petugas; owner=Bawaslu Sijunjung; due=2024-07-12",
        "--source", "sijunjung.go.id", "--note", "Catatan rapat",
    )  # fmt: skip
    return out.stdout.split()[0]


def _fields(office: Cli, mid: str) -> dict[str, object]:
    m = office.json("meeting", "show", mid)
    return {
        "title": m["title"],
        "venue": m["venue"],
        "attendees": [(a["agency"], a["person"], a["position"]) for a in m["attendees"]],
        "decisions": m["decisions"],
        "actions": [(a["text"], a["owner"], a["due_date"]) for a in m["actions"]],
        "source": m["source"],
        "notes": m["notes"],
        "chair": m["chair"],
    }


def test_a_csv_with_some_columns_keeps_every_other_field(office: Cli, tmp_path: Path) -> None:
    mid = _meeting(office)
    before = _fields(office, mid)
    path = tmp_path / "judul.csv"
    path.write_text(f"id,title\n{mid},Rakor pengawasan coklit Pilkada\n", encoding="utf-8")
    summary = office.json("import", "meetings", str(path))
    assert summary["updated"] == 1
    after = _fields(office, mid)
    assert after["title"] == "Rakor pengawasan coklit Pilkada"
    assert {k: v for k, v in after.items() if k != "title"} == {
        k: v for k, v in before.items() if k != "title"
    }


def test_only_an_empty_cell_in_a_present_column_clears(office: Cli, tmp_path: Path) -> None:
    mid = _meeting(office)
    before = _fields(office, mid)
    path = tmp_path / "tempat.csv"
    path.write_text(f"id,title,venue\n{mid},Rakor pengawasan coklit,\n", encoding="utf-8")
    office.ok("import", "meetings", str(path))
    after = _fields(office, mid)
    assert after["venue"] is None
    assert {k: v for k, v in after.items() if k != "venue"} == {
        k: v for k, v in before.items() if k != "venue"
    }


def test_a_semicolon_csv_is_read(office: Cli, tmp_path: Path) -> None:
    """Excel in an Indonesian locale saves with ';' between the cells."""
    path = tmp_path / "rapat.csv"
    path.write_text(
        "title;start_date;venue\nRakor persiapan pleno;2024-07-10;Aula KPU; lantai 2\n",
        encoding="utf-8",
    )
    err = office.fails("import", "meetings", str(path)).stderr
    assert "more cells than columns" in err  # a ';' inside an unquoted cell: said plainly
    path.write_text(
        'title;start_date;venue\nRakor persiapan pleno;2024-07-10;"Aula KPU; lantai 2"\n',
        encoding="utf-8",
    )
    assert office.json("import", "meetings", str(path))["inserted"] == 1
    (m,) = office.json("meeting", "list")
    assert (m["title"], m["start_date"], m["venue"]) == (
        "Rakor persiapan pleno",
        "2024-07-10",
        "Aula KPU; lantai 2",
    )


def test_a_file_without_title_names_what_it_found(office: Cli, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("judul;tanggal\nRakor;2024-07-05\n", encoding="utf-8")
    assert (
        "needs a header row with at least 'title'"
        in office.fails("import", "meetings", str(path)).stderr
    )


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(["%m/%d/%y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%-m/%-d/%Y"]),
)
def test_numeric_dates_are_refused_iso_and_month_names_are_read(
    office: Cli, tmp_path: Path, day: dt.date, form: str
) -> None:
    path = tmp_path / "tanggal.csv"
    numeric = day.strftime(form)
    path.write_text(f"title,start_date\nRakor,{numeric}\n", encoding="utf-8")
    err = office.fails("import", "meetings", str(path)).stderr
    assert f"{path}:2: start_date {numeric!r}: a date in numbers" in err
    assert "2024-07-05 or 5 Juli 2024" in err
    months = (
        "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
    )
    spelled = f"{day.day} {months.split()[day.month - 1]} {day.year}"
    path.write_text(
        f"title,start_date,date\nRakor {day},{day.isoformat()},\nRakor {spelled},,{spelled}\n",
        encoding="utf-8",
    )
    summary = office.json("import", "meetings", str(path), "--allow-duplicates")
    assert summary["inserted"] == 2
    days = {m["start_date"] for m in office.json("meeting", "list", "--all")}
    assert day.isoformat() in days
