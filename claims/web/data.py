"""The store as the desk's views use it: a read transaction, and a write transaction that
is retried whole when SQLite stays locked (as ``claims tag``/``resolve`` are)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from flask import current_app

from claims.review import retry_when_locked
from store.desk import transaction

if TYPE_CHECKING:
    from store.desk import Engine, Session

T = TypeVar("T")
ENGINE = "claims.engine"  # the app's ``extensions`` key holding the store's engine


def engine() -> Engine:
    return current_app.extensions[ENGINE]


@contextmanager
def reading() -> Iterator[Session]:
    """A session for one page's reads (one consistent snapshot of the store)."""
    with transaction(engine()) as session:
        yield session


def writing(work: Callable[[Session], T]) -> T:
    """Run ``work`` in its own write transaction, committed on return; retried whole when
    the store is locked by a long writer (an ingest)."""

    def attempt() -> T:
        with transaction(engine()) as session:
            return work(session)

    return retry_when_locked(attempt)
