"""Alembic environment: runs migrations on the engine the caller passes in."""

from __future__ import annotations

from alembic import context

from store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate with foreign keys off: SQLite rebuilds tables for most schema changes, and a
    rebuild must not trip (or cascade through) the references to the table it replaces."""
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # a PRAGMA is no transaction; end SQLAlchemy's autobegin
        with connection.begin():
            context.configure(
                connection=connection, target_metadata=target_metadata, render_as_batch=True
            )
            context.run_migrations()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


run_migrations_online()
