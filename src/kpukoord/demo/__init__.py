"""Demonstration data: three real coordination meetings reported in the news.

The YAML files here are written from the facts (dates, places, names, roles)
of the reports in shared/reference/articles/, not copied from their prose.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_articles(db_path: Path | str) -> list[str]:
    """Record the reports' agencies and meetings in a database; return the meeting ids.

    Uses the same domain functions as the commands (and the same file format as
    ``meeting add --from-file``), so the demonstration is the tool at work.
    """
    from kpukoord import agencies, meetings
    from kpukoord.db import Database
    from kpukoord.errors import NotFound
    from kpukoord.yamlfile import load

    with Database(db_path) as db, db.atomic():
        agency_file = HERE / "agencies.yaml"
        for item in load(agency_file.read_text("utf-8"), str(agency_file)).data:
            try:
                agencies.find(db, item["name"])
            except NotFound:
                agencies.add(
                    db,
                    item["name"],
                    aliases=item.get("aliases"),
                    kind=item.get("kind"),
                    level=item.get("level"),
                    region=item.get("region"),
                )
        meeting_file = HERE / "meetings.yaml"
        doc = load(meeting_file.read_text("utf-8"), str(meeting_file))
        ids = []
        for i, raw in enumerate(doc.data):
            draft = meetings.draft_from_raw(raw, doc.sub(i).where)
            ids.append(meetings.add(db, draft))
    return ids
