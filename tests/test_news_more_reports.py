"""Three more styles of office news item (written for these tests in the style of KPU and
regional news pages; the events are not real): a province's supervision visit with a
follow-up owned by an agency the office does not know, a two-day bimtek across a month's
end ('Senin-Selasa (30/11-1/12/2026)'), and an audiensi 'ke Kantor KPU Kota Bima' whose
hosts are listed with 'serta'. On a fresh office that knows none of the agencies."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import Cli

SUPERVISI = """KPU Sulteng Lakukan Supervisi Pemutakhiran Data Pemilih di KPU Donggala

DONGGALA - Komisi Pemilihan Umum (KPU) Provinsi Sulawesi Tengah melakukan supervisi dan
monitoring pemutakhiran data pemilih berkelanjutan di KPU Kabupaten Donggala, Rabu (2/12/2026).

Tim supervisi dipimpin oleh Anggota KPU Provinsi Sulawesi Tengah Divisi Perencanaan, Data dan
Informasi, Sahran Raden, dan diterima oleh Ketua KPU Kabupaten Donggala, Andi Asrifuddin.

Sebagai tindak lanjut, KPU Kabupaten Donggala akan menyampaikan laporan hasil pencocokan data
kepada KPU Provinsi paling lambat 15 Desember 2026.
"""

BIMTEK = """KPU Sigi Gelar Bimtek Pengelolaan Data Pemilih bagi Operator

SIGI - KPU Kabupaten Sigi menggelar bimbingan teknis pengelolaan data pemilih berkelanjutan
bagi operator data se-Kabupaten Sigi, Senin-Selasa (30/11-1/12/2026), di Hotel Santika Palu.

Ketua KPU Kabupaten Sigi, Hadi Atmaja, saat membuka kegiatan mengatakan bahwa peningkatan
kapasitas operator sangat penting menjelang tahapan Pemilu 2029.
"""

AUDIENSI = """Kesbangpol Kota Bima Audiensi dengan KPU, Bahas Pendidikan Pemilih

KOTA BIMA - Badan Kesatuan Bangsa dan Politik (Kesbangpol) Kota Bima melakukan audiensi ke
Kantor KPU Kota Bima pada Kamis, 3 Desember 2026 sekitar pukul 10.00 Wita.

Rombongan dipimpin Kepala Badan Kesbangpol Kota Bima, Drs. H. Syarafuddin, M.Si., dan
diterima oleh Ketua KPU Kota Bima Taufiqurrahman serta Sekretaris KPU Kota Bima, Ruslan.
"""


def _draft(office: Cli, tmp_path: Path, text: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    f = tmp_path / "berita.txt"
    f.write_text(text, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    return yaml.safe_load(out), out


def test_a_follow_up_owned_by_an_agency_the_office_does_not_know(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    d, out = _draft(office, tmp_path, SUPERVISI)
    assert d["actions"] == [
        {
            "text": "Menyampaikan laporan hasil pencocokan data kepada KPU Provinsi",
            "owner": "KPU Kabupaten Donggala",
            "due": "15 Desember 2026",
        }
    ]
    assert "unknown agency: KPU Kabupaten Donggala —" in out


def test_two_days_across_a_month_s_end(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    d, _ = _draft(office, tmp_path, BIMTEK)
    assert d["date"] == "Senin-Selasa (30/11-1/12/2026)"
    assert (d["venue"], d["host"]) == ("Hotel Santika Palu", "KPU Kabupaten Sigi")
    f = tmp_path / "bimtek.yaml"
    f.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    rec = office.json("meeting", "add", "--from-file", str(f), "--new-agencies")[0]
    assert (rec["start_date"], rec["end_date"]) == ("2026-11-30", "2026-12-01")


def test_an_audiensi_to_an_office_is_hosted_there_and_serta_parts_two_people(  # type: ignore[no-untyped-def]
    office: Cli, tmp_path
) -> None:
    d, _ = _draft(office, tmp_path, AUDIENSI)
    assert (d["host"], d["venue"]) == ("KPU Kota Bima", "Kantor KPU Kota Bima")
    people = {a["person"]: (a["agency"], a["position"]) for a in d["attendees"]}
    assert people == {
        "Syarafuddin": ("Badan Kesbangpol Kota Bima", "Kepala"),
        "Taufiqurrahman": ("KPU Kota Bima", "Ketua"),
        "Ruslan": ("KPU Kota Bima", "Sekretaris"),
    }


GOWA = """Rakor Forkopimda Gowa Bahas Kesiapan Pleno DPB Semester II

