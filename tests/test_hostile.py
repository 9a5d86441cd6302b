"""Hostile input: nothing but the tool's own errors, a clear message, an unchanged database."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import dump
from kpukoord.errors import KpuError
from kpukoord.language import dates, yamlfile
from kpukoord.records import meetings
from kpukoord.timetables import schedules

SRC = Path(__file__).resolve().parent.parent / "src" / "kpukoord"

_WORDS = [
    "Senin",
    "Jumat",
    "Jum'at",
    "Juli",
    "Pebruari",
    "Agt",
    "s.d",
    "sampai",
    "dengan",
    "pukul",
    "WIB",
    "WITA",
    "hari",
    "ini",
    "besok",
    "-",
    "/",
    ".",
    ",",
    "(",
    ")",
    ":",
]
date_like = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.integers(0, 10000).map(str)), max_size=10
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), date_like))
def test_date_parser_raises_only_its_own_errors(text: str) -> None:
    try:
        parsed = dates.parse(text, ref=dates.dt.date(2024, 7, 8))
    except KpuError:
        return
    assert parsed.start <= parsed.end


yaml_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        st.dates().map(str),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), yaml_values.map(repr)))
def test_schedule_loader_raises_only_its_own_errors(text: str) -> None:
    try:
        schedules.load_text(text, "x.yaml")
    except KpuError:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from([*sorted(meetings.FIELDS), "x"]), yaml_values, max_size=8))
def test_meeting_loader_raises_only_its_own_errors(raw: dict[str, Any]) -> None:
    try:
        meetings.draft_from_raw(raw, lambda *p: "m.yaml:1", ref=dates.dt.date(2024, 7, 8))
    except KpuError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_yaml_loader_raises_only_its_own_errors(text: str) -> None:
    try:
        yamlfile.load(text, "m.yaml")
    except KpuError:
        pass


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)
DEEP = "title: " + "[" * 200 + "]" * 200 + "\n"
OK_MEETING = "title: Rakor\ndate: 5 Juli 2024\n"

MEETING_FILES: list[tuple[str, bytes | str, str]] = [
    ("empty", "", "empty"),
    ("only-comment", "# nothing\n", "empty"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
    ("latin1", "title: Rapat di Bal\xe9\n".encode("latin-1"), "not UTF-8"),
    ("nul", "title: Rak\x00or\n", "binary data"),
    ("scalar", "just text\n", "must be a mapping"),
    ("numbers", "- 1\n- 2\n", "must be a mapping"),
    ("title-list", "title: [a, b]\ndate: 5 Juli 2024\n", "title"),
    ("date-mapping", "title: Rakor\ndate: {day: 5}\n", "cannot read date"),
    ("date-number", "title: Rakor\ndate: 20240705\n", "cannot read date"),
    ("bad-date", "title: Rakor\ndate: 31 Februari 2024\n", "is not a date"),
    ("too-long", "title: Rakor\ndate: 1 Juli - 31 Agustus 2024\n", "at most 31 days"),
    ("attendees-mapping", OK_MEETING + "attendees: {a: {b: c}}\n", "attendee"),
    ("attendee-int", OK_MEETING + "attendees: [42]\n", "attendee"),
    ("action-no-owner", OK_MEETING + "actions: [Lapor]\n", "needs an owner"),
    (
        "action-range-due",
        OK_MEETING + "actions: [{text: a, owner: KPU Sijunjung, due: 1-3 Juli 2024}]\n",
        "is a range",
    ),
    (
        "action-extra",
        OK_MEETING + "actions: [{text: a, owner: KPU Sijunjung, pic: b}]\n",
        "unknown action field",
    ),
    ("control-chars", 'title: "Rakor\\x07\\x1b[31m"\ndate: 5 Juli 2024\n', "control character"),
    (
        "python-tag",
        "title: !!python/object/apply:os.system [echo hi]\ndate: 5 Juli 2024\n",
        "is not allowed",
    ),
    ("python-scalar", "title: !!python/name:os.system\ndate: 5 Juli 2024\n", "bad value"),
    ("duplicate-key", "title: A\ntitle: B\ndate: 5 Juli 2024\n", "duplicate key"),
    ("tabs", "title: A\n\tdate: 5 Juli 2024\n", "YAML syntax"),
    ("unclosed", "title: 'A\ndate: 5 Juli 2024\n", "YAML syntax"),
    ("alias-bomb", BOMB, "aliases expanding"),
    ("deep", DEEP, "nested more than"),
    ("merge-key", "base: &b {title: A}\n<<: *b\n", "merge keys"),
    ("unknown-field", OK_MEETING + "password: hunter2\n", "unknown field"),
    ("bad-status", OK_MEETING + "status: DROP TABLE meeting\n", "unknown status"),
    ("bad-kind", OK_MEETING + "kind: 1\n", "unknown meeting kind"),
    ("bad-zone", OK_MEETING + "timezone: UTC\n", "unknown time zone"),
    ("bad-time", OK_MEETING + "time: pukul sembilan\n", "cannot read time"),
    ("unknown-stage", OK_MEETING + 'stages: ["x\' OR 1=1 --"]\n', "unknown stage"),
    ("sql-attendee", OK_MEETING + "attendees: [\"x' OR '1'='1\"]\n", "unknown agenc"),
]


@pytest.mark.parametrize("name", [m[0] for m in MEETING_FILES])
def test_hostile_meeting_files(office, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    _, content, message = next(m for m in MEETING_FILES if m[0] == name)
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    err = office.fails("meeting", "add", "--from-file", str(path)).stderr
    assert message in err, err
    assert str(path) in err  # says where


def test_huge_meeting_file(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "huge.yaml"
    path.write_text("notes: " + "x" * 6_000_000 + "\n", encoding="utf-8")
    assert "larger than" in office.fails("meeting", "add", "--from-file", str(path)).stderr


SCHEDULE_FILES = [
    ("alias-bomb", BOMB, "aliases expanding"),
    ("deep", "code: x\ntitle: y\nstages: " + "[" * 100 + "]" * 100 + "\n", "nested more than"),
    ("stage-string", "code: x\ntitle: y\nstages: [coklit]\n", "must be a mapping"),
    ("stages-mapping", "code: x\ntitle: y\nstages: {a: b}\n", "non-empty list"),
    (
        "date-number",
        "code: x\ntitle: y\nstages:\n  - {key: a, name: A, date: 20240705, confidence: official}\n",
        "YYYY-MM-DD",
    ),
    (
        "sql-code",
        'code: "x\'; DROP TABLE stage; --"\ntitle: y\nstages:\n  - {key: a, name: A, date: 2024-07-05, confidence: official}\n',
        "must be lower case",
    ),
    ("python-tag", "code: !!python/name:os.system\ntitle: y\nstages: []\n", "bad value"),
    (
        "datetime",
        "code: x\ntitle: y\nstages:\n  - {key: a, name: A, date: 2024-07-05 10:00:00, confidence: official}\n",
        "without a time",
    ),
    (
        "both-dates",
        "code: x\ntitle: y\nstages:\n  - {key: a, name: A, date: 2024-07-05, start: 2024-07-01, confidence: official}\n",
        "either date or start",
    ),
    (
        "self-amend",
        "code: x\ntitle: y\namends: x\nstages:\n  - {key: a, name: A, date: 2024-07-05, confidence: official}\n",
        "cannot amend itself",
    ),
]


@pytest.mark.parametrize("name", [s[0] for s in SCHEDULE_FILES])
def test_hostile_schedule_files(office, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    _, content, message = next(s for s in SCHEDULE_FILES if s[0] == name)
    path = tmp_path / f"{name}.yaml"
    path.write_text(content, encoding="utf-8")
    err = office.fails("schedule", "import", str(path)).stderr
    assert message in err and f"{path}:" in err, err


COMMANDS = [
    (["meeting", "add", "--title", "R", "--date", ""], 2, "--date is required"),
    (["meeting", "add", "--title", "R", "--date", "   "], 1, "a date is required"),
    (
        ["meeting", "add", "--title", "R", "--date", "'; DROP TABLE meeting; --"],
        1,
        "cannot read date",
    ),
    (["meeting", "add", "--title", "R", "--date", "5 Julember 2024"], 1, "cannot read date"),
    (["meeting", "add", "--title", "R", "--date", "1/13/2024"], 1, "is not a date"),
    (["meeting", "add", "--title", "R", "--date", "2024-02-30"], 1, "is not a date"),
    (["meeting", "add", "--title", "R", "--date", "x" * 500], 1, "longer than 200"),
    (["meeting", "add", "--title", "R", "--date", "pukul 09.00 WIB"], 1, "no day found"),
    (["meeting", "add", "--title", "Rakor\x07", "--date", "5/7/2024"], 1, "control character"),
    (["meeting", "show", "%%%%%%"], 1, "no meeting"),
    (["meeting", "show", "' OR 1=1 --"], 1, "no meeting"),
    (["agency", "show", "x' OR '1'='1"], 1, "unknown agency"),
    (["agency", "add", ""], 2, "no letters or digits"),
    (["agency", "add", "!!!"], 2, "no letters or digits"),
    (["agency", "add", "X", "--kind", "'; DROP TABLE agency; --"], 2, "unknown agency kind"),
    (["agency", "add", "X", "--region", "73.22; DROP TABLE agency"], 2, "region code"),
    (["person", "add", "Y", "--agency", "' OR 1=1 --", "--position", "Ketua"], 1, "unknown agency"),
    (["action", "done", "'; --"], 1, "no action"),
    (["stage", "show", "zz:'; DROP TABLE stage; --"], 1, "unknown schedule"),
    (["report", "weekly", "--as-of", "'; DROP TABLE meeting; --"], 1, "cannot read date"),
    (["report", "weekly", "--ahead", "-5"], 2, "--ahead"),
    (["schedule", "show", "../../etc/passwd"], 1, "unknown schedule"),
    (["meeting", "list", "--from", "besok lusa"], 1, "cannot read date"),
]


@pytest.mark.parametrize(
    ("args", "code", "message"), COMMANDS, ids=[str(i) for i in range(len(COMMANDS))]
)
def test_hostile_command_arguments(office, args: list[str], code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    err = office.fails(*args, code=code).stderr
    assert message in err, err


def test_the_hostile_table_is_large_enough() -> None:
    assert len(MEETING_FILES) + len(SCHEDULE_FILES) + len(COMMANDS) + 1 >= 50


def test_sql_looking_names_are_stored_as_text(office) -> None:  # type: ignore[no-untyped-def]
    name = "Robert' OR 1=1 -- DROP TABLE meeting"
    office.ok("agency", "add", name)
    assert office.json("agency", "show", name)["name"] == name
    office.ok("meeting", "add", "--title", "x", "--date", "5/7/2024", "-a", name)
    assert len(office.json("meeting", "list")) == 1
    before = dump(office.db)
    office.fails("agency", "add", name)  # a duplicate, refused and harmless
    assert dump(office.db) == before


def test_yaml_is_only_loaded_safely_and_sql_only_with_parameters() -> None:
    """A lint of the source: no unsafe YAML loader; SQL text never takes a value by formatting."""
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(
            r"yaml\.(unsafe_load|full_load|load)\(|Loader\s*=\s*yaml\.(Full|Unsafe)?Loader", text
        ), path
        assert "yaml.Loader(" not in text and "UnsafeLoader" not in text, path
        # f-strings that build SQL may only splice identifiers/placeholders, and carry the
        # ruff S608 waiver that says so; ruff (in CI) fails on any other.
        for line in text.splitlines():
            if re.search(r'f"(SELECT|INSERT|UPDATE|DELETE)\b', line) and "noqa: S608" not in line:
                raise AssertionError(f"{path}: {line.strip()}")
