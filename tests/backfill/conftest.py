"""The backfill tests' batch and its ordinary ingest, and a real Dask cluster: two worker
processes on 127.0.0.1, no dashboard, started once per test run and shared by the cluster
tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims.config import Settings
from claims.pipeline.ingest import ingest_briefly
from store.db import open_store
from tests.backfill.helpers import content, fast_stages
from tests.conftest import FIXTURES


@pytest.fixture(scope="session")
def dask_address() -> Iterator[str]:
    """The scheduler address of a local cluster bound to loopback only."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.diagnostics.nvml": False}):
        cluster = LocalCluster(
            host="127.0.0.1",
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # its HTTP server too
            silence_logs=logging.ERROR,
        )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


BATCHES = FIXTURES / "batches"
PATHS = [BATCHES / "basic", BATCHES / "check", BATCHES / "more", BATCHES / "review"]
SETTINGS = Settings(min_similarity=0.2)  # the hashing embedder is not semantic


@pytest.fixture
def reference(tmp_path: Path) -> dict[str, object]:
    """What an ordinary ingest of the batch stores (a SQLite file of its own)."""
    engine = open_store(tmp_path / "reference.db")
    try:
        ingest_briefly(engine, PATHS, fast_stages(), SETTINGS.tuning)
        return content(engine)
    finally:
        engine.dispose()
