"""Open a store only to read it: ``stats``, ``report``, ``list``, ``show`` and the other
reading commands never create, upgrade or write a store.

An empty file, a SQLite database without a claims schema, a file that is no database, a
store of an older or newer schema: each is one line naming what to do, and nothing is left
beside the file (no -wal or -shm: the connections are read-write at the file level, so the
last to close tidies them away, but ``query_only`` refuses every write).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, OperationalError

from store.db import (
    head_revision,
    make_engine,
    read_only_connection,
    refuse_newer,
    store_error,
    store_file,
    store_name,
    why_no_schema,
)
from store.errors import StoreError


def open_reader(db_path: str | Path) -> Engine:
    """An engine that only reads the store ``db_path``, which must exist and hold this
    claims' schema: nothing is created or upgraded, and SQLite refuses any write."""
    path = store_file(db_path)
    if path is None:
        engine = make_engine(db_path)
        where = store_name(engine)
    else:
        if not path.exists():
            raise StoreError(f"no store at {path} (ingest first, or check --db)")
        engine, where = sqlite_reader(path), path
    try:
        with engine.connect() as connection:
            from alembic.runtime.migration import MigrationContext

            revision = MigrationContext.configure(connection).get_current_revision()
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise store_error(exc, where) or StoreError(
            f"cannot open store {where}: {exc.orig}"
        ) from exc
    if revision != head_revision():
        engine.dispose()
        refuse_newer(revision, where)
        if revision is None:
            why = why_no_schema(path) if path else "it holds no schema yet; ingest creates it"
            raise StoreError(f"no store in {where}: {why}")
        raise StoreError(
            f"store {where} has an older schema ({revision or 'none'}; this claims reads "
            f"{head_revision()}): run `claims migrate --db {where}` to upgrade it"
        )
    return engine


def sqlite_reader(path: Path) -> Engine:
    """Connections to ``path`` that cannot write (``query_only``) and change no journal
    mode; read-write at the file level, so the last to close tidies -wal and -shm away."""
    return create_engine(
        URL.create("sqlite", database=str(path)), creator=lambda: read_only_connection(path)
    )
