"""The Alembic environment of claims before migrations ran in one transaction (verbatim
from commit 317c278), kept to make the half-upgraded stores that it left behind
(``tests/store/legacy/__init__.py``): pysqlite ran each DDL statement outside any
transaction, so only what followed a migration's first data change was rolled back."""

from __future__ import annotations

from alembic import context

from store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate in one transaction on the caller's engine.

    SQLite: foreign keys off, since SQLite rebuilds tables for most schema changes, and a
    rebuild must not trip (or cascade through) the references to the table it replaces.
    PostgreSQL: DDL is transactional; an advisory lock makes a second process that
    migrates at the same moment wait, then find the schema already current.
    """
    engine = config.attributes["engine"]
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # a PRAGMA is no transaction; end SQLAlchemy's autobegin
        with connection.begin():
            if not sqlite:
                from store.postgres import lock

                lock(connection, "migrate")
            context.configure(
                connection=connection, target_metadata=target_metadata, render_as_batch=sqlite
            )
            context.run_migrations()
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


run_migrations_online()
