"""Reads for the review desk (``claims serve``): the filtered, paged queue and its counts,
neighbours in queue order, search, and the pages around a pair. Never commit.

Also ``transaction``, the one place the web app gets a session, so claims.web itself never
imports SQLAlchemy. Results are plain records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload

from store import convert
from store.models import Claim, Contradiction, Source, Topic
from store.records import ClaimRecord, PairRecord, SourceRecord, TopicRecord
from store.stories import dated_between

_PAIR_LOADS = (
    joinedload(Contradiction.claim_a).joinedload(Claim.source),
    joinedload(Contradiction.claim_b).joinedload(Claim.source),
    joinedload(Contradiction.claim_a).joinedload(Claim.topic),
    joinedload(Contradiction.claim_b).joinedload(Claim.topic),
)
_CLAIM_LOADS = (joinedload(Claim.source), joinedload(Claim.topic))


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed when the block ends, rolled back on error."""
    with Session(engine) as session, session.begin():
        yield session


@dataclass(frozen=True)
class QueueFilter:
    """Which pairs the queue shows; every field optional, all must match.

    A topic, outlet or date matches when either claim (or its source) does; ``outlet`` is a
    piece of the outlet's name, any case; dates are inclusive.
    """

    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    topic_id: int | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    min_score: float | None = None
    max_score: float | None = None
    ascending: bool = False  # lowest score first
    by_story: bool = False  # grouped by the story (topic) of claim A, newest story first


_CA, _CB = aliased(Claim, name="queue_a"), aliased(Claim, name="queue_b")
_SA, _SB = aliased(Source, name="queue_sa"), aliased(Source, name="queue_sb")
_story = func.coalesce(_CA.topic_id, 0)  # a pair's story in the grouped queue; 0: none


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filtered(stmt: Select, f: QueueFilter) -> Select:
    if f.statuses:
        stmt = stmt.where(Contradiction.status.in_(f.statuses))
    if f.kinds:
        stmt = stmt.where(Contradiction.kind.in_(f.kinds))
    if f.min_score is not None:
        stmt = stmt.where(Contradiction.score >= f.min_score)
    if f.max_score is not None:
        stmt = stmt.where(Contradiction.score <= f.max_score)
    if (
        not f.by_story
        and f.topic_id is None
        and not f.outlet
        and f.since is None
        and f.until is None
    ):
        return stmt
    ca, cb, sa, sb = _CA, _CB, _SA, _SB
    stmt = (
        stmt.join(ca, Contradiction.claim_a_id == ca.id)
        .join(cb, Contradiction.claim_b_id == cb.id)
        .join(sa, ca.source_id == sa.id)
        .join(sb, cb.source_id == sb.id)
    )
    if f.topic_id is not None:
        stmt = stmt.where(or_(ca.topic_id == f.topic_id, cb.topic_id == f.topic_id))
    if f.outlet:
        pattern = _like(f.outlet)
        stmt = stmt.where(
            or_(sa.outlet.ilike(pattern, escape="\\"), sb.outlet.ilike(pattern, escape="\\"))
        )
    if f.since is not None or f.until is not None:
        stmt = stmt.where(
            or_(dated_between(sa, f.since, f.until), dated_between(sb, f.since, f.until))
        )
    return stmt


def _ordered(stmt: Select, f: QueueFilter) -> Select:
    score = Contradiction.score.asc() if f.ascending else Contradiction.score.desc()
    if f.by_story:
        return stmt.order_by(_story.desc(), score, Contradiction.id)
    return stmt.order_by(score, Contradiction.id)


def queue_page(
    session: Session, f: QueueFilter, offset: int, limit: int
) -> tuple[list[PairRecord], int]:
    """One page of the queue in score order (ties by id), and how many pairs match."""
    total = count(session, f)
    stmt = _ordered(_filtered(select(Contradiction).options(*_PAIR_LOADS), f), f)
    rows = session.scalars(stmt.offset(offset).limit(limit)).unique()
    return [convert.pair(r) for r in rows], total


def count(session: Session, f: QueueFilter, pair_id: int | None = None) -> int:
    """How many pairs match ``f`` (with ``pair_id``: 1 when that pair does, else 0)."""
    stmt = _filtered(select(func.count(Contradiction.id)), f)
    if pair_id is not None:
        stmt = stmt.where(Contradiction.id == pair_id)
    return int(session.scalar(stmt) or 0)


