"""meeting draft on the class of KPU office news reports, not only the seed articles.

Bugs of the new-user trial (7 December 2026, part B). Each report here is written for
these tests in the style of an office's news item (names, places and agencies are not
the seed articles'; not a real report).
"""

from __future__ import annotations

from pathlib import Path

import yaml

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "reference" / "articles"
if not ARTICLES.is_dir():
    ARTICLES = Path("/work/shared/reference/articles")

PALU = """KPU Kota Palu Gelar Rakor Pemutakhiran Data Pemilih Berkelanjutan

PALU - KPU Kota Palu menggelar rapat koordinasi pemutakhiran data pemilih berkelanjutan,
Kamis (3/12/2026) pukul 09.00 WITA, di Aula Kantor KPU Kota Palu.

Rakor dibuka oleh Ketua KPU Kota Palu, Agussalim Wahid. Nurhayati Lamasi selaku Anggota KPU
Kota Palu Divisi Perencanaan, Data dan Informasi menjelaskan bahwa pemilih baru dari
Disdukcapil sudah dihimpun.

Hadir dalam rakor tersebut Kordiv Hukum, Humas, Data dan Informasi Bawaslu Kota Palu, Fadli
Rahman.
"""


def _people(out: str) -> dict[str, dict]:
    d = yaml.safe_load(out)
    return {a["person"]: a for a in d.get("attendees", []) if isinstance(a, dict)}


