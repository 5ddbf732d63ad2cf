"""Sessions of the review desk (``claims serve``): start one, find the reviewer of a live
one, note that it was used, end one or all of a reviewer's, list the open ones.

Functions take a session and never commit. Rows are keyed by the SHA-256 of the cookie's
random id (hashing is the caller's job, ``claims.web.accounts``). "Live" means not ended,
used within ``idle`` and started within ``absolute``: expiry needs no write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from store.db import BUSY_TIMEOUT_MS
from store.models import DeskSession, Reviewer
from store.reviewers import ReviewerRecord, as_record


@dataclass(frozen=True)
class DeskSessionRecord:
    """An open session as ``claims reviewers sessions`` lists it (``ref``: the start of
    its key, enough to tell two apart; never the cookie's id)."""

    ref: str
    reviewer: str
    created_at: datetime
    seen_at: datetime


def start(session: Session, key: str, reviewer_id: int, at: datetime, *, keep: timedelta) -> None:
    """Record a new session; sessions started more than ``keep`` ago are deleted."""
    session.execute(delete(DeskSession).where(DeskSession.created_at < at - keep))
    session.add(DeskSession(key=key, reviewer_id=reviewer_id, created_at=at, seen_at=at))
    session.flush()


def _live(at: datetime, idle: timedelta, absolute: timedelta):  # noqa: ANN202 - SQL terms
    return (
        DeskSession.ended_at.is_(None),
        DeskSession.seen_at > at - idle,
        DeskSession.created_at > at - absolute,
    )


def reviewer_of(
    session: Session, key: str, at: datetime, *, idle: timedelta, absolute: timedelta
) -> tuple[ReviewerRecord, datetime] | None:
    """The active reviewer of the live session ``key`` and when it was last seen, or None
    (unknown, ended, expired, or the reviewer was revoked)."""
    row = session.execute(
        select(Reviewer, DeskSession.seen_at)
        .join(DeskSession, DeskSession.reviewer_id == Reviewer.id)
        .where(DeskSession.key == key, Reviewer.revoked_at.is_(None), *_live(at, idle, absolute))
    ).first()
    return (as_record(row[0]), row[1]) if row is not None else None


def touch(session: Session, key: str, at: datetime, *, wait_ms: int = 100) -> bool:
    """Note that ``key`` was used at ``at``; False when the store stayed locked for
    ``wait_ms`` (SQLite, during a long write): a page never waits on its own bookkeeping."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        session.execute(text(f"PRAGMA busy_timeout={int(wait_ms)}"))
    try:
        session.execute(update(DeskSession).where(DeskSession.key == key).values(seen_at=at))
        return True
    except OperationalError as exc:
        if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
            raise
        return False
    finally:
        if sqlite:
            session.execute(text(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}"))


def end(session: Session, key: str, at: datetime, reason: str) -> None:
    """End the session ``key`` (if still open)."""
    session.execute(
        update(DeskSession)
        .where(DeskSession.key == key, DeskSession.ended_at.is_(None))
        .values(ended_at=at, end_reason=reason)
    )


def end_all(
    session: Session,
    reviewer_id: int,
    at: datetime,
    reason: str,
    *,
    idle: timedelta,
    absolute: timedelta,
) -> int:
    """End every session of a reviewer not ended yet; how many of them were live."""
    live = session.scalar(
        select(func.count())
        .select_from(DeskSession)
        .where(DeskSession.reviewer_id == reviewer_id, *_live(at, idle, absolute))
    )
    session.execute(
        update(DeskSession)
        .where(DeskSession.reviewer_id == reviewer_id, DeskSession.ended_at.is_(None))
        .values(ended_at=at, end_reason=reason)
    )
    return int(live or 0)


def open_sessions(
    session: Session, at: datetime, *, idle: timedelta, absolute: timedelta
) -> list[DeskSessionRecord]:
    """Every live session, by reviewer name then start."""
    rows = session.execute(
        select(DeskSession, Reviewer.name)
        .join(Reviewer, DeskSession.reviewer_id == Reviewer.id)
        .where(Reviewer.revoked_at.is_(None), *_live(at, idle, absolute))
        .order_by(Reviewer.name, DeskSession.created_at)
    )
    return [DeskSessionRecord(d.key[:8], name, d.created_at, d.seen_at) for d, name in rows]
