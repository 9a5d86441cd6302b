"""The weekly report tells the whole week; every list reads well at 80 and 120 columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Cli, from_template, init_office


@pytest.fixture(autouse=True)
def _indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """These reports are read in Indonesian: the language users have by default."""
    monkeypatch.setenv("KPUKOORD_LANG", "id")


GOLDEN = Path(__file__).resolve().parent / "golden"

# Realistic long names and titles, as Indonesian news reports write them.
KESBANG = "Badan Kesatuan Bangsa dan Politik Kabupaten Luwu Utara"
TITLES = [
    "Rapat Koordinasi Persiapan Pembentukan Badan Ad Hoc PPK dan PPS Pemilu Tahun 2024 Se-Kabupaten",
    "Supervisi dan Monitoring Pelaksanaan Pencocokan dan Penelitian Data Pemilih oleh Pantarlih",
    "Kunjungan Kerja Kepala Badan Kesatuan Bangsa dan Politik ke Kantor KPU Kabupaten Luwu Utara",
]


@pytest.fixture
def week(office: Cli, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A past week (2023-W47: 20-26 November 2023) with meetings on Monday, Wednesday and
    Sunday, one the Tuesday after it, and follow-ups with and without a due date."""
    return from_template(tmp_path_factory, "week", office, _build_week)


def _build_week(office: Cli) -> None:
    init_office(office)
    office.ok("agency", "add", KESBANG, "--alias", "Kesbangpol Lutra", "--kind", "kesbangpol")
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung", "--alias", "Bawaslu Sijunjung")
    office.ok("meeting", "add", "--title", TITLES[0], "--date", "Senin (20/11/2023)",
              "--attendee", "Bawaslu Sijunjung",
              "--action", "Rekrutmen PPS; owner=KPU Sijunjung")  # fmt: skip
    office.ok("meeting", "add", "--title", TITLES[1], "--date", "Rabu, 22 November 2023",
              "--kind", "supervisi", "--venue", "Kecamatan Kamang Baru",
              "--action", "Laporan coklit; owner=KPU Sijunjung; due=24/11/2023")  # fmt: skip
    office.ok("meeting", "add", "--title", "Rapat pleno rekapitulasi DPS", "--date",
              "Minggu 26/11/2023", "--kind", "pleno",
              "--decision", "DPS ditetapkan")  # fmt: skip
    office.ok("meeting", "add", "--title", "Kunjungan Kesbangpol", "--date", "28/11/2023",
              "--kind", "kunjungan", "--attendee", "Kesbangpol Lutra")  # fmt: skip


def test_a_past_week_lists_every_meeting_held_in_it(week: Cli) -> None:
    text = week.ok("report", "weekly", "--week", "2023-W47", "--format", "text").stdout
    assert "Per Minggu, 26 November 2023" in text
    this_week = text.split("_Minggu ini_")[1].split("\n\n")[0]
    for title in (TITLES[0], TITLES[1], "Rapat pleno rekapitulasi DPS"):
        assert title in this_week
    assert "Kunjungan Kesbangpol" in text.split("_Terjadwal_")[1]
    golden = GOLDEN / "weekly-2023-W47.id.txt"
    assert text == golden.read_text(encoding="utf-8")


def test_inside_the_current_week_the_report_is_as_of_today(week: Cli) -> None:
    data = week.json_report = __import__("json").loads(
        week.ok(
            "report", "weekly", "--week", "2023-W47", "--format", "json", today="2023-11-22"
        ).stdout
    )
    assert data["as_of"] == "2023-11-22"
    assert [m["title"] for m in data["meetings"]["past"]] == TITLES[:2]


def test_open_follow_ups_without_a_due_date_are_in_the_report(week: Cli) -> None:
    import json

    data = json.loads(week.ok("report", "weekly", "--week", "2023-W47", "--format", "json").stdout)
    undated = data["actions"]["undated"]
    assert [a["text"] for a in undated] == ["Rekrutmen PPS"]
    assert undated[0]["since"] == "2023-11-20" and undated[0]["days_open"] == 6
    assert data["actions"]["totals"]["undated"] == 1
    text = week.ok("report", "weekly", "--week", "2023-W47", "--format", "text").stdout
    assert "_Tanpa tenggat_" in text and "terbuka sejak 20 Nov 2023, 6 hari lalu" in text


