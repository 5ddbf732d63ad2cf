"""The stories a batch may join and the stored claims it is compared with are read with one
query per chunk of keys, on both engines, and keep their bounds: the latest stories naming
each entity, the latest claims of each story.

Why: these reads ran one query per entity and one per story; a batch naming hundreds of
entities paid hundreds of round trips. The rows must be exactly those of the per-key reads.
"""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from store import stories as story_store
from store.models import Claim, Ingest, Source, StoryEntity, Topic

NAMES = [f"entity {n}" for n in range(8)]


def _fill(session: Session, seed: int) -> None:
    """Stories of two models naming random entities; claims of random stories, interleaved
    as batches add them (one story's claims are not consecutive ids)."""
    rng = random.Random(seed)
    session.add(Ingest(id=1, started_at=datetime(2026, 1, 1)))
    session.flush()
    for story in range(1, 31):
        model = "m" if story % 7 else "other"
        session.add(Topic(id=story, model_id=model, label="", size=0, centroid=b"\0" * 4))
    session.flush()
    for story in range(1, 31):
        for name in rng.sample(NAMES, rng.randint(0, 3)):
            session.add(StoryEntity(entity=name, topic_id=story, articles=1))
    for n in range(1, 41):
        session.add(Source(id=n, ingest_id=1, path=f"{n}.txt", content_hash=f"{n:064}", text="x"))
    session.flush()
    for n in range(1, 301):
        story = rng.choice([1, 2, 2, 3, 3, 3, *range(4, 31), None])
        source = rng.randint(1, 40)
        session.add(Claim(id=n, source_id=source, text="x", text_hash="h", start=n, end=n + 1))
        session.flush()  # ids in order, as ingests add them
        session.execute(update(Claim).where(Claim.id == n).values(topic_id=story))


def _latest_claims(session: Session, story_ids: list[int], per_story: int) -> list[int]:
    rows = session.execute(select(Claim.id, Claim.topic_id)).all()
    out: list[int] = []
    for story in set(story_ids):
        out += sorted((c for c, t in rows if t == story), reverse=True)[:per_story]
    return sorted(out)


def _latest_stories(session: Session, names: list[str], per_entity: int) -> list[int]:
    rows = session.execute(select(StoryEntity.entity, StoryEntity.topic_id)).all()
    ids: set[int] = set()
    for name in names:
        ids.update(sorted((t for e, t in rows if e == name), reverse=True)[:per_entity])
    models = {i: m for i, m in session.execute(select(Topic.id, Topic.model_id))}
    return sorted(i for i in ids if models[i] == "m")


@pytest.mark.parametrize("seed", [0, 1])
def test_the_latest_claims_of_each_story_in_one_query_per_chunk(
    engine: Engine, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(story_store, "IN_CHUNK", 4)  # several chunks of stories
    with Session(engine) as session, session.begin():
        _fill(session, seed)
        asked = [1, 2, 3, 5, 8, 13, 21, 29, 2]
        for per_story in (1, 3, 40, 1000):
            got = story_store.story_claim_ids(session, asked, per_story)
            assert got == _latest_claims(session, asked, per_story), per_story
        big = story_store.story_claim_ids(session, [3], 4)
        assert len(big) == 4 and len(_latest_claims(session, [3], 1000)) > 4
        assert story_store.story_claim_ids(session, [], 5) == []


@pytest.mark.parametrize("seed", [0, 1])
def test_the_latest_stories_naming_each_entity_of_one_model(
    engine: Engine, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(story_store, "IN_CHUNK", 3)  # a story may name entities of two chunks
    monkeypatch.setattr(story_store, "STORIES_PER_ENTITY", 2)
    with Session(engine) as session, session.begin():
        _fill(session, seed)
        df = {name: 1 for name in NAMES}  # all rare enough to look up
        found = story_store.stories_naming(session, "m", [*NAMES, "unknown"], df, 1000)
        assert [s.id for s in found] == _latest_stories(session, NAMES, 2)
        assert len(found) > 2
        common = {**df, NAMES[0]: 900}  # named by most stored articles: not looked up
        found = story_store.stories_naming(session, "m", NAMES[:1], common, 1000)
        assert found == []
