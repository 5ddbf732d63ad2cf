"""Shards on a Dask cluster: a worker plugin builds the stages once per worker process.

Started by ``engines.open_engine``: it joins a running scheduler (``--address``) or starts a
local cluster bound to 127.0.0.1 with no dashboard. Shards are submitted a window at a time
(a few per worker), so a large run does not hold millions of futures; a worker that dies
mid-shard has its shard re-run by the scheduler elsewhere (or on its restarted process).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from claims.backfill.work import run_task
from claims.config import Settings
from claims.errors import BadInput
from claims.pipeline.runs import Stages
from claims.pipeline.stages import StageFactory

log = logging.getLogger(__name__)

PLUGIN = "claims-stages"
PER_WORKER = 2  # shards in flight per worker: one running, one queued behind it


class StagesPlugin(WorkerPlugin):
    """Builds the stages (and so loads the models) once in each worker process."""

    name = PLUGIN

    def __init__(self, factory: StageFactory, settings: Settings) -> None:
        self.factory = factory
        self.settings = settings
        self.stages: Stages | None = None

    def setup(self, worker: Any) -> None:
        self.stages = self.factory(self.settings)

    def get(self) -> Stages:
        if self.stages is None:
            self.stages = self.factory(self.settings)
        return self.stages


def _shard(task: str, items: Sequence[Any]) -> Any:
    """What a worker runs: one shard with the stages its plugin built."""
    plugin = get_worker().plugins[PLUGIN]
    return run_task(task, plugin.get(), items)


class DaskEngine:
    """A Dask client (and the local cluster it started, if any) running shards."""

    def __init__(self, client: Client, cluster: LocalCluster | None) -> None:
        self.client = client
        self.cluster = cluster
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))

    @classmethod
    def start(
        cls,
        factory: StageFactory,
        settings: Settings,
        *,
        address: str | None = None,
        workers: int | None = None,
    ) -> DaskEngine:
        cluster = None
        try:
            if address:
                client = Client(address, timeout="10s")
            else:
                cluster = LocalCluster(
                    host="127.0.0.1",
                    n_workers=workers or 2,
                    threads_per_worker=1,
                    processes=True,
                    silence_logs=logging.ERROR,  # the CLI prints its own progress
                    dashboard_address=None,
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # its HTTP server too
                )
                client = Client(cluster)
        except OSError as exc:
            raise BadInput(f"cannot reach the Dask scheduler: {exc}", option="address") from None
        client.register_plugin(StagesPlugin(factory, settings), name=PLUGIN)
        if address and workers:
            client.wait_for_workers(workers, timeout=120)
        return cls(client, cluster)

    def run(self, task: str, shards: Sequence[Sequence[Any]]) -> Iterator[tuple[int, Any]]:
        window = max(1, self.workers * PER_WORKER)
        pending = iter(enumerate(shards))
        running = as_completed()
        index_of: dict[str, int] = {}

        def submit() -> bool:
            for index, items in pending:
                future = self.client.submit(_shard, task, items, pure=False)
                index_of[future.key] = index
                running.add(future)
                return True
            return False

        for _ in range(window):
            if not submit():
                break
        for future in running:
            result = future.result()
            index = index_of.pop(future.key)
            future.release()
            submit()
            yield index, result

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
