"""A past week's report shows its follow-ups as they stood that week (trial of issue 27:
one due on the Saturday and done the Monday after was in no section of that week)."""

from __future__ import annotations

import json

from conftest import Cli


def test_a_follow_up_done_after_the_week_is_late_in_it(office: Cli) -> None:
    office.ok("agency", "add", "Disdukcapil Sijunjung")
    office.ok("meeting", "add", "-t", "Rakor DPB", "-d", "3/12/2026", "--action",
              "Serahkan data; owner=Disdukcapil Sijunjung; due=5 Desember 2026", today="2026-12-07")  # fmt: skip
    aid = office.json("action", "list", today="2026-12-07")[0]["id"]
    office.ok("action", "done", aid, "--on", "7 Desember 2026", today="2026-12-07")
    week = json.loads(
        office.ok(
            "report", "weekly", "--week", "2026-W49", "--format", "json", today="2026-12-07"
        ).stdout
    )
    assert [a["id"] for a in week["actions"]["overdue"]] == [aid]
    assert week["actions"]["totals"]["overdue"] == 1
    now = json.loads(office.ok("report", "weekly", "--format", "json", today="2026-12-07").stdout)
    assert not now["actions"]["overdue"]  # this week it is done: in no late list
