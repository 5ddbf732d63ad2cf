"""Scorer verdicts kept by (model id, ordered text pair), so no pair is scored twice.

A verdict depends only on the scorer (its model id names weights, runtime and precision)
and on what it reads of the two claims, so it is stored under the SHA-256 of those three
and looked up by exactly the keys of a batch's candidate pairs (one indexed ``IN`` query
per 500 keys, never the whole table). Functions take the caller's session, never commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.batching import IN_CHUNK, batched
from store.convert import span_of, span_text
from store.models import CachedVerdict
from store.records import Verdict


def verdict_key(model_id: str, a: str, b: str) -> str:
    """The stored key of the verdict of ``model_id`` on the ordered inputs ``a``, ``b``."""
    h = hashlib.sha256()
    for part in (model_id, a, b):
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))  # length-prefixed: no two triples collide
        h.update(data)
    return h.hexdigest()


def verdicts_for(session: Session, keys: Iterable[str]) -> dict[str, Verdict]:
    """The stored verdicts among ``keys`` (absent keys are simply missing)."""
    found: dict[str, Verdict] = {}
    for chunk in batched(sorted(set(keys)), IN_CHUNK):
        for row in session.scalars(select(CachedVerdict).where(CachedVerdict.key.in_(chunk))):
            found[row.key] = Verdict(
                row.score,
                row.kind,
                row.explanation,
                (span_of(row.span_a), span_of(row.span_b)),
                row.model,
            )
    return found


def add_verdicts(session: Session, model_id: str, verdicts: Mapping[str, Verdict]) -> None:
    """Store ``verdicts``; a key already stored (by another writer too) is left as it is.

    An insert that skips conflicting keys, on SQLite and on PostgreSQL alike: two writers
    that scored the same pair store one verdict and neither fails.
    """
    rows = [
        {
            "key": key,
            "model_id": model_id,
            "score": float(v.score),
            "kind": v.kind,
            "explanation": v.explanation,
            "span_a": span_text(v.spans[0]),
            "span_b": span_text(v.spans[1]),
            "model": v.model,
        }
        for key, v in verdicts.items()
    ]
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(CachedVerdict).on_conflict_do_nothing(index_elements=["key"])
    for chunk in batched(rows, IN_CHUNK):
        session.execute(statement, chunk)
