"""Reports that write a title, its agency and a name without a comma (issue 27 trial).

"dihadiri Ketua KPU Kabupaten Sumenep Rahbini, Ketua Bawaslu Kabupaten Sumenep Achmad
Zubaidi, Kapolres Sumenep AKBP Rivanda, dan Dandim 0827/Sumenep Letkol Inf Donny Pramono"
is how many regional reports list who came. The agency's name ends at its region (a
known one), the rest is the person's; a head's title with its place names the agency
("Kapolres Sumenep": Polres Sumenep), which the draft lists for 'agency add' when the
database does not know it. On a fresh office that knows none of these agencies.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Cli

# Regions as the Kemendagri list writes them, one word or two (with a compass word)
REGIONS = ["Sumenep", "Luwu Utara", "Aceh Besar", "Maluku Tengah", "Bengkulu Utara", "Gowa"]
# Names as Indonesian reports print them (two or three words, no title word among them)
PEOPLE = [
    "Achmad Zubaidi", "Rahmat Hidayat", "Siti Rahmah", "Yohanis Kambu", "Made Sukerta",
    "Nur Aisyah", "Donny Pramono", "Hendra Gunawan Saputra", "Rina Marlina", "Andi Baso",
]  # fmt: skip


def _attendees(office: Cli, tmp_path, text: str) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    f = tmp_path / "berita.txt"
    f.write_text(text, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    d = yaml.safe_load(out)
    return {a["person"]: a for a in d.get("attendees", []) if isinstance(a, dict)}


def test_the_sumenep_coffee_morning_names_all_five(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Bupati Sumenep Gelar Coffee Morning Bersama Penyelenggara Pemilu\n\n"
        "SUMENEP – Pemerintah Kabupaten Sumenep menggelar coffee morning bersama "
        "penyelenggara pemilu di Pendopo Agung Keraton Sumenep pada Jumat (4/12/2026) pagi.\n\n"
        "Acara yang dibuka oleh Bupati Sumenep Achmad Fauzi Wongsojudo tersebut dihadiri "
        "Ketua KPU Kabupaten Sumenep Rahbini, Ketua Bawaslu Kabupaten Sumenep Achmad Zubaidi, "
        "Kapolres Sumenep AKBP Rivanda, dan Dandim 0827/Sumenep Letkol Inf Donny Pramono.\n"
    )
    people = _attendees(office, tmp_path, text)
    got = {p: (a["agency"], a.get("position")) for p, a in people.items()}
    assert got == {
        "Achmad Fauzi Wongsojudo": ("Pemerintah Kabupaten Sumenep", "Bupati Sumenep"),
        "Rahbini": ("KPU Kabupaten Sumenep", "Ketua"),
        "Achmad Zubaidi": ("Bawaslu Kabupaten Sumenep", "Ketua"),
        "Rivanda": ("Polres Sumenep", "Kapolres Sumenep"),
        "Donny Pramono": ("Kodim 0827/Sumenep", "Dandim 0827/Sumenep"),
    }
    assert people["Achmad Fauzi Wongsojudo"]["roles"] == ["opened-by"]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    region=st.sampled_from(REGIONS),
    names=st.lists(st.sampled_from(PEOPLE), min_size=3, max_size=3, unique=True),
)
def test_a_title_agency_and_name_without_commas(  # type: ignore[no-untyped-def]
    office: Cli, tmp_path, region: str, names: list[str]
) -> None:
    bawaslu, kapolres, sekretaris = names
    text = (
        f"Rakor Persiapan Pleno DPB di {region}\n\n"
        f"{region.upper()} – KPU Kabupaten {region} menggelar rapat koordinasi di Aula KPU "
        f"Kabupaten {region}, Senin (7/12/2026).\n\n"
        f"Rapat dihadiri Ketua Bawaslu Kabupaten {region} {bawaslu}, Kapolres {region} "
        f"AKBP {kapolres}, dan Sekretaris KPU Kabupaten {region} {sekretaris}.\n"
    )
    people = _attendees(office, tmp_path, text)
    assert people[bawaslu]["agency"] == f"Bawaslu Kabupaten {region}"
    assert people[kapolres]["agency"] == f"Polres {region}"
    assert people[sekretaris]["agency"] == f"KPU Kabupaten {region}"
    assert people[sekretaris]["position"] == "Sekretaris"
    assert not set(people) - set(names)  # no place read as a person


def test_a_head_of_government_names_the_government_of_the_place(office: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'Wakil Wali Kota Tegal, Siti Maryam,' on an office that knows no Pemerintah Kota
    Tegal: hers is the government of the place her title names (listed to add)."""
    text = (
        "Bawaslu Kota Tegal Gelar Rakor Pengawasan\n\n"
        "TEGAL - Bawaslu Kota Tegal menggelar rapat koordinasi pengawasan pemutakhiran data "
        "pemilih, Kamis (26/11/2026), di Hotel Bahari Inn Tegal.\n\n"
        "Wakil Wali Kota Tegal, Siti Maryam, menyampaikan bahwa pemerintah daerah siap "
        "membantu pemutakhiran data pemilih.\n"
    )
    f = tmp_path / "tegal.txt"
    f.write_text(text, encoding="utf-8")
    out = office.ok("meeting", "draft", str(f), today="2026-12-07").stdout
    maryam = _attendees(office, tmp_path, text)["Siti Maryam"]
    assert (maryam["agency"], maryam["position"]) == (
        "Pemerintah Kota Tegal",
        "Wakil Wali Kota Tegal",
    )
    assert "unknown agency: Pemerintah Kota Tegal —" in out
