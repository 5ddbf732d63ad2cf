"""Analyse new claims against the store: put them into topics, flag contradicting pairs.

The second half of an ingest (``claims.pipeline.ingest`` reads, folds copies, extracts and
embeds first). The decisions are made by the topics and detect stages on plain data; this
module only loads their inputs from the store and writes their results back: the topics
near the new claims (through the vector index) and bounded samples of text to label them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from claims.errors import NotFound
from claims.topics.cluster import TopicState, assign_topics, label_topics
from claims.types import Clusterer
from claims.words import noun, plural
from store import ingest as store
from store import topics as topic_store
from store.records import StoredTopic
from store.vectors import VectorIndex
from store.vectors_index import index_for

NEAR = 12  # nearest stored claims of each new claim whose topics it may join
LABEL_SAMPLE = 50  # latest claims of a topic its label is read from
BACKGROUND = 100  # other topics a topic's c-TF-IDF label is weighed against


def assign(
    session: Session,
    claim_ids: Sequence[int],
    vectors: np.ndarray,
    model_id: str,
    clusterer: Clusterer,
    index: VectorIndex | None = None,
    near: Sequence[int] | None = None,
) -> int:
    """Put new claims into existing topics or new ones, relabel the topics touched; new topics.

    The topics a claim may join are those of its nearest stored claims (one lookup in the
    store's vector index), not every centroid; labels are read from a bounded sample. So
    the cost does not grow with the store. ``near``: those claims when the caller already
    looked them up (an ingest's candidate search did, before the write lock was taken).
    """
    if not claim_ids:
        return 0
    if near is None:
        index = index or index_for(session)
        hits = index.nearest(session, model_id, vectors, NEAR, min(claim_ids) - 1)
        near = [claim_id for row in hits for claim_id, _ in row]
    stored = topic_store.topics_of_claims(session, model_id, near)
    touched, added = _assign(session, claim_ids, vectors, model_id, clusterer, stored)
    background = topic_store.other_topics(session, model_id, touched, BACKGROUND)
    texts = topic_store.recent_texts(session, touched + background, LABEL_SAMPLE)
    labels = label_topics([" ".join(texts[t]) for t in touched + background])
    topic_store.set_labels(session, dict(zip(touched, labels, strict=False)))
    return added


def _assign(
    session: Session,
    claim_ids: Sequence[int],
    vectors: np.ndarray,
    model_id: str,
    clusterer: Clusterer,
    stored: Sequence[StoredTopic],
) -> tuple[list[int], int]:
    """Assign among ``stored`` topics or new ones, save the topics touched: (their ids,
    how many are new)."""
    states = [
        TopicState(t.id, np.frombuffer(t.centroid, dtype=np.float32).copy(), t.size) for t in stored
    ]
    first_new = len(states)
    assigned = assign_topics(vectors, states, clusterer)
    rows = sorted(set(assigned))
    ids = topic_store.save_topics(
        session, model_id, [(states[i].id, states[i].centroid, states[i].size) for i in rows]
    )
    id_of = dict(zip(rows, ids, strict=True))
    topic_store.set_claim_topics(
        session, {c: id_of[i] for c, i in zip(claim_ids, assigned, strict=True)}
    )
    return sorted(ids), len(states) - first_new


def rebuild_topics(session: Session, model_id: str, clusterer: Clusterer) -> tuple[int, int]:
    """Cluster every claim afresh with ``model_id``'s stored vectors: (claims, topics).

    Topic ids change; claims, contradictions and every review verdict stay as they are.
    """
    claims = topic_store.claim_hashes(session)
    found = store.embeddings_for(session, model_id, [h for _, h in claims])
    missing = sum(h not in found for _, h in claims)
    if missing:
        have = f"{plural(missing, 'claim')} {noun(missing, 'has', 'have')}"
        raise NotFound(f"{have} no vector of {model_id!r}; ingest with it first")
    topic_store.clear_topics(session)
    if not claims:
        return 0, 0
    vectors = np.stack([found[h] for _, h in claims])
    ids, added = _assign(session, [i for i, _ in claims], vectors, model_id, clusterer, [])
    texts = topic_store.claim_texts_by_topic(session, ids)  # retopic reads everything anyway
    topic_store.set_labels(
        session, dict(zip(ids, label_topics([" ".join(texts[t]) for t in ids]), strict=True))
    )
    return len(claims), added
