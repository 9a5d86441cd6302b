"""Demonstration data: three real coordination meetings reported in the news.

The YAML files here are written from the facts (dates, places, names, roles)
of the reports in shared/reference/articles/, not copied from their prose.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kpukoord.language.i18n import _

HERE = Path(__file__).resolve().parent


def load_articles(db_path: Path | str, *, meetings_too: bool = True) -> list[str]:
    """Record the reports' agencies and meetings in a database; return the meeting ids.

    Uses the same domain functions as the commands (and the same file format as
    ``meeting add --from-file``), so the demonstration is the tool at work.
    ``meetings_too=False`` records the agencies only (what ``meeting draft`` matches
    the reports against, in its tests and benchmark).
    """
    from kpukoord.errors import NotFound
    from kpukoord.language.yamlfile import load
    from kpukoord.records import agencies, meetings
    from kpukoord.store.db import Database

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
        if not meetings_too:
            return []
        meeting_file = HERE / "meetings.yaml"
        doc = load(meeting_file.read_text("utf-8"), str(meeting_file))
        ids = []
        for i, raw in enumerate(doc.data):
            draft = meetings.draft_from_raw(raw, doc.sub(i).where)
            ids.append(meetings.add(db, draft))
    return ids


DEMO_WEEK = "2024-07-05"  # the day of the Sijunjung rakor


def default_path() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("kpukoord", appauthor=False) / "demo.db"


def build(path: Path) -> None:
    """Make a fresh demonstration database at path (never a user's own database).

    An existing file is replaced only if it is itself a demo database.
    """
    import sqlite3

    from kpukoord.errors import KpuError
    from kpukoord.records import office
    from kpukoord.store.db import Database
    from kpukoord.timetables import schedules, stages

    if path.exists():
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                marked = conn.execute("SELECT value FROM _kpukoord WHERE key = 'demo'").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            marked = None
        if not marked:
            raise KpuError(
                _("{path}: exists and is not a demo database; not overwriting it").format(path=path)
            )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Database(path) as db:
        with db.atomic():
            db.set_meta("demo", "1")
        office.setup(
            db,
            name="KPU Kabupaten Sijunjung",
            region="13.03",  # Kabupaten Sijunjung, Sumatera Barat
            timezone="WIB",
            aliases=["KPU Sijunjung"],
        )
        schedules.import_paths(db, [schedules.bundled_dir()])
    ids = load_articles(path)
    with Database(path) as db, db.atomic():
        # Bengkulu Utara, 4 October 2024: "persiapan sudah 80%", waiting for the
        # governor candidates' attributes (from the coffee-morning report).
        coffee = ids[2]
        stage = stages.resolve(db, "pkpu-2-2024:kampanye")
        stages.add_progress(
            db,
            stage,
            80,
            note="menunggu atribut pasangan calon gubernur",
            meeting_id=coffee,
            day=date_of(db, coffee),
        )
        # An office of today (issue 25): its 2025 PDPB pleno, in a file of its own so that
        # meetings.yaml stays the three articles the tour and the tests import.
        from kpukoord.language.yamlfile import load
        from kpukoord.records import meetings

        today_file = HERE / "today.yaml"
        doc = load(today_file.read_text("utf-8"), str(today_file))
        for i, raw in enumerate(doc.data):
            meetings.add(db, meetings.draft_from_raw(raw, doc.sub(i).where))
        # The office's own Monday rakor, planned as a series (an example, marked so).
        from kpukoord.language.dates import iso_date
        from kpukoord.records import series

        series.plan(
            db,
            title="Rakor mingguan (contoh)",
            every="setiap Senin",
            start=iso_date("2024-07-08"),
            until=iso_date("2024-07-29"),
            venue="Aula KPU Sijunjung",
            time="09:00",
            timezone="WIB",
        )


def date_of(db: object, meeting_id: str) -> date:
    from kpukoord.language.dates import iso_date

    row = db.get("meeting", meeting_id)  # type: ignore[attr-defined]
    return iso_date(row["start_date"])
