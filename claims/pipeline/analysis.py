"""Write the story step's decisions, and rebuild every story (``claims retopic``).

The decisions are made by the story stage on plain data (``claims.stories``,
``claims.pipeline.stories``); this module writes them: each touched story's row (centroid,
dates, entities, size, label), each article's story (its claims' topic), the articles'
profiles and title-and-lede vectors, so a rebuild needs no model for stored articles.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from sqlalchemy.orm import Session

from claims.errors import NotFound
from claims.pipeline.stories import StoryPlan, lede_hash, plan_stories
from claims.stories.label import story_label
from claims.stories.profile import ArticleProfile, StoryProfiler
from claims.types import Article
from claims.words import noun, plural
from store import ingest as store
from store import stories as story_store
from store import topics as topic_store
from store.models import Source

LABEL_SAMPLE = 50  # latest articles of a story its label's phrase is read from


def write_stories(
    session: Session,
    model_id: str,
    plan: StoryPlan,
    articles: Mapping[int, Article],
    source_ids: Sequence[int],
    new_claims: Mapping[int, int],
) -> int:
    """Store ``plan`` for the planned articles (plan index -> stored id); new stories."""
    ids: dict[int, int] = {}
    added = 0
    for index in plan.touched():
        state = plan.states[index]
        claims = plan.claims.get(index, 0)
        claims += sum(new_claims.get(n, 0) for n, i in plan.story_of.items() if i == index)
        entities = {k: [n, state.display.get(k, k)] for k, n in sorted(state.entities.items())}
        ids[index] = story_store.save_story(
            session,
            model_id,
            state.id,
            centroid=np.asarray(state.centroid, dtype=np.float32).tobytes(),
            size=claims,
            articles=state.articles,
            first_date=state.first,
            last_date=state.last,
            entities=json.dumps(entities, ensure_ascii=False),
        )
        added += state.id is None
    story_of = {source_ids[n]: ids[i] for n, i in plan.story_of.items()}
    story_of.update({source_ids[n]: s for n, s in plan.copy_story.items()})
    story_store.set_source_stories(session, story_of)
    _write_profiles(session, model_id, plan.profiles, articles, source_ids)
    labels = {
        ids[i]: story_label(
            plan.states[i], plan.rarity, story_store.story_phrases(session, ids[i], LABEL_SAMPLE)
        )
        for i in ids
    }
    topic_store.set_labels(session, labels)
    return added


def _write_profiles(
    session: Session,
    model_id: str,
    profiles: Mapping[int, ArticleProfile],
    articles: Mapping[int, Article],
    source_ids: Sequence[int],
) -> None:
    """Each profiled article's profile, and its title-and-lede vector when not stored."""
    hashes = {n: lede_hash(articles[n]) for n in profiles}
    have = store.embeddings_for(session, model_id, hashes.values())
    todo: dict[str, np.ndarray] = {}
    for n, profile in profiles.items():
        story_store.set_profile(session, source_ids[n], json.dumps(profile.to_json()))
        if hashes[n] not in have:
            todo.setdefault(hashes[n], profile.vector)
    if todo:
        store.add_embeddings(session, model_id, list(todo), np.stack(list(todo.values())))


def rebuild_topics(
    session: Session, model_id: str, profiler: Callable[[], StoryProfiler]
) -> tuple[int, int]:
    """Group every stored article into stories afresh: (claims, stories).

    Story ids change; claims, contradictions and every review verdict stay as they are.
    Stored profiles and vectors are reused; ``profiler`` (built only when needed) reads
    the articles stored before stories existed.
    """
    claims = topic_store.claim_hashes(session)
    found = store.embeddings_for(session, model_id, [h for _, h in claims])
    missing_vectors = sum(h not in found for _, h in claims)
    if missing_vectors:
        have = f"{plural(missing_vectors, 'claim')} {noun(missing_vectors, 'has', 'have')}"
        raise NotFound(f"{have} no vector of {model_id!r}; ingest with it first")
    sources = story_store.canonical_sources(session)
    articles = {n: _article(s) for n, s in enumerate(sources)}
    hashes = {n: lede_hash(a) for n, a in articles.items()}
    vectors = store.embeddings_for(session, model_id, hashes.values())
    profiles: dict[int, ArticleProfile] = {}
    missing = []
    for n, source in enumerate(sources):
        if source.profile and hashes[n] in vectors:
            data = json.loads(source.profile)
            profiles[n] = ArticleProfile.from_json(vectors[hashes[n]], data)
        else:
            missing.append(n)
    if missing:
        found = profiler().profile([articles[n] for n in missing])
        profiles.update(zip(missing, found, strict=True))
    story_store.clear_stories(session)
    if not sources:
        return 0, 0
    plan = plan_stories(profiles, [], {}, 0)
    head_of = dict(story_store.copies_of(session))
    counts = story_store.claim_counts(session)
    ids = [s.id for s in sources]
    write_stories(
        session, model_id, plan, articles, ids, dict(enumerate(counts.get(i, 0) for i in ids))
    )
    stories = story_store.stories_of_sources(session, ids)
    story_store.set_source_stories(
        session, {c: stories[h] for c, h in head_of.items() if h in stories}
    )
    return sum(counts.values()), len(set(stories.values()))


def _article(source: Source) -> Article:
    """A stored article as the profiler reads it."""
    return Article(
        source.text,
        source.path,
        title=source.title,
        outlet=source.outlet,
        published=source.published,
        published_approx=source.published_approx,
    )
