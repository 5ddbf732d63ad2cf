"""Queries over the store. Every function takes a session and never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload

from store.models import Claim, Contradiction, Embedding, Source, Topic


def source_by_hash(session: Session, content_hash: str) -> list[Source]:
    """Stored articles with this content hash (the canonical one first)."""
    rows = session.scalars(select(Source).where(Source.content_hash == content_hash))
    return sorted(rows, key=lambda s: (s.canonical_id is not None, s.id))


def canonical_sources(session: Session) -> list[tuple[int, str]]:
    """(id, text) of every canonical article, by id, for near-duplicate detection."""
    stmt = select(Source.id, Source.text).where(Source.canonical_id.is_(None)).order_by(Source.id)
    return [(i, t) for i, t in session.execute(stmt)]


def embeddings_for(session: Session, model_id: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    """Stored vectors of ``model_id`` for the given text hashes."""
    wanted = list(dict.fromkeys(hashes))
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        stmt = select(Embedding.text_hash, Embedding.vector).where(
            Embedding.model_id == model_id, Embedding.text_hash.in_(chunk)
        )
        for text_hash, blob in session.execute(stmt):
            found[text_hash] = np.frombuffer(blob, dtype=np.float32)
    return found


def add_embeddings(
    session: Session, model_id: str, hashes: Sequence[str], vectors: np.ndarray
) -> None:
    """Store one vector per hash (float32 bytes, with the model id)."""
    session.add_all(
        Embedding(model_id=model_id, text_hash=h, dim=int(v.shape[0]), vector=v.tobytes())
        for h, v in zip(hashes, vectors.astype(np.float32), strict=True)
    )


def topics_for_model(session: Session, model_id: str) -> list[Topic]:
    return list(session.scalars(select(Topic).where(Topic.model_id == model_id).order_by(Topic.id)))


def claim_texts_by_topic(session: Session, topic_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {t: [] for t in topic_ids}
    stmt = select(Claim.topic_id, Claim.text).where(Claim.topic_id.in_(topic_ids))
    for topic_id, text in session.execute(stmt.order_by(Claim.id)):
        out[topic_id].append(text)
    return out


def all_claims(session: Session) -> list[Claim]:
    """Every claim, by id (with its source loaded), for candidate search."""
    stmt = select(Claim).options(joinedload(Claim.source)).order_by(Claim.id)
    return list(session.scalars(stmt))


def known_pairs(session: Session, claim_ids: Iterable[int]) -> set[tuple[int, int]]:
    """Stored contradiction pairs (any status) touching the given claims."""
    ids = list(claim_ids)
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = select(Contradiction.claim_a_id, Contradiction.claim_b_id).where(
            Contradiction.claim_a_id.in_(chunk) | Contradiction.claim_b_id.in_(chunk)
        )
        pairs.update((a, b) for a, b in session.execute(stmt))
    return pairs


def contradictions(
    session: Session,
    limit: int | None = None,
    status: str | None = None,
    *,
    statuses: Sequence[str] = (),
    topic_id: int | None = None,
    topic_label: str | None = None,
    outlet: str | None = None,
    since: date | None = None,
    min_score: float | None = None,
) -> list[Contradiction]:
    """Flagged pairs, highest score first (ties by id), with claims, sources and topics.

    Filters: ``status``/``statuses`` (any of), a topic (id, or a piece of its label) of
    either claim, an outlet (a piece of its name, any case) of either source, a published
    date on or after ``since`` of either source, and a minimum score.
    """
    stmt = (
        select(Contradiction)
        .options(
            joinedload(Contradiction.claim_a).joinedload(Claim.source),
            joinedload(Contradiction.claim_b).joinedload(Claim.source),
            joinedload(Contradiction.claim_a).joinedload(Claim.topic),
        )
        .order_by(Contradiction.score.desc(), Contradiction.id)
    )
    wanted = [*statuses, *([status] if status else [])]
    if wanted:
        stmt = stmt.where(Contradiction.status.in_(wanted))
    if min_score is not None:
        stmt = stmt.where(Contradiction.score >= min_score)
    if topic_id is not None or topic_label or outlet or since is not None:
        stmt = _filter_by_claims(stmt, topic_id, topic_label, outlet, since)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt).unique())


def _filter_by_claims(
    stmt: Select,
    topic_id: int | None,
    topic_label: str | None,
    outlet: str | None,
    since: date | None,
) -> Select:
    """Restrict to pairs where either claim (or its source) matches each filter."""
    claim_a, claim_b = aliased(Claim), aliased(Claim)
    source_a, source_b = aliased(Source), aliased(Source)
    stmt = (
        stmt.join(claim_a, Contradiction.claim_a_id == claim_a.id)
        .join(claim_b, Contradiction.claim_b_id == claim_b.id)
        .join(source_a, claim_a.source_id == source_a.id)
        .join(source_b, claim_b.source_id == source_b.id)
    )
    if topic_id is not None:
        stmt = stmt.where(or_(claim_a.topic_id == topic_id, claim_b.topic_id == topic_id))
    if topic_label:
        labelled = select(Topic.id).where(Topic.label.ilike(f"%{_like(topic_label)}%", escape="\\"))
        stmt = stmt.where(or_(claim_a.topic_id.in_(labelled), claim_b.topic_id.in_(labelled)))
    if outlet:
        pattern = f"%{_like(outlet)}%"
        stmt = stmt.where(
            or_(
                source_a.outlet.ilike(pattern, escape="\\"),
                source_b.outlet.ilike(pattern, escape="\\"),
            )
        )
    if since is not None:
        stmt = stmt.where(or_(source_a.published >= since, source_b.published >= since))
    return stmt


def _like(text: str) -> str:
    """``text`` with LIKE wildcards escaped, so it matches literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def topics_with_sizes(session: Session) -> list[tuple[Topic, int]]:
    """Topics with their current claim counts, largest first."""
    count = func.count(Claim.id)
    stmt = (
        select(Topic, count)
        .join(Claim, Claim.topic_id == Topic.id, isouter=True)
        .group_by(Topic.id)
        .order_by(count.desc(), Topic.id)
    )
    return [(t, n) for t, n in session.execute(stmt)]


def counts(session: Session) -> dict[str, int]:
    """How many sources (canonical and copies), claims, topics and contradictions are stored."""

    def n(stmt) -> int:  # noqa: ANN001
        return int(session.scalar(stmt) or 0)

    return {
        "sources": n(select(func.count(Source.id)).where(Source.canonical_id.is_(None))),
        "copies": n(select(func.count(Source.id)).where(Source.canonical_id.is_not(None))),
        "claims": n(select(func.count(Claim.id))),
        "topics": n(select(func.count(Topic.id))),
        "contradictions": n(select(func.count(Contradiction.id))),
    }


def copies_of(session: Session, source_id: int) -> list[Source]:
    stmt = select(Source).where(Source.canonical_id == source_id).order_by(Source.id)
    return list(session.scalars(stmt))
