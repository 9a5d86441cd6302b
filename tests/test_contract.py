"""The JSON views are a contract: their exact key sets are read from the README.

A key that disappears (or appears) without the README saying so fails here,
for every documented view, nested lists included.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli

README = Path(__file__).resolve().parent.parent / "README.md"

Spec = dict[str, Any]  # key -> None (a value), "list" (a list of values) or a nested Spec


def _parse(text: str) -> Spec:
    """'a, b [{c, d}], e {f}, g [text]' -> {'a': None, 'b': {'c':…}, 'e': {'f':…}, 'g': 'list'}."""
    text = text.replace('"', "").strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    spec: Spec = {}
    pos = 0

    def items(end: str) -> Spec:
        nonlocal pos
        out: Spec = {}
        while pos < len(text):
            m = re.compile(r"\s*([A-Za-z_]+)\s*:?\s*").match(text, pos)
            assert m, f"cannot read the README's field list at {text[pos:]!r}"
            name, pos = m.group(1), m.end()
            value: Any = None
            if text.startswith("[{", pos):
                pos += 2
                value = items("}")
                assert text.startswith("]", pos), text[pos:]
                pos += 1
            elif text.startswith("{", pos):
                pos += 1
                value = items("}")
            elif text.startswith("[", pos):
                pos = text.index("]", pos) + 1
                value = "list"
            out[name] = value
            m = re.compile(r"\s*(,|\}|$)").match(text, pos)
            assert m, text[pos:]
            pos = m.end()
            if m.group(1) in ("}", ""):
                break
        return out

    spec = items("")
    return spec


def readme_specs() -> dict[str, Spec]:
    section = README.read_text(encoding="utf-8").split("## JSON field names")[1].split("\n## ")[0]
    specs = {}
    for bullet in re.split(r"\n- ", section)[1:]:
        name = re.match(r"\*\*([^*]+)\*\*", bullet)
        assert name
        fields = re.search(r":\s*`([^`]+)`", bullet.replace("\n", " "))
        assert fields, bullet
        specs[name.group(1)] = _parse(fields.group(1))
    return specs


SPECS = readme_specs()


def check(value: Any, spec: Spec, where: str) -> None:
    assert isinstance(value, dict), f"{where}: not an object"
    assert set(value) == set(spec), (
        f"{where}: keys differ from the README: missing {sorted(set(spec) - set(value))}, "
        f"undocumented {sorted(set(value) - set(spec))}"
    )
    for key, sub in spec.items():
        if isinstance(sub, dict):
            inner = value[key]
            for item in inner if isinstance(inner, list) else [inner]:
                if isinstance(item, dict) and sub:
                    check(item, sub, f"{where}.{key}")


def test_readme_documents_every_view() -> None:
    assert set(SPECS) >= {
        "meeting",
        "agency",
        "action",
        "stage list",
        "schedule import",
        "report weekly",
        "date parse",
    }
    assert len(SPECS["meeting"]) >= 21


@pytest.fixture
def full(demo: Cli) -> Cli:
    """The demo data plus one meeting with every list filled and a follow-up done."""
    demo.ok(
        "meeting", "add", "--title", "Rakor logistik", "--date", "1/7/2024", "--time", "09.00",
        "--attendee", "Bawaslu Sijunjung; person=Ahmad Yani; position=Ketua",
        "--decision", "Gudang logistik dijaga 24 jam",
        "--action", "Pengamanan gudang; owner=Bawaslu Sijunjung; due=3/7/2024",
        "--stage", "coklit",
    )  # fmt: skip
    act = demo.json("action", "list")[0]["id"]
    demo.ok("action", "done", act, "--note", "Sudah")
    return demo


def test_meeting_views(full: Cli) -> None:
    listed = full.json("meeting", "list")
    assert listed
    for rec in listed:
        check(rec, SPECS["meeting"], "meeting list")
    rec = next(r for r in listed if r["actions"] and r["stages"] and r["attendees"])
    check(full.json("meeting", "show", rec["id"]), SPECS["meeting"], "meeting show")
    added = full.json("meeting", "add", "--title", "Rapat pleno", "--date", "2/7/2024")
    check(added, SPECS["meeting"], "meeting add")


def test_agency_and_action_views(full: Cli) -> None:
    for rec in full.json("agency", "list"):
        check(rec, SPECS["agency"], "agency list")
    added = full.json("agency", "add", "Polres Dharmasraya")
    check(added, SPECS["agency"], "agency add")
    acts = full.json("action", "list", "--all")
    assert acts
    for rec in acts:
        check(rec, SPECS["action"], "action list")


def test_stage_schedule_report_and_date_views(full: Cli, tmp_path: Path) -> None:
    items = full.json("stage", "list", "--active-on", "5 Juli 2024")
    assert items
    for rec in items:
        check(rec, SPECS["stage list"], "stage list")
    from kpukoord.timetables import schedules

    imported = full.json("schedule", "import", str(schedules.bundled_dir()), "--dry-run")
    check(imported, SPECS["schedule import"], "schedule import")
    shown = full.json("stage", "show", "pkpu-2-2024:coklit")
    check(shown, SPECS["stage show"], "stage show")
    import json

    report = json.loads(
        full.ok("report", "weekly", "--as-of", "5/7/2024", "--format", "json").stdout
    )
    check(report, SPECS["report weekly"], "report weekly")
    check(
        full.json("date", "parse", "Jumat (5/7/2024) pukul 09.00 WIB"), SPECS["date parse"], "date"
    )


@pytest.mark.parametrize("module", ["weekly", "offices"])
def test_report_labels_are_translated(module: str) -> None:
    """Every label of a report has its Indonesian in the catalog (only codes read alike)."""
    import importlib

    from kpukoord.language.i18n import using

    view = importlib.import_module(f"kpukoord.views.{module}")
    with using("id"):
        indonesian = view.labels()
    with using("en"):
        english = view.labels()
    assert set(indonesian) == set(english)
    assert all(indonesian[k].strip() and english[k].strip() for k in indonesian)
    alike = {k for k in indonesian if indonesian[k] == english[k]}
    assert alike <= {"cuti bersama"}, alike
