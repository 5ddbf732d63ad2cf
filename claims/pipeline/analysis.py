"""Analyse new claims against the store: put them into topics, flag contradicting pairs.

The second half of an ingest (``claims.pipeline.ingest`` reads, folds copies, extracts and
embeds first). Split out so each half reads in one sitting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import delete
from sqlalchemy.orm import Session

from claims.detect.candidates import candidate_pairs
from claims.detect.guards import model_only_and_unrelated, pair_confidence
from claims.errors import NotFound
from claims.topics.cluster import TopicState, assign_topics, label_topics
from claims.types import ClaimView, Clusterer
from store import queries
from store.models import Claim, Contradiction, Ingest, Topic

if TYPE_CHECKING:
    from claims.pipeline.ingest import IngestReport, Options, Progress, Stages, _Clock

SCORE_BATCH = 256


def assign(
    session: Session, claims: list[Claim], vectors: np.ndarray, model_id: str, clusterer: Clusterer
) -> int:
    """Put claims into existing topics or new ones, relabel the topics touched; new topics."""
    if not claims:
        return 0
    stored = queries.topics_for_model(session, model_id)
    states = [
        TopicState(t.id, np.frombuffer(t.centroid, dtype=np.float32).copy(), t.size) for t in stored
    ]
    first_new = len(states)
    assigned = assign_topics(vectors, states, clusterer)  # type: ignore[arg-type]
    rows = list(stored)
    for _ in states[first_new:]:
        row = Topic(model_id=model_id, label="", size=0, centroid=b"")
        session.add(row)
        rows.append(row)
    session.flush()
    for state, row in zip(states, rows, strict=True):
        row.size = state.size
        row.centroid = state.centroid.astype(np.float32).tobytes()
    for claim, index in zip(claims, assigned, strict=True):
        claim.topic_id = rows[index].id
    session.flush()
    touched = sorted({rows[i].id for i in assigned})
    all_ids = [r.id for r in rows]
    texts = queries.claim_texts_by_topic(session, all_ids)
    labels = label_topics([" ".join(texts[t]) for t in all_ids])
    for row, label in zip(rows, labels, strict=True):
        if row.id in touched or not row.label:
            row.label = label
    return len(states) - first_new


def rebuild_topics(session: Session, model_id: str, clusterer: Clusterer) -> tuple[int, int]:
    """Cluster every claim afresh with ``model_id``'s stored vectors: (claims, topics).

    Topic ids change; claims, contradictions and every review verdict stay as they are.
    """
    claims = queries.all_claims(session)
    found = queries.embeddings_for(session, model_id, [c.text_hash for c in claims])
    missing = sum(c.text_hash not in found for c in claims)
    if missing:
        raise NotFound(f"{missing} claim(s) have no vector of {model_id!r}; ingest with it first")
    for claim in claims:
        claim.topic_id = None
    session.flush()
    session.execute(delete(Topic))
    if not claims:
        return 0, 0
    vectors = np.stack([found[c.text_hash] for c in claims])
    return len(claims), assign(session, claims, vectors, model_id, clusterer)


def _view(claim: Claim) -> ClaimView:
    return ClaimView(
        id=claim.id,
        text=claim.text,
        source_id=claim.source_id,
        speaker=claim.speaker,
        event_date=claim.event_date,
        event_date_text=claim.event_date_text,
        event_date_approx=claim.event_date_approx,
        event_date_inherited=claim.event_date_inherited,
        published=claim.source.published if claim.source else None,
    )


def flag(
    session: Session,
    new_claims: list[Claim],
    stages: Stages,
    options: Options,
    run: Ingest,
    report: IngestReport,
    progress: Progress,
    clock: _Clock,
) -> None:
    """Score each new claim against its neighbours and store the pairs that conflict."""
    if not new_claims:
        return
    claims = queries.all_claims(session)
    vectors_by_hash = queries.embeddings_for(
        session, stages.embedder.model_id, [c.text_hash for c in claims]
    )
    vectors = np.stack([vectors_by_hash[c.text_hash] for c in claims])
    views = [_view(c) for c in claims]
    row_of = {c.id: i for i, c in enumerate(claims)}
    new_rows = [row_of[c.id] for c in new_claims]
    known = queries.known_pairs(session, [c.id for c in new_claims])
    pairs, skipped = candidate_pairs(
        vectors, views, new_rows, known, options.neighbours, options.min_similarity
    )
    report.skipped_pairs = skipped
    clock.lap("candidates")
    for start in range(0, len(pairs), SCORE_BATCH):
        chunk = pairs[start : start + SCORE_BATCH]
        verdicts = stages.scorer.score([(views[a], views[b]) for a, b, _ in chunk])
        for (a, b, similarity), verdict in zip(chunk, verdicts, strict=True):
            factor, caveat = pair_confidence(views[a], views[b])
            score = verdict.score * factor
            if score < options.flag_threshold:
                continue
            if model_only_and_unrelated(views[a], views[b], similarity, options.model_similarity):
                skipped["model only, unrelated"] = skipped.get("model only, unrelated", 0) + 1
                continue
            explanation = f"{verdict.explanation}; {caveat}" if caveat else verdict.explanation
            span_a, span_b = verdict.spans
            session.add(
                Contradiction(
                    claim_a_id=views[a].id,
                    claim_b_id=views[b].id,
                    score=round(float(score), 4),
                    kind=verdict.kind,
                    explanation=explanation,
                    span_a=f"{span_a[0]}:{span_a[1]}" if span_a else None,
                    span_b=f"{span_b[0]}:{span_b[1]}" if span_b else None,
                    model=verdict.model or stages.scorer.model_id,
                    status="open",
                    ingest_id=run.id,
                )
            )
            report.contradictions_added += 1
        progress("score", min(start + SCORE_BATCH, len(pairs)), len(pairs))
    report.pairs_scored = len(pairs)
    session.flush()
    clock.lap("score")
