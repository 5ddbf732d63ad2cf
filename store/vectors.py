"""The k stored claims nearest to query vectors: the index protocol, exact search, the choice.

An ingest compares each new claim with its nearest stored claims only, so it must find them
without reading every vector. ``VectorIndex`` answers "the k nearest claims (ids and cosine
similarities) among claims with id <= max_id" for one embedding model; ``max_id`` is the
snapshot's high-water mark, so a batch prepared against a snapshot sees only its claims.
``ExactIndex`` scans every vector (the reference the tests compare with, and what small or
in-memory stores use); ``store.vectors_index.index_for`` picks pgvector HNSW on PostgreSQL
and a usearch file beside the db on SQLite. Functions take the caller's session and never commit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.batching import IN_CHUNK, batched
from store.models import Claim, Embedding

Hits = list[list[tuple[int, float]]]  # per query: (claim id, cosine), best first
SCAN_CHUNK = 50_000  # vectors compared at once by the exact scan: bounds its memory


class VectorIndex(Protocol):
    """Nearest stored claims of one embedding model; ``add`` tells it of new claims."""

    def add(self, session: Session, model_id: str, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Index ``vectors`` (rows) as the claims ``ids`` (an index may also catch up alone)."""
        ...

    def nearest(
        self, session: Session, model_id: str, queries: np.ndarray, k: int, max_id: int
    ) -> Hits:
        """Per query row, at most ``k`` claims with id <= ``max_id``: (id, cosine), best first."""
        ...


def iter_vectors(
    session: Session, model_id: str, above: int, upto: int, chunk: int = SCAN_CHUNK
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(ids, float32 vectors) of claims with above < id <= upto that have a vector of
    ``model_id``, in id order, by chunks. Driven by the claims' id range (then their
    vectors by hash, through the unique index), so reading a short tail reads only it."""
    last = above
    while last < upto:
        stmt = (
            select(Claim.id, Claim.embed_hash, Claim.text_hash)
            .where(Claim.id > last, Claim.id <= upto)
            .order_by(Claim.id)
            .limit(chunk)
        )
        rows = [(i, e or t) for i, e, t in session.execute(stmt)]
        if not rows:
            return
        last = rows[-1][0]
        found: dict[str, bytes] = {}
        for part in batched(list(dict.fromkeys(h for _, h in rows)), IN_CHUNK):
            vectors = select(Embedding.text_hash, Embedding.vector).where(
                Embedding.model_id == model_id, Embedding.text_hash.in_(part)
            )
            found.update((h, v) for h, v in session.execute(vectors))
        kept = [(i, found[h]) for i, h in rows if h in found]
        if kept:
            ids = np.fromiter((i for i, _ in kept), dtype=np.int64, count=len(kept))
            yield ids, np.stack([np.frombuffer(v, dtype=np.float32) for _, v in kept])


def top_k(ids: np.ndarray, sims: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (id, similarity) of one query: highest similarity, then lowest id."""
    order = np.lexsort((ids, -sims))[:k]
    return [(int(ids[i]), float(sims[i])) for i in order]


def merge(found: Sequence[Hits], k: int) -> Hits:
    """Per query, the ``k`` best of several hit lists (the same id counted once)."""
    out: Hits = []
    for per_query in zip(*found, strict=True):
        best: dict[int, float] = {}
        for hits in per_query:
            for claim_id, sim in hits:
                best[claim_id] = max(sim, best.get(claim_id, -2.0))
        ids = np.fromiter(best, dtype=np.int64, count=len(best))
        sims = np.fromiter(best.values(), dtype=np.float64, count=len(best))
        out.append(top_k(ids, sims, k))
    return out


def exact_hits(ids: np.ndarray, vectors: np.ndarray, queries: np.ndarray, k: int) -> Hits:
    """Exact top ``k`` of each query among ``vectors`` (normalised rows) named ``ids``."""
    if not len(ids):
        return [[] for _ in range(len(queries))]
    sims = np.asarray(queries, dtype=np.float32) @ vectors.T
    take = min(k, len(ids))
    out: Hits = []
    for row in sims:
        keep = np.argpartition(-row, take - 1)[:take] if take < len(ids) else np.arange(len(ids))
        cut = row[keep].min()  # ties at the cut: keep them all, then order by id
        keep = np.flatnonzero(row >= cut)
        out.append(top_k(ids[keep], row[keep].astype(np.float64), k))
    return out


class ExactIndex:
    """Exact search: scans every stored vector of the model (by chunks). The reference."""

    def add(self, session: Session, model_id: str, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Nothing to do: the scan reads the store itself."""

    def nearest(
        self, session: Session, model_id: str, queries: np.ndarray, k: int, max_id: int
    ) -> Hits:
        """Scan claims 1..``max_id``, keeping each query's best ``k`` across chunks."""
        best: Hits = [[] for _ in range(len(queries))]
        for ids, vectors in iter_vectors(session, model_id, 0, max_id):
            best = merge([best, exact_hits(ids, vectors, queries, k)], k)
        return best
