"""Alembic environment: runs migrations on the engine the caller passes in.

The whole upgrade is one real transaction that holds the store's write lock
(``store.locks``, the lock ingests take): a killed or failed upgrade leaves the store as it
was, and two first commands on a new store cannot both create it (the second waits, then
finds the schema current). On SQLite, pysqlite's own transaction handling is switched off
for the migration's connection (SQLAlchemy's recipe for pysqlite: ``isolation_level=None``,
then our own ``BEGIN``), since it runs DDL outside any transaction; SQLite's DDL is then
transactional, as PostgreSQL's is. ``config.attributes["prepare"]``, when given, runs inside
that transaction before Alembic reads the revision (``store.repair`` checks, or mends, a
store an older claims left half-upgraded).
"""

from __future__ import annotations

from alembic import context

from store.locks import lock_connection
from store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate in one locked transaction on the caller's engine.

    SQLite: foreign keys off (a PRAGMA outside the transaction), since SQLite rebuilds
    tables for most schema changes, and a rebuild must not trip (or cascade through) the
    references to the table it replaces.
    """
    engine = config.attributes["engine"]
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        dbapi = connection.connection.dbapi_connection
        legacy = dbapi.isolation_level if sqlite else None
        if sqlite:
            dbapi.isolation_level = None  # pysqlite emits no BEGIN or COMMIT of its own
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            lock_connection(connection, config.attributes.get("on_wait"))
            prepare = config.attributes.get("prepare")
            if prepare is not None:
                prepare(connection)
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                transactional_ddl=True,
            )
            context.run_migrations()
            connection.commit()
        finally:
            _tidy(connection, dbapi, legacy, sqlite)


def _tidy(connection, dbapi, legacy: object, sqlite: bool) -> None:  # noqa: ANN001
    """End what the migration left open and give the connection back as it came. A failure
    here (the disk still full) is not the one to tell: the migration's own error is."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        if connection.in_transaction():
            connection.rollback()
        if sqlite and not connection.invalidated:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
    except SQLAlchemyError:
        pass
    if sqlite:
        dbapi.isolation_level = legacy


run_migrations_online()
