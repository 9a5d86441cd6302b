"""Small rules that live once, in the data layer, whatever calls them (issue 27)."""

from __future__ import annotations

import pytest
from tests.conftest import Cli, dump

from kpukoord import agencies
from kpukoord.db import Database
from kpukoord.errors import KpuError


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
