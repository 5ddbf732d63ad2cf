"""What the store held when a batch was prepared, read in one short read transaction.

A batch is prepared (folded, extracted, embedded, scored) against this snapshot without
holding the write lock; the writer then checks the store's high-water marks and, if
another ingest landed meanwhile, the batch is prepared again against a fresh snapshot
(cheaply: caches keep the extraction, vectors and verdicts already computed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.orm import Session

from claims.types import ClaimView
from store import fingerprints
from store import ingest as store


@dataclass(frozen=True)
class Snapshot:
    """Stored articles and claims a batch is compared with, and the high-water marks."""

    max_source_id: int
    max_claim_id: int
    canonical: list[tuple[int, str]]  # (id, text) of the stored articles a batch may copy
    stored_keys: set[tuple[str, str, str | None]]  # (hash, path, outlet) of the batch's hashes
    views: list[ClaimView] = field(default_factory=list)  # every stored claim, by id
    hashes: list[str] = field(default_factory=list)  # their text hashes
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))


def take_snapshot(
    session: Session,
    model_id: str,
    digests: Sequence[str],
    copy_keys: Sequence[str] | None = None,
) -> Snapshot:
    """Read what preparing a batch needs; the caller's transaction makes it consistent.

    With ``copy_keys`` (the batch's copy fingerprints) only the canonical articles sharing
    one are read, which is all copy detection can match; without, every canonical article.
    """
    max_source, max_claim = store.high_water(session)
    views, hashes = store.claim_views(session)
    found = store.embeddings_for(session, model_id, hashes)
    vectors = (
        np.stack([found[h] for h in hashes]).astype(np.float32)
        if hashes
        else np.zeros((0, 0), dtype=np.float32)
    )
    return Snapshot(
        max_source,
        max_claim,
        store.canonical_texts(session)
        if copy_keys is None
        else fingerprints.sharing_keys(session, copy_keys),
        store.stored_keys(session, digests),
        views,
        hashes,
        vectors,
    )


def changed_since(session: Session, snapshot: Snapshot) -> bool:
    """Whether another writer added articles or claims after ``snapshot`` was taken."""
    return store.high_water(session) != (snapshot.max_source_id, snapshot.max_claim_id)
