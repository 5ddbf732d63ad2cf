"""Story rows: find the stories a batch may join, save what the story stage decided, read a
story's claims and articles, record corroborating pairs.

A story is a ``topics`` row (migration 0011): the views that list topics list stories.
Functions take the caller's session and never commit; callers get plain records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    delete,
    func,
    or_,
    select,
    update,
    values,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from store.batching import IN_CHUNK, batched
from store.models import Claim, Corroboration, Source, StoryEntity, Topic

STORIES_PER_ENTITY = 20  # latest stories naming one entity that a new article may join
COMMON_SHARE = 0.05  # entities named by more of the stored articles find no stories


@dataclass
class StoredStory:
    """A story as the grouper reads it (entities: name -> [articles, display form])."""

    id: int
    centroid: np.ndarray
    articles: int
    claims: int
    first: date | None
    last: date | None
    entities: dict[str, list] = field(default_factory=dict)


def _story(t: Topic) -> StoredStory:
    return StoredStory(
        t.id,
        np.frombuffer(t.centroid, dtype=np.float32).copy(),
        t.articles,
        t.size,
        t.first_date,
        t.last_date,
        json.loads(t.entities or "{}"),
    )


def entity_rarity(session: Session, model_id: str, names: Iterable[str]) -> tuple[dict, int]:
    """(articles naming each entity, stored articles in stories) for IDF weights."""
    counts: dict[str, int] = {}
    for chunk in batched(sorted(set(names)), IN_CHUNK):
        stmt = (
            select(StoryEntity.entity, func.sum(StoryEntity.articles))
            .where(StoryEntity.entity.in_(chunk))
            .group_by(StoryEntity.entity)
        )
        counts.update({e: int(n) for e, n in session.execute(stmt)})
    total = session.scalar(select(func.sum(Topic.articles)).where(Topic.model_id == model_id))
    return counts, int(total or 0)


def latest_per_key(
    key: InstrumentedAttribute, row: InstrumentedAttribute, keys: Sequence[object], per_key: int
) -> Select:
    """The ``row`` values (integer ids) of the ``per_key`` rows with the highest ``row`` for
    each of ``keys``, in one query on SQLite and PostgreSQL.

    Each key's ``per_key``-th highest value is found first (an index walk of ``per_key``
    entries, in a materialised CTE so it runs once per key, not once per row), then the rows
    from it up: every read is bounded by ``per_key`` per key, however many rows a key has.
    A ROW_NUMBER() window would number all of a key's rows before keeping ``per_key``.
    """
    wanted = values(column("key", key.type), name="wanted").data([(k,) for k in keys])
    keyed = wanted.cte("wanted")
    older = aliased(key.class_)
    nth = (
        select(getattr(older, row.key))
        .where(getattr(older, key.key) == keyed.c.key)
        .order_by(getattr(older, row.key).desc())
        .offset(per_key - 1)
        .limit(1)
        .scalar_subquery()
    )
    bounds = select(keyed.c.key, func.coalesce(nth, 0).label("lowest"))
    bound = bounds.cte("bounds").prefix_with("MATERIALIZED")
    return select(row).join(bound, and_(key == bound.c.key, row >= bound.c.lowest))


def stories_naming(
    session: Session, model_id: str, names: Iterable[str], df: Mapping[str, int], total: int
) -> list[StoredStory]:
    """The latest stories naming any of these entities, but for entities most stored
    articles name (they tell no story apart): a bounded read whatever the store's size."""
    common = max(20, int(COMMON_SHARE * total))
    wanted = sorted({n for n in names if df.get(n, 0) and df[n] <= common})
    found: dict[int, StoredStory] = {}
    for chunk in batched(wanted, IN_CHUNK):
        ids = latest_per_key(StoryEntity.entity, StoryEntity.topic_id, chunk, STORIES_PER_ENTITY)
        stmt = select(Topic).where(Topic.id.in_(ids), Topic.model_id == model_id)
        found.update((t.id, _story(t)) for t in session.scalars(stmt))
    return [found[k] for k in sorted(found)]


