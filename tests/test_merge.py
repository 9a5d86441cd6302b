"""kpukoord merge: offices' files into a provincial file, without duplicates or losses.

Two kabupaten offices of Sulawesi Selatan record their work independently through the
command line, each with its own "Polda" and "Bawaslu Provinsi" agencies (written
differently), and send copies (db backup) to the province. Region codes per
Kepmendagri (shared/reference/domain.md): 73 Sulawesi Selatan, 73.22 Luwu Utara,
73.17 Luwu. The Luwu Utara meeting is the Kesbangpol visit of 13 February 2023
(LUWUUTARA.PUBLIKSULSEL.COM); the other records are test records.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import Cli, dump
from kpukoord.exchange import merge as merge_mod
from kpukoord.store.db import Database
from kpukoord.store.migrations import LATEST

FIXTURES = Path(__file__).resolve().parent / "fixtures"


_OFFICES: dict[tuple[str, str, str], Path] = {}


def make_office(tmp_path: Path, slug: str, name: str, alias: str, region: str) -> Cli:
    """An office's new file, as init makes it: built once per process for each office
    (init imports every bundled timetable), then copied. Two offices of different names
    have different ids, as two inits give them."""
    key = (name, alias, region)
    if key not in _OFFICES:
        folder = Path(tempfile.mkdtemp(prefix="kpukoord-office-"))
        atexit.register(shutil.rmtree, folder, True)
        made = Cli(folder / "kpukoord.db", "2024-07-08", CliRunner())
        made.ok(
            "init", "--office", name, "--alias", alias, "--region", region, "--timezone", "WITA"
        )
        _OFFICES[key] = made.db
    c = Cli(tmp_path / f"{slug}.db", "2024-07-08", CliRunner())
    shutil.copy(_OFFICES[key], c.db)
    return c


def luwu_utara(tmp_path: Path) -> Cli:
    c = make_office(tmp_path, "lutra", "KPU Kabupaten Luwu Utara", "KPU Lutra", "73.22")
    c.ok("agency", "add", "Polda Sulawesi Selatan", "--alias", "Polda Sulsel", "--region", "73")
    c.ok("agency", "add", "Bawaslu Provinsi Sulawesi Selatan", "--region", "73")
    c.ok(
        "agency",
        "add",
        "Badan Kesbangpol Kabupaten Luwu Utara",
        "--alias",
        "Kesbangpol Lutra",
        "--region",
        "73.22",
    )
    c.ok(
        "meeting",
        "add",
        "--kind",
        "kunjungan",
        "--title",
        "Kunjungan Kepala Badan Kesbangpol",
        "--date",
        "Senin (13/2/2023)",
        "--attendee",
        "Kesbangpol Lutra; person=Hakim Bukara; position=Kepala Badan Kesbangpol",
        "--decision",
        "Membangun koordinasi dan sinergi untuk Pemilu 2024",
        "--source",
        "LUWUUTARA.PUBLIKSULSEL.COM",
    )
    c.ok(
        "meeting",
        "add",
        "--kind",
        "rakor",
        "--title",
        "Rakor pengamanan coklit",
        "--date",
        "3/7/2024",
        "--attendee",
        "Polda Sulsel",
        "--attendee",
        "Bawaslu Provinsi Sulawesi Selatan",
        "--action",
        "Data kerawanan TPS; owner=Polda Sulsel; due=5/7/2024",
    )
    return c


def luwu(tmp_path: Path) -> Cli:
    c = make_office(tmp_path, "luwu", "KPU Kabupaten Luwu", "KPU Luwu", "73.17")
    # the same two bodies, written the other way round and abbreviated
    c.ok("agency", "add", "Polda Sulsel", "--alias", "Polda Sulawesi Selatan", "--region", "73")
    c.ok("agency", "add", "Bawaslu Prov. Sulawesi Selatan", "--region", "73")
    c.ok(
        "meeting",
        "add",
        "--kind",
        "rakor",
        "--title",
        "Rakor distribusi logistik",
        "--date",
        "4/7/2024",
        "--attendee",
        "Polda Sulawesi Selatan",
        "--attendee",
        "Bawaslu Prov. Sulawesi Selatan",
        "--action",
        "Pengawalan logistik; owner=Bawaslu Prov. Sulawesi Selatan; due=20/7/2024",
    )
    return c


def province(tmp_path: Path) -> Cli:
    return make_office(tmp_path, "sulsel", "KPU Provinsi Sulawesi Selatan", "KPU Sulsel", "73")


def backup(c: Cli, target: Path) -> Path:
    c.ok("db", "backup", str(target))
    return target


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def total(counts: dict[str, int]) -> int:
    return sum(counts.values())


def data_dump(path: Path) -> list[str]:
    """The rows a merge may change (the search index included)."""
    return [line for line in dump(path) if "_merge_origin" not in line]


@pytest.fixture
def sent(tmp_path: Path) -> dict[str, Any]:
    """Both offices' files as sent, and the province's empty file."""
    out = tmp_path / "kiriman"
    out.mkdir()
    lutra, luwu_ = luwu_utara(tmp_path), luwu(tmp_path)
    return {
        "lutra": lutra,
        "luwu": luwu_,
        "prov": province(tmp_path),
        "lutra_file": backup(lutra, out / "lutra-1.db"),
        "luwu_file": backup(luwu_, out / "luwu-1.db"),
        "dir": out,
    }


def agencies_named(prov: Cli, text: str) -> list[dict[str, Any]]:
    return [a for a in prov.json("agency", "list") if text in a["name"]]


def test_two_offices_merge_with_one_agency_each(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    out = prov.json("merge", str(sent["lutra_file"]), str(sent["luwu_file"]))
    assert out["dry_run"] is False
    first, second = out["files"]
    assert set(first) >= {"file", "office", "origin", "added", "updated", "removed", "unchanged"}
    assert first["office"] == "KPU Kabupaten Luwu Utara"
    assert second["office"] == "KPU Kabupaten Luwu"
    assert first["added"]["meeting"] == 2 and second["added"]["meeting"] == 1
    assert first["added"]["agency"] == 4  # its KPU, Polda, Bawaslu, Kesbangpol
    assert second["added"]["agency"] == 1  # only its own KPU: the other two are the same
    assert sorted(m["name"] for m in second["matched"]) == [
        "Bawaslu Prov. Sulawesi Selatan",
        "Polda Sulsel",
    ]
    polda = agencies_named(prov, "Polda")
    bawaslu = agencies_named(prov, "Bawaslu")
    assert len(polda) == 1 and len(bawaslu) == 1
    # every reference of the second office resolves to the kept agency
    meetings = {m["title"]: m for m in prov.json("meeting", "list")}
    logistik = prov.json("meeting", "show", meetings["Rakor distribusi logistik"]["id"])
    assert sorted(a["agency_id"] for a in logistik["attendees"]) == sorted(
        [polda[0]["id"], bawaslu[0]["id"]]
    )
    assert logistik["actions"][0]["owner"] == "Bawaslu Provinsi Sulawesi Selatan"
    owned = prov.json("action", "list", "--owner", "Bawaslu Sulawesi Selatan", "--all")
    assert [a["text"] for a in owned] == ["Pengawalan logistik"]
    # both offices' meetings with the Polda are found through the one agency
    with_polda = prov.json("meeting", "list", "--agency", "Polda Sulsel")
    assert sorted(m["title"] for m in with_polda) == [
        "Rakor distribusi logistik",
        "Rakor pengamanan coklit",
    ]
    # the second office's own id for its Polda still finds the kept one
    luwu_polda = sent["luwu"].json("agency", "show", "Polda Sulsel")["id"]
    assert prov.json("agency", "show", luwu_polda)["id"] == polda[0]["id"]
    # the search index is right: one Polda document, every meeting findable
    hits = prov.json("search", "Polda")
    assert [h["kind"] for h in hits if h["kind"] == "agency"] == ["agency"]
    found = {(h["kind"], h["title"]) for h in prov.json("search", "logistik")}
    assert found == {("meeting", "Rakor distribusi logistik"), ("action", "Pengawalan logistik")}
    prov.ok("db", "check")


def test_remerging_changes_nothing_and_says_so(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    files = [str(sent["lutra_file"]), str(sent["luwu_file"])]
    prov.ok("merge", *files)
    before = dump(prov.db)
    again = prov.json("merge", *files)
    for f in again["files"]:
        assert total(f["added"]) == total(f["updated"]) == total(f["removed"]) == 0
        assert total(f["unchanged"]) > 0
        assert f["matched"] == [] and f["ambiguous"] == []
    assert dump(prov.db) == before
    text = prov.ok("merge", *files).stdout
    assert re.search(r"^  added +0$", text, re.M) and "same agency" not in text


def test_later_edit_and_removal_arrive_and_an_older_copy_changes_nothing(
    sent: dict[str, Any],
) -> None:
    prov: Cli = sent["prov"]
    lutra: Cli = sent["lutra"]
    prov.ok("merge", str(sent["lutra_file"]), str(sent["luwu_file"]))
    mine = {m["title"]: m["id"] for m in lutra.json("meeting", "list")}
    lutra.ok(
        "meeting",
        "edit",
        mine["Rakor pengamanan coklit"],
        "--title",
        "Rakor pengamanan coklit dan kampanye",
    )
    lutra.ok("meeting", "remove", mine["Kunjungan Kepala Badan Kesbangpol"])
    newer = backup(lutra, sent["dir"] / "lutra-2.db")
    out = prov.json("merge", str(newer))["files"][0]
    assert out["updated"]["meeting"] == 1
    assert out["removed"]["meeting"] == 1
    assert total(out["added"]) == 0
    titles = sorted(m["title"] for m in prov.json("meeting", "list"))
    assert titles == ["Rakor distribusi logistik", "Rakor pengamanan coklit dan kampanye"]
    assert {h["kind"] for h in prov.json("search", "Kunjungan")} <= {"agency"}
    assert prov.json("search", "kampanye")[0]["kind"] == "meeting"
    # the older copy, merged afterwards, changes nothing
    before = data_dump(prov.db)
    old = prov.json("merge", str(sent["lutra_file"]))["files"][0]
    assert total(old["added"]) == total(old["updated"]) == total(old["removed"]) == 0
    assert data_dump(prov.db) == before


def test_search_index_after_merges_equals_a_rebuilt_one(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    prov.ok("merge", str(sent["lutra_file"]), str(sent["luwu_file"]))
    lutra: Cli = sent["lutra"]
    mid = lutra.json("meeting", "list")[0]["id"]
    lutra.ok("meeting", "edit", mid, "--venue", "Aula KPU Luwu Utara")
    prov.ok("merge", str(backup(lutra, sent["dir"] / "lutra-2.db")))

    def docs() -> list[tuple[Any, ...]]:
        c = sqlite3.connect(prov.db)
        rows = c.execute(
            "SELECT src, kind, ref, day, title, body FROM _search_doc ORDER BY src"
        ).fetchall()
        hits = c.execute("SELECT count(*) FROM _search WHERE _search MATCH 'aula'").fetchone()
        c.close()
        return [*rows, hits]

    merged = docs()
    prov.ok("db", "reindex")
    assert docs() == merged


def test_rows_this_file_wrote_itself_are_never_touched(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    mid = prov.ok("meeting", "add", "--title", "Supervisi KPU Kabupaten Luwu", "--date", "1/7/2024")
    mid_id = mid.stdout.split()[0]
    own = prov.json("meeting", "show", mid_id)
    # an office file that (somehow) carries a newer copy of the province's own row
    crafted = sent["dir"] / "crafted.db"
    shutil.copy(sent["luwu_file"], crafted)
    c = sqlite3.connect(crafted)
    row = (
        sqlite3.connect(prov.db).execute("SELECT * FROM meeting WHERE id = ?", [mid_id]).fetchone()
    )
    c.execute(f"INSERT INTO meeting VALUES ({','.join('?' * len(row))})", row)  # noqa: S608
    c.execute(
        "UPDATE meeting SET title = 'diubah', updated_at = '2099-01-01T00:00:00.000Z' WHERE id = ?",
        [mid_id],
    )
    c.commit()
    c.close()
    # not the sender's row, and changed in the future: the file is refused whole (issue 23)
    err = prov.fails("merge", str(crafted)).stderr
    assert f"meeting {mid_id}: origin: a row of another office" in err
    assert f"meeting {mid_id}: updated_at: 2099-01-01T00:00:00.000Z lies in the future" in err
    # its other rows merged, that one left out: the province's own row is as it was
    prov.ok("merge", "--skip-invalid", str(crafted))
    assert prov.json("meeting", "show", mid_id)["title"] == own["title"]


def test_newer_schema_is_refused_untouched(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    newer = sent["dir"] / "newer.db"
    shutil.copy(sent["luwu_file"], newer)
    c = sqlite3.connect(newer)
    c.execute(f"PRAGMA user_version = {LATEST + 1}")
    c.close()
    digest = sha(newer)
    err = prov.fails("merge", str(sent["lutra_file"]), str(newer)).stderr
    assert err.startswith(f"error: {newer}: written by a newer kpukoord")
    assert sha(newer) == digest


def test_older_schema_is_read_without_changing_it(sent: dict[str, Any], tmp_path: Path) -> None:
    prov: Cli = sent["prov"]
    old = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "schema-v1.db", old)
    digest = sha(old)
    out = prov.json("merge", str(old))["files"][0]
    assert out["office"] == "KPU Kabupaten Sijunjung"
    assert out["added"]["meeting"] == 1 and out["added"]["decision"] == 1
    assert sha(old) == digest
    assert list(tmp_path.glob("v1.db.*")) == []  # no backup, no journal beside it
    titles = [m["title"] for m in prov.json("meeting", "list")]
    assert titles == ["Rakor persiapan tahapan Pilkada 2024"]


def test_all_or_nothing_with_a_broken_file(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    broken = sent["dir"] / "rusak.db"
    broken.write_bytes(b"bukan database" * 100)
    err = prov.fails("merge", str(sent["lutra_file"]), str(broken)).stderr
    assert err.startswith(f"error: {broken}: ") and "nothing was merged" in err
    missing = prov.fails("merge", str(sent["dir"] / "tidak-ada.db")).stderr
    assert "no such file" in missing
    # a foreign SQLite file
    foreign = sent["dir"] / "lain.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert "not a kpukoord database" in prov.fails("merge", str(foreign)).stderr
    # the province's own file (a copy of it) is not an office's file
    mine = backup(prov, sent["dir"] / "sulsel-copy.db")
    assert "own office" in prov.fails("merge", str(mine)).stderr
    assert "itself" in prov.fails("merge", str(prov.db)).stderr


def test_a_constraint_broken_in_the_middle_rolls_everything_back(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    bad = sent["dir"] / "bad.db"
    shutil.copy(sent["luwu_file"], bad)
    c = sqlite3.connect(bad)  # a follow-up owned by an agency the file does not have
    c.execute("UPDATE action SET owner_id = '01HZZZZZZZZZZZZZZZZZZZZZZZ'")
    c.commit()
    c.close()
    err = prov.fails("merge", str(sent["lutra_file"]), str(bad)).stderr
    assert err.startswith(f"error: {bad}: ") and "FOREIGN KEY" in err


def test_dry_run_reports_and_writes_nothing(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    before = dump(prov.db)
    out = prov.json("merge", "--dry-run", str(sent["lutra_file"]), str(sent["luwu_file"]))
    assert out["dry_run"] is True
    assert out["files"][1]["added"]["meeting"] == 1 and len(out["files"][1]["matched"]) == 2
    assert dump(prov.db) == before
    result = prov.ok("merge", "--dry-run", str(sent["luwu_file"]))
    assert "dry run: nothing was written" in result.stderr


def test_an_ambiguous_agency_is_reported_and_kept_separate(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    # the province has two agencies that each carry one of the office's names
    prov.ok("agency", "add", "Polda Sulawesi Selatan", "--region", "73")
    prov.ok("agency", "add", "Polda Sulsel", "--region", "73")
    out = prov.json("merge", str(sent["luwu_file"]))["files"][0]
    assert [a["name"] for a in out["ambiguous"]] == ["Polda Sulsel"]
    assert sorted(x["name"] for x in out["ambiguous"][0]["matches"]) == [
        "Polda Sulawesi Selatan",
        "Polda Sulsel",
    ]
    assert len(agencies_named(prov, "Polda")) == 3  # not guessed
    text = prov.ok("merge", "--dry-run", str(sent["luwu_file"])).stdout
    assert "  ambiguous:" not in text  # settled: it is its own agency now


def test_a_different_region_is_a_different_agency(tmp_path: Path) -> None:
    prov = province(tmp_path)
    a = make_office(tmp_path, "a", "KPU Kabupaten Luwu", "KPU Luwu", "73.17")
    b = make_office(tmp_path, "b", "KPU Kabupaten Luwu Utara", "KPU Lutra", "73.22")
    a.ok("agency", "add", "Bawaslu Kabupaten", "--region", "73.17")
    b.ok("agency", "add", "Bawaslu Kabupaten", "--region", "73.22")
    prov.ok("merge", str(backup(a, tmp_path / "a1.db")), str(backup(b, tmp_path / "b1.db")))
    assert len(agencies_named(prov, "Bawaslu Kabupaten")) == 2


def test_library_merge_in_any_order_gives_the_same_records(sent: dict[str, Any]) -> None:
    lutra: Cli = sent["lutra"]
    mid = lutra.json("meeting", "list")[0]["id"]
    lutra.ok("meeting", "edit", mid, "--note", "catatan baru")
    newer = backup(lutra, sent["dir"] / "lutra-2.db")
    files = [sent["lutra_file"], newer, sent["luwu_file"]]
    seen = []
    for order in ([0, 1, 2], [1, 0, 2], [2, 1, 0]):
        target = sent["dir"] / f"order-{''.join(map(str, order))}.db"
        shutil.copy(sent["prov"].db, target)
        with Database(target) as db:
            merge_mod.merge(db, [files[i] for i in order])
            seen.append(
                db.query("SELECT id, title, notes, updated_at, deleted_at FROM meeting ORDER BY id")
            )
    assert seen[0] == seen[1] == seen[2]
    assert any(m["notes"] == "catatan baru" for m in seen[0])


def readme_rollup() -> tuple[list[list[str]], list[list[str]]]:
    """The console and sh commands of the README's rollup section."""
    import re
    import shlex

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Province and national rollup", 1)[1].split("\n## ", 1)[0]
    console = re.search(r"```console\n(.*?)```", section, re.S)
    sh = re.search(r"```sh\n(.*?)```", section, re.S)
    assert console and sh
    return (
        [shlex.split(line[2:]) for line in console.group(1).splitlines() if line.startswith("$ ")],
        [shlex.split(line) for line in sh.group(1).splitlines() if line.strip()],
    )


