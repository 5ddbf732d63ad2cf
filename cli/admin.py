"""Store administration: ``claims migrate`` (upgrade a store's schema), ``claims copy``
(move a whole store to another engine or file) and ``claims reindex`` (build a vector index
again)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import DbOption, echo, naming_store, session_for
from cli.progress import ProgressBar


def migrate(db: DbOption = None) -> None:
    """Upgrade a store (SQLite or PostgreSQL) to this claims' schema; prints from -> to.

    A store an interrupted upgrade of an older claims left half-done is repaired first
    (what it left is dropped, no claim is touched), in the same transaction."""
    from claims.app import migrate_store
    from claims.config import resolve
    from store.postgres import display

    settings = resolve(db=db)
    with naming_store(settings.db):
        before, after, mended = migrate_store(settings.db)
    name = display(settings.db)
    for line in mended:
        echo(f"store {name}: repaired: {line}")
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


def reindex(
    db: DbOption = None,
    embed_model: Annotated[
        str | None,
        typer.Option("--embed-model", help="Whose vectors to index.", show_default=False),
    ] = None,
    m: Annotated[
        int | None,
        typer.Option("--m", help="PostgreSQL: HNSW neighbours per claim (default 24).", min=2),
    ] = None,
    ef_construction: Annotated[
        int | None,
        typer.Option(
            "--ef-construction", help="PostgreSQL: HNSW build candidates (default 128).", min=4
        ),
    ] = None,
    memory: Annotated[
        str | None,
        typer.Option(
            "--memory",
            help="PostgreSQL: maintenance_work_mem for the build, e.g. 20GB "
            "(about 2 kB a claim at m 24).",
        ),
    ] = None,
) -> None:
    """Build the store's vector index again (on PostgreSQL, with the HNSW settings given)."""
    from claims.app import reindex as rebuild

    with session_for(db, embed_model=embed_model) as (session, settings), ProgressBar() as bar:
        done = rebuild(session, settings.embed_model, m, ef_construction, memory, bar.update)
    graph = f", m {done.m}, ef_construction {done.ef_construction}" if done.m else ""
    echo(
        f"rebuilt {done.where} ({done.vectors} vectors of {done.model_id}{graph}) "
        f"in {done.seconds:.1f} s"
    )