def stories_by_id(session: Session, model_id: str, ids: Iterable[int]) -> list[StoredStory]:
    out: list[StoredStory] = []
    for chunk in batched(sorted(set(ids)), IN_CHUNK):
        stmt = select(Topic).where(Topic.id.in_(chunk), Topic.model_id == model_id)
        out += [_story(t) for t in session.scalars(stmt)]
    return sorted(out, key=lambda s: s.id)


def stories_of_sources(session: Session, source_ids: Iterable[int]) -> dict[int, int]:
    """Story id of each stored article that has one."""
    out: dict[int, int] = {}
    for chunk in batched(sorted(set(source_ids)), IN_CHUNK):
        stmt = select(Source.id, Source.story_id).where(
            Source.id.in_(chunk), Source.story_id.is_not(None)
        )
        out.update({s: t for s, t in session.execute(stmt)})
    return out


def story_claim_ids(session: Session, story_ids: Iterable[int], per_story: int) -> list[int]:
    """The latest ``per_story`` claims of each story: what new claims are compared with."""
    out: list[int] = []
    for chunk in batched(sorted(set(story_ids)), IN_CHUNK):
        out += session.scalars(latest_per_key(Claim.topic_id, Claim.id, chunk, per_story))
    return sorted(out)


def save_story(session: Session, model_id: str, story_id: int | None, **values: object) -> int:
    """Insert (``story_id`` None) or update a story row and its entity counts; its id."""
    row = session.get(Topic, story_id) if story_id is not None else None
    if row is None:
        row = Topic(model_id=model_id, label="", size=0, centroid=b"")
        session.add(row)
    for key, value in values.items():
        setattr(row, key, value)
    session.flush()
    entities: dict[str, list] = json.loads(row.entities or "{}")
    session.execute(delete(StoryEntity).where(StoryEntity.topic_id == row.id))
    session.add_all(
        StoryEntity(entity=name[:200], topic_id=row.id, articles=int(n))
        for name, (n, _) in entities.items()
    )
    return row.id


def set_source_stories(session: Session, story_of: Mapping[int, int]) -> None:
    """Put each article (id) and its claims into its story (id)."""
    by_story: dict[int, list[int]] = {}
    for source_id, story_id in story_of.items():
        by_story.setdefault(story_id, []).append(source_id)
    for story_id, source_ids in by_story.items():
        for chunk in batched(source_ids, IN_CHUNK):
            session.execute(update(Source).where(Source.id.in_(chunk)).values(story_id=story_id))
            session.execute(
                update(Claim).where(Claim.source_id.in_(chunk)).values(topic_id=story_id)
            )


def set_profile(session: Session, source_id: int, profile: str) -> None:
    session.execute(update(Source).where(Source.id == source_id).values(profile=profile))


def story_phrases(session: Session, story_id: int, limit: int) -> list[list[str]]:
    """The title phrases of a story's latest ``limit`` articles (to label it from)."""
    stmt = (
        select(Source.profile)
        .where(Source.story_id == story_id, Source.canonical_id.is_(None))
        .order_by(Source.id.desc())
        .limit(limit)
    )
    return [json.loads(p).get("phrases", []) for p in session.scalars(stmt) if p]


def canonical_sources(session: Session) -> list[Source]:
    """Every canonical article by id (a rebuild reads them all)."""
    stmt = select(Source).where(Source.canonical_id.is_(None)).order_by(Source.id)
    return list(session.scalars(stmt))


def copies_of(session: Session) -> list[tuple[int, int]]:
    """(copy id, canonical id) of every syndicated copy."""
    stmt = select(Source.id, Source.canonical_id).where(Source.canonical_id.is_not(None))
    return [(a, b) for a, b in session.execute(stmt)]


def clear_stories(session: Session) -> None:
    """Take every article and claim out of its story and delete all stories."""
    session.execute(update(Claim).values(topic_id=None))
    session.execute(update(Source).values(story_id=None))
    session.execute(delete(StoryEntity))
    session.execute(delete(Topic))
    session.expire_all()


