"""``claims pairs``: score premise/hypothesis lines with the NLI model, one JSON line each."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.common import NliOption, echo, runtime


def _lines(file: str) -> list[str]:
    """The input's lines: stdin for '-', else a UTF-8 file (a one-line error otherwise)."""
    from claims.errors import BadInput

    if file == "-":
        return sys.stdin.read().splitlines()
    source = Path(file)
    if not source.is_file():
        raise BadInput(f"{source}: no such file")
    try:
        return source.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise BadInput(f"{source}: not UTF-8 text ({exc.reason})") from None


def pairs(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="JSONL with 'premise' and 'hypothesis' per line ('-' for stdin).")
    ],
    nli_model: NliOption = None,
) -> None:
    """Label each pair entailment, neutral or contradiction, with the three probabilities."""
    import json

    from claims.app import validate_pair_lines
    from claims.config import resolve
    from claims.detect.nli.pairs import score_pairs

    lines = _lines(file)
    validate_pair_lines(lines)
    model = runtime(ctx).load_pair_model(resolve(nli_model=nli_model).nli_model)
    for result in score_pairs(lines, model):
        echo(json.dumps(result))
