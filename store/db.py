"""Open a store (a SQLite file, or a PostgreSQL database) and bring its schema to the latest
Alembic revision.

A store is named by a path, or by a URL only when spelled as one (``sqlite:///x.db``,
``postgresql+psycopg://user:pw@host/db``): a path is never URL-decoded nor cut at ``?``, so
the file used is the file named. The failures a user meets (SQLite: locked, disk full,
read-only, not a database; Postgres: no server, bad password, no database, serialization
failure, lock timeout; ``store.postgres``) become one-line ``StoreError``s
(``store_error``); a store written by a newer claims is refused, not migrated.
``memory_copy`` lets a caller look at an older SQLite store through today's schema without
writing a byte of it.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from store import postgres
from store.errors import StoreBusy, StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
MEMORY = ":memory:"
FOREIGN = "it is a SQLite database but not a claims store"
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

# Pieces of SQLite's messages (lower case) and what the user reads instead; ``{name}`` is
# "store PATH". Anything else SQLite says is left to the caller (most likely a bug).
_FAILURES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("database is locked", "database table is locked", "database is busy"),
        "{name} is busy: another process kept it locked longer than claims waits; "
        "try again when that process is done",
    ),
    (("database or disk is full",), "cannot write {name}: the disk is full"),
    (("disk i/o error",), "cannot write {name}: disk I/O error (is the disk full, or gone?)"),
    (
        ("readonly database", "read-only database"),
        "cannot write {name}: it is read-only (check the permissions of the file "
        "and of its directory)",
    ),
    (
        ("unable to open database file",),
        "cannot open {name}: unable to open the file (it and its directory must be "
        "readable and writable: SQLite keeps -wal and -shm files beside it)",
    ),
    (("not a database",), "cannot open {name}: it is not a SQLite database"),
    (("malformed",), "cannot open {name}: the file is damaged (database disk image is malformed)"),
)


def store_error(exc: BaseException, where: object = None) -> StoreError | None:
    """A one-line ``StoreError`` (``StoreBusy`` when locked) for a SQLite failure a user
    meets, or None when ``exc`` is none of those (a bug keeps its traceback).

    ``exc`` is a SQLAlchemy ``DBAPIError`` or a ``sqlite3.Error``; ``where`` names the store.
    """
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error):
        return postgres.pg_error(orig, where) if orig is not None else None
    message = str(orig).lower()
    name = f"store {where}" if where not in (None, "", MEMORY) else "the store"
    for pieces, text in _FAILURES:
        if any(piece in message for piece in pieces):
            error = StoreBusy if pieces[0] == "database is locked" else StoreError
            return error(text.format(name=name))
    return None


def store_url(db: str | Path) -> URL:
    """The engine URL of a store: a path (a ``Path``, or text without ``scheme://``) is the
    file it names, exactly; a URL must be SQLite's or PostgreSQL's (psycopg 3)."""
    text = str(db)
    if not text.strip():
        raise StoreError("no store given: the store path is empty")
    if isinstance(db, Path) or not URL_SCHEME.match(text):
        return URL.create("sqlite", database=text)
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StoreError(f"store URL {text!r} is malformed ({exc})") from None
    if postgres.is_postgres(url):
        return postgres.normalise(url)
    if url.get_backend_name() != "sqlite":
        shown = url.render_as_string(hide_password=True)
        raise StoreError(
            f"store {shown}: {url.get_backend_name()} is not supported (SQLite or PostgreSQL only)"
        )
    return url


def store_file(db: str | Path) -> Path | None:
    """The file a store lives in, or None for an in-memory or a server (PostgreSQL) store."""
    url = store_url(db)
    if postgres.is_postgres(url):
        return None
    name = url.database
    return None if not name or name == MEMORY else Path(name)


def store_name(engine: Engine) -> str:
    """How messages name the store of ``engine``: its file, or its URL without password."""
    if postgres.is_postgres(engine):
        return postgres.display(engine.url)
    return str(engine.url.database)


def _with_pragmas(engine: Engine) -> Engine:
    """WAL, a busy timeout and enforced foreign keys on every connection of ``engine``."""

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI types are untyped
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    return engine


def make_engine(db: str | Path) -> Engine:
    """An engine on the store ``db`` (path or URL): SQLite with WAL, a busy timeout and foreign
    keys; PostgreSQL with bounded connect and lock waits (``store.postgres``)."""
    url = store_url(db)
    if postgres.is_postgres(url):
        return postgres.make_pg_engine(url)
    try:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    except ArgumentError as exc:
        raise StoreError(f"store {db}: {exc}") from None
    return _with_pragmas(engine)


def _alembic_config(engine: Engine | None):  # noqa: ANN202 - alembic is imported lazily
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this code has a migration for."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    return frozenset(r.revision for r in script.walk_revisions())


def head_revision() -> str:
    """The schema revision this code writes."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    assert head is not None, "no migrations"
    return head


def refuse_newer(revision: str | None, where: object) -> None:
    """Raise ``StoreError`` when a store's ``revision`` is one this code does not know."""
    if revision is not None and revision not in known_revisions():
        raise StoreError(
            f"store {where} was written by a newer claims (schema {revision}); upgrade claims"
        )


def current_revision(engine: Engine) -> str | None:
    """The schema revision the store holds (None: no schema yet)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def following_revision(revision: str | None) -> str | None:
    """The revision an upgrade from ``revision`` runs next (None: ``revision`` is the head)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    for found in script.walk_revisions():
        if found.down_revision == revision:
            return found.revision
    return None


def migrate(
    engine: Engine, revision: str = "head", *, repair: bool = False, done: list[str] | None = None,
    inspect_file: bool = True, name: object = None,
) -> tuple[str | None, str | None]:  # fmt: skip
    """Create or upgrade the schema in one transaction holding the write lock; refuses a
    newer store; failures are one-line errors.

    A SQLite store an older claims left half-upgraded is refused, or with ``repair``
    mended first (``store.repair``; what was done is appended to ``done``). Returns the
    (from, to) revisions. ``inspect_file`` false: no such check (the in-memory schemas the
    check compares with are built so). ``name`` names the store in messages."""
    from alembic import command

    where = name or store_name(engine)
    try:
        before = current_revision(engine)
        refuse_newer(before, where)
        if before is not None and before == head_revision() and revision == "head":
            return before, before  # nothing to do: no lock taken, nothing written
        config = _alembic_config(engine)
        following = following_revision(before)
        if inspect_file and engine.dialect.name == "sqlite" and following is not None:
            from store.repair import prepare_step

            config.attributes["prepare"] = prepare_step(
                before, following, _build_schema, repair=repair,
                done=done if done is not None else [], where=where,
            )  # fmt: skip
        command.upgrade(config, revision)
        return before, current_revision(engine)
    except (OperationalError, DatabaseError) as exc:
        raise store_error(exc, where) or StoreError(
            f"cannot open store {where}: {' '.join(str(exc.orig).split())}"
        ) from exc


def _build_schema(engine: Engine, revision: str) -> None:
    """Migrate ``engine`` (an in-memory store ``store.repair`` compares with) to ``revision``."""
    migrate(engine, revision, inspect_file=False)


def create_private(path: Path) -> None:
    """Create the empty file ``path`` readable by its owner only (0600), unless it exists:
    SQLite gives its -wal and -shm files the mode of the store file."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot create store {path}: {exc.strerror or exc}") from None


def check_store_file(path: Path, *, create: bool) -> None:
    """Refuse, before a byte is written, a store file that is missing (unless ``create``),
    not a database, someone else's database, or (unless ``create``) empty."""
    if not path.exists() and not create:
        raise StoreError(f"no store at {path} (ingest first, or check --db)")
    if not path.parent.exists():
        raise StoreError(f"cannot create store {path}: directory {path.parent} does not exist")
    if path.exists() and file_revision(path) is None:
        why = why_no_schema(path)
        if not create or why == FOREIGN:  # never a byte written into another's database
            raise StoreError(f"no store in {path}: {why}")


def open_store(db_path: str | Path, *, create: bool = True) -> Engine:
    """An engine on an up-to-date store (the schema created or upgraded under the write
    lock); the file is created (0600) when missing, unless not ``create``."""
    path = store_file(db_path)
    if path is not None:
        check_store_file(path, create=create)
        create_private(path)
    engine = make_engine(db_path)
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write ``path`` (``query_only``) nor create it (``mode=rw``;
    the URI is built from the path, so no character of it is read as URI syntax).

    Not SQLite's ``mode=ro``: a read-only connection cannot tidy a WAL store's -wal and
    -shm away when it closes, and would leave them beside the file."""
    uri = path.resolve().as_uri() + "?mode=rw"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    connection.execute("PRAGMA query_only=ON")
    return connection


def file_revision(path: Path) -> str | None:
    """The schema revision of the store file ``path`` (None: no schema yet), read without
    writing; a newer store is refused."""
    try:
        connection = read_only_connection(path)
        try:
            has_table = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            query = "SELECT version_num FROM alembic_version"
            row = connection.execute(query).fetchone() if has_table else None
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise store_error(exc, path) or StoreError(f"cannot open store {path}: {exc}") from exc
    revision = row[0] if row else None
    refuse_newer(revision, path)
    return revision


def memory_copy(path: Path) -> Engine:
    """An in-memory store holding a copy of the store file ``path``, migrated to the latest
    schema; ``path`` itself is only read (SQLite's backup API on a read-only connection)."""
    copy = sqlite3.connect(MEMORY, check_same_thread=False)
    try:
        source = read_only_connection(path)
        try:
            source.backup(copy)
        finally:
            source.close()
    except sqlite3.Error as exc:
        copy.close()
        raise store_error(exc, path) or StoreError(f"cannot open store {path}: {exc}") from exc
    engine = _with_pragmas(create_engine("sqlite://", creator=lambda: copy, poolclass=StaticPool))
    migrate(engine, name=path)
    return engine


def current_tables(engine: Engine) -> set[str]:
    """Names of the tables the store holds (for diagnostics and tests)."""
    return set(inspect(engine).get_table_names())


def read_snapshot(session: Session, *, read_only: bool = False) -> None:
    """Make the transaction ``session`` is about to begin read one snapshot throughout.

    Postgres: REPEATABLE READ (read-only when ``read_only``), so a check or an ingest's
    snapshot sees every table as of one moment while other ingests commit, and waits for
    none of them. SQLite's WAL readers already see one snapshot per read transaction.
    Call before the first statement of the transaction.
    """
    if postgres.is_postgres(session.get_bind()):
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": read_only}
        session.connection(execution_options=options)


def why_no_schema(path: Path) -> str:
    """Why a SQLite file that exists holds no store: empty, begun but never finished (a
    first ingest stopped before its schema was committed), or someone else's database."""
    if path.stat().st_size == 0:
        return "the file is empty (ingest creates a store in it)"
    connection = read_only_connection(path)
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()
    if not names:
        return "it holds no schema yet (a first ingest stopped early?); ingest creates it"
    if "alembic_version" in names:
        return (
            "an interrupted first ingest of an older claims left part of a schema; run "
            f"`claims migrate --db {path}` to repair it"
        )
    return FOREIGN
