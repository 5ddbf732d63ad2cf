"""Scorer verdicts kept by (model id, ordered text pair), so no pair is scored twice.

A verdict is stored under the key the flagging stage computes (``claims.detect.flag.
verdict_key``: the SHA-256 of the scorer id and both inputs) and looked up by exactly the
keys of a batch's candidate pairs (one indexed ``IN`` query per 500 keys, never the whole
table). Rows and queries only; functions take the caller's session, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.batching import IN_CHUNK, batched
from store.convert import span_of, span_text
from store.models import CachedVerdict
from store.records import Verdict


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
                None if row.entail_ab is None else (row.entail_ab, row.entail_ba),
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
            "entail_ab": None if v.entailment is None else float(v.entailment[0]),
            "entail_ba": _maybe(v.entailment[1]) if v.entailment is not None else None,
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


def _maybe(value: float | None) -> float | None:
    return None if value is None else float(value)
