"""Group articles into stories: incremental, with stable ids, on plain data.

Two articles belong to one story when what they are about reads alike (cosine of their
title-and-lede vectors) and they name the same rare people, places and organisations
(entity overlap weighed by inverse document frequency over the stored articles), unless
their stated dates are too far apart to be one event. A new article joins the most similar
existing story above the threshold; the rest of a batch is clustered among itself (average
linkage on the same similarity), and each cluster becomes a new story. Existing stories
never change id or merge, so an ingest never renames what a reader saw.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from claims.stories.profile import ArticleProfile

VECTOR_WEIGHT = 0.7  # of the vector cosine; the entity overlap weighs the rest
JOIN_SIMILARITY = 0.22  # similarity an article needs to join a story (or a batch cluster)
MAX_GAP_DAYS = 30  # stated dates further apart than this from a story: another event
DISJOINT_COSINE = 0.5  # articles naming entities, none shared: their vectors must be this close
CHUNK = 2000  # new articles clustered at once: bounds the pairwise matrix


@dataclass
class StoryState:
    """A story as the grouper sees it: its id (None until stored), centroid of its
    articles' vectors, how many of its articles name each entity, its dates."""

    id: int | None
    centroid: np.ndarray
    entities: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    first: date | None = None
    last: date | None = None
    display: dict[str, str] = field(default_factory=dict)  # entity -> as written

    def add(self, profile: ArticleProfile) -> None:
        total = self.centroid * self.articles + profile.vector
        self.centroid = total / max(float(np.linalg.norm(total)), 1e-12)
        self.articles += 1
        for name in profile.entities:
            self.entities[name] = self.entities.get(name, 0) + 1
            self.display.setdefault(name, profile.display.get(name, name))
        if profile.day is not None:
            self.first = min(self.first or profile.day, profile.day)
            self.last = max(self.last or profile.day, profile.day)


@dataclass(frozen=True)
class Rarity:
    """Inverse document frequency of entities over ``total`` articles (stored and new)."""

    df: Mapping[str, int]
    total: int

    def idf(self, name: str) -> float:
        return math.log((1 + self.total) / (1 + self.df.get(name, 0))) + 1.0


def _weights(entities: Mapping[str, float], rarity: Rarity) -> dict[str, float]:
    return {name: n * rarity.idf(name) for name, n in entities.items()}


def entity_similarity(a: Mapping[str, float], b: Mapping[str, float], rarity: Rarity) -> float:
    """Cosine of IDF-weighted entity bags (presence in an article; share of a story's
    articles): two articles naming the same rare names are close, common ones count little."""
    wa, wb = _weights(a, rarity), _weights(b, rarity)
    dot = sum(w * wb[k] for k, w in wa.items() if k in wb)
    if dot == 0.0:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in wa.values()) * sum(w * w for w in wb.values()))


def date_gap(day: date | None, first: date | None, last: date | None) -> int:
    """Days between a date and a date range (0 inside it, or when either is unknown)."""
    if day is None or first is None or last is None:
        return 0
    if day < first:
        return (first - day).days
    return max(0, (day - last).days)


def _presence(profile: ArticleProfile) -> dict[str, float]:
    """An article's entities, weighed by how often it names them (damped)."""
    return {name: 1.0 + math.log(n) for name, n in profile.entities.items()}


def _share(story: StoryState) -> dict[str, float]:
    return {k: n / max(story.articles, 1) for k, n in story.entities.items()}


def combined(cosine: float, overlap: float, both_named: bool) -> float:
    """The similarity of two articles (or an article and a story) from their two signals.

    Two texts that name people or places, none of them the same, are about one event only
    when they read very alike: a Ukraine agreement is not an Iran-Iraq agreement."""
    if both_named and overlap == 0.0 and cosine < DISJOINT_COSINE:
        return 0.0
    return VECTOR_WEIGHT * cosine + (1 - VECTOR_WEIGHT) * overlap