def add_corroborations(session: Session, pairs: Iterable[tuple[int, int, str]]) -> None:
    """Record claim pairs (lower id first) that state one proposition; known ones stay."""
    wanted = {(a, b): kind for a, b, kind in pairs}
    if not wanted:
        return
    have: set[tuple[int, int]] = set()
    for chunk in batched(sorted({a for a, _ in wanted}), IN_CHUNK):
        stmt = select(Corroboration.claim_a_id, Corroboration.claim_b_id).where(
            Corroboration.claim_a_id.in_(chunk)
        )
        have.update((a, b) for a, b in session.execute(stmt))
    session.add_all(
        Corroboration(claim_a_id=a, claim_b_id=b, kind=kind)
        for (a, b), kind in sorted(wanted.items())
        if (a, b) not in have
    )


@dataclass(frozen=True)
class Corroborating:
    """A claim that corroborates another, with how and where it appeared."""

    claim_id: int
    kind: str
    source_id: int
    outlet: str | None
    published: date | None
    path: str


def corroborating(session: Session, claim_id: int) -> list[Corroborating]:
    """Each claim recorded as corroborating ``claim_id``, by id."""
    out = []
    for mine, other in (
        (Corroboration.claim_a_id, Corroboration.claim_b_id),
        (Corroboration.claim_b_id, Corroboration.claim_a_id),
    ):
        stmt = (
            select(other, Corroboration.kind, Source.id, Source.outlet, Source.published)
            .add_columns(Source.path)
            .join(Claim, Claim.id == other)
            .join(Source, Source.id == Claim.source_id)
            .where(mine == claim_id)
        )
        out += [Corroborating(*row) for row in session.execute(stmt)]
    return sorted(out, key=lambda r: r.claim_id)


def known_pairs(session: Session, claim_ids: Sequence[int]) -> set[tuple[int, int]]:
    """Corroborating pairs already recorded among these claims' (not scored again)."""
    out: set[tuple[int, int]] = set()
    for chunk in batched(sorted(set(claim_ids)), IN_CHUNK):
        stmt = select(Corroboration.claim_a_id, Corroboration.claim_b_id).where(
            Corroboration.claim_a_id.in_(chunk) | Corroboration.claim_b_id.in_(chunk)
        )
        out.update((a, b) for a, b in session.execute(stmt))
    return out


def claim_stories(session: Session, claim_ids: Iterable[int]) -> dict[int, int]:
    """Story id of each of these claims that has one."""
    out: dict[int, int] = {}
    for chunk in batched(sorted(set(claim_ids)), IN_CHUNK):
        stmt = select(Claim.id, Claim.topic_id).where(
            Claim.id.in_(chunk), Claim.topic_id.is_not(None)
        )
        out.update({c: t for c, t in session.execute(stmt)})
    return out


def claim_counts(session: Session) -> dict[int, int]:
    """Claims of each article that has any (a rebuild sizes every story)."""
    stmt = select(Claim.source_id, func.count(Claim.id)).group_by(Claim.source_id)
    return {s: int(n) for s, n in session.execute(stmt)}


def _story_date(source: type[Source], column: object) -> ColumnElement:
    return select(column).where(Topic.id == source.story_id).scalar_subquery()


def dated_between(
    source: type[Source], since: date | None, until: date | None
) -> ColumnElement[bool]:
    """Whether an article (``source``, maybe aliased) falls within ``since``..``until``
    (inclusive): its published date, or where it states none, its story's stated dates
    (the range overlaps the window)."""
    own, story = [], []
    if since is not None:
        own.append(source.published >= since)
        story.append(_story_date(source, Topic.last_date) >= since)
    if until is not None:
        own.append(source.published <= until)
        story.append(_story_date(source, Topic.first_date) <= until)
    return or_(
        and_(source.published.is_not(None), *own),
        and_(source.published.is_(None), source.story_id.is_not(None), *story),
    )
