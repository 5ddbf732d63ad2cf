"""A PostgreSQL server for tests: a fresh database per test run, emptied between tests.

``CLAIMS_TEST_PG`` names a server and a database to connect to for administration
(default: the ``claims`` role on 127.0.0.1, database ``postgres``). The run creates
``claims_test_<pid>_<random>`` there, migrates it once, and drops it at the end; each test
starts from empty tables (TRUNCATE ... RESTART IDENTITY, so ids start at 1 as on a fresh
SQLite file). Without a server the Postgres tests skip with the reason, unless
``CLAIMS_REQUIRE_PG=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_URL = "postgresql+psycopg://claims:claims@127.0.0.1:5432/postgres"


def admin_url() -> str:
    return os.environ.get("CLAIMS_TEST_PG", DEFAULT_URL)


def required() -> bool:
    """Whether a missing server fails the run (CI) instead of skipping its tests."""
    return os.environ.get("CLAIMS_REQUIRE_PG") == "1"


def unavailable(reason: str) -> None:
    """Skip (or, where Postgres is required, fail) the test asking for a server."""
    shown = make_url(admin_url()).render_as_string(hide_password=True)
    message = f"no PostgreSQL server for the tests at {shown}: {reason}"
    if required():
        pytest.fail(message + " (CLAIMS_REQUIRE_PG=1)", pytrace=False)
    pytest.skip(message)


def _admin() -> Engine:
    url = make_url(admin_url()).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def server_problem() -> str | None:
    """None when the server answers and has pgvector, otherwise why not (one line)."""
    try:
        admin = _admin()
        try:
            with admin.connect() as connection:
                found = connection.execute(
                    text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
                ).scalar()
        finally:
            admin.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure to connect is the reason to skip
        return " ".join(str(getattr(exc, "orig", exc)).split())[:300]
    return None if found else "the pgvector extension is not installed on the server"


@contextmanager
def fresh_database(prefix: str = "claims_test") -> Iterator[str]:
    """A new empty database on the test server; its URL; dropped (forcibly) afterwards."""
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
    admin = _admin()
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = make_url(admin_url()).set(drivername="postgresql+psycopg", database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def empty_tables(engine: Engine) -> None:
    """Remove every row but the schema version, ids restarting at 1 (triggers bypassed:
    the audit log refuses TRUNCATE otherwise), and the HNSW indexes lookups made."""
    with engine.begin() as connection:
        tables = connection.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename <> 'alembic_version'"
            )
        ).scalars()
        names = ", ".join(f'"{t}"' for t in tables)
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        hnsw = connection.execute(  # made by lookups, not migrations: a fresh store has none
            text(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                "AND indexname LIKE 'ix_embeddings_hnsw_%'"
            )
        ).scalars()
        for name in list(hnsw):
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
