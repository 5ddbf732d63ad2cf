"""The scale benchmark's PostgreSQL stores: the same rows as bench/scale.py, loaded by COPY.

One database per size (``claims_scale_<size>``) on the server at ``CLAIMS_SCALE_PG`` (default
the local one), migrated by ``open_store``, filled with binary COPY (vectors through
pgvector's psycopg adapter), sequences moved past the copied ids, then the HNSW index built
by ``claims reindex``'s code with the store's default graph. Marker files under bench/out/
say the rows and the whole store are complete.
"""

from __future__ import annotations

import json
import os
import time

import numpy as np
import psycopg

from bench.scale_rows import BASE, CHUNK, MODEL, OUT, base_texts, base_vectors, rows
from store.vectors_pg import Graph

SERVER = os.environ.get("CLAIMS_SCALE_PG", "postgresql+psycopg://claims:claims@127.0.0.1:5432")
TABLES = ("ingests", "sources", "claims", "embeddings", "topics", "contradictions")


def reachable() -> bool:
    """Whether the PostgreSQL server answers."""
    try:
        psycopg.connect(_plain(SERVER + "/postgres"), connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def build_postgres(size: int) -> tuple[str, dict[str, float]]:
    """URL of the Postgres store of ``size`` claims, figures. Reused when built before; its
    index is built again when the store's default graph (``Graph()``) has changed since."""
    url = f"{SERVER}/claims_scale_{size}"
    done = OUT / f"scale-pg-{size}.built.json"
    figures = json.loads(done.read_text()) if done.exists() else load_rows(size)
    seconds = _reindex(url, size, Graph())
    if seconds is None and done.exists():
        return url, figures
    figures["index_s"] = seconds if seconds is not None else float("nan")
    with psycopg.connect(_plain(url)) as con:
        figures["mb"] = con.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        figures["mb"] /= 1e6
    done.write_text(json.dumps(figures))
    return url, figures


def load_rows(size: int) -> dict[str, float]:
    """Create and fill ``claims_scale_<size>`` (reused when its rows were loaded before: at
    10M the rows take most of an hour, so they are kept apart from the index); figures."""
    name = f"claims_scale_{size}"
    url = f"{SERVER}/{name}"
    loaded = OUT / f"scale-pg-{size}.rows.json"
    if loaded.exists():
        return json.loads(loaded.read_text())
    with psycopg.connect(_plain(SERVER + "/postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    from store.db import open_store

    texts = base_texts()
    base = base_vectors(texts)
    started = time.perf_counter()
    open_store(url).dispose()
    with psycopg.connect(_plain(url)) as con:
        _copy_rows(con, size, texts, base)
        for table in TABLES:
            con.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        con.commit()
    figures = {"rows_s": time.perf_counter() - started}
    with psycopg.connect(_plain(url), autocommit=True) as con:
        con.execute("VACUUM ANALYZE")
    loaded.write_text(json.dumps(figures))
    return figures


def _copy_rows(con, size: int, texts: list[str], base: np.ndarray) -> None:  # noqa: ANN001
    from pgvector.psycopg import register_vector

    register_vector(con)
    rng = np.random.default_rng(size)
    con.execute("INSERT INTO ingests VALUES (1, '2026-01-01 00:00:00', 0, 0, 0, 0)")
    _copy_topics(con, size, texts, base)  # before the claims that point at them
    for start in range(0, size, CHUNK):
        sources, claims, embeddings = rows(start, min(size, start + CHUNK), texts, base, rng)
        with con.cursor().copy(
            "COPY sources (id, ingest_id, path, line, content_hash, title, outlet, published, "
            "published_approx, text, canonical_id) FROM STDIN"
        ) as copy:
            for row in sources:
                copy.write_row((*row[:8], bool(row[8]), *row[9:]))
        with con.cursor().copy(
            'COPY claims (id, source_id, text, text_hash, start, "end", event_date_approx, '
            "topic_id, status, event_date_inherited, embed_hash) FROM STDIN"
        ) as copy:
            for row in claims:
                copy.write_row((*row[:6], False, row[7], row[8], False, row[10]))
        with con.cursor().copy(
            "COPY embeddings (model_id, text_hash, dim, vector) FROM STDIN WITH (FORMAT BINARY)"
        ) as copy:
            copy.set_types(["varchar", "varchar", "int4", "vector"])
            for model, h, dim, blob in embeddings:
                copy.write_row((model, h, dim, np.frombuffer(blob, dtype=np.float32)))
    _copy_flags(con, size, rng)


def _copy_topics(con, size: int, texts: list[str], base: np.ndarray) -> None:  # noqa: ANN001
    with con.cursor().copy("COPY topics (id, model_id, label, size, centroid) FROM STDIN") as cp:
        for t in range((len(texts) + 9) // 10):
            centroid = base[t * 10 : t * 10 + 10].mean(axis=0)
            centroid = (centroid / np.linalg.norm(centroid)).astype(np.float32)
            label = ", ".join(texts[t * 10].lower().split()[:3])
            cp.write_row((t + 1, MODEL, label, max(1, size // BASE) * 10, centroid.tobytes()))


def _copy_flags(con, size: int, rng: np.random.Generator) -> None:  # noqa: ANN001
    with con.cursor().copy(
        "COPY contradictions (claim_a_id, claim_b_id, score, kind, explanation, model, status, "
        "ingest_id) FROM STDIN"
    ) as copy:
        for i in range(1, size, 100):
            score = float(rng.uniform(0.5, 1.0))
            copy.write_row((i, i + 1, score, "numeric", "different figures", MODEL, "open", 1))


def _reindex(url: str, size: int, graph: Graph) -> float | None:
    """Build the store's HNSW index as ``graph`` the way ``claims reindex`` does, unless it
    is built so already; seconds, or None when kept. The build gets the memory
    ``build_memory`` says it needs (at least 2 GB) and a parallel worker per spare core."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from claims.app import reindex
    from store.db import open_store
    from store.vectors_pg import build_memory, index_graph

    dim = base_vectors(base_texts()).shape[1]
    engine = open_store(url)
    try:
        with Session(engine) as session, session.begin():
            if not size or index_graph(session, MODEL, dim) == graph:
                return None  # the empty store's index is the first lookup's
            workers = max(0, (os.cpu_count() or 1) - 1)
            session.execute(text(f"SET LOCAL max_parallel_maintenance_workers = {workers}"))
            memory = f"{max(2048, build_memory(size, graph) // 1_000_000)}MB"
            return reindex(session, MODEL, graph.m, graph.ef_construction, memory).seconds
    finally:
        engine.dispose()


def denser_copy(size: int, m: int, ef_construction: int) -> tuple[str, float]:
    """URL of a copy of the ``size`` store whose HNSW index is built ``WITH (m,
    ef_construction)`` instead of the store's defaults, and that build's seconds. Made
    once (``claims_scale_<size>_m<m>_ef<ef_construction>``) and kept; as large as the
    store it copies."""
    build_postgres(size)
    name = f"claims_scale_{size}_m{m}_ef{ef_construction}"
    url = f"{SERVER}/{name}"
    done = OUT / f"scale-pg-{size}-m{m}-ef{ef_construction}.built.json"
    if done.exists():
        return url, json.loads(done.read_text())["index_s"]
    with psycopg.connect(_plain(SERVER + "/postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE claims_scale_{size}")
    seconds = _reindex(url, size, Graph(m, ef_construction)) or 0.0
    done.write_text(json.dumps({"index_s": seconds}))
    return url, seconds


def exact_nearest(
    url: str, queries: np.ndarray, k: int, upto: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each query's ``k`` nearest claims (id <= ``upto``), ids and cosine similarities, best
    first, by exact search over the stored rows. They are read in two sequential COPYs
    (claims' hashes, then the model's vectors) instead of the exact index's chunked IN
    lookups, which at 10M claims read the heap at random. The bench writes one embedding
    per claim, so a hash names one claim."""
    from pgvector.psycopg import register_vector

    with psycopg.connect(_plain(url)) as con:
        register_vector(con)
        claim_of: dict[bytes, int] = {}
        with con.cursor().copy(
            "COPY (SELECT id, coalesce(embed_hash, text_hash) FROM claims WHERE id <= %s) "
            "TO STDOUT",
            (upto,),
        ) as copy:
            for claim_id, h in copy.rows():
                claim_of[bytes.fromhex(h)] = int(claim_id)
        best = np.full((len(queries), k), -np.inf, dtype=np.float32)
        best_ids = np.zeros((len(queries), k), dtype=np.int64)
        ids: list[int] = []
        rows: list[np.ndarray] = []
        with con.cursor().copy(
            "COPY (SELECT text_hash, vector FROM embeddings WHERE model_id = %s) "
            "TO STDOUT (FORMAT BINARY)",
            (MODEL,),
        ) as copy:
            copy.set_types(["varchar", "vector"])
            for h, vector in copy.rows():
                claim_id = claim_of.get(bytes.fromhex(h))
                if claim_id is not None:
                    ids.append(claim_id)
                    rows.append(vector.to_numpy())
                if len(rows) == CHUNK:
                    best, best_ids = _fold(best, best_ids, queries, ids, rows, k)
                    ids, rows = [], []
        if rows:
            best, best_ids = _fold(best, best_ids, queries, ids, rows, k)
    order = np.argsort(-best, axis=1)
    return np.take_along_axis(best_ids, order, 1), np.take_along_axis(best, order, 1)


def recall_sweep(url: str, queries: np.ndarray, k: int, ef_searches: list[int]) -> list[str]:
    """recall@k of the HNSW index at each ``hnsw.ef_search``, with what the misses cost:
    how tightly the exact neighbours are packed (similarity of the 1st, k-th and 2k-th)
    and how much less similar the index's k are than the exact k, on average."""
    from sqlalchemy.orm import Session

    import store.vectors_pg as pg
    from store.db import open_store
    from store.ingest import high_water

    engine = open_store(url)
    with Session(engine) as session:
        upto = high_water(session)[1]
    ids, sims = exact_nearest(url, queries, 2 * k, upto)
    lines = [
        f"exact similarity, mean over queries: 1st {sims[:, 0].mean():.4f}, {k}th "
        f"{sims[:, k - 1].mean():.4f}, {2 * k}th {sims[:, 2 * k - 1].mean():.4f}"
    ]
    try:
        for ef in ef_searches:
            with Session(engine) as session, session.begin():
                started = time.perf_counter()
                found = pg.PgVectorIndex(ef).nearest(session, MODEL, queries, k, upto)
                seconds = time.perf_counter() - started
            hit = np.mean([len({i for i, _ in f} & set(e[:k].tolist())) / k
                           for f, e in zip(found, ids, strict=True)])  # fmt: skip
            short = np.mean([sims[q, :k].mean() - np.mean([s for _, s in f])
                             for q, f in enumerate(found)])  # fmt: skip
            lines.append(
                f"ef_search {ef}: recall@{k} {hit:.3f}, the index's {k} {short:.4f} less "
                f"similar than the exact {k} on average, {len(queries)} lookups {seconds:.2f} s"
            )
    finally:
        engine.dispose()
    return lines


def _fold(best, best_ids, queries, ids, rows, k):  # noqa: ANN001, ANN202 - arrays
    """The running top ``k`` of each query, with one chunk of stored vectors added."""
    chunk = np.stack(rows).astype(np.float32)
    norms = np.linalg.norm(chunk, axis=1)
    sims = (queries @ chunk.T) / np.where(norms > 0, norms, 1.0)
    sims = np.concatenate([best, sims], axis=1)
    every = np.concatenate(
        [best_ids, np.broadcast_to(np.asarray(ids), (len(queries), len(ids)))], 1
    )
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    return np.take_along_axis(sims, top, 1), np.take_along_axis(every, top, 1)
