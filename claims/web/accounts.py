"""Reviewers of the desk: add one (a token printed once, stored argon2-hashed), sign in,
replace a token, revoke, list.

Tokens are random (``secrets``, 32 bytes) and hashed with argon2id (``argon2-cffi``), so a
copy of the store gives nobody a way in. Signing in with an unknown name still runs one
hash check, so the answer takes as long as for a known name.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from claims.errors import BadInput, NotFound
from store import reviewers as store
from store.reviewers import ReviewerRecord

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from store.desk import Session

NAME = re.compile(r"^[\w][\w .@'-]{0,62}$")


@dataclass(frozen=True)
class NewToken:
    """A reviewer and the token to hand them (shown once, never stored)."""

    reviewer: ReviewerRecord
    token: str


@cache
def hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


@cache
def _decoy() -> str:
    """A hash no token matches, checked for unknown names (same time as a real check)."""
    return hasher().hash(secrets.token_urlsafe(32))


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _checked_name(name: str) -> str:
    name = name.strip()
    if not NAME.match(name):
        raise BadInput(
            f"{name!r} is not a reviewer name: letters, digits, spaces and . @ ' - "
            "(up to 63 characters, starting with a letter or digit)"
        )
    return name


def add(session: Session, name: str, *, read_only: bool = False) -> NewToken:
    """A new reviewer ``name`` with a fresh token; a taken name is refused."""
    name = _checked_name(name)
    if store.by_name(session, name) is not None:
        raise BadInput(f"reviewer {name!r} exists already (use 'reviewers reset' for a new token)")
    token = secrets.token_urlsafe(32)
    record = store.add(session, name, hasher().hash(token), read_only=read_only, at=utcnow())
    return NewToken(record, token)


def reset(session: Session, name: str, *, read_only: bool = False) -> NewToken:
    """A new token for ``name`` (the old one stops working; a revoked reviewer is active)."""
    if store.by_name(session, name) is None:
        raise NotFound(f"no reviewer named {name!r}")
    token = secrets.token_urlsafe(32)
    store.set_token(session, name, hasher().hash(token), read_only=read_only)
    record = store.by_name(session, name)
    assert record is not None
    return NewToken(record, token)


def revoke(session: Session, name: str) -> ReviewerRecord:
    """Stop ``name`` signing in; their sessions end at their next request."""
    if store.by_name(session, name) is None:
        raise NotFound(f"no reviewer named {name!r}")
    store.revoke(session, name, utcnow())
    record = store.by_name(session, name)
    assert record is not None
    return record


def everyone(session: Session) -> list[ReviewerRecord]:
    return store.everyone(session)


def authenticate(session: Session, name: str, token: str) -> ReviewerRecord | None:
    """The active reviewer ``name`` when ``token`` is theirs, else None."""
    from argon2.exceptions import InvalidHashError, VerificationError

    record = store.by_name(session, name.strip())
    try:
        hasher().verify(record.token_hash if record else _decoy(), token.strip())
    except (VerificationError, InvalidHashError):
        return None
    return record if record is not None and record.active else None


def session_stamp(record: ReviewerRecord) -> str:
    """What a signed-in session remembers of the token: a new token or a revocation
    changes the reviewer, so older sessions stop working."""
    return hashlib.sha256(record.token_hash.encode()).hexdigest()[:20]
