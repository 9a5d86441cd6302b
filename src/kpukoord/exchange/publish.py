"""Datasette metadata for a kpukoord file: what an office network reads in a browser.

:func:`metadata` describes the file for ``datasette serve --immutable FILE -m
metadata.yml``: Indonesian titles and descriptions, the column shown for each
foreign key (``label_column``), the full-text index wired to meetings (through
the ``meeting_search`` view, whose ``search_rowid`` is the index's rowid), the
internal tables hidden, and canned queries a supervisor asks every week. The
canned queries compute what ``kpukoord report offices`` computes, so the
browser and the report agree; they take ``tanggal`` (as of, default today) and
``hari`` (stale window, default 30).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpukoord.store.db import Database

TABLES: dict[str, dict[str, Any]] = {
    "office": {
        "title": "Kantor",
        "description": "Kantor KPU yang menulis data dalam berkas ini (satu baris per kantor).",
        "label_column": "name",
    },
    "agency": {
        "title": "Lembaga",
        "description": "Lembaga mitra koordinasi: Bawaslu, Pemda, Polri, TNI, Kesbangpol, dan lainnya.",
        "label_column": "name",
        "columns": {
            "aliases": "Nama lain (JSON)",
            "kind": "Jenis lembaga",
            "level": "Tingkat",
            "region": "Kode wilayah Kemendagri",
        },
    },
    "person": {"title": "Orang", "description": "Pejabat dan narahubung.", "label_column": "name"},
    "position": {"title": "Jabatan", "description": "Jabatan seseorang di sebuah lembaga."},
    "meeting": {
        "title": "Rapat",
        "description": "Rapat koordinasi, kunjungan, supervisi, bimtek, dan lainnya.",
        "label_column": "title",
        "sort_desc": "start_date",
        "columns": {
            "title": "Judul",
            "kind": "Jenis rapat",
            "status": "planned (terjadwal), held (terlaksana), cancelled (batal)",
            "start_date": "Tanggal mulai",
            "end_date": "Tanggal selesai",
            "venue": "Tempat",
            "host_id": "Tuan rumah",
            "origin": "Kantor yang mencatat",
        },
    },
    # m019's views: what people browse (the tables behind them stay for links)
    "rapat": {
        "title": "Rapat",
        "description": "Rapat koordinasi, kunjungan, supervisi, bimtek, dan lainnya (tanpa yang "
        "dihapus), dengan nama tuan rumahnya.",
        "sort_desc": "tanggal_mulai",
        "columns": {
            "status": "planned (terjadwal), held (terlaksana), cancelled (batal)",
            "kantor": "Kantor yang mencatat",
        },
    },
    "rapat_terhapus": {
        "title": "Rapat yang dihapus",
        "description": "Rapat yang ditandai terhapus (tetap disimpan untuk penggabungan).",
    },
    "tindak_lanjut": {
        "title": "Tindak lanjut",
        "description": "Tindak lanjut rapat dengan penanggung jawab dan tenggat (tanpa yang "
        "dihapus).",
        "columns": {"status": "open (terbuka), done (selesai), cancelled (batal)"},
    },
    "tindak_lanjut_terhapus": {
        "title": "Tindak lanjut yang dihapus",
        "description": "Tindak lanjut yang ditandai terhapus.",
    },
    "meeting_search": {
        "title": "Cari rapat",
        "description": "Pencarian teks penuh atas judul, tempat dan catatan rapat.",
        "fts_table": "_search",
        "fts_pk": "search_rowid",
        "label_column": "title",
    },
    "attendee": {"title": "Peserta rapat", "description": "Lembaga dan orang yang hadir."},
    "decision": {"title": "Keputusan", "description": "Keputusan dan kesepakatan rapat."},
    "action": {
        "title": "Tindak lanjut",
        "description": "Tindak lanjut rapat dengan penanggung jawab dan tenggat.",
        "label_column": "text",
        "columns": {
            "owner_id": "Penanggung jawab",
            "due_date": "Tenggat",
            "status": "open (terbuka), done (selesai), cancelled (batal)",
        },
    },
    "schedule": {
        "title": "Jadwal tahapan (PKPU)",
        "description": "Peraturan KPU tentang tahapan dan jadwal.",
        "label_column": "title",
    },
    "stage": {
        "title": "Tahapan",
        "description": "Tahapan dan subtahapan dengan tanggal mulai dan selesai.",
        "label_column": "name",
    },
    "stage_progress": {"title": "Progres tahapan", "description": "Angka progres yang dilaporkan."},
    "stage_confirmation": {
        "title": "Tahapan berulang yang dipastikan",
        "description": "Tanggal pelaksanaan satu periode tahapan berulang (mis. pleno DPB "
        "triwulan IV 2026) yang dipastikan kantor; periode lain tetap perkiraan.",
    },
    "meeting_stage": {
        "title": "Rapat per tahapan",
        "description": "Tahapan yang dibahas rapat.",
        "columns": {"start_date": "Tanggal mulai rapatnya (salinan, untuk urutan daftar)"},
    },
    "schedule_version": {"title": "Riwayat impor jadwal"},
    "series": {"title": "Rapat berkala", "label_column": "title"},
}

# The date a canned query is asked for: YYYY-MM-DD as typed, today in the office's
# time zone when left empty (before 07:00 WIB, UTC's date is yesterday's), and NULL
# for any other form ("5 Juli 2024", "2024-7-5", "2024-02-30"): a query then returns no
# rows instead of counting against a date SQLite cannot compare ("+0 days" turns
# 2024-02-30 into 2024-03-01, so a day that does not exist is refused too).
ASKED_DAY = (
    "CASE WHEN coalesce(:tanggal, '') = '' THEN date('now', '+{hours} hours') "
    "WHEN date(:tanggal, '+0 days') IS :tanggal THEN :tanggal END"
)
# The stale window in days: a whole number, 30 when empty, NULL (no rows) otherwise.
ASKED_DAYS = (
    "CASE WHEN coalesce(:hari, '') = '' THEN 30 "
    "WHEN CAST(CAST(:hari AS INTEGER) AS TEXT) IS :hari AND CAST(:hari AS INTEGER) >= 0 "
    "THEN CAST(:hari AS INTEGER) END"
)
DATE_NOTE = " (YYYY-MM-DD; kosong: hari ini {zone}; bentuk lain tidak menghasilkan baris)"

QUERIES: dict[str, dict[str, str]] = {
    "tindak_lanjut_terlambat_per_kantor": {
        "title": "Tindak lanjut terlambat per kantor",
        "description": "Tindak lanjut terbuka dan yang melewati tenggat per :tanggal, per kantor.",
        "sql": """WITH p AS (SELECT {day} AS t)
