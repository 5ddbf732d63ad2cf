"""Bookkeeping of backfill and rescore runs: runs, shards done, and each model's pair scores.

A run is found again by its key (what it works on), so a killed one resumes; a shard is
recorded done in the same transaction as what it produced, so after a crash it is either
stored once or redone, never half. Every function takes the caller's session and never
commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store import convert
from store.batching import IN_CHUNK, batched
from store.models import (
    BackfillRun,
    BackfillShard,
    Claim,
    Contradiction,
    Ingest,
    PairScore,
    Source,
)
from store.records import Flag


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def unfinished_run(session: Session, kind: str, key: str) -> int | None:
    """The id of the latest run of ``kind`` on ``key`` that did not finish, if any."""
    stmt = (
        select(BackfillRun.id)
        .where(BackfillRun.kind == kind, BackfillRun.key == key)
        .where(BackfillRun.finished_at.is_(None))
        .order_by(BackfillRun.id.desc())
    )
    return session.scalars(stmt).first()


def start_run(session: Session, kind: str, key: str, model: str) -> int:
    """Record a new run; its id."""
    run = BackfillRun(kind=kind, key=key, model=model, started_at=_now())
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, ingest_id: int | None) -> None:
    """Mark a run finished (in the transaction of its last write)."""
    run = session.get_one(BackfillRun, run_id)
    run.finished_at, run.ingest_id = _now(), ingest_id
    session.flush()


def run_ingest(session: Session, run_id: int) -> int:
    """The ingest row a rescore run files its new pairs under, made on first use."""
    run = session.get_one(BackfillRun, run_id)
    if run.ingest_id is None:
        row = Ingest(started_at=_now(), files=0)
        session.add(row)
        session.flush()
        run.ingest_id = row.id
        session.flush()
    return run.ingest_id


def done_shards(session: Session, run_id: int, phase: str) -> list[tuple[str, int, Any]]:
    """(key, items, result decoded from JSON) of every shard of ``phase`` the run finished."""
    stmt = select(BackfillShard.key, BackfillShard.items, BackfillShard.result).where(
        BackfillShard.run_id == run_id, BackfillShard.phase == phase
    )
    return [(k, n, json.loads(r) if r else None) for k, n, r in session.execute(stmt)]


def mark_shard(
    session: Session, run_id: int, phase: str, key: str, items: int, result: Any = None
) -> bool:
    """Record a shard done, with its result as JSON; False when it already was (a retried
    shard whose first copy landed): the caller then stores nothing of it."""
    exists = session.scalar(
        select(BackfillShard.id).where(
            BackfillShard.run_id == run_id, BackfillShard.phase == phase, BackfillShard.key == key
        )
    )
    if exists is not None:
        return False
    payload = None if result is None else json.dumps(result, separators=(",", ":"))
    session.add(
        BackfillShard(
            run_id=run_id, phase=phase, key=key, items=items, done_at=_now(), result=payload
        )
    )
    session.flush()
    return True


def contradictions(session: Session) -> dict[tuple[int, int], tuple[str, float, str]]:
    """Every stored pair: (a, b) -> (status, score, model)."""
    stmt = select(
        Contradiction.claim_a_id,
        Contradiction.claim_b_id,
        Contradiction.status,
        Contradiction.score,
        Contradiction.model,
    )
    return {(a, b): (s, sc, m) for a, b, s, sc, m in session.execute(stmt)}


def record_scores(session: Session, flags: Iterable[Flag]) -> None:
    """Keep each flag's score under its model, once per (pair, model)."""
    flags = list(flags)
    have: set[tuple[int, int, str]] = set()
    for chunk in batched(sorted({f.claim_a_id for f in flags}), IN_CHUNK):
        stmt = select(PairScore.claim_a_id, PairScore.claim_b_id, PairScore.model).where(
            PairScore.claim_a_id.in_(chunk)
        )
        have.update(tuple(row) for row in session.execute(stmt))
    for f in flags:
        if (f.claim_a_id, f.claim_b_id, f.model) in have:
            continue
        have.add((f.claim_a_id, f.claim_b_id, f.model))
        session.add(
            PairScore(
                claim_a_id=f.claim_a_id,
                claim_b_id=f.claim_b_id,
                model=f.model,
                score=f.score,
                kind=f.kind,
                explanation=f.explanation,
            )
        )
    session.flush()


