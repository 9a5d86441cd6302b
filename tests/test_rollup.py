"""Reports over many offices in a merged provincial file: report offices, weekly --office."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import Cli
from test_merge import backup, luwu, luwu_utara, province


@pytest.fixture(autouse=True)
def _indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """These reports are read in Indonesian: the language users have by default."""
    monkeypatch.setenv("KPUKOORD_LANG", "id")


_MERGED: dict[str, Path] = {}  # the three files below, made once per process


@pytest.fixture
def merged(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The province's file after merging Luwu Utara's and Luwu's (each with coklit
    progress): made once by the real commands, then copied for each test."""
    if not _MERGED:
        folder = tmp_path_factory.mktemp("rollup-merged")
        lutra, luwu_ = luwu_utara(folder), luwu(folder)
        lutra.ok("stage", "progress", "pkpu-2-2024:coklit", "40", "--date", "5/7/2024")
        lutra.ok("stage", "progress", "pkpu-2-2024:coklit", "65", "--date", "7/7/2024")
        luwu_.ok("stage", "progress", "pkpu-2-2024:coklit", "55", "--date", "6/7/2024")
        prov = province(folder)
        prov.ok(
            "merge",
            str(backup(lutra, folder / "lutra-1.db")),
            str(backup(luwu_, folder / "luwu-1.db")),
        )
        _MERGED.update(prov=prov.db, lutra=lutra.db, luwu=luwu_.db)
    made = {}
    for key, path in _MERGED.items():
        made[key] = Cli(tmp_path / path.name, "2024-07-08", CliRunner())
        shutil.copy(path, made[key].db)
    return made


def by_office(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {x["office"]: x for x in data["offices"]}


def test_report_offices_lists_every_office_with_its_figures(merged: dict[str, Any]) -> None:
    prov: Cli = merged["prov"]
    data = json.loads(prov.ok("report", "offices", "--as-of", "8/7/2024", "-f", "json").stdout)
    rows = by_office(data)
    assert set(rows) == {
        "KPU Kabupaten Luwu Utara",
        "KPU Kabupaten Luwu",
        "KPU Provinsi Sulawesi Selatan",
    }
    lutra, luwu_ = rows["KPU Kabupaten Luwu Utara"], rows["KPU Kabupaten Luwu"]
    assert lutra["region"] == "73.22" and luwu_["region"] == "73.17"
    assert (lutra["open_actions"], lutra["overdue_actions"]) == (1, 1)  # due 5 July
    assert (luwu_["open_actions"], luwu_["overdue_actions"]) == (1, 0)  # due 20 July
    assert lutra["last_rakor"] == "2024-07-03" and luwu_["last_rakor"] == "2024-07-04"
    # the Kesbangpol was last met in February 2023; the Polda and Bawaslu last week
    assert lutra["stale_agencies"] == {
        "total": 1,
        "names": ["Badan Kesbangpol Kabupaten Luwu Utara"],
    }
    assert luwu_["stale_agencies"]["total"] == 0
    # each office's own latest figure for the active coklit stage
    assert [(p["key"], p["percent"], p["reported_on"]) for p in lutra["progress"]] == [
        ("coklit", 65, "2024-07-07")
    ]
    assert [(p["key"], p["percent"]) for p in luwu_["progress"]] == [("coklit", 55)]
    assert data["offices"][0]["office"] == "KPU Kabupaten Luwu Utara"  # overdue first
    assert data["totals"]["offices"] == 3 and data["totals"]["overdue_actions"] == 1
    # the week before: one meeting each in the week of 1-7 July
    week = by_office(
        json.loads(prov.ok("report", "offices", "--week", "2024-W27", "-f", "json").stdout)
    )
    assert week["KPU Kabupaten Luwu Utara"]["meetings_this_week"] == 1
    assert week["KPU Kabupaten Luwu"]["meetings_this_week"] == 1


def test_offices_that_sent_nothing_for_two_weeks(merged: dict[str, Any]) -> None:
    prov: Cli = merged["prov"]
    # rows carry the real time they were written: three weeks on, both offices are silent
    later = (dt.date.today() + dt.timedelta(days=21)).isoformat()
    data = json.loads(prov.ok("report", "offices", "--as-of", later, "--format", "json").stdout)
    assert sorted(x["office"] for x in data["silent"]) == [
        "KPU Kabupaten Luwu",
        "KPU Kabupaten Luwu Utara",
    ]
    assert data["totals"]["silent"] == 2
    text = prov.ok("report", "offices", "--as-of", later, "--format", "text").stdout
    assert "*Belum mengirim data dalam 14 hari*" in text
    now = json.loads(prov.ok("report", "offices", "--format", "json", today=later[:10]).stdout)
    assert now["as_of"] == later
    soon = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert (
        json.loads(prov.ok("report", "offices", "--as-of", soon, "-f", "json").stdout)["silent"]
        == []
    )


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "terminal"])
def test_report_offices_formats(merged: dict[str, Any], fmt: str, tmp_path: Path) -> None:
    prov: Cli = merged["prov"]
    out = tmp_path / f"rekap.{fmt}"
    prov.ok("report", "offices", "--as-of", "8/7/2024", "--format", fmt, "-o", str(out))
    text = out.read_text(encoding="utf-8")
    if fmt == "terminal":  # wrapped at 100 columns
        text = " ".join(line.strip(" │") for line in text.splitlines())
    if fmt == "markdown":  # as a Markdown reader shows it (user text is escaped)
        import re

        text = re.sub(r"\\(.)", r"\1", text)
    assert "Rekap Kantor KPU" in text
    assert "KPU Kabupaten Luwu Utara [73.22]" in text
    assert "1 tindak lanjut terbuka, 1 terlambat" in text
    assert "Badan Kesbangpol Kabupaten Luwu Utara" in text
    assert "Coklit oleh Pantarlih (pkpu-2-2024): 65%" in text
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and 'class="alert"' in text
    en = prov.ok("report", "offices", "--as-of", "8/7/2024", "-f", "text", "--lang", "en").stdout
    assert "KPU Offices Overview" in en and "1 open follow-ups, 1 overdue" in en


