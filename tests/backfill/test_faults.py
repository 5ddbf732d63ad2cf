"""Faults for real: a Dask worker process killed mid-shard, and the driver killed with
SIGKILL part-way through; either way the run ends equal to an ordinary ingest, with
nothing lost and nothing stored twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from claims.backfill import backfill_paths
from store.models import BackfillShard
from tests.backfill.conftest import PATHS, SETTINGS
from tests.backfill.helpers import content, killing_stages, slow_stages
from tests.conftest import ROOT

DRIVER = """
import sys
from functools import partial
from cli.common import Runtime
from cli.main import app
from tests.backfill.helpers import slow_stages

db, address, *paths = sys.argv[1:]
args = ["backfill", *paths, "--db", db, "--engine", "dask", "--address", address,
        "--shard-size", "4"]
app(args, obj=Runtime(stages=partial(slow_stages, 0.4)), standalone_mode=True)
"""


def _count(engine: Engine, column) -> int:  # noqa: ANN001 - a mapped column
    with Session(engine) as session:
        return int(session.scalar(select(func.count(column))) or 0)


@pytest.mark.cluster
def test_a_worker_killed_mid_shard_is_retried(
    store_engine: Engine, reference: dict, dask_address: str, tmp_path: Path
) -> None:
    marker = tmp_path / "killed"
    factory = partial(killing_stages, str(marker))
    report = backfill_paths(
        store_engine, PATHS, SETTINGS, factory, "dask", address=dask_address, shard_size=8
    )
    assert marker.exists(), "a worker process was killed while scoring a shard"
    assert int(marker.read_text()) != os.getpid()
    assert content(store_engine) == reference
    shards = _count(store_engine, BackfillShard.id)
    assert shards == sum(report.shards_run.values()), "each shard recorded once"
    assert len(reference["verdicts"]) == report.pairs_sharded, "no pair scored twice"


@pytest.mark.cluster
def test_the_driver_killed_then_resumed(
    store_db: str, store_engine: Engine, reference: dict, dask_address: str
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", DRIVER, store_db, dask_address, *map(str, PATHS)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stderr is not None
    seen = []
    for line in child.stderr:
        seen.append(line)
        if line.startswith("score shards: 3/"):
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "".join(seen)
    done_before = _count(store_engine, BackfillShard.id)
    assert done_before >= 3 and content(store_engine, retopic=False)["claims"] == []
    report = backfill_paths(
        store_engine,
        PATHS,
        SETTINGS,
        partial(slow_stages, 0.0),
        "dask",
        address=dask_address,
        resume=True,
        shard_size=4,
    )
    assert report.resumed and report.shards_resumed == done_before
    assert content(store_engine) == reference
