"""Read-only commands: report, topics, show, stats, sources, list."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.common import DataFormat, DbOption, echo, session_for
from cli.review import write_or_echo


class ReportFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"
    csv = "csv"


class Kind(StrEnum):
    claim = "claim"
    contradiction = "contradiction"


def report(
    db: DbOption = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ReportFormat.text
    ),
    limit: Annotated[int | None, typer.Option(help="Show at most N contradictions.")] = None,
    status: Annotated[
        str | None,
        typer.Option(help="Only these statuses, comma-separated: open, confirmed, dismissed."),
    ] = None,
    topic: Annotated[
        str | None, typer.Option(help="Only pairs in this topic (an id, or part of its label).")
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Only pairs where either source's outlet contains this.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only pairs where either source was published on/after YYYY-MM-DD."),
    ] = None,
    min_score: Annotated[
        float | None, typer.Option(help="Only pairs scoring at least this (0..1).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Flagged contradictions, highest score first, filtered; text, markdown, JSON, HTML or CSV."""
    from claims.report.contradictions import make_report

    with session_for(db) as (session, _):
        text = make_report(
            session,
            format.value,
            limit,
            status=status,
            topic=topic,
            outlet=outlet,
            since=since,
            min_score=min_score,
        )
    write_or_echo(text, out)


def topics(
    db: DbOption = None,
    format: Annotated[DataFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DataFormat.text
    ),
) -> None:
    """Topics with their sizes and labels (id, claims, label)."""
    from claims.report.browse import topics as list_topics

    with session_for(db) as (session, _):
        echo(list_topics(session, format.value))


def show(
    kind: Annotated[Kind, typer.Argument(help="What to show.")],
    id: Annotated[int, typer.Argument(help="Its id.")],
    db: DbOption = None,
) -> None:
    """One claim (with speaker, date, topic, source) or one contradiction (both claims)."""
    from claims.report.browse import show_claim, show_contradiction

    with session_for(db) as (session, _):
        shown = show_claim if kind is Kind.claim else show_contradiction
        echo(shown(session, id))


def stats(
    db: DbOption = None,
    format: Annotated[DataFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DataFormat.text
    ),
) -> None:
    """Counts of sources, copies, claims, topics and contradictions."""
    from claims.report.browse import stats as count

    with session_for(db) as (session, _):
        echo(count(session, format.value))


def sources(
    db: DbOption = None,
    format: Annotated[DataFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DataFormat.text
    ),
) -> None:
    """Stored articles with outlet, date, path and the copies folded into each."""
    from claims.report.browse import sources as list_sources

    with session_for(db) as (session, _):
        echo(list_sources(session, format.value))


def list_(
    db: DbOption = None,
    source: Annotated[int | None, typer.Option(help="Only claims of this source id.")] = None,
    format: Annotated[DataFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DataFormat.text
    ),
) -> None:
    """Claims with speaker, event date and source id."""
    from claims.report.browse import list_claims

    with session_for(db) as (session, _):
        echo(list_claims(session, source, format.value))


def retopic(
    db: DbOption = None,
    embed_model: Annotated[
        str | None,
        typer.Option("--embed-model", help="Whose stored vectors to cluster.", show_default=False),
    ] = None,
) -> None:
    """Cluster every claim into topics afresh (ids, tags and verdicts are kept)."""
    from claims.app import retopic as rebuild

    with session_for(db, embed_model=embed_model) as (session, settings):
        echo(rebuild(session, settings))