def test_the_readme_rollup_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workflow, publish = readme_rollup()
    assert len(workflow) == 5 and all(cmd[0] == "kpukoord" for cmd in workflow)
    assert publish[-1][:3] == ["datasette", "serve", "--immutable"]
    kiriman = tmp_path / "kiriman"
    kiriman.mkdir()
    backup(luwu_utara(tmp_path), kiriman / "kpu-lutra.db")
    backup(luwu(tmp_path), kiriman / "kpu-luwu.db")
    monkeypatch.chdir(tmp_path)
    prov = Cli(tmp_path / "sulsel.db", "2024-07-08", CliRunner())
    outputs = []
    for cmd in [*workflow, publish[0]]:
        args = []
        for a in cmd[1:]:  # the shell would expand the glob
            args += (
                sorted(str(p.relative_to(tmp_path)) for p in tmp_path.glob(a)) if "*" in a else [a]
            )
        outputs.append(prov.ok(*args).stdout)
    assert "KPU Kabupaten Luwu Utara" in outputs[1] and "same agency: Polda Sulsel" in outputs[1]
    assert "KPU Kabupaten Luwu [73.17]" in outputs[2]
    assert "Rakor pengamanan coklit" in outputs[3] and "Rakor distribusi logistik" not in outputs[3]
    assert (tmp_path / "sulsel-publik.db").exists() and (tmp_path / "metadata.yml").exists()


