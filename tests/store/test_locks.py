"""Taking the write lock: a writer that finds it held waits, says so, then is told the store
is busy (exit code 3 in the CLI)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from store.errors import StoreBusy
from store.locks import begin_write


def test_a_held_lock_is_waited_for_and_then_reported_busy(engine: Engine) -> None:
    other = sqlite3.connect(str(engine.url.database), timeout=0)
    other.execute("BEGIN IMMEDIATE")
    waits: list[int] = []
    try:
        with Session(engine) as session, pytest.raises(StoreBusy, match="store busy"):
            begin_write(session, lambda stage, done, total: waits.append(done), limit=1.5)
    finally:
        other.rollback()
        other.close()
    assert waits, "the writer said it was waiting"
    with Session(engine) as session:
        begin_write(session, limit=1.5)  # free again: taken at once
        session.rollback()