SUNGGUMINASA - Pemerintah Kabupaten Gowa menggelar rapat koordinasi bersama Forkopimda dan
penyelenggara pemilu di Ruang Rapat Bupati Gowa, Senin (30/11/2026).

Hadir dalam kegiatan tersebut antara lain Wakil Bupati Gowa Darmawangsyah Muin, Kapolres Gowa
AKBP Reonald Simanjuntak, Dandim 1409/Gowa Letkol Inf M. Yusuf, Ketua KPU Kabupaten Gowa
Muhammad Yusran, S.Sos., M.Si., dan Ketua Bawaslu Kabupaten Gowa Samsuar Saleh, S.H.
"""


def test_an_initial_is_part_of_a_name_and_a_degree_is_not(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'Letkol Inf M. Yusuf' is M. Yusuf (the rank left out, the initial kept as written);
    'Muhammad Yusran, S.Sos., M.Si.' is Muhammad Yusran."""
    d, _ = _draft(office, tmp_path, GOWA)
    people = {a["person"]: a["agency"] for a in d["attendees"]}
    assert people == {
        "Darmawangsyah Muin": "Pemerintah Kabupaten Gowa",
        "Reonald Simanjuntak": "Polres Gowa",
        "M. Yusuf": "Kodim 1409/Gowa",
        "Muhammad Yusran": "KPU Kabupaten Gowa",
        "Samsuar Saleh": "Bawaslu Kabupaten Gowa",
    }


def test_a_quotation_is_what_its_speaker_said(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'“...,” kata Darmawangsyah', '“...,” ujarnya' (the last speaker) and '“...,” tegas
    Kapolres' (a title: asked of others): each quotation drafted in the speaker's words."""
    text = GOWA + (
        '\n"Data pemilih harus akurat dan mutakhir, jangan sampai ada warga yang kehilangan '
        'hak pilihnya," kata Darmawangsyah.\n\n'
        '"Pemerintah daerah siap membantu sosialisasi di setiap kecamatan," ujarnya.\n\n'
        "“Seluruh personel wajib menjaga netralitas selama pemutakhiran data,” tegas Kapolres.\n"
    )
    d, _ = _draft(office, tmp_path, text)
    assert {"text": "Data pemilih harus akurat dan mutakhir, jangan sampai ada warga yang "
            "kehilangan hak pilihnya", "by": "Darmawangsyah Muin"} in d["points"]  # fmt: skip
    assert {"text": "Pemerintah daerah siap membantu sosialisasi di setiap kecamatan",
            "by": "Darmawangsyah Muin"} in d["points"]  # fmt: skip
    assert {"text": "Seluruh personel wajib menjaga netralitas selama pemutakhiran data",
            "by": "Reonald Simanjuntak"} in d["directives"]  # fmt: skip


def test_the_dateline_s_date_is_the_report_s_the_sentence_s_the_meeting_s(  # type: ignore[no-untyped-def]
    office: Cli, tmp_path
) -> None:
    text = (
        "KPU Gowa Gelar Rakor Persiapan Pleno\n\n"
        "GOWA, Selasa (1/12/2026) - KPU Kabupaten Gowa menggelar rakor persiapan pleno DPB di "
        "Aula KPU Gowa pada Senin-Selasa (30/11-1/12/2026).\n\n"
        "Ketua KPU Kabupaten Gowa, Muhammad Yusran, membuka kegiatan tersebut.\n"
    )
    d, _ = _draft(office, tmp_path, text)
    assert d["date"] == "Senin-Selasa (30/11-1/12/2026)"


def test_a_wrong_weekday_does_not_move_the_year(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'Kamis (4/12)' in a report of 5 December 2026 (the 4th was a Friday): 4 December
    2026, and the draft says the weekday disagrees; it was 4 December 2025, silently."""
    text = (
        "Rakor Pengamanan Pleno DPB di Gowa\n\n"
        "SUNGGUMINASA - KPU Kabupaten Gowa menggelar rapat koordinasi pengamanan pleno DPB di "
        "Aula KPU Gowa, Kamis (4/12) pukul 14.00 WITA.\n\n"
        "Ketua KPU Kabupaten Gowa, Muhammad Yusran, mengatakan bahwa pengamanan pleno harus "
        "disiapkan sejak awal.\n"
    )
    f = tmp_path / "berita.txt"
    f.write_text(text, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), "--published", "5/12/2026", today="2026-12-07")
    assert yaml.safe_load(out.stdout)["date"] == "Jumat, 4 Desember 2026"
    assert "# the report's weekday does not match its date (2026-12-04 is a Jumat" in out.stdout


