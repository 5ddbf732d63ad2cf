"""The ``claims`` command: commands assembled in one place, domain errors as one line."""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated

import click
import typer
from typer.core import TyperGroup

from claims.errors import USER_ERRORS
from cli import browse, check, ingest, pairs, review


def one_line(exc: Exception) -> str:
    """A user error as the CLI says it: a parameter the library names becomes its flag."""
    option = getattr(exc, "option", None)
    if option:
        return f"--{option.replace('_', '-')} {getattr(exc, 'detail', exc)}"
    return str(exc)


class ClaimsGroup(TyperGroup):
    """Turns user errors into one line on stderr and exit code 2; bugs keep tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except USER_ERRORS as exc:
            typer.echo(f"error: {one_line(exc)}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    name="claims",
    cls=ClaimsGroup,
    help="Track contradicting claims across news articles, stored in SQLite.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command()(ingest.ingest)
app.command()(check.check)
app.command()(browse.report)
app.command()(browse.topics)
app.command()(browse.retopic)
app.command()(browse.show)
app.command()(browse.stats)
app.command()(browse.sources)
app.command(name="list")(browse.list_)
app.command()(review.tag)
app.command()(review.resolve)
app.command()(review.log)
app.command()(review.export)
app.command()(pairs.pairs)


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    """Track contradicting claims across news articles, stored in SQLite."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _quiet_models() -> None:
    """Models come from disk only; their loaders' own progress bars are noise here."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def run() -> None:
    """Console-script entry point."""
    _quiet_models()
    app()
