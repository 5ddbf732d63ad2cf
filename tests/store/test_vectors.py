"""The store's vector index answers as exact search does, on both engines.

SQLite uses the usearch file beside the db (built here even for a small store), PostgreSQL
pgvector's HNSW index, created by the first lookup; both are approximate, so they are held to
90% of the exact scan's neighbours with the same similarities, and to the high-water mark
that hides claims written after a snapshot.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.pipeline import Stages, ingest
from store.ingest import high_water
from store.vectors import ExactIndex, VectorIndex
from store.vectors_file import FileIndex
from store.vectors_index import index_for
from tests.conftest import SEEDS

QUERIES = [
    "The minister said forty people were hurt in the fire.",
    "Officials denied that the agreement had been signed.",
    "The company reported record profits this year.",
]


def _index(session: Session, tmp_path: Path) -> VectorIndex:
    chosen = index_for(session)
    if isinstance(chosen, FileIndex):
        return FileIndex(chosen.database, build_at=0)
    return chosen


def _ids(hits: list[list[tuple[int, float]]]) -> list[list[int]]:
    return [[i for i, _ in row] for row in hits]


def test_index_matches_exact_search(store_engine: Engine, stages: Stages, tmp_path: Path) -> None:
    with Session(store_engine) as session:
        with session.begin():
            ingest(session, sorted(SEEDS.iterdir()), stages, Tuning())
        model = stages.embedder.model_id
        queries = stages.embedder.embed(QUERIES)
        with session.begin():
            top = high_water(session)[1]
            index = _index(session, tmp_path)
            for mark in (top, top // 2):
                exact = ExactIndex().nearest(session, model, queries, 12, mark)
                found = index.nearest(session, model, queries, 12, mark)
                pairs = zip(_ids(found), _ids(exact), strict=True)
                shared = sum(len(set(f) & set(e)) for f, e in pairs)
                assert shared >= 0.9 * sum(len(e) for e in _ids(exact))  # HNSW is approximate
                assert all(i <= mark for row in _ids(found) for i in row)
                for row, truth in zip(found, exact, strict=True):
                    sims = dict(truth)
                    assert all(abs(s - sims[i]) < 2e-3 for i, s in row if i in sims)


def test_postgres_lookup_uses_the_hnsw_index(store_engine: Engine, stages: Stages) -> None:
    if store_engine.dialect.name != "postgresql":
        return  # the SQLite side is the usearch file, checked above
    from store.vectors_pg import index_name

    with Session(store_engine) as session:
        with session.begin():
            ingest(session, sorted(SEEDS.iterdir())[:2], stages, Tuning())
        model = stages.embedder.model_id
        with session.begin():
            index_for(session).nearest(
                session, model, stages.embedder.embed(QUERIES[:1]), 12, 10**9
            )
        name = index_name(model, stages.embedder.dimension)
        with session.begin():
            assert session.execute(text("SELECT to_regclass(:n)"), {"n": name}).scalar()


def test_migration_replaces_full_precision_hnsw_indexes(
    store_engine: Engine, stages: Stages
) -> None:
    if store_engine.dialect.name != "postgresql":
        return  # SQLite has no HNSW index in the db
    from store.db import head_revision, migrate
    from store.vectors_pg import index_name

    head = head_revision()
    with Session(store_engine) as session, session.begin():
        ingest(session, sorted(SEEDS.iterdir())[:1], stages, Tuning())
    model, dim = stages.embedder.model_id, stages.embedder.dimension
    stray = "ix_embeddings_hnsw_0123456789ab_384"  # a model with no vector left
    used = index_name(model, dim)[:-1]  # the full-precision name of a model with vectors
    with store_engine.begin() as connection:
        for name in (stray, used):
            connection.execute(
                text(
                    f"CREATE INDEX {name} ON embeddings USING hnsw "
                    f"((vector::vector({dim})) vector_cosine_ops)"
                )
            )
        connection.execute(text("UPDATE alembic_version SET version_num = '0007'"))
    try:
        migrate(store_engine, "0008")  # 0008 alone runs again: the rest is at head
    finally:
        with store_engine.begin() as connection:  # the database is shared by the test run
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    with store_engine.connect() as connection:
        found = {
            name: connection.execute(text("SELECT to_regclass(:n)"), {"n": name}).scalar()
            for name in (stray, used, index_name(model, dim), index_name("gone", 384))
        }
    assert found == {stray: None, used: None, index_name(model, dim): index_name(model, dim),
                     index_name("gone", 384): None}  # fmt: skip
