"""Topic rows: load them for assignment, save what the assigner decided, relabel, list.

Functions take the caller's session and never commit; callers get plain records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from store.batching import IN_CHUNK, batched
from store.models import Claim, Topic
from store.records import StoredTopic, TopicRecord


def stored_topics(session: Session, model_id: str) -> list[StoredTopic]:
    """The topics of ``model_id``, by id, with centroids and sizes."""
    stmt = select(Topic).where(Topic.model_id == model_id).order_by(Topic.id)
    return [StoredTopic(t.id, t.label, t.size, t.centroid) for t in session.scalars(stmt)]


def save_topics(
    session: Session,
    model_id: str,
    topics: Sequence[tuple[int | None, np.ndarray, int]],
) -> list[int]:
    """Write (id or None for a new topic, centroid, size) rows; the ids, in order."""
    ids: list[int] = []
    for topic_id, centroid, size in topics:
        row = session.get(Topic, topic_id) if topic_id is not None else None
        if row is None:
            row = Topic(model_id=model_id, label="", size=0, centroid=b"")
            session.add(row)
        row.size = size
        row.centroid = np.asarray(centroid, dtype=np.float32).tobytes()
        session.flush()
        ids.append(row.id)
    return ids


def set_claim_topics(session: Session, topic_of: Mapping[int, int]) -> None:
    """Put each claim (id) into its topic (id)."""
    by_topic: dict[int, list[int]] = {}
    for claim_id, topic_id in topic_of.items():
        by_topic.setdefault(topic_id, []).append(claim_id)
    for topic_id, claim_ids in by_topic.items():
        for chunk in batched(claim_ids, IN_CHUNK):
            session.execute(update(Claim).where(Claim.id.in_(chunk)).values(topic_id=topic_id))
    session.expire_all()


def claim_texts_by_topic(session: Session, topic_ids: Sequence[int]) -> dict[int, list[str]]:
    """The texts of each topic's claims, by claim id (for labelling)."""
    out: dict[int, list[str]] = {t: [] for t in topic_ids}
    for chunk in batched(list(topic_ids), IN_CHUNK):
        stmt = select(Claim.topic_id, Claim.text).where(Claim.topic_id.in_(chunk))
        for topic_id, text in session.execute(stmt.order_by(Claim.id)):
            out[topic_id].append(text)
    return out


def topics_of_claims(
    session: Session, model_id: str, claim_ids: Sequence[int]
) -> list[StoredTopic]:
    """The topics of ``model_id`` holding any of these claims, by id: the candidates a new
    claim may join, found through its nearest stored claims instead of every centroid."""
    topic_ids: set[int] = set()
    for chunk in batched(sorted(set(claim_ids)), IN_CHUNK):
        stmt = select(Claim.topic_id).where(Claim.id.in_(chunk), Claim.topic_id.is_not(None))
        topic_ids.update(session.scalars(stmt.distinct()))
    out: list[StoredTopic] = []
    for chunk in batched(sorted(topic_ids), IN_CHUNK):
        stmt = select(Topic).where(Topic.id.in_(chunk), Topic.model_id == model_id)
        out += [StoredTopic(t.id, t.label, t.size, t.centroid) for t in session.scalars(stmt)]
    return sorted(out, key=lambda t: t.id)


def recent_texts(
    session: Session, topic_ids: Sequence[int], per_topic: int
) -> dict[int, list[str]]:
    """At most ``per_topic`` texts of each topic, its latest claims (by id): a bounded
    sample to label it from, whatever the topic's size."""
    out: dict[int, list[str]] = {}
    for topic_id in topic_ids:
        stmt = (
            select(Claim.text)
            .where(Claim.topic_id == topic_id)
            .order_by(Claim.id.desc())
            .limit(per_topic)
        )
        out[topic_id] = list(session.scalars(stmt))[::-1]
    return out


def other_topics(session: Session, model_id: str, exclude: Sequence[int], limit: int) -> list[int]:
    """Ids of up to ``limit`` other topics of ``model_id`` (the latest): the background a
    c-TF-IDF label is weighed against when not every topic is read."""
    stmt = (
        select(Topic.id)
        .where(Topic.model_id == model_id)
        .order_by(Topic.id.desc())
        .limit(limit + len(exclude))
    )
    skip = set(exclude)
    return [t for t in session.scalars(stmt) if t not in skip][:limit]


def set_labels(session: Session, labels: Mapping[int, str]) -> None:
    for topic_id, label in labels.items():
        session.execute(update(Topic).where(Topic.id == topic_id).values(label=label))


def claim_hashes(session: Session) -> list[tuple[int, str]]:
    """(id, hash of the embedded text) of every claim, by id (to cluster all afresh)."""
    stmt = select(Claim.id, Claim.embed_hash, Claim.text_hash).order_by(Claim.id)
    return [(i, e or h) for i, e, h in session.execute(stmt)]


def clear_topics(session: Session) -> None:
    """Take every claim out of its topic and delete all topics (claims and reviews stay)."""
    session.execute(update(Claim).values(topic_id=None))
    session.execute(delete(Topic))
    session.expire_all()


def topics_with_sizes(session: Session) -> list[TopicRecord]:
    """Topics with their current claim counts, largest first."""
    count = func.count(Claim.id)
    stmt = (
        select(Topic, count)
        .join(Claim, Claim.topic_id == Topic.id, isouter=True)
        .group_by(Topic.id)
        .order_by(count.desc(), Topic.id)
    )
    return [TopicRecord(t.id, t.label, n) for t, n in session.execute(stmt)]
