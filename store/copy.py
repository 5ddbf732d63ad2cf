"""Copy a whole store into an empty one, on either engine, with every id kept.

Rows go table by table in foreign-key order, ids included, so contradictions, reviews and
the audit log point at the same claims afterwards; the vector column reads and writes
float32 bytes on both engines (``store.columns``). The source is read in one snapshot and
the target written in one transaction that this module owns: a copy that fails leaves the
target as empty as it was. On a Postgres target each id sequence is moved past the copied
ids, so the next ingest does not collide with them.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, Table, func, select

from store import postgres
from store.db import current_revision, store_name
from store.errors import StoreError
from store.models import Base

CHUNK = 2000  # rows per read and per insert: bounded memory on a large store
STAGE = "copying rows"

Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    """Report nothing (the default progress callback)."""


def tables() -> list[Table]:
    """Every table of the models, parents before the tables that point at them."""
    return list(Base.metadata.sorted_tables)


def row_counts(connection: Connection) -> dict[str, int]:
    """Rows per table of the models."""
    return {
        t.name: int(connection.scalar(select(func.count()).select_from(t)) or 0) for t in tables()
    }


def _begin_snapshot(connection: Connection) -> None:
    """Read the source as of one moment: REPEATABLE READ on Postgres, a read transaction on
    SQLite (begun explicitly: the driver would begin one only before a write)."""
    connection.begin()
    if postgres.is_postgres(connection):
        postgres.snapshot_reads(connection)
    else:
        connection.exec_driver_sql("BEGIN")


def _refuse_unless_empty(target: Connection, name: str) -> None:
    held = {table: n for table, n in row_counts(target).items() if n}
    if held:
        shown = ", ".join(f"{n} {table}" for table, n in sorted(held.items()))
        raise StoreError(f"store {name} is not empty ({shown}); copy only into an empty store")


def _copy_table(
    source: Connection, target: Connection, table: Table, tick: Callable[[int], None]
) -> int:
    """Copy ``table`` in chunks of rows ordered by primary key; rows copied. A Postgres
    target gets them by binary COPY (``store.postgres.copy_in``, vectors included)."""
    order = list(table.primary_key.columns)
    result = source.execution_options(yield_per=CHUNK).execute(select(table).order_by(*order))
    chunks = (list(rows) for rows in result.partitions(CHUNK))
    if postgres.is_postgres(target):
        return postgres.copy_in(target, table, chunks, tick)
    copied = 0
    for rows in chunks:
        target.execute(table.insert(), [dict(row._mapping) for row in rows])
        copied += len(rows)
        tick(len(rows))
    return copied


def copy_store(source: Engine, target: Engine, progress: Progress = _quiet) -> dict[str, int]:
    """Copy every row of ``source`` into the empty store ``target`` (both at the same schema
    revision); rows copied per table. Refuses a target that holds any row."""
    src_name, dst_name = store_name(source), store_name(target)
    before, after = current_revision(source), current_revision(target)
    if before != after:
        raise StoreError(
            f"stores {src_name} ({before}) and {dst_name} ({after}) have different schemas; "
            "run claims migrate on both"
        )
    with source.connect() as src, target.connect() as dst:
        _begin_snapshot(src)
        with dst.begin():
            if postgres.is_postgres(dst):
                postgres.lock(dst, "write")  # no ingest lands in the target meanwhile
            _refuse_unless_empty(dst, dst_name)
            total = sum(row_counts(src).values())
            done = 0

            def tick(rows: int) -> None:
                nonlocal done
                done += rows
                progress(STAGE, done, total)

            progress(STAGE, 0, total)
            copied = {t.name: _copy_table(src, dst, t, tick) for t in tables()}
            if postgres.is_postgres(dst):
                with_ids = [t.name for t in tables() if "id" in t.c and t.c.id.autoincrement]
                postgres.reset_sequences(dst, with_ids)
        src.rollback()
    return copied
