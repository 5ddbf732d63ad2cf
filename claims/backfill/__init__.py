"""Backfills and rescoring on an engine (in this process, or a Dask cluster).

``backfill_paths`` ingests a large batch with its embedding and scoring in shards;
``rescore_store`` scores stored pairs again with another model. Both resume a killed run.
Dask is imported only when the ``dask`` engine is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from claims.backfill.driver import SHARD_PAIRS, BackfillReport, backfill
from claims.backfill.engines import ENGINES, LocalEngine, ShardEngine, open_engine
from claims.backfill.rescore import RescoreReport, rescore_store
from claims.config import Settings
from claims.pipeline.stages import StageFactory
from claims.types import Progress, no_progress

__all__ = [
    "ENGINES",
    "BackfillReport",
    "LocalEngine",
    "RescoreReport",
    "ShardEngine",
    "backfill",
    "backfill_paths",
    "open_engine",
    "rescore_store",
]


def backfill_paths(
    db: Engine,
    paths: Sequence[Path],
    settings: Settings,
    factory: StageFactory,
    engine: str = "local",
    *,
    address: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    skip_bad: bool = False,
    shard_size: int = SHARD_PAIRS,
    progress: Progress = no_progress,
) -> BackfillReport:
    """Backfill ``paths`` on the engine named ``engine`` with the stages ``factory`` builds
    (on the driver, and once in each worker)."""
    stages = factory(settings)
    shards = open_engine(engine, stages, factory, settings, address=address, workers=workers)
    try:
        return backfill(
            db,
            paths,
            stages,
            shards,
            settings.tuning,
            progress,
            resume=resume,
            skip_bad=skip_bad,
            shard_size=shard_size,
        )
    finally:
        shards.close()