def story_similarity(profile: ArticleProfile, story: StoryState, rarity: Rarity) -> float:
    """How strongly an article belongs to a story: 0 when their dates say another event."""
    if date_gap(profile.day, story.first, story.last) > MAX_GAP_DAYS:
        return 0.0
    cosine = float(profile.vector @ story.centroid)
    overlap = entity_similarity(_presence(profile), _share(story), rarity)
    return combined(cosine, overlap, bool(profile.entities) and bool(story.entities))


def pair_similarity(profiles: Sequence[ArticleProfile], rarity: Rarity) -> np.ndarray:
    """The article-by-article similarity matrix of a batch."""
    n = len(profiles)
    vectors = np.stack([p.vector for p in profiles]) if n else np.zeros((0, 0))
    cosines = vectors @ vectors.T
    sims = np.zeros((n, n))
    bags = [_weights(_presence(p), rarity) for p in profiles]
    norms = [math.sqrt(sum(w * w for w in bag.values())) or 1.0 for bag in bags]
    for i in range(n):
        for j in range(i + 1, n):
            dot = sum(w * bags[j][k] for k, w in bags[i].items() if k in bags[j])
            gap = date_gap(profiles[i].day, profiles[j].day, profiles[j].day)
            named = bool(bags[i]) and bool(bags[j])
            value = combined(float(cosines[i, j]), dot / (norms[i] * norms[j]), named)
            sims[i, j] = sims[j, i] = 0.0 if gap > MAX_GAP_DAYS else value
    np.fill_diagonal(sims, 1.0)
    return sims


def cluster_batch(sims: np.ndarray, threshold: float = JOIN_SIMILARITY) -> list[int]:
    """Average-linkage clusters of a batch from its similarity matrix: one label per row,
    numbered by first row (the same clusters whatever order the batch came in)."""
    n = sims.shape[0]
    if n < 2:
        return [0] * n
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold,
    )
    labels = model.fit_predict(np.clip(1.0 - sims, 0.0, 2.0))
    order = {label: k for k, label in enumerate(dict.fromkeys(labels.tolist()))}
    return [order[label] for label in labels.tolist()]


def group_articles(
    profiles: Sequence[ArticleProfile],
    stories: list[StoryState],
    rarity: Rarity,
    threshold: float = JOIN_SIMILARITY,
) -> list[int]:
    """Index into ``stories`` for each profile; appends the new stories.

    Each article is compared with the stories as they were before the batch (so the order
    of the batch does not matter); the rest are clustered among themselves, chunk by chunk.
    """
    before = len(stories)
    assigned = [-1] * len(profiles)
    rest: list[int] = []
    for n, profile in enumerate(profiles):
        scores = [story_similarity(profile, s, rarity) for s in stories[:before]]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= threshold:
            assigned[n] = best
        else:
            rest.append(n)
    for start in range(0, len(rest), CHUNK):
        rows = rest[start : start + CHUNK]
        labels = cluster_batch(pair_similarity([profiles[r] for r in rows], rarity), threshold)
        first_new = len(stories)
        dim = profiles[rows[0]].vector.shape[0]
        stories.extend(StoryState(None, np.zeros(dim, dtype=np.float32)) for _ in set(labels))
        for row, label in zip(rows, labels, strict=True):
            assigned[row] = first_new + label
    for n, profile in enumerate(profiles):
        stories[assigned[n]].add(profile)
    return assigned


ONE_EVENT_OVERLAP = 0.5  # entity overlap of two stories that report one event
ONE_EVENT_DAYS = 3  # ... whose stated dates are at most this far apart


def one_event(a: StoryState, b: StoryState, rarity: Rarity) -> bool:
    """Whether two stories report one event: they name mostly the same rare entities and
    their dates (where stated) are days apart at most. Claims of two such stories are
    compared; claims of any other two stories are not."""
    if a.first and a.last and b.first and b.last:
        gap = (max(a.first, b.first) - min(a.last, b.last)).days
        if gap > ONE_EVENT_DAYS:
            return False
    return entity_similarity(_share(a), _share(b), rarity) >= ONE_EVENT_OVERLAP
