"""The ``claims`` command: commands assembled in one place, user errors as one line.

Exit codes: 0 done; 1 ``check`` found contradictions to fail on; 2 an error the user can
act on (bad input, an unusable store), told in one line on stderr; 3 the store stayed
locked by another process. ``--debug`` adds the traceback; bugs always keep theirs.
"""

from __future__ import annotations

import errno
import os
import traceback
from typing import Annotated

import click
import typer
from typer.core import TyperGroup

import cli.backfill as backfill_cli
from claims.errors import USER_ERRORS, ClaimsError, StoreBusy
from cli import admin, browse, check, ingest, logs, pairs, review, reviewers, serve
from cli.common import announce_waits
from cli.helptext import plain

EXIT_USER_ERROR = 2
EXIT_STORE_BUSY = 3
FULL_OR_READ_ONLY = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


def one_line(exc: Exception) -> str:
    """A user error as the CLI says it: a parameter the library names becomes its flag."""
    option = getattr(exc, "option", None)
    if option:
        return f"--{option.replace('_', '-')} {getattr(exc, 'detail', exc)}"
    return " ".join(str(exc).split())


def user_error(exc: BaseException) -> Exception | None:
    """``exc`` as the error to tell the user in one line, or None when it is a bug.

    Domain and store errors are told as they are; SQLite failures raised anywhere (locked,
    disk full, read-only, not a database) become ``StoreError``s (the commands' sessions
    name the store, ``cli.common.naming_store``); a full or read-only file system met
    while writing an output is told as such.
    """
    if isinstance(exc, USER_ERRORS):
        return exc
    if isinstance(exc, OSError) and exc.errno in FULL_OR_READ_ONLY:
        where = f"cannot write {exc.filename}: " if exc.filename else "cannot write: "
        return ClaimsError(where + (exc.strerror or str(exc)))
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError | sqlite3.Error):
        from store.db import store_error

        return store_error(exc)
    return None


def store_busy(exc: BaseException) -> bool:
    """True when ``exc`` or any error behind it says the store stayed locked."""
    from store.db import store_error

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StoreBusy) or isinstance(store_error(current), StoreBusy):
            return True
        current = current.__cause__ or current.__context__
    return False


class ClaimsGroup(TyperGroup):
    """Turns user errors into one line on stderr and exit code 2 (3: store busy), with the
    traceback only under ``--debug``; bugs keep their tracebacks. Its help, and every
    command's, shows no typer markers (``cli.helptext``)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        plain(self)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            error = user_error(exc)
            if error is None:
                raise
            if ctx.params.get("debug"):
                typer.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
            typer.echo(f"error: {one_line(error)}", err=True)
            code = EXIT_STORE_BUSY if store_busy(exc) else EXIT_USER_ERROR
            raise typer.Exit(code) from None


app = typer.Typer(
    name="claims",
    cls=ClaimsGroup,
    help="Track contradicting claims across news articles, stored in SQLite or PostgreSQL.",
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
app.command()(serve.serve)
app.command()(backfill_cli.backfill)
app.command()(backfill_cli.rescore)
app.command()(admin.migrate)
app.command(name="copy")(admin.copy)
app.command()(admin.reindex)
app.add_typer(reviewers.app)


def version() -> str:
    """The installed package's version (what ``claims --version`` prints)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("claims")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"claims {version()}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar="CLAIMS_DEBUG",
            help="Show the traceback of an error, not just its one line (same exit code), "
            "and what libraries log and warn.",
        ),
    ] = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Track contradicting claims across news articles, stored in SQLite or PostgreSQL."""
    logs.setup(verbose=verbose, debug=debug)
    announce_waits(ctx.invoked_subcommand)


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
