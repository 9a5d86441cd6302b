"""Bugs found by trying the merged tool as a new user would (7 December 2026)."""

from __future__ import annotations

import yaml

# Written for this test in the style of an office's news item (not a real report).
SPEAKERS = """KPU Sijunjung Gelar Rakor Persiapan Pleno

SIJUNJUNG - KPU Kabupaten Sijunjung menggelar rapat koordinasi persiapan pleno, Senin
(7/12/2026) di Aula Kantor KPU Sijunjung.

Plh Ketua KPU Sijunjung, Bayu Agung Perdana, menyampaikan bahwa seluruh data pemilih baru
sudah dihimpun dari Disdukcapil.

Wakil Bupati Sijunjung, Hendra Saputra, dalam kesempatan tersebut menyampaikan pesan kepada
seluruh penyelenggara. Ia menekankan pentingnya netralitas aparatur pemerintah daerah dalam
setiap tahapan.
"""


def test_a_pronoun_after_an_unmatched_speaker_is_not_given_to_an_earlier_one(office, tmp_path):
    """'Ia menekankan …' after an official the draft could not match was put in the mouth
    of the last matched attendee (the coffee-morning report gave the Pjs. Bupati's three
    directives to the KPU chair)."""
    f = tmp_path / "r.txt"
    f.write_text(SPEAKERS, encoding="utf-8")
    d = yaml.safe_load(office.ok("meeting", "draft", str(f)).stdout)
    said = d.get("directives", []) + d.get("points", [])
    # kept, without by= when the Wakil Bupati is not matched (trial bug 9)
    assert [x.get("by") for x in said if "netralitas" in x["text"]] in ([None], ["Hendra Saputra"])
    assert any(x["by"] == "Bayu Agung Perdana" for x in said if "Disdukcapil" in x["text"])


def test_ics_stage_description_says_the_confidence_in_indonesian(office):
    """export ics --stages wrote 'tingkat keyakinan official' into every PDPB and SIPOL
    event (khal showed it), where every other view says 'resmi'."""
    ics = office.ok(
        "--lang",
        "id",
        "export",
        "ics",
        "--stages",
        "--schedule",
        "pdpb-pkpu-1-2025",
        today="2026-12-07",
    ).stdout
    text = ics.replace("\r\n ", "").replace("\n ", "")  # unfold
    assert "sumber resmi KPU" in text  # the confidence in words (issue 26's sourced())
    assert "official" not in text


def test_stage_confirm_errors_name_the_recurrence_in_indonesian(office):
    """stage confirm with a period the rule does not have said 'berulang quarterly'."""
    before = office.ok("stage", "show", "pleno-dpb", "--json", today="2026-12-07").stdout
    out = office.fails(
        "--lang",
        "id",
        "stage",
        "confirm",
        "pleno-dpb",
        "--date",
        "8 Desember 2020",
        code=2,
        today="2026-12-07",
    )
    assert "berulang triwulanan sejak 2025-Q2" in out.output
    assert "quarterly" not in out.output
    out = office.fails(
        "--lang",
        "id",
        "stage",
        "confirm",
        "pleno-dpb",
        "--date",
        "8 Desember 2026",
        "--period",
        "2026-S2",
        code=2,
        today="2026-12-07",
    )
    assert "bukan periode triwulanan" in out.output
    assert office.ok("stage", "show", "pleno-dpb", "--json", today="2026-12-07").stdout == before


def test_stage_confirm_says_the_period_and_dates_as_people_write_them(office):
    """stage confirm printed 'dipastikan: … 2026-Q4 2026-12-08 – 2026-12-08'."""
    args = ("--lang", "id", "stage", "confirm", "pleno-dpb", "--date", "8 Desember 2026")
    out = office.ok(*args, today="2026-12-07").stdout
    assert out.strip() == (
        "dipastikan: pdpb-pkpu-1-2025:pleno-dpb triwulan IV 2026: Selasa, 8 Desember 2026"
    )
    again = office.ok(*args, today="2026-12-07").stdout
    assert "triwulan IV 2026 sudah dipastikan pada Selasa, 8 Desember 2026" in again
    assert "2026-12-08" not in out + again


