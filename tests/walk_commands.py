"""Run every command of the app's Click tree, as an operator would, in one fresh process.

``python tests/walk_commands.py WORKDIR`` prints a JSON list of runs
``{"args", "exit", "out"}``. It is run by ``tests/test_every_command_indonesian.py``
in a process of its own, because help texts are translated when the command modules
are imported, in the language of that moment (here the default, Bahasa Indonesia).

The commands are discovered from the tree, so a command added later is walked too:
always with ``--help``, with no arguments, with every argument naming nothing, and
with an unknown option (error paths); and with the arguments of ``SUCCESS`` (a real
success path on a database holding every kind of record) when it has an entry: piped,
on a terminal of 80 columns (Rich's drawing), and with ``--json`` where it has one;
and with the typos and bad values of ``ERRORS``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

TODAY = "2024-07-08"
NOTHING = "zzqx"  # a value naming no record, in any argument

# A success path per command: placeholders {name} are filled by prepare() below.
SUCCESS: dict[str, list[list[str]]] = {
    "init": [["init"]],
    "demo": [["--db", "{work}/demo.db", "demo", "--format", "text"]],
    "search": [["search", "coklit"], ["search", "Bawaslu"]],
    "merge": [["merge", "{other}"], ["merge", "{other}", "--dry-run"]],
    "agency add": [["agency", "add", "Kodim 0310 Sijunjung", "--kind", "tni"]],
    "agency list": [["agency", "list"]],
    "agency show": [["agency", "show", "{agency}"]],
    "agency edit": [["agency", "edit", "{agency}", "--alias", "Bawaslu Kab. Sijunjung"]],
    "agency remove": [["agency", "remove", "{agency}"]],
    "person add": [["person", "add", "Ahmad Yani", "--agency", "{agency}", "--position", "Ketua"]],
    "person list": [["person", "list"]],
    "person show": [["person", "show", "{person}"]],
    "person edit": [["person", "edit", "{person}", "--name", "Ahmad Yani Putra", "-a", "Yani"]],
    "meeting add": [
        [
            "meeting",
            "add",
            "-t",
            "Rakor logistik",
            "-d",
            "1/7/2024",
            "--time",
            "09.00",
            "--attendee",
            "{agency}",
            "--chair",
            "Ahmad Yani; agency={agency}",
            "--decision",
            "Gudang logistik dijaga 24 jam",
            "--action",
            "Pengamanan gudang; owner={agency}; due=3/7/2024",
            "--stage",
            "coklit",
        ]
    ],
    "meeting list": [["meeting", "list"], ["meeting", "list", "--all"]],
    "meeting show": [
        ["meeting", "show", "{meeting}"],
        ["meeting", "show", "{rich}"],
        ["meeting", "show", "{removed}"],
    ],
    "meeting edit": [["meeting", "edit", "{meeting}", "--venue", "Aula KPU Sijunjung"]],
    "meeting remove": [["meeting", "remove", "{meeting}"]],
    "meeting plan": [
        ["meeting", "plan", "-t", "Rapat pleno", "--every", "setiap Senin", "--count", "3"]
    ],
    "meeting minutes": [
        ["meeting", "minutes", "{meeting}"],
        ["meeting", "minutes", "{meeting}", "--format", "text"],
        ["meeting", "minutes", "{rich}", "--format", "markdown"],
    ],
    "action add": [["action", "add", "Rekap DPS", "--owner", "{agency}", "--due", "20/7/2024"]],
    "action list": [["action", "list"], ["action", "list", "--all"]],
    "action done": [["action", "done", "{action}", "--note", "Sudah"]],
    "action reopen": [["action", "reopen", "{done}"]],
    "action cancel": [["action", "cancel", "{action}"]],
    "schedule import": [["schedule", "import", "{bundled}"], ["schedule", "import", "{amended}"]],
    "schedule list": [["schedule", "list"]],
    "schedule show": [
        ["schedule", "show", code]
        for code in (
            "pkpu-2-2024",
            "pkpu-3-2022",
            "psu-dpd-sumbar-2024",
            "pilkada-ulang-bangka-pangkalpinang-2025",
        )
    ],
    "schedule timeline": [
        ["schedule", "timeline", "pkpu-2-2024"],
        ["schedule", "timeline", "pkpu-3-2022", "--width", "120"],
    ],
    "schedule history": [["schedule", "history", "pkpu-2-2024"]],
    "schedule diff": [["schedule", "diff", "pkpu-2-2024", "{amended}"]],
    "stage list": [["stage", "list"], ["stage", "list", "--active-on", "5/7/2024"]],
    "stage show": [["stage", "show", "coklit"]],
    "stage progress": [["stage", "progress", "coklit", "50", "--note", "separuh desa"]],
    "report weekly": [["report", "weekly"], ["report", "weekly", "--format", "text"]],
    "report offices": [["report", "offices"]],
    "export ics": [["export", "ics", "-o", "{work}/out.ics"]],
    "export json": [["export", "json", "meetings", "-o", "{work}/out.json"]],
    "export csv": [["export", "csv", "meetings", "-o", "{work}/out.csv"]],
    "import meetings": [["import", "meetings", "{csv}"], ["import", "meetings", "{badcsv}"]],
    "date parse": [["date", "parse", "Jumat-Sabtu 5-6 Juli 2024"], ["date", "parse", "31/2/2024"]],
    "db path": [["db", "path"]],
    "history": [["history"], ["history", "--limit", "3"]],
    "undo": [["undo", "--dry-run"]],
    "db backup": [["db", "backup", "{work}/cadangan.db"]],
    "db check": [["db", "check"], ["db", "check", "--full"]],
    "db reindex": [["db", "reindex"]],
    "publish metadata": [
        ["publish", "metadata", "-o", "{work}/meta.yml"],
        ["publish", "metadata", "-o", "{work}/meta.json"],
        ["publish", "metadata", "--format", "json"],
    ],
}


# Error paths that say more than "not found": typos with suggestions, bad values.
ERRORS: dict[str, list[list[str]]] = {
    "init": [["init", "--region", "73.99"], ["init", "--region", "Luwu Utaraa"]],
    "agency add": [["agency", "add", "Kodim 0310", "--kind", "tentara"]],
    "person edit": [["person", "edit", "{person}", "--remove-alias", "Pak Haji"]],
    "meeting add": [
        ["meeting", "add", "-t", "Rakor", "-d", "1/7/2024", "--attendee", "Bawaslu Sijunjng"],
        ["meeting", "add", "-t", "Rakor", "-d", "31/2/2024"],
        ["meeting", "add", "-t", "Rakor", "-d", "1/7/2024", "--status", "selesai"],
    ],
    "action list": [["action", "list", "--owner", "Kodim 9999"]],
    "stage show": [["stage", "show", "pemungutan"]],
    "report weekly": [["report", "weekly", "--week", "2024-W99"]],
    "export ics": [["export", "ics", "--schedule", "pkpu-9-2099"]],
    "publish metadata": [["publish", "metadata", "--format", "xml"]],
}


def successes(path: str, values: dict[str, str]) -> list[list[str]]:
    return [[v.format(**values) for v in args] for args in SUCCESS.get(path, [])]


def commands(app: Any) -> dict[str, Any]:
    """Every leaf command of the Click tree, by its path ("meeting add")."""
    import typer.main

    found: dict[str, Any] = {}

    def walk(cmd: Any, path: list[str]) -> None:
        if hasattr(cmd, "list_commands"):
            ctx = cmd.context_class(cmd)
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), [*path, name])
        else:
            found[" ".join(path)] = cmd

    walk(typer.main.get_command(app), [])
    return found


def prepare(work: Path, invoke: Any) -> dict[str, str]:
    """A database holding every kind of record, and the values the runs name."""
    import sqlite3

    from kpukoord import demo
    from kpukoord.timetables import schedules

    db = work / "base.db"
    demo.build(db)  # office, timetables, agencies, meetings with roles, progress, a series
    os.environ["KPUKOORD_DB"] = str(db)
    invoke(["person", "add", "Ahmad Yani", "--agency", "Bawaslu Sijunjung", "--position", "Ketua"])
    invoke(["meeting", "add", "-t", "Rapat batal", "-d", "2/7/2024", "--status", "cancelled"])
    for n, text in enumerate(("Laporan coklit", "Rekap DPS", "Distribusi logistik"), 1):
        invoke(["action", "add", text, "--owner", "KPU Sijunjung", "--due", f"{n}/7/2024"])
    invoke(["action", "add", "Sosialisasi", "--owner", "Bawaslu Sijunjung"])  # no deadline
    invoke(["agency", "add", "DPC Partai Demokrat Kabupaten Sijunjung", "--kind", "party"])
    invoke(["agency", "add", "Universitas Andalas", "--kind", "university"])
    invoke(["agency", "add", "Karang Taruna Kabupaten Sijunjung", "--kind", "other"])
    invoke(["meeting", "add", "-t", "Silaturahmi", "-d", "3/7/2024", "--kind", "other"])
    # a meeting with every part: roles, groups of people, points, directives, awards,
    # figures, cited regulations, stages
    invoke([
        "meeting", "add", "-t", "Rakor kesiapan pemungutan suara", "-d", "4/7/2024",
        "--opened-by", "Ahmad Yani; agency=Bawaslu Sijunjung",
        "--speaker", "Rina Marlina; agency=KPU Sijunjung; position=Anggota",
        "--notulis", "Dedi Saputra; agency=KPU Sijunjung; position=Staf",
        "--group", "PPK se-Kabupaten Sijunjung; kind=ppk; count=8",
        "--group", "Partai politik peserta; kind=party; count=12",
        "--point", "Kesiapan logistik; by=Rina Marlina",
        "--directive", "Gudang dijaga 24 jam; by=Ahmad Yani",
        "--award", "Piagam penghargaan; agency=Bawaslu Sijunjung; by=Ahmad Yani",
        "--figure", "Jumlah TPS; value=412; from=405; agency=KPU Sijunjung",
        "--regulation", "PKPU 7/2022", "--stage", "coklit",
    ])  # fmt: skip
    conn = sqlite3.connect(db)
    first = conn.execute("SELECT id FROM meeting ORDER BY rowid LIMIT 1").fetchone()[0]
    actions = [r[0] for r in conn.execute("SELECT id FROM action ORDER BY rowid")]
    conn.close()
    invoke(["meeting", "add", "-t", "Rapat terhapus", "-d", "3/7/2024"])
    conn = sqlite3.connect(db)
    removed = conn.execute("SELECT id FROM meeting ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    person = conn.execute("SELECT id FROM person LIMIT 1").fetchone()[0]
    rich = conn.execute("SELECT id FROM meeting WHERE title LIKE 'Rakor kesiapan%'").fetchone()[0]
    conn.close()
    invoke(["meeting", "remove", removed])
    invoke(["action", "done", actions[0], "--note", "Sudah dilaporkan"])
    invoke(["action", "cancel", actions[1]])
    other = work / "lain.db"
    os.environ["KPUKOORD_DB"] = str(other)
    invoke(["init", "--office", "KPU Kabupaten Dharmasraya", "--timezone", "WIB"])
    invoke(["agency", "add", "Bawaslu Dharmasraya"])
    invoke(["meeting", "add", "-t", "Rakor pilkada", "-d", "4/7/2024", "--attendee", "Bawaslu Dharmasraya"])  # fmt: skip
    os.environ["KPUKOORD_DB"] = str(db)
    (work / "rapat.csv").write_text(
        "title,kind,start_date,end_date,venue,attendees\n"
        "Rakor sortir,rakor,2024-07-02,2024-07-02,Aula KPU,KPU Sijunjung\n",
        encoding="utf-8",
    )
    (work / "rusak.csv").write_text(
        "title,kind,start_date,end_date,venue,attendees\n"
        "Rakor A,pesta,2024-07-02,2024-07-02,Aula KPU,Kodim 9999\n",
        encoding="utf-8",
    )
    src = schedules.bundled_dir() / "pkpu-2-2024.yaml"
    amended = work / "pkpu-2-2024.yaml"
    amended.write_text(
        src.read_text(encoding="utf-8").replace("Pemungutan suara", "Pemungutan suara serentak"),
        encoding="utf-8",
    )
    return {
        "work": str(work),
        "other": str(other),
        "agency": "Bawaslu Sijunjung",
        "person": person,
        "meeting": first,
        "removed": removed,
        "rich": rich,
        "action": actions[2],
        "done": actions[0],
        "bundled": str(schedules.bundled_dir()),
        "amended": str(amended),
        "csv": str(work / "rapat.csv"),
        "badcsv": str(work / "rusak.csv"),
    }


def main(work: Path) -> None:
    os.chdir(work)  # a file an argument names ('db backup zzqx') is written here
    os.environ.pop("KPUKOORD_LANG", None)  # the default language: what an operator sees
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # 'demo' builds in the cache
    os.environ["XDG_DATA_HOME"] = str(work / "data")
    os.environ["KPUKOORD_TODAY"] = TODAY
    os.environ["COLUMNS"] = "80"
    from typer.testing import CliRunner

    from kpukoord.cli import app
    from typer_once import install

    install()

    runner = CliRunner()

    def invoke(args: list[str], terminal: bool = False) -> dict[str, Any]:
        env = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1"} if terminal else None
        result = runner.invoke(app, args, env=env)
        return {"args": args, "exit": result.exit_code, "out": result.stdout + result.stderr}

    def setup(args: list[str]) -> None:
        ran = invoke(args)
        assert ran["exit"] == 0, ran

    values = prepare(work, setup)
    base = work / "base.db"
    runs: list[dict[str, Any]] = []
    for path, cmd in commands(app).items():
        words = path.split()
        tries = [[*words, "--help"], [*words, "--tidak-ada"], words]
        arguments = [p for p in cmd.params if p.param_type_name == "argument"]
        if arguments:
            tries.append([*words, *[NOTHING] * sum(max(p.nargs, 1) for p in arguments)])
        tries += [[v.format(**values) for v in args] for args in SUCCESS.get(path, [])]
        tries += [[v.format(**values) for v in args] for args in ERRORS.get(path, [])]
        if any(p.opts == ["--json"] for p in cmd.params):  # the machine view of each success
            tries += [[*args, "--json"] for args in tries if args in successes(path, values)]
        for args in tries:
            db = work / "run.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.copy(base, db)  # every run on the same records
            os.environ["KPUKOORD_DB"] = str(db)
            ran = invoke(args)
            ran["command"] = path
            runs.append(ran)
            if args in successes(path, values) and "--json" not in args:
                shutil.copy(base, db)  # the same run on a terminal of 80 columns
                ran = invoke(args, terminal=True)
                ran["command"], ran["terminal"] = path, True
                runs.append(ran)
    json.dump(runs, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
