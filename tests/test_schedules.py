"""Official timetables: validated, idempotent import, diffs, views and stage links."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from conftest import dump

BUNDLED = Path(__file__).resolve().parent.parent / "schedules"


def test_bundled_timetables_import_and_reimport_unchanged(cli) -> None:  # type: ignore[no-untyped-def]
    first = cli.json("schedule", "import", str(BUNDLED))
    codes = {s["code"]: s["status"] for s in first["schedules"]}
    assert codes == {
        "pkpu-3-2022": "created",
        "pkpu-2-2024": "created",
        "psu-dpd-sumbar-2024": "created",
        "pilkada-ulang-bangka-pangkalpinang-2025": "created",
    }
    before = dump(cli.db)
    again = cli.json("schedule", "import", str(BUNDLED))
    assert {s["status"] for s in again["schedules"]} == {"unchanged"}
    assert all(not (s["added"] or s["changed"] or s["removed"]) for s in again["schedules"])
    assert dump(cli.db) == before  # nothing written at all
    assert "unchanged" in cli.ok("schedule", "import", str(BUNDLED)).stdout


def test_every_bundled_stage_carries_confidence_and_real_sources(cli) -> None:  # type: ignore[no-untyped-def]
    cli.ok("schedule", "import", str(BUNDLED))
    rec = cli.json("schedule", "show", "pkpu-2-2024")
    assert rec["voting_day"] == "2024-11-27" and rec["signed"] == "2024-01-26"
    by_key = {s["key"]: s for s in rec["stages"]}
    assert (by_key["coklit"]["start"], by_key["coklit"]["end"]) == ("2024-06-24", "2024-07-24")
    assert by_key["coklit"]["sources"] == ["T7"]
    assert by_key["penetapan-calon-terpilih"]["start"] is None  # no fixed date: a rule
    assert by_key["penetapan-calon-terpilih"]["rule"].startswith("≤ 5 hari")
    assert by_key["perencanaan-anggaran"]["start"] is None  # "(before)": never invented
    for code in [
        "pkpu-3-2022",
        "pkpu-2-2024",
        "psu-dpd-sumbar-2024",
        "pilkada-ulang-bangka-pangkalpinang-2025",
    ]:
        rec = cli.json("schedule", "show", code)
        for s in rec["stages"]:
            assert s["confidence"] in {"official", "news-2", "news-1", "recalled"}
            assert s["sources"] and set(s["sources"]) <= set(rec["sources"]), s["key"]


def test_init_imports_the_bundled_timetables(office) -> None:  # type: ignore[no-untyped-def]
    assert len(office.json("schedule", "list")) == 4
    again = office.ok("init").stdout
    assert again.count(": unchanged") == 4


def test_stage_list_active_on_shows_pilkada_voter_list_and_coklit(office) -> None:  # type: ignore[no-untyped-def]
    items = office.json("stage", "list", "--active-on", "2024-07-05")
    keys = {(i["schedule"], i["key"]) for i in items}
    assert ("pkpu-2-2024", "data-pemilih") in keys
    assert ("pkpu-2-2024", "coklit") in keys
    assert ("pkpu-3-2022", "coklit") not in keys
    coklit = next(i for i in items if i["key"] == "coklit")
    assert coklit["days_left"] == 19 and coklit["path"] == "persiapan/data-pemilih/coklit"
    assert set(coklit) >= {
        "schedule",
        "key",
        "name",
        "start",
        "end",
        "path",
        "confidence",
        "days_left",
    }
    window = office.json(
        "stage",
        "list",
        "--from",
        "1 Juli 2024",
        "--to",
        "15 Juli 2024",
        "--schedule",
        "psu-dpd-sumbar-2024",
    )
    assert [i["key"] for i in window] == ["pemungutan-suara"]


def _edited_copy(tmp_path: Path) -> Path:
    text = (BUNDLED / "pkpu-2-2024.yaml").read_text(encoding="utf-8")
    # one moved date: coklit ends a day later
    text = text.replace("            end: 2024-07-24\n", "            end: 2024-07-25\n", 1)
    # one removed stage: the DPS announcement
    text = re.sub(r"          - key: pengumuman-dps\n(?:            .*\n)+", "", text)
    # one added stage
    text = text.replace(
        "  - key: pelantikan\n",
        "  - key: penetapan-dpt\n    name: Penetapan DPT\n    date: 2024-09-20\n"
        "    confidence: recalled\n  - key: pelantikan\n",
    )
    copy = tmp_path / "pkpu-2-2024.yaml"
    copy.write_text(text, encoding="utf-8")
    return copy


def test_an_edited_copy_reports_exactly_its_changes(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mid = office.ok(
        "meeting",
        "add",
        "--title",
        "Rakor DPS",
        "--date",
        "20 Agustus 2024",
        "--stage",
        "pengumuman-dps",
        "--status",
        "planned",
    ).stdout.strip()
    copy = _edited_copy(tmp_path)
    dry = office.json("schedule", "import", str(copy), "--dry-run")
    assert dry["dry_run"] is True
    assert office.json("stage", "show", "pkpu-2-2024:coklit")["end"] == "2024-07-24"  # not written
    report = office.json("schedule", "import", str(copy))["schedules"][0]
    assert report["status"] == "updated"
    assert report["added"] == ["penetapan-dpt"]
    assert report["removed"] == ["pengumuman-dps"]
    assert report["changed"] == [{"key": "coklit", "fields": {"end": ["2024-07-24", "2024-07-25"]}}]
    assert report == dry["schedules"][0]
    # the removed stage is soft-deleted: the meeting keeps its link
    assert office.json("meeting", "show", mid)["stages"][0]["ref"] == "pkpu-2-2024:pengumuman-dps"
    text = office.ok("schedule", "import", str(BUNDLED / "pkpu-2-2024.yaml")).stdout
    assert "~ coklit: end 2024-07-25 → 2024-07-24" in text
    assert "+ pengumuman-dps" in text and "- penetapan-dpt" in text
    history = office.json("schedule", "history", "pkpu-2-2024")
    assert [h["status"] for h in history] == ["created", "updated", "updated"]
    assert history[1]["summary"] == {"added": 1, "changed": 1, "removed": 1}


def test_schedule_diff_between_file_and_database(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = _edited_copy(tmp_path)
    d = office.json("schedule", "diff", "pkpu-2-2024", str(copy))
    assert d["added"] == ["penetapan-dpt"] and d["removed"] == ["pengumuman-dps"]
    assert [c["key"] for c in d["changed"]] == ["coklit"]
    out = office.ok("schedule", "diff", "pkpu-2-2024", str(copy)).stdout
    assert "coklit" in out and "2024-07-25" in out and "pengumuman-dps" in out
    assert "unknown schedule" in office.fails("schedule", "diff", "pkpu-9-2099", str(copy)).stderr


GOOD = """\
code: test-1
title: Uji
sources: {A: example.org/a}
stages:
  - key: satu
    name: Satu
    start: 2024-01-01
    end: 2024-01-31
    confidence: news-1
    sources: [A]
