"""kpukoord publish metadata: Datasette reads the provincial file as report offices does."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from test_merge import backup, luwu, luwu_utara, province

AS_OF = "2024-07-08"


@pytest.fixture
def served(tmp_path: Path) -> dict[str, Any]:
    """A merged provincial file, its read-only copy, and metadata for that copy."""
    lutra, luwu_ = luwu_utara(tmp_path), luwu(tmp_path)
    prov = province(tmp_path)
    prov.ok(
        "merge",
        str(backup(lutra, tmp_path / "lutra-1.db")),
        str(backup(luwu_, tmp_path / "luwu-1.db")),
    )
    copy = backup(prov, tmp_path / "sulsel-publik.db")
    meta = tmp_path / "metadata.yml"
    prov.ok("publish", "metadata", "--file", str(copy), "-o", str(meta))
    report = json.loads(prov.ok("report", "offices", "--as-of", AS_OF, "-f", "json").stdout)
    return {"prov": prov, "copy": copy, "meta": meta, "report": report}


def per_office(report: dict[str, Any], field: str) -> dict[str, Any]:
    return {x["origin"]: x[field] for x in report["offices"]}


def test_metadata_describes_the_file(served: dict[str, Any]) -> None:
    meta = yaml.safe_load(served["meta"].read_text(encoding="utf-8"))
    assert meta["title"] == "kpukoord: KPU Provinsi Sulawesi Selatan"
    db = meta["databases"]["sulsel-publik"]  # Datasette names a database by its file
    tables = db["tables"]
    assert tables["meeting"]["title"] == "Rapat"
    assert tables["action"]["title"] == "Tindak lanjut"
    assert tables["agency"]["label_column"] == "name"  # foreign keys show the agency's name
    assert tables["meeting_search"]["fts_table"] == "_search"
    for internal in ("_kpukoord", "_search", "_search_doc", "_merge_map", "_merge_origin"):
        assert tables[internal] == {"hidden": True}
    assert set(db["queries"]) == {
        "tindak_lanjut_terlambat_per_kantor",
        "rapat_minggu_ini_per_kantor",
        "lembaga_belum_ditemui",
    }
    # without --file, the database's own name; to stdout
    out = served["prov"].ok("publish", "metadata").stdout
    assert list(yaml.safe_load(out)["databases"]) == ["sulsel"]


def run_query(path: Path, meta: Path, name: str, params: dict[str, str]) -> list[dict[str, Any]]:
    sql = yaml.safe_load(meta.read_text(encoding="utf-8"))["databases"][path.stem]["queries"][name][
        "sql"
    ]
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in c.execute(sql, params)]
    finally:
        c.close()


def test_canned_queries_agree_with_report_offices(served: dict[str, Any]) -> None:
    copy, meta, report = served["copy"], served["meta"], served["report"]
    late = run_query(copy, meta, "tindak_lanjut_terlambat_per_kantor", {"tanggal": AS_OF})
    assert {r["origin"]: r["terlambat"] for r in late} == per_office(report, "overdue_actions")
    assert {r["origin"]: r["terbuka"] for r in late} == per_office(report, "open_actions")
    week = run_query(copy, meta, "rapat_minggu_ini_per_kantor", {"tanggal": "2024-07-05"})
    earlier = json.loads(
        served["prov"].ok("report", "offices", "--as-of", "5/7/2024", "-f", "json").stdout
    )
    assert {r["origin"]: r["rapat"] for r in week} == per_office(earlier, "meetings_this_week")
    assert sum(r["rapat"] for r in week) == 2
    stale = run_query(copy, meta, "lembaga_belum_ditemui", {"tanggal": AS_OF, "hari": "30"})
    assert [(r["kantor"], r["lembaga"]) for r in stale] == [
        ("KPU Kabupaten Luwu Utara", "Badan Kesbangpol Kabupaten Luwu Utara")
    ]
    counts = per_office(report, "stale_agencies")
    assert {o: c["total"] for o, c in counts.items() if c["total"]} == {stale[0]["origin"]: 1}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


@contextlib.contextmanager
def datasette(db: Path, meta: Path) -> Iterator[str]:
    """``datasette serve --immutable`` of db on a free port of 127.0.0.1: its address,
    once it answers (waits bounded), the server stopped afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "-m", str(meta),
         "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(150):  # up to 30 s for the server to start
            if proc.poll() is not None:
                pytest.fail(
                    f"datasette exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            try:
                fetch(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not start within 30 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_datasette_serves_the_canned_query_as_report_offices_counts(
    served: dict[str, Any],
) -> None:
    pytest.importorskip("datasette")
    with datasette(served["copy"], served["meta"]) as base:
        rows = fetch(
            f"{base}/sulsel-publik/tindak_lanjut_terlambat_per_kantor.json"
            f"?tanggal={AS_OF}&_shape=array"
        )
        report = served["report"]
        assert {r["origin"]: r["terlambat"] for r in rows} == per_office(report, "overdue_actions")
        assert {r["kantor"] for r in rows} == {x["office"] for x in report["offices"]}
        assert rows[0]["kantor"] == "KPU Kabupaten Luwu Utara" and rows[0]["terlambat"] == 1
        # the search box on meetings, and the internal tables hidden
        found = fetch(f"{base}/sulsel-publik/meeting_search.json?_search=logistik&_shape=array")
        assert [m["title"] for m in found] == ["Rakor distribusi logistik"]
        tables = fetch(f"{base}/sulsel-publik.json")["tables"]
        visible = {t["name"] for t in tables if not t["hidden"]}
        assert "agency" in visible and not any(n.startswith("_") for n in visible)
        assert "meeting" not in visible  # shown as the view without removed rows (m019)
