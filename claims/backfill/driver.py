"""``claims backfill``: an ordinary ingest whose extraction, embedding and scoring run in
shards on an engine.

The driver reads the batch and takes a snapshot; the new canonical articles are extracted
on the engine into the caches ``prepare`` reads. It then runs the pipeline's own ``prepare``
three times with those caches: with recording stand-ins that learn which texts need a
vector, then which candidate pairs have no stored verdict, and a last time with every
vector and verdict stored, so what it writes is exactly what ``claims ingest`` would write.
Between the passes the vectors and verdicts are computed in shards on the engine; each
shard is stored as it completes (vectors in the embeddings table, verdicts in the store's
verdict cache, with a row saying the shard is done), so a killed run resumes where it was.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from claims.backfill.engines import ShardEngine
from claims.backfill.work import EMBED, EXTRACT, SCORE, shard_key
from claims.config import Tuning
from claims.detect.flag import CachingScorer, VerdictLookup
from claims.errors import BadInput
from claims.pipeline.prepare import Caches, Prepared, plan_sources, prepare, text_hash
from claims.pipeline.runs import IngestReport, Stages, verdict_lookup
from claims.pipeline.snapshot import Snapshot, changed_since, take_snapshot
from claims.pipeline.write import write_prepared
from claims.sources import copies
from claims.sources.batch import Batch, read_batch
from claims.types import ClaimView, Progress, Verdict, no_progress
from store import backfill as ledger
from store import ingest as store
from store import verdicts as verdict_store
from store.batching import batched
from store.locks import begin_write

log = logging.getLogger(__name__)

SHARD_PAIRS = 256  # pairs per scoring shard (a second of the NLI model on one core)
TEXTS_PER_PAIR = 2  # an embedding shard holds twice as many texts: embedding is cheaper
ARTICLES_PER_SHARD = 8  # an extraction shard: shard size / 8 articles (~10 claims each)
ATTEMPTS = 5  # as in an ingest: preparations before the last one holds the write lock
Pair = tuple[ClaimView, ClaimView]


@dataclass
class BackfillReport:
    """What a backfill did: the ingest it amounts to, and the shards it ran or resumed."""

    ingest: IngestReport
    run_id: int = 0
    resumed: bool = False
    shards_run: dict[str, int] = field(default_factory=dict)
    shards_resumed: int = 0
    texts_embedded: int = 0
    pairs_sharded: int = 0
    seconds: float = 0.0


@dataclass
class Run:
    """One backfill in progress: the store, the engine, and what is cached so far."""

    db: Engine
    stages: Stages
    engine: ShardEngine
    run_id: int
    report: BackfillReport
    progress: Progress
    shard_size: int = SHARD_PAIRS
    caches: Caches = field(default_factory=Caches)
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # by verdict key, this run


def run_key(paths: Sequence[Path], stages: Stages) -> str:
    """What a backfill works on: its paths (resolved) and its models."""
    parts = sorted(str(p.resolve()) for p in paths)
    parts += [stages.embedder.model_id, stages.scorer.model_id]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def backfill(
    db: Engine,
    paths: Sequence[Path],
    stages: Stages,
    engine: ShardEngine,
    tuning: Tuning | None = None,
    progress: Progress = no_progress,
    *,
    resume: bool = False,
    skip_bad: bool = False,
    shard_size: int = SHARD_PAIRS,
) -> BackfillReport:
    """Ingest ``paths`` as one batch, embedding and scoring on ``engine``; committed.
    ``shard_size``: pairs per scoring shard (twice as many texts per embedding shard)."""
    started = time.perf_counter()
    report = BackfillReport(IngestReport())
    batch = read_batch(paths, stages.reader, skip_bad)
    report.ingest.files, report.ingest.articles = batch.files, len(batch.articles)
    report.ingest.skipped_files = [str(p) for p in batch.skipped]
    run = _open_run(db, run_key(paths, stages), stages, engine, report, progress, resume)
    run.shard_size = shard_size
    _prepare_and_write(run, batch, tuning or Tuning())
    report.seconds = time.perf_counter() - started
    return report


def _open_run(
    db: Engine,
    key: str,
    stages: Stages,
    engine: ShardEngine,
    report: BackfillReport,
    progress: Progress,
    resume: bool,
) -> Run:
    """Find the unfinished run to resume (its finished shards' results are in the store),
    or record a new one."""
    with Session(db) as session:
        begin_write(session, progress)
        found = ledger.unfinished_run(session, "backfill", key)
        if found is not None and not resume:
            raise BadInput(
                f"is needed: an earlier backfill of these paths (run {found}) did not finish",
                option="resume",
            )
        run_id = (
            found
            if found is not None
            else ledger.start_run(session, "backfill", key, stages.scorer.model_id)
        )
        done = ledger.done_shards(session, run_id, SCORE) if found is not None else []
        done += ledger.done_shards(session, run_id, EMBED) if found is not None else []
        session.commit()
    report.run_id, report.resumed = run_id, found is not None
    report.shards_resumed = len(done)  # their vectors and verdicts are in the store
    return Run(db, stages, engine, run_id, report, progress)


def _prepare_and_write(run: Run, batch: Batch, tuning: Tuning) -> None:
    """Prepare against a snapshot, then write under the lock; again if the store moved."""
    digests = [copies.content_hash(a.text) for a in batch.articles]
    model_id = run.stages.embedder.model_id
    for attempt in range(1, ATTEMPTS + 1):
        with Session(run.db) as session:
            if attempt == ATTEMPTS:  # the store keeps changing: prepare holding the lock
                begin_write(session, run.progress)
                snapshot = take_snapshot(session, model_id, digests)
                prepared = _prepare(run, batch.articles, snapshot, tuning)
            else:
                with session.begin():
                    snapshot = take_snapshot(session, model_id, digests)
                prepared = _prepare(run, batch.articles, snapshot, tuning)
                begin_write(session, run.progress)
                if changed_since(session, snapshot):
                    session.rollback()
                    log.info("another ingest landed meanwhile; preparing again (%d)", attempt)
                    continue
            try:
                write_prepared(session, prepared, run.stages, run.report.ingest)
                run.report.ingest.embeddings_computed = run.report.texts_embedded  # in shards
                ledger.finish_run(session, run.run_id, run.report.ingest.ingest_id)
                session.commit()
            except BaseException:
                session.rollback()
                raise
            return
    raise AssertionError("unreachable: the last attempt holds the lock")


def _prepare(run: Run, articles: list, snapshot: Snapshot, tuning: Tuning) -> Prepared:
    """The passes of ``prepare``: learn the texts to embed, embed them on the engine, learn
    the pairs to score, score them on the engine, then prepare with all of it stored."""
    _extract(run, articles, snapshot)
    texts = _texts_to_embed(run, articles, snapshot, tuning)
    _embed(run, texts)
    session = snapshot.stored.session if snapshot.stored is not None else None
    lookup = verdict_lookup(session) if session is not None else None
    _score(run, _pairs_to_score(run, articles, snapshot, tuning, lookup))
    caches = Caches(drafts=run.caches.drafts, vectors=run.caches.vectors)
    caches.scorer = CachingScorer(run.stages.scorer, lookup)
    caches.scorer.verdicts.update(run.verdicts)
    return prepare(articles, snapshot, run.stages, tuning, caches, no_progress)


class _RecordTexts:
    """Embedder stand-in: records what it is asked to embed, answers zero vectors."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return np.zeros((len(texts), 1), dtype=np.float32)


class _RecordPairs:
    """Scorer stand-in under the real scorer's ids: records the pairs it is asked to score
    (those with no stored verdict), answers 'no conflict'."""

    def __init__(self, model_id: str, verdict_id: str) -> None:
        self.model_id = model_id
        self.verdict_id = verdict_id
        self.pairs: list[Pair] = []

    def score(self, pairs: Sequence[Pair]) -> list[Verdict]:
        self.pairs.extend(pairs)
        return [Verdict(0.0, "none", "", model=self.model_id) for _ in pairs]


def _extract(run: Run, articles: list, snapshot: Snapshot) -> None:
    """Sentence drafts of the new canonical articles, extracted in shards on the engine
    (an article's drafts depend on it alone) into the caches ``prepare`` reads them from."""
    plan, _ = plan_sources(articles, snapshot)
    todo = [
        p.article
        for p in plan
        if p.stored_head is None and p.planned_head is None and p.article not in run.caches.drafts
    ]
    shards = list(batched(todo, max(1, run.shard_size // ARTICLES_PER_SHARD)))
    for done, (index, drafts) in enumerate(run.engine.run(EXTRACT, shards), start=1):
        run.caches.drafts.update(zip(shards[index], drafts, strict=True))
        run.progress("extract shards", done, len(shards))


def _texts_to_embed(run: Run, articles: list, snapshot: Snapshot, tuning: Tuning) -> list[str]:
    """Extract (kept in the caches) and return every proposition of the new claims: this
    pass compares with nothing stored and proposes no pair, so it only folds and extracts."""
    recorder = _RecordTexts(run.stages.embedder.model_id)
    scratch = Caches(drafts=run.caches.drafts)
    staged = replace(run.stages, embedder=recorder, scorer=_RecordPairs("none", "none"))
    never = replace(tuning, min_similarity=2.0)

    def extracting(stage: str, done: int, total: int) -> None:
        if stage == "extract":
            run.progress(stage, done, total)

    prepare(articles, replace(snapshot, stored=None), staged, never, scratch, extracting)
    return list(dict.fromkeys(recorder.texts))


def _pairs_to_score(
    run: Run,
    articles: list,
    snapshot: Snapshot,
    tuning: Tuning,
    lookup: VerdictLookup | None,
) -> list[Pair]:
    """The candidate pairs ``prepare`` would score that have no verdict, stored or here."""
    real = CachingScorer(run.stages.scorer)
    recorder = _RecordPairs(run.stages.scorer.model_id, real.verdict_id)
    scratch = Caches(drafts=run.caches.drafts, vectors=run.caches.vectors)
    scratch.scorer = CachingScorer(recorder, lookup)
    scratch.scorer.verdicts.update(run.verdicts)
    prepare(articles, snapshot, replace(run.stages, scorer=recorder), tuning, scratch, no_progress)
    return list(dict(zip(real.keys(recorder.pairs), recorder.pairs, strict=True)).values())


def _embed(run: Run, texts: list[str]) -> None:
    """Vectors of ``texts``: stored ones read, the rest computed in shards and stored."""
    model_id = run.stages.embedder.model_id
    by_hash = {text_hash(t): t for t in texts}
    with Session(run.db) as session, session.begin():
        stored = store.embeddings_for(session, model_id, by_hash)
    todo = [h for h in by_hash if h not in stored and h not in run.caches.vectors]
    shards = list(batched(todo, run.shard_size * TEXTS_PER_PAIR))
    work = [[by_hash[h] for h in shard] for shard in shards]
    run.report.shards_run.setdefault(EMBED, 0)
    for done, (index, vectors) in enumerate(run.engine.run(EMBED, work), start=1):
        hashes = shards[index]
        key = shard_key(EMBED, work[index])
        with Session(run.db) as session:
            begin_write(session, run.progress)
            if ledger.mark_shard(session, run.run_id, EMBED, key, len(hashes)):
                have = store.embeddings_for(session, model_id, hashes)
                keep = [n for n, h in enumerate(hashes) if h not in have]
                store.add_embeddings(session, model_id, [hashes[n] for n in keep], vectors[keep])
            session.commit()
        run.caches.vectors.update(zip(hashes, vectors, strict=True))
        run.report.shards_run[EMBED] += 1
        run.report.texts_embedded += len(hashes)
        run.progress("embed shards", done, len(shards))


def _score(run: Run, pairs: list[Pair]) -> None:
    """Verdicts of ``pairs`` computed in shards, each stored in the store's verdict cache
    in the transaction that records its shard done."""
    shards = list(batched(pairs, run.shard_size))
    keyer = CachingScorer(run.stages.scorer)
    run.report.pairs_sharded += len(pairs)
    run.report.shards_run.setdefault(SCORE, 0)
    scored = 0
    for done, (index, verdicts) in enumerate(run.engine.run(SCORE, shards), start=1):
        shard = shards[index]
        found = dict(zip(keyer.keys(shard), verdicts, strict=True))
        with Session(run.db) as session:
            begin_write(session, run.progress)
            key = shard_key(SCORE, shard)
            if ledger.mark_shard(session, run.run_id, SCORE, key, len(shard)):
                verdict_store.add_verdicts(session, keyer.verdict_id, found)
            session.commit()
        run.verdicts.update(found)
        run.report.shards_run[SCORE] += 1
        scored += len(shard)
        run.progress("score pairs", scored, len(pairs))  # first: the shard line shows it
        run.progress("score shards", done, len(shards))