def test_weekly_report_says_a_running_occurrence_is_under_way_not_h0(office):
    """On 5 January 2027 the Q4 pleno (expected 4-11 January) read 'H-0 Pleno … (Senin,
    4 Januari 2027)': a countdown of zero days to a day already past."""
    out = office.ok(
        "--lang", "id", "report", "weekly", "--format", "text", today="2027-01-05"
    ).stdout
    assert (
        "Pleno rekapitulasi DPB triwulan IV 2026, perkiraan, sedang berlangsung hingga "
        "Senin, 11 Januari 2027"
    ) in out
    assert "H-0 Pleno rekapitulasi DPB triwulan IV 2026" not in out
    # one that has not begun keeps its countdown
    assert "H-2 Pleno rekapitulasi DPB tingkat provinsi semester II 2026, perkiraan" in out


def test_stage_show_says_when_nothing_cited_the_stage_instead_of_empty_tables(office):
    """stage show pleno-dpb on a fresh office ended with two tables of headers only
    ('id tanggal judul psrt. status', 'tanggal persen catatan rapat') over no row."""
    out = office.ok("--lang", "id", "stage", "show", "pleno-dpb", today="2026-12-07").stdout
    assert "Belum ada rapat yang membahas tahapan ini." in out
    assert "Belum ada progres yang dilaporkan" in out
    assert not any(
        line.split() == ["tanggal", "persen", "catatan", "rapat"] for line in out.splitlines()
    )
    assert "psrt." not in out


def test_berita_stresses_a_noun_phrase_directive_and_the_draft_reads_it_back(office, tmp_path):
    """The Sijunjung rakor's directive 'Pentingnya koordinasi …' came out of meeting berita as
    'Bayu Agung Perdana meminta agar pentingnya koordinasi …' (not Indonesian)."""
    f = tmp_path / "m.yaml"
    f.write_text(
        "title: Rakor persiapan pleno DPB\nkind: rakor\ndate: 7 Desember 2026\n"
        "venue: Aula KPU Sijunjung\nattendees:\n"
        "  - {agency: KPU Kabupaten Sijunjung, person: Bayu Agung Perdana, position: Plh Ketua}\n"
        "directives:\n"
        "  - text: Pentingnya koordinasi yang baik antara semua pihak dalam pleno\n"
        "    by: Bayu Agung Perdana\n",
        encoding="utf-8",
    )
    mid = office.ok("meeting", "add", "--from-file", str(f), today="2026-12-07").stdout.strip()
    news = office.ok("meeting", "berita", mid, "--format", "text", today="2026-12-07").stdout
    assert "Bayu Agung Perdana menekankan pentingnya koordinasi yang baik" in news
    assert "meminta agar pentingnya" not in news
    back = tmp_path / "berita.txt"
    back.write_text(news, encoding="utf-8")
    d = yaml.safe_load(office.ok("meeting", "draft", str(back), today="2026-12-07").stdout)
    assert [(x["text"], x["by"]) for x in d["directives"]] == [
        ("Pentingnya koordinasi yang baik antara semua pihak dalam pleno", "Bayu Agung Perdana")
    ]


# Written for this test in the style of an office's news item (not a real report).
VISIT = """Kesbangpol Sambangi KPU Sijunjung

SIJUNJUNG - Kepala Badan Kesbangpol Arif Rahman berkunjung ke KPU Kabupaten Sijunjung,
Senin (7/12/2026), di ruang rapat KPU Kabupaten Sijunjung.

Dalam pertemuan Kepala Badan Kesbangpol Arif Rahman mengatakan bahwa kedatangannya untuk
membangun koordinasi menjelang pleno rekapitulasi DPB.

Plh Ketua KPU Sijunjung, Bayu Agung Perdana, menyambut baik kunjungan tersebut.
"""


def test_a_title_naming_another_kind_of_agency_is_never_the_hosts(office, tmp_path):
    """With Kesbangpol not yet in the database, meeting draft of the Luwu Utara visit listed
    'Hakim Bukara, Kepala Badan Kesbangpol' as an attendee from KPU Kabupaten Luwu Utara
    (the host), and meeting add stored it so: an invented fact."""
    f = tmp_path / "visit.txt"
    f.write_text(VISIT, encoding="utf-8")
    text = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    d = yaml.safe_load(text)
    people = {a["person"]: a["agency"] for a in d.get("attendees", []) if isinstance(a, dict)}
    assert people.get("Arif Rahman") != "KPU Kabupaten Sijunjung"
    assert people["Bayu Agung Perdana"] == "KPU Kabupaten Sijunjung"
    assert "Arif Rahman (Kepala Badan Kesbangpol)" in text  # listed as not yet matched


