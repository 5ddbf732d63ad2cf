"""Analyse new claims against the store: put them into topics, flag contradicting pairs.

The second half of an ingest (``claims.pipeline.ingest`` reads, folds copies, extracts and
embeds first). The decisions are made by the topics and detect stages on plain data; this
module only loads their inputs from the store and writes their results back.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from claims.errors import NotFound
from claims.topics.cluster import TopicState, assign_topics, label_topics
from claims.types import Clusterer
from store import ingest as store
from store import topics as topic_store


def assign(
    session: Session,
    claim_ids: Sequence[int],
    vectors: np.ndarray,
    model_id: str,
    clusterer: Clusterer,
) -> int:
    """Put claims into existing topics or new ones, relabel the topics touched; new topics."""
    if not claim_ids:
        return 0
    stored = topic_store.stored_topics(session, model_id)
    states = [
        TopicState(t.id, np.frombuffer(t.centroid, dtype=np.float32).copy(), t.size) for t in stored
    ]
    first_new = len(states)
    assigned = assign_topics(vectors, states, clusterer)
    ids = topic_store.save_topics(session, model_id, [(s.id, s.centroid, s.size) for s in states])
    topic_store.set_claim_topics(
        session, {c: ids[i] for c, i in zip(claim_ids, assigned, strict=True)}
    )
    touched = {ids[i] for i in assigned}
    texts = topic_store.claim_texts_by_topic(session, ids)
    labels = label_topics([" ".join(texts[t]) for t in ids])
    old = {t.id: t.label for t in stored}
    topic_store.set_labels(
        session,
        {t: label for t, label in zip(ids, labels, strict=True) if t in touched or not old.get(t)},
    )
    return len(states) - first_new


def rebuild_topics(session: Session, model_id: str, clusterer: Clusterer) -> tuple[int, int]:
    """Cluster every claim afresh with ``model_id``'s stored vectors: (claims, topics).

    Topic ids change; claims, contradictions and every review verdict stay as they are.
    """
    claims = topic_store.claim_hashes(session)
    found = store.embeddings_for(session, model_id, [h for _, h in claims])
    missing = sum(h not in found for _, h in claims)
    if missing:
        raise NotFound(f"{missing} claim(s) have no vector of {model_id!r}; ingest with it first")
    topic_store.clear_topics(session)
    if not claims:
        return 0, 0
    vectors = np.stack([found[h] for _, h in claims])
    return len(claims), assign(session, [i for i, _ in claims], vectors, model_id, clusterer)