def test_the_whatsapp_text_speaks_to_people(demo: Cli) -> None:
    text = demo.ok("report", "weekly", "--as-of", "5/7/2024", "--format", "text").stdout
    assert not re.search(r"\(pkpu-|\(psu-|\(pilkada-ulang", text)  # no schedule codes
    assert "(rakor)" not in text  # the title says it already
    assert "0 hari lalu" not in text and "(hari ini)" in text
    assert "(Pilkada 2024)" in text


def test_countdowns_follow_the_office_region(cli: Cli, tmp_path: Path) -> None:
    # the demo office is KPU Kabupaten Sijunjung (13.03): Sumatera Barat's PSU, not Bangka's
    text = cli.ok("--db", str(tmp_path / "demo.db"), "demo", "--format", "text").stdout
    assert "PSU DPD Sumatera Barat" in text and "Bangka" not in text


def test_coverage_lists_every_agency_not_met(week: Cli) -> None:
    import json

    data = json.loads(week.ok("report", "weekly", "--as-of", "30/11/2023", "--format",
                              "json", "--stale", "5").stdout)  # fmt: skip
    cov = {c["kind"]: c for c in data["coverage"]}
    assert cov["kesbangpol"]["stale_total"] == 0  # met on 28 November
    assert [a["name"] for a in cov["bawaslu"]["stale"]] == ["Bawaslu Kabupaten Sijunjung"]
    assert cov["bawaslu"]["stale"][0]["days_since"] == 10


# ---------------------------------------------------------------------------
# Lists at 80 and 120 columns


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _run(cli: Cli, width: int, *args: str) -> str:
    return cli.terminal(*args, width=width)


@pytest.fixture
def many(week: Cli, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    return from_template(tmp_path_factory, "many", week, _build_many)


def _build_many(week: Cli) -> None:
    _build_week(week)
    for i in range(60):
        week.ok("meeting", "add", "--title", f"{TITLES[i % 3]} tahap {i}",
                "--date", f"{1 + i % 28}/10/2023", "--attendee", "Kesbangpol Lutra",
                "--action", f"Tindak lanjut nomor {i} untuk {KESBANG}; owner=Kesbangpol Lutra;"
                f" due={1 + i % 28}/12/2023")  # fmt: skip


LISTS = [
    ["meeting", "list", "--limit", "200"],
    ["action", "list", "--all", "--limit", "0"],
    ["agency", "list"],
    ["stage", "list", "--active-on", "1/12/2023"],
    ["search", "koordinasi", "--limit", "60"],
    ["schedule", "list"],
]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", LISTS, ids=lambda a: " ".join(a[:2]))
def test_lists_fit_the_terminal_without_splitting_words_or_ids(
    many: Cli, width: int, args: list[str]
) -> None:
    out = _run(many, width, *args)
    data = many.json(*args)
    if isinstance(data, dict):
        data = next(v for v in data.values() if isinstance(v, list))
    words: set[str] = set()
    for rec in data:
        for value in rec.values():
            if isinstance(value, str):
                words.update(value.split())
    lines = [line for line in out.splitlines() if line.strip()]
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    body = [line for line in lines[3:] if not set(line.strip()) <= set("─━ ")]
    assert len(body) >= min(len(data), 60) * 1  # one line per row
    ids = [rec["id"][:12] for rec in data if "id" in rec] if " id " in f" {lines[1]} " else []
    for ident in ids:
        assert ident in out  # ids whole, never wrapped
    for token in " ".join(lines[3:]).split():
        token = token.rstrip("…")
        if not token or not re.search(r"\w", token):
            continue
        # every word shown is a whole word of some value (or a date/number shown by the view)
        assert token in words or re.fullmatch(r"[\d.,–:%−-]+|[A-Z][a-z]{2}|\w{1,12}", token), token


def test_piped_lists_are_plain_aligned_text(many: Cli) -> None:
    for args in LISTS:
        out = many.ok(*args).stdout
        assert not set(out) & set("─━│┃╭╮╰╯┏┓┗┛"), args
        assert all(line == line.rstrip() for line in out.splitlines()), args
        if args[0] != "search":  # (search snippets are excerpts by nature)
            assert "…" not in out.replace("… –", ""), args  # nothing cut (an open start: "… –")


def test_host_column_is_left_out_when_it_says_nothing(week: Cli) -> None:
    out = _run(week, 120, "meeting", "list")
    assert "host" not in out.splitlines()[1]
