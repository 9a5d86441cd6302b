"""kpukoord benchmark: build national-scale databases, time whole commands, check targets.

    python benchmarks/run.py            # full: 500,000 meetings and a 10x smaller database
    python benchmarks/run.py --keep     # reuse the databases in benchmarks/out/
    python benchmarks/run.py --smoke    # tiny sizes, one quick pass (CI runs this)

Every figure is the median wall time (and peak memory) of whole processes, what an
operator waits for, printed beside its anchor measured in the same run. Every listed
command runs on both databases WITHOUT statistics (no ANALYZE: what users' files
have) and again WITH them, and the national / 10x-smaller ratios of both are printed.
Databases go to benchmarks/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import pty
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from kpukoord.language import names  # noqa: E402
from kpukoord.records import office  # noqa: E402
from kpukoord.store.db import HELD_DAYS_OFF, LINK_DATES_OFF, Database, now_utc  # noqa: E402
from kpukoord.store.ids import _encode, new_id  # noqa: E402
from kpukoord.store.migrations import reindex  # noqa: E402
from kpukoord.timetables import schedules  # noqa: E402

AS_OF = "2024-07-05"
# Voting days of the bundled timetables: meetings crowd into the months before them.
VOTING_DAYS = [dt.date(2024, 2, 14), dt.date(2024, 11, 27), dt.date(2025, 8, 27)]
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
# The report's coverage worst case: agencies of this kind exist in every office, but
# nobody has met one in the year before AS_OF (only in 2022), so no recent meeting
# stops the walk early.
UNMET_KIND = "kejaksaan"
UNMET_UNTIL = "2023-01-01"
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
# Position titles as the articles name them (Ketua, Kapolres, Dandim, Kepala Badan Kesbangpol...)
POSITIONS = {
    "kpu": ["Ketua", "Komisioner", "Sekretaris", "Kasubag"],
    "bawaslu": ["Ketua", "Anggota"],
    "pemda": ["Bupati", "Sekretaris Daerah", "Kepala OPD"],
    "dprd": ["Ketua", "Anggota"],
    "polri": ["Kapolres", "Kapolsek"],
    "tni": ["Dandim", "Danramil"],
    "kejaksaan": ["Kepala Kejaksaan Negeri"],
    "kesbangpol": ["Kepala Badan", "Kabid Politik"],
    "ppk": ["Ketua PPK"],
    "pps": ["Ketua PPS"],
    "media": ["Koordinator"],
    "party": ["Ketua", "Sekretaris"],
}
# Topics and forms of meeting from the news reports of the shared reference (real KPU office news items)
# (rakor persiapan tahapan Pilkada Sijunjung 2024, kunjungan Kesbangpol Luwu Utara 2023,
# coffee morning Bengkulu Utara 2024).
TOPICS = [
    "persiapan tahapan",
    "pemutakhiran data pemilih",
    "tahapan kampanye",
    "keamanan",
    "kesehatan petugas",
    "penyaluran logistik",
    "pemungutan suara ulang",
    "partisipasi pemilih",
    "sinergitas dan koordinasi",
    "coklit",
    "distribusi surat suara",
    "rekapitulasi",
    "pembentukan PPK",
    "netralitas ASN",
]
TITLES = [
    ("rakor", "Rapat Koordinasi {topic} {election}"),
    ("rakor", "Rakor {topic} bersama Forkopimda"),
    ("coffee-morning", "Coffee Morning persiapan {election}"),
    ("kunjungan", "Kunjungan {guest} ke KPU"),
    ("audiensi", "Silaturahmi dan koordinasi dengan {guest}"),
    ("bimtek", "Bimtek {topic} untuk PPK"),
    ("sosialisasi", "Sosialisasi {topic} {election}"),
    ("monev", "Monev {topic}"),
    ("supervisi", "Supervisi {topic}"),
]
VENUES = ["Aula KPU", "Ruang Media Center KPU", "Aula Makodim", "Hotel", "Kantor Bupati"]


def election(day: dt.date) -> str:
    if day <= VOTING_DAYS[0]:
        return "Pemilu 2024"
    if day <= VOTING_DAYS[1]:
        return "Pilkada Serentak 2024"
    return "pasca Pilkada 2024"


def day_weights(first: dt.date, last: dt.date) -> tuple[list[dt.date], list[float]]:
    """Every day of the span with its weight: 1, rising to 5 in the 120 days before a
    voting day; weekends a fifth."""
    days, weights = [], []
    d = first
    while d <= last:
        w = 1.0
        for v in VOTING_DAYS:
            gap = (v - d).days
            if 0 <= gap <= 120:
                w = max(w, 5.0 - gap / 40)
        if d.weekday() >= 5:
            w /= 5
        days.append(d)
        weights.append(w)
        d += dt.timedelta(days=1)
    return days, weights


def id_at(moment: dt.datetime, rnd: random.Random) -> str:
    """A ULID made at that moment (ids spread over the years like real ones)."""
    ms = int(moment.timestamp() * 1000)
    return _encode((ms << 80) | rnd.getrandbits(80), 26)


def stamp_of(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def build(path: Path, offices: int, meetings: int, seed: int = 2024) -> None:
    """The rows the write path would make, written in bulk (same columns, ids, origins).

    Per office: its 12 agencies, a dozen people with positions; meetings crowd into
    the months before voting days, hosted mostly by the KPU, 1-15 attendee agencies
    (some of the neighbouring office's), some with a person and position, 0-3 decisions,
    0-4 follow-ups, a stage link when a stage of the timetables was running, 5 % over
    several days; ids and timestamps from the day each row was written. No ANALYZE:
    users' files never get one.
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rnd = random.Random(seed)
    with Database(path) as db:
        office.setup(db, name="KPU RI (gabungan)", timezone="WIB")
        schedules.import_paths(db, [schedules.bundled_dir()])
        conn = db.conn
        stage_rows = conn.execute(
            "SELECT id, start_date, coalesce(end_date, start_date) FROM stage "
            "WHERE start_date IS NOT NULL AND depth > 0"
        ).fetchall()
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name NOT LIKE '\\_%' ESCAPE '\\'"
        ).fetchall()
        first, last = dt.date(2022, 1, 3), dt.date(2025, 12, 31)
        days, weights = day_weights(first, last)
        cum = list(itertools.accumulate(weights))
        running: dict[dt.date, list[str]] = {}

        def stages_on(day: dt.date) -> list[str]:
            if day not in running:
                iso = day.isoformat()
                running[day] = [s for s, a, b in stage_rows if a <= iso <= b]
            return running[day]

        with db.atomic():
            for name, _ in triggers:  # the search index is rebuilt in one pass afterwards
                conn.execute(f"DROP TRIGGER {name}")
            office_agencies: list[list[tuple[str, str, str]]] = []
            office_people: list[dict[str, list[tuple[str, str]]]] = []
            agency_rows, person_rows, position_rows = [], [], []
            start = dt.datetime(2021, 11, 1, 8, tzinfo=dt.UTC)
            for o in range(offices):
                made = start + dt.timedelta(minutes=rnd.randrange(60 * 24 * 60))
                origin = id_at(made, rnd)
                mine, people = [], {}
                for kind in KINDS:
                    name = f"{PREFIX[kind]} Kabupaten Contoh {o:03d}"
                    aid = id_at(made, rnd)
                    s = stamp_of(made)
                    mine.append((aid, origin, kind))
                    agency_rows.append(
                        (
                            aid,
                            origin,
                            s,
                            s,
                            name,
                            "[]",
                            kind,
                            "kabupaten/kota",
                            names.packed([names.key(name)]),
                            names.packed([names.loose_key(name)]),
                        )
                    )
                    people[aid] = []
                    for title in POSITIONS[kind][: rnd.randint(1, 2)]:
                        pid = id_at(made, rnd)
                        pname = (
                            f"Pejabat {o:03d}-{len(person_rows):06d}"  # synthetic, no real names
                        )
                        person_rows.append((pid, origin, s, s, pname, names.key(pname)))
                        position_rows.append((id_at(made, rnd), origin, s, s, pid, aid, title))
                        people[aid].append((pid, title))
                office_agencies.append(mine)
                office_people.append(people)
            conn.executemany(
                "INSERT INTO agency (id, origin, created_at, updated_at, name, aliases, kind, level,"
                " lookup, lookup_loose) VALUES (?,?,?,?,?,?,?,?,?,?)",
                agency_rows,
            )
            conn.executemany(
                "INSERT INTO person (id, origin, created_at, updated_at, name, lookup)"
                " VALUES (?,?,?,?,?,?)",
                person_rows,
            )
            conn.executemany(
                "INSERT INTO position (id, origin, created_at, updated_at, person_id, agency_id,"
                " title) VALUES (?,?,?,?,?,?,?)",
                position_rows,
            )
            today = AS_OF
            bm, ba, bd, bx, bs = [], [], [], [], []
            picked = rnd.choices(days, cum_weights=cum, k=meetings)
            for i, day in enumerate(picked):
                o = i % offices
                mine, people = office_agencies[o], office_people[o]
                guests = [
                    a for a in mine[1:] if a[2] != UNMET_KIND or day.isoformat() < UNMET_UNTIL
                ]
                if offices > 1:
                    near = office_agencies[(o + 1) % offices]
                    guests += [a for a in near if a[2] not in ("kpu", UNMET_KIND)]
                kind, pattern = rnd.choice(TITLES)
                n_att = min(15, max(1, round(rnd.triangular(1, 15, 4))))
                attending = rnd.sample(guests, min(n_att, len(guests)))
                guest = PREFIX[attending[0][2]].replace(" se-", "")
                title = pattern.format(
                    topic=rnd.choice(TOPICS), election=election(day), guest=guest
                )
                host = mine[0] if rnd.random() < 0.85 else attending[0]
                if host[2] == UNMET_KIND:
                    host = mine[0]
                iso = day.isoformat()
                end = day + dt.timedelta(days=rnd.randint(1, 2)) if rnd.random() < 0.05 else day
                planned_ahead = rnd.random() < 0.6
                made = dt.datetime(
                    day.year,
                    day.month,
                    day.day,
                    rnd.randrange(1, 10),
                    rnd.randrange(60),
                    tzinfo=dt.UTC,
                )
                made += dt.timedelta(
                    days=-rnd.randint(1, 21) if planned_ahead else rnd.randint(0, 3)
                )
                s = stamp_of(made)
                status = "held" if iso <= today else "planned"
                if rnd.random() < 0.03:
                    status = "cancelled"
                mid = id_at(made, rnd)
                origin = host[1]
                bm.append(
                    (
                        mid,
                        origin,
                        s,
                        s,
                        title,
                        kind,
                        status,
                        iso,
                        end.isoformat(),
                        rnd.choice(VENUES),
                        host[0],
                        f"Pembahasan {rnd.choice(TOPICS)} bersama pemangku kepentingan",
                    )
                )
                for seq, (aid, _, _) in enumerate(attending):
                    pid = pos = None
                    staff = office_people[(o + 1) % offices].get(aid) or people.get(aid)
                    if staff and rnd.random() < 0.4:
                        pid, pos = rnd.choice(staff)
                    held_on = iso if status == "held" else None  # m015: the meeting's held day
                    ba.append((id_at(made, rnd), origin, s, s, mid, aid, pid, pos, seq, held_on))
                if status != "cancelled":
                    for seq in range(rnd.choice((0, 0, 1, 1, 2, 3))):
                        bd.append(
                            (
                                id_at(made, rnd),
                                origin,
                                s,
                                s,
                                mid,
                                seq,
                                f"Disepakati {rnd.choice(TOPICS)} dikoordinasikan bersama "
                                f"{PREFIX[rnd.choice(attending)[2]]}",
                            )
                        )
                    for _ in range(rnd.choice((0, 1, 2, 2, 3, 4))):
                        due = (day + dt.timedelta(days=rnd.randint(3, 30))).isoformat()
                        done = due < today and rnd.random() < 0.8
                        owner = rnd.choice(attending)[0]
                        bx.append(
                            (
                                id_at(made, rnd),
                                origin,
                                s,
                                s,
                                f"Tindak lanjut {rnd.choice(TOPICS)}",
                                owner,
                                due,
                                "done" if done else "open",
                                mid,
                                due if done else None,
                            )
                        )
                    running_now = stages_on(day)
                    if running_now and rnd.random() < 0.3:
                        bs.append(
                            (id_at(made, rnd), origin, s, s, mid, rnd.choice(running_now), iso)
                        )
                if len(ba) >= 200_000 or i == meetings - 1:
                    _flush(conn, bm, ba, bd, bx, bs)
                    bm, ba, bd, bx, bs = [], [], [], [], []
            for _, sql in triggers:
                conn.execute(sql)
        reindex(db)
        # the derived columns (m014, m015) are what the triggers would have written
        off = conn.execute(
            f"SELECT (SELECT count(*) FROM ({HELD_DAYS_OFF})) + "  # noqa: S608 (constants)
            f"(SELECT count(*) FROM ({LINK_DATES_OFF}))"
        ).fetchone()[0]
        assert off == 0, f"{off} derived dates differ from their meetings'"
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")


