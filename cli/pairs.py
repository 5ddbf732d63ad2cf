"""``claims pairs``: score premise/hypothesis lines with the NLI model, one JSON line each."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import echo
from cli.ingest import NliOption


def pairs(
    file: Annotated[
        str, typer.Argument(help="JSONL with 'premise' and 'hypothesis' per line ('-' for stdin).")
    ],
    nli_model: NliOption = None,
) -> None:
    """Label each pair entailment, neutral or contradiction, with the three probabilities."""
    from claims.app import pairs_file
    from claims.config import resolve

    for line in pairs_file(file, resolve(nli_model=nli_model).nli_model):
        echo(line)
