"""Reviewers of the desk: add one (a token printed once, stored argon2-hashed), sign in,
replace a token, revoke, list; and their sessions on the server.

Tokens are random (``secrets``, 32 bytes) and hashed with argon2id (``argon2-cffi``), so a
copy of the store gives nobody a way in. Signing in with an unknown name still runs one
hash check, so the answer takes as long as for a known name.

A sign-in starts a session on the server: the browser's cookie holds only its random id
(``secrets``, 32 bytes), the store only that id's SHA-256. Sign-out, revoke, reset and
``claims reviewers signout`` end it; so do an hour unused and twelve hours since sign-in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from claims.errors import BadInput, NotFound
from store import desk_sessions
from store import reviewers as store
from store.desk_sessions import DeskSessionRecord
from store.reviewers import ReviewerRecord

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from store.desk import Session

NAME = re.compile(r"^[\w][\w .@'-]{0,62}$")
IDLE = timedelta(hours=1)  # a session unused this long has ended
ABSOLUTE = timedelta(hours=12)  # and one this old, however busy
TOUCH_EVERY = timedelta(minutes=1)  # how stale ``seen_at`` may get before it is written
KEEP = timedelta(days=30)  # ended sessions are deleted at a sign-in after this


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
    _end_all(session, record, "token reset")
    return NewToken(record, token)


def revoke(session: Session, name: str) -> ReviewerRecord:
    """Stop ``name`` signing in, and end their sessions."""
    if store.by_name(session, name) is None:
        raise NotFound(f"no reviewer named {name!r}")
    store.revoke(session, name, utcnow())
    record = store.by_name(session, name)
    assert record is not None
    _end_all(session, record, "revoked")
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


def session_key(sid: str) -> str:
    """What the store keeps of a session id: its SHA-256 (the id itself stays in the cookie)."""
    return hashlib.sha256(sid.encode()).hexdigest()


def start_session(session: Session, record: ReviewerRecord) -> str:
    """A new session for ``record``: its random id, for the cookie."""
    sid = secrets.token_urlsafe(32)
    desk_sessions.start(session, session_key(sid), record.id, utcnow(), keep=KEEP)
    return sid


def signed_in(session: Session, sid: str) -> ReviewerRecord | None:
    """The reviewer of the live session ``sid``, or None; notes its use (once a minute, and
    only if the store is free at once)."""
    key, now = session_key(sid), utcnow()
    found = desk_sessions.reviewer_of(session, key, now, idle=IDLE, absolute=ABSOLUTE)
    if found is None:
        return None
    record, seen = found
    if now - seen >= TOUCH_EVERY:
        desk_sessions.touch(session, key, now)
    return record


def end_session(session: Session, sid: str, reason: str = "signed out") -> None:
    desk_sessions.end(session, session_key(sid), utcnow(), reason)


def _end_all(session: Session, record: ReviewerRecord, reason: str) -> int:
    return desk_sessions.end_all(session, record.id, utcnow(), reason, idle=IDLE, absolute=ABSOLUTE)


def sign_out(session: Session, name: str) -> int:
    """End every session of ``name`` (``claims reviewers signout``); how many were live."""
    record = store.by_name(session, name)
    if record is None:
        raise NotFound(f"no reviewer named {name!r}")
    return _end_all(session, record, "signed out by an operator")


def open_sessions(session: Session) -> list[DeskSessionRecord]:
    """The live sessions of the desk, by reviewer."""
    return desk_sessions.open_sessions(session, utcnow(), idle=IDLE, absolute=ABSOLUTE)
