"""Between elections (issue 25): recurring programmes (PDPB, SIPOL), the 2025 re-votes and
Pemilu 2029 without a timetable, seen by an office opening kpukoord on 7 December 2026."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Cli, dump, from_template
from kpukoord.timetables import recurrence, workdays

TODAY = "2026-12-07"
PLENO = "pdpb-pkpu-1-2025:pleno-dpb"
SIPOL = "sipol-berkelanjutan:penutupan-semester"


@pytest.fixture
def sijunjung(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A fresh init for KPU Kabupaten Sijunjung (13.03) on 7 December 2026."""
    from typer.testing import CliRunner

    c = Cli(tmp_path / "kpukoord.db", TODAY, CliRunner())
    return from_template(tmp_path_factory, "sijunjung-2026", c, _init_sijunjung)


def _init_sijunjung(c: Cli) -> None:
    c.ok("init", "--office", "KPU Kabupaten Sijunjung", "--region", "13.03", "--timezone", "WIB")


def _by_ref(items: list[dict]) -> dict[str, dict]:  # type: ignore[type-arg]
    return {f"{i['schedule']}:{i['key']}": i for i in items}


def test_stage_list_shows_the_expected_q4_pleno_and_the_sipol_close(sijunjung: Cli) -> None:
    items = _by_ref(sijunjung.json("stage", "list"))  # default: today and the next 60 days
    pleno, sipol = items[PLENO], items[SIPOL]
    # the first working days after 31 December 2026: 1 Jan is a holiday, 2-3 a weekend,
    # 5 Jan 2027 Isra Mikraj: the 1st to 5th working days are 4 and 6-8, 11 January
    assert (pleno["start"], pleno["end"]) == ("2027-01-04", "2027-01-11")
    assert pleno["name"] == "Pleno rekapitulasi DPB triwulan IV 2026"
    assert pleno["expected"] is True and pleno["draft"] is False
    assert (pleno["occurrence"], pleno["recurs"]) == ("2026-Q4", "quarterly")
    assert (sipol["start"], sipol["end"], sipol["occurrence"]) == (
        "2026-12-31",
        "2026-12-31",
        "2026-S2",
    )
    assert sipol["recurs"] == "semester" and sipol["expected"] is True
    text = sijunjung.ok("--lang", "id", "stage", "list").stdout
    line = next(x for x in text.splitlines() if "Pleno rekapitulasi DPB triwulan IV 2026" in x)
    assert "4–11 Jan 2027, perkiraan" in line  # the mark beside the dates, never cut
    assert "sipol-berkelanjutan" in text  # the schedule is always named
    ics = sijunjung.ok("--lang", "id", "export", "ics", "--stages", "--from", "2026-12-01",
                       "--to", "2027-01-31").stdout  # fmt: skip
    events = re.sub(r"\r?\n[ \t]", "", ics).split("BEGIN:VEVENT")[1:]  # unfolded
    pleno_ev = [e for e in events if "Pleno rekapitulasi DPB triwulan IV 2026\\, perkiraan" in e]
    assert len(pleno_ev) == 1 and "DTSTART;VALUE=DATE:20270104" in pleno_ev[0]
    assert "DTEND;VALUE=DATE:20270112" in pleno_ev[0]  # exclusive: through 11 January
    assert any("SIPOL semester II 2026\\, perkiraan" in e and "20261231" in e for e in events)


def test_weekly_report_counts_down_and_says_no_election_timetable_runs(sijunjung: Cli) -> None:
    data = json.loads(sijunjung.ok("report", "weekly", "--format", "json").stdout)
    assert data["countdowns"] == []  # no voting day ahead
    up = {(u["schedule"], u["key"]): u for u in data["upcoming"]}
    assert up[("sipol-berkelanjutan", "penutupan-semester")]["days"] == 24
    assert up[("pdpb-pkpu-1-2025", "pleno-dpb")]["days"] == 28
    assert data["no_timetable"] == ["Pemilu 2029"]
    text = sijunjung.ok("report", "weekly", "--format", "text", "--lang", "id").stdout
    assert "H-28 Pleno rekapitulasi DPB triwulan IV 2026, perkiraan (Senin, 4 Januari 2027)" in text
    assert "H-24 Penutupan pemutakhiran data partai politik di SIPOL semester II 2026" in text
    assert "Belum ada jadwal tahapan Pemilu 2029" in text