def test_weekly_report_of_one_office_or_a_region(merged: dict[str, Any]) -> None:
    prov: Cli = merged["prov"]

    def weekly(*args: str) -> dict[str, Any]:
        out = prov.ok("report", "weekly", "--as-of", "8/7/2024", "-f", "json", *args).stdout
        return json.loads(out)

    everyone = weekly()
    assert sorted(m["title"] for m in everyone["meetings"]["past"]) == [
        "Rakor distribusi logistik",
        "Rakor pengamanan coklit",
    ]
    luwu_ = weekly("--office", "KPU Luwu")  # its alias
    assert luwu_["office"]["name"] == "KPU Kabupaten Luwu"
    assert [m["title"] for m in luwu_["meetings"]["past"]] == ["Rakor distribusi logistik"]
    assert luwu_["actions"]["totals"]["overdue"] == 0
    coklit = next(s for s in luwu_["stages"]["active"] if s["key"] == "coklit")
    assert coklit["progress"]["percent"] == 55  # its own figure, not the other office's
    lutra = weekly("--office", "luwu utara")
    assert [a["text"] for a in lutra["actions"]["overdue"]] == ["Data kerawanan TPS"]
    assert weekly("--region", "73.17")["meetings"] == luwu_["meetings"]
    region = weekly("--region", "73")
    assert region["office"]["name"] == "Wilayah 73: 3 kantor"
    assert region["meetings"] == everyone["meetings"]
    text = prov.ok("report", "weekly", "--as-of", "8/7/2024", "-f", "text", "--office", "KPU Luwu")
    assert "KPU Kabupaten Luwu\n" in text.stdout and "Rakor pengamanan" not in text.stdout
    assert (
        "tidak ada kantor bernama 'KPU Gowa'"
        in prov.fails("report", "weekly", "--office", "KPU Gowa").stderr
    )
    assert (
        "cocok dengan lebih dari satu"
        in prov.fails("report", "weekly", "--office", "Kabupaten").stderr
    )
    assert (
        "tidak ada kantor di wilayah 74" in prov.fails("report", "weekly", "--region", "74").stderr
    )
    prov.fails("report", "weekly", "--office", "KPU Luwu", "--region", "73", code=2)
