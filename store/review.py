"""Review writes and the audit log. Functions take a session and never commit.

A verdict is a status change of a claim or a contradiction plus one append-only log entry;
both are written here, so callers never touch a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, joinedload

from store import convert
from store.batching import IN_CHUNK, batched
from store.locks import begin_write
from store.models import AuditEntry, Claim, Contradiction
from store.records import AuditRecord, ClaimRecord

TABLES: dict[str, type[Claim] | type[Contradiction]] = {
    "claim": Claim,
    "contradiction": Contradiction,
}


def lock_for_write(session: Session) -> None:
    """Take the write lock before reading what a verdict changes (``store.locks``).

    A verdict reads the current status and then writes it: with a deferred transaction two
    reviewers could both read "unreviewed" and both log a change. Holding the write lock
    from the first read makes the read-then-write atomic; a second writer waits its turn
    with back-off instead of failing later with "database is locked". On Postgres this is
    the "review" advisory lock: reviewers queue for each other, not for ingests.
    """
    begin_write(session, scope="review")


def statuses(session: Session, entity: str, ids: Sequence[int]) -> dict[int, str]:
    """The current status of each stored claim or contradiction among ``ids``."""
    table = TABLES[entity]
    found: dict[int, str] = {}
    for chunk in batched(list(ids), IN_CHUNK):
        stmt = select(table.id, table.status).where(table.id.in_(chunk))
        found.update((i, s) for i, s in session.execute(stmt))
    return found


def record_changes(
    session: Session,
    entity: str,
    changes: Sequence[tuple[int, str, str]],
    *,
    by: str,
    note: str | None,
    at: datetime,
) -> None:
    """Set each (id, old, new) status and log it, in order (flushed: ids in append order)."""
    table = TABLES[entity]
    for entity_id, old, new in changes:
        session.execute(update(table).where(table.id == entity_id).values(status=new))
        session.add(
            AuditEntry(
                at=at,
                by=by,
                entity=entity,
                entity_id=entity_id,
                field="status",
                old_value=old,
                new_value=new,
                note=note,
            )
        )
    session.flush()
    session.expire_all()


def entries(
    session: Session,
    *,
    claim_ids: Sequence[int] = (),
    contradiction_ids: Sequence[int] = (),
    by: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditRecord]:
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
    return [convert.entry(e) for e in session.scalars(stmt)]


def history(
    session: Session, claim_ids: Sequence[int], contradiction_ids: Sequence[int]
) -> dict[tuple[str, int], list[AuditRecord]]:
    """Entries per (entity, id) for many claims and contradictions at once (for reports)."""
    out: dict[tuple[str, int], list[AuditRecord]] = {}
    for entity, ids in (("claim", claim_ids), ("contradiction", contradiction_ids)):
        for chunk in batched(sorted(set(ids)), IN_CHUNK):
            stmt = (
                select(AuditEntry)
                .where(AuditEntry.entity == entity, AuditEntry.entity_id.in_(chunk))
                .order_by(AuditEntry.id)
            )
            for row in session.scalars(stmt):
                out.setdefault((entity, row.entity_id), []).append(convert.entry(row))
    return out


def claims_with_status(session: Session, wanted: Sequence[str]) -> list[ClaimRecord]:
    """Claims whose status is one of ``wanted``, by id."""
    stmt = (
        select(Claim)
        .options(joinedload(Claim.source), joinedload(Claim.topic))
        .where(Claim.status.in_(list(wanted)))
        .order_by(Claim.id)
    )
    return [convert.claim(c) for c in session.scalars(stmt)]


def last_status_change(session: Session, claim_ids: Sequence[int]) -> dict[int, AuditRecord]:
    """The latest status entry of each claim (who reviewed it, when, with what note)."""
    latest: dict[int, AuditRecord] = {}
    for (_, claim_id), rows in history(session, claim_ids, ()).items():
        changes = [r for r in rows if r.field == "status"]
        if changes:
            latest[claim_id] = changes[-1]
    return latest
