"""Small rules that live once, in the data layer, whatever calls them (issue 27)."""

from __future__ import annotations

import pytest
from tests.conftest import Cli, dump

from kpukoord.errors import KpuError
from kpukoord.records import agencies
from kpukoord.store.db import Database


def test_the_data_layer_refuses_to_remove_the_offices_own_agency(office: Cli) -> None:
    before = dump(office.db)
    with Database(office.db) as db:
        own = db.office()["agency_id"]
        for name in ("KPU Sijunjung", own):  # by alias and by id
            with pytest.raises(KpuError, match="own agency; it cannot be removed"):
                agencies.remove(db, name)
    assert dump(office.db) == before


def test_the_data_layer_removes_another_agency_softly(office: Cli) -> None:
    office.ok("agency", "add", "Bawaslu Kabupaten Sijunjung", "--kind", "bawaslu")
    with Database(office.db) as db:
        row = agencies.remove(db, "bawaslu kabupaten  sijunjung")
        assert row["name"] == "Bawaslu Kabupaten Sijunjung"
        gone = db.get("agency", row["id"])
        assert gone is not None and gone["deleted_at"] is not None
    assert "unknown agency" in office.fails("agency", "show", "Bawaslu Kabupaten Sijunjung").stderr


def test_progress_reported_at_a_meeting_links_the_stage_once(demo: Cli) -> None:
    """`stage progress --meeting` links the stage through meetings.Writer: reported
    twice, the meeting cites the stage once, and the stage lists the meeting once."""
    rakor = demo.json("meeting", "list", "--kind", "rakor", "--agency", "Bawaslu Sijunjung")[0]
    before = [s["ref"] for s in demo.json("meeting", "show", rakor["id"])["stages"]]
    assert "pkpu-2-2024:kampanye" not in before
    for pct in ("40", "55%"):
        demo.ok("stage", "progress", "pkpu-2-2024:kampanye", pct, "--meeting", rakor["id"])
    after = [s["ref"] for s in demo.json("meeting", "show", rakor["id"])["stages"]]
    assert sorted(after) == sorted([*before, "pkpu-2-2024:kampanye"])
    stage = demo.json("stage", "show", "pkpu-2-2024:kampanye")
    assert [m["id"] for m in stage["meetings"]].count(rakor["id"]) == 1
    assert [p["percent"] for p in stage["progress"]][-2:] == [40, 55]


def test_progress_at_an_unknown_meeting_changes_nothing(demo: Cli) -> None:
    err = demo.fails(
        "stage", "progress", "pkpu-2-2024:coklit", "40", "--meeting", "01ZZZZZZ"
    ).stderr
    assert "01ZZZZZZ" in err
