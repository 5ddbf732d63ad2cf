"""Store administration: ``claims migrate`` (upgrade a store's schema) and ``claims copy``
(move a whole store to another engine or file)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import DbOption, echo, naming_store
from cli.progress import ProgressBar


def migrate(db: DbOption = None) -> None:
    """Upgrade a store (SQLite or PostgreSQL) to this claims' schema; prints from -> to."""
    from claims.app import migrate_store
    from claims.config import resolve
    from store.postgres import display

    settings = resolve(db=db)
    with naming_store(settings.db):
        before, after = migrate_store(settings.db)
    name = display(settings.db)
    if before == after:
        echo(f"store {name}: schema already at {after}")
    else:
        echo(f"store {name}: schema {before or 'none'} -> {after}")


def copy(
    from_: Annotated[str, typer.Option("--from", help="The store to copy (path or URL).")],
    to: Annotated[str, typer.Option("--to", help="An empty store to copy into (path or URL).")],
) -> None:
    """Copy a whole store into an empty one (ids, reviews, audit log), in one transaction."""
    from claims.app import copy_store
    from store.postgres import display

    with ProgressBar() as bar:
        copied = copy_store(from_, to, bar.update)
    rows = sum(copied.values())
    shown = ", ".join(f"{n} {t}" for t, n in copied.items() if n)
    echo(f"copied {rows} rows from {display(from_)} to {display(to)}: {shown or 'nothing'}")
