"""kpukoord benchmark: build national-scale databases, time whole commands, check targets.

    python benchmarks/run.py            # full: 500,000 meetings and a 10x smaller database
    python benchmarks/run.py --smoke    # tiny sizes, one quick pass (CI runs this)

Every figure is the median wall time of whole processes (what an operator waits for),
printed beside its anchor measured in the same run, with the target and whether it is met.
Databases go to benchmarks/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from kpukoord import names, office, schedules  # noqa: E402
from kpukoord.db import Database, now_utc  # noqa: E402
from kpukoord.ids import new_id  # noqa: E402
from kpukoord.migrations import reindex  # noqa: E402

AS_OF = "2024-07-05"
KINDS = [
    "kpu",
    "bawaslu",
    "pemda",
    "dprd",
    "polri",
    "tni",
    "kejaksaan",
    "kesbangpol",
    "ppk",
    "pps",
    "media",
    "party",
]
PREFIX = {
    "kpu": "KPU",
    "bawaslu": "Bawaslu",
    "pemda": "Pemerintah",
    "dprd": "DPRD",
    "polri": "Polres",
    "tni": "Kodim",
    "kejaksaan": "Kejaksaan Negeri",
    "kesbangpol": "Badan Kesbangpol",
    "ppk": "PPK se-",
    "pps": "PPS se-",
    "media": "Media Center",
    "party": "Partai Peserta",
}
TOPICS = [
    "coklit",
    "logistik",
    "kampanye",
    "pemutakhiran data pemilih",
    "pembentukan PPK",
    "distribusi surat suara",
    "keamanan TPS",
    "sosialisasi",
    "rekapitulasi",
    "netralitas ASN",
]
MEETING_KINDS = ["rakor", "kunjungan", "supervisi", "monev", "bimtek", "sosialisasi", "audiensi"]


def build(path: Path, offices: int, meetings: int, attendees_per: int, actions_per: int) -> None:
    """The rows the write path would make, written in bulk (same columns, ids, origins)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rnd = random.Random(2024)
    with Database(path) as db:
        office.setup(db, name="KPU RI (gabungan)", timezone="WIB")
        schedules.import_paths(db, [schedules.bundled_dir()])
        conn = db.conn
        stamp = now_utc()
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name NOT LIKE '\\_%' ESCAPE '\\'"
        ).fetchall()
        with db.atomic():
            for name, _ in triggers:  # the search index is rebuilt in one pass afterwards
                conn.execute(f"DROP TRIGGER {name}")
            office_agencies: list[list[tuple[str, str]]] = []
            rows = []
            for o in range(offices):
                origin = new_id()
                mine = []
                for kind in KINDS:
                    name = f"{PREFIX[kind]} Kabupaten Contoh {o:03d}"
                    aid = new_id()
                    mine.append((aid, origin))
                    rows.append(
                        (
                            aid,
                            origin,
                            stamp,
                            stamp,
                            name,
                            "[]",
                            kind,
                            "kabupaten/kota",
                            names.packed([names.key(name)]),
                            names.packed([names.loose_key(name)]),
                        )
                    )
                office_agencies.append(mine)
            conn.executemany(
                "INSERT INTO agency (id, origin, created_at, updated_at, name, aliases, kind, level,"
                " lookup, lookup_loose) VALUES (?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            first = dt.date(2022, 1, 1)
            span = (dt.date(2025, 12, 31) - first).days
            today = AS_OF
            batch_m, batch_a, batch_x = [], [], []
            for i in range(meetings):
                mine = office_agencies[i % offices]
                host, origin = mine[0]
                day = (first + dt.timedelta(days=rnd.randrange(span))).isoformat()
                mid = new_id()
                topic = rnd.choice(TOPICS)
                batch_m.append(
                    (
                        mid,
                        origin,
                        stamp,
                        stamp,
                        f"Rakor {topic}",
                        rnd.choice(MEETING_KINDS),
                        "held" if day <= today else "planned",
                        day,
                        day,
                        "Aula KPU",
                        host,
                        f"Pembahasan {topic} bersama pemangku kepentingan",
                    )
                )
                for seq, (aid, _) in enumerate(rnd.sample(mine[1:], attendees_per)):
                    batch_a.append((new_id(), origin, stamp, stamp, mid, aid, seq))
                for _ in range(actions_per):
                    due = (
                        dt.date.fromisoformat(day) + dt.timedelta(days=rnd.randint(3, 30))
                    ).isoformat()
                    done = due < today and rnd.random() < 0.8
                    batch_x.append(
                        (
                            new_id(),
                            origin,
                            stamp,
                            stamp,
                            f"Tindak lanjut {topic}",
                            rnd.choice(mine)[0],
                            due,
                            "done" if done else "open",
                            mid,
                            due if done else None,
                        )
                    )
                if len(batch_a) >= 200_000 or i == meetings - 1:
                    conn.executemany(
                        "INSERT INTO meeting (id, origin, created_at, updated_at, title, kind, status,"
                        " start_date, end_date, venue, host_id, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        batch_m,
                    )
                    conn.executemany(
                        "INSERT INTO attendee (id, origin, created_at, updated_at, meeting_id,"
                        " agency_id, seq) VALUES (?,?,?,?,?,?,?)",
                        batch_a,
                    )
                    conn.executemany(
                        "INSERT INTO action (id, origin, created_at, updated_at, text, owner_id,"
                        " due_date, status, meeting_id, done_date) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        batch_x,
                    )
                    batch_m, batch_a, batch_x = [], [], []
            for _, sql in triggers:
                conn.execute(sql)
        reindex(db)
        conn.execute("ANALYZE")


def median_time(cmd: list[str], env: dict[str, str], runs: int, setup=None) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        if setup:
            setup()
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bulk_rows(n: int) -> list[tuple[str, ...]]:
    day = dt.date(2023, 1, 2)
    return [
        (
            f"Rakor {i}",
            "rakor",
            (day + dt.timedelta(days=i % 700)).isoformat(),
            (day + dt.timedelta(days=i % 700)).isoformat(),
            "Aula KPU",
        )
        for i in range(n)
    ]


def executemany_time(rows: list[tuple[str, ...]], template: Path) -> float:
    """The anchor: Python's sqlite3 executemany of the same rows, ids and stamps included."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "raw.db"
        shutil.copy(template, db)
        t = time.perf_counter()
        conn = sqlite3.connect(db)
        stamp = now_utc()
        conn.executemany(
            "INSERT INTO meeting (id, origin, created_at, updated_at, title, kind, status, start_date,"
            " end_date, venue) VALUES (?, 'x', ?, ?, ?, ?, 'held', ?, ?, ?)",
            [(new_id(), stamp, stamp, *r) for r in rows],
        )
        conn.commit()
        conn.close()
        return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--smoke", action="store_true", help="tiny sizes, one run: checks the script works"
    )
    ap.add_argument("--runs", type=int, default=None, help="runs per timing (default 7, smoke 1)")
    ap.add_argument("--keep", action="store_true", help="reuse databases already built")
    args = ap.parse_args()
    runs = args.runs or (1 if args.smoke else 7)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    big, small = out / "national.db", out / "tenth.db"
    scale = 1000 if args.smoke else 1
    sizes = {
        big: (514 // (10 if args.smoke else 1) or 1, 500_000 // scale, 4, 2),
        small: (52 // (10 if args.smoke else 1) or 1, 50_000 // scale, 4, 2),
    }
    for path, (offices, n, att, act) in sizes.items():
        if args.keep and path.exists():
            continue
        t = time.perf_counter()
        build(path, offices, n, att, act)
        c = sqlite3.connect(path)
        counts = {
            t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in ("agency", "meeting", "attendee", "action", "stage")
        }
        c.close()
        print(
            f"built {path.name}: {counts} in {time.perf_counter() - t:.1f} s "
            f"({path.stat().st_size / 1e6:.0f} MB)",
            flush=True,
        )

    py = sys.executable
    kp = [py, "-m", "kpukoord"]
    base_env = {**os.environ, "KPUKOORD_TODAY": AS_OF}
    env = {**base_env, "KPUKOORD_DB": str(big)}
    env_small = {**base_env, "KPUKOORD_DB": str(small)}
    agency = (
        sqlite3.connect(big)
        .execute("SELECT name FROM agency WHERE kind = 'bawaslu' ORDER BY name LIMIT 1")
        .fetchone()[0]
    )
    results: dict[str, float] = {}

    def timed(label: str, cmd: list[str], e: dict[str, str] = env, setup=None) -> float:  # type: ignore[no-untyped-def]
        results[label] = median_time(cmd, e, runs, setup)
        print(f"  {label:<52} {results[label] * 1000:9.1f} ms", flush=True)
        return results[label]

    print(f"\nmedians of {runs} run(s), whole processes, as of {AS_OF}")
    bare = timed("python -c pass", [py, "-c", "pass"])
    version = timed("kpukoord --version", [*kp, "--version"])
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "scratch.db"
        shutil.copy(small, scratch)
        row = {
            "title": "Rakor logistik",
            "kind": "rakor",
            "status": "held",
            "start_date": "2024-07-05",
            "end_date": "2024-07-05",
        }
        # sqlite-utils reads the row from stdin
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(
                [py, "-m", "sqlite_utils", "insert", str(Path(tmp) / "su.db"), "meeting", "-"],
                input=json.dumps(row).encode(),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - t)
        su = results["sqlite-utils insert (same row)"] = statistics.median(times)
        print(f"  {'sqlite-utils insert (same row)':<52} {su * 1000:9.1f} ms")
        add = timed(
            "kpukoord meeting add (one meeting)",
            [*kp, "meeting", "add", "--title", "Rakor logistik", "--date", "5/7/2024"],
            {**base_env, "KPUKOORD_DB": str(scratch)},
        )
    rep_big = timed(
        "report weekly --format json (national)", [*kp, "report", "weekly", "--format", "json"]
    )
    rep_small = timed(
        "report weekly --format json (10x smaller)",
        [*kp, "report", "weekly", "--format", "json"],
        env_small,
    )
    timed(
        "meeting list --agency A --from D --to D (national)",
        [
            *kp,
            "meeting",
            "list",
            "--agency",
            agency,
            "--from",
            "1/6/2024",
            "--to",
            "30/6/2024",
            "--json",
        ],
    )
    timed("search logistik (national)", [*kp, "search", "logistik", "--json"])
    timed(
        "stage list --active-on D (national)",
        [*kp, "stage", "list", "--active-on", AS_OF, "--json"],
    )
    timed(
        "schedule import schedules/ (unchanged, national)",
        [*kp, "schedule", "import", str(ROOT / "schedules")],
    )

    n_bulk = 100 if args.smoke else 100_000
    rows = bulk_rows(n_bulk)
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.db"
        with Database(template) as db:
            office.setup(db, name="KPU Kabupaten Contoh", timezone="WIB")
        csv_path = Path(tmp) / "bulk.csv"
        with csv_path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["title", "kind", "start_date", "end_date", "venue"])
            w.writerows(rows)
        raw = statistics.median(
            executemany_time(rows, template) for _ in range(max(1, min(runs, 3)))
        )
        print(f"  {f'sqlite3 executemany of {n_bulk} rows':<52} {raw * 1000:9.1f} ms")
        target_db = Path(tmp) / "bulk.db"
        bulk = timed(
            f"import meetings of {n_bulk} rows",
            [*kp, "import", "meetings", str(csv_path)],
            {**base_env, "KPUKOORD_DB": str(target_db)},
            setup=lambda: shutil.copy(template, target_db),
        )

    print("\ntargets (ratios within this run)")
    checks = [
        ("meeting add <= 0.5 x sqlite-utils insert", add / su, 0.5, "<="),
        ("--version <= 3 x python -c pass", version / bare, 3.0, "<="),
        ("report weekly (national) median < 0.5 s", rep_big, 0.5, "<"),
        ("report national <= 1.3 x report 10x smaller", rep_big / rep_small, 1.3, "<="),
        ("bulk import throughput >= 0.5 x executemany", raw / bulk, 0.5, ">="),
    ]
    for label, value, target, op in checks:
        ok = value <= target if op == "<=" else (value < target if op == "<" else value >= target)
        print(f"  {label:<48} {value:8.3f}  (target {op} {target})  {'met' if ok else 'NOT met'}")
    if args.smoke:
        print("smoke run: sizes are tiny, so the figures say nothing about the targets")


if __name__ == "__main__":
    main()
