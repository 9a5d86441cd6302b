"""Ctrl-C can leave a transaction block to be finished after the command closed the
database (closing rolled it back): finishing it then is quiet. CI once printed
'Exception ignored ... Cannot operate on a closed database' after an interrupted import."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpukoord.store.db import Database


@pytest.mark.parametrize("nested", [False, True])
def test_a_block_finished_after_the_close_only_passes_the_interrupt_on(
    tmp_path: Path, nested: bool
) -> None:
    db = Database(tmp_path / "k.db")
    outer = db.atomic()
    outer.__enter__()
    inner = db.atomic() if nested else None
    if inner is not None:
        inner.__enter__()
    db.close()
    for block in [b for b in (inner, outer) if b is not None]:
        stop = KeyboardInterrupt()
        # False: the interrupt goes on as it came (no other error raised in its place)
        assert block.__exit__(KeyboardInterrupt, stop, None) is False
