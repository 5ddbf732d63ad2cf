"""The story step of preparing a batch: profile the new articles, read the stories they
may join (a bounded read through the snapshot), and decide each article's story.

Stored stories keep their ids; new ones are numbered after them in ``StoryPlan.states``
until the writer inserts them. A syndicated copy takes the story of the article it copies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from claims.stories.group import Rarity, StoryState, group_articles, one_event
from claims.stories.profile import ArticleProfile, lede
from claims.types import Article
from store.stories import StoredStory


def lede_hash(article: Article) -> str:
    """The key an article's title-and-lede vector is stored under."""
    return hashlib.sha256(" ".join(lede(article).split()).encode("utf-8")).hexdigest()


@dataclass
class StoryPlan:
    """Which story each planned article joins."""

    states: list[StoryState]  # stored stories read (ids set), then new ones (id None)
    rarity: Rarity
    story_of: dict[int, int] = field(default_factory=dict)  # plan index -> index in states
    copy_story: dict[int, int] = field(default_factory=dict)  # copy of a stored article -> id
    profiles: dict[int, ArticleProfile] = field(default_factory=dict)  # plan index -> profile
    claims: dict[int, int] = field(default_factory=dict)  # stored claims of stored states
    index_of: dict[int, int] = field(default_factory=dict)  # stored story id -> index

    def touched(self) -> list[int]:
        """Indexes of the stories the batch adds articles to, in order."""
        return sorted(set(self.story_of.values()))

    def one_event(self, a: int, b: int) -> bool:
        return a == b or one_event(self.states[a], self.states[b], self.rarity)


def state_of(story: StoredStory) -> StoryState:
    return StoryState(
        story.id,
        story.centroid,
        {name: int(v[0]) for name, v in story.entities.items()},
        story.articles,
        story.first,
        story.last,
        {name: str(v[1]) for name, v in story.entities.items()},
    )


def plan_stories(
    profiles: dict[int, ArticleProfile],
    stored: Sequence[StoredStory],
    df: dict[str, int],
    total: int,
) -> StoryPlan:
    """Group the profiled articles (plan index -> profile) among the stored stories."""
    batch_df = dict(df)
    for p in profiles.values():
        for name in p.entities:
            batch_df[name] = batch_df.get(name, 0) + 1
    rarity = Rarity(batch_df, total + len(profiles))
    states = [state_of(s) for s in stored]
    plan = StoryPlan(states, rarity)
    plan.claims = {n: s.claims for n, s in enumerate(stored)}
    plan.index_of = {s.id: n for n, s in enumerate(stored)}
    order = sorted(profiles)
    assigned = group_articles([profiles[n] for n in order], states, rarity)
    plan.story_of = dict(zip(order, assigned, strict=True))
    plan.profiles = dict(profiles)
    return plan