SELECT o.name AS kantor, o.region AS wilayah, o.id AS origin,
  count(x.id) AS terbuka,
  count(CASE WHEN x.due_date < p.t THEN 1 END) AS terlambat
FROM p CROSS JOIN office o
LEFT JOIN action x ON x.origin = o.id AND x.status = 'open' AND x.deleted_at IS NULL
WHERE o.deleted_at IS NULL AND p.t IS NOT NULL
GROUP BY o.id
ORDER BY terlambat DESC, kantor""",
    },
    "rapat_minggu_ini_per_kantor": {
        "title": "Rapat minggu ini per kantor",
        "description": "Rapat terlaksana dalam minggu (Senin–Minggu) yang memuat :tanggal.",
        "sql": """WITH p AS (SELECT {day} AS t),
w AS (SELECT date(p.t, '-6 days', 'weekday 1') AS senin FROM p WHERE p.t IS NOT NULL)
SELECT o.name AS kantor, o.region AS wilayah, o.id AS origin, count(m.id) AS rapat
FROM office o CROSS JOIN w
LEFT JOIN meeting m ON m.origin = o.id AND m.status = 'held' AND m.deleted_at IS NULL
  AND m.start_date >= w.senin AND m.start_date <= date(w.senin, '+6 days')
WHERE o.deleted_at IS NULL
GROUP BY o.id
ORDER BY rapat DESC, kantor""",
    },
    "lembaga_belum_ditemui": {
        "title": "Lembaga yang belum ditemui",
        "description": "Lembaga tiap kantor yang tidak hadir atau menjadi tuan rumah rapat "
        "terlaksana dalam :hari hari (kosong: 30) sampai :tanggal.",
        "sql": """WITH q AS (SELECT {day} AS t, {days} AS n),