def test_minutes_say_tidak_ada_as_a_sentence_not_a_list_item(office, tmp_path):
    """A meeting without decisions had 'Keputusan' over a bulleted, Word-numbered 'Tidak
    ada.' (List Bullet), while 'Tindak lanjut' said it as a sentence."""
    import docx

    mid = office.ok(
        "meeting",
        "add",
        "--kind",
        "rakor",
        "--title",
        "Rakor persiapan pleno DPB",
        "--date",
        "7 Desember 2026",
        today="2026-12-07",
    ).stdout.strip()
    out = tmp_path / "n.docx"
    office.ok("meeting", "minutes", mid, "--format", "docx", "-o", str(out), today="2026-12-07")
    paras = docx.Document(str(out)).paragraphs
    empty = [p for p in paras if p.text == "Tidak ada."]
    assert len(empty) >= 2
    for p in empty:
        assert not p.style.name.startswith("List")
        assert p._p.pPr is None or p._p.pPr.numPr is None
    md = office.ok("meeting", "minutes", mid, "--format", "markdown", today="2026-12-07").stdout
    assert "- Tidak ada." not in md


def test_ics_of_an_occurrence_confirmed_without_source_has_no_dangling_sumber(office):
    """After 'stage confirm pleno-dpb --date "8 Desember 2026"' (no --source) khal showed
    '… — tingkat keyakinan resmi; sumber' with nothing after 'sumber'."""
    office.ok("stage", "confirm", "pleno-dpb", "--date", "8 Desember 2026", today="2026-12-07")
    ics = office.ok(
        "--lang",
        "id",
        "export",
        "ics",
        "--stages",
        "--schedule",
        "pdpb-pkpu-1-2025",
        today="2026-12-07",
    ).stdout
    text = ics.replace("\r\n ", "").replace("\n ", "")
    event = next(e for e in text.split("BEGIN:VEVENT") if "triwulan IV 2026" in e)
    desc = next(line for line in event.splitlines() if line.startswith("DESCRIPTION:"))
    assert desc.endswith("sumber resmi KPU"), desc  # nothing dangling after it


def test_a_group_named_twice_is_drafted_once(office, tmp_path):
    """The Sijunjung rakor report names 'PPK Se Kabupaten Sijunjung' and later 'PPK
    Se-Kabupaten Sijunjung': the draft, the minutes and the berita listed both."""
    f = tmp_path / "r.txt"
    f.write_text(
        "KPU Sijunjung Gelar Rakor\n\nSIJUNJUNG - KPU Kabupaten Sijunjung menggelar rapat "
        "koordinasi bersama Bawaslu serta PPK Se Kabupaten Sijunjung, Senin (7/12/2026) di "
        "Aula KPU Sijunjung.\n\nHadir dalam kesempatan tersebut para Camat serta PPK "
        "Se-Kabupaten Sijunjung (8 orang).\n",
        encoding="utf-8",
    )
    d = yaml.safe_load(office.ok("meeting", "draft", str(f), today="2026-12-07").stdout)
    ppk = [g for g in d.get("groups", []) if g["kind"] == "ppk"]
    assert len(ppk) == 1, ppk
    assert ppk[0]["count"] == 8


def test_berita_docx_properties_are_the_offices(office, tmp_path):
    """meeting berita --format docx had author and last-modified-by 'kpukoord', no
    subject and no category, while issue 31 makes the office the author of every docx."""
    import docx

    mid = office.ok(
        "meeting",
        "add",
        "--kind",
        "rakor",
        "--title",
        "Rakor persiapan pleno DPB",
        "--date",
        "7 Desember 2026",
        today="2026-12-07",
    ).stdout.strip()
    out = tmp_path / "b.docx"
    office.ok("meeting", "berita", mid, "--format", "docx", "-o", str(out), today="2026-12-07")
    cp = docx.Document(str(out)).core_properties
    assert cp.author == cp.last_modified_by == "KPU Kabupaten Sijunjung"
    assert cp.category == "Berita"
    assert cp.subject == "Rapat Koordinasi — KPU Kabupaten Sijunjung"


