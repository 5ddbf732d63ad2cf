"""The write lock is held only while writing, and a batch that lands meanwhile is compared.

``ingest_briefly`` prepares a batch (models) without the lock; these tests make things
happen while it scores: another process takes the write lock, or ingests a batch of its
own. Both must work, and no pair between the two batches may be missed or stored twice.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.pipeline import Stages
from claims.pipeline.ingest import ingest_briefly
from claims.sources.readers import FileReader
from claims.stories.profile import PlainProfiler
from store import queries
from tests.conftest import FIXTURES, ROOT
from tests.doubles import FixedScorer, HashingEmbedder, SplitExtractor

BASIC = FIXTURES / "batches" / "basic"
MORE = FIXTURES / "batches" / "more"
TUNING = Tuning(min_similarity=0.0, model_alignment=0.0)

SECOND_WRITER = """
import sys
from datetime import date
from pathlib import Path
from sqlalchemy.orm import Session
from claims.config import Tuning
from claims.pipeline import Stages, ingest
from claims.sources.readers import FileReader
from claims.stories.profile import PlainProfiler
from store.db import open_store
from tests.doubles import FixedScorer, HashingEmbedder, SplitExtractor

stages = Stages(FileReader(now=date(2025, 8, 25)), SplitExtractor(), HashingEmbedder(),
                PlainProfiler(HashingEmbedder()), FixedScorer(0.9))
engine = open_store(sys.argv[1])
with Session(engine) as session, session.begin():
    ingest(session, [Path(sys.argv[2])], stages, Tuning(min_similarity=0.0, model_alignment=0.0))
"""


def _stages(scorer: FixedScorer) -> Stages:
    return Stages(FileReader(now=date(2025, 8, 25)), SplitExtractor(), HashingEmbedder(),
                  PlainProfiler(HashingEmbedder()), scorer)  # fmt: skip


def _take_write_lock_elsewhere(db: str) -> None:
    """A second process takes the write lock at once (no waiting) and writes."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], timeout=0); "
        "c.execute('BEGIN IMMEDIATE'); c.execute('CREATE TABLE probe (x)'); c.commit()"
    )
    subprocess.run([sys.executable, "-c", code, db], check=True, timeout=30)


def test_another_writer_gets_the_lock_while_a_batch_is_scored(
    engine: Engine, stages: Stages
) -> None:
    db = str(engine.url.database)
    scorer = FixedScorer(0.9, first=lambda: _take_write_lock_elsewhere(db))
    report, _ = ingest_briefly(engine, [BASIC], _stages(scorer), TUNING)
    assert report.claims_added == 7 and report.contradictions_added > 0
    assert 0 < report.lock_seconds < report.seconds["prepare"] + report.seconds["write"]
    with engine.connect() as connection:  # the other process's write landed
        assert connection.exec_driver_sql("SELECT count(*) FROM probe").scalar() == 0


def test_a_batch_landing_meanwhile_is_compared_and_nothing_is_stored_twice(
    engine: Engine, stages: Stages
) -> None:
    db = str(engine.url.database)

    def second_batch() -> None:
        command = [sys.executable, "-c", SECOND_WRITER, db, str(MORE)]
        subprocess.run(command, check=True, timeout=120, cwd=ROOT)

    scorer = FixedScorer(0.9, first=second_batch)
    report, _ = ingest_briefly(engine, [BASIC], _stages(scorer), TUNING)
    with Session(engine) as session:
        claims = queries.claims(session)
        pairs = queries.contradictions(session)
    ours = set(report.new_claim_ids)
    theirs = {c.id for c in claims} - ours
    assert len(ours) == 7 and theirs, "both batches landed"
    assert min(ours) > max(theirs), "the batch was written after the one that landed meanwhile"
    keys = Counter((p.claim_a.id, p.claim_b.id) for p in pairs)
    assert max(keys.values()) == 1, "no pair stored twice"
    across = [k for k in keys if (k[0] in ours) != (k[1] in ours)]
    assert across, "pairs between the two batches were scored and flagged"
    asked = set(scorer.seen)
    assert all(k in asked for k in across), "the cross-batch pairs came from our scorer"
