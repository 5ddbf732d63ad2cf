"""Open a SQLite store and bring its schema to the latest Alembic revision."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DatabaseError, OperationalError

from store.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def make_engine(db_path: str | Path) -> Engine:
    """An engine on ``db_path`` with WAL, a busy timeout and enforced foreign keys."""
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI types are untyped
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    return engine


def _alembic_config(engine: Engine):  # noqa: ANN202 - alembic is imported lazily
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema; an unreadable file is a one-line ``StoreError``."""
    from alembic import command

    try:
        command.upgrade(_alembic_config(engine), revision)
    except (OperationalError, DatabaseError) as exc:
        raise StoreError(f"cannot open store {engine.url.database}: {exc.orig}") from exc


def open_store(db_path: str | Path) -> Engine:
    """An engine on an up-to-date store, creating the file when it does not exist."""
    path = Path(db_path)
    if path.parent and not path.parent.exists():
        raise StoreError(f"cannot create store {path}: directory {path.parent} does not exist")
    engine = make_engine(path)
    migrate(engine)
    return engine


def current_tables(engine: Engine) -> set[str]:
    """Names of the tables the store holds (for diagnostics and tests)."""
    return set(inspect(engine).get_table_names())
