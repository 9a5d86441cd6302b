"""The drafter meets the issue's targets on the benchmark's reports (benchmarks/news)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def test_targets_on_the_benchmark_reports(office):
    from kpukoord.store.db import Database

    spec = importlib.util.spec_from_file_location("news_draft", BENCH / "news_draft.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from kpukoord import demo

    demo.load_articles(office.db, meetings_too=False)
    truth = yaml.safe_load((BENCH / "news" / "truth.yaml").read_text("utf-8"))
    with Database(office.db) as db:
        got = bench.score(db, BENCH / "news", truth, "benchmarks/news")
    assert got is not None
    assert min(got["date"], got["host"], got["venue"]) >= 0.95
    assert got["recall"] >= 0.80 and got["precision"] >= 0.90
    assert got["seconds"] < 0.5
