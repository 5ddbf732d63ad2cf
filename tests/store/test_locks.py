"""Taking the write lock: a writer that finds it held waits, says so, then is told the store
is busy (exit code 3 in the CLI). On SQLite the lock is the file's (``BEGIN IMMEDIATE``);
on Postgres an advisory lock per scope, so reviewers do not wait for an ingest."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from store import postgres
from store.errors import StoreBusy
from store.locks import begin_write


@contextmanager
def held_elsewhere(engine: Engine, scope: str = "write") -> Iterator[None]:
    """The write lock held by another connection for the duration."""
    if engine.dialect.name == "sqlite":
        other = sqlite3.connect(str(engine.url.database), timeout=0)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    with engine.connect() as other, other.begin():
        assert postgres.try_lock(other, scope)
        yield


def test_a_held_lock_is_waited_for_and_then_reported_busy(engine: Engine) -> None:
    waits: list[int] = []
    with (
        held_elsewhere(engine),
        Session(engine) as session,
        pytest.raises(StoreBusy, match="is busy"),
    ):
        begin_write(session, lambda stage, done, total: waits.append(done), limit=1.5)
    assert waits, "the writer said it was waiting"
    with Session(engine) as session:
        begin_write(session, limit=1.5)  # free again: taken at once
        session.rollback()


@pytest.mark.parametrize("store_db", ["postgres"], indirect=True)  # one lock per file on SQLite
def test_on_postgres_reviewers_do_not_wait_for_an_ingest(engine: Engine) -> None:
    with held_elsewhere(engine, "write"), Session(engine) as session:
        begin_write(session, limit=0.5, scope="review")  # taken at once
        session.rollback()
    with held_elsewhere(engine, "review"), Session(engine) as session, pytest.raises(StoreBusy):
        begin_write(session, limit=0.3, scope="review")
