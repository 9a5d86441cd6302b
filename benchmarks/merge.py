"""kpukoord merge benchmark: a province's 38 offices, and (by hand) the whole country.

    python benchmarks/merge.py              # 38 offices' files of ~1,000 meetings into a province
    python benchmarks/merge.py --national   # also 514 files into one national file (~15 min)
    python benchmarks/merge.py --smoke      # tiny sizes, one quick pass (CI runs this)

Each office's file is what ``kpukoord db backup`` sends: its own office id, its own
agencies (12 local ones, plus its own copy of the province's Polda and Bawaslu, which
the merge must keep as one per province), meetings with attendees, a decision and two
follow-ups each, and the bundled timetables. Whole processes are timed (what an
operator waits for), with the peak memory of the merging process. Files go to
benchmarks/out/merge/ (ignored by git).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from kpukoord.language import names  # noqa: E402
from kpukoord.records import office  # noqa: E402
from kpukoord.store import history  # noqa: E402
from kpukoord.store.db import Database, now_utc  # noqa: E402
from kpukoord.store.ids import new_id  # noqa: E402
from kpukoord.timetables import schedules  # noqa: E402

AS_OF = "2024-07-05"
KINDS = {
    "bawaslu": "Bawaslu Kabupaten",
    "pemda": "Pemerintah Kabupaten",
    "dprd": "DPRD Kabupaten",
    "polri": "Polres",
    "tni": "Kodim",
    "kejaksaan": "Kejaksaan Negeri",
    "kesbangpol": "Badan Kesbangpol Kabupaten",
    "disdukcapil": "Disdukcapil Kabupaten",
    "ppk": "PPK se-Kabupaten",
    "media": "Media Center Kabupaten",
    "party": "Partai Peserta Kabupaten",
    "ormas": "Ormas Kabupaten",
}
SHARED = {"polri": "Polda Provinsi", "bawaslu": "Bawaslu Provinsi"}  # one per province
TOPICS = ["coklit", "logistik", "kampanye", "pembentukan PPK", "keamanan TPS", "sosialisasi"]
MEETING_KINDS = ["rakor", "kunjungan", "supervisi", "monev", "bimtek", "sosialisasi"]
PROVINCES = 38
PROVINCE_OFFICES = 38  # the largest province (Jawa Timur) has 38 kabupaten/kota


def place(n: int) -> tuple[str, str]:
    """Office n's province and kabupaten codes: the first 38 in one province, the rest spread."""
    if n < PROVINCE_OFFICES:
        p, k = 0, n + 1
    else:
        p, k = 1 + (n - PROVINCE_OFFICES) % (PROVINCES - 1), (n - PROVINCE_OFFICES) // 37 + 1
    code = f"{11 + p:02d}"
    return code, f"{code}.{k:02d}"


def template(path: Path) -> None:
    """An office file with the bundled timetables, copied for every office."""
    path.unlink(missing_ok=True)
    with Database(path) as db:
        schedules.import_paths(db, [schedules.bundled_dir()])
        db.conn.execute("PRAGMA journal_mode = DELETE")


def agency_row(origin: str, stamp: str, name: str, kind: str, region: str) -> tuple[object, ...]:
    return (
        new_id(),
        origin,
        stamp,
        stamp,
        name,
        "[]",
        kind,
        "provinsi" if "." not in region else "kabupaten/kota",
        region,
        names.packed([names.key(name)]),
        names.packed([names.loose_key(name)]),
    )


