"""Start-up: the commands typed many times a day import only what they use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real processes, servers or terminals

HEAVY = [
    "typer",
    "rich",
    "yaml",
    "babel",
    "dateutil",
    "sqlite_utils",
    "holidays",
    "icalendar",
    "platformdirs",
    "sqlite3",
    "dataclasses",
    "inspect",
]


def _imported(args: list[str], env: dict[str, str]) -> list[str]:
    code = (
        "import sys, json\n"
        "from kpukoord.__main__ import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return json.loads(out.stderr.strip().splitlines()[-1])


def test_version_imports_no_heavy_module(tmp_path: Path) -> None:
    assert _imported(["--version"], {"PATH": ""}) == []


def test_meeting_add_imports_no_rendering_or_yaml(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "KPUKOORD_DB": str(tmp_path / "k.db"), "KPUKOORD_TODAY": "2024-07-08"}
    subprocess.run(
        [sys.executable, "-m", "kpukoord", "init", "--no-schedules"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    loaded = _imported(["meeting", "add", "--title", "Rakor", "--date", "5 Juli 2024"], env)
    assert "sqlite3" in loaded  # it did write
    for heavy in ("typer", "rich", "yaml", "babel", "dateutil", "sqlite_utils", "holidays"):
        assert heavy not in loaded, heavy  # the fast path (kpukoord.fastpath)
    assert "icalendar" not in loaded
    assert "dataclasses" not in loaded and "inspect" not in loaded  # kpukoord.record
    env = {**env, "KPUKOORD_DB": str(tmp_path / "full.db")}  # with the timetables
    subprocess.run(
        [sys.executable, "-m", "kpukoord", "init", "--office", "KPU Kabupaten Sijunjung"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    staged = ["meeting", "add", "--title", "Rakor", "--date", "5 Juli 2024", "--stage", "coklit"]
    loaded = _imported([*staged, "--attendee", "KPU Kabupaten Sijunjung"], env)
    for heavy in ("typer", "rich", "yaml", "babel", "sqlite_utils", "dataclasses", "inspect"):
        assert heavy not in loaded, heavy  # a stage link needs no timetable machinery
    # an unusual form goes to Typer, still without rendering or file modules
    loaded = _imported(["meeting", "add", "--title=Rakor lanjutan", "--date", "5 Juli 2024"], env)
    assert "typer" in loaded
    for heavy in ("rich", "yaml", "babel", "dateutil", "sqlite_utils", "holidays", "icalendar"):
        assert heavy not in loaded, heavy


def test_write_path_modules_load_lazily() -> None:
    """hashlib (timetable ids) and difflib (suggestions) wait until they are needed."""
    code = (
        "import sys\nimport kpukoord.fastpath, kpukoord.records.meetings, kpukoord.store.db\n"
        "print(sorted(m for m in ('hashlib', 'difflib', 'babel', 'typer', 'dataclasses')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_literal_date_names_are_babels() -> None:
    from babel.dates import get_day_names, get_month_names

    from kpukoord.language.dates import names_for

    for lang in ("id", "en"):
        days, months = names_for(lang)
        assert days == [str(get_day_names("wide", locale=lang)[i]) for i in range(7)]
        assert months == [str(get_month_names("wide", locale=lang)[i]) for i in range(1, 13)]


def test_records_behave_as_dataclasses() -> None:
    """kpukoord.record, the write path's stand-in for dataclasses, does what they do."""
    import dataclasses

    import pytest

    from kpukoord import record

    def make(decorate, field, frozen):  # type: ignore[no-untyped-def]
        class Spec:
            text: str
            owner: str | None = None
            roles: list[str] = field(default_factory=list)

        return decorate(frozen=frozen)(Spec)

    for frozen in (False, True):
        ours = make(record.record, record.field, frozen)
        theirs = make(dataclasses.dataclass, dataclasses.field, frozen)
        for args, kw in [
            (("Kirim DPT",), {}),
            (("a", "b"), {"roles": ["ketua"]}),
            ((), {"text": "x"}),
        ]:
            a, b = ours(*args, **kw), theirs(*args, **kw)
            assert repr(a).replace(
                "test_records_behave_as_dataclasses.<locals>.make.<locals>.", ""
            ) == repr(b).replace("test_records_behave_as_dataclasses.<locals>.make.<locals>.", "")
            assert a == ours(*args, **kw) and a != ours("other")
            if "roles" not in kw:
                assert a.roles == [] and a.roles is not ours(*args, **kw).roles  # made anew
            c, d = record.replace(a, owner="Bawaslu"), dataclasses.replace(b, owner="Bawaslu")
            assert (c.text, c.owner, c.roles) == (d.text, d.owner, d.roles)
            if frozen:
                e = ours("Kirim DPT", roles=())  # type: ignore[arg-type]
                assert hash(e) == hash(ours("Kirim DPT", roles=()))  # type: ignore[arg-type]
                with pytest.raises(AttributeError):
                    a.text = "y"
            else:
                a.text = "y"
                assert a.text == "y"
                with pytest.raises(TypeError):
                    hash(a)
        with pytest.raises(TypeError):
            ours()  # the required field
        with pytest.raises(TypeError):
            record.replace(ours("a"), nope=1)
    assert record.fields(ours) == ("text", "owner", "roles")
