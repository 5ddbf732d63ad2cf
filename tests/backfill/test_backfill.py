"""``claims backfill`` equals ``claims ingest``: same claims, same topics after a retopic,
same flagged pairs with the same scores, on the local engine and on a real Dask cluster,
into SQLite and PostgreSQL; and a run that is interrupted is refused until resumed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from claims.backfill import backfill_paths
from claims.errors import BadInput
from cli.common import Runtime
from cli.main import app
from store import backfill as ledger
from store.db import open_store
from store.models import BackfillShard
from tests.backfill.conftest import PATHS, SETTINGS
from tests.backfill.helpers import content, fast_stages


def test_local_backfill_equals_ingest(store_engine: Engine, reference: dict) -> None:
    report = backfill_paths(store_engine, PATHS, SETTINGS, fast_stages, shard_size=16)
    assert report.ingest.contradictions_added == len(reference["pairs"]) > 0
    assert report.shards_run["score"] > 1, "more than one shard: the shards add up"
    assert content(store_engine) == reference


@pytest.mark.cluster
def test_dask_backfill_equals_ingest(
    store_engine: Engine, reference: dict, dask_address: str
) -> None:
    report = backfill_paths(
        store_engine, PATHS, SETTINGS, fast_stages, "dask", address=dask_address, shard_size=16
    )
    assert report.shards_run["embed"] >= 1 and report.shards_run["score"] > 1
    assert content(store_engine) == reference


@pytest.mark.cluster
def test_dask_cluster_started_by_backfill_is_local(engine: Engine, reference: dict) -> None:
    """Without --address, backfill starts (and stops) its own cluster on 127.0.0.1."""
    backfill_paths(engine, PATHS, SETTINGS, fast_stages, "dask", workers=1)
    assert content(engine) == reference


def test_a_second_backfill_of_the_same_batch_stores_nothing_new(engine: Engine) -> None:
    backfill_paths(engine, PATHS, SETTINGS, fast_stages)
    before = content(engine, retopic=False)
    again = backfill_paths(engine, PATHS, SETTINGS, fast_stages)
    assert again.ingest.already_stored == again.ingest.articles
    assert again.pairs_sharded == 0, "every verdict came from the store's cache"
    assert content(engine, retopic=False) == before


def test_an_unfinished_run_is_resumed_only_when_asked(engine: Engine, reference: dict) -> None:
    from claims.backfill.driver import run_key

    with Session(engine) as session, session.begin():
        ledger.start_run(session, "backfill", run_key(PATHS, fast_stages()), "cues-v1")
    with pytest.raises(BadInput, match="resume"):
        backfill_paths(engine, PATHS, SETTINGS, fast_stages)
    report = backfill_paths(engine, PATHS, SETTINGS, fast_stages, resume=True)
    assert report.resumed
    assert content(engine) == reference


def test_cli_backfill_prints_shards_and_summary(tmp_path: Path, reference: dict) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    runtime = Runtime(stages=fast_stages)
    args = ["backfill", *map(str, PATHS), "--db", db, "--shard-size", "16"]
    result = runner.invoke(app, args, obj=runtime, env={"CLAIMS_MIN_SIMILARITY": "0.2"})
    assert result.exit_code == 0, result.output
    assert "contradictions flagged" in result.output
    assert "score shards: " in result.output and "pairs/s" in result.output
    engine = open_store(db)
    try:
        assert content(engine) == reference
        with Session(engine) as session:
            shards = session.scalars(select(BackfillShard)).all()
            assert {s.phase for s in shards} == {"embed", "score"}
    finally:
        engine.dispose()


def test_cli_refuses_an_unknown_engine(tmp_path: Path) -> None:
    args = ["backfill", str(PATHS[0]), "--db", str(tmp_path / "x.db"), "--engine", "spark"]
    result = CliRunner().invoke(app, args, obj=Runtime(stages=fast_stages))
    assert result.exit_code == 2
    assert "error: --engine unknown engine 'spark'" in result.output


@pytest.mark.cluster
def test_the_test_cluster_listens_on_loopback_only(dask_address: str) -> None:
    """Scheduler, nannies and workers: every listening socket is on 127.0.0.1."""
    import psutil
    from distributed import Client

    with Client(dask_address) as client:
        workers = client.run(os.getpid)
        nannies = client.run(os.getppid)
    pids = {os.getpid(), *workers.values(), *nannies.values()}
    listening = [
        c.laddr.ip
        for c in psutil.net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.pid in pids
    ]
    assert listening and set(listening) == {"127.0.0.1"}, listening