def test_the_2025_plenos_are_confirmed_with_their_sources(sijunjung: Cli) -> None:
    items = sijunjung.json("stage", "list", "--from", "2025-01-01", "--to", "2025-12-31")
    plenos = {i["occurrence"]: i for i in items if i["key"] == "pleno-dpb"}
    assert {p: (i["start"], i["end"], i["expected"]) for p, i in plenos.items()} == {
        "2025-Q2": ("2025-07-02", "2025-07-02", False),
        "2025-Q3": ("2025-10-02", "2025-10-03", False),
        "2025-Q4": ("2025-12-08", "2025-12-08", False),
    }
    assert all(i["confidence"] == "news-2" and len(i["sources"]) >= 2 for i in plenos.values())
    schedule = sijunjung.json("schedule", "show", "pdpb-pkpu-1-2025")
    for i in plenos.values():
        assert all(schedule["sources"][s] for s in i["sources"])


def test_pasaman_revote_shows_in_13_08_not_in_13_03(sijunjung: Cli, tmp_path: Path) -> None:
    window = ("--from", "2025-04-01", "--to", "2025-04-30")
    here = {i["schedule"] for i in sijunjung.json("stage", "list", *window)}
    assert "psu-pasaman-2025" not in here
    from typer.testing import CliRunner

    pasaman = Cli(tmp_path / "pasaman.db", TODAY, CliRunner())
    pasaman.ok("init", "--office", "KPU Kabupaten Pasaman", "--region", "13.08")
    there = _by_ref(pasaman.json("stage", "list", *window))
    assert there["psu-pasaman-2025:pemungutan-suara"]["start"] == "2025-04-19"
    assert there["psu-pasaman-2025:pemungutan-suara"]["confidence"] == "news-2"
    assert "psu-barito-utara-2025" not in {i["schedule"] for i in pasaman.json("stage", "list")}


def test_pemilu_2029_has_no_date_and_says_so(sijunjung: Cli) -> None:
    rec = sijunjung.json("schedule", "show", "pemilu-2029")
    assert rec["voting_day"] is None
    assert all(s["start"] is None and s["end"] is None for s in rec["stages"])
    assert "jadwal belum ditetapkan" in rec["title"]


def test_confirming_the_q4_pleno_replaces_the_expected_one_everywhere(sijunjung: Cli) -> None:
    out = sijunjung.json("stage", "confirm", "pleno-dpb", "--date", "8 Desember 2026",
                         "--source", "SE KPU RI")  # fmt: skip
    assert out == {
        "status": "created",
        "period": "2026-Q4",
        "start": "2026-12-08",
        "end": "2026-12-08",
        "stage": PLENO,
    }
    pleno = [i for i in sijunjung.json("stage", "list") if i["key"] == "pleno-dpb"]
    assert [(i["occurrence"], i["start"], i["expected"]) for i in pleno] == [
        ("2026-Q4", "2026-12-08", False)
    ]
    text = sijunjung.ok("--lang", "id", "stage", "list").stdout
    line = next(x for x in text.splitlines() if "Pleno rekapitulasi DPB triwulan IV 2026" in x)
    assert "8 Des 2026" in line and "perkiraan" not in line
    data = json.loads(sijunjung.ok("report", "weekly", "--format", "json").stdout)
    up = {u["key"]: u for u in data["upcoming"]}
    assert up["pleno-dpb"]["start"] == "2026-12-08" and up["pleno-dpb"]["expected"] is False
    ics = sijunjung.ok("export", "ics", "--stages", "--from", "2026-12-01", "--to", "2027-01-31")
    assert "Pleno rekapitulasi DPB triwulan IV 2026 (pdpb-pkpu-1-2025)" in ics.stdout
    assert "DTSTART;VALUE=DATE:20261208" in ics.stdout
    # the same confirmation and a re-import change nothing
    before = dump(sijunjung.db)
    again = sijunjung.json(
        "stage", "confirm", PLENO, "--date", "2026-12-08", "--source", "SE KPU RI"
    )
    assert again["status"] == "unchanged"
    from kpukoord.timetables import schedules

    imported = sijunjung.json("schedule", "import", str(schedules.bundled_dir()))
    assert {s["status"] for s in imported["schedules"]} == {"unchanged"}
    assert dump(sijunjung.db) == before


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("--date", "8 Desember 2026", "--period", "2024-Q4"), 2, "--period"),
        (("--date", "8 Desember 2026", "--period", "2026-Q1"), 2, "--date"),
        (("--date", "8 Desember 2026", "--period", "2026-S2"), 2, "--period"),
    ],
)
def test_a_confirmation_the_stage_cannot_have_is_refused(
    sijunjung: Cli, args: tuple[str, ...], code: int, words: str
) -> None:
    r = sijunjung.fails("stage", "confirm", PLENO, *args, code=code)
    assert r.stderr.count("\n") == 1 and words in r.stderr


