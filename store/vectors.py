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
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

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


def claim_vectors(model_id: str) -> Select[tuple[int, bytes]]:
    """(claim id, vector bytes) of every claim with a vector of ``model_id``, by id."""
    on = and_(
        Embedding.model_id == model_id,
        or_(
            Embedding.text_hash == Claim.embed_hash,
            and_(Claim.embed_hash.is_(None), Embedding.text_hash == Claim.text_hash),
        ),
    )
    return select(Claim.id, Embedding.vector).join(Embedding, on).order_by(Claim.id)


def iter_vectors(
    session: Session, model_id: str, above: int, upto: int, chunk: int = SCAN_CHUNK
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(ids, float32 vectors) of claims with above < id <= upto, in id order, by chunks."""
    stmt = claim_vectors(model_id).where(Claim.id > above, Claim.id <= upto)
    result = session.execute(stmt.execution_options(yield_per=chunk))
    for rows in result.partitions(chunk):
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        yield ids, np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows])


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


def stored_count(session: Session, model_id: str, upto: int) -> int:
    """How many claims with id <= ``upto`` have a vector of ``model_id``."""
    stmt = select(func.count()).select_from(claim_vectors(model_id).where(Claim.id <= upto))
    return int(session.scalar(stmt) or 0)