def _flush(conn: sqlite3.Connection, bm: list, ba: list, bd: list, bx: list, bs: list) -> None:  # type: ignore[type-arg]
    conn.executemany(
        "INSERT INTO meeting (id, origin, created_at, updated_at, title, kind, status,"
        " start_date, end_date, venue, host_id, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        bm,
    )
    conn.executemany(
        "INSERT INTO attendee (id, origin, created_at, updated_at, meeting_id, agency_id,"
        " person_id, position, seq, held_on) VALUES (?,?,?,?,?,?,?,?,?,?)",
        ba,
    )
    conn.executemany(
        "INSERT INTO decision (id, origin, created_at, updated_at, meeting_id, seq, text)"
        " VALUES (?,?,?,?,?,?,?)",
        bd,
    )
    conn.executemany(
        "INSERT INTO action (id, origin, created_at, updated_at, text, owner_id,"
        " due_date, status, meeting_id, done_date) VALUES (?,?,?,?,?,?,?,?,?,?)",
        bx,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO meeting_stage (id, origin, created_at, updated_at, meeting_id,"
        " stage_id, start_date) VALUES (?,?,?,?,?,?,?)",  # start_date: the meeting's (m014)
        bs,
    )


def run_once(cmd: list[str], env: dict[str, str], tty: bool = False) -> tuple[float, int]:
    """Wall time and peak memory (RSS, bytes) of one whole process.

    tty: stdout is a pseudo-terminal (what an operator at a terminal sees), drained
    as fast as the process writes; otherwise stdout goes to /dev/null (a pipe's cost).
    """
    master = slave = -1
    if tty:
        master, slave = pty.openpty()
        out: Any = slave
        env = {**env, "COLUMNS": "120", "LINES": "40", "TERM": "xterm"}
    else:
        out = subprocess.DEVNULL
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.PIPE)
    reader = None
    if tty:
        os.close(slave)

        def drain() -> None:
            try:
                while os.read(master, 65536):
                    pass
            except OSError:
                pass

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if reader:
        reader.join(5)
        os.close(master)
    if proc.returncode not in (0, 1):  # db check / overdue lists may exit 1 by design
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err.decode()[-500:]}")
    return elapsed, usage.ru_maxrss * 1024