def test_a_stage_that_does_not_recur_cannot_be_confirmed(sijunjung: Cli) -> None:
    sijunjung.fails("stage", "confirm", "pkpu-2-2024:kampanye", "--date", "1/10/2024", code=2)


def test_two_quarters_figures_give_their_change_in_stage_show(sijunjung: Cli) -> None:
    for day, total, new, tms in (
        ("2 Oktober 2026", "180.412", "1.102", "1.450"),
        ("8 Desember 2026", "180.635", "1.203", "980"),
    ):
        sijunjung.ok("meeting", "add", "--title", "Rapat Pleno Terbuka Rekapitulasi DPB",
                     "--date", day, "--kind", "pleno", "--stage", PLENO,
                     "--figure", f"Jumlah pemilih dalam DPB; value={total}",
                     "--figure", f"Pemilih baru; value={new}",
                     "--figure", f"Pemilih TMS; value={tms}")  # fmt: skip
    sijunjung.ok("stage", "confirm", PLENO, "--date", "8 Desember 2026")
    rec = sijunjung.json("stage", "show", PLENO)
    occ = {o["occurrence"]: o for o in rec["occurrences"]}
    assert set(occ["2026-Q4"]) == {"occurrence", "start", "end", "expected", "meetings", "figures"}
    assert occ["2026-Q3"]["expected"] is True and len(occ["2026-Q3"]["meetings"]) == 1
    q4 = {f["text"]: f for f in occ["2026-Q4"]["figures"]}
    assert q4["Jumlah pemilih dalam DPB"] == {
        "text": "Jumlah pemilih dalam DPB",
        "value": 180635,
        "previous": 180412,
        "change": 223,
    }
    assert q4["Pemilih baru"]["change"] == 101 and q4["Pemilih TMS"]["change"] == -470
    assert all(f["previous"] is None for f in occ["2026-Q3"]["figures"])
    # a pleno a few days after the expected window still belongs to its quarter
    sijunjung.ok("meeting", "add", "--title", "Pleno DPB triwulan II 2026 (susulan)", "--date",
                 "10/7/2026", "--stage", PLENO)  # fmt: skip
    occ = {o["occurrence"]: o for o in sijunjung.json("stage", "show", PLENO)["occurrences"]}
    assert len(occ["2026-Q2"]["meetings"]) == 1 and len(occ["2026-Q3"]["meetings"]) == 1
    text = sijunjung.ok("--lang", "id", "stage", "show", PLENO).stdout
    assert "180.635 (+223)" in text and "(−470)" in text


