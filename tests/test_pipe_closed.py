"""A reader that stops early ('kpukoord merge ... | head -2') is no error: no 'Broken pipe'
line in English, exit 141 as a shell reports a closed pipe (trial of issue 27)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import Cli


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(office: Cli) -> None:
    for n in range(3):
        office.ok("meeting", "add", "-t", f"Rakor {n}", "-d", "5/7/2024")
    env = {**os.environ, "KPUKOORD_DB": str(office.db), "KPUKOORD_TODAY": office.today}
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a line is written
    proc = subprocess.run(
        [sys.executable, "-m", "kpukoord", "meeting", "list", "--json"],
        stdout=write, stderr=subprocess.PIPE, env=env, timeout=60,
    )  # fmt: skip
    os.close(write)
    assert proc.returncode == 141, proc.stderr
    assert proc.stderr == b""