def test_a_known_agency_named_by_its_head_s_title_is_attended_once(  # type: ignore[no-untyped-def]
    office: Cli, tmp_path
) -> None:
    """'Dandim 1409/Gowa Letkol Inf Andi Syahrul' and 'bersama Kodim 1409/Gowa': one
    attendee of the agency the office knows (by its alias), not two (trial of issue 27)."""
    office.ok("agency", "add", "Komando Distrik Militer 1409/Gowa", "--alias", "Kodim 1409 Gowa",
              "--kind", "kodim", "--region", "73.06")  # fmt: skip
    text = (
        "Rakor Pengamanan Pleno DPB di Gowa\n\n"
        "SUNGGUMINASA - KPU Kabupaten Gowa menggelar rapat koordinasi pengamanan pleno DPB "
        "bersama Dandim 1409/Gowa Letkol Inf Andi Syahrul di Aula KPU Gowa, Jumat (4/12/2026).\n\n"
        "Rapat menyepakati pengamanan gudang logistik bersama Kodim 1409/Gowa.\n"
    )
    d, _ = _draft(office, tmp_path, text)
    assert d["attendees"] == [
        {
            "agency": "Komando Distrik Militer 1409/Gowa",
            "person": "Andi Syahrul",
            "position": "Dandim 1409/Gowa",
        }
    ]


def test_a_person_stored_with_a_rank_is_drafted_as_stored(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The office stored 'AKBP Muhammad Aldy Sulaeman'; the report's rank is left out of a
    name ('Kapolres Gowa AKBP Muhammad Aldy Sulaeman'): the draft names the stored person,
    so 'meeting add --from-file' takes it (it refused 'Muhammad Aldy Sulaeman')."""
    office.ok("agency", "add", "Kepolisian Resor Gowa", "--alias", "Polres Gowa")
    office.ok("person", "add", "AKBP Muhammad Aldy Sulaeman", "--agency", "Polres Gowa",
              "--position", "Kapolres")  # fmt: skip
    text = (
        "Rakor Pengamanan Pleno di Gowa\n\n"
        "SUNGGUMINASA - KPU Kabupaten Gowa menggelar rapat koordinasi pengamanan pleno DPB di "
        "Aula KPU Gowa, Jumat (4/12/2026), yang dihadiri Kapolres Gowa AKBP Muhammad Aldy "
        "Sulaeman.\n\n"
        "Ketua KPU Kabupaten Gowa, Muhammad Yusran, menyampaikan bahwa pengamanan pleno harus "
        "disiapkan bersama sejak awal.\n"
    )
    d, out = _draft(office, tmp_path, text)
    assert "AKBP Muhammad Aldy Sulaeman" in [a.get("person") for a in d["attendees"]]
    f = tmp_path / "d.yaml"
    f.write_text(out, encoding="utf-8")
    office.ok("meeting", "add", "--from-file", str(f), "--new-agencies", today="2026-12-07")


def test_dipimpin_without_oleh_is_the_chair_and_a_baruga_is_a_venue(  # type: ignore[no-untyped-def]
    office: Cli, tmp_path
) -> None:
    text = (
        "KPU Gowa Gelar Pleno DPB\n\n"
        "SUNGGUMINASA - KPU Kabupaten Gowa menggelar rapat pleno terbuka rekapitulasi DPB di "
        "Baruga Karaeng Pattingalloang, Kantor Bupati Gowa, Jumat (4/12/2026).\n\n"
        "Pleno dipimpin Anggota KPU Gowa Divisi Perencanaan, Data dan Informasi, Hasnah Syam.\n"
    )
    d, _ = _draft(office, tmp_path, text)
    assert d["venue"] == "Baruga Karaeng Pattingalloang"
    assert [(a["person"], a.get("roles")) for a in d["attendees"]] == [("Hasnah Syam", ["chair"])]
