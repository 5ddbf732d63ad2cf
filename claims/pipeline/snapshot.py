"""What the store held when a batch was prepared: high-water marks and bounded reads.

A batch is prepared (folded, extracted, embedded, scored) against this snapshot without
holding the write lock; the writer then checks the store's high-water marks and, if
another ingest landed meanwhile, the batch is prepared again against a fresh snapshot
(cheaply: caches keep the extraction, vectors and verdicts already computed).

Nothing here reads every claim: the snapshot keeps the high-water marks, the batch's stored
keys and the articles it may copy; after embedding, ``StoredNeighbours`` reads only the
vectors of the batch's own texts and the new claims' nearest stored claims (one index
lookup, restricted to claims up to the snapshot's mark), each in a short read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from claims.types import ClaimView
from store import fingerprints
from store import ingest as store
from store import stories as story_store
from store.stories import StoredStory
from store.vectors import VectorIndex
from store.vectors_index import index_for


@contextmanager
def _reading(session: Session) -> Iterator[None]:
    """Inside the caller's transaction if one is open, else in a short read of its own."""
    if session.in_transaction():
        yield
        return
    with session.begin():
        yield


@dataclass(frozen=True)
class StoredNeighbours:
    """Bounded reads of stored claims and vectors, by the session that took the snapshot."""

    session: Session
    model_id: str
    index: VectorIndex

    def vectors_for(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of these text hashes (so a text is never embedded twice)."""
        with _reading(self.session):
            return store.embeddings_for(self.session, self.model_id, hashes)

    def nearest(
        self, queries: np.ndarray, k: int, max_id: int
    ) -> tuple[list[ClaimView], np.ndarray]:
        """Views and vectors of the stored claims (id <= ``max_id``) among the ``k`` nearest
        of any query row, by id: all that candidate pairs of the new claims can reach."""
        empty = np.zeros((0, queries.shape[1] if queries.ndim == 2 else 0), dtype=np.float32)
        if max_id <= 0 or not len(queries):
            return [], empty
        with _reading(self.session):
            hits = self.index.nearest(self.session, self.model_id, queries, k, max_id)
            ids = {claim_id for row in hits for claim_id, _ in row}
            views, hashes = store.claim_views_of(self.session, ids)
            found = store.embeddings_for(self.session, self.model_id, hashes)
        if not views:
            return [], empty
        return views, np.stack([found[h] for h in hashes]).astype(np.float32)

    def stories_near(
        self, names: Sequence[str], claim_ids: Sequence[int]
    ) -> tuple[list[StoredStory], dict[str, int], int]:
        """The stories a batch may join: those naming its (not too common) entities and
        those of its claims' nearest stored claims; with the entities' article counts and
        the stored article total (for their rarity)."""
        with _reading(self.session):
            df, total = story_store.entity_rarity(self.session, self.model_id, names)
            found = story_store.stories_naming(self.session, self.model_id, names, df, total)
            near = set(story_store.claim_stories(self.session, claim_ids).values())
            near -= {s.id for s in found}
            found += story_store.stories_by_id(self.session, self.model_id, near)
        return sorted(found, key=lambda s: s.id), df, total

    def story_claims(
        self, story_ids: Sequence[int], per_story: int, max_id: int
    ) -> tuple[list[ClaimView], np.ndarray, dict[int, int]]:
        """Views, vectors and stories of the latest claims of these stories (id <= max_id)."""
        with _reading(self.session):
            ids = story_store.story_claim_ids(self.session, story_ids, per_story)
            ids = [i for i in ids if i <= max_id]
            views, hashes = store.claim_views_of(self.session, ids)
            found = store.embeddings_for(self.session, self.model_id, hashes)
            stories = story_store.claim_stories(self.session, ids)
        if not views:
            return [], np.zeros((0, 0), dtype=np.float32), {}
        return views, np.stack([found[h] for h in hashes]).astype(np.float32), stories

    def claim_stories(self, claim_ids: Sequence[int]) -> dict[int, int]:
        with _reading(self.session):
            return story_store.claim_stories(self.session, claim_ids)

    def source_stories(self, source_ids: Sequence[int]) -> dict[int, int]:
        with _reading(self.session):
            return story_store.stories_of_sources(self.session, source_ids)


@dataclass(frozen=True)
class Snapshot:
    """Stored articles and claims a batch is compared with, and the high-water marks."""

    max_source_id: int
    max_claim_id: int
    canonical: list[tuple[int, str]]  # (id, text) of the stored articles a batch may copy
    stored_keys: set[tuple[str, str, str | None]]  # (hash, path, outlet) of the batch's hashes
    stored: StoredNeighbours | None = None  # None: compared with nothing stored (tests)


def take_snapshot(
    session: Session,
    model_id: str,
    digests: Sequence[str],
    copy_keys: Sequence[str] | None = None,
    index: VectorIndex | None = None,
) -> Snapshot:
    """Read what preparing a batch needs; the caller's transaction makes it consistent.

    With ``copy_keys`` (the batch's copy fingerprints) only the canonical articles sharing
    one are read, which is all copy detection can match; without, every canonical article.
    ``index`` finds nearest stored claims (default: the store engine's, see store.vectors).
    """
    max_source, max_claim = store.high_water(session)
    return Snapshot(
        max_source,
        max_claim,
        store.canonical_texts(session)
        if copy_keys is None
        else fingerprints.sharing_keys(session, copy_keys),
        store.stored_keys(session, digests),
        StoredNeighbours(session, model_id, index or index_for(session)),
    )


def changed_since(session: Session, snapshot: Snapshot) -> bool:
    """Whether another writer added articles or claims after ``snapshot`` was taken."""
    return store.high_water(session) != (snapshot.max_source_id, snapshot.max_claim_id)
