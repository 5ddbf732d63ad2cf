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
