"""``claims ingest``: add a batch of sources to the store."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import DbOption, PathsArgument, echo, session_for
from cli.progress import ProgressBar

NliOption = Annotated[
    str | None,
    typer.Option(
        "--nli-model",
        help="NLI cross-encoder: a local path or cached Hugging Face "
        "name (default: the shipped model; $CLAIMS_NLI_MODEL).",
        show_default=False,
    ),
]
ScorerOption = Annotated[
    str | None,
    typer.Option(
        "--scorer",
        help="'nli' (model and cues, combined) or 'cues' (explicit cues only).",
        show_default=False,
    ),
]
EmbedOption = Annotated[
    str | None,
    typer.Option(
        "--embed-model",
        help="sentence-transformers model name or path "
        "(default all-MiniLM-L6-v2; $CLAIMS_EMBED_MODEL).",
        show_default=False,
    ),
]


def ingest(
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
        report = ingest_paths(session, paths, settings, skip_bad=skip_bad, progress=bar.update)
    echo(summary(report))