def test_a_draft_schedule_marks_every_stage(sijunjung: Cli, tmp_path: Path) -> None:
    draft = tmp_path / "pkpu-pemilu-2029.yaml"
    draft.write_text(
        "code: pkpu-pemilu-2029\ntitle: Rancangan tahapan Pemilu 2029\nstatus: draft\n"
        "sources:\n  X1: rancangan PKPU (uji)\nstages:\n  - key: pemutakhiran\n"
        "    name: Pemutakhiran data pemilih\n    start: 2027-01-04\n    end: 2027-02-26\n"
        "    confidence: news-1\n    sources: [X1]\n",
        encoding="utf-8",
    )
    sijunjung.ok("schedule", "import", str(draft))
    item = _by_ref(sijunjung.json("stage", "list"))["pkpu-pemilu-2029:pemutakhiran"]
    assert item["draft"] is True and item["expected"] is False
    assert "26 Feb 2027, draf" in sijunjung.ok("--lang", "id", "stage", "list").stdout
    shown = sijunjung.ok("--lang", "id", "schedule", "show", "pkpu-pemilu-2029").stdout
    assert any(line.split() == ["Status", "draf"] for line in shown.splitlines())
    ics = (
        sijunjung.ok("export", "ics", "--stages", "--lang", "id").stdout
        if False
        else (sijunjung.ok("--lang", "id", "export", "ics", "--stages").stdout)
    )
    assert "Pemutakhiran data pemilih\\, draf" in ics
    final = draft.read_text(encoding="utf-8").replace("status: draft\n", "")
    final = final.replace("end: 2027-02-26", "end: 2027-03-05")
    draft.write_text(final, encoding="utf-8")
    report = sijunjung.json("schedule", "import", str(draft))["schedules"][0]
    assert report["status"] == "updated"
    assert report["schedule_changed"]["status"] == ["draft", "final"]
    assert report["changed"][0]["fields"]["end"] == ["2027-02-26", "2027-03-05"]
    item = _by_ref(sijunjung.json("stage", "list"))["pkpu-pemilu-2029:pemutakhiran"]
    assert item["draft"] is False


BAD_RULES = [
    ("every: weekly\n      from: 2025-Q2", "every must be one of"),
    ("every: quarterly\n      from: 2025-S1", "is not a quarterly period"),
    ("every: quarterly\n      from: 2025-Q2\n      when: after-end", "needs working_days"),
    ("every: quarterly", "from is required"),
    (
        "every: semester\n      from: 2025-S1\n      when: end\n      working_days: [1, 2]",
        "only goes",
    ),
]


@pytest.mark.parametrize(("rule", "words"), BAD_RULES)
def test_a_rule_the_tool_cannot_read_is_refused_with_its_line(
    sijunjung: Cli, tmp_path: Path, rule: str, words: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "code: bad\ntitle: Bad\nstages:\n  - key: pleno\n    name: Pleno\n"
        f"    recurs:\n      {rule}\n    confidence: official\n",
        encoding="utf-8",
    )
    r = sijunjung.fails("schedule", "import", str(bad))
    assert f"{bad}:6:" in r.stderr or f"{bad}:7:" in r.stderr, r.stderr
    assert words in r.stderr


def test_a_file_confirmation_outside_its_period_is_refused(sijunjung: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "code: bad\ntitle: Bad\nstages:\n  - key: pleno\n    name: Pleno\n"
        "    recurs: {every: quarterly, from: 2025-Q2, when: after-end, working_days: [1, 5]}\n"
        "    confidence: official\n    occurrences:\n      - period: 2025-Q2\n"
        "        date: 2025-12-08\n        confidence: news-1\n",
        encoding="utf-8",
    )
    r = sijunjung.fails("schedule", "import", str(bad))
    assert f"{bad}:10:" in r.stderr and "outside 2025-Q2" in r.stderr


