"""Take the store's write lock with back-off, saying at once that it waits and for whom.

Writers take the lock up front so a read-then-write is atomic and a second writer waits its
turn instead of failing late. SQLite has one lock for the whole file (``BEGIN IMMEDIATE``);
whoever holds it notes its command, pid and start in ``STORE-writer`` beside the file, so a
waiter can say whom it waits for. PostgreSQL takes a transaction-level advisory lock per
``scope``: ingests ("write") serialise with each other, reviewers ("review") with each
other, and neither waits for the other, since they never change the same thing; the lock
goes at commit or rollback. The transaction stays READ COMMITTED, so what is read after the
lock includes everything the previous holder committed.

A writer that finds the lock held tells ``NOTICE`` one line at once ("waiting for the write
lock held by ingest, pid N, since …"; the CLI prints it on stderr), reports progress through
``on_wait("waiting for the store", seconds, limit)`` every try, and raises ``StoreBusy``
after ``limit`` seconds (``CLAIMS_LOCK_WAIT``, default 600).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from store import postgres
from store.db import BUSY_TIMEOUT_MS
from store.errors import StoreBusy, StoreError

log = logging.getLogger(__name__)

WAIT_LIMIT = 600.0  # seconds a writer waits for another writer before giving up
WAIT_ENV = "CLAIMS_LOCK_WAIT"  # ... unless this says otherwise (seconds)
FIRST_TRY_MS = 50  # the first BEGIN IMMEDIATE: a wait longer than this is announced
TRY_MS = 1000  # how long each later BEGIN IMMEDIATE waits inside SQLite before we back off

# Who takes the lock in this context (the CLI sets the command's name) and where a waiting
# writer's one line goes (the CLI: stderr). Unset: the program's name, and the log only.
HOLDER: ContextVar[str | None] = ContextVar("claims_lock_holder", default=None)
NOTICE: ContextVar[Callable[[str], None] | None] = ContextVar("claims_lock_notice", default=None)

Wait = Callable[[str, int, int], None]


def wait_limit() -> float:
    """Seconds a writer waits for the lock: ``CLAIMS_LOCK_WAIT``, else ``WAIT_LIMIT``."""
    text = os.environ.get(WAIT_ENV, "").strip()
    if not text:
        return WAIT_LIMIT
    try:
        value = float(text)
    except ValueError:
        raise StoreError(f"{WAIT_ENV}={text!r} is not a number of seconds") from None
    if not value >= 0:
        raise StoreError(f"{WAIT_ENV}={text!r} must be 0 or more seconds")
    return value


def _busy(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "locked" in message or "busy" in message


def begin_write(
    session: Session, on_wait: Wait | None = None, limit: float | None = None, scope: str = "write"
) -> float:
    """Hold the write lock in ``session``'s transaction; returns when it was taken.

    A transaction the session already holds the lock in is left as it is. Raises
    ``StoreBusy`` when another writer keeps the lock for longer than ``limit`` seconds
    (default ``wait_limit()``). ``scope`` names the Postgres advisory lock (SQLite has one).
    """
    return lock_connection(session.connection(), on_wait, limit, scope)


def lock_connection(
    connection: Connection, on_wait: Wait | None = None, limit: float | None = None,
    scope: str = "write",
) -> float:  # fmt: skip
    """``begin_write`` on a connection (a migration's): SQLite ``BEGIN IMMEDIATE``, with
    back-off; Postgres, ``scope``'s advisory lock in the connection's transaction."""
    limit = wait_limit() if limit is None else limit
    if postgres.is_postgres(connection):
        return _begin_postgres(connection, scope, on_wait, limit)
    dbapi = connection.connection.dbapi_connection
    if dbapi is None or getattr(dbapi, "in_transaction", False):
        return time.perf_counter()
    started = time.perf_counter()
    pause, told = 0.05, False
    connection.exec_driver_sql(f"PRAGMA busy_timeout={FIRST_TRY_MS}")
    try:
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                _note_holder(connection)
                return time.perf_counter()
            except OperationalError as exc:
                if not _busy(exc):
                    raise  # not a lock: a read-only or damaged store, said as it is
                waited = time.perf_counter() - started
                if not told:
                    told = _announce(_sqlite_holder(connection), limit)
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={TRY_MS}")
                if waited >= limit:
                    raise _gave_up(connection, waited) from exc
                _waiting(on_wait, waited, limit, pause)
                pause = min(pause * 2, 2.0)
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _waiting(on_wait: Wait | None, waited: float, limit: float, pause: float) -> None:
    log.info("store locked by another writer; waited %.1f s", waited)
    if on_wait is not None:
        on_wait("waiting for the store", int(waited), int(limit))
    time.sleep(max(0.0, min(pause, limit - waited)))


def _gave_up(connection: Connection, waited: float) -> StoreBusy:
    if postgres.is_postgres(connection):
        where = postgres.display(connection.engine.url)
    else:
        where = connection.engine.url.database or "in memory"
    return StoreBusy(
        f"store {where} is busy: another writer held the write lock for {waited:.0f} s, "
        f"longer than claims waits ({WAIT_ENV}); try again when it is done"
    )


def _announce(holder: str, limit: float) -> bool:
    """Say once, at once, whom this writer waits for and for how long at most."""
    line = f"waiting for the write lock held by {holder} (up to {limit:.0f} s, then exit 3)"
    log.info(line)
    notice = NOTICE.get()
    if notice is not None:
        notice(line)
    return True


def holder_path(connection: Connection) -> Path | None:
    """``STORE-writer``: where the SQLite lock holder notes who it is (None in memory)."""
    name = connection.engine.url.database
    return None if not name or name == ":memory:" else Path(f"{name}-writer")


def _note_holder(connection: Connection) -> None:
    """Write who holds the lock beside the store; removed at the transaction's end."""
    path = holder_path(connection)
    if path is None:
        return
    since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    who = {"command": HOLDER.get() or "claims", "pid": os.getpid(), "since": since}
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(json.dumps(who))
    except OSError:
        return  # only a courtesy to waiters: the lock itself is SQLite's
    connection.info["claims_holder"] = path
    if not event.contains(connection, "commit", _forget_holder):
        event.listen(connection, "commit", _forget_holder)
        event.listen(connection, "rollback", _forget_holder)


def _forget_holder(connection: Connection) -> None:
    path = connection.info.pop("claims_holder", None)
    if path is not None:
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
                path.unlink()
        except (OSError, ValueError):
            pass


def _sqlite_holder(connection: Connection) -> str:
    """ "ingest, pid N, since …" from ``STORE-writer``, or "another process" when that is
    missing or its process is gone."""
    path = holder_path(connection)
    try:
        who = json.loads(path.read_text(encoding="utf-8")) if path else {}
        pid = int(who["pid"])
        os.kill(pid, 0)
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"
    return f"{who.get('command', 'claims')}, pid {pid}, since {who.get('since', '?')}"


def _begin_postgres(
    connection: Connection, scope: str, on_wait: Wait | None, limit: float
) -> float:
    """``scope``'s advisory lock in the connection's transaction, tried with back-off."""
    started = time.perf_counter()
    pause, told = 0.05, False
    while not postgres.try_lock(connection, scope):
        waited = time.perf_counter() - started
        if not told:
            told = _announce(postgres.lock_holder(connection, scope), limit)
        if waited >= limit:
            raise _gave_up(connection, waited)
        _waiting(on_wait, waited, limit, pause)
        pause = min(pause * 2, 2.0)
    postgres.name_holder(connection, HOLDER.get() or "claims")
    return time.perf_counter()