"""

BROKEN = {
    "syntax.yaml": ("code: x\ntitle: [unclosed\n", 3, "YAML syntax"),
    "no-title.yaml": (
        "code: x\nstages:\n  - {key: a, name: A, date: 2024-01-01, confidence: official}\n",
        1,
        "title is required",
    ),
    "bad-date.yaml": (
        GOOD.replace("end: 2024-01-31", "end: 31 Januari"),
        8,
        "is not a YYYY-MM-DD date",
    ),
    "end-before-start.yaml": (
        GOOD.replace("end: 2024-01-31", "end: 2023-12-31"),
        8,
        "ends 2023-12-31 before it starts",
    ),
    "bad-confidence.yaml": (GOOD.replace("news-1", "rumour"), 9, "unknown confidence 'rumour'"),
    "duplicate-key.yaml": (
        GOOD + "  - {key: satu, name: Lagi, date: 2024-01-05, confidence: official}\n",
        11,
        "duplicate key 'satu'",
    ),
    "child-outside.yaml": (
        GOOD
        + "    stages:\n      - {key: dua, name: Dua, date: 2024-02-05, confidence: official}\n",
        12,
        "outside its parent",
    ),
    "unknown-source.yaml": (
        GOOD.replace("sources: [A]", "sources: [B]"),
        10,
        "source 'B' is not listed",
    ),
    "unknown-field.yaml": (
        GOOD.replace("    confidence: news-1", "    confidense: news-1"),
        9,
        "unknown stage field 'confidense'",
    ),
    "no-dates.yaml": (
        GOOD + "  - {key: dua, name: Dua, confidence: official}\n",
        11,
        "needs dates, a rule",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_give_file_line_errors_and_write_nothing(
    office, tmp_path: Path, name: str
) -> None:  # type: ignore[no-untyped-def]
    text, line, message = BROKEN[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    err = office.fails("schedule", "import", str(path)).stderr
    assert f"{path}:{line}: " in err, err
    assert message in err, err


def test_all_problems_of_all_files_are_reported_together(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ["bad-date.yaml", "bad-confidence.yaml"]:
        (tmp_path / name).write_text(BROKEN[name][0], encoding="utf-8")
    (tmp_path / "good.yaml").write_text(GOOD.replace("test-1", "test-2"), encoding="utf-8")
    err = office.fails("schedule", "import", str(tmp_path)).stderr
    assert err.count("error: ") == 2
    assert "test-2" not in [s["code"] for s in office.json("schedule", "list")]


def test_import_from_stdin(office) -> None:  # type: ignore[no-untyped-def]
    out = office.json("schedule", "import", "-", input=GOOD)
    assert out["schedules"][0]["code"] == "test-1"


@pytest.mark.parametrize("width", [80, 160])
def test_timeline_fits_the_width(office, width: int) -> None:  # type: ignore[no-untyped-def]
    out = office.ok("schedule", "timeline", "pkpu-2-2024", "--width", str(width)).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert any("Coklit oleh Pantarlih" in line for line in lines)
    assert "▼" in out  # voting day
    assert "│" in out  # today (2024-07-08) is inside the schedule


def test_timeline_svg_and_html(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    office.ok(
        "schedule",
        "timeline",
        "pkpu-3-2022",
        "--depth",
        "0",
        "--svg",
        str(svg),
        "--html",
        str(html),
        "--from",
        "1 Januari 2024",
        "--to",
        "31 Maret 2024",
    )
    assert svg.read_text(encoding="utf-8").startswith("<svg")
    assert "Masa kampanye" in html.read_text(encoding="utf-8")


def test_meeting_links_coklit_by_name_to_the_schedule_covering_its_date(office) -> None:  # type: ignore[no-untyped-def]
    m2024 = office.json(
        "meeting",
        "add",
        "--title",
        "Rakor",
        "--date",
        "Jumat-Sabtu 5-6 Juli 2024",
        "--stage",
        "coklit",
    )
    assert [s["ref"] for s in m2024["stages"]] == ["pkpu-2-2024:coklit"]
    m2023 = office.json(
        "meeting", "add", "--title", "Kunjungan", "--date", "Senin (13/2/2023)", "--stage", "coklit"
    )
    assert [s["ref"] for s in m2023["stages"]] == ["pkpu-3-2022:coklit"]
    err = office.fails(
        "meeting", "add", "--title", "x", "--date", "1 Januari 2026", "--stage", "coklit"
    ).stderr
    assert "ambiguous" in err and "pkpu-2-2024:coklit" in err and "pkpu-3-2022:coklit" in err
    listed = office.json("meeting", "list", "--stage", "pkpu-2-2024:coklit")
    assert [m["id"] for m in listed] == [m2024["id"]]


def test_stage_progress_and_show(office) -> None:  # type: ignore[no-untyped-def]
    mid = office.ok(
        "meeting",
        "add",
        "--title",
        "Coffee morning",
        "--date",
        "Jumat, (04/10/24)",
        "--status",
        "planned",
    ).stdout.strip()
    office.ok(
        "stage",
        "progress",
        "Pelaksanaan kampanye",
        "80%",
        "--note",
        "menunggu atribut paslon gubernur",
        "--meeting",
        mid,
    )
    rec = office.json("stage", "show", "pkpu-2-2024:kampanye")
    assert rec["progress"][0]["percent"] == 80 and rec["progress"][0]["reported_on"] == "2024-10-04"
    assert [m["id"] for m in rec["meetings"]] == [mid]  # reporting progress links the meeting
    assert (
        "between 0 and 100" in office.fails("stage", "progress", "kampanye", "120", code=2).stderr
    )
    assert "not a number" in office.fails("stage", "progress", "kampanye", "banyak", code=2).stderr
    assert "unknown stage" in office.fails("stage", "progress", "zzzz", "5").stderr


def test_removed_stage_ids_are_deterministic(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kpukoord.schedules import stage_id

    conn = sqlite3.connect(office.db)
    sid = conn.execute(
        "SELECT s.id FROM stage s JOIN schedule c ON c.id = s.schedule_id "
        "WHERE c.code = 'pkpu-2-2024' AND s.key = 'coklit'"
    ).fetchone()[0]
    assert sid == stage_id("pkpu-2-2024", "coklit")
    assert len(sid) == 26


def test_bundled_files_satisfy_the_published_json_schema() -> None:
    import datetime as dt
    import json

    import jsonschema
    import yaml

    schema = json.loads((BUNDLED / "schedule.schema.json").read_text(encoding="utf-8"))

    def plain(value: object) -> object:  # YAML dates -> the ISO strings the schema expects
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    for path in sorted(BUNDLED.glob("*.yaml")):
        jsonschema.validate(plain(yaml.safe_load(path.read_text(encoding="utf-8"))), schema)
