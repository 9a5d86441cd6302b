"""Bugs a new-user trial found in the views on 7 December 2026 (notes: trial, part A).

Each test renders what the trial user saw, at a terminal of 80 columns where that was
the point, and checks what they missed: a key they need, a word cut, a day miscounted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import Cli
from kpukoord.language.dates import format_span

ANSI = re.compile(r"\x1b\[[0-9;]*m")
TRIAL_DAY = "2026-12-07"


def _terminal(
    cli: Cli, *args: str, width: int = 80, today: str | None = None, lang: str = "en"
) -> str:
    return cli.terminal(*args, width=width, today=today, lang=lang)


def _whole(out: str, piped: str) -> None:
    """Every line fits 80 columns, nothing is cut, every word is one of the piped ones."""
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "…" not in out.replace("… –", "")
    whole = set(piped.split())
    cut = [t for t in out.split() if t not in whole and re.search(r"\w", t)]
    assert not cut, f"words cut at 80 columns: {cut[:10]}"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_stage_list_keeps_the_key_and_the_whole_name_at_80_columns(office: Cli, lang: str) -> None:
    """Trial bug 1: the key column (which `stage show` needs), the days left and the
    source were dropped and the two PDPB names cut alike; the key stays whole now."""
    out = _terminal(office, "stage", "list", today=TRIAL_DAY, lang=lang)
    piped = _terminal(office, "stage", "list", today=TRIAL_DAY, lang=lang, width=300)
    _whole(out, piped)
    words = out.split()
    for key in ("pleno-dpb", "pleno-dpb-provinsi", "penutupan-semester", "pdpb-pkpu-1-2025"):
        assert key in words, out
    official, left = {"en": ("official", "left"), "id": ("resmi", "sisa")}[lang]
    assert official in words and left in words, out
    for item in office.json("stage", "list", today=TRIAL_DAY):
        for word in item["name"].split():
            assert word in words, (word, out)


def test_schedule_list_shows_titles_and_dates_at_80_columns(office: Cli) -> None:
    """Trial bug 3: the 39-cell code of the Bangka re-vote squeezed the titles to a word
    and pushed out the first and last days; the title now wraps under its code."""
    out = _terminal(office, "schedule", "list", today=TRIAL_DAY)
    piped = office.ok("schedule", "list", today=TRIAL_DAY).stdout
    _whole(out, piped)
    flat = " ".join(out.split())
    for s in office.json("schedule", "list", today=TRIAL_DAY):
        assert s["code"] in out.split(), out
        for word in s["title"].split():
            assert word in out.split(), (word, out)
        for day in (s["first_date"], s["last_date"]):
            if day:
                assert format_span(day, None) in flat, (day, out)


ARTICLE_TITLE = (  # the Sijunjung rakor's headline (reference/articles), as drafted
    "Perkuat Koordinasi Bersama Stakeholder, KPU Sijunjung Adakan Rakor Persiapan "
    "Tahapan Pilkada 2024"
)


def test_meeting_tables_wrap_long_titles_at_80_columns(demo: Cli) -> None:
    """Trial bug 4 (seen on the trial's branch, before issue 26's wrapping was merged):
    meeting titles read "Perkuat Koordinasi Bersama…" in `meeting list`, `stage show`
    and `agency show`. Kept here so that the three tables stay whole."""
    demo.ok(
        "meeting", "add", "-t", ARTICLE_TITLE, "-d", "8/7/2024",
        "--attendee", "Bawaslu Kabupaten Sijunjung", "--stage", "pkpu-2-2024:coklit",
    )  # fmt: skip
    for args in (
        ["meeting", "list"],
        ["stage", "show", "pkpu-2-2024:coklit"],
        ["agency", "show", "Bawaslu Kabupaten Sijunjung"],
    ):
        out = _terminal(demo, *args)
        _whole(out, demo.ok(*args).stdout)
        assert all(w in out.split() for w in ARTICLE_TITLE.split()), (args, out)


def test_stage_list_counts_days_to_the_start_of_a_stage_not_begun(office: Cli) -> None:
    """Trial bug 2: on 7 December 2026 the Q4 pleno (4–11 January 2027) read "left 35"
    (days to its end) while `report weekly` said H-28; it reads "in 28 d" now, the
    report's count, and --json's days_left keeps its documented meaning (to the end)."""
    items = {s["key"]: s for s in office.json("stage", "list", today=TRIAL_DAY)}
    pleno = items["pleno-dpb"]
    assert (pleno["start"], pleno["end"], pleno["days_left"]) == ("2027-01-04", "2027-01-11", 35)
    report = office.ok("report", "weekly", today=TRIAL_DAY).stdout
    assert "28 days to " + pleno["name"] in " ".join(report.split()), report  # H-28
    for out in (
        office.ok("stage", "list", today=TRIAL_DAY).stdout,
        _terminal(office, "stage", "list", today=TRIAL_DAY),
    ):
        line = next(x for x in out.splitlines() if "pleno-dpb " in x + " ")
        assert "in 28 d" in " ".join(out.split()), out
        assert " 35 " not in line + " ", line
    # a stage that runs on the day asked about still counts the days to its end
    running = office.json("stage", "list", "--active-on", "2027-01-06", today=TRIAL_DAY)
    run = next(s for s in running if s["key"] == "pleno-dpb")
    out = office.ok("stage", "list", "--active-on", "2027-01-06", today=TRIAL_DAY).stdout
    assert run["days_left"] == 5 and "in " not in out, out


def test_demo_reports_as_of_today(cli: Cli, tmp_path: Path) -> None:
    """Trial bug 5: `kpukoord demo` said "Per Jumat, 5 Juli 2024" whatever the day, so
    the coming PDPB pleno never showed. It reports as of today now; --as-of gives the
    week of the Sijunjung rakor (the golden report, tests/test_report.py)."""
    db = str(tmp_path / "demo.db")
    out = cli.ok("--db", db, "demo", "--format", "text", today=TRIAL_DAY).stdout
    assert "As of Monday, 7 December 2026" in out, out
    assert "5 July 2024" not in out
    assert "Pleno rekapitulasi DPB triwulan IV 2026" in out, out
    rakor = cli.ok("--db", db, "demo", "--as-of", "5/7/2024", "--format", "text").stdout
    assert "As of Friday, 5 July 2024" in rakor, rakor
    bad = cli("--db", db, "demo", "--as-of", "besok lusa")
    assert bad.exit_code != 0 and bad.stderr.startswith("error: ") and "besok lusa" in bad.stderr


def test_stage_confirm_refuses_a_date_outside_the_window_of_its_period(office: Cli) -> None:
    """Trial bug 16: a Q3 pleno confirmed for 8 December 2026 was accepted (any day up to
    the end of Q4). The window is data in the schedule file now (``recurs.window``):
    from 30 days before the quarter's last day (a Q4 pleno early in December) to 31 days
    after it (a Q3 pleno in October); a date outside is one error, nothing stored."""
    pleno = "pdpb-pkpu-1-2025:pleno-dpb"
    err = office.fails(
        "stage", "confirm", pleno, "--date", "8 Desember 2026", "--period", "2026-Q3",
        code=2, today=TRIAL_DAY,
    ).stderr  # fmt: skip
    assert "2026-Q3" in err and "2026-10-31" in err, err
    office.fails("stage", "confirm", pleno, "--date", "1/11/2026", "--period", "2026-Q3",
                 code=2, today=TRIAL_DAY)  # fmt: skip
    for day, period in (("8 Oktober 2026", "2026-Q3"), ("8 Desember 2026", "2026-Q4")):
        out = office.json("stage", "confirm", pleno, "--date", day, "--period", period,
                          today=TRIAL_DAY)  # fmt: skip
        assert out["status"] == "created" and out["period"] == period


def test_a_recurrence_window_is_read_from_the_rule() -> None:
    from kpukoord.timetables import recurrence

    window = {"before_end": 0, "after_end": 10}
    rule = recurrence.parse(
        {
            "every": "quarterly",
            "from": "2025-Q1",
            "when": "after-end",
            "working_days": [1, 5],
            "window": window,
        }
    )
    lo, hi = recurrence.allowed(rule, "2026-Q3")
    assert lo == dt.date(2026, 9, 30) and hi.month == 10 and hi.day >= 10
    assert recurrence.parse(rule.as_json()) == rule
    for bad in ({"before_end": 3}, {"before_end": -1, "after_end": 3}, [1, 2]):
        with pytest.raises(ValueError, match="window"):
            recurrence.parse({**rule.as_json(), "window": bad})


def test_a_planned_pleno_meeting_gives_its_occurrence_the_day_the_office_set(
    office: Cli,
) -> None:
    """Trial bug 17: with the Q4 pleno planned as a meeting on 8 December citing
    pleno-dpb, `report weekly` still counted down to the rule's 4 January and `stage
    show` put the meeting under a January occurrence. The occurrence takes the
    meeting's day (still expected: no source confirmed it); a cancelled one does not."""
    pleno = "pdpb-pkpu-1-2025:pleno-dpb"
    office.ok("meeting", "add", "-t", "Pleno rekapitulasi DPB triwulan IV 2026",
              "-d", "8 Desember 2026", "--stage", pleno, today=TRIAL_DAY)  # fmt: skip
    mid = office.json("meeting", "list", today=TRIAL_DAY)[0]["id"]
    report = json.loads(office.ok("report", "weekly", "--format", "json", today=TRIAL_DAY).stdout)
    up = next(u for u in report["upcoming"] if u["key"] == "pleno-dpb")
    assert (up["occurrence"], up["start"], up["days"]) == ("2026-Q4", "2026-12-08", 1), up
    occ = {
        o["occurrence"]: o
        for o in office.json("stage", "show", pleno, today=TRIAL_DAY)["occurrences"]
    }
    assert (occ["2026-Q4"]["start"], occ["2026-Q4"]["meetings"]) == ("2026-12-08", [mid])
    assert occ["2026-Q4"]["expected"] is True
    listed = {s["key"]: s for s in office.json("stage", "list", today=TRIAL_DAY)}
    assert listed["pleno-dpb"]["start"] == "2026-12-08"
    # cancelled, it no longer sets the day: the rule's dates come back
    office.ok("meeting", "edit", mid, "--status", "cancelled", today=TRIAL_DAY)
    listed = {s["key"]: s for s in office.json("stage", "list", today=TRIAL_DAY)}
    assert listed["pleno-dpb"]["start"] == "2027-01-04"


def test_a_part_of_a_name_prefers_the_stage_running_that_day(office: Cli) -> None:
    """Trial bug 7: "pemutakhiran data pemilih" is a part of PKPU 3/2022's stage name
    only, so `stage show --on 2024-07-05` gave that 2022-2023 stage though the Pilkada's
    "Pemutakhiran dan penyusunan daftar pemilih" ran that day; `meeting add --stage`
    linked it the same way. The stage running that day is taken now."""
    name = "pemutakhiran data pemilih"
    shown = office.json("stage", "show", name, "--on", "2024-07-05")
    assert (shown["schedule"], shown["key"]) == ("pkpu-2-2024", "data-pemilih")
    office.ok("meeting", "add", "-t", "Rakor pemutakhiran", "-d", "5/7/2024", "--stage", name)
    meeting = office.json("meeting", "list")[0]
    linked = office.json("meeting", "show", meeting["id"])["stages"]
    assert [s["ref"] for s in linked] == ["pkpu-2-2024:data-pemilih"], linked
    # on a day of PKPU 3/2022's stage, that stage, as before
    then = office.json("stage", "show", name, "--on", "2023-01-05")
    assert (then["schedule"], then["key"]) == ("pkpu-3-2022", "data-pemilih")


def test_export_csv_stages_has_each_occurrence_of_a_recurring_stage(office: Cli) -> None:
    """Trial bug 13: in `export csv stages` a recurring stage was one row with empty
    start and end: the plenos were missing though `export ics` has them. Each
    occurrence is a row now, with its period, dates and mark."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(office.ok("export", "csv", "stages",
                                                     today=TRIAL_DAY).stdout)))  # fmt: skip
    plenos = {r["occurrence"]: r for r in rows if r["key"] == "pleno-dpb" and r["occurrence"]}
    assert (plenos["2025-Q4"]["start"], plenos["2025-Q4"]["expected"]) == ("2025-12-08", "False")
    q4 = plenos["2026-Q4"]
    assert (q4["start"], q4["end"], q4["expected"], q4["recurs"]) == (
        "2027-01-04",
        "2027-01-11",
        "True",
        "quarterly",
    )
    assert q4["name"] == "Pleno rekapitulasi DPB triwulan IV 2026"
    sipol = {r["occurrence"]: r for r in rows if r["key"] == "penutupan-semester"}
    assert sipol["2026-S2"]["start"] == "2026-12-31"
    recs = json.loads(office.ok("export", "json", "stages", today=TRIAL_DAY).stdout)
    assert {r.get("occurrence") for r in recs if r["key"] == "pleno-dpb"} >= {"2026-Q4"}
    # the rows of stages that do not recur are as before: one row each, no period
    coklit = [r for r in rows if r["schedule"] == "pkpu-2-2024" and r["key"] == "coklit"]
    assert len(coklit) == 1 and coklit[0]["occurrence"] == "" and coklit[0]["start"]


def test_the_timeline_draws_each_occurrence_and_the_whole_rule(office: Cli) -> None:
    """Trial bug 14: `schedule timeline pdpb-pkpu-1-2025` drew no bar for the recurring
    stages, only their rule, cut with "…". Each occurrence is drawn on its stage's line
    now (◆ confirmed, ◇ or ░ expected), and a rule without dates wraps whole."""
    out = _terminal(office, "schedule", "timeline", "pdpb-pkpu-1-2025", today=TRIAL_DAY)
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), out
    kab = next(x for x in lines if x.startswith("Pleno rekapitulasi DPB "))
    # the three confirmed 2025 plenos and the expected ones after them
    assert kab.count("◆") == 3 and ("◇" in kab or "░" in kab), out
    assert "rapat pleno terbuka" not in out  # the rule gives way to the occurrences
    rule = office.json("schedule", "show", "pdpb-pkpu-1-2025")["stages"][-1]["rule"]
    flat = " ".join(out.split())
    assert " ".join(rule.split()) in flat, out
    assert all("…" not in line[27:] for line in lines), out  # right of the labels


def test_schedule_history_keeps_the_file_name_whole_at_80_columns(office: Cli) -> None:
    """Trial bug 15: the Bangka re-vote's file name (44 cells) was folded over four
    lines at 80 columns; it is whole now, under the import's hash."""
    code = "pilkada-ulang-bangka-pangkalpinang-2025"
    out = _terminal(office, "schedule", "history", code)
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), out
    assert f"{code}.yaml" in out.split(), out
    history = office.json("schedule", "history", code)["imports"]
    assert history[0]["file_hash"][:8] in out.split()
    assert history[0]["imported_at"][:10] in out.split(), out


def test_minutes_cite_the_regulation_of_pdpb_and_sipol_stages(office: Cli) -> None:
    """Trial bug 11: the agenda of a PDPB pleno's minutes read "Tahapan Pleno
    rekapitulasi DPB (pdpb-pkpu-1-2025)", a schedule code; it cites PKPU 1/2025 (and
    the SIPOL close PKPU 4/2022), as the Pilkada's stages cite PKPU 2/2024."""
    office.ok("meeting", "add", "-t", "Rapat pleno terbuka rekapitulasi DPB", "-d", "8/12/2025",
              "--kind", "pleno", "--stage", "pdpb-pkpu-1-2025:pleno-dpb",
              "--stage", "sipol-berkelanjutan:penutupan-semester", today=TRIAL_DAY)  # fmt: skip
    mid = office.json("meeting", "list", today=TRIAL_DAY)[0]["id"]
    text = office.ok("meeting", "minutes", mid, "--format", "text", today=TRIAL_DAY).stdout
    assert "Tahapan Pleno rekapitulasi DPB (PKPU 1/2025" in text, text
    assert "(PKPU 4/2022" in text, text
    assert "(pdpb-pkpu-1-2025" not in text and "(sipol-berkelanjutan" not in text


def test_calendar_descriptions_give_citations_not_source_keys(office: Cli) -> None:
    """Trial bug 12 (seen on the trial's branch; main already writes the sources in
    words since issue 26): `export ics` said "sumber P9", a key khal users cannot look
    up. Every stage event of the between-elections programmes cites the source."""
    ics = office.ok("export", "ics", "--stages", "--from", "2025-01-01", "--to", "2027-12-31",
                    today=TRIAL_DAY).stdout  # fmt: skip
    unfolded = re.sub(r"\r?\n[ \t]", "", ics).replace("\r\n", "\n")
    descriptions = [x for x in unfolded.splitlines() if x.startswith("DESCRIPTION:")]
    pdpb = [x for x in descriptions if "PDPB" in x]
    assert len(pdpb) >= 4, descriptions[:5]
    keys = set()
    for code in ("pdpb-pkpu-1-2025", "sipol-berkelanjutan"):
        keys |= set(office.json("schedule", "show", code)["sources"])
    for x in descriptions:
        words = set(re.split(r"[\s,:;()\\]+", x))
        assert not words & keys, x
    assert any("PKPU 1/2025" in x for x in pdpb)
