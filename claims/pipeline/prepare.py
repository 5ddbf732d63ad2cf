"""Prepare a batch against a snapshot of the store, holding no lock: the slow half of ingest.

Folds copies, extracts claims, embeds them and scores their candidate pairs, on plain data
but for two bounded reads through the snapshot (stored vectors of the batch's texts, and the
new claims' nearest stored claims). New articles and claims get provisional ids above the
snapshot's high-water marks, so guards and pair order behave as after the write; the writer
maps them to real ids. ``Caches`` keep extraction, vectors and verdicts, so preparing again
after another ingest landed costs only what changed.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace

import numpy as np

from claims.config import Tuning
from claims.detect.align import Aligned, aligned, telling_names
from claims.detect.candidates import StoryRows, story_pairs
from claims.detect.flag import CachingScorer, score_candidates
from claims.extract.attribution import inherit_article_event
from claims.pipeline.runs import Stages
from claims.pipeline.snapshot import Snapshot
from claims.pipeline.stories import StoryPlan, plan_stories
from claims.sources import copies
from claims.stories.group import Rarity
from claims.stories.profile import ArticleProfile
from claims.types import Article, ClaimView, Flag, Framer, Progress, SentenceDraft, Verdict
from store.batching import batched

EMBED_BATCH = 256
STORY_CLAIMS = 1000  # latest claims of a stored story that new claims are compared with


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass
class Caches:
    """Work that does not depend on the store: kept across preparations of one batch."""

    drafts: dict[Article, list[SentenceDraft]] = field(default_factory=dict)
    vectors: dict[str, np.ndarray] = field(default_factory=dict)  # computed here
    stored: dict[str, np.ndarray] = field(default_factory=dict)  # found in the store
    profiles: dict[Article, ArticleProfile] = field(default_factory=dict)
    scorer: CachingScorer | None = None


@dataclass(frozen=True)
class PlannedSource:
    """An article to store: canonical (no head), or a copy of a stored or planned one."""

    article: Article
    digest: str
    stored_head: int | None = None  # id of the stored canonical article it copies
    planned_head: int | None = None  # index in the plan of the canonical article it copies


@dataclass
class Prepared:
    """Everything an ingest writes, computed against ``snapshot``."""

    snapshot: Snapshot
    sources: list[PlannedSource] = field(default_factory=list)  # canonical ones first
    drafts: list[list[SentenceDraft]] = field(default_factory=list)  # per planned source
    hashes: list[str] = field(default_factory=list)  # of the new claims, in write order
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    embedded: set[str] = field(default_factory=set)  # hashes the store had no vector for
    flags: list[Flag] = field(default_factory=list)  # claim ids provisional
    already_stored: int = 0
    pairs_scored: int = 0
    skipped_pairs: dict[str, int] = field(default_factory=dict)
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # scored here, to store
    near_ids: list[int] | None = None  # stored claims nearest the new ones (None: not looked up)
    stories: StoryPlan = field(default_factory=lambda: StoryPlan([], Rarity({}, 0)))
    corroborations: list[tuple[int, int, str]] = field(default_factory=list)  # claim ids
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, for benchmarks

    def lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - since
        return now


def plan_sources(articles: list[Article], snapshot: Snapshot) -> tuple[list[PlannedSource], int]:
    """Which articles are new, and which of those copy a stored or another new article."""
    fresh: list[tuple[Article, str]] = []
    seen = set(snapshot.stored_keys)  # also catches the same text twice in one file
    already = 0
    for article in articles:
        digest = copies.content_hash(article.text)
        key = (digest, article.path, article.outlet)
        if key in seen:
            already += 1
        else:
            seen.add(key)
            fresh.append((article, digest))
    stored = snapshot.canonical
    groups = copies.group_copies([t for _, t in stored] + [a.text for a, _ in fresh])
    heads = copies.earliest_heads(groups, len(stored), [a.published for a, _ in fresh])
    order = sorted(range(len(fresh)), key=lambda n: heads[n] != len(stored) + n)
    position = {n: i for i, n in enumerate(order)}  # canonical articles first
    plan = []
    for n in order:
        article, digest = fresh[n]
        head = heads[n]
        if head < len(stored):
            plan.append(PlannedSource(article, digest, stored_head=stored[head][0]))
        elif head != len(stored) + n:
            plan.append(PlannedSource(article, digest, planned_head=position[head - len(stored)]))
        else:
            plan.append(PlannedSource(article, digest))
    return plan, already


def prepare(
    articles: list[Article],
    snapshot: Snapshot,
    stages: Stages,
    tuning: Tuning,
    caches: Caches,
    progress: Progress,
) -> Prepared:
    """Fold, extract, embed and score a batch against ``snapshot`` (no store access)."""
    lap = time.perf_counter()
    plan, already = plan_sources(articles, snapshot)
    out = Prepared(snapshot, plan, already_stored=already)
    lap = out.lap("dedup", lap)
    views = _extract(out, stages, caches, progress)
    lap = out.lap("extract", lap)
    out.vectors = _embed(out, stages, caches, progress)
    lap = out.lap("embed", lap)
    near, near_vectors = _nearest(out, tuning)
    out.stories = _stories(out, stages, caches, near)
    lap = out.lap("stories", lap)
    _score(out, views, (near, near_vectors), stages, tuning, caches, progress)
    out.lap("score", lap)
    return out


def _extract(out: Prepared, stages: Stages, caches: Caches, progress: Progress) -> list[ClaimView]:
    """Drafts of each new canonical article, and views of its claims with provisional ids."""
    views: list[ClaimView] = []
    canonical = sum(p.stored_head is None and p.planned_head is None for p in out.sources)
    for n, planned in enumerate(out.sources):
        if planned.stored_head is not None or planned.planned_head is not None:
            out.drafts.append([])
            continue
        article = planned.article
        if article not in caches.drafts:
            drafts = inherit_article_event(stages.extractor.extract(article))
            caches.drafts[article] = frame_drafts(drafts, stages.framer)
        drafts = caches.drafts[article]
        out.drafts.append(drafts)
        source_id = out.snapshot.max_source_id + 1 + n
        for draft in (d for d in drafts if d.kept):
            claim_id = out.snapshot.max_claim_id + 1 + len(views)
            views.append(_view(claim_id, draft, source_id, article))
            out.hashes.append(text_hash(draft.proposition))
        progress("extract", n + 1, canonical)  # canonical articles come first in the plan
    return views


def _view(claim_id: int, draft: SentenceDraft, source_id: int, article: Article) -> ClaimView:
    who = draft.attribution
    return ClaimView(
        id=claim_id,
        text=draft.text,
        source_id=source_id,
        speaker=who.speaker,
        event_date=who.event_date,
        event_date_text=who.event_date_text,
        event_date_approx=who.event_date_approx,
        event_date_inherited=who.event_date_inherited,
        published=article.published,
        frame=draft.frame,
    )


def _embed(out: Prepared, stages: Stages, caches: Caches, progress: Progress) -> np.ndarray:
    """Vectors of the new claims: from the store (these hashes only), the cache, or the
    embedder."""
    reader = out.snapshot.stored
    wanted = [h for h in dict.fromkeys(out.hashes) if h not in caches.stored]
    if reader is not None and wanted:
        caches.stored.update(reader.vectors_for(wanted))
    stored = caches.stored
    texts: dict[str, str] = {}
    for h, drafts_text in zip(out.hashes, _kept_texts(out), strict=True):
        if h not in stored and h not in caches.vectors:
            texts.setdefault(h, drafts_text)
    done = 0
    for chunk in batched(list(texts), EMBED_BATCH):
        vectors = stages.embedder.embed([texts[h] for h in chunk])
        caches.vectors.update(zip(chunk, np.asarray(vectors, dtype=np.float32), strict=True))
        done += len(chunk)
        progress("embed", done, len(texts))
    out.embedded = {h for h in out.hashes if h not in stored}
    if not out.hashes:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([stored[h] if h in stored else caches.vectors[h] for h in out.hashes])


def _kept_texts(out: Prepared) -> list[str]:
    """What is embedded for each new claim: its proposition (its sentence when unframed)."""
    return [d.proposition for drafts in out.drafts for d in drafts if d.kept]


def _nearest(out: Prepared, tuning: Tuning) -> tuple[list[ClaimView], np.ndarray]:
    """The stored claims nearest the new ones: one index lookup, never a full read."""
    snapshot = out.snapshot
    if snapshot.stored is None or not out.hashes:
        return [], np.zeros((0, out.vectors.shape[1] if out.vectors.ndim == 2 else 0))
    near, near_vectors = snapshot.stored.nearest(
        out.vectors, tuning.neighbours, snapshot.max_claim_id
    )
    out.near_ids = [v.id for v in near]
    return near, near_vectors


def _stories(out: Prepared, stages: Stages, caches: Caches, near: list[ClaimView]) -> StoryPlan:
    """Profile the new canonical articles and put each planned article into a story."""
    todo = [
        n for n, p in enumerate(out.sources) if p.stored_head is None and p.planned_head is None
    ]
    fresh = [out.sources[n].article for n in todo if out.sources[n].article not in caches.profiles]
    if fresh:
        caches.profiles.update(zip(fresh, stages.stories.profile(fresh), strict=True))
    profiles = {n: caches.profiles[out.sources[n].article] for n in todo}
    stored, df, total = [], {}, 0
    reader = out.snapshot.stored
    if reader is not None and profiles:
        names = sorted({e for p in profiles.values() for e in p.entities})
        stored, df, total = reader.stories_near(names, [v.id for v in near])
    plan = plan_stories(profiles, stored, df, total)
    heads = [p.stored_head for p in out.sources if p.stored_head is not None]
    of_head = reader.source_stories(heads) if reader is not None and heads else {}
    for n, planned in enumerate(out.sources):
        if planned.planned_head is not None:
            plan.story_of[n] = plan.story_of[planned.planned_head]
        elif planned.stored_head is not None and planned.stored_head in of_head:
            plan.copy_story[n] = of_head[planned.stored_head]
    return plan


def _rows(
    out: Prepared, views: list[ClaimView], near: tuple[list[ClaimView], np.ndarray]
) -> tuple[list[ClaimView], np.ndarray, list[int | None]]:
    """Stored claims to compare with (the touched stories' latest, the nearest), the new
    claims after them; their vectors and story indexes."""
    plan, snapshot = out.stories, out.snapshot
    stored_ids = [plan.states[i].id for i in plan.touched() if plan.states[i].id is not None]
    found: dict[int, tuple[ClaimView, np.ndarray]] = {}
    story_of: dict[int, int] = {}
    if snapshot.stored is not None:
        if stored_ids:
            got, vecs, story_of = snapshot.stored.story_claims(
                stored_ids, STORY_CLAIMS, snapshot.max_claim_id
            )
            found.update({v.id: (v, vecs[n]) for n, v in enumerate(got)})
        found.update({v.id: (v, near[1][n]) for n, v in enumerate(near[0]) if v.id not in found})
        story_of.update(snapshot.stored.claim_stories([i for i in found if i not in story_of]))
    stored = [found[i] for i in sorted(found)]
    every = [v for v, _ in stored] + views
    dim = out.vectors.shape[1] if out.vectors.ndim == 2 and len(views) else 0
    vectors = np.vstack([np.stack([x for _, x in stored]), out.vectors]) if stored else out.vectors
    stories: list[int | None] = [plan.index_of.get(story_of.get(v.id, -1)) for v, _ in stored]
    first_source = snapshot.max_source_id + 1
    stories += [plan.story_of.get(v.source_id - first_source) for v in views]
    every = [_story_dated(v, plan, s) for v, s in zip(every, stories, strict=True)]
    return every, vectors.reshape(len(every), dim) if dim else vectors, stories


def _story_dated(view: ClaimView, plan: StoryPlan, story: int | None) -> ClaimView:
    """An undated article's claim with its story's stated dates as they stand after this
    batch (a dated article joining the story dates its undated ones)."""
    if view.published is not None or story is None:
        return view
    state = plan.states[story]
    return replace(view, story_first=state.first, story_last=state.last)


def _telling_names(
    plan: StoryPlan, every: list[ClaimView], stories: list[int | None]
) -> list[set[str]]:
    """Per story, the entities that align a pair (not those most of its claims name)."""
    texts: dict[int, list[str]] = {}
    for view, story in zip(every, stories, strict=True):
        if story is not None:
            texts.setdefault(story, []).append(view.proposition)
    return [telling_names(texts.get(n, []), s.entities) for n, s in enumerate(plan.states)]


def _score(
    out: Prepared,
    views: list[ClaimView],
    near: tuple[list[ClaimView], np.ndarray],
    stages: Stages,
    tuning: Tuning,
    caches: Caches,
    progress: Progress,
) -> None:
    """Aligned candidate pairs of each new claim in its story, scored; the flags to store
    and the corroborating pairs to record."""
    if not views:
        return
    every, vectors, stories = _rows(out, views, near)
    names = _telling_names(out.stories, every, stories)
    empty = Aligned(frozenset(), frozenset(), None)
    rows = StoryRows(
        stories,
        [empty if s is None else aligned(v, names[s]) for v, s in zip(every, stories, strict=True)],
        out.stories.one_event,
    )
    new_rows = list(range(len(every) - len(views), len(every)))
    proposed = story_pairs(
        vectors,
        every,
        new_rows,
        rows,
        set(),
        per_claim=tuning.per_claim,
        floor=tuning.min_similarity,
        k=tuning.neighbours,
    )
    skipped = dict(proposed.skipped)
    if caches.scorer is None or caches.scorer.inner is not stages.scorer:
        caches.scorer = CachingScorer(stages.scorer)
    found = score_candidates(every, proposed.pairs, caches.scorer, tuning, progress, skipped)
    same = proposed.corroborations + found.corroborations  # in words; scored paraphrases
    out.corroborations = [(every[a].id, every[b].id, k) for a, b, k in same]
    if out.corroborations:
        found.skipped["corroborating"] = len(out.corroborations)
    out.flags, out.pairs_scored, out.skipped_pairs = found.flags, found.scored, found.skipped
    out.verdicts = dict(caches.scorer.fresh)


def frame_drafts(drafts: list[SentenceDraft], framer: Framer | None) -> list[SentenceDraft]:
    """The kept drafts with their frames (who says it, what is claimed), in one batch."""
    kept = [n for n, d in enumerate(drafts) if d.kept]
    if framer is None or not kept:
        return drafts
    found = framer.frames(
        [drafts[n].text for n in kept], [drafts[n].attribution.speaker for n in kept]
    )
    out = list(drafts)
    for n, frame in zip(kept, found, strict=True):
        out[n] = replace(drafts[n], frame=frame)
    return out