def build_office(path: Path, tpl: Path, n: int, meetings: int) -> None:
    """Office n's file: its own ids and agencies, `meetings` meetings over 2023-2024."""
    shutil.copy(tpl, path)
    rnd = random.Random(n)
    prov_code, region = place(n)
    oid = new_id()
    stamp = now_utc()
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA foreign_keys = ON")
    c.execute("BEGIN")
    old = c.execute("SELECT value FROM _kpukoord WHERE key = 'office_id'").fetchone()[0]
    for table in ("schedule", "stage", "schedule_version"):
        c.execute(f"UPDATE {table} SET origin = ?", [oid])  # noqa: S608
    kpu = agency_row(oid, stamp, f"KPU Kabupaten Contoh {n:03d}", "kpu", region)
    rows = [kpu]
    for kind, prefix in KINDS.items():
        rows.append(agency_row(oid, stamp, f"{prefix} Contoh {n:03d}", kind, region))
    for kind, prefix in SHARED.items():
        rows.append(agency_row(oid, stamp, f"{prefix} Contoh {prov_code}", kind, prov_code))
    c.executemany(
        "INSERT INTO agency (id, origin, created_at, updated_at, name, aliases, kind, level,"
        " region, lookup, lookup_loose) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    c.execute(
        "UPDATE office SET id = ?, origin = ?, name = ?, region = ?, timezone = 'WITA',"
        " agency_id = ? WHERE id = ?",
        [oid, oid, kpu[4], region, kpu[0], old],
    )
    c.execute("UPDATE _kpukoord SET value = ? WHERE key = 'office_id'", [oid])
    others = [r[0] for r in rows[1:]]
    first = dt.date(2023, 1, 1)
    span = (dt.date(2024, 12, 31) - first).days
    m_rows, a_rows, d_rows, x_rows = [], [], [], []
    for _ in range(meetings):
        day = (first + dt.timedelta(days=rnd.randrange(span))).isoformat()
        mid = new_id()
        topic = rnd.choice(TOPICS)
        m_rows.append(
            (
                mid,
                oid,
                stamp,
                stamp,
                f"Rakor {topic}",
                rnd.choice(MEETING_KINDS),
                "held" if day <= AS_OF else "planned",
                day,
                day,
                "Aula KPU",
                kpu[0],
                f"Pembahasan {topic}",
            )
        )
        for seq, aid in enumerate(rnd.sample(others, 4)):
            a_rows.append((new_id(), oid, stamp, stamp, mid, aid, seq))
        d_rows.append((new_id(), oid, stamp, stamp, mid, 0, f"Sepakat menindaklanjuti {topic}"))
        for _ in range(2):
            due = (dt.date.fromisoformat(day) + dt.timedelta(days=rnd.randint(3, 30))).isoformat()
            done = due < AS_OF and rnd.random() < 0.8
            x_rows.append(
                (
                    new_id(),
                    oid,
                    stamp,
                    stamp,
                    f"Tindak lanjut {topic}",
                    rnd.choice(others),
                    due,
                    "done" if done else "open",
                    mid,
                    due if done else None,
                )
            )
    c.executemany(
        "INSERT INTO meeting (id, origin, created_at, updated_at, title, kind, status,"
        " start_date, end_date, venue, host_id, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        m_rows,
    )
    c.executemany(
        "INSERT INTO attendee (id, origin, created_at, updated_at, meeting_id, agency_id, seq)"
        " VALUES (?,?,?,?,?,?,?)",
        a_rows,
    )
    c.executemany(
        "INSERT INTO decision (id, origin, created_at, updated_at, meeting_id, seq, text)"
        " VALUES (?,?,?,?,?,?,?)",
        d_rows,
    )
    c.executemany(
        "INSERT INTO action (id, origin, created_at, updated_at, text, owner_id, due_date,"
        " status, meeting_id, done_date) VALUES (?,?,?,?,?,?,?,?,?,?)",
        x_rows,
    )
    c.execute("COMMIT")
    c.close()


def target(path: Path, name: str, region: str | None) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with Database(path) as db:
        office.setup(db, name=name, region=region, timezone="WITA")
        schedules.import_paths(db, [schedules.bundled_dir()])


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time (s) and peak memory (MB) of one whole process, and its stdout."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "wall = time.perf_counter() - t\n"
        "if r.returncode: sys.exit(r.stderr)\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(f'{wall} {rss}'); print(r.stdout, end='')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], env=env, check=True, capture_output=True, text=True
    ).stdout
    head, _, rest = out.partition("\n")
    wall, rss = head.split()
    return float(wall), float(rss), rest


