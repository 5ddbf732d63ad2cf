"""``claims check``: which contradictions would a batch introduce? (for CI; exit 1 if any fail)

The batch is ingested in one transaction that is rolled back unless ``--record``, so the
store is left as it was; exit codes: 0 nothing to fail on, 1 failing contradictions,
2 usage or input errors (bad files included).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

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

CheckFormat = choices("CheckFormat", CHECK_FORMATS)
CheckFormatOption = format_option(CheckFormat)
FailOn = choices("FailOn", FAIL_ON)


@contextmanager
def check_session(db: str | None, record: bool, **settings_flags: str | None) -> Iterator:
    """A session in one transaction: committed with ``record``, otherwise rolled back.

    Without ``record`` a store file that does not exist is not created: the batch is
    checked against an empty in-memory store instead (said on stderr).
    """
    from sqlalchemy.orm import Session

    from claims.config import resolve
    from store.db import make_engine, migrate, open_store

    settings = resolve(db=db, **settings_flags)
    if record or Path(settings.db).exists():
        engine = open_store(settings.db)
    else:
        typer.echo(f"note: no store at {settings.db}; checking against an empty store", err=True)
        engine = make_engine(":memory:")
        migrate(engine)
    try:
        with Session(engine) as session:
            session.begin()
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
    contradictions; 2: usage or input errors.
    """
    from claims.pipeline.check import check_paths
    from claims.report.check_formats import render, render_markdown

    flags = {"nli_model": nli_model, "scorer": scorer, "embed_model": embed_model}
    with check_session(db, record, **flags) as (session, settings), ProgressBar() as bar:
        result = check_paths(
            session,
            paths,
            settings,
            fail_on=str(fail_on),
            baseline=baseline,
            skip_bad=skip_bad,
            progress=bar.update,
            write_to=write_baseline,
            stages=runtime(ctx).stage_factory(),
        )
    echo(render(result, str(format)))
    _append_summary(summary, render_markdown(result))
    if result.failed:
        raise typer.Exit(1)


def _append_summary(path: Path | None, markdown: str) -> None:
    """Append the markdown summary to ``path`` (a CI step summary file), if given."""
    if path is not None:
        with path.open("a", encoding="utf-8") as out:
            out.write(markdown)
