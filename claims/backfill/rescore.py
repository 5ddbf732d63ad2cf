"""``claims rescore``: score the stored candidate pairs again with another model.

The candidate pairs are what an ingest proposes: each claim (or each claim ingested since a
day) against its nearest stored claims by the store's vector index, plus every stored
contradiction. They are scored in shards on an engine; each shard is written in one short
transaction that also records it done: the new scores under the new model's id (and the
old scores under theirs, once), open pairs updated, newly flagged pairs added. Confirmed and
dismissed pairs keep their status and score. A killed rescore is resumed by running it again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from claims.backfill.engines import open_engine
from claims.backfill.work import SCORE, shard_key
from claims.config import Settings, Tuning
from claims.detect.candidates import Candidate, candidate_pairs
from claims.detect.flag import CachingScorer, score_candidates
from claims.errors import BadInput
from claims.pipeline.stages import StageFactory
from claims.types import ClaimView, Flag, Progress, Verdict, no_progress
from store import backfill as ledger
from store import ingest as store
from store import stories as story_store
from store import verdicts as verdict_store
from store.batching import batched
from store.locks import begin_write
from store.vectors import VectorIndex, iter_vectors
from store.vectors_index import index_for

log = logging.getLogger(__name__)

SHARD_PAIRS = 256
BLOCK = 1024  # claims whose neighbours are looked up at once
Pair = tuple[ClaimView, ClaimView]


@dataclass
class RescoreReport:
    """What a rescore did, by the new model's id."""

    model: str
    run_id: int = 0
    resumed_shards: int = 0
    shards: int = 0
    pairs: int = 0
    open_rescored: int = 0
    newly_flagged: int = 0
    reviewed_kept: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        resumed = f" ({self.resumed_shards} shards were done before)" if self.resumed_shards else ""
        return (
            f"{self.pairs} candidate pairs scored with {self.model} in {self.shards} shards"
            f"{resumed}; {self.open_rescored} open pairs rescored, {self.newly_flagged} newly "
            f"flagged, {self.reviewed_kept} reviewed pairs kept their verdicts.\n"
            f"Compare old and new scores: claims report --model {self.model}"
        )


def rescore_store(
    db: Engine,
    settings: Settings,
    factory: StageFactory,
    engine: str = "local",
    *,
    since: str | None = None,
    address: str | None = None,
    workers: int | None = None,
    progress: Progress = no_progress,
) -> RescoreReport:
    """Rescore with the scorer ``factory`` builds from ``settings``, on ``engine``."""
    try:
        day = date.fromisoformat(since) if since else None
    except ValueError:
        raise BadInput(f"must be a date (YYYY-MM-DD), not {since!r}", option="since") from None
    stages = factory(settings)
    keyer = CachingScorer(stages.scorer)
    report = RescoreReport(stages.scorer.model_id)
    with Session(db) as session, session.begin():
        pairs = candidate_views(session, stages.embedder.model_id, settings.tuning, day)
    run_id, done = _open_run(db, keyer.verdict_id, since, report.model, progress)
    report.run_id, report.resumed_shards = run_id, len(done)
    todo = [(a, b, s) for a, b, s in pairs if (a.id, b.id) not in done]
    shards = list(batched(todo, SHARD_PAIRS))
    runner = open_engine(engine, stages, factory, settings, address=address, workers=workers)
    try:
        work = [[(a, b) for a, b, _ in shard] for shard in shards]
        for n, (index, verdicts) in enumerate(runner.run(SCORE, work), start=1):
            _write_shard(db, run_id, shards[index], verdicts, keyer, settings.tuning, report)
            report.pairs += len(shards[index])
            progress("score pairs", report.pairs, len(todo))
            progress("score shards", n, len(shards))
    finally:
        runner.close()
    report.shards = len(shards)
    with Session(db) as session:
        begin_write(session, progress)
        ledger.finish_run(session, run_id, ledger.run_ingest(session, run_id))
        session.commit()
    return report


def _open_run(
    db: Engine, verdict_id: str, since: str | None, model: str, progress: Progress
) -> tuple[int, set[tuple[int, int]]]:
    """The unfinished rescore of this model and day to resume, or a new one; the pairs
    its finished shards hold."""
    key = hashlib.sha256(f"rescore\x00{verdict_id}\x00{since or ''}".encode()).hexdigest()
    with Session(db) as session:
        begin_write(session, progress)
        run_id = ledger.unfinished_run(session, "rescore", key)
        if run_id is None:
            run_id = ledger.start_run(session, "rescore", key, model)
        done = ledger.done_shards(session, run_id, SCORE)
        session.commit()
    pairs = {(a, b) for _, _, result in done for a, b in (result or [])}
    return run_id, pairs


def candidate_views(
    session: Session, model_id: str, tuning: Tuning, since: date | None
) -> list[tuple[ClaimView, ClaimView, float]]:
    """Each claim's candidate pairs among its nearest stored claims (as an ingest proposes
    them), then every stored contradiction not among them: (a, b, cosine), a.id < b.id."""
    _, max_claim = store.high_water(session)
    wanted = ledger.claims_ingested_since(session, since) if since else None
    index = index_for(session)
    found: dict[tuple[int, int], tuple[ClaimView, ClaimView, float]] = {}
    for ids, vectors in iter_vectors(session, model_id, 0, max_claim, BLOCK):
        keep = [n for n, i in enumerate(ids) if wanted is None or int(i) in wanted]
        if keep:
            block = (ids[keep], vectors[keep])
            _block_pairs(session, model_id, index, block, max_claim, tuning, found)
    stored = [p for p in ledger.contradictions(session) if p not in found]
    views, hashes = store.claim_views_of(session, {i for p in stored for i in p})
    by_id = dict(zip((v.id for v in views), views, strict=True))
    vecs = store.embeddings_for(session, model_id, hashes)
    vec_of = {v.id: vecs.get(h) for v, h in zip(views, hashes, strict=True)}
    for a, b in stored:
        va, vb = vec_of.get(a), vec_of.get(b)
        sim = float(va @ vb) if va is not None and vb is not None else 0.0
        found[(a, b)] = (by_id[a], by_id[b], sim)
    return [found[p] for p in sorted(found)]


