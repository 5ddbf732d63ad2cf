"""``claims ingest``: add a batch of sources to the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from cli.common import (
    DbOption,
    EmbedOption,
    NliOption,
    PathsArgument,
    ScorerOption,
    echo,
    runtime,
)
from cli.progress import ProgressBar


def ingest(
    ctx: typer.Context,
    paths: PathsArgument,
    db: DbOption = None,
    skip_bad: Annotated[
        bool,
        typer.Option(
            help="Ingest the good files of a batch and list "
            "the bad ones, instead of storing nothing."
        ),
    ] = False,
    nli_model: NliOption = None,
    scorer: ScorerOption = None,
    embed_model: EmbedOption = None,
) -> None:
    """Read sources, extract claims, group the articles into stories and flag contradictions.

    A batch lands whole or not at all; the store's write lock is held only while writing.
    """
    from claims.app import ingest_paths, summary

    flags = {"nli_model": nli_model, "scorer": scorer, "embed_model": embed_model}
    with engine_for(db, **flags) as (engine, settings), ProgressBar() as bar:
        report = ingest_paths(
            engine,
            paths,
            settings,
            skip_bad=skip_bad,
            progress=bar.update,
            stages=runtime(ctx).stage_factory(),
        )
    echo(summary(report))


@contextmanager
def engine_for(db: str | None, **settings_flags: str | None) -> Iterator:
    """An engine on an up-to-date store (created when missing) and the settings; the
    pipeline opens its own short transactions on it."""
    from claims.config import resolve
    from cli.common import naming_store
    from store.db import open_store

    settings = resolve(db=db, **settings_flags)
    with naming_store(settings.db):  # a SQLite failure names the store in its one line
        engine = open_store(settings.db)
        try:
            yield engine, settings
        finally:
            engine.dispose()
