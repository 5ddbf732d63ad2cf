"""Copy-detection fingerprints: the stored MinHash band keys of each canonical article.

Each canonical article's band keys (computed by ``claims.sources.copies.text_keys``) are
stored when it is written, so an ingest looks up only the stored articles that share a band
with its batch (one indexed query) instead of reading every article. Rows and queries only:
the hashing is the copy-detection stage's. Functions take the caller's session, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.batching import IN_CHUNK, batched
from store.models import ArticleFingerprint, Source


def add_fingerprints(session: Session, source_id: int, keys: Iterable[str]) -> None:
    """Store a canonical article's band keys (no commit: the caller owns the transaction)."""
    session.add_all(ArticleFingerprint(key=k, source_id=source_id) for k in set(keys))
    session.flush()


def sharing_keys(session: Session, keys: Sequence[str]) -> list[tuple[int, str]]:
    """(id, text) of the canonical articles sharing a band key with ``keys``, by id."""
    ids: set[int] = set()
    for chunk in batched(sorted(set(keys)), IN_CHUNK):
        stmt = select(ArticleFingerprint.source_id).where(ArticleFingerprint.key.in_(chunk))
        ids.update(session.scalars(stmt))
    found: list[tuple[int, str]] = []
    for chunk in batched(sorted(ids), IN_CHUNK):
        stmt = select(Source.id, Source.text).where(
            Source.id.in_(chunk), Source.canonical_id.is_(None)
        )
        found += [(i, t) for i, t in session.execute(stmt)]
    return sorted(found)
