"""Official timetables: validated, idempotent import, diffs, views and stage links."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import dump
from kpukoord.errors import KpuError

BUNDLED = Path(__file__).resolve().parent.parent / "schedules"


def test_bundled_timetables_import_and_reimport_unchanged(cli) -> None:  # type: ignore[no-untyped-def]
    cli.ok("init", "--no-schedules")  # only init creates a database
    first = cli.json("schedule", "import", str(BUNDLED))
    codes = {s["code"]: s["status"] for s in first["schedules"]}
    assert codes == {
        "pkpu-3-2022": "created",
        "pkpu-2-2024": "created",
        "psu-dpd-sumbar-2024": "created",
        "pilkada-ulang-bangka-pangkalpinang-2025": "created",
        "psu-pasaman-2025": "created",
        "psu-barito-utara-2025": "created",
        "pdpb-pkpu-1-2025": "created",
        "sipol-berkelanjutan": "created",
        "pemilu-2029": "created",
    }
    before = dump(cli.db)
    again = cli.json("schedule", "import", str(BUNDLED))
    assert {s["status"] for s in again["schedules"]} == {"unchanged"}
    assert all(not (s["added"] or s["changed"] or s["removed"]) for s in again["schedules"])
    assert dump(cli.db) == before  # nothing written at all
    assert "unchanged" in cli.ok("schedule", "import", str(BUNDLED)).stdout


def test_every_bundled_stage_carries_confidence_and_real_sources(cli) -> None:  # type: ignore[no-untyped-def]
    cli.ok("init", "--no-schedules")  # only init creates a database
    cli.ok("schedule", "import", str(BUNDLED))
    rec = cli.json("schedule", "show", "pkpu-2-2024")
    assert rec["voting_day"] == "2024-11-27" and rec["signed"] == "2024-01-26"
    by_key = {s["key"]: s for s in rec["stages"]}
    assert (by_key["coklit"]["start"], by_key["coklit"]["end"]) == ("2024-06-24", "2024-07-24")
    assert by_key["coklit"]["sources"] == ["T7", "T16"]
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
            # only a stage marked recalled may lack a source; news-2 needs two
            assert s["sources"] or s["confidence"] == "recalled", s["key"]
            assert set(s["sources"]) <= set(rec["sources"]), s["key"]
            assert len(s["sources"]) >= 2 or s["confidence"] != "news-2", s["key"]


def test_init_imports_the_bundled_timetables(office) -> None:  # type: ignore[no-untyped-def]
    assert len(office.json("schedule", "list")) == 9
    again = office.ok("init").stdout
    assert again.count(": unchanged") == 9


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
    history = office.json("schedule", "history", "pkpu-2-2024")["imports"]
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
    "news-2-one-source.yaml": (
        GOOD.replace("news-1", "news-2"),
        9,
        "stage 'satu': confidence news-2 needs two or more sources, 1 listed",
    ),
    "unknown-region.yaml": (
        GOOD.replace("title: Uji\n", "title: Uji\nregions: ['73.92']\n"),
        3,
        "unknown region code '73.92'; nearest: 73.72 Kota Parepare",
    ),
    "amended-without-why.yaml": (
        GOOD + "    amended:\n      - {date: 2024-01-02, sources: [A]}\n",
        12,
        "amended: by is required",
    ),
    "amended-unknown-source.yaml": (
        GOOD + "    amended:\n      - date: 2024-01-02\n        by: Keputusan KPU\n"
        "        sources: [Z]\n",
        14,
        "amended: source 'Z' is not listed",
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
    from kpukoord.timetables.schedules import stage_id

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


# ---------------------------------------------------------------------------
# Issue 12: corrected data, amendments, regions, regulations

OLD = Path(__file__).resolve().parent / "fixtures" / "schedules-old"


def _stages(cli, code: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {s["key"]: s for s in cli.json("schedule", "show", code)["stages"]}


def test_corrected_badan_adhoc_stages_import_with_their_sources(office) -> None:  # type: ignore[no-untyped-def]
    pemilu = _stages(office, "pkpu-3-2022")
    # PPS: registration extended to 30 Dec 2022, sworn in 24 Jan 2023 (not 17 Jan)
    pps = pemilu["pembentukan-pps"]
    assert (pps["start"], pps["end"], pps["confidence"]) == ("2022-12-18", "2023-01-24", "news-2")
    assert pps["amended"][0]["start"] == "2022-12-18" and pps["amended"][0]["end"] == "2023-01-16"
    sworn = pemilu["pelantikan-pps"]
    assert (sworn["start"], sworn["end"]) == ("2023-01-24", "2023-01-24")
    assert [(a["start"], a["end"]) for a in sworn["amended"]] == [("2023-01-17", "2023-01-17")]
    assert sworn["sources"] == ["S27", "S28", "S29"]
    assert pemilu["perpanjangan-pendaftaran-pps"]["start"] == "2022-12-30"
    # KPPS (Keputusan KPU 1669/2023): registration 11–20 Dec 2023 … sworn in 25 Jan 2024
    kpps = pemilu["pembentukan-kpps"]
    assert (kpps["start"], kpps["end"], kpps["levels"]) == ("2023-12-11", "2024-01-25", ["kpps"])
    assert (kpps["amended"][0]["start"], kpps["amended"][0]["end"]) == ("2024-01-05", "2024-01-23")
    assert "1669/2023" in kpps["amended"][0]["by"]
    expected = {
        "pendaftaran-kpps": ("2023-12-11", "2023-12-20"),
        "penelitian-administrasi-kpps": ("2023-12-11", "2023-12-22"),
        "hasil-seleksi-kpps": ("2023-12-29", "2023-12-30"),
        "penetapan-kpps": ("2024-01-24", "2024-01-24"),
        "pelantikan-kpps": ("2024-01-25", "2024-01-25"),
        "masa-kerja-kpps": ("2024-01-25", "2024-02-25"),
    }
    for key, dates in expected.items():
        assert (pemilu[key]["start"], pemilu[key]["end"]) == dates, key
        assert pemilu[key]["sources"] == ["S32", "S33"], key


def test_added_stages_import_with_their_sources(office) -> None:  # type: ignore[no-untyped-def]
    pemilu = _stages(office, "pkpu-3-2022")
    pilkada = _stages(office, "pkpu-2-2024")
    added = {
        ("pkpu-3-2022", "pelantikan-ppk"): ("2023-01-04", "2023-01-04", ["S34", "S35"], "news-2"),
        ("pkpu-3-2022", "pembentukan-pantarlih"): ("2023-01-22", "2023-02-01", ["S25"], "official"),
        ("pkpu-3-2022", "pelantikan-pantarlih"): ("2023-01-26", "2023-01-31", ["S28"], "news-1"),
        ("pkpu-3-2022", "tanggapan-dps"): ("2023-04-25", "2023-04-25", ["S36"], "news-1"),
        ("pkpu-3-2022", "rekap-dpt-nasional"): ("2023-07-02", "2023-07-02", ["S16"], "news-1"),
        ("pkpu-3-2022", "penetapan-dcs"): ("2023-08-18", "2023-08-18", ["S37"], "news-1"),
        ("pkpu-3-2022", "tanggapan-dcs"): ("2023-08-19", "2023-08-28", ["S37"], "news-1"),
        ("pkpu-3-2022", "pengundian-nomor-urut-capres"): (
            "2023-11-14",
            "2023-11-14",
            ["S21"],
            "news-1",
        ),
        ("pkpu-3-2022", "rapat-umum"): ("2024-01-21", "2024-02-10", ["S38"], "news-1"),
        ("pkpu-3-2022", "rekap-luar-negeri"): ("2024-02-15", "2024-02-22", ["S41"], "news-1"),
        ("pkpu-2-2024", "pengumuman-ppk"): ("2024-04-23", "2024-04-27", ["T27"], "news-1"),
        ("pkpu-2-2024", "pelantikan-ppk"): ("2024-05-16", "2024-05-16", ["T27"], "news-1"),
        ("pkpu-2-2024", "pengumuman-pps"): ("2024-05-02", "2024-05-06", ["T27", "T30"], "news-2"),
        ("pkpu-2-2024", "pendaftaran-kpps"): ("2024-09-17", "2024-09-28", ["T26", "T24"], "news-2"),
        ("pkpu-2-2024", "pelantikan-kpps"): ("2024-11-07", "2024-11-07", ["T24", "T25"], "news-2"),
        ("pkpu-2-2024", "penyerahan-pps-ppk"): (
            "2024-11-28",
            "2024-11-30",
            ["T20", "T29"],
            "news-2",
        ),
        ("pkpu-2-2024", "pengumuman-hasil-kabkota"): (
            "2024-11-29",
            "2024-12-12",
            ["T28"],
            "news-1",
        ),
        ("pkpu-2-2024", "pengumuman-hasil-provinsi"): (
            "2024-11-30",
            "2024-12-15",
            ["T28"],
            "news-1",
        ),
    }
    by_code = {"pkpu-3-2022": pemilu, "pkpu-2-2024": pilkada}
    for (code, key), (start, end, sources, conf) in added.items():
        s = by_code[code][key]
        assert (s["start"], s["end"], s["sources"], s["confidence"]) == (start, end, sources, conf)
    # the PPS notice's end is now sourced (issue 25); the KPPS day beyond the stage says why
    assert pilkada["pelantikan-pps"]["start"] == "2024-05-26"
    assert pilkada["pembentukan-badan-adhoc"]["levels"] == ["ppk", "pps", "kpps"]
    assert pilkada["pelantikan-kpps"]["levels"] == ["kpps"]
    assert "475/2024" in pilkada["pelantikan-kpps"]["note"]
    # second sources raise marks; a single source lowers them
    assert pilkada["pengumuman-dps"]["confidence"] == "news-2"
    assert pilkada["pengumuman-dps"]["sources"] == ["T9", "T17"]
    assert pemilu["rekap-ppk"]["confidence"] == "news-2"
    assert pilkada["kampanye"]["confidence"] == "news-2"  # T3 and indojpnn (issue 25)
    assert pilkada["kampanye"]["sources"] == ["T3", "T32"]
    assert pemilu["sumpah-dprd"]["confidence"] == "news-1"


def test_kpps_stages_are_on_for_the_days_the_sources_give(office) -> None:  # type: ignore[no-untyped-def]
    dec = office.json("stage", "list", "--active-on", "2023-12-15")
    assert ("pkpu-3-2022", "pendaftaran-kpps") in {(i["schedule"], i["key"]) for i in dec}
    jan = office.json("stage", "list", "--active-on", "2024-01-25")
    keys = {(i["schedule"], i["key"]) for i in jan}
    assert ("pkpu-3-2022", "pelantikan-kpps") in keys
    assert ("pkpu-3-2022", "masa-kerja-kpps") in keys
    text = office.ok("stage", "list", "--active-on", "25 Januari 2024").stdout
    assert any(line.split()[:2] == ["pkpu-3-2022", "pelantikan-kpps"] for line in text.splitlines())


def _old_files_with_marks_fixed(tmp_path: Path) -> Path:
    """The schedules as they were before issue 12, with only what the new import rule
    requires changed: a news-2 mark with one source is lowered to news-1."""
    out = tmp_path / "old"
    out.mkdir()
    for path in OLD.glob("*.yaml"):
        text = re.sub(
            r"confidence: news-2\n(\s+)sources: \[(\w+)\]\n",
            r"confidence: news-1\n\1sources: [\2]\n",
            path.read_text(encoding="utf-8"),
        )
        (out / path.name).write_text(text, encoding="utf-8")
    return out


def test_the_old_files_are_refused_for_news_2_marks_with_one_source(office) -> None:  # type: ignore[no-untyped-def]
    err = office.fails("schedule", "import", str(OLD)).stderr
    lines = err.splitlines()
    assert len(lines) == 32  # the 32 stages the second check found
    assert all("confidence news-2 needs two or more sources, 1 listed" in line for line in lines)
    assert f"{OLD / 'pkpu-2-2024.yaml'}:83: stage 'coklit'" in err


def test_reimporting_the_old_files_reports_exactly_the_moved_dates(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = _old_files_with_marks_fixed(tmp_path)
    report = {s["code"]: s for s in office.json("schedule", "import", str(old))["schedules"]}
    moved = {
        (code, c["key"], field, tuple(c["fields"][field]))
        for code, r in report.items()
        for c in r["changed"]
        for field in ("start", "end")
        if field in c["fields"]
    }
    assert moved == {
        ("pkpu-3-2022", "pembentukan-pps", "end", ("2023-01-24", "2023-01-16")),
        ("pkpu-3-2022", "pembentukan-kpps", "start", ("2023-12-11", "2024-01-05")),
        ("pkpu-3-2022", "pembentukan-kpps", "end", ("2024-01-25", "2024-01-23")),
    }
    # the stages added since are what the old files lack
    assert "pelantikan-pps" in report["pkpu-3-2022"]["removed"]
    assert "pelantikan-kpps" in report["pkpu-2-2024"]["removed"]
    assert report["psu-dpd-sumbar-2024"]["schedule_changed"]["regions"] == ['["13"]', '["all"]']
    text = office.ok("schedule", "import", str(BUNDLED)).stdout
    assert "~ pembentukan-pps: end 2023-01-16 → 2023-01-24" in text


def test_history_and_stage_show_tell_what_moved_and_why(office) -> None:  # type: ignore[no-untyped-def]
    hist = office.json("schedule", "history", "pkpu-3-2022")
    assert [h["status"] for h in hist["imports"]] == ["created"]
    moved = {a["key"]: a for a in hist["amendments"]}
    assert set(moved) == {"pembentukan-pps", "pelantikan-pps", "pembentukan-kpps"}
    assert moved["pelantikan-pps"]["was"] == ["2023-01-17", "2023-01-17"]
    assert moved["pelantikan-pps"]["now"] == ["2023-01-24", "2023-01-24"]
    assert moved["pelantikan-pps"]["sources"] == ["S30", "S31", "S27"]
    text = office.ok("schedule", "history", "pkpu-3-2022").stdout
    assert "Dates changed in pkpu-3-2022" in text
    assert "17 Jan 2023" in text and "24 Jan 2023" in text  # was, now
    shown = office.json("stage", "show", "pkpu-3-2022:pelantikan-pps")
    assert shown["start"] == "2023-01-24"  # the current date
    assert "30 Desember 2022" in shown["amended"][0]["by"]
    text = office.ok("stage", "show", "pkpu-3-2022:pelantikan-pps").stdout
    assert "Earlier dates" in text and "17 Jan 2023" in text and "24 Jan 2023" in text


def test_timeline_draws_the_current_dates(office) -> None:  # type: ignore[no-untyped-def]
    out = office.ok(
        "schedule",
        "timeline",
        "pkpu-3-2022",
        "--from",
        "20 Januari 2023",
        "--to",
        "31 Januari 2023",
        "--width",
        "160",
    ).stdout
    assert "Pelantikan PPS" in out
    # only stages overlapping the window: the old swearing-in day (17 Jan) is not drawn
    out = office.ok(
        "schedule",
        "timeline",
        "pkpu-3-2022",
        "--from",
        "17 Januari 2023",
        "--to",
        "17 Januari 2023",
        "--width",
        "160",
    ).stdout
    assert "Pelantikan PPS" not in out


def _init(cli, office: str, region: str | None) -> None:  # type: ignore[no-untyped-def]
    cli.ok("init", "--office", office, *(["--region", region] if region else []))


def test_an_office_in_sulawesi_selatan_sees_no_other_regions_countdown(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli, "KPU Kabupaten Luwu Utara", "73.22")
    rep = cli.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "json")
    data = json.loads(rep.stdout)
    assert [c["schedule"] for c in data["countdowns"]] == ["pkpu-2-2024"]
    shown = [s["schedule"] for part in data["stages"].values() for s in part]
    assert "psu-dpd-sumbar-2024" not in shown and "pkpu-2-2024" in shown
    assert "hint" not in rep.stderr  # the office has a region
    text = cli.ok(
        "report", "weekly", "--as-of", "2024-07-05", "--format", "text", "--lang", "id"
    ).stdout
    assert "Sumatera Barat" not in text and "Bangka" not in text
    assert "H-145 pemungutan suara Pilkada 2024" in text
    # --all-regions shows everything again
    every = json.loads(
        cli.ok(
            "report", "weekly", "--as-of", "2024-07-05", "--format", "json", "--all-regions"
        ).stdout
    )
    assert [c["schedule"] for c in every["countdowns"]] == [
        "psu-dpd-sumbar-2024",
        "pkpu-2-2024",
        "psu-pasaman-2025",
        "psu-barito-utara-2025",
        "pilkada-ulang-bangka-pangkalpinang-2025",
    ]
    # stage list and the calendar follow the same rule
    day = ["stage", "list", "--active-on", "13 Juli 2024"]
    assert "psu-dpd-sumbar-2024" not in {i["schedule"] for i in cli.json(*day)}
    assert "psu-dpd-sumbar-2024" in {i["schedule"] for i in cli.json(*day, "--all-regions")}
    assert cli.json(*day, "--schedule", "psu-dpd-sumbar-2024")  # asked for by name
    ics = cli.ok("export", "ics", "--stages").stdout
    assert "psu-dpd-sumbar-2024" not in ics and "pkpu-2-2024" in ics
    assert "psu-dpd-sumbar-2024" in cli.ok("export", "ics", "--stages", "--all-regions").stdout
    named = cli.ok("export", "ics", "--stages", "--schedule", "psu-dpd-sumbar-2024").stdout
    assert named.count("BEGIN:VEVENT") == 2


def test_an_office_in_kabupaten_bangka_sees_its_pilkada_ulang(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli, "KPU Kabupaten Bangka", "19.01")
    data = json.loads(
        cli.ok("report", "weekly", "--as-of", "2025-07-28", "--format", "json").stdout
    )
    assert [c["schedule"] for c in data["countdowns"]] == [
        "pilkada-ulang-bangka-pangkalpinang-2025"
    ]
    assert data["countdowns"][0]["days"] == 30
    active = {(s["schedule"], s["key"]) for s in data["stages"]["active"]}
    assert ("pilkada-ulang-bangka-pangkalpinang-2025", "kampanye") in active
    keys = {i["schedule"] for i in cli.json("stage", "list", "--active-on", "13 Juli 2024")}
    assert "psu-dpd-sumbar-2024" not in keys


def test_a_provincial_office_sees_the_schedules_of_its_kabupaten(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli, "KPU Provinsi Kepulauan Bangka Belitung", "19")
    data = json.loads(
        cli.ok("report", "weekly", "--as-of", "2025-07-28", "--format", "json").stdout
    )
    assert [c["schedule"] for c in data["countdowns"]] == [
        "pilkada-ulang-bangka-pangkalpinang-2025"
    ]


def test_an_office_without_a_region_sees_everything_and_a_hint(office) -> None:  # type: ignore[no-untyped-def]
    rep = office.ok("report", "weekly", "--as-of", "2024-07-05", "--format", "json")
    assert len(json.loads(rep.stdout)["countdowns"]) == 5  # + PSU Pasaman, Barito Utara
    hints = [line for line in rep.stderr.splitlines() if line]
    assert len(hints) == 1 and hints[0].startswith("hint: this office has no region")
    assert "init --region" in office.ok("stage", "list").stderr
    assert "hint" not in office.ok("stage", "list", "--all-regions").stderr


def test_stage_links_resolve_among_the_schedules_of_the_hosts_region(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli, "KPU Kabupaten Luwu Utara", "73.22")
    cli.ok(
        "agency", "add", "KPU Provinsi Sumatera Barat", "--alias", "KPU Sumbar", "--region", "13"
    )
    # hosted in Sumatera Barat on its PSU day: the PSU's voting day
    sumbar = cli.json(
        "meeting",
        "add",
        "--title",
        "Pemantauan PSU",
        "--date",
        "13 Juli 2024",
        "--host",
        "KPU Sumbar",
        "--stage",
        "pemungutan-suara",
    )
    assert [s["ref"] for s in sumbar["stages"]] == ["psu-dpd-sumbar-2024:pemungutan-suara"]
    # hosted by the office in Luwu Utara: the PSU does not apply, the two that do are listed
    err = cli.fails(
        "meeting",
        "add",
        "--title",
        "Rakor",
        "--date",
        "13 Juli 2024",
        "--stage",
        "pemungutan-suara",
    ).stderr
    assert "ambiguous" in err and "psu-dpd-sumbar-2024" not in err
    assert "pkpu-2-2024:pemungutan-suara" in err and "pkpu-3-2022:pemungutan-suara" in err
    # a stage only in another region's schedule is refused with where it is
    err = cli.fails(
        "meeting", "add", "--title", "Rakor", "--date", "10 Juni 2024", "--stage", "putusan-mk"
    ).stderr
    assert "do not apply to this region: psu-dpd-sumbar-2024:putusan-mk" in err
    # CODE:KEY is taken as written
    ok = cli.json(
        "meeting",
        "add",
        "--title",
        "Rakor",
        "--date",
        "10 Juni 2024",
        "--stage",
        "psu-dpd-sumbar-2024:putusan-mk",
    )
    assert [s["ref"] for s in ok["stages"]] == ["psu-dpd-sumbar-2024:putusan-mk"]


def test_meeting_list_by_stage_key_finds_the_coklit_of_both_elections(office) -> None:  # type: ignore[no-untyped-def]
    m2024 = office.json(
        "meeting", "add", "--title", "Rakor", "--date", "5 Juli 2024", "--stage", "coklit"
    )["id"]
    m2023 = office.json(
        "meeting", "add", "--title", "Kunjungan", "--date", "13/2/2023", "--stage", "coklit"
    )["id"]
    office.ok("meeting", "add", "--title", "Lain", "--date", "6 Juli 2024")
    listed = [m["id"] for m in office.json("meeting", "list", "--stage", "coklit")]
    assert sorted(listed) == sorted([m2024, m2023])
    one = [m["id"] for m in office.json("meeting", "list", "--stage", "pkpu-3-2022:coklit")]
    assert one == [m2023]
    assert "unknown stage" in office.fails("meeting", "list", "--stage", "zzzz").stderr


def test_regulations_are_looked_up_however_they_are_written() -> None:
    from kpukoord.timetables import regulations

    for text in [
        "PKPU 7/2022",
        "PKPU No. 7 Tahun 2022",
        "pkpu 7/2022",
        "Peraturan KPU Nomor 7 Tahun 2022",
    ]:
        r = regulations.lookup(text)
        assert (r.kind, r.number, r.year, r.ref) == ("PKPU", 7, 2022, "PKPU 7/2022")
        assert r.title is None  # no source seen quotes its title
    assert regulations.lookup("PKPU 3/2022").title == (
        "Tahapan dan Jadwal Penyelenggaraan Pemilihan Umum Tahun 2024"
    )
    assert (
        regulations.lookup("Keputusan KPU Nomor 1669 Tahun 2023").ref == "Keputusan KPU 1669/2023"
    )
    unknown = regulations.lookup("PKPU 12/2029")  # valid citation, nothing bundled
    assert (unknown.number, unknown.year, unknown.title) == (12, 2029, None)
    for bad in ["PKPU", "PKPU 7", "PPK 3/2022", "7/2022"]:
        with pytest.raises(KpuError):
            regulations.lookup(bad)


def test_every_regulation_title_matches_the_bundled_timetable() -> None:
    import yaml

    from kpukoord.timetables import regulations

    for path in BUNDLED.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if str(data.get("regulation", "")).startswith("PKPU"):
            assert regulations.lookup(data["regulation"]).title == data["title"], path.name
    assert all(r.subject for r in regulations.known())


@given(
    kind=st.sampled_from(["PKPU", "pkpu", "Peraturan KPU", "PERATURAN KOMISI PEMILIHAN UMUM"]),
    number=st.integers(min_value=1, max_value=99999),
    year=st.integers(min_value=1999, max_value=2099),
    form=st.sampled_from(
        ["{k} {n}/{y}", "{k} No. {n} Tahun {y}", "{k} Nomor {n} tahun {y}", "{k}{n}/{y}"]
    ),
)
def test_any_spelling_of_a_pkpu_citation_gives_its_number_and_year(
    kind: str, number: int, year: int, form: str
) -> None:
    from kpukoord.timetables import regulations

    r = regulations.lookup(form.format(k=kind, n=number, y=year))
    assert (r.kind, r.number, r.year) == ("PKPU", number, year)


@given(st.text(max_size=40))
def test_any_text_is_a_citation_or_a_clear_error(text: str) -> None:
    from kpukoord.timetables import regulations

    try:
        r = regulations.lookup(text)
    except KpuError as exc:
        assert "is not a regulation citation" in exc.message
    else:
        assert r.number >= 0 and 1900 <= r.year <= 2099
