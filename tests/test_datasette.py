"""Datasette serves the provincial file as the reports count it (issue 26, "Datasette").

One ``datasette serve`` on 127.0.0.1 (a free port, bounded waits, stopped at the end)
answers every canned query as ``report offices`` does; a date in any other form than
YYYY-MM-DD gives no rows instead of a wrong count; an empty date is today in the
office's zone (WITA for Sulawesi Selatan), not UTC's; removed rows are in views of
their own; search results name the host. The metadata is JSON with ``-o meta.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

from test_merge import backup, luwu, luwu_utara, province
from test_publish import datasette, fetch, per_office

pytestmark = pytest.mark.slow  # real processes, servers or terminals

AS_OF = "2024-07-08"
QUERIES = (
    "tindak_lanjut_terlambat_per_kantor",
    "rapat_minggu_ini_per_kantor",
    "lembaga_belum_ditemui",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One server for the module: every test only reads the immutable file it serves."""
    pytest.importorskip("datasette")
    tmp_path = tmp_path_factory.mktemp("site")
    lutra, luwu_ = luwu_utara(tmp_path), luwu(tmp_path)
    lutra.ok("meeting", "add", "-t", "Rapat yang batal dicatat", "-d", "1/7/2024")
    gone = lutra.json("meeting", "list")[0]["id"]
    lutra.ok("meeting", "remove", gone)
    prov = province(tmp_path)
    prov.ok(
        "merge",
        str(backup(lutra, tmp_path / "lutra-1.db")),
        str(backup(luwu_, tmp_path / "luwu-1.db")),
    )
    copy = backup(prov, tmp_path / "sulsel-publik.db")
    meta = tmp_path / "meta.json"
    prov.ok("publish", "metadata", "--file", str(copy), "-o", str(meta))
    with datasette(copy, meta) as root:
        base = f"{root}/sulsel-publik"
        yield {"prov": prov, "base": base, "meta": meta, "gone": gone}


def ask(site: dict[str, Any], query: str, **params: str) -> list[dict[str, Any]]:
    qs = urllib.parse.urlencode({**params, "_shape": "array"})
    return fetch(f"{site['base']}/{query}.json?{qs}")  # type: ignore[no-any-return]


def offices(site: dict[str, Any], day: str) -> dict[str, Any]:
    return json.loads(site["prov"].ok("report", "offices", "--as-of", day, "-f", "json").stdout)


def test_canned_queries_count_as_report_offices(site: dict[str, Any]) -> None:
    meta = json.loads(site["meta"].read_text(encoding="utf-8"))  # -o meta.json: JSON
    assert set(meta["databases"]["sulsel-publik"]["queries"]) == set(QUERIES)
    for day in (AS_OF, "2024-07-05"):
        report = offices(site, day)
        late = ask(site, QUERIES[0], tanggal=day)
        assert {r["origin"]: r["terlambat"] for r in late} == per_office(report, "overdue_actions")
        assert {r["origin"]: r["terbuka"] for r in late} == per_office(report, "open_actions")
        week = ask(site, QUERIES[1], tanggal=day)
        assert {r["origin"]: r["rapat"] for r in week} == per_office(report, "meetings_this_week")
        stale = ask(site, QUERIES[2], tanggal=day, hari="30")
        totals = {o: c["total"] for o, c in per_office(report, "stale_agencies").items()}
        counted: dict[str, int] = {}
        for r in stale:
            counted[r["origin"]] = counted.get(r["origin"], 0) + 1
        assert counted == {o: n for o, n in totals.items() if n}


@pytest.mark.parametrize("typed", ["8 Juli 2024", "8/7/2024", "2024-7-8", "2024-02-30", "besok"])
def test_a_date_in_another_form_gives_no_rows_never_a_wrong_count(
    site: dict[str, Any], typed: str
) -> None:
    for query in QUERIES:
        assert ask(site, query, tanggal=typed) == [], (query, typed)
    assert ask(site, QUERIES[2], tanggal=AS_OF, hari="tiga puluh") == []


def test_an_empty_date_is_today_in_the_offices_zone(site: dict[str, Any]) -> None:
    for _ in range(3):  # a retry if the clock crossed midnight (WITA) between the two asks
        today = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date().isoformat()
        for query in QUERIES:
            assert ask(site, query, tanggal="") == ask(site, query, tanggal=today), query
        if today == (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).date().isoformat():
            break
    meta = json.loads(site["meta"].read_text(encoding="utf-8"))
    sql = meta["databases"]["sulsel-publik"]["queries"][QUERIES[0]]["sql"]
    assert "'+8 hours'" in sql  # WITA, not UTC


def test_views_leave_removed_rows_out_and_search_names_the_host(site: dict[str, Any]) -> None:
    live = fetch(f"{site['base']}/rapat.json?_shape=array&_size=max")
    removed = fetch(f"{site['base']}/rapat_terhapus.json?_shape=array")
    assert site["gone"] not in {m["id"] for m in live}
    assert [m["id"] for m in removed] == [site["gone"]]
    assert {m["tuan_rumah"] for m in live} >= {"KPU Kabupaten Luwu Utara", "KPU Kabupaten Luwu"}
    found = fetch(f"{site['base']}/meeting_search.json?_search=logistik&_shape=array")
    assert [(m["title"], m["host"]) for m in found] == [
        ("Rakor distribusi logistik", "KPU Kabupaten Luwu")
    ]
    tables = {t["name"]: t for t in fetch(f"{site['base']}.json")["tables"]}
    assert tables["meeting"]["hidden"] and tables["action"]["hidden"]
    views = {
        v["name"] if isinstance(v, dict) else v for v in fetch(f"{site['base']}.json")["views"]
    }
    assert {"rapat", "rapat_terhapus", "tindak_lanjut", "tindak_lanjut_terhapus"} <= views
