"""Read-only commands: report, topics, show, stats, sources, list."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cli.common import DbOption, echo, session_for


class ReportFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class DataFormat(StrEnum):
    text = "text"
    json = "json"


class Kind(StrEnum):
    claim = "claim"
    contradiction = "contradiction"


def report(
    db: DbOption = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ReportFormat.text
    ),
    limit: Annotated[int | None, typer.Option(help="Show at most N contradictions.")] = None,
) -> None:
    """Flagged contradictions, highest score first."""
    from claims.report import build_report, render

    with session_for(db) as (session, _):
        echo(render(build_report(session, limit), format.value))


def topics(
    db: DbOption = None,
    format: Annotated[DataFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DataFormat.text
    ),
) -> None:
    """Topics with their sizes and labels (id, claims, label)."""
    from claims.browse import topics as list_topics

    with session_for(db) as (session, _):
        echo(list_topics(session, format.value))


def show(
    kind: Annotated[Kind, typer.Argument(help="What to show.")],
    id: Annotated[int, typer.Argument(help="Its id.")],
    db: DbOption = None,
) -> None:
    """One claim (with speaker, date, topic, source) or one contradiction (both claims)."""
    from claims.browse import show_claim, show_contradiction

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
    from claims.browse import stats as count

    with session_for(db) as (session, _):
        echo(count(session, format.value))


def sources(
    db: DbOption = None,
    format: Annotated[DataFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DataFormat.text
    ),
) -> None:
    """Stored articles with outlet, date, path and the copies folded into each."""
    from claims.browse import sources as list_sources

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
    from claims.browse import list_claims

    with session_for(db) as (session, _):
        echo(list_claims(session, source, format.value))
