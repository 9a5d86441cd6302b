"""Bahasa Indonesia by default, English on request (issue 15, "Language").

The catalog is checked against the source: a message wrapped in _() without an
Indonesian translation fails here, as does a .mo not compiled from the .po.
"""

from __future__ import annotations

import gettext
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from kpukoord import surface
from kpukoord.language import i18n

SOURCE = Path(__file__).resolve().parent.parent / "src" / "kpukoord"
PO = SOURCE / "locale" / "id" / "LC_MESSAGES" / "kpukoord.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def _catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as f:
        return read_po(f, locale="id", domain="kpukoord")


def _extracted() -> dict[str, tuple[str, int]]:
    """msgid (the singular for plurals) -> where it is in the source."""
    found: dict[str, tuple[str, int]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SOURCE), [("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, (filename, lineno))
    return found


def test_every_message_in_the_source_has_an_indonesian_translation() -> None:
    catalog = _catalog()
    extracted = _extracted()
    assert len(extracted) > 100  # the machinery found the messages at all
    missing = []
    for msgid, (filename, lineno) in extracted.items():
        entry = catalog.get(msgid)
        strings = (
            []
            if entry is None
            else ([entry.string] if isinstance(entry.string, str) else list(entry.string))
        )
        if entry is None or entry.fuzzy or not strings or not all(s.strip() for s in strings):
            missing.append(f"{filename}:{lineno}: {msgid!r}")
    assert not missing, "untranslated (run scripts/i18n.py, then translate):\n" + "\n".join(missing)


def test_translations_keep_their_placeholders() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}

    for entry in _catalog():
        if not entry.id:
            continue
        ids = [entry.id] if isinstance(entry.id, str) else list(entry.id)
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        for s in strings:
            assert fields(s) == fields(ids[-1]), (entry.id, s)


def test_the_committed_mo_is_compiled_from_the_po() -> None:
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    catalog = _catalog()
    expected = {}
    for entry in catalog:
        if not entry.id or entry.fuzzy:
            continue
        if isinstance(entry.id, str):
            expected[entry.id] = entry.string
        else:
            for i, s in enumerate(entry.string):
                expected[(entry.id[0], i)] = s
    got = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert got == expected, "the .mo is stale: run scripts/i18n.py and commit it"


def test_language_from_environment_and_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.delenv("KPUKOORD_LANG", raising=False)
    assert i18n.language() == "id"
    assert i18n._("Show the version.") == "Tampilkan versi."
    monkeypatch.setenv("KPUKOORD_LANG", "en_US.UTF-8")
    assert i18n.language() == "en" and i18n._("Show the version.") == "Show the version."
    i18n.set_language("id")
    assert i18n._("Show the version.") == "Tampilkan versi."
    assert i18n.ngettext(
        "{n} planned occurrence created", "{n} planned occurrences created", 3
    ) == ("{n} rapat terjadwal dibuat")
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_the_global_lang_is_read_before_the_command_name_only() -> None:
    assert surface.language_of(["--lang", "en", "meeting", "add"]) == "en"
    assert surface.language_of(["--db", "x.db", "--lang=en", "meeting"]) == "en"
    assert surface.language_of(["meeting", "show", "01J2AB", "--lang", "en"]) is None
    assert surface.language_of(["demo", "--lang", "en"]) is None


@given(st.lists(st.sampled_from(["--db", "x.db", "--lang", "en", "id", "meeting", "-h"])))
def test_language_of_never_fails(argv: list[str]) -> None:
    value = surface.language_of(argv)
    assert value is None or value in argv


# -- --help of every command, in both languages -----------------------------------

WALK = r"""
import json, sys
from typer.main import get_command
from typer.testing import CliRunner
from kpukoord.cli import make_app

sys.path.insert(0, sys.argv[1])
from typer_once import install  # the Click command built once, not once per --help

install()
app = make_app()
root = get_command(app)
runner = CliRunner()
out = {}

def walk(cmd, path):
    args = [*path, "--help"]
    r = runner.invoke(app, args, prog_name="kpukoord")
    out[" ".join(path) or "kpukoord"] = [r.exit_code, r.output]
    if hasattr(cmd, "commands"):
        for name, sub in cmd.commands.items():
            walk(sub, [*path, name])

walk(root, [])
print(json.dumps(out))
"""


def _helps(lang: str) -> dict[str, list]:
    env = {k: v for k, v in os.environ.items() if k != "KPUKOORD_LANG"}
    env["KPUKOORD_LANG"] = lang
    proc = subprocess.run(
        [sys.executable, "-c", WALK, str(Path(__file__).parent)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def helps() -> dict[str, dict[str, list]]:
    return {lang: _helps(lang) for lang in ("id", "en")}


def test_every_command_and_group_has_help_in_both_languages(helps) -> None:  # type: ignore[no-untyped-def]
    assert helps["id"].keys() == helps["en"].keys()
    assert len(helps["id"]) > 40  # every group and command, not just the root
    for lang, by_command in helps.items():
        for command, (code, output) in by_command.items():
            assert code == 0, f"{lang} {command}: exit {code}\n{output}"
            usage = {"id": "Penggunaan: ", "en": "Usage: "}[lang]
            assert output.startswith(usage), (lang, command)


SPOT = {  # command -> (words of the Indonesian help, words of the English one)
    "kpukoord": ("Catatan koordinasi satuan kerja KPU", "Coordination records for a KPU office"),
    "init": ("Buat basis data", "Create the database"),
    "demo": ("Buat basis data contoh", "Build a demonstration database"),
    "meeting": ("Rapat dan kegiatan", "Meetings: rakor"),
    "meeting add": ("Catat rapat beserta peserta", "Record a meeting with its attendees"),
    "meeting list": ("Daftar rapat", "List meetings"),
    "meeting show": ("selengkapnya", "in full"),
    "meeting edit": ("Ubah data rapat", "Change a meeting"),
    "meeting remove": ("Hapus rapat", "Remove a meeting"),
    "meeting plan": ("Jadwalkan rapat berkala", "Plan a recurring meeting"),
    "meeting minutes": ("Notulen rapat", "The notulen"),
    "person": ("Orang dan jabatan", "People and their positions"),
    "person add": ("Tambahkan orang beserta jabatannya", "Add a person with a position"),
    "person list": ("jabatan terakhirnya", "latest position"),
    "person show": ("riwayat jabatan", "positions over time"),
}


@pytest.mark.parametrize("command", sorted(SPOT))
def test_translated_help_is_indonesian_by_default(helps, command: str) -> None:  # type: ignore[no-untyped-def]
    indonesian, english = SPOT[command]
    assert indonesian in " ".join(helps["id"][command][1].split())
    assert english not in " ".join(helps["id"][command][1].split())
    assert english in " ".join(helps["en"][command][1].split())


def test_shared_options_are_translated(helps) -> None:  # type: ignore[no-untyped-def]
    assert "Cetak JSON, bukan tabel." in helps["id"]["meeting list"][1]
    assert "Print JSON instead of a table." in helps["en"]["meeting list"][1]
    assert "Bahasa pesan dan bantuan" in helps["id"]["kpukoord"][1]


def _run(args: list[str], lang: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KPUKOORD_LANG"}
    if lang:
        env["KPUKOORD_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "kpukoord", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_meeting_add_help_is_indonesian_by_default_and_english_on_request() -> None:
    default = _run(["meeting", "add", "--help"], None)
    assert default.returncode == 0
    assert "Catat rapat beserta peserta, keputusan, dan tindak lanjutnya." in default.stdout
    assert "Judul atau perihal rapat." in default.stdout
    assert "--title" in default.stdout and "--new-people" in default.stdout  # names unchanged
    english = _run(["meeting", "add", "--help"], "en")
    assert "Record a meeting with its attendees, decisions and follow-ups." in english.stdout
    assert "What the meeting was." in english.stdout
    option = _run(["--lang", "en", "meeting", "add", "--help"], None)
    assert option.stdout == english.stdout
    back = _run(["--lang", "id", "meeting", "add", "--help"], "en")
    assert back.stdout == default.stdout


def test_errors_follow_the_language(tmp_path: Path) -> None:
    db = str(tmp_path / "salah.db")
    indonesian = _run(["--db", db, "meeting", "list"], None)
    assert indonesian.returncode == 1
    assert indonesian.stderr.startswith("error: ") and "tidak ada" in indonesian.stderr
    english = _run(["--db", db, "meeting", "list"], "en")
    assert "does not exist" in english.stderr
    assert not (tmp_path / "salah.db").exists()


# -- Click's and Typer's own words ----------------------------------------------

CLICK_WORDS = {  # what every --help shows of Click and Typer, in each language
    "id": ("Penggunaan: ", "Pilihan:", "Tampilkan bantuan ini, lalu keluar.", "[PILIHAN]"),
    "en": ("Usage: ", "Options:", "Show this message and exit.", "[OPTIONS]"),
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_click_and_typer_labels_follow_the_language(helps, lang: str) -> None:  # type: ignore[no-untyped-def]
    other = "en" if lang == "id" else "id"
    for command, (_code, output) in helps[lang].items():
        for word in CLICK_WORDS[lang]:
            assert word in output, (lang, command, word)
        for word in CLICK_WORDS[other]:
            assert word not in output, (lang, command, word)
    root = " ".join(helps[lang]["kpukoord"][1].split())
    assert ("Perintah:" if lang == "id" else "Commands:") in root
    completion = "Pasang pelengkapan otomatis" if lang == "id" else "Install completion"
    assert completion in root


USAGE_ERRORS = [  # argv, Indonesian, English
    (["agency", "add"], "Argumen 'nama' belum diisi.", "Missing argument 'name'."),
    (["meeting", "list", "--bogus"], "Tidak ada pilihan --bogus", "No such option: --bogus"),
    (
        ["meeting", "list", "--limt", "3"],
        "Tidak ada pilihan --limt (Pilihan yang mungkin: --limit",
        "No such option: --limt (Possible options: --limit",
    ),
    (
        ["agency", "list", "extra"],
        "Ada argumen berlebih yang tidak dikenal (extra)",
        "Got unexpected extra argument(s) (extra)",
    ),
    (
        ["meeting", "list", "--limit", "banyak"],
        "'banyak' bukan bilangan bulat.",
        "'banyak' is not a whole number.",
    ),
    (["meeting", "add", "--title"], "Pilihan '--title' memerlukan nilai.", "requires"),
]


@pytest.mark.parametrize(("argv", "indonesian", "english"), USAGE_ERRORS)
def test_usage_errors_are_one_line_in_the_language_in_force(
    tmp_path: Path, argv: list[str], indonesian: str, english: str
) -> None:
    for lang, expected in (("id", indonesian), ("en", english)):
        env = {k: v for k, v in os.environ.items() if k != "KPUKOORD_LANG"}
        env.update(KPUKOORD_LANG=lang, KPUKOORD_DB=str(tmp_path / "none.db"))
        proc = subprocess.run(
            [sys.executable, "-m", "kpukoord", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2, (lang, argv, proc.stderr)
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (lang, proc.stderr)
        assert expected in lines[0], (lang, lines[0])
        if lang == "id":
            assert "lihat '" in lines[0] and english not in lines[0]


def test_every_click_word_we_translate_is_still_in_typer() -> None:
    """A Typer upgrade that rewords a message we translate fails here, not in English."""
    import typer
    from babel.messages.extract import extract_from_dir

    from kpukoord.cli import _click

    where = Path(typer.__file__).parent
    found = {
        message if isinstance(message, str) else message[0]
        for _f, _l, message, _c, _x in extract_from_dir(
            str(where), [("core.py", "python")], keywords=KEYWORDS
        )
    }
    assert set(_click.MESSAGES) <= found
    literal = (where / "_click" / "formatting.py").read_text() + (
        where / "_click" / "decorators.py"
    ).read_text()
    assert '"Usage: "' in literal and "Show this message and exit." in literal


def _description(output: str) -> str:
    """The help's own text: what comes after the usage line, up to the options."""
    body = output.split("\n\n", 1)[1] if "\n\n" in output else ""
    return " ".join(body.split("\n\n")[0].split())


def test_every_command_describes_itself_in_each_language(helps) -> None:  # type: ignore[no-untyped-def]
    """No command keeps an English description in the Indonesian help (or the reverse)."""
    same = [
        command
        for command in helps["id"]
        if _description(helps["id"][command][1]) == _description(helps["en"][command][1])
    ]
    assert not same, f"help not translated: {same}"
