"""Audit entries that change no status: a reviewer's note, a refused (conflicting)
attempt, and taking or releasing a pair for review. Functions take a session and never
commit.

They go to the same append-only ``audit_log`` as status changes (``store.review``), with
their own ``field``: ``note`` (the note only; no old or new value) and ``conflict`` (the
status it really had as ``old_value``, the status the reviewer asked for as ``new_value``),
so ``claims log`` and every history show them next to the verdicts. ``progress`` marks a
pair in progress: ``new_value`` the reviewer who took it (None: released), ``old_value``
who held it before; a status change of the pair ends it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import convert
from store.batching import IN_CHUNK, batched
from store.models import AuditEntry
from store.records import AuditRecord

NOTE = "note"
CONFLICT = "conflict"
PROGRESS = "progress"


def record(
    session: Session,
    entity: str,
    entity_id: int,
    field: str,
    *,
    old: str | None,
    new: str | None,
    by: str,
    note: str | None,
    at: datetime,
) -> AuditRecord:
    """Append one entry (flushed, so it has its id) and return it."""
    if field not in (NOTE, CONFLICT, PROGRESS):
        raise ValueError(f"not a remark field: {field!r}")
    row = AuditEntry(
        at=at,
        by=by,
        entity=entity,
        entity_id=entity_id,
        field=field,
        old_value=old,
        new_value=new,
        note=note,
    )
    session.add(row)
    session.flush()
    return convert.entry(row)


def last_status_change(session: Session, entity: str, entity_id: int) -> AuditRecord | None:
    """The entry that gave ``entity_id`` its current status (who, when), if any."""
    stmt = (
        select(AuditEntry)
        .where(
            AuditEntry.entity == entity,
            AuditEntry.entity_id == entity_id,
            AuditEntry.field == "status",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    row = session.scalar(stmt)
    return convert.entry(row) if row is not None else None


def recent(session: Session, limit: int, offset: int = 0) -> list[AuditRecord]:
    """The newest entries of the whole log first (for the log page)."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    return [convert.entry(e) for e in session.scalars(stmt)]


def in_progress(session: Session, pair_ids: Sequence[int]) -> dict[int, AuditRecord]:
    """The pairs among ``pair_ids`` someone has taken for review: the ``progress`` entry
    (who: ``new_value``; since: ``at``) not followed by a release or a status change."""
    held: dict[int, AuditRecord] = {}
    for chunk in batched(sorted(set(pair_ids)), IN_CHUNK):
        stmt = (
            select(AuditEntry)
            .where(
                AuditEntry.entity == "contradiction",
                AuditEntry.entity_id.in_(chunk),
                AuditEntry.field.in_((PROGRESS, "status")),
            )
            .order_by(AuditEntry.id)
        )
        for row in session.scalars(stmt):
            if row.field == PROGRESS and row.new_value:
                held[row.entity_id] = convert.entry(row)
            else:
                held.pop(row.entity_id, None)
    return held
