"""Nearest stored claims on PostgreSQL: pgvector HNSW (cosine), in SQL, in the caller's
transaction.

``embeddings.vector`` is pgvector's ``vector`` without a fixed dimension (vectors of every
model share it), so each model gets a partial expression index, created the first time a
lookup needs it: ``USING hnsw ((vector::halfvec(384)) halfvec_cosine_ops) WHERE model_id =
'…'``. Half precision halves the index and nearly halves the memory its build needs (at
10M claims, an estimated 14 GB instead of 22, which a 24 GB machine cannot spare; pgvector
builds many times slower once its graph leaves memory). The SQLite side's usearch file is
half precision too. A lookup orders each query's model rows by that same expression (so
the index answers it), takes the distance of the hits in full precision, and joins the
claims with id <= the snapshot's mark.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence

import numpy as np
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from store.vectors import Hits, top_k

log = logging.getLogger(__name__)
EF_SEARCH = 100  # HNSW candidates per query (pgvector's default is 40)


def _literal(value: str) -> str:
    """``value`` as an SQL string literal (the partial index's predicate must be a constant
    the planner can match, so the model id is written into the SQL, quoted)."""
    return "'" + value.replace("'", "''") + "'"


def index_name(model_id: str, dim: int) -> str:
    """The model's index; ``h``: half precision (migration 0008 drops the full-precision
    ones, named without it)."""
    return f"ix_embeddings_hnsw_{hashlib.sha256(model_id.encode()).hexdigest()[:12]}_{dim}h"


def ensure_index(session: Session, model_id: str, dim: int) -> None:
    """Create the model's HNSW index when it is missing (in a savepoint: if another
    session is creating it meanwhile, this lookup scans exactly, without it)."""
    name = index_name(model_id, dim)
    found = session.execute(text("SELECT to_regclass(:n)"), {"n": name}).scalar()
    if found is not None:
        return
    ddl = (
        f"CREATE INDEX IF NOT EXISTS {name} ON embeddings USING hnsw "
        f"((vector::halfvec({dim})) halfvec_cosine_ops) WHERE model_id = {_literal(model_id)}"
    )
    try:
        with session.begin_nested():
            session.execute(text(ddl))
        log.info("created the HNSW index %s", name)
    except DBAPIError as exc:
        log.warning("could not create the HNSW index %s: %s", name, exc)


class PgVectorIndex:
    """pgvector HNSW: the vectors are rows, so the index follows every insert."""

    def add(self, session: Session, model_id: str, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Nothing to do: inserting the embedding rows updates the HNSW index."""

    def nearest(
        self, session: Session, model_id: str, queries: np.ndarray, k: int, max_id: int
    ) -> Hits:
        """One SQL statement: each query's nearest model rows (HNSW), then their claims."""
        if not len(queries) or max_id <= 0:
            return [[] for _ in range(len(queries))]
        dim = int(queries.shape[1])
        ensure_index(session, model_id, dim)
        newer = session.execute(
            text("SELECT count(*) FROM claims WHERE id > :m"), {"m": max_id}
        ).scalar_one()
        limit = k + min(int(newer), 10 * k)  # rows of claims after the mark are dropped below
        session.execute(text(f"SET LOCAL hnsw.ef_search = {max(EF_SEARCH, limit)}"))
        vector, half = f"vector({dim})", f"halfvec({dim})"
        sql = text(
            f"""
            WITH q AS (
                SELECT ord, CAST(v AS {vector}) AS v, CAST(v AS {half}) AS h
                FROM unnest(CAST(:vs AS text[])) WITH ORDINALITY AS t(v, ord)
            )
            SELECT q.ord, c.id, n.dist
            FROM q CROSS JOIN LATERAL (
                SELECT e.text_hash, CAST(e.vector AS {vector}) <=> q.v AS dist
                FROM embeddings e
                WHERE e.model_id = {_literal(model_id)}
                ORDER BY CAST(e.vector AS {half}) <=> q.h
                LIMIT :limit
            ) n
            JOIN claims c ON c.embed_hash = n.text_hash
                OR (c.embed_hash IS NULL AND c.text_hash = n.text_hash)
            WHERE c.id <= :max_id
            """
        )
        vs = ["[" + ",".join(f"{x:.8g}" for x in row) + "]" for row in queries]
        found: list[tuple[list[int], list[float]]] = [([], []) for _ in range(len(queries))]
        params = {"vs": vs, "limit": limit, "max_id": max_id}
        for ord_, claim_id, dist in session.execute(sql, params):
            found[ord_ - 1][0].append(claim_id)
            found[ord_ - 1][1].append(1.0 - float(dist))
        return [
            top_k(np.asarray(ids, dtype=np.int64), np.asarray(sims), k) if ids else []
            for ids, sims in found
        ]
