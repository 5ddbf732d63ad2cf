"""Ingest a batch: read it, prepare it against a snapshot of the store, write it.

``ingest`` runs all of it in the caller's session and transaction (library use, tests, a
check that is rolled back). ``ingest_briefly`` is what the CLI runs: it reads the snapshot
in a short read transaction, prepares the batch holding no lock (the slow part: models),
then takes the write lock only to write. If another ingest landed meanwhile, the batch is
prepared again against the new snapshot, so no pair between the two batches is missed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.detect.flag import CachingScorer
from claims.pipeline.prepare import Caches, Prepared, prepare, text_hash
from claims.pipeline.runs import Clock, IngestReport, Stages, verdict_lookup
from claims.pipeline.snapshot import Snapshot, changed_since, take_snapshot
from claims.pipeline.write import write_prepared
from claims.sources import copies
from claims.sources.batch import Batch, read_batch
from claims.types import Progress, no_progress
from store.db import read_snapshot
from store.locks import begin_write

log = logging.getLogger(__name__)

__all__ = ["ingest", "ingest_briefly", "text_hash"]
T = TypeVar("T")
ATTEMPTS = 5  # preparations against a fresh snapshot before the last one holds the lock


def _read(paths: Sequence[Path], stages: Stages, skip_bad: bool, report: IngestReport) -> Batch:
    batch = read_batch(paths, stages.reader, skip_bad)
    report.files, report.articles = batch.files, len(batch.articles)
    report.skipped_files = [str(p) for p in batch.skipped]
    return batch


def _snapshot(session: Session, batch: Batch, stages: Stages) -> Snapshot:
    digests = [copies.content_hash(a.text) for a in batch.articles]
    keys = [k for a in batch.articles for k in copies.text_keys(a.text)]
    return take_snapshot(session, stages.embedder.model_id, digests, keys)


def ingest(
    session: Session,
    paths: Sequence[Path],
    stages: Stages,
    tuning: Tuning | None = None,
    progress: Progress = no_progress,
    *,
    skip_bad: bool = False,
) -> IngestReport:
    """Ingest files or directories into the store held by ``session`` (not committed here)."""
    report = IngestReport()
    clock = Clock(report)
    batch = _read(paths, stages, skip_bad, report)
    clock.lap("read")
    snapshot = _snapshot(session, batch, stages)
    caches = Caches(scorer=CachingScorer(stages.scorer, verdict_lookup(session)))
    prepared = prepare(batch.articles, snapshot, stages, tuning or Tuning(), caches, progress)
    clock.lap("prepare")
    write_prepared(session, prepared, stages, report)
    clock.lap("write")
    return report


def ingest_briefly(
    engine: Engine,
    paths: Sequence[Path],
    stages: Stages,
    tuning: Tuning | None = None,
    progress: Progress = no_progress,
    *,
    skip_bad: bool = False,
    commit: bool = True,
    inspect: Callable[[Session, IngestReport], T] | None = None,
) -> tuple[IngestReport, T | None]:
    """Ingest with the write lock held only while writing; committed unless ``commit`` is
    false (a check). ``inspect`` reads the written batch before commit or rollback."""
    report = IngestReport()
    clock = Clock(report)
    batch = _read(paths, stages, skip_bad, report)
    clock.lap("read")
    caches, tuning = Caches(scorer=CachingScorer(stages.scorer)), tuning or Tuning()
    for attempt in range(1, ATTEMPTS + 1):
        with Session(engine) as session:
            caches.scorer.lookup = verdict_lookup(session)  # type: ignore[union-attr]
            if attempt == ATTEMPTS:  # the store keeps changing: prepare holding the lock
                held = begin_write(session, progress)
                snapshot = _snapshot(session, batch, stages)
                prepared = prepare(batch.articles, snapshot, stages, tuning, caches, progress)
            else:
                with session.begin():  # a short read transaction for the snapshot
                    read_snapshot(session, read_only=True)
                    snapshot = _snapshot(session, batch, stages)
                prepared = prepare(batch.articles, snapshot, stages, tuning, caches, progress)
                held = begin_write(session, progress)
                if changed_since(session, snapshot):
                    session.rollback()
                    log.info("another ingest landed meanwhile; preparing again (%d)", attempt)
                    continue
            clock.lap("prepare")
            found = _write(session, prepared, stages, report, commit, inspect)
            report.lock_seconds = time.perf_counter() - held
            clock.lap("write")
            return report, found
    raise AssertionError("unreachable: the last attempt holds the lock")


def _write(
    session: Session,
    prepared: Prepared,
    stages: Stages,
    report: IngestReport,
    commit: bool,
    inspect: Callable[[Session, IngestReport], T] | None,
) -> T | None:
    """Write under the lock already taken, read what ``inspect`` wants, commit or roll back."""
    try:
        write_prepared(session, prepared, stages, report)
        found = inspect(session, report) if inspect is not None else None
        if commit:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    return found
