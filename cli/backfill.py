"""``claims backfill`` and ``claims rescore``: large batches and new models on an engine."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer

from cli.common import DbOption, EmbedOption, NliOption, PathsArgument, ScorerOption, echo, runtime

EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="Where extraction, embedding and scoring run: 'local' (this process) or 'dask'.",
    ),
]
AddressOption = Annotated[
    str | None,
    typer.Option(
        "--address",
        help="Dask scheduler to join (tcp://host:8786); without it, --engine dask starts "
        "a cluster on 127.0.0.1.",
        show_default=False,
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", help="Worker processes of the local Dask cluster (default 2).", min=1
    ),
]
ShardOption = Annotated[
    int,
    typer.Option(
        "--shard-size",
        help="Candidate pairs per scoring shard (twice as many texts per embedding shard).",
        min=1,
    ),
]
ResumeOption = Annotated[
    bool, typer.Option("--resume", help="Finish a run that was killed, where it stopped.")
]


class ShardProgress:
    """Shards done, pairs/s and an ETA: a line on stderr per shard (a bar is noise in
    logs), and the stage counts the library reports."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.pairs = 0

    def update(self, stage: str, done: int, total: int) -> None:
        if stage == "score pairs":
            self.pairs = done
            return
        if not stage.endswith("shards"):
            return
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        eta = elapsed / done * (total - done) if done else 0.0
        rate = f", {self.pairs / elapsed:.0f} pairs/s" if stage == "score shards" else ""
        line = f"{stage}: {done}/{total}{rate}, ETA {eta:.0f} s"
        print(line, file=sys.stderr, flush=True)
        if done == total:
            self.started, self.pairs = time.perf_counter(), 0


def backfill(
    ctx: typer.Context,
    paths: PathsArgument,
    db: DbOption = None,
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
    resume: ResumeOption = False,
    shard_size: ShardOption = 256,
    skip_bad: Annotated[
        bool, typer.Option(help="Store the good files and list the bad ones.")
    ] = False,
    nli_model: NliOption = None,
    scorer: ScorerOption = None,
    embed_model: EmbedOption = None,
) -> None:
    """Ingest a large archive with extraction, embedding and scoring in shards on an engine.

    The result equals `claims ingest` of the same paths; a killed run resumes (--resume).
    """
    from claims.app import summary
    from claims.backfill import backfill_paths
    from cli.ingest import engine_for

    flags = {"nli_model": nli_model, "scorer": scorer, "embed_model": embed_model}
    with engine_for(db, **flags) as (store, settings):
        report = backfill_paths(
            store,
            paths,
            settings,
            runtime(ctx).stage_factory(),
            engine,
            address=address,
            workers=workers,
            resume=resume,
            skip_bad=skip_bad,
            shard_size=shard_size,
            progress=ShardProgress().update,
        )
    echo(summary(report.ingest))
    ran = ", ".join(f"{n} {phase}" for phase, n in report.shards_run.items())
    resumed = f"; resumed run {report.run_id} ({report.shards_resumed} shards were done)"
    echo(f"Shards run: {ran or 'none'}{resumed if report.resumed else ''}.")


def rescore(
    ctx: typer.Context,
    db: DbOption = None,
    nli_model: NliOption = None,
    scorer: ScorerOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only pairs with a claim ingested on/after YYYY-MM-DD.", show_default=False
        ),
    ] = None,
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
) -> None:
    """Score the stored candidate pairs again with another model (--nli-model).

    Open pairs take the new scores; confirmed and dismissed ones keep theirs. Every pair's
    old and new scores are kept: `claims report --model ID` compares them.
    """
    from claims.backfill.rescore import rescore_store
    from claims.config import resolve
    from cli.common import existing_store, naming_store
    from cli.ingest import engine_for

    flags = {"nli_model": nli_model, "scorer": scorer}
    where = resolve(db=db).db
    with naming_store(where):
        existing_store(where)  # rescoring never creates a store
    with engine_for(db, **flags) as (store, settings):
        report = rescore_store(
            store,
            settings,
            runtime(ctx).stage_factory(),
            engine,
            since=since,
            address=address,
            workers=workers,
            progress=ShardProgress().update,
        )
    echo(report.summary())
