"""Read queries for reports, listings and checks. Take a session, never commit.

Results are plain records (``store.records``), never rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload

from store import convert
from store.models import Claim, Contradiction, Source, Topic
from store.records import ClaimRecord, PairRecord, SourceListing
from store.stories import dated_between

_PAIR_LOADS = (
    joinedload(Contradiction.claim_a).joinedload(Claim.source),
    joinedload(Contradiction.claim_b).joinedload(Claim.source),
    joinedload(Contradiction.claim_a).joinedload(Claim.topic),
    joinedload(Contradiction.claim_b).joinedload(Claim.topic),
)


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
    until: date | None = None,
) -> list[PairRecord]:
    """Flagged pairs, highest score first (ties by id), with claims, sources and topics.

    Filters: ``status``/``statuses`` (any of), a topic (id, or a piece of its label) of
    either claim, an outlet (a piece of its name, any case) of either source, a published
    date within ``since``..``until`` of either source (an undated one's: its story's dates),
    and a minimum score.
    """
    stmt = (
        select(Contradiction)
        .options(*_PAIR_LOADS)
        .order_by(Contradiction.score.desc(), Contradiction.id)
    )
    wanted = [*statuses, *([status] if status else [])]
    if wanted:
        stmt = stmt.where(Contradiction.status.in_(wanted))
    if min_score is not None:
        stmt = stmt.where(Contradiction.score >= min_score)
    if topic_id is not None or topic_label or outlet or since is not None or until is not None:
        stmt = _filter_by_claims(stmt, topic_id, topic_label, outlet, since, until)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [convert.pair(c) for c in session.scalars(stmt).unique()]


def _filter_by_claims(
    stmt: Select,
    topic_id: int | None,
    topic_label: str | None,
    outlet: str | None,
    since: date | None,
    until: date | None = None,
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
    if since is not None or until is not None:
        stmt = stmt.where(
            or_(dated_between(source_a, since, until), dated_between(source_b, since, until))
        )
    return stmt


def _like(text: str) -> str:
    """``text`` with LIKE wildcards escaped, so it matches literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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


def pair(session: Session, pair_id: int) -> PairRecord | None:
    row = session.get(Contradiction, pair_id, options=_PAIR_LOADS)
    return convert.pair(row) if row is not None else None


def pairs_of_ingest(session: Session, ingest_id: int) -> list[PairRecord]:
    """The contradictions one ingest run flagged, by id."""
    stmt = (
        select(Contradiction)
        .options(*_PAIR_LOADS)
        .where(Contradiction.ingest_id == ingest_id)
        .order_by(Contradiction.id)
    )
    return [convert.pair(c) for c in session.scalars(stmt).unique()]


def dismissed_text_pairs(session: Session) -> set[frozenset[str]]:
    """Text-hash pairs reviewers dismissed: a restated dismissed pair is not reported."""
    a, b = aliased(Claim), aliased(Claim)
    stmt = (
        select(a.text_hash, b.text_hash)
        .select_from(Contradiction)
        .join(a, Contradiction.claim_a_id == a.id)
        .join(b, Contradiction.claim_b_id == b.id)
        .where(Contradiction.status == "dismissed")
    )
    return {frozenset(row) for row in session.execute(stmt)}


def claim(session: Session, claim_id: int) -> ClaimRecord | None:
    options = (joinedload(Claim.source), joinedload(Claim.topic))
    row = session.get(Claim, claim_id, options=options)
    return convert.claim(row) if row is not None else None


def claims(session: Session, source_id: int | None = None) -> list[ClaimRecord]:
    """Every claim (or one source's), by id."""
    stmt = select(Claim).options(joinedload(Claim.source), joinedload(Claim.topic))
    if source_id is not None:
        stmt = stmt.where(Claim.source_id == source_id)
    return [convert.claim(c) for c in session.scalars(stmt.order_by(Claim.id))]


def source_exists(session: Session, source_id: int) -> bool:
    return session.get(Source, source_id) is not None


def sources(session: Session) -> list[SourceListing]:
    """Canonical articles by id, each with its claim count and its copies."""
    claim_count = select(func.count(Claim.id)).where(Claim.source_id == Source.id).scalar_subquery()
    stmt = select(Source, claim_count).where(Source.canonical_id.is_(None)).order_by(Source.id)
    copies: dict[int, list[Source]] = {}
    copy_stmt = select(Source).where(Source.canonical_id.is_not(None)).order_by(Source.id)
    for row in session.scalars(copy_stmt):
        copies.setdefault(row.canonical_id or 0, []).append(row)
    return [
        SourceListing(
            convert.source(s), int(n), tuple(convert.source(c) for c in copies.get(s.id, []))
        )
        for s, n in session.execute(stmt)
    ]
