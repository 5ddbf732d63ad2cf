"""Where shards run: in this process (``local``) or on a Dask cluster (``dask``).

Both take the same stage factory and settings, build the stages once per worker (models
loaded once), and hand back each shard's result as it completes, in any order. The driver
never sees how: it gives shards, gets ``(index, result)`` back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from claims.backfill.work import run_task
from claims.config import Settings
from claims.errors import BadInput
from claims.pipeline.runs import Stages
from claims.pipeline.stages import StageFactory

ENGINES = ("local", "dask")


class ShardEngine(Protocol):
    """Runs shards of one task; yields (shard index, result) as shards complete."""

    workers: int

    def run(self, task: str, shards: Sequence[Sequence[Any]]) -> Iterator[tuple[int, Any]]: ...

    def close(self) -> None: ...


@dataclass
class LocalEngine:
    """Shards one after another in this process, with the driver's own stages."""

    stages: Stages
    workers: int = 1

    def run(self, task: str, shards: Sequence[Sequence[Any]]) -> Iterator[tuple[int, Any]]:
        for index, items in enumerate(shards):
            yield index, run_task(task, self.stages, items)

    def close(self) -> None:
        """Nothing to release: the stages belong to the caller."""


def open_engine(
    name: str,
    stages: Stages,
    factory: StageFactory,
    settings: Settings,
    *,
    address: str | None = None,
    workers: int | None = None,
) -> ShardEngine:
    """The engine ``name`` (``local`` or ``dask``); ``dask`` joins the scheduler at
    ``address``, or starts a cluster of ``workers`` processes on 127.0.0.1."""
    if name == "local":
        if address:
            raise BadInput("is for the dask engine only", option="address")
        return LocalEngine(stages)
    if name == "dask":
        try:
            from claims.backfill.dask_engine import DaskEngine  # dask is imported only here
        except ImportError:
            raise BadInput(
                "dask needs the cluster extra: pip install 'claims[cluster]'", option="engine"
            ) from None
        return DaskEngine.start(factory, settings, address=address, workers=workers)
    raise BadInput(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}", option="engine")
