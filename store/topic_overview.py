"""Topics as a reader browses them: each with its articles, outlets, dates and flag counts.

A topic is whatever ``claims.topic_id`` points at (a story, once claims take their article's
story as their topic); everything here is read from the topics, claims, sources and
contradictions tables, so it holds for either. A pair counts in the topic of each of its
claims (once, when both share one), as on the desk. Aggregated in SQL, one query per figure,
never one per topic. Functions take the caller's session and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, case, func, select, union
from sqlalchemy.orm import Session

from store.models import Claim, Contradiction, Source, Topic
from store.records import PAIR_STATUSES


@dataclass(frozen=True)
class TopicOverview:
    """One topic (story) for a listing: its size, where it was published, when, its flags.

    ``first``/``last`` span the published dates its articles state (None when none does);
    ``undated`` counts its articles whose date is unknown. ``outlets`` include those of the
    syndicated copies folded into its articles.
    """

    id: int
    label: str
    claims: int = 0
    articles: int = 0
    outlets: tuple[str, ...] = ()
    first: date | None = None
    last: date | None = None
    undated: int = 0
    flags: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PAIR_STATUSES, 0))

    @property
    def open(self) -> int:
        return self.flags.get("open", 0)


def _only(stmt: Select, column, topic_ids: Sequence[int] | None) -> Select:  # noqa: ANN001
    return stmt if topic_ids is None else stmt.where(column.in_(list(topic_ids)))


def topic_overview(session: Session, topic_ids: Sequence[int] | None = None) -> list[TopicOverview]:
    """Every topic (or those of ``topic_ids``) with its figures: most open flags first, then
    most flags, most articles, lowest id."""
    topics = session.execute(_only(select(Topic.id, Topic.label), Topic.id, topic_ids)).all()
    if not topics:
        return []
    sizes = {t: (n, a) for t, n, a in session.execute(_sizes(topic_ids))}
    dates = {t: (lo, hi, u) for t, lo, hi, u in session.execute(_dates(topic_ids))}
    outlets: dict[int, set[str]] = {}
    for topic_id, outlet in session.execute(_outlets(topic_ids)):
        outlets.setdefault(topic_id, set()).add(outlet)
    flags: dict[int, dict[str, int]] = {}
    for topic_id, status, n in session.execute(_flags(topic_ids)):
        flags.setdefault(topic_id, dict.fromkeys(PAIR_STATUSES, 0))[status] = int(n)
    out = [
        TopicOverview(
            id=topic_id,
            label=label or "",
            claims=int(sizes.get(topic_id, (0, 0))[0]),
            articles=int(sizes.get(topic_id, (0, 0))[1]),
            outlets=tuple(sorted(outlets.get(topic_id, ()), key=str.casefold)),
            first=dates.get(topic_id, (None, None, 0))[0],
            last=dates.get(topic_id, (None, None, 0))[1],
            undated=int(dates.get(topic_id, (None, None, 0))[2] or 0),
            flags=flags.get(topic_id, dict.fromkeys(PAIR_STATUSES, 0)),
        )
        for topic_id, label in topics
    ]
    return sorted(out, key=lambda t: (-t.open, -sum(t.flags.values()), -t.articles, t.id))


def _sizes(topic_ids: Sequence[int] | None) -> Select:
    """(topic, claims, articles) of every topic with claims."""
    stmt = select(Claim.topic_id, func.count(Claim.id), func.count(func.distinct(Claim.source_id)))
    stmt = stmt.where(Claim.topic_id.is_not(None)).group_by(Claim.topic_id)
    return _only(stmt, Claim.topic_id, topic_ids)


def _articles(topic_ids: Sequence[int] | None):  # noqa: ANN202 - a subquery
    """The distinct (topic, article) pairs: an article belongs to each topic of its claims."""
    stmt = select(Claim.topic_id, Claim.source_id).where(Claim.topic_id.is_not(None))
    return _only(stmt, Claim.topic_id, topic_ids).distinct().subquery()


def _dates(topic_ids: Sequence[int] | None) -> Select:
    """(topic, first, last published date, articles without one)."""
    arts = _articles(topic_ids)
    undated = func.sum(case((Source.published.is_(None), 1), else_=0))
    return (
        select(arts.c.topic_id, func.min(Source.published), func.max(Source.published), undated)
        .join(Source, Source.id == arts.c.source_id)
        .group_by(arts.c.topic_id)
    )


def _outlets(topic_ids: Sequence[int] | None) -> Select:
    """(topic, outlet) of its articles and of the copies folded into them."""
    arts = _articles(topic_ids)
    own = select(arts.c.topic_id, Source.outlet).join(Source, Source.id == arts.c.source_id)
    copies = select(arts.c.topic_id, Source.outlet).join(
        Source, Source.canonical_id == arts.c.source_id
    )
    both = union(own, copies).subquery()
    return select(both.c.topic_id, both.c.outlet).where(both.c.outlet.is_not(None)).distinct()


def _flags(topic_ids: Sequence[int] | None) -> Select:
    """(topic, status, pairs): a pair counts once in each topic either of its claims is in."""
    sides = [
        select(Claim.topic_id, Contradiction.id, Contradiction.status)
        .join(Claim, side == Claim.id)
        .where(Claim.topic_id.is_not(None))
        for side in (Contradiction.claim_a_id, Contradiction.claim_b_id)
    ]
    pairs = union(*(_only(s, Claim.topic_id, topic_ids) for s in sides)).subquery()
    return select(pairs.c.topic_id, pairs.c.status, func.count()).group_by(
        pairs.c.topic_id, pairs.c.status
    )
