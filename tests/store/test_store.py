"""The schema comes from Alembic migrations and matches the models, on both engines; a
SQLite store is a real SQLite file (WAL, foreign keys); a Postgres store keeps vectors in
pgvector's ``vector`` column and its audit log append-only in plpgsql."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from claims.errors import StoreError
from store.db import current_tables, open_store
from store.models import Base
from tests import pg


def test_migrations_create_every_table(engine: Engine) -> None:
    assert current_tables(engine) >= set(Base.metadata.tables) | {"alembic_version"}


def test_models_match_the_latest_migration(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": _migrated})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def _migrated(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
    """Everything but the per-model HNSW indexes, which a lookup creates when first needed
    (store.vectors_pg), not a migration."""
    return not (type_ == "index" and (name or "").startswith("ix_embeddings_hnsw_"))


def test_store_uses_wal_and_foreign_keys(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_opening_twice_is_idempotent(store_db: str) -> None:
    open_store(store_db).dispose()
    engine = open_store(store_db)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    engine.dispose()
    assert len(versions) == 1


def test_unusable_paths_are_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing" / "x.db")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(garbage)


@pytest.fixture(params=["sqlite", "postgres"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store with no schema at all, on each engine (Postgres: a database of its own)."""
    if request.param == "sqlite":
        yield str(tmp_path / "old.db")
        return
    request.getfixturevalue("pg_store")  # skips or fails without a server
    with pg.fresh_database("claims_test_empty") as url:
        yield url


def test_upgrading_a_store_that_holds_data_keeps_it(empty_db: str, stages) -> None:  # noqa: ANN001
    """Each migration runs on a populated store: rows referenced by others survive."""
    from sqlalchemy.orm import Session

    from claims.pipeline.ingest import ingest
    from store.db import make_engine, migrate
    from tests.conftest import FIXTURES

    engine = make_engine(empty_db)
    assert migrate(engine, "0002") == (None, "0002")
    # ingest with the 0002 schema: no inherited column
    columns = {c["name"] for c in inspect(engine).get_columns("claims")}
    assert "event_date_inherited" not in columns
    migrate(engine)  # head, so the pipeline's models fit
    with Session(engine) as session, session.begin():
        ingest(session, [FIXTURES / "batches" / "basic"], stages)
    migrate(engine, "0002")
    migrate(engine)
    with engine.connect() as connection:
        claims = connection.execute(text("SELECT count(*) FROM claims")).scalar()
        flagged = connection.execute(text("SELECT count(*) FROM contradictions")).scalar()
        problems = (  # Postgres checks every foreign key as it writes
            connection.execute(text("PRAGMA foreign_key_check")).all()
            if engine.dialect.name == "sqlite"
            else []
        )
    engine.dispose()
    assert claims and flagged and problems == []


def test_vectors_are_float32_bytes_on_both_engines(session) -> None:  # noqa: ANN001
    """Python reads exactly the bytes it wrote; on Postgres the column is pgvector's."""
    import numpy as np

    from store.ingest import add_embeddings, embeddings_for

    vectors = np.random.default_rng(3).standard_normal((3, 384)).astype(np.float32)
    with session.begin():
        add_embeddings(session, "m", ["a", "b", "c"], vectors)
    found = embeddings_for(session, "m", ["a", "b", "c"])
    assert [found[h].tobytes() for h in "abc"] == [v.tobytes() for v in vectors]
    if session.bind.dialect.name == "postgresql":
        kind = session.execute(text("SELECT pg_typeof(vector)::text FROM embeddings")).first()
        near = session.execute(
            text("SELECT text_hash FROM embeddings ORDER BY vector <=> (:v)::vector LIMIT 1"),
            {"v": "[" + ",".join(map(str, vectors[1].tolist())) + "]"},
        ).scalar()
        assert kind == ("vector",) and near == "b"


def test_the_audit_log_is_append_only(session) -> None:  # noqa: ANN001
    from sqlalchemy.exc import DatabaseError

    session.execute(text("INSERT INTO audit_log (at, by, entity, entity_id, field) "
                         "VALUES ('2026-01-01', 'a', 'claim', 1, 'status')"))  # fmt: skip
    session.commit()
    statements = ["UPDATE audit_log SET by = 'b'", "DELETE FROM audit_log"]
    if session.bind.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_log")  # a statement trigger refuses it too
    for statement in statements:
        with pytest.raises(DatabaseError, match="append-only"):
            session.execute(text(statement))
        session.rollback()
    assert session.execute(text("SELECT by FROM audit_log")).scalars().all() == ["a"]


def _first_command(url: str) -> str | None:
    """Open (and so create) the store in a process of its own; its revision."""
    from store.db import current_revision

    engine = open_store(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def test_first_commands_at_once_on_an_empty_postgres_database(pg_store: str) -> None:
    """Three processes' first commands create the schema once: the migration waits on an
    advisory lock, then finds it current (SQLite would race on a fresh file)."""
    import multiprocessing

    from store.db import head_revision

    spawn = multiprocessing.get_context("spawn")
    with pg.fresh_database("claims_test_first") as url, spawn.Pool(3) as pool:
        revisions = pool.map(_first_command, [url] * 3)
    assert revisions == [head_revision()] * 3
