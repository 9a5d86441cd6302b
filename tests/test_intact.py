"""What operators type comes back intact, in every view, and round trips are lossless.

A property test stores arbitrary text (brackets, Rich tags, markdown and WhatsApp
markers, quotes, |, ;, leading =, emoji, right-to-left script) through flags and
checks every view shows it back literally and that export -> import is unchanged.
Then one test per defect class of issue 11.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import Cli, dump
from kpukoord.records.meetings import escape_part
from kpukoord.views.document import ZWSP

HOSTILE = [
    "Rakor [tindak lanjut] coklit",
    "Rapat [/bold] evaluasi",
    "[link=https://contoh.id]klik[/link]",
    "[bold red]PENTING[/]",
    "*Tebal* _miring_ ~coret~ ```kode```",
    "<script>alert('x')</script> & &amp; &lt;",
    "# Judul palsu",
    "- daftar palsu",
    "1. nomor palsu",
    "=SUM(A1:A9)",
    "+62 812 3456",
    "-5 persen",
    "@kpu_ri",
    "'kutip tunggal",
    'kata "kutip" ganda',
    "a | b | c",
    "Ketua; merangkap Divisi Hukum",
    "C:\\data\\rakor\\",
    "back\\|slash\\;",
    "Rapat 🗳️ pemilu ✅",
    "اجتماع التنسيق",  # right-to-left script (Arabic), stored and shown as is
    "Rakor :smile: :thumbs_up:",
    "100% | 50% ; 25%",
    "x" * 300,
]

# Characters a user can type into a field (no control or bidi codes: those are refused).
typed = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b",
)
one_line = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(typed, min_size=1, max_size=40).map(lambda s: " ".join(s.split())),
).filter(lambda s: bool(s.strip()) and any(c.isalnum() for c in s))

BOX = set(
    "─━│┃┄┅┆┇┈┉┊┋┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼╇╈╋═║╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬╭╮╯╰…"
)


def squash(text: str) -> str:
    """Text without white space and box drawing: wrapping in a table changes only those."""
    return "".join(c for c in text if not c.isspace() and c not in BOX and c != ZWSP)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_of(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    return p


DOC_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "div", "p"}
DOC_TAGS |= {"ul", "li", "footer", "table", "tr", "td", "th", "thead", "tbody", "ol", "section"}
DOC_TAGS |= {"strong", "em", "br", "span", "header", "main", "col", "colgroup", "caption"}
MD_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "em", "strong", "br", "ol", "table", "tr"}
MD_TAGS |= {"td", "th", "thead", "tbody"}


def _record(office: Cli, title: str, venue: str, decision: str, agency: str) -> str:
    office.ok("agency", "add", agency, "--kind", "bawaslu")
    return office.ok(
        "meeting", "add", "--title", title, "--date", "5/7/2024", "--time", "09.00",
        "--venue", venue, "--decision", decision, "--note", f"{decision}\n{title}",
        "--attendee", f"{escape_part(agency)}; position={escape_part(venue)}",
        "--action", f"{escape_part(decision)}; owner={escape_part(agency)}; due=12/7/2024",
    ).stdout.strip()  # fmt: skip


@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # each example runs ~20 commands
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=one_line, venue=one_line, decision=one_line, agency=one_line)
def test_every_view_shows_typed_text_literally(
    office: Cli, tmp_path: Path, title: str, venue: str, decision: str, agency: str
) -> None:
    agency = "Bawaslu " + agency  # a name must be new to this database
    with sqlite3.connect(office.db) as c:  # a fresh start for each example
        c.execute("DELETE FROM action")
        c.execute("DELETE FROM attendee")
        c.execute("DELETE FROM decision")
        c.execute("DELETE FROM meeting")
        c.execute("DELETE FROM position")
        c.execute("DELETE FROM person")
        c.execute("DELETE FROM agency WHERE kind = 'bawaslu'")
    mid = _record(office, title, venue, decision, agency)

    rec = office.json("meeting", "show", mid)
    assert (rec["title"], rec["venue"], rec["decisions"]) == (title, venue, [decision])
    assert rec["notes"] == f"{decision}\n{title}"
    assert rec["attendees"][0]["agency"] == agency
    assert rec["attendees"][0]["position"] == venue
    assert rec["actions"][0]["text"] == decision

    for width in ("80", "120"):
        env_out = office.runner.invoke(
            __import__("kpukoord.cli", fromlist=["app"]).app,
            ["meeting", "show", mid],
            env={"KPUKOORD_DB": str(office.db), "KPUKOORD_TODAY": office.today, "COLUMNS": width},
        )
        assert env_out.exit_code == 0, env_out.output
        # brackets and markers come back as typed; a word that fits a column is never split
        words = set(env_out.stdout.split())
        for value in (title, venue, decision, agency):
            for word in value.split():
                if len(word) <= 12:
                    assert word in words or any(word in w for w in words), (width, word)
        assert squash(title) in squash(env_out.stdout.split("\n", 1)[0]) or len(title) > 40
    agencies = office.ok("agency", "show", agency).stdout
    assert squash(agency) in squash(agencies)

    report = {
        fmt: office.ok("report", "weekly", "--as-of", "5/7/2024", "--format", fmt).stdout
        for fmt in ("text", "markdown", "html")
    }
    assert title in report["text"].replace(ZWSP, "")
    assert decision in report["text"].replace(ZWSP, "")
    rendered = html_of(MarkdownIt("commonmark").render(report["markdown"]))
    assert rendered.tags <= MD_TAGS, rendered.tags
    md_text = "".join(rendered.text)
    assert title in md_text and decision in md_text
    page = html_of(report["html"])
    assert page.tags <= DOC_TAGS, page.tags - DOC_TAGS
    assert title in "".join(page.text)

    for fmt in ("text", "markdown", "html"):
        minutes = office.ok("meeting", "minutes", mid, "--format", fmt).stdout
        if fmt == "markdown":
            parsed = html_of(MarkdownIt("commonmark").render(minutes))
            assert parsed.tags <= MD_TAGS
            minutes = "".join(parsed.text)
        elif fmt == "html":
            parsed = html_of(minutes)
            assert parsed.tags <= DOC_TAGS
            minutes = "".join(parsed.text)
        flat = " ".join(minutes.replace(ZWSP, "").split())
        for value in (title, venue, decision, agency):
            assert " ".join(value.split()) in flat, (fmt, value)

    from icalendar import Calendar

    cal = Calendar.from_ical(office.ok("export", "ics", "--meetings").stdout_bytes)
    [event] = cal.walk("VEVENT")
    assert str(event["summary"]) == title
    assert str(event["location"]) == venue

    for fmt in ("csv", "json"):
        out = tmp_path / f"m.{fmt}"
        office.ok("export", fmt, "meetings", "-o", str(out))
        before = dump(office.db)
        summary = office.json("import", "meetings", str(out))
        assert summary["unchanged"] == 1 and summary["updated"] == 0, (fmt, summary)
        assert dump(office.db) == before


# ---------------------------------------------------------------------------
# 1. Rich markup in stored text


def test_markup_in_stored_text_is_shown_as_typed_in_every_view(demo: Cli) -> None:
    title = "Rakor [tindak lanjut] [/bold] coklit [link=http://x]y[/link]"
    mid = demo.ok("meeting", "add", "--title", title, "--date", "5/7/2024",
                  "--decision", "[red]Logistik[/red]", "--action",
                  "[/] cek; owner=KPU Sijunjung").stdout.strip()  # fmt: skip
    demo.ok("agency", "add", "Polres [b]Sijunjung[/b]", "--alias", "[/i]Polres")
    views = [
        demo.ok("meeting", "list").stdout,
        demo.ok("meeting", "show", mid).stdout,
        demo.ok("agency", "list").stdout,
        demo.ok("agency", "show", "Polres [b]Sijunjung[/b]").stdout,
        demo.ok("action", "list").stdout,
        demo.ok("search", "tindak").stdout,
    ]
    whole = squash("".join(views))
    for literal in ("[tindak", "[/bold]", "[link=http://x]", "[red]Logistik[/red]", "[/]cek"):
        assert squash(literal) in whole, literal
    assert "\x1b]8;" not in "".join(views)  # no hidden terminal hyperlink


# ---------------------------------------------------------------------------
# 2. Control and bidi characters: one rule for every text field


@pytest.mark.parametrize(
    "args",
    [
        ["agency", "add", "Polres \x1b[31mSijunjung"],
        ["agency", "add", "Polres Sijunjung", "--alias", "Polres\u202eabc"],
        ["agency", "add", "Polres Sijunjung", "--alias", "Pol\x1b]0;judul\x07res"],
        ["person", "add", "Ahmad\u2066 Yani", "--agency", "KPU Sijunjung", "--position", "Ketua"],
        ["person", "add", "Ahmad Yani", "--agency", "KPU Sijunjung", "--position", "Ketua\x9b"],
        ["meeting", "add", "--title", "Rakor\nkedua", "--date", "5/7/2024"],
        ["meeting", "add", "--title", "Rakor", "--date", "5/7/2024", "--venue", "Aula\u202b"],
        ["action", "add", "Cek\x1b[2J gudang", "--owner", "KPU Sijunjung"],
    ],
)
def test_control_and_bidi_characters_are_refused_everywhere(office: Cli, args: list[str]) -> None:
    r = office.fails(*args)
    assert re.search(r"not allowed", r.stderr), r.stderr


def test_notes_keep_their_line_breaks(office: Cli) -> None:
    mid = office.ok("meeting", "add", "--title", "Rakor", "--date", "5/7/2024",
                    "--note", "Paragraf satu.\r\n\r\nParagraf dua.").stdout.strip()  # fmt: skip
    assert office.json("meeting", "show", mid)["notes"] == "Paragraf satu.\n\nParagraf dua."


# ---------------------------------------------------------------------------
# 3. Markdown and WhatsApp text escape user text


def test_markdown_and_whatsapp_cannot_be_forged_by_a_title(office: Cli) -> None:
    office.ok("meeting", "add", "--title", "<script>alert(1)</script> *tebal* _m_ ~c~",
              "--date", "5/7/2024", "--decision", "# Tindak lanjut palsu")  # fmt: skip
    md = office.ok("report", "weekly", "--as-of", "5/7/2024", "--format", "markdown").stdout
    page = html_of(MarkdownIt("commonmark").render(md))
    assert "script" not in page.tags and "h1" in page.tags
    assert sum(1 for line in md.splitlines() if line.startswith("# ")) == 1
    text = office.ok("report", "weekly", "--as-of", "5/7/2024", "--format", "text").stdout
    # every * _ ~ from the title is followed by a zero-width space: WhatsApp shows it as typed
    line = next(x for x in text.splitlines() if "tebal" in x)
    assert re.search(r"[*_~](?!\u200b)", line.split("—", 1)[1]) is None
    assert "*tebal*" in line.replace(ZWSP, "")


# ---------------------------------------------------------------------------
# 4. CSV: lossless, safe for spreadsheets, duplicates caught


def test_csv_cells_are_neutralised_for_spreadsheets_and_restored(
    office: Cli, tmp_path: Path
) -> None:
    office.ok("meeting", "add", "--title", "=HYPERLINK(\"http://x\")", "--date", "5/7/2024",
              "--venue", "@aula", "--decision", "-5 persen | +3")  # fmt: skip
    out = tmp_path / "m.csv"
    office.ok("export", "csv", "meetings", "-o", str(out))
    row = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert row["title"] == '\'=HYPERLINK("http://x")'
    assert row["venue"] == "'@aula"
    assert row["decisions"] == "'-5 persen \\| +3"
    assert office.json("import", "meetings", str(out))["unchanged"] == 1


def test_spreadsheet_times_and_duplicates(office: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        # dates in words or ISO: numbers may have been re-saved in another locale (issue 23)
        "title,date,start_time\nRakor logistik,5 Juli 2024,9:30 AM\nRapat pleno,2024-07-06,14:00:00\n",
        encoding="utf-8",
    )
    assert office.json("import", "meetings", str(sheet))["inserted"] == 2
    times = {m["title"]: m["start_time"] for m in office.json("meeting", "list")}
    assert times == {"Rakor logistik": "09:30", "Rapat pleno": "14:00"}
    r = office.fails("import", "meetings", str(sheet))
    assert "sheet.csv:2:" in r.stderr and "duplicate" in r.stderr
    assert office.json("import", "meetings", str(sheet), "--allow-duplicates")["inserted"] == 2
    twice = tmp_path / "twice.csv"
    twice.write_text("title,date\nRakor A,1 Juli 2024\nRakor A,1 Juli 2024\n", encoding="utf-8")
    r = office.fails("import", "meetings", str(twice))
    assert "twice.csv:3:" in r.stderr and "twice.csv:2" in r.stderr


def test_a_long_exported_cell_reimports(office: Cli, tmp_path: Path) -> None:
    office.ok("meeting", "add", "--title", "Rakor", "--date", "5/7/2024",
              "--note", "panjang " * 30000)  # fmt: skip
    out = tmp_path / "m.csv"
    office.ok("export", "csv", "meetings", "-o", str(out))
    assert office.json("import", "meetings", str(out))["unchanged"] == 1


# ---------------------------------------------------------------------------
# 5. Ids from files


def test_ids_from_files_must_be_whole_ulids_of_meetings(office: Cli, tmp_path: Path) -> None:
    mid = office.ok("meeting", "add", "--title", "Rakor", "--date", "5/7/2024").stdout.strip()
    agency_id = office.json("agency", "list")[0]["id"]
    for bad, why in (("%%%%", "not a kpukoord id"), (mid[:12], "not a kpukoord id"),
                     (agency_id, "another kind of record")):  # fmt: skip
        f = tmp_path / "bad.csv"
        f.write_text(f"id,title,date\n{bad},Rakor baru,6/7/2024\n", encoding="utf-8")
        r = office.fails("import", "meetings", str(f))
        assert "bad.csv:2:" in r.stderr and why in r.stderr, r.stderr
        y = tmp_path / "bad.yaml"
        y.write_text(f"id: '{bad}'\ntitle: Rakor baru\ndate: 6/7/2024\n", encoding="utf-8")
        r = office.fails("meeting", "add", "--from-file", str(y))
        assert why in r.stderr, r.stderr


def test_an_exact_id_wins_over_a_prefix(office: Cli) -> None:
    from kpukoord.store.db import Database

    with Database(office.db) as db, db.atomic():
        a = db.insert("meeting", {"title": "A", "kind": "rakor", "status": "held",
                                  "start_date": "2024-07-01", "end_date": "2024-07-01"},
                      id="01J000000000000000000000AA")  # fmt: skip
        db.insert("meeting", {"title": "B", "kind": "rakor", "status": "held",
                              "start_date": "2024-07-01", "end_date": "2024-07-01"},
                  id="01J000000000000000000000AAB"[:26].replace("AA", "AB", 1))  # fmt: skip
    assert office.json("meeting", "show", a)["title"] == "A"


# ---------------------------------------------------------------------------
# 6. Dates outside any election


@pytest.mark.parametrize(
    ("args", "today"),
    [
        (["meeting", "add", "--title", "Rakor", "--date", "31/12/9999"], None),
        (["meeting", "add", "--title", "Rakor", "--date", "1/1/0001"], None),
        (["report", "weekly", "--as-of", "1/1/0001"], None),
        (["report", "weekly", "--week", "9999-W01"], None),
        (["report", "weekly"], "0001-01-01"),
        (["action", "list", "--overdue"], "0001-01-01"),
    ],
)
def test_dates_are_bounded(office: Cli, args: list[str], today: str | None) -> None:
    r = office.fails(*args, today=today)
    assert "1900" in r.stderr and "2100" in r.stderr


# ---------------------------------------------------------------------------
# 7. The error boundary


def test_invalid_utf8_and_missing_directories_are_one_line(office: Cli, tmp_path: Path) -> None:
    bad = b"Rakor \xff".decode("utf-8", "surrogateescape")
    r = office.fails("meeting", "add", "--title", bad, "--date", "5/7/2024")
    assert "UTF-8" in r.stderr
    r = office.fails("schedule", "timeline", "pkpu-2-2024", "--svg", str(tmp_path / "no" / "x.svg"))
    assert len(r.stderr.splitlines()) == 1


def test_inputs_are_capped_by_bytes_read() -> None:
    from kpukoord.cli._common import read_text
    from kpukoord.errors import KpuError

    with pytest.raises(KpuError, match="larger than"):
        read_text("/dev/urandom", limit=1024 * 1024)


# ---------------------------------------------------------------------------
# 9. Restores and calendars


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 shell")
def test_a_database_restored_from_a_dump_is_recognised(office: Cli, tmp_path: Path) -> None:
    office.ok("meeting", "add", "--title", "Rakor coklit", "--date", "5/7/2024")
    restored = tmp_path / "restored.db"
    dumped = subprocess.run(["sqlite3", str(office.db), ".dump"], capture_output=True, check=True)
    subprocess.run(["sqlite3", str(restored)], input=dumped.stdout, check=True)
    office.db = restored
    assert [m["title"] for m in office.json("meeting", "list")] == ["Rakor coklit"]
    assert office.json("search", "coklit")


def test_a_change_by_another_tool_raises_the_revision(office: Cli) -> None:
    mid = office.ok("meeting", "add", "--title", "Rakor", "--date", "5/7/2024").stdout.strip()
    with sqlite3.connect(office.db) as c:
        before = c.execute("SELECT revision FROM meeting WHERE id = ?", [mid]).fetchone()[0]
        c.execute("UPDATE meeting SET venue = 'Aula' WHERE id = ?", [mid])
        after = c.execute("SELECT revision FROM meeting WHERE id = ?", [mid]).fetchone()[0]
    assert after == before + 1
    office.ok("meeting", "edit", mid, "--venue", "Aula KPU")
    with sqlite3.connect(office.db) as c:
        assert c.execute("SELECT revision FROM meeting WHERE id = ?", [mid]).fetchone()[0] == (
            after + 1
        )
    assert json.loads(office.ok("meeting", "show", mid, "--json").stdout)["venue"] == "Aula KPU"


def test_cancelled_and_removed_meetings_leave_calendars(office: Cli) -> None:
    from icalendar import Calendar

    keep = office.ok("meeting", "add", "--title", "Rakor", "--date", "10/7/2024").stdout.strip()
    off = office.ok("meeting", "add", "--title", "Batal", "--date", "11/7/2024").stdout.strip()
    gone = office.ok("meeting", "add", "--title", "Hapus", "--date", "12/7/2024").stdout.strip()
    act = office.json("action", "add", "Cek gudang", "--owner", "KPU Sijunjung")["id"]

    def events() -> dict[str, tuple[str, int]]:
        cal = Calendar.from_ical(office.ok("export", "ics", "--meetings", "--actions").stdout_bytes)
        return {
            str(e["summary"]): (str(e["status"]), int(e["sequence"]))
            for e in [*cal.walk("VEVENT"), *cal.walk("VTODO")]
        }

    before = events()
    office.ok("meeting", "edit", off, "--status", "cancelled")
    office.ok("meeting", "remove", gone)
    office.ok("action", "cancel", act)
    after = events()
    assert after["Rakor"] == before["Rakor"]
    for title in ("Batal", "Hapus"):
        assert after[title][0] == "CANCELLED" and after[title][1] > before[title][1]
    todo = next(k for k in after if k.startswith("Cek gudang"))
    assert after[todo][0] == "CANCELLED" and after[todo][1] > before[todo][1]
    assert keep


@pytest.mark.parametrize("report", ["weekly", "offices"])
def test_reports_written_from_the_terminal_view_keep_markup_literal(
    cli: Cli, tmp_path: Path, report: str
) -> None:
    cli.ok("init", "--office", "KPU Kabupaten [/bold] Uji [link=http://x]y[/link]")
    out = tmp_path / "r.txt"
    cli.ok("report", report, "--format", "terminal", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "[/bold]" in text and "[link=http://x]" in text