def test_draft_does_not_link_a_stage_of_an_election_long_over(office, tmp_path):
    """The Sijunjung rakor of 5-6 July 2024 names 'pemutakhiran data pemilih': the draft
    kept the name, meeting add resolved it to pkpu-3-2022:data-pemilih (Pemilu 2024, ended
    21 June 2023) and the minutes' agenda cited PKPU 3/2022 for a Pilkada 2024 rakor."""
    f = tmp_path / "r.txt"
    f.write_text(
        "KPU Sijunjung Gelar Rakor Pilkada\n\nSIJUNJUNG - KPU Kabupaten Sijunjung menggelar "
        "rapat koordinasi persiapan Pilkada 2024, Jumat (5/7/2024) di Aula KPU Sijunjung.\n\n"
        "Poin yang dibahas antara lain pemutakhiran data pemilih dan coklit oleh Pantarlih.\n",
        encoding="utf-8",
    )
    text = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    d = yaml.safe_load(text)
    assert "coklit" in d["stages"]  # (the name may stay: it resolves to the running stage)
    f2 = tmp_path / "r.yaml"
    f2.write_text(text, encoding="utf-8")
    rec = office.json("meeting", "add", "--from-file", str(f2), today="2026-12-07")[0]
    assert all(not s["ref"].startswith("pkpu-3-2022:") for s in rec["stages"])
    assert {s["ref"] for s in rec["stages"]} <= {"pkpu-2-2024:coklit", "pkpu-2-2024:data-pemilih"}


def test_a_person_representing_an_unknown_agency_is_not_the_hosts(office, tmp_path):
    """'KPU Provinsi yang diwakili oleh Medo Putra selaku Divisi Perencanaan data dan
    Informasi' drafted Medo Putra as an attendee from KPU Kabupaten Sijunjung (the host)."""
    f = tmp_path / "r.txt"
    f.write_text(
        "KPU Sijunjung Gelar Rakor\n\nSIJUNJUNG - KPU Kabupaten Sijunjung menggelar rapat "
        "koordinasi, Senin (7/12/2026) di Aula KPU Sijunjung.\n\nHadir dalam kesempatan "
        "tersebut KPU Provinsi yang diwakili oleh Rudi Hartono selaku Divisi Perencanaan "
        "data dan Informasi, serta Plh Ketua KPU Sijunjung Bayu Agung Perdana.\n",
        encoding="utf-8",
    )
    text = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    d = yaml.safe_load(text)
    people = {a["person"]: a["agency"] for a in d.get("attendees", []) if isinstance(a, dict)}
    assert people.get("Rudi Hartono") != "KPU Kabupaten Sijunjung"
    assert "belum cocok: Rudi Hartono" in text or "not matched: Rudi Hartono" in text


def test_a_recurring_stage_says_how_it_recurs_instead_of_a_dash(office):
    """stage show pleno-dpb and schedule show sipol-berkelanjutan gave the recurring stage
    'Tanggal —', as if it had no dates at all."""
    out = office.ok("--lang", "id", "stage", "show", "pleno-dpb", today="2026-12-07").stdout
    assert any(line.split() == ["Tanggal", "berulang", "triwulanan"] for line in out.splitlines())
    shown = office.ok(
        "--lang", "id", "schedule", "show", "sipol-berkelanjutan", today="2026-12-07"
    ).stdout
    assert "berulang semesteran" in shown


def test_meeting_show_says_the_status_in_indonesian(office):
    """meeting show of a meeting drafted from a report said 'Status held' where meeting
    list says 'terlaksana'."""
    mid = office.ok(
        "meeting",
        "add",
        "--kind",
        "rakor",
        "--title",
        "Rakor persiapan pleno DPB",
        "--date",
        "2 Desember 2026",
        today="2026-12-07",
    ).stdout.strip()
    out = office.ok("--lang", "id", "meeting", "show", mid, today="2026-12-07").stdout
    assert any(line.split() == ["Status", "terlaksana"] for line in out.splitlines())


