"""``claims check``: which contradictions would a batch introduce? (for CI; exit 1 if any fail)

The batch is ingested in one transaction that is rolled back unless ``--record``, so the
store is left as it was; exit codes: 0 nothing to fail on, 1 failing contradictions,
2 usage, input or store errors (bad files included), 3 the store stayed locked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.config import FAIL_ON
from claims.errors import BadBatch
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
    from claims.config import resolve
    from claims.pipeline.check_store import check_store
    from claims.report.check_formats import render, render_markdown
    from cli.common import naming_store

    settings = resolve(db=db, nli_model=nli_model, scorer=scorer, embed_model=embed_model)
    options = {"record": record, "fail_on": str(fail_on), "baseline": baseline,
               "skip_bad": skip_bad, "write_to": write_baseline}  # fmt: skip
    try:
        with naming_store(settings.db), ProgressBar() as bar:
            options |= {"stages": runtime(ctx).stage_factory(), "progress": bar.update}
            result = check_store(settings, paths, note=_note, **options)
    except BadBatch as exc:  # shown in the format too (a ::error at each file), then exit 2
        _bad_batch(exc, str(format), summary)
        raise BadBatch(exc.problems, outcome="nothing checked") from None
    echo(render(result, str(format)))
    _append_summary(summary, render_markdown(result))
    if result.failed:
        raise typer.Exit(1)


def _note(line: str) -> None:
    typer.echo(f"note: {line}", err=True)


def _bad_batch(exc: BadBatch, fmt: str, summary: Path | None) -> None:
    from claims.report.check_formats import render_bad_batch

    shown = render_bad_batch(exc.problems, fmt)
    if shown is not None:
        echo(shown)
    _append_summary(summary, render_bad_batch(exc.problems, "markdown") or "")


def _append_summary(path: Path | None, markdown: str) -> None:
    """Append the markdown summary to ``path`` (a CI step summary file), if given."""
    if path is not None:
        with path.open("a", encoding="utf-8") as out:
            out.write(markdown)
