"""An undo is a change like any other for those who saw the edit.

Undo once put back the row's old updated_at and revision with its old content: a province
that had merged the edited meeting then kept the edit forever (its copy was 'newer'), and a
calendar that had seen the edit got a lower SEQUENCE and ignored the undone event. The
content comes back; updated_at and the revision move on.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Cli
from test_merge import make_office, province


def _sequence(c: Cli, mid: str) -> int:
    ics = c.ok("export", "ics", "--meetings").stdout.replace("\r\n ", "")
    event = next(e for e in ics.split("BEGIN:VEVENT")[1:] if mid in e)
    return int(re.search(r"SEQUENCE:(\d+)", event).group(1))  # type: ignore[union-attr]


def test_a_province_that_merged_the_edit_takes_the_undo(tmp_path: Path) -> None:
    lutra = make_office(tmp_path, "lutra", "KPU Kabupaten Luwu Utara", "KPU Lutra", "73.22")
    mid = lutra.ok(
        "meeting", "add", "-t", "Rakor logistik", "-d", "3/7/2024", "--venue", "Aula KPU Lutra"
    ).stdout.strip()
    lutra.ok("meeting", "edit", mid, "--venue", "Hotel Remcy Masamba")
    seen = _sequence(lutra, mid)
    prov = province(tmp_path)
    lutra.ok("db", "backup", str(tmp_path / "kiriman-1.db"))
    prov.ok("merge", str(tmp_path / "kiriman-1.db"))
    assert prov.json("meeting", "show", mid)["venue"] == "Hotel Remcy Masamba"

    lutra.ok("undo")
    assert lutra.json("meeting", "show", mid)["venue"] == "Aula KPU Lutra"
    assert _sequence(lutra, mid) > seen  # the calendar takes the undone event
    lutra.ok("db", "backup", str(tmp_path / "kiriman-2.db"))
    prov.ok("merge", str(tmp_path / "kiriman-2.db"))
    assert prov.json("meeting", "show", mid)["venue"] == "Aula KPU Lutra"
