"""Ingests and checks at the same time, on both engines (issue 14 item 4).

Two processes ingest different batches at once (each prepares slowly, so both prepare
against the same empty snapshot): both land, and the pairs flagged are exactly those of the
same batches ingested one after the other, none twice. A ``check`` reads one snapshot and
waits for no ingest, even one that holds the write lock.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cli.common import Runtime
from cli.main import app
from store.db import open_store
from tests.conftest import FIXTURES
from tests.doubles import HashingEmbedder

BATCHES = [str(FIXTURES / "batches" / b) for b in ("basic", "more", "review")]
CHECK = str(FIXTURES / "batches" / "check" / "contradicts")


class SlowEmbedder(HashingEmbedder):
    """The hashing double, slowed down: preparing a batch takes at least ``delay`` s."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        time.sleep(self.delay)
        return super().embed(texts)


class GatedEmbedder(HashingEmbedder):
    """The hashing double that says it is preparing, then waits until ``go`` is set."""

    def __init__(self, preparing: threading.Event, go: threading.Event) -> None:
        super().__init__()
        self.preparing, self.go = preparing, go

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.preparing.set()
        if not self.go.wait(timeout=120):
            raise RuntimeError("never told to go on")
        return super().embed(texts)


def slow_runtime(delay: float) -> Runtime:
    """The test stages with an embedder slowed by ``delay`` s (built in each process)."""
    return runtime_with(SlowEmbedder(delay))


def runtime_with(embedder: HashingEmbedder) -> Runtime:
    """Test stages whose every embedding (claims, titles and ledes) goes through ``embedder``."""
    from claims.detect.cues import CueScorer
    from claims.pipeline import Stages
    from claims.sources.readers import FileReader
    from claims.stories.profile import PlainProfiler
    from tests.doubles import SplitExtractor

    stages = Stages(
        reader=FileReader(now=date(2025, 8, 25)),
        extractor=SplitExtractor(),
        embedder=embedder,
        stories=PlainProfiler(embedder),
        scorer=CueScorer(),
    )
    return Runtime(stages=lambda settings: stages)


def ingest(db: str, batches: Sequence[str], delay: float = 0.0) -> str:
    """``claims ingest BATCHES --db DB`` with the (slowed) test stages; its output."""
    os.environ["CLAIMS_MIN_SIMILARITY"] = "0.2"  # the hashing double is not semantic
    result = CliRunner().invoke(app, ["ingest", *batches, "--db", db], obj=slow_runtime(delay))
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return result.output


def flagged(db: str) -> Counter[frozenset[str]]:
    """Each flagged pair by its two claim texts (a Counter: a pair stored twice shows)."""
    report = json.loads(CliRunner().invoke(app, ["report", "-f", "json", "--db", db]).output)
    return Counter(frozenset(c["text"] for c in p["claims"]) for p in report["contradictions"])


def test_two_ingests_at_once_both_land_and_miss_no_pair(store_db: str, tmp_path: Path) -> None:
    first, second = [BATCHES[0]], BATCHES[1:]
    expected = []
    for order in ((first, second), (second, first)):
        db = str(tmp_path / f"one-after-the-other-{len(expected)}.db")
        for batch in order:
            ingest(db, batch)
        expected.append(flagged(db))
    assert expected[0] == expected[1] and expected[0], "the batches must flag pairs across"

    open_store(store_db).dispose()  # the schema exists before both start (SQLite races there)
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        jobs = [pool.apply_async(ingest, (store_db, batch, 1.0)) for batch in (first, second)]
        outputs = [job.get(timeout=300) for job in jobs]
    assert all("contradictions flagged" in out for out in outputs)
    found = flagged(store_db)
    assert found == expected[0]  # every pair between the batches, each once
    assert max(found.values()) == 1


@pytest.mark.parametrize("store_db", ["postgres"], indirect=True)  # one lock per file on SQLite
def test_check_reads_a_snapshot_and_waits_for_no_ingest(store_db: str) -> None:
    """A check runs while an ingest holds the write lock, and an ingest lands while a
    check, its snapshot taken, prepares: neither waits for the other."""
    from sqlalchemy.orm import Session

    from store.locks import begin_write

    ingest(store_db, [BATCHES[0]])
    engine = open_store(store_db)
    try:
        with Session(engine) as holder:
            begin_write(holder)  # an ingest in its write phase
            started = time.perf_counter()
            quick = CliRunner().invoke(app, ["check", CHECK, "--db", store_db, "-f", "json"],
                                       obj=slow_runtime(0.0))  # fmt: skip
            assert quick.exit_code in (0, 1), quick.output
            assert time.perf_counter() - started < 60  # not the lock's 600 s
            holder.rollback()
    finally:
        engine.dispose()

    summary, _ = check_while_ingesting(store_db, BATCHES[1:])
    assert summary["articles"] >= 1 and summary["already_stored"] == 0


def check_while_ingesting(db: str, batches: list[str]) -> tuple[dict, str]:
    """A check of CHECK held in its preparation (its snapshot taken) until an ingest of
    ``batches`` has landed; the check's JSON summary (it must succeed) and its stderr."""
    result: dict = {}
    preparing, go = threading.Event(), threading.Event()

    def held_check() -> None:
        args = ["check", CHECK, "--db", db, "-f", "json", "--fail-on", "none"]
        embedder = GatedEmbedder(preparing, go)
        result["check"] = CliRunner().invoke(app, args, obj=runtime_with(embedder))

    thread = threading.Thread(target=held_check)
    thread.start()
    try:
        assert preparing.wait(timeout=60), "the check never started preparing"
        ingest(db, batches)  # lands, waiting for nothing of the check's
    finally:
        go.set()
        thread.join(timeout=120)
    check = result["check"]
    assert check.exit_code == 0, check.output
    return json.loads(check.stdout)["summary"], check.stderr


def test_a_check_that_meets_its_own_batch_landing_runs_again(pg_store: str) -> None:
    """The ingest stores the very articles the check is writing (and will roll back): the
    check's insert meets the committed key, so it runs again on a fresh snapshot."""
    from tests import pg

    with pg.fresh_database("claims_test_recheck") as url:
        open_store(url).dispose()
        summary, said = check_while_ingesting(url, [CHECK])
    assert summary["already_stored"] == summary["articles"] >= 1
    assert "checking again" in said
