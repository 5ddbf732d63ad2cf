"""What every command shares: options, opening the store, one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class DataFormat(StrEnum):
    """Output of the listing commands: readable text or JSON."""

    text = "text"
    json = "json"


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite store (default: $CLAIMS_DB, then ./claims.db).", show_default=False
    ),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output format.")]
PathsArgument = Annotated[
    list[Path], typer.Argument(help="Files or directories (.txt, .md, .jsonl, .html).")
]


@contextmanager
def session_for(db: str | None, **settings_flags: str | None) -> Iterator:
    """A session in one transaction on an up-to-date store (committed on success)."""
    from sqlalchemy.orm import Session

    from claims.config import resolve
    from store.db import open_store

    settings = resolve(db=db, **settings_flags)
    engine = open_store(settings.db)
    try:
        with Session(engine) as session, session.begin():
            yield session, settings
    finally:
        engine.dispose()


def echo(text: str) -> None:
    typer.echo(text)
