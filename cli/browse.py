"""Read-only commands: report, topics, show, stats, sources, list."""

from __future__ import annotations

from typing import Annotated

import typer

from claims.report.formats import REPORT_FORMATS
from claims.words import plural
from cli.common import (
    DbOption,
    ListingFormatOption,
    OutOption,
    choices,
    echo,
    format_option,
    session_for,
    write_or_echo,
)

ReportFormat = choices("ReportFormat", REPORT_FORMATS)
ReportFormatOption = format_option(ReportFormat)
Kind = choices("Kind", ("claim", "contradiction"))


def report(
    db: DbOption = None,
    format: ReportFormatOption = "text",
    limit: Annotated[int | None, typer.Option(help="Show at most N contradictions.")] = None,
    status: Annotated[
        str | None,
        typer.Option(help="Only these statuses, comma-separated: open, confirmed, dismissed."),
    ] = None,
    story: Annotated[
        str | None,
        typer.Option(
            "--story",
            "--topic",
            help="Only pairs in this story (an id, or part of its label; --topic: the same).",
        ),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Only pairs where either source's outlet contains this.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only pairs where either source was published on/after YYYY-MM-DD "
            "(an undated source: its story's dates)."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="Only pairs where either source was published on/before YYYY-MM-DD."),
    ] = None,
    min_score: Annotated[
        float | None, typer.Option(help="Only pairs scoring at least this (0..1).")
    ] = None,
    out: OutOption = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="Compare this model's scores (claims rescore) with the others', pair by pair.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Flagged contradictions by story, highest score first; text, markdown, JSON, HTML or CSV."""
    from claims.report.contradictions import Filters, build_report
    from claims.report.render import render

    if model:
        from claims.report.compare import model_report, render_comparison

        with session_for(db, read_only=True) as (session, _):
            write_or_echo(render_comparison(model_report(session, model, limit), str(format)), out)
        return
    filters = Filters.parse(status, story, outlet, since, min_score, until)
    with session_for(db, read_only=True) as (session, _):
        data = build_report(session, limit, filters)
    write_or_echo(render(data, str(format)), out)


def topics(
    db: DbOption = None,
    format: ListingFormatOption = "text",
    flagged: Annotated[
        bool, typer.Option("--flagged", help="Only topics with a flag (of any status).")
    ] = False,
) -> None:
    """Stories (topics): label, articles, outlets, date range and flags by status.

    Most open flags first; a date range says 'unknown' where no article states a date.
    """
    from claims.report.topic_list import topics as list_topics

    with session_for(db, read_only=True) as (session, _):
        echo(list_topics(session, str(format), flagged))


def show(
    kind: Annotated[Kind, typer.Argument(help="What to show.")],
    id: Annotated[int, typer.Argument(help="Its id.")],
    db: DbOption = None,
) -> None:
    """One claim (with speaker, date, topic, source) or one contradiction (both claims)."""
    from claims.report.browse import show_claim, show_contradiction

    with session_for(db, read_only=True) as (session, _):
        shown = show_claim if kind == "claim" else show_contradiction
        echo(shown(session, id))


def stats(
    db: DbOption = None,
    format: ListingFormatOption = "text",
) -> None:
    """Counts of sources, copies, claims, topics and contradictions."""
    from claims.report.browse import stats as count

    with session_for(db, read_only=True) as (session, _):
        echo(count(session, str(format)))


def sources(
    db: DbOption = None,
    format: ListingFormatOption = "text",
) -> None:
    """Stored articles with outlet, date, path and the copies folded into each."""
    from claims.report.browse import sources as list_sources

    with session_for(db, read_only=True) as (session, _):
        echo(list_sources(session, str(format)))


def list_(
    db: DbOption = None,
    source: Annotated[int | None, typer.Option(help="Only claims of this source id.")] = None,
    format: ListingFormatOption = "text",
) -> None:
    """Claims with speaker, event date and source id."""
    from claims.report.browse import list_claims

    with session_for(db, read_only=True) as (session, _):
        echo(list_claims(session, source, str(format)))


def retopic(
    db: DbOption = None,
    embed_model: Annotated[
        str | None,
        typer.Option("--embed-model", help="Whose stored vectors to group by.", show_default=False),
    ] = None,
) -> None:
    """Regroup every stored article into stories afresh (story ids change; claims, tags and
    verdicts are kept)."""
    from claims.app import retopic as rebuild

    with session_for(db, embed_model=embed_model) as (session, settings):
        claims, topics = rebuild(session, settings)
    shown = f"{plural(claims, 'claim')} in {plural(topics, 'story', 'stories')}"
    echo(f"{shown} (topic ids renumbered; reviews untouched).")
