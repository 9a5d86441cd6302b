"""The README's tour is run as written, so its commands stay true."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def tour_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```console\n(.*?)```", text, re.S)
    assert block, "the README has no console block"
    return [
        shlex.split(line[2:])[1:] for line in block.group(1).splitlines() if line.startswith("$ ")
    ]


def test_readme_opens_with_the_two_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[3].endswith("kpukoord demo")
    assert lines[4].endswith("python -m pytest")


def test_the_tour_runs_as_written(cli) -> None:  # type: ignore[no-untyped-def]
    outputs = [cli.ok(*args).stdout for args in tour_commands()]
    assert len(outputs) >= 8
    meeting = cli.json("meeting", "list", "--agency", "Kesbangpol Lutra")[0]
    assert meeting["timezone"] == "WITA" and meeting["status"] == "held"
    assert meeting["stages"][0]["ref"] == "pkpu-3-2022:coklit"
    shown = cli.ok("meeting", "show", meeting["id"][:12], "--lang", "id").stdout
    assert "Senin, 13 Februari 2023, pukul 10.00 WITA" in shown
    report = outputs[7]
    assert "Kunjungan Kepala Badan Kesbangpol" in report
