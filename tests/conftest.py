"""Shared fixtures: a fresh SQLite file per test and the fast default stages.

``store_db``/``store_engine`` run a test on both engines: a fresh SQLite file, and a
PostgreSQL database created and migrated once per run (``tests.pg``), emptied per test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from claims.pipeline import Stages
from cli.common import Runtime
from cli.main import app
from store.db import make_engine, open_store
from tests import pg
from tests.doubles import fast_stages

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT / "seeds"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_store(tmp_path / "claims.db")
    yield engine
    engine.dispose()


ENGINES = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def pg_store() -> Iterator[str]:
    """URL of this run's PostgreSQL database, migrated to the latest schema (skips, or
    fails under CLAIMS_REQUIRE_PG=1, when no server answers)."""
    problem = pg.server_problem()
    if problem is not None:
        pg.unavailable(problem)
    with pg.fresh_database() as url:
        open_store(url).dispose()
        yield url


@pytest.fixture(params=ENGINES)
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The ``--db`` of a fresh store on each engine: a SQLite path, or a Postgres URL whose
    tables were just emptied."""
    if request.param == "sqlite":
        return str(tmp_path / "claims.db")
    url = request.getfixturevalue("pg_store")
    engine = make_engine(url)
    try:
        pg.empty_tables(engine)
    finally:
        engine.dispose()
    return url


@pytest.fixture
def store_engine(store_db: str) -> Iterator[Engine]:
    """An engine on ``store_db``, at the latest schema."""
    engine = open_store(store_db)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


@pytest.fixture
def stages() -> Stages:
    return fast_stages()


@pytest.fixture
def runtime(stages: Stages) -> Runtime:
    """What the CLI runs with in tests: the test stages, passed in as the context object."""
    return Runtime(stages=lambda settings: stages)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, runtime: Runtime):
    """``claims ARGS`` with the test stages, the store named in ARGS; returns typer's result."""
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")  # the hashing double is not semantic
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), obj=runtime)

    return invoke


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, runtime: Runtime, tmp_path: Path):
    """Invoke ``claims ARGS --db tmp/claims.db`` (the ``engine`` fixture's file) with the
    test stages; returns typer's result. ``cli.db`` is the database path."""
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")  # the hashing double is not semantic
    db = str(tmp_path / "claims.db")
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, [*args, "--db", db], obj=runtime)

    invoke.db = db  # type: ignore[attr-defined]
    return invoke


@contextmanager
def mounted_tmpfs(point: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted at ``point`` (made here) with mount ``options`` for the block, then
    unmounted (lazily if busy); skips the test where mounting is not allowed. For the tests
    of a disk that fills: only a real small file system fails a write the way users see."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(point)], check=False)
        if subprocess.run(["umount", str(point)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(point)], check=False)