def keep_old_scores(session: Session, pairs: Sequence[tuple[int, int]]) -> None:
    """Copy the stored score of these contradictions into ``pair_scores`` under the model
    that gave it, before a rescore replaces it."""
    old: list[Flag] = []
    for chunk in batched(sorted(set(pairs)), IN_CHUNK):
        stmt = select(Contradiction).where(Contradiction.claim_a_id.in_({a for a, _ in chunk}))
        wanted = set(chunk)
        for row in session.scalars(stmt):
            if (row.claim_a_id, row.claim_b_id) in wanted:
                old.append(convert_flag(row))
    record_scores(session, old)


def convert_flag(row: Contradiction) -> Flag:
    spans = (convert.span_of(row.span_a), convert.span_of(row.span_b))
    return Flag(
        row.claim_a_id, row.claim_b_id, row.score, row.kind, row.explanation, spans, row.model
    )


def rescore_open(session: Session, flags: Iterable[Flag]) -> int:
    """Give open contradictions their new score, kind, explanation and model; reviewed
    ones (confirmed, dismissed) keep theirs. How many changed."""
    changed = 0
    for f in flags:
        result = session.execute(
            update(Contradiction)
            .where(
                Contradiction.claim_a_id == f.claim_a_id,
                Contradiction.claim_b_id == f.claim_b_id,
                Contradiction.status == "open",
            )
            .values(
                score=f.score,
                kind=f.kind,
                explanation=f.explanation,
                span_a=convert.span_text(f.spans[0]),
                span_b=convert.span_text(f.spans[1]),
                model=f.model,
            )
        )
        changed += result.rowcount or 0
    session.flush()
    return changed


def pair_scores(session: Session, model: str) -> dict[tuple[int, int], dict[str, float]]:
    """For every pair ``model`` scored: each model's score of that pair, by model id."""
    pairs = select(PairScore.claim_a_id, PairScore.claim_b_id).where(PairScore.model == model)
    wanted = {(a, b) for a, b in session.execute(pairs)}
    out: dict[tuple[int, int], dict[str, float]] = {p: {} for p in wanted}
    for chunk in batched(sorted({a for a, _ in wanted}), IN_CHUNK):
        stmt = select(
            PairScore.claim_a_id, PairScore.claim_b_id, PairScore.model, PairScore.score
        ).where(PairScore.claim_a_id.in_(chunk))
        for a, b, m, score in session.execute(stmt):
            if (a, b) in out:
                out[(a, b)][m] = score
    return out


def claims_ingested_since(session: Session, day: date) -> set[int]:
    """Ids of the claims whose article was ingested on or after ``day``."""
    start = datetime.combine(day, datetime.min.time())
    stmt = (
        select(Claim.id)
        .join(Source, Claim.source_id == Source.id)
        .join(Ingest, Source.ingest_id == Ingest.id)
        .where(Ingest.started_at >= start)
    )
    return set(session.scalars(stmt))


def statuses(session: Session, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The status of each of these pairs that is stored as a contradiction."""
    wanted = set(pairs)
    out: dict[tuple[int, int], str] = {}
    for chunk in batched(sorted({a for a, _ in wanted}), IN_CHUNK):
        stmt = select(
            Contradiction.claim_a_id, Contradiction.claim_b_id, Contradiction.status
        ).where(Contradiction.claim_a_id.in_(chunk))
        out.update(((a, b), s) for a, b, s in session.execute(stmt) if (a, b) in wanted)
    return out


def claim_texts(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """The text of each of these claims, by id."""
    out: dict[int, str] = {}
    for chunk in batched(sorted(set(ids)), IN_CHUNK):
        stmt = select(Claim.id, Claim.text).where(Claim.id.in_(chunk))
        out.update((i, t) for i, t in session.execute(stmt))
    return out