def _block_pairs(
    session: Session,
    model_id: str,
    index: VectorIndex,
    block: tuple[np.ndarray, np.ndarray],
    max_id: int,
    tuning: Tuning,
    found: dict[tuple[int, int], tuple[ClaimView, ClaimView, float]],
) -> None:
    """Candidate pairs of one block of claims with their nearest stored claims."""
    ids, vectors = block
    hits = index.nearest(session, model_id, vectors, tuning.neighbours + 1, max_id)
    near = {claim_id for row in hits for claim_id, _ in row}
    views, hashes = store.claim_views_of(session, near | {int(i) for i in ids})
    vecs = store.embeddings_for(session, model_id, hashes)
    matrix = np.stack([vecs[h] for h in hashes]).astype(np.float32)
    row_of = {v.id: n for n, v in enumerate(views)}
    rows = [row_of[int(i)] for i in ids]
    pairs, _ = candidate_pairs(matrix, views, rows, set(), tuning.neighbours, tuning.min_similarity)
    for c in pairs:
        a, b = views[c.a], views[c.b]
        found.setdefault((a.id, b.id), (a, b, c.similarity))


def _write_shard(
    db: Engine,
    run_id: int,
    shard: Sequence[tuple[ClaimView, ClaimView, float]],
    verdicts: Sequence[Verdict],
    keyer: CachingScorer,
    tuning: Tuning,
    report: RescoreReport,
) -> None:
    """Judge a scored shard as an ingest would, and store it in one write transaction
    that records it done (a retried shard whose first copy landed stores nothing)."""
    pairs = [(a, b) for a, b, _ in shard]
    judged, same = _judge(shard, verdicts, keyer, tuning, report.model)
    with Session(db) as session:
        begin_write(session)
        ids = [[a.id, b.id] for a, b in pairs]
        if ledger.mark_shard(session, run_id, SCORE, shard_key(SCORE, pairs), len(pairs), ids):
            _store_judged(session, run_id, judged, tuning, report)
            story_store.add_corroborations(session, same)
            found = dict(zip(keyer.keys(pairs), verdicts, strict=True))
            verdict_store.add_verdicts(session, keyer.verdict_id, found)
        session.commit()


def _judge(
    shard: Sequence[tuple[ClaimView, ClaimView, float]],
    verdicts: Sequence[Verdict],
    keyer: CachingScorer,
    tuning: Tuning,
    model: str,
) -> tuple[list[Flag], list[tuple[int, int, str]]]:
    """Every pair's final score (guards and confidence applied, as ``score_candidates``
    does), flagged or not, a pair the guards drop scoring 0; and the pairs the new model
    reads as one proposition (entailing both ways), as corroborations by claim id, as an
    ingest records them."""
    pairs = [(a, b) for a, b, _ in shard]
    cached = CachingScorer(keyer.inner)
    cached.verdicts.update(zip(keyer.keys(pairs), verdicts, strict=True))
    views = [v for pair in pairs for v in pair]
    rows = [Candidate(2 * n, 2 * n + 1, s) for n, (_, _, s) in enumerate(shard)]
    found = score_candidates(views, rows, cached, replace(tuning, flag_threshold=0.0))
    by_pair = {(f.claim_a_id, f.claim_b_id): replace(f, model=model) for f in found.flags}
    unflagged = Flag(0, 0, 0.0, "none", "not flagged by this model", (None, None), model)
    same = [
        (min(views[a].id, views[b].id), max(views[a].id, views[b].id), kind)
        for a, b, kind in found.corroborations
    ]
    judged = [
        by_pair.get((a.id, b.id), replace(unflagged, claim_a_id=a.id, claim_b_id=b.id))
        for a, b in pairs
    ]
    return judged, same


def _store_judged(
    session: Session, run_id: int, judged: list[Flag], tuning: Tuning, report: RescoreReport
) -> None:
    """New scores kept (and the old ones, once); open pairs rescored; new flags added."""
    status = ledger.statuses(session, [(f.claim_a_id, f.claim_b_id) for f in judged])
    stored = [f for f in judged if (f.claim_a_id, f.claim_b_id) in status]
    flagged = [f for f in judged if f.score >= tuning.flag_threshold]
    ledger.keep_old_scores(session, [(f.claim_a_id, f.claim_b_id) for f in stored])
    ledger.record_scores(session, stored + [f for f in flagged if f not in stored])
    open_ = [f for f in stored if status[(f.claim_a_id, f.claim_b_id)] == "open"]
    report.open_rescored += ledger.rescore_open(session, open_)
    report.reviewed_kept += len(stored) - len(open_)
    fresh = [f for f in flagged if (f.claim_a_id, f.claim_b_id) not in status]
    if fresh:
        store.add_flags(session, ledger.run_ingest(session, run_id), fresh)
        report.newly_flagged += len(fresh)
