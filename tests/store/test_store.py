"""The schema comes from Alembic migrations and matches the models; the file is real SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text

from claims.errors import StoreError
from store.db import current_tables, open_store
from store.models import Base


def test_migrations_create_every_table(engine: Engine) -> None:
    assert current_tables(engine) >= set(Base.metadata.tables) | {"alembic_version"}


def test_models_match_the_latest_migration(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_store_uses_wal_and_foreign_keys(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_opening_twice_is_idempotent(tmp_path: Path) -> None:
    open_store(tmp_path / "a.db").dispose()
    engine = open_store(tmp_path / "a.db")
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


def test_upgrading_a_store_that_holds_data_keeps_it(tmp_path: Path, stages) -> None:  # noqa: ANN001
    """Each migration runs on a populated store: rows referenced by others survive."""
    from sqlalchemy.orm import Session

    from claims.pipeline.ingest import ingest
    from store.db import make_engine, migrate
    from tests.conftest import FIXTURES

    engine = make_engine(tmp_path / "old.db")
    migrate(engine, "0002")
    with engine.connect() as connection:  # ingest with the 0002 schema: no inherited column
        columns = {row[1] for row in connection.execute(text("PRAGMA table_info(claims)"))}
    assert "event_date_inherited" not in columns
    migrate(engine)  # head, so the pipeline's models fit
    with Session(engine) as session, session.begin():
        ingest(session, [FIXTURES / "batches" / "basic"], stages)
    migrate(engine, "0002")
    migrate(engine)
    with engine.connect() as connection:
        claims = connection.execute(text("SELECT count(*) FROM claims")).scalar()
        flagged = connection.execute(text("SELECT count(*) FROM contradictions")).scalar()
        problems = connection.execute(text("PRAGMA foreign_key_check")).all()
    engine.dispose()
    assert claims and flagged and problems == []
