"""``claims check`` as one call: open the store, check the batch in one transaction, retry.

What ``check`` (claims.pipeline.check) needs around it: the store to run on, one transaction
that is committed with ``record`` and rolled back otherwise, the write lock or a read
snapshot, and running afresh when a PostgreSQL snapshot met a concurrent ingest. Here, not
in the command, so that the command only parses, calls and prints.

Without ``record`` the store file is never written: one that does not exist is not created
(the batch is checked against an empty in-memory store), and one with an older schema is
not upgraded (the batch is checked against an upgraded in-memory copy); ``note`` says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from claims.config import Settings
from claims.pipeline.check import CheckResult, check_paths
from claims.pipeline.stages import StageFactory, default_stages
from claims.types import Progress, no_progress

ATTEMPTS = 3  # checks run afresh when a Postgres snapshot meets a concurrent ingest
Note = Callable[[str], None]  # one line for the user (the CLI prints it on stderr)


def _quiet(_: str) -> None:
    """The default ``note``: say nothing."""


def check_store(
    settings: Settings,
    paths: list[Path],
    *,
    record: bool = False,
    fail_on: str = "new",
    baseline: Path | None = None,
    skip_bad: bool = False,
    write_to: Path | None = None,
    stages: StageFactory = default_stages,
    progress: Progress = no_progress,
    note: Note = _quiet,
) -> CheckResult:
    """Check ``paths`` against the store ``settings.db`` (``check_paths``'s result), in its
    own transaction: committed with ``record``, rolled back otherwise. Run again (up to
    ``ATTEMPTS`` times) when a PostgreSQL snapshot met an ingest that committed meanwhile (a
    serialization failure: nothing of a check is kept, so running it afresh is safe)."""
    from store.postgres import snapshot_conflict

    for attempt in range(1, ATTEMPTS + 1):
        try:
            with _session(settings.db, record, note) as session:
                return check_paths(
                    session,
                    paths,
                    settings,
                    fail_on=fail_on,
                    baseline=baseline,
                    skip_bad=skip_bad,
                    progress=progress,
                    write_to=write_to,
                    stages=stages,
                )
        except Exception as exc:
            if attempt == ATTEMPTS or not snapshot_conflict(exc):
                raise
            note("the store changed under the check; checking again")
    raise AssertionError("unreachable")


@contextmanager
def _session(db: str, record: bool, note: Note) -> Iterator[Session]:
    """A session in one transaction: committed with ``record``, otherwise rolled back;
    without ``record`` one snapshot that waits for no ingest (PostgreSQL), with it the
    write lock up front on both engines, as an ingest takes it."""
    from store.db import read_snapshot
    from store.locks import begin_write

    engine = _engine(db, record, note)
    try:
        with Session(engine) as session:
            session.begin()
            if not record:
                read_snapshot(session)
            else:  # a writer: waits for the lock up front, saying so, as ingests do
                begin_write(session)
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            if record:
                session.commit()
            else:
                session.rollback()
    finally:
        engine.dispose()


def _engine(db: str, record: bool, note: Note) -> Engine:
    """The engine a check runs on: the store itself, or (without ``record``) an in-memory
    stand-in where using the file would create or upgrade it."""
    from store import db as store

    path = store.store_file(db)
    if record or path is None:
        return store.open_store(db)
    if not path.exists():
        note(f"no store at {path}; checking against an empty store")
        engine = store.make_engine(store.MEMORY)
        store.migrate(engine)
        return engine
    revision = store.file_revision(path)
    if revision == store.head_revision():
        return store.open_store(db)
    schema = f"has an older schema ({revision})" if revision else "holds no schema yet"
    note(
        f"store {path} {schema}; checking against an upgraded copy in memory and "
        "leaving the file as it is (ingest upgrades it)"
    )
    return store.memory_copy(path)
