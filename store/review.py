"""Review queries: verdict targets, the audit log, reviewed claims. Take a session, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from store.models import AuditEntry, Claim, Contradiction

CHUNK = 500  # ids per IN (...) clause, well under SQLite's variable limit


def lock_for_write(session: Session) -> None:
    """Take SQLite's write lock now (``BEGIN IMMEDIATE``) unless a transaction is open.

    A verdict reads the current status and then writes it: with a deferred transaction two
    reviewers could both read "unreviewed" and both log a change. Holding the write lock
    from the first read makes the read-then-write atomic; a second writer waits (busy
    timeout) instead of failing later with "database is locked".
    """
    dbapi = session.connection().connection.dbapi_connection
    if dbapi is not None and not getattr(dbapi, "in_transaction", True):
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def claims_by_id(session: Session, ids: Sequence[int]) -> dict[int, Claim]:
    """The stored claims among ``ids`` (with their sources)."""
    found: dict[int, Claim] = {}
    for chunk in _chunks(ids):
        stmt = select(Claim).options(joinedload(Claim.source)).where(Claim.id.in_(chunk))
        found.update((c.id, c) for c in session.scalars(stmt))
    return found


def contradictions_by_id(session: Session, ids: Sequence[int]) -> dict[int, Contradiction]:
    """The stored contradictions among ``ids``."""
    found: dict[int, Contradiction] = {}
    for chunk in _chunks(ids):
        stmt = select(Contradiction).where(Contradiction.id.in_(chunk))
        found.update((c.id, c) for c in session.scalars(stmt))
    return found


def append(session: Session, entries: Sequence[AuditEntry]) -> None:
    """Add entries to the log (flushed, so they get ids in append order)."""
    session.add_all(entries)
    session.flush()


def entries(
    session: Session,
    *,
    claim_ids: Sequence[int] = (),
    contradiction_ids: Sequence[int] = (),
    by: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditEntry]:
    """Log entries in append order; entity filters are OR-ed, the others AND-ed.

    ``until`` is exclusive, so a caller asking for a whole day passes the next midnight.
    """
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    targets = []
    for entity, ids in (("claim", claim_ids), ("contradiction", contradiction_ids)):
        if ids:
            targets.append((AuditEntry.entity == entity) & AuditEntry.entity_id.in_(list(ids)))
    if targets:
        stmt = stmt.where(or_(*targets))
    if by is not None:
        stmt = stmt.where(AuditEntry.by == by)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEntry.at < until)
    return list(session.scalars(stmt))


def history(
    session: Session, claim_ids: Sequence[int], contradiction_ids: Sequence[int]
) -> dict[tuple[str, int], list[AuditEntry]]:
    """Entries per (entity, id) for many claims and contradictions at once (for reports)."""
    out: dict[tuple[str, int], list[AuditEntry]] = {}
    for entity, ids in (("claim", claim_ids), ("contradiction", contradiction_ids)):
        for chunk in _chunks(sorted(set(ids))):
            stmt = (
                select(AuditEntry)
                .where(AuditEntry.entity == entity, AuditEntry.entity_id.in_(chunk))
                .order_by(AuditEntry.id)
            )
            for row in session.scalars(stmt):
                out.setdefault((entity, row.entity_id), []).append(row)
    return out


def claims_with_status(session: Session, statuses: Sequence[str]) -> list[Claim]:
    """Claims whose status is one of ``statuses``, by id, with sources loaded."""
    stmt = (
        select(Claim)
        .options(joinedload(Claim.source))
        .where(Claim.status.in_(list(statuses)))
        .order_by(Claim.id)
    )
    return list(session.scalars(stmt))


def last_status_change(session: Session, claim_ids: Sequence[int]) -> dict[int, AuditEntry]:
    """The latest status entry of each claim (who reviewed it, when, with what note)."""
    latest: dict[int, AuditEntry] = {}
    for (_, claim_id), rows in history(session, claim_ids, ()).items():
        changes = [r for r in rows if r.field == "status"]
        if changes:
            latest[claim_id] = changes[-1]
    return latest
