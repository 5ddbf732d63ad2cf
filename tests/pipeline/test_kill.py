"""``kill -9`` an ingest at several points: never a partial batch, and the next one works.

A real child process runs ``ingest_briefly`` with doubles that announce a point (while
scoring, holding no lock; in the middle of the write, lock held; just before commit) and
then wait to be killed. The parent kills it with SIGKILL at that point.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.pipeline import Stages
from claims.pipeline.ingest import ingest_briefly
from store import queries
from tests.conftest import FIXTURES, ROOT

DRIVER = """
import sys, time
from datetime import date
from pathlib import Path
import numpy as np
from claims.config import Tuning
from claims.pipeline import Stages
from claims.pipeline import write
from claims.pipeline.ingest import ingest_briefly
from claims.sources.readers import FileReader
from claims.stories.profile import PlainProfiler
from store.db import open_store
from tests.doubles import FixedScorer, HashingEmbedder, SplitExtractor

point = sys.argv[3]

def stop(name):
    if name == point:
        print(name, flush=True)
        time.sleep(120)

real_write_stories = write.write_stories

def stopping_write_stories(*args, **kwargs):  # articles and claims are inserted by now
    stop("writing")
    return real_write_stories(*args, **kwargs)

write.write_stories = stopping_write_stories
stages = Stages(FileReader(now=date(2025, 8, 25)), SplitExtractor(), HashingEmbedder(),
                PlainProfiler(HashingEmbedder()), FixedScorer(0.9, first=lambda: stop("scoring")))
engine = open_store(sys.argv[1])
ingest_briefly(engine, [Path(sys.argv[2])], stages, Tuning(min_similarity=0.0),
               inspect=lambda session, report: stop("committing"))
print("done", flush=True)
"""


def _counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return queries.counts(session)


@pytest.mark.fuzz
@pytest.mark.parametrize("point", ["scoring", "writing", "committing"])
def test_kill_9_leaves_no_partial_batch(engine: Engine, stages: Stages, point: str) -> None:
    db = str(engine.url.database)
    ingest_briefly(engine, [FIXTURES / "batches" / "more"], stages, Tuning(min_similarity=0.2))
    before = _counts(engine)
    child = subprocess.Popen(
        [sys.executable, "-c", DRIVER, db, str(FIXTURES / "batches" / "basic"), point],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == point, "the child reached the point"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert _counts(engine) == before, "nothing of the killed batch is in the store"
    report, _ = ingest_briefly(
        engine, [FIXTURES / "batches" / "basic"], stages, Tuning(min_similarity=0.2)
    )
    assert report.claims_added == 7, "the next ingest takes the lock and lands whole"
