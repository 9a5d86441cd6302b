"""The README's tour, as an operator sees it by default: no English word (issue 15).

The tour runs twice in fresh processes, once with the default language and once
with ``KPUKOORD_LANG=en``. kpukoord's English vocabulary is every word of the
English tour and the words its catalog translates away; its Indonesian vocabulary
is the words its translations bring in. A word of
the default tour that is English and not Indonesian is a leak, unless it is the
user's data (the tour's arguments; the names, titles and texts stored in the
database; the bundled timetables, holidays, regions and date names it shows) or
on the short allow-list below: codes, abbreviations and words both languages spell
alike.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from test_readme import tour_commands

pytestmark = pytest.mark.slow  # real processes, servers or terminals

TODAY = "2024-07-08"

# Words both languages print that are not English leaks: codes, abbreviations,
# and the words Indonesian and English spell alike.
ALLOW = {
    "kpukoord",  # the program
    "id",  # ids: a column header and a JSON key in both languages
    "status",  # Indonesian too
    "wib",
    "wita",
    "wit",  # time zones
    "pkpu",
    "kpu",
    "dpd",
    "dpr",
    "dprd",
    "mk",
    "pilkada",
    "pemilu",  # codes and names of elections and bodies
    "h",  # "H-362": the countdown to voting day in both languages
    "w",  # ISO week "2023-W07"
    "news",  # confidence codes news-1 / news-2 (a documented code, as in timetables.md)
    "rakor",  # the meeting kind, as written in both languages
}


def _words(text: str) -> set[str]:
    """Words of two letters or more; a word cut short to fit ("pela…") is not one, nor an id."""
    text = re.sub(r"\b[0-9A-HJKMNP-TV-Z]{12,26}\b", " ", text)  # ULIDs and their prefixes
    return {w.lower() for w in re.findall(r"[^\W\d_]{2,}(?!…|[^\W\d_])", text)}


def _catalog_words() -> tuple[set[str], set[str]]:
    """(English words, Indonesian words) of the catalog.

    Per message: the words of the English that its translation does not keep are
    English; the words of the translation that the English does not have are
    Indonesian. Words a message keeps ("rakor", "--lang", "PKPU") are neither.
    """
    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parent.parent / "src/kpukoord/locale/id/LC_MESSAGES"
    with (po / "kpukoord.po").open("rb") as f:
        catalog = read_po(f)
    english: set[str] = set()
    indonesian: set[str] = set()
    for entry in catalog:
        if not entry.id:
            continue
        ids = [entry.id] if isinstance(entry.id, str) else list(entry.id)
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        source, translated = _words(" ".join(ids)), _words(" ".join(strings))
        english |= source - translated
        indonesian |= translated - source
    return english, indonesian


def _run_tour(tmp: Path, lang: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "KPUKOORD_LANG"}
    env.update(KPUKOORD_DB=str(tmp / "tour.db"), KPUKOORD_TODAY=TODAY, COLUMNS="80")
    if lang:
        env["KPUKOORD_LANG"] = lang
    out = []
    for args in tour_commands():
        proc = subprocess.run(
            [sys.executable, "-m", "kpukoord", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, (args, proc.stderr)
        out.append(proc.stdout + proc.stderr)
    return "\n".join(out)


def _data_words(db: Path) -> set[str]:
    """Words of the user's data and the bundled reference data the tour can show."""
    import datetime as dt

    from kpukoord.language import dates, regions
    from kpukoord.reports import weekly as report

    words = _words(" ".join(" ".join(args) for args in tour_commands()))
    columns = {
        "stage": ("name", "note", "rule"),
        "schedule": ("code", "title", "regulation"),
        "agency": ("name", "aliases"),
        "person": ("name",),
        "position": ("title", "divisi"),
        "meeting": ("title", "venue", "source", "chair", "notes"),
        "decision": ("text",),
        "action": ("text",),
        "office": ("name",),
    }
    conn = sqlite3.connect(db)
    try:
        for table, names in columns.items():
            for row in conn.execute(f"SELECT {', '.join(names)} FROM {table}"):  # noqa: S608
                words |= _words(" ".join(str(v) for v in row if v))
    finally:
        conn.close()
    for year in (2023, 2024):
        words |= _words(" ".join(name for _day, name in report._holidays_of(year)))
    words |= _words(regions.name("73.22") or "")
    days = [
        dt.date(2023, month, 1) + dt.timedelta(days=n) for month in range(1, 13) for n in (0, 7)
    ]
    words |= _words(" ".join(dates.format_date(day, "id") for day in days))
    words |= _words(" ".join(dates.format_short(day, "id") for day in days))
    return words


@pytest.fixture(scope="module")
def tours(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Path]]:
    found = {}
    for lang in ("id", "en"):
        tmp = tmp_path_factory.mktemp(f"tour-{lang}")
        found[lang] = (_run_tour(tmp, None if lang == "id" else lang), tmp / "tour.db")
    return found


def test_the_default_tour_has_no_english_word(tours) -> None:  # type: ignore[no-untyped-def]
    indonesian, db = tours["id"]
    english, _ = tours["en"]
    english_words, indonesian_words = _catalog_words()
    english_words |= _words(english)
    paths = _words(str(db))  # 'basis data: /tmp/…/tour.db'
    leaks = (
        (_words(indonesian) & english_words) - indonesian_words - _data_words(db) - paths - ALLOW
    )
    assert not leaks, f"English in the default (Indonesian) tour: {sorted(leaks)}"


def test_the_english_tour_is_english(tours) -> None:  # type: ignore[no-untyped-def]
    """The same check the other way: the test would see a tour that ignored the language."""
    indonesian, _ = tours["id"]
    english, _ = tours["en"]
    assert _words(english) - _words(indonesian), "the two tours are the same"
    for word in ("meetings", "stages", "follow", "held", "upcoming"):  # late: now "−N d"
        assert word in _words(english)
        assert word not in _words(indonesian)