def test_person_show_is_indonesian_and_names_the_end_date_column(office):
    """person show printed 'Person' (untranslated) and headed the end date of a position
    'penerima' (recipient)."""
    office.ok(
        "person",
        "add",
        "Bayu Agung Perdana",
        "--agency",
        "KPU Kabupaten Sijunjung",
        "--position",
        "Plh Ketua",
        today="2026-12-07",
    )
    out = office.ok("--lang", "id", "person", "show", "Bayu Agung Perdana", today="2026-12-07")
    lines = out.stdout.splitlines()
    assert lines[0].split()[0] == "Orang"
    assert "penerima" not in out.stdout
    assert any(line.split()[-2:] == ["mulai", "sampai"] for line in lines if line.strip())


def test_agency_show_says_when_there_is_nothing_instead_of_empty_tables(office):
    """agency show of the office on a fresh init ended with 'Rapat' and 'Tindak lanjut
    terbuka' tables of headers only ('id uraian PJ tempo status')."""
    out = office.ok(
        "--lang", "id", "agency", "show", "KPU Kabupaten Sijunjung", today="2026-12-07"
    ).stdout
    assert "Belum ada rapat dengan instansi ini." in out
    assert "Tidak ada tindak lanjut terbuka." in out
    assert "tempo" not in out


def test_schedule_history_keeps_the_hash_whole_and_names_the_file(office):
    """schedule history pdpb-pkpu-1-2025 at 80 columns split the hash over two lines
    ('de11f65741' / '5c') and the absolute path of the bundled file over four."""
    hist = office.json("schedule", "history", "pdpb-pkpu-1-2025")["imports"][0]
    text = office.ok("schedule", "history", "pdpb-pkpu-1-2025").stdout
    assert hist["file_hash"][:8] in text
    assert "/schedules" not in text and "schedules/" not in text


def test_berita_figures_do_not_start_with_a_capital_mid_sentence(office, tmp_path):
    """meeting berita of a PDPB pleno wrote 'KPU Kabupaten Sijunjung melaporkan Jumlah
    pemilih dalam DPB mencapai 170.512.'"""
    f = tmp_path / "p.yaml"
    f.write_text(
        "title: Pleno rekapitulasi DPB triwulan III 2026\nkind: pleno\ndate: 2 Oktober 2026\n"
        'figures:\n  - {text: Jumlah pemilih dalam DPB, value: "170.512"}\n',
        encoding="utf-8",
    )
    mid = office.ok("meeting", "add", "--from-file", str(f), today="2026-12-07").stdout.strip()
    news = office.ok("meeting", "berita", mid, today="2026-12-07").stdout
    assert "melaporkan jumlah pemilih dalam DPB mencapai 170.512." in news


def test_a_reader_that_goes_away_stops_the_export_quietly(office):
    """'kpukoord export ics --stages | head -1' printed 'error: berkas: Broken pipe' and
    exited 1."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("kpukoord")
    env = {**os.environ, "KPUKOORD_DB": str(office.db), "KPUKOORD_TODAY": "2026-12-07"}
    proc = subprocess.Popen(
        [str(exe), "export", "ics", "--stages", "--all-regions"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"BEGIN:VCALENDAR")
    proc.stdout.close()  # the reader goes away, like head -1
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert "Broken pipe" not in err and "error" not in err, err
    assert code in (0, 141)


def test_meeting_show_names_the_roles_in_indonesian(office):
    """meeting show of the demo's Sijunjung rakor gave Bayu Agung Perdana the role 'chair'
    (the file key) in an Indonesian table."""
    mid = office.ok(
        "meeting",
        "add",
        "--kind",
        "rakor",
        "--title",
        "Rakor persiapan pleno DPB",
        "--date",
        "2 Desember 2026",
        "--attendee",
        "KPU Kabupaten Sijunjung; person=Bayu Agung Perdana; position=Plh Ketua",
        "--chair",
        "Bayu Agung Perdana",
        today="2026-12-07",
    ).stdout.strip()
    out = office.ok("--lang", "id", "meeting", "show", mid, today="2026-12-07").stdout
    import re

    assert "memimpin rapat" in out
    assert re.search(r"\bchair\b", out) is None
