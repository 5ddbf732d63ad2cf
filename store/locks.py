"""Take the store's write lock with back-off, saying that it waits, instead of a bare timeout.

Writers take the lock up front so a read-then-write is atomic and a second writer waits its
turn instead of failing late. SQLite has one lock for the whole file (``BEGIN IMMEDIATE``).
PostgreSQL takes a transaction-level advisory lock per ``scope``: ingests ("write")
serialise with each other, reviewers ("review") with each other, and neither waits for the
other, since they never change the same thing; the lock goes at commit or rollback. The
transaction stays READ COMMITTED, so what is read after the lock includes everything the
previous holder committed. While another process holds the lock, the caller hears about it
through ``on_wait("waiting for the store", seconds, limit)`` every try; after ``limit``
seconds the store is reported busy.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from store import postgres
from store.db import BUSY_TIMEOUT_MS
from store.errors import StoreBusy

log = logging.getLogger(__name__)

WAIT_LIMIT = 600.0  # seconds a writer waits for another writer before giving up
TRY_MS = 1000  # how long one BEGIN IMMEDIATE waits inside SQLite before we back off


def _busy(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "locked" in message or "busy" in message


def begin_write(
    session: Session,
    on_wait: Callable[[str, int, int], None] | None = None,
    limit: float = WAIT_LIMIT,
    scope: str = "write",
) -> float:
    """Hold the write lock in ``session``'s transaction; returns when it was taken.

    A transaction the session already holds the lock in is left as it is. Raises
    ``StoreBusy`` when another writer keeps the lock for longer than ``limit`` seconds.
    ``scope`` names the Postgres advisory lock (SQLite has only one lock).
    """
    connection = session.connection()
    if postgres.is_postgres(connection):
        return _begin_postgres(session, scope, on_wait, limit)
    dbapi = connection.connection.dbapi_connection
    if dbapi is None or getattr(dbapi, "in_transaction", False):
        return time.perf_counter()
    started = time.perf_counter()
    pause = 0.05
    connection.exec_driver_sql(f"PRAGMA busy_timeout={TRY_MS}")
    try:
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return time.perf_counter()
            except OperationalError as exc:
                if not _busy(exc):
                    raise  # not a lock: a read-only or damaged store, said as it is
                waited = time.perf_counter() - started
                if waited >= limit:
                    raise StoreBusy(f"store busy: another writer held it {waited:.0f} s") from exc
                log.info("store locked by another writer; waited %.1f s", waited)
                if on_wait is not None:
                    on_wait("waiting for the store", int(waited), int(limit))
                time.sleep(pause)
                pause = min(pause * 2, 2.0)
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _begin_postgres(
    session: Session,
    scope: str,
    on_wait: Callable[[str, int, int], None] | None,
    limit: float,
) -> float:
    """``scope``'s advisory lock in the session's transaction, tried with back-off."""
    connection = session.connection()
    started = time.perf_counter()
    pause = 0.05
    while not postgres.try_lock(connection, scope):
        waited = time.perf_counter() - started
        if waited >= limit:
            raise StoreBusy(f"store busy: another writer held it {waited:.0f} s")
        log.info("store locked by another writer (%s); waited %.1f s", scope, waited)
        if on_wait is not None:
            on_wait("waiting for the store", int(waited), int(limit))
        time.sleep(pause)
        pause = min(pause * 2, 2.0)
    return time.perf_counter()
