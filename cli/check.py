"""``claims check``: which contradictions would a batch introduce? (for CI; exit 1 if any fail)

The batch is ingested in one transaction that is rolled back unless ``--record``, so the
store is left as it was; exit codes: 0 nothing to fail on, 1 failing contradictions,
2 usage, input or store errors (bad files included), 3 the store stayed locked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claims.config import FAIL_ON
from claims.report.formats import CHECK_FORMATS
from cli.common import (
    DbOption,
    EmbedOption,
    NliOption,
    PathsArgument,
    ScorerOption,
    choices,
    echo,
    format_option,
    runtime,
)
from cli.progress import ProgressBar

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from claims.pipeline.check import CheckResult

CheckFormat = choices("CheckFormat", CHECK_FORMATS)
CheckFormatOption = format_option(CheckFormat)
FailOn = choices("FailOn", FAIL_ON)
ATTEMPTS = 3  # checks run afresh when a Postgres snapshot meets a concurrent ingest


@contextmanager
def check_session(db: str | None, record: bool, **settings_flags: str | None) -> Iterator:
    """A session in one transaction: committed with ``record``, otherwise rolled back.

    Without ``record`` the store file is never written: one that does not exist is not
    created (the batch is checked against an empty in-memory store), and one with an
    older schema is not upgraded (the batch is checked against an upgraded in-memory
    copy); both said on stderr.
    """
    from sqlalchemy.orm import Session

    from claims.config import resolve
    from cli.common import naming_store
    from store.db import read_snapshot
    from store.locks import begin_write

    settings = resolve(db=db, **settings_flags)
    with naming_store(settings.db):
        engine = _engine(settings.db, record)
        try:
            with Session(engine) as session:
                session.begin()
                if not record:  # one snapshot, waiting for no ingest (Postgres)
                    read_snapshot(session)
                else:  # a writer: waits for the lock up front, saying so, as ingests do
                    begin_write(session)
                try:
                    yield session, settings
                except BaseException:
                    session.rollback()
                    raise
                if record:
                    session.commit()
                else:
                    session.rollback()
        finally:
            engine.dispose()


def _engine(db: str, record: bool) -> Engine:
    """The engine a check runs on: the store itself, or (without ``record``) an in-memory
    stand-in where using the file would create or upgrade it."""
    from store import db as store

    path = store.store_file(db)
    if record or path is None:
        return store.open_store(db)
    if not path.exists():
        typer.echo(f"note: no store at {path}; checking against an empty store", err=True)
        engine = store.make_engine(store.MEMORY)
        store.migrate(engine)
        return engine
    revision = store.file_revision(path)
    if revision == store.head_revision():
        return store.open_store(db)
    schema = f"has an older schema ({revision})" if revision else "holds no schema yet"
    typer.echo(
        f"note: store {path} {schema}; checking against an upgraded copy in memory and "
        "leaving the file as it is (ingest upgrades it)",
        err=True,
    )
    return store.memory_copy(path)


def check(
    ctx: typer.Context,
    paths: PathsArgument,
    db: DbOption = None,
    format: CheckFormatOption = "text",
    fail_on: Annotated[
        FailOn,
        typer.Option(
            help="Exit 1 on any new contradiction ('new'), only on those contradicting a "
            "claim reviewers verified ('verified'), or never ('none')."
        ),
    ] = "new",
    baseline: Annotated[
        Path | None,
        typer.Option(help="JSON file of known pairs: listed as known, never failing."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(help="Write every pair found to this baseline file (then exit 0)."),
    ] = None,
    record: Annotated[
        bool, typer.Option(help="Keep the batch in the store, as 'ingest' would.")
    ] = False,
    skip_bad: Annotated[
        bool, typer.Option(help="Check the good files of a batch and list the bad ones.")
    ] = False,
    summary: Annotated[
        Path | None,
        typer.Option(help="Also append the markdown summary here (e.g. $GITHUB_STEP_SUMMARY)."),
    ] = None,
    nli_model: NliOption = None,
    scorer: ScorerOption = None,
    embed_model: EmbedOption = None,
) -> None:
    """List the contradictions a batch would introduce, against the store and within itself.

    Nothing is stored unless --record. Exit 0: nothing to fail on; 1: failing
    contradictions; 2: usage, input or store errors; 3: the store stayed locked.
    """
    from claims.report.check_formats import render, render_markdown

    flags = {"nli_model": nli_model, "scorer": scorer, "embed_model": embed_model}
    options = {"fail_on": str(fail_on), "baseline": baseline, "skip_bad": skip_bad,
               "write_to": write_baseline, "stages": runtime(ctx).stage_factory()}  # fmt: skip
    result = _checked(db, record, paths, flags, options)
    echo(render(result, str(format)))
    _append_summary(summary, render_markdown(result))
    if result.failed:
        raise typer.Exit(1)


def _checked(
    db: str | None, record: bool, paths: list[Path], flags: dict, options: dict
) -> CheckResult:
    """Run the check in its own transaction; again (up to ``ATTEMPTS`` times) when a
    Postgres snapshot met an ingest that committed meanwhile (a serialization failure:
    nothing of a check is kept, so running it afresh is safe)."""
    from claims.pipeline.check import check_paths
    from store.postgres import snapshot_conflict

    for attempt in range(1, ATTEMPTS + 1):
        try:
            with check_session(db, record, **flags) as (session, settings), ProgressBar() as bar:
                return check_paths(session, paths, settings, progress=bar.update, **options)
        except Exception as exc:
            if attempt == ATTEMPTS or not snapshot_conflict(exc):
                raise
            typer.echo("note: the store changed under the check; checking again", err=True)
    raise AssertionError("unreachable")


def _append_summary(path: Path | None, markdown: str) -> None:
    """Append the markdown summary to ``path`` (a CI step summary file), if given."""
    if path is not None:
        with path.open("a", encoding="utf-8") as out:
            out.write(markdown)