def test_a_division_written_with_commas_is_one_position(office, tmp_path):
    """Trial bug 8: 'Divisi sosialisasi pendidikan pemilih, partisipasi masyarakat dan SDM'
    was cut at its comma; KPU and Bawaslu write their divisions with commas."""
    office.ok("agency", "add", "KPU Kota Palu", "--region", "72.71")
    office.ok("agency", "add", "Bawaslu Kota Palu", "--region", "72.71")
    f = tmp_path / "palu.txt"
    f.write_text(PALU, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    people = _people(out)
    assert (
        people["Nurhayati Lamasi"]["position"] == "Anggota Divisi Perencanaan, Data dan Informasi"
    )
    assert people["Nurhayati Lamasi"]["agency"] == "KPU Kota Palu"
    assert people["Fadli Rahman"]["position"] == "Kordiv Hukum, Humas, Data dan Informasi"
    assert people["Fadli Rahman"]["agency"] == "Bawaslu Kota Palu"
    assert people["Agussalim Wahid"]["position"] == "Ketua"
    assert yaml.safe_load(out)["time"] == "pukul 09.00 WITA"
    rakor = ARTICLES / "rakor-pilkada-sijunjung-2024.txt"
    if rakor.is_file():
        people = _people(office.ok("meeting", "draft", str(rakor), today="2026-12-07").stdout)
        assert people["Juniwandri"]["position"] == (
            "Komisioner Divisi sosialisasi pendidikan pemilih, partisipasi masyarakat dan SDM"
        )


def test_berita_lowers_a_common_noun_mid_sentence_and_keeps_titles(office, tmp_path):
    """Trial bug 18: meeting berita wrote 'melaporkan Pemilih baru mencapai …' (the word
    was a title word for the drafter); positions and agencies keep their capitals."""
    f = tmp_path / "m.yaml"
    f.write_text(
        "title: Rapat pleno rekapitulasi DPB triwulan IV 2026\nkind: pleno\n"
        "date: Jumat, 4 Desember 2026\nvenue: Aula KPU Sijunjung\nattendees:\n"
        "  - {agency: KPU Kabupaten Sijunjung, person: Yuliarni Sari, position: Ketua}\n"
        "figures:\n"
        "  - {text: Pemilih baru, value: 1.204 pemilih, by: Yuliarni Sari}\n"
        "  - {text: Data pemilih tidak memenuhi syarat, value: 388 pemilih, by: Yuliarni Sari}\n"
        "directives:\n"
        "  - {text: Ketua PPS mengumumkan DPB di kantor nagari, by: Yuliarni Sari}\n"
        "decisions:\n  - Sosialisasi DPB dilanjutkan di setiap nagari\n",
        encoding="utf-8",
    )
    mid = office.ok("meeting", "add", "--from-file", str(f), today="2026-12-07").stdout.strip()
    news = office.ok("meeting", "berita", mid, today="2026-12-07").stdout
    text = " ".join(news.split())
    assert "Yuliarni Sari melaporkan pemilih baru mencapai 1.204 pemilih." in text
    assert "melaporkan data pemilih tidak memenuhi syarat mencapai 388 pemilih." in text
    assert "meminta agar Ketua PPS mengumumkan DPB" in text
    assert "menyepakati bahwa sosialisasi DPB dilanjutkan" in text
    back = tmp_path / "berita.txt"
    back.write_text(news, encoding="utf-8")
    d = yaml.safe_load(office.ok("meeting", "draft", str(back), today="2026-12-07").stdout)
    assert [(x["text"], x["value"]) for x in d["figures"]] == [
        ("Pemilih baru", "1.204 pemilih"),
        ("Data pemilih tidak memenuhi syarat", "388 pemilih"),
    ]


JAYAPURA = """Pemkot Jayapura Gelar Coffee Morning Jelang Pleno DPB

JAYAPURA - Pemerintah Kota Jayapura menggelar coffee morning bersama KPU Kota Jayapura dan
Bawaslu Kota Jayapura, Selasa (1/12/2026) pukul 08.30 WIT, di Ruang Rapat Kantor Wali Kota
Jayapura.

Wali Kota Jayapura, Markus Itaar, meminta agar seluruh pihak menjaga koordinasi menjelang
pleno rekapitulasi DPB.

Dalam laporannya, Ketua KPU Kota Jayapura, Yulianus Wenda, menyampaikan bahwa jumlah pemilih
dalam DPB triwulan III mencapai 221.350 pemilih.

Dandim 1701/Jayapura, Bambang Setiawan, mengimbau seluruh jajaran menjaga netralitas selama
pemutakhiran data pemilih.
"""


def test_an_unknown_host_is_drafted_as_written_and_its_people_keep_their_words(office, tmp_path):
    """Trial bug 9: on a database that knows none of its agencies, the Bengkulu Utara coffee
    morning was stored hosted by this office ('host: not found; this office is taken'),
    Santoso's position was 'Ketua KPU Bengkulu Utara' beside agency 'KPU Bengkulu Utara',
    and what unmatched officials said was dropped."""
    f = tmp_path / "jayapura.txt"
    f.write_text(JAYAPURA, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    d = yaml.safe_load(out)
    assert d["host"] == "Pemerintah Kota Jayapura"
    assert (d["date"], d["time"]) == ("Selasa (1/12/2026)", "pukul 08.30 WIT")
    assert d["venue"] == "Ruang Rapat Kantor Wali Kota Jayapura"
    people = _people(out)
    # never 'Jayapura'; the Dandim's agency is the one his title names with its place
    assert set(people) == {"Markus Itaar", "Yulianus Wenda", "Bambang Setiawan"}
    assert people["Markus Itaar"]["agency"] == "Pemerintah Kota Jayapura"
    assert (people["Yulianus Wenda"]["agency"], people["Yulianus Wenda"]["position"]) == (
        "KPU Kota Jayapura",
        "Ketua",
    )
    assert (people["Bambang Setiawan"]["agency"], people["Bambang Setiawan"]["position"]) == (
        "Kodim 1701/Jayapura",
        "Dandim 1701/Jayapura",
    )
    assert {
        "text": "Seluruh jajaran menjaga netralitas selama pemutakhiran data pemilih",
        "by": "Bambang Setiawan",
    } in d["directives"]
    for name in (
        "Pemerintah Kota Jayapura",
        "KPU Kota Jayapura",
        "Bawaslu Kota Jayapura",
        "Kodim 1701/Jayapura",
    ):
        assert f"unknown agency: {name} —" in out
    f2 = tmp_path / "j.yaml"
    f2.write_text(out, encoding="utf-8")
    rec = office.json("meeting", "add", "--from-file", str(f2), "--new-agencies")[0]
    assert (rec["host"], rec["timezone"], rec["start_date"]) == (
        "Pemerintah Kota Jayapura",
        "WIT",
        "2026-12-01",
    )
    assert len(rec["directives"]) == 2
    coffee = ARTICLES / "coffee-morning-bengkulu-utara-2024.txt"
    if coffee.is_file():
        out = office.ok("meeting", "draft", str(coffee), today="2026-12-07").stdout
        d = yaml.safe_load(out)
        assert d["host"] == "Pemerintah Kabupaten Bengkulu Utara"
        people = _people(out)
        assert (people["Santoso"]["agency"], people["Santoso"]["position"]) == (
            "KPU Bengkulu Utara",
            "Ketua",
        )
        assert people["Andi Muhammad Yusuf"]["agency"] == "Pemerintah Kabupaten Bengkulu Utara"
        assert "this office is taken" not in out


MALTENG = """Kapolres Maluku Tengah Sambangi KPU Malteng

MASOHI - Komisi Pemilihan Umum (KPU) Kabupaten Maluku Tengah menerima kunjungan Kapolres
Maluku Tengah, Rabu (2/12/2026) pukul 10.00 WIT, di ruang rapat Kantor KPU Maluku Tengah.

Kunjungan tersebut diterima oleh Ketua KPU Hamdan Tuasikal didampingi Sekretaris KPU Rosita
Wattimena.

Hadir pula Kasi Intel Kejaksaan Maluku Tengah, Bawaslu serta KPU Provinsi.

Hamdan menyampaikan bahwa pleno rekapitulasi DPB triwulan IV akan digelar pada akhir bulan
Desember.
"""


def _unknown(out: str) -> list[str]:
    return [
        line.split(": ", 1)[1].split(" — ")[0]
        for line in out.splitlines()
        if line.startswith("# unknown agency: ")
    ]


def test_a_fresh_office_is_told_every_agency_it_does_not_know(office, tmp_path):
    """Trial bug 10: on a fresh office the Sijunjung rakor listed only unmatched people,
    never Kapolres Sijunjung, the Kejaksaan, Bawaslu or 'KPU Provinsi' as unknown
    agencies; 'Ketua KPU Syamsul Bachri' at the Luwu Utara KPU was left unmatched."""
    f = tmp_path / "malteng.txt"
    f.write_text(MALTENG, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    d = yaml.safe_load(out)
    assert d["host"] == "KPU Kabupaten Maluku Tengah"
    people = _people(out)
    assert {p: a["agency"] for p, a in people.items()} == {
        "Hamdan Tuasikal": "KPU Kabupaten Maluku Tengah",
        "Rosita Wattimena": "KPU Kabupaten Maluku Tengah",
    }
    assert _unknown(out) == [
        "Polres Maluku Tengah",
        "KPU Kabupaten Maluku Tengah",
        "Kejaksaan Maluku Tengah",
        "Bawaslu",
        "KPU Provinsi",
    ]
    # a Kapolres whose Polres the database knows is not listed
    office.ok("agency", "add", "Polres Maluku Tengah", "--region", "81.01")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    assert "Polres Maluku Tengah" not in _unknown(out)
    assert "Polres Maluku Tengah" in yaml.safe_load(out)["attendees"]  # the Kapolres came
    rakor = ARTICLES / "rakor-pilkada-sijunjung-2024.txt"
    if rakor.is_file():
        out = office.ok("meeting", "draft", str(rakor), today="2026-12-07").stdout
        assert _unknown(out) == [
            "Pemerintah Kabupaten Sijunjung",  # 'Bupati Sijunjung, Benny Dwifa Yuswir'
            "Polres Sijunjung",
            "Kejaksaan Sijunjung",
            "Bawaslu",
            "KPU Provinsi Sumatera Barat",
        ]
    visit = ARTICLES / "kesbangpol-visit-luwu-utara-2023.txt"
    if visit.is_file():
        out = office.ok("meeting", "draft", str(visit), today="2026-12-07").stdout
        people = _people(out)
        assert people["Syamsul Bachri"]["agency"] == "KPU Kabupaten Luwu Utara"
        assert people["Hakim Bukara"]["agency"] == "Badan Kesbangpol Luwu Utara"  # not the host
        assert _unknown(out) == ["KPU Kabupaten Luwu Utara", "Badan Kesbangpol Luwu Utara"]


GOWA = """Kesbangpol Gowa Sambangi KPU Gowa

SUNGGUMINASA - Badan Kesbangpol Kabupaten Gowa menyambangi KPU Kabupaten Gowa, Jumat
(4/12/2026) pukul 13.30 WITA, di ruang rapat Kantor KPU Gowa.

Kepala Badan Kesbangpol Andi Rahmat Basri mengatakan bahwa pihaknya siap mendukung
sosialisasi pemutakhiran data pemilih berkelanjutan.

Ketua KPU Muhammad Yusran menyampaikan bahwa rekapitulasi DPB triwulan IV akan diplenokan
pada akhir Desember. Turut hadir Kabid Politik Kesbangpol Sitti Aminah dan Sekretaris KPU
Gowa Hasnah.
"""


def test_a_title_naming_the_kind_of_an_agency_the_report_names_is_that_agencys(office, tmp_path):
    """Trial bug 10, the class of the Luwu Utara visit on a fresh office: 'Kepala Badan
    Kesbangpol NAME' where the report names 'Badan Kesbangpol Kabupaten Gowa' (and no
    other Kesbangpol) is that agency's; the visited KPU is the host; two people joined by
    'dan' are two."""
    f = tmp_path / "gowa.txt"
    f.write_text(GOWA, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    d = yaml.safe_load(out)
    assert (d["host"], d["time"]) == ("KPU Kabupaten Gowa", "pukul 13.30 WITA")
    people = _people(out)
    assert {p: (a["agency"], a["position"]) for p, a in people.items()} == {
        "Andi Rahmat Basri": ("Badan Kesbangpol Kabupaten Gowa", "Kepala Badan Kesbangpol"),
        "Muhammad Yusran": ("KPU Kabupaten Gowa", "Ketua KPU"),
        "Sitti Aminah": ("Badan Kesbangpol Kabupaten Gowa", "Kabid Politik Kesbangpol"),
        "Hasnah": ("KPU Kabupaten Gowa", "Sekretaris"),
    }
    assert [p.get("by") for p in d["points"]] == ["Andi Rahmat Basri", "Muhammad Yusran"]
    assert _unknown(out) == ["Badan Kesbangpol Kabupaten Gowa", "KPU Kabupaten Gowa"]
    # two agencies of that kind named: the title is nobody's guess
    two = GOWA.replace(
        "Sekretaris KPU\nGowa Hasnah.",
        "Sekretaris KPU\nGowa Hasnah serta Badan Kesbangpol Provinsi Sulawesi Selatan.",
    )
    assert two != GOWA
    f.write_text(two, encoding="utf-8")
    people = _people(office.ok("meeting", "draft", str(f), today="2026-12-07").stdout)
    assert "Andi Rahmat Basri" not in people
    f2 = tmp_path / "g.yaml"
    f2.write_text(out, encoding="utf-8")
    rec = office.json("meeting", "add", "--from-file", str(f2), "--new-agencies")[0]
    assert rec["host"] == "KPU Kabupaten Gowa"


ACEH = """KIP Aceh Besar Gelar Rakor Persiapan Pleno DPB Triwulan IV

JANTHO - Komisi Independen Pemilihan (KIP) Kabupaten Aceh Besar menggelar rapat koordinasi
persiapan pleno rekapitulasi daftar pemilih berkelanjutan triwulan IV, Senin (30/11/2026)
pukul 14.00 WIB, bertempat di Aula Sekretariat KIP Aceh Besar.

Rakor dipimpin oleh Ketua KIP Aceh Besar, Munawar Syah. Hadir dalam rakor tersebut Kepala
Disdukcapil Aceh Besar, Cut Nurul Fajri, Ketua Panwaslih Aceh Besar, Teuku Hasan, serta
perwakilan Kodim 0101/Aceh Besar.

Anggota KIP Aceh Besar Divisi Perencanaan, Data dan Informasi, Rahmawati, melaporkan bahwa
jumlah pemilih dalam DPB triwulan III tercatat 301.522 pemilih.

Cut Nurul Fajri mengatakan bahwa data pemilih pemula yang berulang tahun ke-17 akan
diserahkan paling lambat 15 Desember 2026.

Rapat menyepakati bahwa pleno rekapitulasi DPB triwulan IV digelar pada 28 Desember 2026.
"""


def test_one_unknown_agency_one_spelling_and_a_foreign_title_is_never_the_hosts(office, tmp_path):
    """The class of bug 9 in Aceh: 'KIP Aceh Besar' after 'KIP Kabupaten Aceh Besar' gave
    two new agencies; 'Anggota KIP Aceh Besar Divisi Perencanaan, ...' an agency 'KIP Aceh
    Besar Divisi Perencanaan'; 'Ketua Panwaslih Aceh Besar' was put at the host (KIP)."""
    f = tmp_path / "aceh.txt"
    f.write_text(ACEH, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    d = yaml.safe_load(out)
    assert (d["host"], d["time"]) == ("KIP Kabupaten Aceh Besar", "pukul 14.00 WIB")
    assert d["venue"] == "Aula Sekretariat KIP Aceh Besar"
    people = {p: (a["agency"], a["position"]) for p, a in _people(out).items()}
    assert people == {
        "Munawar Syah": ("KIP Kabupaten Aceh Besar", "Ketua"),
        "Cut Nurul Fajri": ("Disdukcapil Aceh Besar", "Kepala"),
        "Teuku Hasan": ("Panwaslih Aceh Besar", "Ketua"),
        "Rahmawati": (
            "KIP Kabupaten Aceh Besar",
            "Anggota Divisi Perencanaan, Data dan Informasi",
        ),
    }
    assert d["figures"][0]["agency"] == "KIP Kabupaten Aceh Besar"
    assert _unknown(out) == [
        "KIP Kabupaten Aceh Besar",
        "Disdukcapil Aceh Besar",
        "Panwaslih Aceh Besar",
        "Kodim 0101/Aceh Besar",  # as written: a Kodim's number and its place are its name
    ]
    # an agency's word the drafter does not know: the person is listed, never the host's
    f.write_text(ACEH.replace("Ketua Panwaslih", "Ketua Majelis Adat"), encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    assert "Teuku Hasan" not in _people(out)
    assert "not matched: Teuku Hasan (Ketua Majelis Adat Aceh Besar)" in out
