"""``claims ingest``: add a batch of sources to the store."""

from __future__ import annotations

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
    session_for,
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
    """Read sources, extract claims, cluster them and flag contradictions (one transaction)."""
    from claims.app import ingest_paths, summary

    with (
        session_for(db, nli_model=nli_model, scorer=scorer, embed_model=embed_model) as (
            session,
            settings,
        ),
        ProgressBar() as bar,
    ):
        report = ingest_paths(
            session,
            paths,
            settings,
            skip_bad=skip_bad,
            progress=bar.update,
            stages=runtime(ctx).stage_factory(),
        )
    echo(summary(report))