@settings(max_examples=60, deadline=None)
@given(
    every=st.sampled_from(["quarterly", "semester", "yearly"]),
    when=st.sampled_from(["after-end", "end", "period"]),
    first=st.integers(min_value=1, max_value=5),
    span=st.integers(min_value=0, max_value=6),
    day=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2029, 12, 31)),
)
def test_every_expected_occurrence_lies_where_its_period_allows(
    every: str, when: str, first: int, span: int, day: dt.date
) -> None:
    data = {"every": every, "from": recurrence.period_name(every, 2025, 0), "when": when}
    if when == "after-end":
        data["working_days"] = [first, first + span]
    rule = recurrence.parse(data)
    window = recurrence.periods_between(rule, day, day + dt.timedelta(days=200))
    periods = [o.period for o in window]
    assert len(set(periods)) == len(periods)  # each period once, in order
    assert [o.start for o in window] == sorted(o.start for o in window)
    for occ in window:
        lo, hi = recurrence.allowed(rule, occ.period)
        assert lo <= occ.start <= occ.end <= hi
        assert occ.start <= day + dt.timedelta(days=200) and occ.end >= day
        if when == "after-end":
            assert workdays.is_working_day(occ.start) and workdays.is_working_day(occ.end)
            assert occ.start > recurrence.bounds(rule, occ.period)[1]


def test_a_circular_imported_as_a_file_confirms_and_diff_shows_it(
    sijunjung: Cli, tmp_path: Path
) -> None:
    from kpukoord.timetables import schedules

    text = (schedules.bundled_dir() / "pdpb-pkpu-1-2025.yaml").read_text(encoding="utf-8")
    marker = "      - period: 2025-Q4\n"
    assert marker in text
    circular = "      - period: 2026-Q4\n        date: 2026-12-08\n        confidence: official\n"
    text = text.replace(marker, circular + marker)
    sources = "  P1: "
    text = text.replace(sources, "  P10: SE KPU RI (uji)\n" + sources)
    text = text.replace(circular, circular + "        sources: [P10]\n")
    path = tmp_path / "pdpb-pkpu-1-2025.yaml"
    path.write_text(text, encoding="utf-8")
    diff = sijunjung.json("schedule", "diff", "pdpb-pkpu-1-2025", str(path))
    changed = {c["key"]: c["fields"] for c in diff["changed"]}
    old, new = changed["pleno-dpb"]["occurrences"]
    assert [o["period"] for o in new if o not in old] == ["2026-Q4"]
    first = sijunjung.json("schedule", "import", str(path))["schedules"][0]
    assert first["status"] == "updated"
    pleno = [i for i in sijunjung.json("stage", "list") if i["key"] == "pleno-dpb"]
    assert [(i["start"], i["expected"], i["sources"]) for i in pleno] == [
        ("2026-12-08", False, ["P10"])
    ]
    again = sijunjung.json("schedule", "import", str(path))["schedules"][0]
    assert again["status"] == "unchanged"


def test_a_meeting_cites_a_regulation_without_a_timetable(sijunjung: Cli) -> None:
    from kpukoord.timetables import regulations

    assert regulations.lookup("PKPU 3/2025").subject == "penggantian antarwaktu anggota DPRD (PAW)"
    assert regulations.lookup("PKPU 1/2025").title is None  # no title verified
    rec = sijunjung.json("meeting", "add", "--title", "Rakor PAW anggota DPRD", "--date",
                         "7/12/2026", "--regulation", "PKPU 3/2025")  # fmt: skip
    assert rec["regulations"] == ["PKPU 3/2025"]


_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 40)
    | st.text(max_size=8)
    | st.sampled_from(
        ["quarterly", "semester", "yearly", "after-end", "end", "2025-Q2", "2025-S1"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(
    recurs=st.dictionaries(
        st.sampled_from(["every", "from", "until", "when", "working_days", "x"]),
        _VALUES,
        max_size=5,
    )
    | _VALUES
)
def test_any_recurs_value_is_read_or_refused_with_a_reason(recurs: object) -> None:
    import yaml

    from kpukoord.errors import FileProblems
    from kpukoord.timetables import schedules

    doc = {"code": "x", "title": "X", "stages": [{"key": "p", "name": "P", "recurs": recurs,
                                                   "confidence": "official"}]}  # fmt: skip
    text = yaml.safe_dump(doc, allow_unicode=True)
    try:
        d = schedules.load_text(text, "x.yaml")
    except FileProblems as exc:
        assert all(p.startswith("x.yaml:") for p in exc.problems)
        return
    rule = recurrence.from_json(d.stages[0].recurs or {})
    recurrence.periods_between(rule, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