def neighbours(
    session: Session, f: QueueFilter, pair: PairRecord
) -> tuple[int | None, int | None, int]:
    """The pairs before and after ``pair`` in queue order (it need not match ``f`` any
    more, say once confirmed in an "open" queue), and how many come before it."""
    s, i = pair.score, pair.id
    c = Contradiction
    after_score = c.score > s if f.ascending else c.score < s
    before_score = c.score < s if f.ascending else c.score > s
    later = or_(after_score, and_(c.score == s, c.id > i))
    earlier = or_(before_score, and_(c.score == s, c.id < i))
    back = [c.score.desc() if f.ascending else c.score.asc(), c.id.desc()]
    if f.by_story:  # stories newest first, then score order within each
        story = pair.claim_a.topic.id if pair.claim_a.topic else 0
        later = or_(_story < story, and_(_story == story, later))
        earlier = or_(_story > story, and_(_story == story, earlier))
        back.insert(0, _story.asc())
    base = _filtered(select(c.id), f)
    nxt = session.scalar(_ordered(base.where(later), f).limit(1))
    prev = session.scalar(base.where(earlier).order_by(*back).limit(1))
    before = session.scalar(_filtered(select(func.count(c.id)), f).where(earlier)) or 0
    return prev, nxt, int(before)


def status_counts(session: Session) -> dict[str, int]:
    """Every stored pair by status (they add up to ``claims stats``' contradictions)."""
    stmt = select(Contradiction.status, func.count(Contradiction.id)).group_by(Contradiction.status)
    return {status: int(n) for status, n in session.execute(stmt)}


def filter_choices(session: Session) -> tuple[list[str], list[str], list[TopicRecord]]:
    """Kinds of stored pairs, outlets of their sources, topics of their claims (for menus)."""
    kinds = list(
        session.scalars(select(Contradiction.kind).distinct().order_by(Contradiction.kind))
    )
    in_pairs = select(Contradiction.claim_a_id).union(select(Contradiction.claim_b_id))
    claims = select(Claim.source_id, Claim.topic_id).where(Claim.id.in_(in_pairs)).subquery()
    outlets = session.scalars(
        select(Source.outlet)
        .distinct()
        .where(Source.id.in_(select(claims.c.source_id)), Source.outlet.is_not(None))
        .order_by(Source.outlet)
    )
    topics = session.scalars(
        select(Topic).where(Topic.id.in_(select(claims.c.topic_id))).order_by(Topic.label)
    )
    return kinds, list(outlets), [TopicRecord(t.id, t.label, t.size) for t in topics]


def pairs_with_claims(session: Session, claim_ids: Sequence[int]) -> list[PairRecord]:
    """Every pair either claim of ``claim_ids`` is in, highest score first."""
    ids = list(claim_ids)
    stmt = (
        select(Contradiction)
        .options(*_PAIR_LOADS)
        .where(or_(Contradiction.claim_a_id.in_(ids), Contradiction.claim_b_id.in_(ids)))
        .order_by(Contradiction.score.desc(), Contradiction.id)
    )
    return [convert.pair(r) for r in session.scalars(stmt).unique()]


def search_claims(
    session: Session, text: str, offset: int, limit: int
) -> tuple[list[ClaimRecord], int]:
    """Claims whose text contains ``text`` (any case, taken literally), by id; and a count."""
    where = Claim.text.ilike(_like(text), escape="\\")
    total = session.scalar(select(func.count(Claim.id)).where(where)) or 0
    stmt = select(Claim).options(*_CLAIM_LOADS).where(where).order_by(Claim.id)
    rows = session.scalars(stmt.offset(offset).limit(limit))
    return [convert.claim(c) for c in rows], int(total)


def topic(session: Session, topic_id: int) -> TopicRecord | None:
    row = session.get(Topic, topic_id)
    if row is None:
        return None
    size = session.scalar(select(func.count(Claim.id)).where(Claim.topic_id == topic_id)) or 0
    return TopicRecord(row.id, row.label, int(size))


def claims_of_topic(session: Session, topic_id: int) -> list[ClaimRecord]:
    stmt = select(Claim).options(*_CLAIM_LOADS).where(Claim.topic_id == topic_id)
    return [convert.claim(c) for c in session.scalars(stmt.order_by(Claim.id))]


def source_text(session: Session, source_id: int) -> tuple[SourceRecord, str] | None:
    """A stored article and its full text (a copy's text is its canonical article's)."""
    row = session.get(Source, source_id)
    return (convert.source(row), row.text) if row is not None else None


def copies_of(session: Session, source_id: int) -> list[SourceRecord]:
    """The syndicated copies folded into the canonical article ``source_id``."""
    stmt = select(Source).where(Source.canonical_id == source_id).order_by(Source.id)
    return [convert.source(s) for s in session.scalars(stmt)]


def pairs_per_topic(session: Session) -> dict[int, int]:
    """How many pairs have a claim in each topic (a pair across two topics counts in both)."""
    seen: set[tuple[int, int]] = set()
    for side in (Contradiction.claim_a_id, Contradiction.claim_b_id):
        stmt = (
            select(Claim.topic_id, Contradiction.id)
            .join(Claim, side == Claim.id)
            .where(Claim.topic_id.is_not(None))
        )
        seen.update((t, p) for t, p in session.execute(stmt))
    out: dict[int, int] = {}
    for topic_id, _ in seen:
        out[topic_id] = out.get(topic_id, 0) + 1
    return out
