"""Score `meeting draft` on news reports against facts read in them.

    python benchmarks/news_draft.py [SEED_ARTICLES_DIR]

Two sets: the seed reports of ../shared/reference/articles (the drafter was written
against them; skipped when the folder is absent) and the short reports of
benchmarks/news/ (written for the benchmark, with their facts in truth.yaml). Only
facts are stored for the seed reports, never their sentences. Prints, per set, date,
time and zone, host and venue accuracy, named attendees' precision and recall, roles,
and the time to draft one report. Agencies are the demonstration's
(src/kpukoord/demo/agencies.yaml), in a database of KPU Kabupaten Sijunjung (WIB).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("KPUKOORD_LANG", "en")

HERE = Path(__file__).resolve().parent
SEED: dict[str, dict[str, Any]] = {
    "kesbangpol-visit-luwu-utara-2023.txt": {
        "date": "2023-02-13",
        "time": None,
        "zone": None,
        "host": "KPU Kabupaten Luwu Utara",
        "venue": "ruang media center",
        "people": [
            "Hakim Bukara",
            "Syamsul Bachri",
            "Supriadi",
            "Hayu Vandy",
            "Fitria",
            "Makmur",
            "Asjaya",
        ],
        "roles": {},
    },
    "rakor-pilkada-sijunjung-2024.txt": {
        "date": "2024-07-05",
        "time": None,
        "zone": None,
        "host": "KPU Kabupaten Sijunjung",
        "venue": "Hotel The ZHM Premiere Padang",
        "people": ["Benny Dwifa Yuswir", "Bayu Agung Perdana", "Juniwandri", "Medo Putra"],
        "roles": {},
    },
    "coffee-morning-bengkulu-utara-2024.txt": {
        "date": "2024-10-04",
        "time": None,
        "zone": None,
        "host": "Pemerintah Kabupaten Bengkulu Utara",
        "venue": "Aula Antasena Makodim 0423 Bengkulu Utara",
        "people": ["Andi Muhammad Yusuf", "Santoso", "Fitriyansyah"],
        "roles": {},
    },
}


def _database(path: Path) -> None:
    from typer.testing import CliRunner

    from kpukoord import demo
    from kpukoord.cli import app

    args = ["init", "--office", "KPU Kabupaten Sijunjung", "--timezone", "WIB"]
    CliRunner().invoke(app, args, env={"KPUKOORD_DB": str(path)})
    demo.load_articles(path, meetings_too=False)


def score(
    db: Any, folder: Path, truth: dict[str, dict[str, Any]], label: str
) -> dict[str, float] | None:
    """Print the scores of one set; return them (fractions), None when no report is found."""
    from kpukoord.language import dates
    from kpukoord.news import draft, source

    hits = {"date": 0, "time": 0, "host": 0, "venue": 0, "roles": 0}
    tp = fp = fn = 0
    took: list[float] = []
    for name, t in truth.items():
        file = folder / name
        if not file.exists():
            continue
        t0 = time.perf_counter()
        d = draft.draft(db, source.load(str(file)))
        took.append(time.perf_counter() - t0)
        day = zone = start = None
        if d.value("date"):
            day = dates.parse(d.value("date"), ref=d.published or dates.today()).start.isoformat()
        if d.value("time"):
            start, _, zone = dates.parse_time_range(d.value("time"))
        hits["date"] += day == t["date"]
        hits["time"] += (start, zone) == (t["time"], t["zone"])
        hits["host"] += d.value("host") == t["host"]
        hits["venue"] += d.value("venue") == t["venue"]
        found = [a for a in d.values("attendees") if isinstance(a, dict)]
        people = {a["person"] for a in found}
        roles = {r: a["person"] for a in found for r in a.get("roles", [])}
        hits["roles"] += roles == t["roles"]
        want = set(t["people"])
        tp += len(people & want)
        fp += len(people - want)
        fn += len(want - people)
        extra = sorted(people - want)
        missed = sorted(want - people)
        print(
            f"  {name}: date {day}, time {start} {zone}, host {d.value('host')}, "
            f"venue {d.value('venue')}, people {len(people & want)}/{len(want)}"
            + (f", not in the facts: {extra}" if extra else "")
            + (f", missed: {missed}" if missed else "")
            + (f", roles {roles}" if roles != t["roles"] else "")
        )
    n = len(took)
    if not n:
        print(f"{label}: no report found")
        return None
    print(f"{label}: {n} reports")
    for k, v in hits.items():
        print(f"  {k:5} right in {v}/{n} = {100 * v / n:.0f}%")
    print(
        f"  named attendees: precision {100 * tp / max(1, tp + fp):.0f}%, "
        f"recall {100 * tp / max(1, tp + fn):.0f}%"
    )
    print(f"  time per report: mean {1000 * sum(took) / n:.0f} ms, max {1000 * max(took):.0f} ms")
    return {
        **{k: v / n for k, v in hits.items()},
        "precision": tp / max(1, tp + fp),
        "recall": tp / max(1, tp + fn),
        "seconds": max(took),
    }


def main() -> int:
    import yaml

    from kpukoord.store.db import Database

    seed = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else HERE.parents[1] / "shared" / "reference" / "articles"
    )
    own = yaml.safe_load((HERE / "news" / "truth.yaml").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        _database(path)
        with Database(path) as db:
            if seed.is_dir():
                score(db, seed, SEED, "seed reports (the drafter was written against them)")
            else:
                print(f"seed reports: no folder {seed}, skipped")
            score(db, HERE / "news", own, "benchmark reports (benchmarks/news)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
