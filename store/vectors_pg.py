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
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from store.vectors import Hits, top_k

log = logging.getLogger(__name__)
EF_SEARCH = 200  # HNSW candidates per query at least (pgvector's default is 40)


@dataclass(frozen=True)
class Graph:
    """How densely an HNSW index links its claims: ``m`` neighbours a node (2m on the
    bottom layer), ``ef_construction`` candidates weighed for them. Denser costs build time
    and memory (``build_memory``), and finds near-duplicate claims that sparser misses."""

    m: int = 24
    ef_construction: int = 128

    def __post_init__(self) -> None:
        if not 2 <= self.m <= 100 or not 2 * self.m <= self.ef_construction <= 1000:
            raise ValueError(f"HNSW needs 2 <= m <= 100 and 2m <= ef_construction <= 1000: {self}")

    @property
    def clause(self) -> str:
        return f"WITH (m = {self.m}, ef_construction = {self.ef_construction})"


def build_memory(claims: int, graph: Graph) -> int:
    """Bytes of ``maintenance_work_mem`` an HNSW build of ``claims`` vectors of 384
    dimensions needs to stay in memory (pgvector goes on building on disk, many times
    slower, once it runs out): half-precision vector and node about 1.24 kB, plus 32 bytes
    per unit of m for the neighbour lists. At 10M claims and m 16, the 17.5 GB this
    gives were enough (bench/scale_pg.py)."""
    return claims * (1238 + 32 * graph.m)


def _literal(value: str) -> str:
    """``value`` as an SQL string literal (the partial index's predicate must be a constant
    the planner can match, so the model id is written into the SQL, quoted)."""
    return "'" + value.replace("'", "''") + "'"


def index_name(model_id: str, dim: int) -> str:
    """The model's index; ``h``: half precision (migration 0008 drops the full-precision
    ones, named without it)."""
    return f"ix_embeddings_hnsw_{hashlib.sha256(model_id.encode()).hexdigest()[:12]}_{dim}h"


def _ddl(name: str, model_id: str, dim: int, graph: Graph) -> str:
    return (
        f"CREATE INDEX {name} ON embeddings USING hnsw "
        f"((vector::halfvec({dim})) halfvec_cosine_ops) {graph.clause} "
        f"WHERE model_id = {_literal(model_id)}"
    )


def ensure_index(session: Session, model_id: str, dim: int, graph: Graph = Graph()) -> None:
    """Create the model's HNSW index when it is missing (in a savepoint: if another
    session is creating it meanwhile, this lookup scans exactly, without it)."""
    name = index_name(model_id, dim)
    found = session.execute(text("SELECT to_regclass(:n)"), {"n": name}).scalar()
    if found is not None:
        return
    ddl = _ddl(name, model_id, dim, graph).replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS")
    try:
        with session.begin_nested():
            session.execute(text(ddl))
        log.info("created the HNSW index %s", name)
    except DBAPIError as exc:
        log.warning("could not create the HNSW index %s: %s", name, exc)


def index_graph(session: Session, model_id: str, dim: int) -> Graph | None:
    """The settings the model's index was built with; None when it has none."""
    options = session.execute(
        text("SELECT reloptions FROM pg_class WHERE relname = :n"),
        {"n": index_name(model_id, dim)},
    ).first()
    if options is None:
        return None
    given = dict(option.split("=", 1) for option in options[0] or [])
    return Graph(int(given.get("m", 16)), int(given.get("ef_construction", 64)))


def build_memory_given(session: Session, memory: str | None = None) -> int:
    """Bytes of ``maintenance_work_mem`` the next build in this transaction gets:
    ``memory`` (e.g. '20GB') when given, else the server's, database's or role's."""
    if memory is not None:
        session.execute(text("SELECT set_config('maintenance_work_mem', :m, true)"), {"m": memory})
    return session.execute(
        text("SELECT setting::bigint * 1024 FROM pg_settings WHERE name = 'maintenance_work_mem'")
    ).scalar_one()


def model_vectors(session: Session, model_id: str) -> tuple[int, int | None]:
    """How many vectors the model has stored (counted on the unique index, not the rows),
    and their dimension (None without any)."""
    model = {"m": model_id}
    count = session.execute(text("SELECT count(*) FROM embeddings WHERE model_id = :m"), model)
    dim = session.execute(text("SELECT dim FROM embeddings WHERE model_id = :m LIMIT 1"), model)
    return int(count.scalar_one()), dim.scalar()


def rebuild_index(session: Session, model_id: str, dim: int, graph: Graph) -> None:
    """Build the model's index again as ``graph``, beside the old one, then swap them.

    Ingests and checks wait for the build (it locks the table against writes); reads and
    reports go on with the old index until the swap, which holds its lock only until the caller
    commits. Parallel workers help as ``max_parallel_maintenance_workers`` allows.
    """
    name = index_name(model_id, dim)
    session.execute(text(_ddl(f"{name}_next", model_id, dim, graph)))
    session.execute(text(f"DROP INDEX IF EXISTS {name}"))
    session.execute(text(f"ALTER INDEX {name}_next RENAME TO {name}"))


@contextmanager
def watching_build(
    session: Session, report: Callable[[int], None], every: float = 2.0
) -> Iterator[None]:
    """While the body builds an index in ``session``, call ``report(tuples loaded)`` every
    ``every`` seconds from PostgreSQL's progress view, read on a connection of its own
    (the session's is busy with the build)."""
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    done = threading.Event()
    query = text("SELECT tuples_done FROM pg_stat_progress_create_index WHERE pid = :p")

    def watch() -> None:
        with session.get_bind().connect() as connection:
            while not done.wait(every):
                loaded = connection.execute(query, {"p": pid}).scalar()
                connection.rollback()  # a fresh snapshot of the view each time
                if loaded:
                    report(int(loaded))

    watcher = threading.Thread(target=watch, name="hnsw-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


class PgVectorIndex:
    """pgvector HNSW: the vectors are rows, so the index follows every insert.

    ``ef_search``: candidates a lookup weighs at least (a benchmark sweeps it).
    """

    def __init__(self, ef_search: int = EF_SEARCH) -> None:
        self.ef_search = ef_search

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
        session.execute(  # a database's or role's own, higher hnsw.ef_search is kept
            text(
                "SELECT set_config('hnsw.ef_search', greatest("
                "current_setting('hnsw.ef_search', true)::int, :ef)::text, true)"
            ),
            {"ef": max(self.ef_search, limit)},
        )
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