p AS (SELECT t, date(t, '-' || n || ' days') AS sejak FROM q
  WHERE t IS NOT NULL AND n IS NOT NULL),
milik AS (
  SELECT origin, id AS agency_id FROM agency WHERE deleted_at IS NULL
  UNION SELECT mm.origin, mm.to_id FROM _merge_map mm
  JOIN agency a ON a.id = mm.to_id AND a.deleted_at IS NULL
),
ditemui AS (
  SELECT m.origin, t.agency_id FROM p JOIN meeting m ON m.start_date >= p.sejak
    AND m.start_date <= p.t AND m.status = 'held' AND m.deleted_at IS NULL
  JOIN attendee t ON t.meeting_id = m.id AND t.deleted_at IS NULL
  UNION SELECT m.origin, m.host_id FROM p JOIN meeting m ON m.start_date >= p.sejak
    AND m.start_date <= p.t AND m.status = 'held' AND m.deleted_at IS NULL
)
SELECT o.name AS kantor, o.region AS wilayah, o.id AS origin, a.name AS lembaga,
  a.kind AS jenis
FROM p CROSS JOIN milik
JOIN office o ON o.id = milik.origin AND o.deleted_at IS NULL
JOIN agency a ON a.id = milik.agency_id
WHERE milik.agency_id IS NOT o.agency_id
  AND NOT EXISTS (SELECT 1 FROM ditemui d
    WHERE d.origin = milik.origin AND d.agency_id = milik.agency_id)
ORDER BY kantor, lembaga""",
    },
}


def queries(zone: str) -> dict[str, dict[str, str]]:
    """The canned queries for an office in ``zone`` (WIB, WITA, WIT): today is its today."""
    from kpukoord.language.dates import TIMEZONES

    hours = TIMEZONES[zone][1]
    day, days = ASKED_DAY.format(hours=hours), ASKED_DAYS
    return {
        name: {
            "title": q["title"],
            "description": q["description"] + DATE_NOTE.format(zone=zone),
            "sql": q["sql"].replace("{day}", day).replace("{days}", days),
        }
        for name, q in QUERIES.items()
    }


def metadata(db: Database, name: str | None = None) -> dict[str, Any]:
    """Datasette metadata for this file, served under the database name ``name``."""
    name = name or Path(db.path).stem
    office = db.office()
    present = {
        r["name"]: r["type"]
        for r in db.query("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")
    }
    tables: dict[str, Any] = {}
    for table, info in TABLES.items():
        if table in present:
            tables[table] = info
    for table in sorted(present):
        if table.startswith("_") or table.startswith("sqlite_"):
            tables[table] = {"hidden": True}
    for table, view in (("meeting", "rapat"), ("action", "tindak_lanjut")):
        if view in present:  # the view is shown; the table stays for links to its rows
            tables[table] = {**tables[table], "hidden": True}
    label = office["name"] or "kantor tanpa nama"
    return {
        "title": f"kpukoord: {label}",
        "description": "Catatan koordinasi KPU: lembaga, rapat, keputusan, tindak lanjut dan "
        "tahapan. Hanya baca.",
        "databases": {
            name: {
                "title": label,
                "description": "Data gabungan kantor-kantor KPU (kpukoord merge); setiap baris "
                "membawa origin, id kantor yang menulisnya.",
                "tables": tables,
                "queries": queries(office["timezone"] or "WIB"),
            }
        },
    }


def to_yaml(data: dict[str, Any]) -> str:
    """The metadata as YAML, SQL as literal blocks so it reads as written."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def block(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, block)
    return str(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100))