def median_time(
    cmd: list[str], env: dict[str, str], runs: int, tty: bool = False, setup=None
) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    times, peak = [], 0
    for _ in range(runs):
        if setup:
            setup()
        t, rss = run_once(cmd, env, tty)
        times.append(t)
        peak = max(peak, rss)
    return statistics.median(times), peak


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


def without_history(src: Path, dest: Path) -> None:
    """A copy of src without the history's triggers: the figures "without history"."""
    from kpukoord.store import history

    shutil.copy(src, dest)
    conn = sqlite3.connect(dest)
    history.drop_triggers(conn)
    conn.commit()
    conn.close()


def history_share(path: Path) -> tuple[int, int]:
    """(bytes of the history's tables and indexes, bytes of everything else) in path."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT s.name, sum(s.pgsize) FROM dbstat s GROUP BY s.name").fetchall()
        owner = dict(
            conn.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"
            )
        )
    finally:
        conn.close()
    mine = sum(
        n for name, n in rows if owner.get(name, name) in ("_version", "_change", "_change_open")
    )
    return mine, sum(n for _, n in rows) - mine


def set_statistics(path: Path, on: bool) -> None:
    """ANALYZE the file, or remove every statistic (what a user's file has: none)."""
    conn = sqlite3.connect(path)
    if on:
        conn.execute("ANALYZE")
    else:
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
        conn.execute("DROP TABLE IF EXISTS sqlite_stat4")
    conn.commit()
    conn.close()


def has_statistics(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return bool(
            conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        )
    finally:
        conn.close()


def upgrade(path: Path) -> None:
    """Open once with this code, so that new migrations run before anything is timed."""
    with Database(path):
        pass
    for bak in path.parent.glob(f"{path.name}.v*.bak"):
        bak.unlink()  # the automatic pre-migration copy: not needed for a benchmark file


def completion_times(
    big: Path, kp: list[str], env: dict[str, str], timed: Callable[..., float]
) -> dict[str, float]:
    """Tab completion as the installed bash script asks it (kpukoord.fastcomplete)."""
    c = sqlite3.connect(big)
    prefix = c.execute("SELECT id FROM meeting ORDER BY id DESC LIMIT 1").fetchone()[0][:4]
    c.close()
    print("\nTab completion (bash protocol), national file, without statistics")
    out = {}
    for label, line, cur in (
        ("agency name: --attendee Baw", "kpukoord meeting add --attendee Baw", "Baw"),
        ("meeting id: meeting show <4 characters>", f"kpukoord meeting show {prefix}", prefix),
        ("stage: stage show pkpu-2-2024:cok", "kpukoord stage show pkpu-2-2024:cok", "cok"),
        ("key: --action 'Rakor; ow'", "kpukoord meeting add --action 'Rakor; ow", "'Rakor; ow"),
        ("person: --chair Pej", "kpukoord meeting add --chair Pej", "Pej"),
    ):
        asked = {**env, "_KPUKOORD_COMPLETE": "complete_bash", "COMP_LINE": line, "COMP_CUR": cur}
        out[label] = timed(f"complete {label}", kp, asked)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--smoke", action="store_true", help="tiny sizes, one run: checks the script works"
    )
    ap.add_argument("--runs", type=int, default=None, help="runs per timing (default 5, smoke 1)")
    ap.add_argument("--keep", action="store_true", help="reuse databases already built")
    ap.add_argument("--no-exports", action="store_true", help="skip the (long) export timings")
    ap.add_argument(
        "--completion",
        action="store_true",
        help="only the Tab completion timings (with --keep: on the national file built before)",
    )
    ap.add_argument(
        "--history-only",
        action="store_true",
        help="only the history's figures (issue 28): meeting add, bulk import, size, "
        "history ID and undo --dry-run, each beside its figure without history",
    )
    args = ap.parse_args()
    runs = args.runs or (1 if args.smoke else 5)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    if args.smoke:
        big, small = out / "smoke-national.db", out / "smoke-tenth.db"
        sizes = {big: (20, 2_000), small: (4, 200)}
    else:
        big, small = out / "national.db", out / "tenth.db"
        sizes = {big: (514, 500_000), small: (52, 50_000)}
    for path, (offices, n) in sizes.items():
        if args.completion and path != big:
            continue  # the completion timings read the national file only
        if args.keep and path.exists():
            upgrade(path)
            continue
        t = time.perf_counter()
        build(path, offices, n)
        c = sqlite3.connect(path)
        counts = {
            t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in (
                "agency",
                "person",
                "meeting",
                "attendee",
                "decision",
                "action",
                "meeting_stage",
            )
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
    envs = {
        "national": {**base_env, "KPUKOORD_DB": str(big)},
        "tenth": {**base_env, "KPUKOORD_DB": str(small)},
    }
    c = sqlite3.connect(big)
    agency = c.execute(
        "SELECT name FROM agency WHERE kind = 'bawaslu' ORDER BY name LIMIT 1"
    ).fetchone()[0]
    stage = c.execute(
        "SELECT c.code || ':' || s.key FROM meeting_stage l JOIN stage s ON s.id = l.stage_id "
        "JOIN schedule c ON c.id = s.schedule_id GROUP BY s.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    c.close()

    def timed(
        label: str,
        cmd: list[str],
        env: dict[str, str],
        n: int = runs,
        tty: bool = False,
        setup=None,
    ) -> float:  # type: ignore[no-untyped-def]
        t, rss = median_time(cmd, env, n, tty, setup)
        print(f"  {label:<56} {t * 1000:9.1f} ms  {rss / 2**20:6.0f} MB", flush=True)
        return t

    print(f"\nmedians of {runs} run(s), whole processes, as of {AS_OF}; time, peak RSS")
    bare = timed("python -c pass", [py, "-c", "pass"], base_env)
    version = timed("kpukoord --version", [*kp, "--version"], base_env)
    if args.completion:
        slowest = max(completion_times(big, kp, envs["national"], timed).values())
        ok = "met" if slowest < 0.15 else "NOT met"
        print(f"\n  slowest Tab completion (national) {slowest:.3f} s  (target < 0.15)  {ok}")
        return
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
        times = []
        for _ in range(runs):  # sqlite-utils reads the row from stdin
            t = time.perf_counter()
            subprocess.run(
                [py, "-m", "sqlite_utils", "insert", str(Path(tmp) / "su.db"), "meeting", "-"],
                input=json.dumps(row).encode(),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - t)
        su = statistics.median(times)
        print(f"  {'sqlite-utils insert (same row)':<56} {su * 1000:9.1f} ms")
        add = timed(
            "kpukoord meeting add (one meeting)",
            [*kp, "meeting", "add", "--title", "Rakor logistik", "--date", "5/7/2024"],
            {**base_env, "KPUKOORD_DB": str(scratch)},
        )
        bare_db = Path(tmp) / "bare.db"
        without_history(small, bare_db)
        add_bare = timed(
            "kpukoord meeting add (one meeting), without history",
            [*kp, "meeting", "add", "--title", "Rakor logistik", "--date", "5/7/2024"],
            {**base_env, "KPUKOORD_DB": str(bare_db)},
        )

    # history ID and undo --dry-run on the national file, its latest change one meeting edit
    c = sqlite3.connect(big)
    edited = c.execute("SELECT id FROM meeting ORDER BY id DESC LIMIT 1").fetchone()[0]
    c.close()
    subprocess.run(
        [*kp, "meeting", "edit", edited, "--venue", "Hotel Sahid"],
        env=envs["national"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    hist = timed(
        "history ID (national, a meeting edited)", [*kp, "history", edited], envs["national"]
    )
    undo_dry = timed(
        "undo --dry-run (national, that edit)", [*kp, "undo", "--dry-run"], envs["national"]
    )
    subprocess.run([*kp, "undo"], env=envs["national"], check=True, stdout=subprocess.DEVNULL)
    kept, rest = history_share(big)
    print(
        f"  {'history in the national file':<56} {kept / 2**20:9.1f} MB of "
        f"{(kept + rest) / 2**20:.0f} MB: +{kept / rest:.1%}"
    )

    listed: list[tuple[str, list[str], bool, int]] = [
        ("report weekly --format json", ["report", "weekly", "--format", "json"], False, runs),
        (
            "meeting list --agency A (no dates)",
            ["meeting", "list", "--agency", agency],
            False,
            runs,
        ),
        (
            "meeting list --agency A --from D --to D",
            [
                "meeting",
                "list",
                "--agency",
                agency,
                "--from",
                "1/6/2024",
                "--to",
                "30/6/2024",
            ],
            False,
            runs,
        ),
        ("meeting list --stage S", ["meeting", "list", "--stage", stage], False, runs),
        (
            "meeting list --kind K --status planned",
            ["meeting", "list", "--kind", "rakor", "--status", "planned"],
            False,
            runs,
        ),
        ("meeting list (no filter)", ["meeting", "list"], False, runs),
        ("action list --overdue (piped)", ["action", "list", "--overdue"], False, runs),
        ("action list --overdue (terminal)", ["action", "list", "--overdue"], True, runs),
        (
            "action list --overdue --owner A",
            ["action", "list", "--overdue", "--owner", agency],
            False,
            runs,
        ),
        ("search logistik", ["search", "logistik"], False, runs),
        (
            "stage list --active-on D",
            ["stage", "list", "--active-on", AS_OF, "--json"],
            False,
            runs,
        ),
        (
            "schedule import schedules/ (unchanged)",
            ["schedule", "import", str(ROOT / "schedules")],
            False,
            runs,
        ),
        ("db check", ["db", "check"], False, 1),  # reads the whole file: once
    ]
    if args.history_only:
        listed, args.no_exports = [], True
    table: dict[tuple[str, bool], tuple[float, float]] = {}
    for stats in (False, True) if listed else ():
        for path in (big, small):
            set_statistics(path, stats)
        print(
            f"\n{'WITH' if stats else 'WITHOUT'} statistics (sqlite_stat1 {'present' if stats else 'absent'})"
        )
        for label, cmd, tty, n in listed:
            # a writing command may leave statistics behind (PRAGMA optimize on close):
            # the runs without them start from a file without them, every time
            nat = timed(
                f"{label} (national)",
                [*kp, *cmd],
                envs["national"],
                n,
                tty,
                setup=None if stats else lambda: set_statistics(big, False),
            )
            ten = timed(
                f"{label} (10x smaller)",
                [*kp, *cmd],
                envs["tenth"],
                n,
                tty,
                setup=None if stats else lambda: set_statistics(small, False),
            )
            table[label, stats] = (nat, ten)
    set_statistics(big, False)
    set_statistics(small, False)

    exports: dict[str, tuple[float, int, int]] = {}
    if not args.no_exports:
        print("\nexports, one run each, without statistics: time, rows/s, peak RSS")
        with tempfile.TemporaryDirectory() as tmp:
            for name, cmd, marker in (
                ("export ics", ["export", "ics"], ("BEGIN:VEVENT", "BEGIN:VTODO")),
                ("export csv meetings", ["export", "csv", "meetings"], None),
                ("export json meetings", ["export", "json", "meetings"], None),
            ):
                for which, path in (("national", big), ("10x smaller", small)):
                    target = Path(tmp) / "out"
                    t, rss = run_once(
                        [*kp, *cmd, "-o", str(target)], envs["national" if path == big else "tenth"]
                    )
                    n = count_rows(target, name, marker)
                    target.unlink()
                    exports[f"{name} ({which})"] = (t, n, rss)
                    print(
                        f"  {name + ' (' + which + ')':<40} {t:8.1f} s {n:9d} rows {n / t:9.0f} rows/s {rss / 2**20:6.0f} MB",
                        flush=True,
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
        print(f"\n  {f'sqlite3 executemany of {n_bulk} rows':<56} {raw * 1000:9.1f} ms")
        target_db = Path(tmp) / "bulk.db"
        # with and without history in turns, so that the machine's load (shared) weighs
        # on both alike; the median of each
        cmd = [*kp, "import", "meetings", str(csv_path)]
        env = {**base_env, "KPUKOORD_DB": str(target_db)}
        with_times, bare_times, peak = [], [], 0
        for _ in range(max(1, min(runs, 3))):
            shutil.copy(template, target_db)
            t, rss = run_once(cmd, env)
            with_times.append(t)
            peak = max(peak, rss)
            without_history(template, target_db)
            bare_times.append(run_once(cmd, env)[0])
        bulk, bulk_bare = statistics.median(with_times), statistics.median(bare_times)
        print(
            f"  {f'import meetings of {n_bulk} rows':<56} {bulk * 1000:9.1f} ms  "
            f"{peak / 2**20:6.0f} MB"
        )
        print(
            f"  {f'import meetings of {n_bulk} rows, without history':<56} {bulk_bare * 1000:9.1f} ms"
        )

    completions = completion_times(big, kp, envs["national"], timed)

    print("\nnational vs 10x smaller (ratio; target <= 1.5), without | with statistics")
    # db check reads every page, like an export: its target is linear in the file's size
    # (time ratio within 1.5 x the size ratio), not flat
    sizes_ratio = big.stat().st_size / small.stat().st_size
    for label, _, _, _ in listed:
        (n0, t0), (n1, t1) = table[label, False], table[label, True]
        ok = n0 / t0 <= (1.5 * sizes_ratio if label == "db check" else 1.5)
        print(
            f"  {label:<44} {n0 * 1000:7.0f} / {t0 * 1000:6.0f} ms = {n0 / t0:5.2f}  | "
            f"{n1 * 1000:7.0f} / {t1 * 1000:6.0f} ms = {n1 / t1:5.2f}   {'met' if ok else 'NOT met'}"
        )
    if table:
        n0, t0 = table["db check", False]
        print(
            f"  db check reads {big.stat().st_size / n0 / 2**20:.0f} MB/s nationally, "
            f"{small.stat().st_size / t0 / 2**20:.0f} MB/s on the 10x smaller file "
            f"(files {sizes_ratio:.1f} x apart: linear means a time ratio near that)"
        )
    print("\ntargets (ratios within this run, without statistics)")
    checks = [
        ("meeting add <= 0.5 x sqlite-utils insert", add / su, 0.5, "<="),
        ("--version <= 3 x python -c pass", version / bare, 3.0, "<="),
        ("bulk import throughput >= 0.5 x executemany", raw / bulk, 0.5, ">="),
        ("slowest Tab completion (national) < 0.15 s", max(completions.values()), 0.15, "<"),
        ("meeting add without history <= 0.5 x sqlite-utils insert", add_bare / su, 0.5, "<="),
        ("bulk import with / without history <= 1.25", bulk / bulk_bare, 1.25, "<="),
        ("history adds to the national file <= 35 %", 100 * kept / rest, 35, "<="),
        ("history ID (national) < 0.3 s", hist, 0.3, "<"),
        ("undo --dry-run (national) < 0.3 s", undo_dry, 0.3, "<"),
    ]
    checks += (
        []
        if not table
        else [
            (
                "report weekly (national) < 0.5 s",
                table["report weekly --format json", False][0],
                0.5,
                "<",
            ),
            (
                "report weekly (national, with statistics) < 0.5 s",
                table["report weekly --format json", True][0],
                0.5,
                "<",
            ),
            (
                "action list --overdue on a terminal (national) < 1 s",
                table["action list --overdue (terminal)", False][0],
                1.0,
                "<",
            ),
        ]
    )
    if "export ics (national)" in exports:
        t, n, rss = exports["export ics (national)"]
        checks.append(("export ics (national) >= 20,000 events/s", n / t, 20_000, ">="))
        checks.append(("export ics (national) peak RSS <= 150 MB", rss / 2**20, 150, "<="))
        for name in ("export csv meetings", "export json meetings"):
            checks.append(
                (
                    f"{name} (national) peak RSS <= 150 MB",
                    exports[f"{name} (national)"][2] / 2**20,
                    150,
                    "<=",
                )
            )
    for label, value, target, op in checks:
        ok = value <= target if op == "<=" else (value < target if op == "<" else value >= target)
        print(f"  {label:<56} {value:10.3f}  (target {op} {target})  {'met' if ok else 'NOT met'}")
    if args.smoke:
        print("smoke run: sizes are tiny, so the figures say nothing about the targets")


def count_rows(path: Path, name: str, marker: tuple[str, ...] | None) -> int:
    """Records in an export file: ICS components, CSV records, JSON array items."""
    if name.endswith("csv meetings"):
        with path.open(newline="", encoding="utf-8") as f:
            return sum(1 for _ in csv.reader(f)) - 1
    if name.endswith("json meetings"):
        with path.open(encoding="utf-8") as f:
            return sum(1 for line in f if line.startswith("  {"))
    assert marker
    with path.open(encoding="utf-8") as f:
        return sum(1 for line in f if line.rstrip("\r\n") in marker)


if __name__ == "__main__":
    main()
