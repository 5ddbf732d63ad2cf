"""Review verdicts: tag claims, resolve contradictions, read the audit log.

Every verdict that changes a status appends one audit entry (when, who, what, old, new,
note); setting the value a row already has changes nothing and logs nothing. A batch of
ids is all or nothing: one unknown id fails it before anything is written.
"""

from __future__ import annotations

import getpass
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from claims.errors import BadInput, NotFound, StoreBusy, StoreError
from claims.types import CLAIM_STATUSES, PAIR_STATUSES, AuditRecord, ClaimRecord
from store import review as store

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """One id of a verdict: its status before and after (equal when nothing changed)."""

    entity: str
    id: int
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class Verdicts:
    """What a tag or resolve did, id by id, and who did it."""

    changes: tuple[Change, ...]
    by: str

    def summary(self) -> str:
        lines = [
            f"{c.entity} {c.id}: {c.old} -> {c.new}"
            if c.changed
            else f"{c.entity} {c.id}: already {c.new}"
            for c in self.changes
        ]
        done = sum(c.changed for c in self.changes)
        lines.append(f"{done} changed, {len(self.changes) - done} unchanged (by {self.by}).")
        return "\n".join(lines)


def default_reviewer() -> str:
    """The OS user, the reviewer's name when ``--by`` is not given."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or passwd (containers)
        return "unknown"


def utcnow() -> datetime:
    """Now in UTC, naive (as every timestamp of the store)."""
    return datetime.now(UTC).replace(tzinfo=None)


def tag(
    session: Session,
    claim_ids: Sequence[int],
    status: str,
    *,
    by: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Verdicts:
    """Set the review status of claims (verified, disputed or unreviewed)."""
    return _set_status(session, "claim", CLAIM_STATUSES, claim_ids, status, by, note, now)


def resolve(
    session: Session,
    contradiction_ids: Sequence[int],
    status: str,
    *,
    by: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Verdicts:
    """Set the status of flagged pairs (confirmed, dismissed or open again)."""
    return _set_status(
        session, "contradiction", PAIR_STATUSES, contradiction_ids, status, by, note, now
    )


def _set_status(
    session: Session,
    entity: str,
    statuses: Sequence[str],
    ids: Sequence[int],
    status: str,
    by: str | None,
    note: str | None,
    now: datetime | None,
) -> Verdicts:
    if status not in statuses:
        raise BadInput(f"unknown {entity} status {status!r}; choose one of {', '.join(statuses)}")
    if not ids:
        raise BadInput(f"name at least one {entity} id")
    who = (by if by is not None else default_reviewer()).strip()
    if not who:
        raise BadInput("must name someone", option="by")
    note = (note.strip() or None) if note is not None else None
    store.lock_for_write(session)
    wanted = list(dict.fromkeys(ids))
    current = store.statuses(session, entity, wanted)
    missing = [str(i) for i in wanted if i not in current]
    if missing:
        noun = entity if len(missing) == 1 else f"{entity}s"
        raise NotFound(f"no {noun} with id {', '.join(missing)}; nothing changed")
    changes = tuple(Change(entity, i, current[i], status) for i in wanted)
    done = [(c.id, c.old, c.new) for c in changes if c.changed]
    store.record_changes(session, entity, done, by=who, note=note, at=now or utcnow())
    log.info("%s %s: %d changed by %s", entity, status, len(done), who)
    return Verdicts(changes, who)


def retry_when_locked(work: Callable[[], T], attempts: int = 6, pause: float = 0.2) -> T:
    """Run ``work`` (one whole transaction) again when SQLite reports the store locked.

    Writers already wait for the write lock (``store.locks``, up to its limit: a
    ``StoreBusy`` from there is final, never waited for again); this covers a statement
    SQLite still refuses as locked. ``work`` must open its own transaction, so a retry
    starts clean.
    """
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except StoreBusy:
            raise
        except (OperationalError, StoreError) as exc:
            message = str(getattr(exc, "orig", None) or exc)
            if "locked" not in message and "busy" not in message:
                raise
            if attempt == attempts:
                raise StoreError(f"store still locked after {attempts} tries: {message}") from exc
            log.info("store locked (try %d of %d), retrying", attempt, attempts)
            time.sleep(pause * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def parse_when(value: str, *, end: bool = False) -> datetime:
    """A ``--since``/``--until`` value as naive UTC; a bare date with ``end`` means its end.

    Accepts YYYY-MM-DD or an ISO datetime (with or without offset; none means UTC).
    Returns the exclusive upper bound when ``end`` (the next midnight, or just after).
    """
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day)
            return start + timedelta(days=1) if end else start
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(f"not a date: {value!r} (use YYYY-MM-DD or an ISO datetime)") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment + timedelta(microseconds=1) if end else moment


def audit_entries(
    session: Session,
    *,
    claim: int | None = None,
    contradiction: int | None = None,
    by: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[AuditRecord]:
    """The audit log, oldest first, filtered by claim, contradiction, reviewer and time."""
    if claim is not None and not store.statuses(session, "claim", [claim]):
        raise NotFound(f"no claim with id {claim}")
    if contradiction is not None and not store.statuses(session, "contradiction", [contradiction]):
        raise NotFound(f"no contradiction with id {contradiction}")
    return store.entries(
        session,
        claim_ids=[claim] if claim is not None else (),
        contradiction_ids=[contradiction] if contradiction is not None else (),
        by=by,
        since=parse_when(since) if since else None,
        until=parse_when(until, end=True) if until else None,
    )


def reviewed_claims(
    session: Session, statuses: Sequence[str]
) -> list[tuple[ClaimRecord, AuditRecord | None]]:
    """Claims in ``statuses`` with the audit entry that gave each its current status."""
    rows = store.claims_with_status(session, statuses)
    latest = store.last_status_change(session, [c.id for c in rows])
    return [(c, latest.get(c.id)) for c in rows]