# -- names written differently by two offices (property) ------------------------------

WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéè0123456789", min_size=1, max_size=8),
    min_size=1,
    max_size=4,
)


def styled(words: list[str], upper: bool, sep: str) -> str:
    text = sep.join(words)
    return text.upper() if upper else text.title()


_NEW_OFFICES: dict[str, Path] = {}


def _new_office(name: str) -> Path:
    """A new office's file (made once per process; each example works on a copy)."""
    from kpukoord.records import office

    if name not in _NEW_OFFICES:
        folder = Path(tempfile.mkdtemp(prefix="kpukoord-new-office-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "kpukoord.db"
        with Database(path) as db:
            office.setup(db, name=name, region="73.01")
        _NEW_OFFICES[name] = path
    return _NEW_OFFICES[name]


@settings(max_examples=25, deadline=None)
@given(WORDS, st.booleans(), st.sampled_from(["  ", " - ", ". ", ", "]), st.booleans())
def test_one_agency_however_each_office_writes_its_name(
    words: list[str], upper: bool, sep: str, same_region: bool
) -> None:
    """Case, spacing, punctuation and accents differ: still one agency, in the same region."""
    from kpukoord.records import agencies

    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"{n}.db" for n in ("prov", "a", "b")]
        name_a = "Polda " + " ".join(words)
        name_b = styled(["POLDA", *words], upper, sep)
        for path, office_name, agency, region in (
            (paths[0], "KPU Provinsi Contoh", None, "73"),
            (paths[1], "KPU Kabupaten A", name_a, "73"),
            (paths[2], "KPU Kabupaten B", name_b, "73" if same_region else "74"),
        ):
            shutil.copy(_new_office(office_name), path)
            if agency:
                with Database(path) as db, db.atomic():
                    agencies.add(db, agency, region=region)
        with Database(paths[0]) as db:
            merge_mod.merge(db, paths[1:])
            rows = db.query("SELECT name FROM agency WHERE name LIKE 'polda%'")
    assert len(rows) == (1 if same_region else 2), (name_a, name_b, rows)


def test_lists_are_capped_at_50_offices_with_totals(sent: dict[str, Any]) -> None:
    prov: Cli = sent["prov"]
    prov.ok("merge", str(sent["lutra_file"]), str(sent["luwu_file"]))
    c = sqlite3.connect(prov.db)  # 55 more offices, as 55 merged files would leave them
    for n in range(55):
        oid = f"01J0000000000000000000{n:04d}"
        c.execute(
            "INSERT INTO office (id, origin, created_at, updated_at, name, region) "
            "VALUES (?, ?, '2024-06-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z', ?, ?)",
            [oid, oid, f"KPU Kabupaten Uji {n:02d}", f"73.{n + 30:02d}"],
        )
    c.commit()
    c.close()
    data = json.loads(prov.ok("report", "offices", "-f", "json").stdout)
    assert len(data["offices"]) == 50 and data["totals"]["offices"] == 58
    assert len(data["silent"]) == 50 and data["totals"]["silent"] == 55  # never sent a change
    assert data["offices"][0]["office"] == "KPU Kabupaten Luwu Utara"  # overdue first
    text = prov.ok("report", "offices", "-f", "text", "--lang", "id").stdout
    assert "- … dan 8 lainnya" in text and "- … dan 5 lainnya" in text


def test_a_kept_agency_removed_by_its_office_gives_the_others_theirs_back(
    sent: dict[str, Any],
) -> None:
    prov: Cli = sent["prov"]
    lutra: Cli = sent["lutra"]
    prov.ok("merge", str(sent["lutra_file"]), str(sent["luwu_file"]))
    lutra.ok("agency", "remove", "Bawaslu Provinsi Sulawesi Selatan")
    prov.ok("merge", str(backup(lutra, sent["dir"] / "lutra-2.db")))
    assert agencies_named(prov, "Bawaslu") == []
    # the other office's next file (unchanged) brings its own Bawaslu back into use
    out = prov.json("merge", str(sent["luwu_file"]))["files"][0]
    assert out["added"]["agency"] == 1
    assert [a["name"] for a in agencies_named(prov, "Bawaslu")] == [
        "Bawaslu Prov. Sulawesi Selatan"
    ]
    meetings = {m["title"]: m["id"] for m in prov.json("meeting", "list")}
    logistik = prov.json("meeting", "show", meetings["Rakor distribusi logistik"])
    assert "Bawaslu Prov. Sulawesi Selatan" in [a["agency"] for a in logistik["attendees"]]
    assert logistik["actions"][0]["owner"] == "Bawaslu Prov. Sulawesi Selatan"
    again = prov.json("merge", str(sent["luwu_file"]))["files"][0]
    assert total(again["added"]) == total(again["updated"]) == 0
    prov.ok("db", "check")
