"""Score `meeting draft` on real news reports against facts read in them.

    python benchmarks/news_draft.py [ARTICLES_DIR]

ARTICLES_DIR defaults to ../shared/reference/articles. Only the facts (ground truth)
are stored here, never the reports' sentences. Prints date, time/zone, venue and host
accuracy, named attendees' precision and recall, and the time to draft one report.
The agencies are the demonstration's (src/kpukoord/demo/agencies.yaml).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KPUKOORD_LANG", "en")

TRUTH = {
    "kesbangpol-visit-luwu-utara-2023.txt": {
        "date": "2023-02-13",
        "time": None,
        "host": "KPU Kabupaten Luwu Utara",
        "venue": "ruang media center",
        "people": {
            "Hakim Bukara",
            "Syamsul Bachri",
            "Supriadi",
            "Hayu Vandy",
            "Fitria",
            "Makmur",
            "Asjaya",
        },
        "roles": {},
    },
    "rakor-pilkada-sijunjung-2024.txt": {
        "date": "2024-07-05",
        "time": None,
        "host": "KPU Kabupaten Sijunjung",
        "venue": "Hotel The ZHM Premiere Padang",
        "people": {"Benny Dwifa Yuswir", "Bayu Agung Perdana", "Juniwandri", "Medo Putra"},
        "roles": {},
    },
    "coffee-morning-bengkulu-utara-2024.txt": {
        "date": "2024-10-04",
        "time": None,
        "host": "Pemerintah Kabupaten Bengkulu Utara",
        "venue": "Aula Antasena Makodim 0423 Bengkulu Utara",
        "people": {"Andi Muhammad Yusuf", "Santoso", "Fitriyansyah"},
        "roles": {},
    },
}


def main() -> int:
    from kpukoord import agencies, dates
    from kpukoord.db import Database
    from kpukoord.demo import HERE
    from kpukoord.errors import NotFound
    from kpukoord.news import draft, source
    from kpukoord.yamlfile import load

    root = Path(__file__).resolve().parents[2] / "shared" / "reference" / "articles"
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else root
    if not folder.is_dir():
        print(f"no articles folder at {folder}: nothing to score")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        from typer.testing import CliRunner

        from kpukoord.cli import app

        env = {"KPUKOORD_DB": str(path)}
        args = ["init", "--office", "KPU Kabupaten Sijunjung", "--timezone", "WIB"]
        CliRunner().invoke(app, args, env=env)
        with Database(path) as db, db.atomic():
            f = HERE / "agencies.yaml"
            for item in load(f.read_text("utf-8"), str(f)).data:
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
        hits = {"date": 0, "time": 0, "host": 0, "venue": 0}
        tp = fp = fn = 0
        took = []
        n = 0
        with Database(path) as db:
            for name, truth in TRUTH.items():
                file = folder / name
                if not file.exists():
                    continue
                n += 1
                t0 = time.perf_counter()
                d = draft.draft(db, source.load(str(file)))
                took.append(time.perf_counter() - t0)
                got_date = d.value("date")
                day = None
                if got_date:
                    day = dates.parse(got_date, ref=d.published or dates.today()).start.isoformat()
                hits["date"] += day == truth["date"]
                hits["time"] += d.value("time") == truth["time"]
                hits["host"] += d.value("host") == truth["host"]
                hits["venue"] += d.value("venue") == truth["venue"]
                people = {a["person"] for a in d.values("attendees") if isinstance(a, dict)}
                tp += len(people & truth["people"])
                fp += len(people - truth["people"])
                fn += len(truth["people"] - people)
                print(
                    f"{name}: date {day}, host {d.value('host')}, venue {d.value('venue')}, "
                    f"people {len(people & truth['people'])}/{len(truth['people'])} "
                    f"(+{len(people - truth['people'])} not in the report's facts)"
                )
    if not n:
        print("no report of the ground truth found")
        return 0
    for k, v in hits.items():
        print(f"{k:6} accuracy {v}/{n} = {100 * v / n:.0f}%")
    print(
        f"named attendees precision {100 * tp / max(1, tp + fp):.0f}%, "
        f"recall {100 * tp / max(1, tp + fn):.0f}%"
    )
    print(f"time per report: mean {1000 * sum(took) / n:.0f} ms, max {1000 * max(took):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
