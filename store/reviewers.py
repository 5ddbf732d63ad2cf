"""Reviewer accounts of ``claims serve``: add, look up, list, replace a token, revoke.

Functions take a session and never commit. Only hashes are stored here; making tokens and
hashing them is the caller's job (``claims.web.accounts``), so store/ holds no crypto.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.models import Reviewer


@dataclass(frozen=True)
class ReviewerRecord:
    """A reviewer as the store holds them (``token_hash`` is an argon2 hash)."""

    id: int
    name: str
    token_hash: str
    read_only: bool
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def as_record(row: Reviewer) -> ReviewerRecord:
    return ReviewerRecord(
        row.id, row.name, row.token_hash, bool(row.read_only), row.created_at, row.revoked_at
    )


def add(
    session: Session, name: str, token_hash: str, *, read_only: bool, at: datetime
) -> ReviewerRecord:
    """Store a new reviewer (the caller checked the name is free)."""
    row = Reviewer(name=name, token_hash=token_hash, read_only=read_only, created_at=at)
    session.add(row)
    session.flush()
    return as_record(row)


def by_name(session: Session, name: str) -> ReviewerRecord | None:
    row = session.scalar(select(Reviewer).where(Reviewer.name == name))
    return as_record(row) if row is not None else None


def by_id(session: Session, reviewer_id: int) -> ReviewerRecord | None:
    row = session.get(Reviewer, reviewer_id)
    return as_record(row) if row is not None else None


def everyone(session: Session) -> list[ReviewerRecord]:
    """Every reviewer, revoked ones too, by name."""
    return [as_record(r) for r in session.scalars(select(Reviewer).order_by(Reviewer.name))]


def set_token(session: Session, name: str, token_hash: str, *, read_only: bool) -> None:
    """Give ``name`` a new token hash (and role), and make them active again."""
    session.execute(
        update(Reviewer)
        .where(Reviewer.name == name)
        .values(token_hash=token_hash, read_only=read_only, revoked_at=None)
    )


def revoke(session: Session, name: str, at: datetime) -> None:
    """Stop ``name`` signing in (their row and their log entries stay)."""
    session.execute(update(Reviewer).where(Reviewer.name == name).values(revoked_at=at))
