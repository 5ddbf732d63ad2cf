"""A reviewer's decision from the desk, checked against what they saw, then applied.

The form a reviewer submits carries the status they saw. Under the store's write lock
(``store.review.lock_for_write``) the current status is read and compared:

- the same as seen: the verdict goes through ``claims.review`` (``tag``/``resolve``), the
  rules and the audit entry of the command line (``changed``, or ``unchanged`` when it
  already had that status);
- changed meanwhile to what they asked for: nothing to do (``unchanged``);
- changed meanwhile to something else: refused (``conflict``). The attempt is appended to
  the audit log with field ``conflict`` (old: the status it had, new: the status asked
  for), so the log holds both reviewers' attempts and the second one is told who won.

A note given with a decision that changes nothing is kept as a ``note`` entry, so every
decision a reviewer sends lands in the log exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from claims import review
from claims.errors import BadInput, NotFound
from claims.types import CLAIM_STATUSES, PAIR_STATUSES, AuditRecord
from store import remarks
from store import review as review_store

if TYPE_CHECKING:
    from store.desk import Session

STATUSES = {"claim": CLAIM_STATUSES, "contradiction": PAIR_STATUSES}
NOUN = {"claim": "claim", "contradiction": "pair"}


@dataclass(frozen=True)
class Outcome:
    """What became of one decision: ``changed``, ``unchanged`` or ``conflict``."""

    result: str
    entity: str
    id: int
    seen: str
    wanted: str
    current: str  # the status it has now
    last: AuditRecord | None = None  # who set ``current`` (for a conflict)

    def message(self) -> str:
        """One sentence for the reviewer."""
        what = f"{NOUN[self.entity]} {self.id}"
        if self.result == "changed":
            return f"Saved: {what} is now {self.current} (was {self.seen})."
        if self.result == "unchanged":
            return f"Nothing to change: {what} is already {self.current}."
        who = f" by {self.last.by} at {self.last.at:%H:%M:%S} UTC" if self.last else ""
        return (
            f"Not saved: {what} was changed to {self.current}{who} while you were looking "
            f"(you saw {self.seen} and chose {self.wanted}). Your attempt is in the log; "
            "read the pair again and decide."
        )


def _checked(entity: str, wanted: str, seen: str) -> None:
    allowed = STATUSES.get(entity)
    if allowed is None:
        raise BadInput(f"unknown kind of item {entity!r}")
    for value in (wanted, seen):
        if value not in allowed:
            raise BadInput(f"unknown {entity} status {value!r}; choose one of {', '.join(allowed)}")


def decide(
    session: Session,
    entity: str,
    entity_id: int,
    wanted: str,
    seen: str,
    *,
    by: str,
    note: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Set ``entity_id`` to ``wanted`` if it still has the status ``seen`` (see module)."""
    _checked(entity, wanted, seen)
    note = (note or "").strip() or None
    at = now or review.utcnow()
    review_store.lock_for_write(session)
    current = review_store.statuses(session, entity, [entity_id]).get(entity_id)
    if current is None:
        raise NotFound(f"no {NOUN[entity]} with id {entity_id}")
    if current != seen and current != wanted:
        last = remarks.last_status_change(session, entity, entity_id)
        remarks.record(
            session, entity, entity_id, remarks.CONFLICT,
            old=current, new=wanted, by=by, note=_refused(note, seen, current), at=at,
        )  # fmt: skip
        return Outcome("conflict", entity, entity_id, seen, wanted, current, last)
    if current == wanted:
        if note:
            add_note(session, entity, entity_id, note, by=by, now=at)
        return Outcome("unchanged", entity, entity_id, seen, wanted, current)
    set_status = review.resolve if entity == "contradiction" else review.tag
    set_status(session, [entity_id], wanted, by=by, note=note, now=at)
    return Outcome("changed", entity, entity_id, seen, wanted, wanted)


def _refused(note: str | None, seen: str, current: str) -> str:
    why = f"refused: saw {seen}, but it was already {current}"
    return f"{note} [{why}]" if note else why


def add_note(
    session: Session,
    entity: str,
    entity_id: int,
    note: str,
    *,
    by: str,
    now: datetime | None = None,
) -> AuditRecord:
    """Append a note on a claim or a pair to the audit log (no status changes)."""
    if entity not in STATUSES:
        raise BadInput(f"unknown kind of item {entity!r}")
    note = note.strip()
    if not note:
        raise BadInput("the note is empty")
    review_store.lock_for_write(session)
    if not review_store.statuses(session, entity, [entity_id]):
        raise NotFound(f"no {NOUN[entity]} with id {entity_id}")
    return remarks.record(
        session, entity, entity_id, remarks.NOTE,
        old=None, new=None, by=by, note=note, at=now or review.utcnow(),
    )  # fmt: skip
