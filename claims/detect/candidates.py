"""Candidate pairs: each new claim against its nearest neighbours, never all pairs.

Every new claim gets at most ``k`` partners among the claims given (all claims, or the new
ones and their nearest stored claims from an index; cosine similarity of the normalised
vectors, above a floor), so the number of pairs the expensive scorer sees grows
linearly with the batch. Pairs the store already holds, in any status, are not proposed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from claims.detect.guards import skip_reason
from claims.types import ClaimView

BLOCK = 1024  # rows of new claims compared at once: bounds memory to BLOCK x N floats


class Candidate(NamedTuple):
    """Rows of two claims (the lower claim id first) and their cosine similarity."""

    a: int
    b: int
    similarity: float


def candidate_pairs(
    vectors: np.ndarray,
    views: Sequence[ClaimView],
    new_rows: Sequence[int],
    known: set[tuple[int, int]],
    k: int = 12,
    min_similarity: float = 0.35,
) -> tuple[list[Candidate], dict[str, int]]:
    """Pairs of rows to score, and counts of pairs skipped by reason."""
    pairs: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    skipped: dict[str, int] = {}
    for start in range(0, len(new_rows), BLOCK):
        rows = np.asarray(new_rows[start : start + BLOCK])
        sims = vectors[rows] @ vectors.T
        sims[np.arange(len(rows)), rows] = -1.0
        take = min(k, vectors.shape[0] - 1)
        if take <= 0:
            continue
        for i, row in enumerate(rows):
            for col in _top(sims[i], take):
                if sims[i, col] < min_similarity or col == row:
                    continue
                a, b = (
                    (int(row), int(col)) if views[row].id < views[col].id else (int(col), int(row))
                )
                if (a, b) in seen or (views[a].id, views[b].id) in known:
                    continue
                seen.add((a, b))
                reason = skip_reason(views[a], views[b])
                if reason:
                    key = reason.split(" (")[0]
                    skipped[key] = skipped.get(key, 0) + 1
                    continue
                pairs.append(Candidate(a, b, float(sims[i, col])))
    return pairs, skipped


def _top(sims: np.ndarray, take: int) -> list[int]:
    """The ``take`` best columns, highest similarity first, ties by lowest column (rows are
    in claim id order): the same choice whether all claims or only an index's nearest
    neighbours are present, so an exact index gives exactly a full scan's pairs."""
    if take < len(sims):
        cut = sims[np.argpartition(-sims, take - 1)[:take]].min()
        cols = np.flatnonzero(sims >= cut)
    else:
        cols = np.arange(len(sims))
    return sorted(cols.tolist(), key=lambda c: (-sims[c], c))[:take]