def median_time(cmd: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def build_files(out: Path, tpl: Path, count: int, meetings: int, keep: bool) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = []
    t = time.perf_counter()
    for n in range(count):
        path = out / f"kpu-{n:03d}.db"
        if not (keep and path.exists()):
            build_office(path, tpl, n, meetings)
        files.append(path)
    size = sum(f.stat().st_size for f in files) / 1e6
    print(
        f"built {count} office files in {out.name}/: {size:.0f} MB in {time.perf_counter() - t:.1f} s"
    )
    return files


def rollup(label: str, files: list[Path], path: Path, region: str | None, runs: int) -> None:
    kp = [sys.executable, "-m", "kpukoord"]
    env = {**os.environ, "KPUKOORD_TODAY": AS_OF, "KPUKOORD_DB": str(path)}
    # the same merge into a file without the history's triggers, first (issue 28)
    bare = path.with_name(path.stem + "-without-history.db")
    target(bare, f"KPU {label}", region)
    conn = sqlite3.connect(bare)
    history.drop_triggers(conn)
    conn.commit()
    conn.close()
    wall0, _, _ = measured(
        [*kp, "merge", "--json", *map(str, files)], {**env, "KPUKOORD_DB": str(bare)}
    )
    target(path, f"KPU {label}", region)
    wall, rss, stdout = measured([*kp, "merge", "--json", *map(str, files)], env)
    print(
        f"  {f'merge {len(files)} files, with / without history':<52} {wall:8.1f} / {wall0:.1f} s"
        f" = {wall / wall0:.2f} (target <= 1.25: {'met' if wall / wall0 <= 1.25 else 'NOT met'})"
    )
    report = json.loads(stdout)["files"]
    added = sum(sum(f["added"].values()) for f in report)
    matched = sum(len(f["matched"]) for f in report)
    print(
        f"  {f'merge {len(files)} files into an empty {label} file':<52} {wall:8.1f} s  "
        f"{rss:6.0f} MB peak  ({added:,} rows added, {matched} agencies kept as one)"
    )
    wall2, rss2, stdout = measured([*kp, "merge", "--json", *map(str, files)], env)
    again = json.loads(stdout)["files"]
    same = all(
        not any(f[k][t] for k in ("added", "updated", "removed") for t in f[k]) for f in again
    )
    print(
        f"  {'merge the same files again (all unchanged: ' + str(same) + ')':<52} {wall2:8.1f} s  "
        f"{rss2:6.0f} MB peak"
    )
    c = sqlite3.connect(path)
    counts = {
        t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
        for t in ("agency", "meeting", "attendee", "action")
    }
    c.close()
    print(f"  {label} file: {counts}, {path.stat().st_size / 1e6:.0f} MB")
    rep = median_time([*kp, "report", "offices", "--format", "json"], env, runs)
    print(
        f"  {'report offices --format json (median of ' + str(runs) + ')':<52} {rep * 1000:8.0f} ms"
        f"  (target < 1000 ms: {'met' if rep < 1 else 'NOT met'})"
    )
    one = median_time(
        [*kp, "report", "weekly", "--office", "KPU Kabupaten Contoh 001", "-f", "json"], env, runs
    )
    print(f"  {'report weekly --office X --format json':<52} {one * 1000:8.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--smoke", action="store_true", help="tiny sizes, one run: checks the script works"
    )
    ap.add_argument(
        "--national", action="store_true", help="also merge 514 files into one national file"
    )
    ap.add_argument(
        "--runs", type=int, default=None, help="runs per report timing (default 5, smoke 1)"
    )
    ap.add_argument("--keep", action="store_true", help="reuse office files already built")
    args = ap.parse_args()
    runs = args.runs or (1 if args.smoke else 5)
    meetings = 20 if args.smoke else 1000
    out = HERE / "out" / "merge"
    out.mkdir(parents=True, exist_ok=True)
    tpl = out / "template.db"
    template(tpl)
    in_province = 3 if args.smoke else PROVINCE_OFFICES
    in_country = (6 if args.smoke else 514) if args.national else in_province
    files = build_files(
        out / ("smoke" if args.smoke else "offices"), tpl, in_country, meetings, args.keep
    )
    print(f"\nas of {AS_OF}; {meetings} meetings per office; whole processes")
    rollup("province", files[:in_province], out / "province.db", "11", runs)
    if args.national:
        rollup("national", files, out / "national.db", None, runs)
    if args.smoke:
        print("smoke run: sizes are tiny, so the figures say nothing about the targets")


if __name__ == "__main__":
    main()
