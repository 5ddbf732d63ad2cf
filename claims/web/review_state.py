"""A desk's shared state beyond statuses: who has a pair in progress, dismissing every flag
on a claim at once, and the note a refused decision leaves behind.

All of it lives in the append-only audit log, so ``claims log`` and every history show it:
taking or releasing a pair is a ``progress`` entry, each flag dismissed at once gets its own
status entry. Taking a pair locks nothing; it tells the other reviewers someone is on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from claims import review
from claims.errors import BadInput, NotFound
from claims.types import AuditRecord
from store import remarks
from store import review as review_store

if TYPE_CHECKING:
    from store.desk import Session

REFUSED = " [refused: "  # how claims.web.verdicts marks a refused attempt's note


def take(session: Session, pair_id: int, *, by: str, now: datetime | None = None) -> str:
    """Mark ``pair_id`` in progress by ``by`` (taking it over from whoever held it)."""
    review_store.lock_for_write(session)
    _exists(session, pair_id)
    held = remarks.in_progress(session, [pair_id]).get(pair_id)
    if held is not None and held.new_value == by:
        return f"Pair {pair_id} is already in progress by you."
    before = held.new_value if held else None
    remarks.record(
        session, "contradiction", pair_id, remarks.PROGRESS,
        old=before, new=by, by=by, note=None, at=now or review.utcnow(),
    )  # fmt: skip
    taken = f" (taken over from {before})" if before else ""
    return f"Pair {pair_id} is in progress: {by}{taken}. Others see it."


def release(session: Session, pair_id: int, *, by: str, now: datetime | None = None) -> str:
    """End ``pair_id``'s in-progress state (anyone may, as anyone may decide the pair)."""
    review_store.lock_for_write(session)
    _exists(session, pair_id)
    held = remarks.in_progress(session, [pair_id]).get(pair_id)
    if held is None:
        return f"Pair {pair_id} was not in progress."
    remarks.record(
        session, "contradiction", pair_id, remarks.PROGRESS,
        old=held.new_value, new=None, by=by, note=None, at=now or review.utcnow(),
    )  # fmt: skip
    return f"Pair {pair_id} released (was in progress: {held.new_value})."


def _exists(session: Session, pair_id: int) -> None:
    if not review_store.statuses(session, "contradiction", [pair_id]):
        raise NotFound(f"no pair with id {pair_id}")


@dataclass(frozen=True)
class Dismissed:
    """What dismissing every flag on a claim did: pairs dismissed, those another reviewer
    decided meanwhile (left as they are), and open ones the reviewer had not seen."""

    claim_id: int
    dismissed: tuple[int, ...]
    decided_meanwhile: tuple[int, ...]
    unseen: tuple[int, ...]

    def message(self) -> str:
        n = len(self.dismissed)
        text = f"Dismissed {n} flag{'s' if n != 1 else ''} on claim {self.claim_id}."
        if self.decided_meanwhile:
            ids = ", ".join(f"#{i}" for i in self.decided_meanwhile)
            text += f" Left as decided meanwhile by someone else: {ids}."
        if self.unseen:
            ids = ", ".join(f"#{i}" for i in self.unseen)
            text += f" Flagged since you looked, still open: {ids}."
        return text


def dismiss_all(
    session: Session,
    claim_id: int,
    seen: Sequence[int],
    *,
    by: str,
    note: str | None = None,
    now: datetime | None = None,
) -> Dismissed:
    """Dismiss every open pair with ``claim_id`` that the reviewer saw open (``seen``), one
    audit entry each; pairs decided since, or flagged since, are left alone and named."""
    from store import desk

    review_store.lock_for_write(session)
    if not review_store.statuses(session, "claim", [claim_id]):
        raise NotFound(f"no claim with id {claim_id}")
    pairs = desk.pairs_with_claims(session, [claim_id])
    mine = {p.id: p.status for p in pairs}
    wanted = [i for i in dict.fromkeys(seen) if i in mine]
    if not wanted:
        raise BadInput(f"no flag on claim {claim_id} was named to dismiss")
    todo = [i for i in wanted if mine[i] == "open"]
    why = f"every flag on claim {claim_id} dismissed at once"
    text = f"{note.strip()} [{why}]" if note and note.strip() else why
    if todo:
        review.resolve(session, todo, "dismissed", by=by, note=text, now=now)
    unseen = sorted(i for i, st in mine.items() if st == "open" and i not in set(wanted))
    meanwhile = [i for i in wanted if mine[i] != "open"]
    return Dismissed(claim_id, tuple(todo), tuple(meanwhile), tuple(unseen))


def kept_note(history: Sequence[AuditRecord], pair_id: int, by: str) -> str:
    """The note of ``by``'s refused decision on the pair, when that refusal is their latest
    entry there: put back in the box, so a conflict never costs them what they typed."""
    mine = [e for e in history if e.entity_id == pair_id and e.by == by]
    mine = [e for e in mine if e.entity == "contradiction"]
    if not mine or mine[-1].field != remarks.CONFLICT or not mine[-1].note:
        return ""
    note = mine[-1].note
    if REFUSED in note and note.endswith("]"):
        return note.rsplit(REFUSED, 1)[0]
    return "" if note.startswith(REFUSED.strip(" [")) else note
