"""What only a PostgreSQL store needs: its engine, its failures in one line, locks, sequences.

SQLite keeps its own versions in ``store.db`` and ``store.locks``; the two sit side by side
so every query above them is the same. A Postgres store is named by a URL
(``postgresql+psycopg://user:password@host/db``); plain ``postgresql://`` means psycopg 3
too. Passwords never appear in a message (``display``).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC

from sqlalchemy import Connection, Engine, Row, Table, create_engine, text
from sqlalchemy.engine import URL

from store.errors import StoreBusy, StoreError

CONNECT_TIMEOUT_S = 10
LOCK_TIMEOUT_MS = 30_000  # a row lock waited for longer is "busy", as SQLite's busy timeout
DRIVER = "postgresql+psycopg"

# SQLSTATE classes and codes a user meets, and what they read instead; ``{name}`` is
# "store URL". Busy ones (exit 3) come first.
_BUSY_STATES = {
    "40001": "{name} is busy: a concurrent change got in the way (serialization failure); "
    "try again",
    "40P01": "{name} is busy: two writers deadlocked; try again",
    "55P03": "{name} is busy: another process kept rows locked longer than claims waits; "
    "try again when that process is done",
    "57014": "{name} is busy: a statement waited too long and was cancelled; try again",
}
_STATES = {
    "28P01": "cannot open {name}: password authentication failed",
    "28000": "cannot open {name}: the server refused this role ({detail})",
    "3D000": "cannot open {name}: the database does not exist (create it first: createdb)",
    "53100": "cannot write {name}: the server's disk is full",
    "53300": "cannot open {name}: the server has too many connections",
    "25006": "cannot write {name}: the transaction is read-only",
    "42501": "cannot use {name}: permission denied ({detail})",
    "57P01": "{name}: the server shut down during the command",
    "57P03": "cannot open {name}: the server is starting up or shutting down",
}
_MESSAGES = (  # connection failures carry no SQLSTATE; matched on libpq's text
    ("connection refused", "cannot open {name}: no server answers (connection refused)"),
    ("password authentication failed", "cannot open {name}: password authentication failed"),
    ("does not exist", "cannot open {name}: {detail}"),
    ("could not translate host name", "cannot open {name}: unknown host"),
    ("failed to resolve host", "cannot open {name}: unknown host"),
    ("timeout expired", "cannot open {name}: the server did not answer in time"),
    ("no password supplied", "cannot open {name}: no password given"),
    ("server closed the connection", "{name}: the server closed the connection"),
    ("the connection is lost", "{name}: the connection to the server was lost"),
    (
        "cannot contain nul",
        "cannot write {name}: PostgreSQL text cannot hold NUL characters (\\x00); "
        "remove them from the source",
    ),
)


def is_postgres(url: URL | Engine | Connection) -> bool:
    """Whether ``url`` (or an engine or connection on it) is a PostgreSQL store."""
    if isinstance(url, Engine | Connection):
        return url.dialect.name == "postgresql"
    return url.get_backend_name() == "postgresql"


def normalise(url: URL) -> URL:
    """``url`` with psycopg 3 as its driver (the one claims installs)."""
    if url.get_driver_name() not in ("psycopg", ""):
        raise StoreError(
            f"store {display(url)}: driver {url.get_driver_name()} is not supported; "
            f"use {DRIVER}://"
        )
    return url.set(drivername=DRIVER)


def display(url: URL | str) -> str:
    """The URL as messages show it: the password hidden."""
    if isinstance(url, str):
        from sqlalchemy.engine import make_url

        try:
            url = make_url(url)
        except Exception:  # noqa: BLE001 - not a URL: shown as given
            return url
    return url.render_as_string(hide_password=True)


def make_pg_engine(url: URL) -> Engine:
    """An engine on a Postgres store: bounded connect and row-lock waits, checked pool."""
    options = f"-c lock_timeout={LOCK_TIMEOUT_MS}"
    return create_engine(
        normalise(url),
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "options": options},
    )


def pg_error(orig: BaseException, where: object) -> StoreError | None:
    """A one-line ``StoreError`` (``StoreBusy``) for a psycopg failure a user meets."""
    if not type(orig).__module__.startswith("psycopg"):
        return None
    name = f"store {display(str(where))}" if where not in (None, "") else "the store"
    state = getattr(orig, "sqlstate", None)
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    detail = first.split("FATAL:")[-1].strip()
    if state in _BUSY_STATES:
        return StoreBusy(_BUSY_STATES[state].format(name=name))
    if state in _STATES:
        return StoreError(_STATES[state].format(name=name, detail=detail))
    if state is None:
        message = str(orig).lower()
        for piece, shown in _MESSAGES:
            if piece in message:
                return StoreError(shown.format(name=name, detail=detail))
    return None


def lock_key(scope: str) -> int:
    """The advisory-lock key of ``scope`` ("write", "review", ...): stable across processes."""
    return zlib.crc32(f"claims:{scope}".encode()) - 2**31


def try_lock(connection: Connection, scope: str) -> bool:
    """Take ``scope``'s transaction-level advisory lock if free (released at commit)."""
    query = text("SELECT pg_try_advisory_xact_lock(:key)")
    return bool(connection.execute(query, {"key": lock_key(scope)}).scalar())


