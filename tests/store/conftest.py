"""The store suite runs on both engines: ``engine`` and ``cli`` here are the parametrised
ones (SQLite file, PostgreSQL database); tests that only make sense on a SQLite file ask
for ``sqlite_engine`` or skip with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from cli.common import Runtime
from cli.main import app
from store.db import open_store


@pytest.fixture
def engine(store_engine: Engine) -> Engine:
    return store_engine


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_store(tmp_path / "claims.db")
    yield engine
    engine.dispose()


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, runtime: Runtime, store_db: str):
    """Invoke ``claims ARGS --db STORE`` on the parametrised store with the test stages."""
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")  # the hashing double is not semantic
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, [*args, "--db", store_db], obj=runtime)

    invoke.db = store_db  # type: ignore[attr-defined]
    return invoke


def only_sqlite(engine: Engine, why: str) -> None:
    """Skip this test's Postgres run, saying why it only makes sense on a SQLite file."""
    if engine.dialect.name != "sqlite":
        pytest.skip(f"SQLite only: {why}")


@pytest.fixture(scope="session")
def full_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store at the head revision holding two batches (copy it before use)."""
    from tests.store.legacy import make_full_store

    return make_full_store(tmp_path_factory.mktemp("full") / "full.db")