def lock_holder(connection: Connection, scope: str) -> str:
    """ "ingest, pid N, since …" of the session holding ``scope``'s advisory lock (its
    ``application_name``, ``name_holder``), or "another session" when it cannot be told."""
    key = lock_key(scope)
    row = connection.execute(
        text(
            "SELECT a.application_name, a.pid, a.xact_start FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
            "AND l.granted AND l.classid = :high AND l.objid = :low AND l.objsubid = 1 LIMIT 1"
        ),
        {"high": (key >> 32) & 0xFFFFFFFF, "low": key & 0xFFFFFFFF},
    ).first()
    if row is None:
        return "another session"
    name, pid, since = row
    claims = bool(name) and name.startswith("claims ")
    who = name.removeprefix("claims ") if claims else f"a session (server pid {pid})"
    when = since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if since else "?"
    return f"{who}, since {when}"


def name_holder(connection: Connection, command: str) -> None:
    """Name this session after ``command`` and this process for the transaction, so a
    waiter can say whom it waits for (``lock_holder``)."""
    name = f"claims {command}, pid {os.getpid()}"[:63]
    connection.execute(text("SELECT set_config('application_name', :name, true)"), {"name": name})


def lock(connection: Connection, scope: str) -> None:
    """Wait for ``scope``'s transaction-level advisory lock (migrations: no back-off)."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(scope)})


def reset_sequences(connection: Connection, tables: Iterable[str]) -> None:
    """Point each table's ``id`` sequence past its largest id (after rows came with ids)."""
    for table in tables:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
            )
        )


def copy_in(
    connection: Connection,
    table: Table,
    chunks: Iterable[Sequence[Row]],
    tick: Callable[[int], None],
) -> int:
    """Append ``chunks`` of rows (every column of ``table``, in order) to ``table`` by binary
    COPY in the connection's transaction; rows written. Vectors (float32 bytes, as
    ``store.columns.VectorBytes`` reads them) go in pgvector's binary form, which spares
    formatting every float as text: the bulk of a row-by-row insert's time."""
    import numpy as np
    from pgvector.psycopg import register_vector

    raw = connection.connection.driver_connection
    register_vector(raw)
    names = [c.name for c in table.columns]
    types = dict(
        connection.execute(
            text(
                "SELECT a.attname, t.typname FROM pg_attribute a "
                "JOIN pg_type t ON t.oid = a.atttypid "
                "WHERE a.attrelid = CAST(:table AS regclass) AND a.attnum > 0"
            ),
            {"table": table.name},
        ).all()
    )
    vectors = [n for n, name in enumerate(names) if types[name] == "vector"]
    columns = ", ".join(f'"{name}"' for name in names)
    written = 0
    with raw.cursor() as cursor:
        statement = f'COPY "{table.name}" ({columns}) FROM STDIN (FORMAT BINARY)'
        with cursor.copy(statement) as copy:
            copy.set_types([types[name] for name in names])
            for rows in chunks:
                for row in rows:
                    values = list(row)
                    for n in vectors:
                        if values[n] is not None:
                            values[n] = np.frombuffer(values[n], dtype=np.float32)
                    copy.write_row(values)
                written += len(rows)
                tick(len(rows))
    return written


def snapshot_reads(connection: Connection) -> None:
    """Make the transaction just begun on ``connection`` read one snapshot throughout."""
    connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def snapshot_conflict(exc: BaseException) -> bool:
    """Whether ``exc``, or an error behind it, says a REPEATABLE READ transaction met a
    change committed after its snapshot: a serialization failure (40001), a deadlock, or
    a row it could not see yet when it inserted the same key (23505). Only work that
    keeps nothing (a check) may simply run again on such an error."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        state = getattr(getattr(current, "orig", current), "sqlstate", None)
        if state in ("40001", "40P01", "23505"):
            return True
        current = current.__cause__ or current.__context__
    return False
