"""Candidate pairs: the aligned claims of one story, and never all pairs.

``story_pairs`` (an ingest): each new claim is paired with the claims of other articles of
its story that share a named subject, the thing a figure measures or the predicate's
family with it, or read alike (a cosine floor); claims of other stories only where the two
stories are one event (entities and dates; the caller says which). Pairs are ordered by
alignment strength, taken one article at a time (``spread``), and capped per new claim, so
the scorer's work grows linearly with the batch. Pairs stating one proposition twice are
returned apart, as corroborations (a paraphrase only once scored, ``claims.detect.flag``).

``candidate_pairs`` (a rescore of stored claims without stories): each new claim against
its ``k`` nearest neighbours above a cosine floor. Pairs the store already holds, in any
status, are proposed by neither.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from claims.detect.align import Aligned, strength
from claims.detect.corroborate import corroboration
from claims.detect.guards import skip_reason
from claims.types import ClaimView

BLOCK = 1024  # rows of new claims compared at once: bounds memory to BLOCK x N floats


class Candidate(NamedTuple):
    """Rows of two claims (the lower claim id first), their cosine similarity, and what
    aligns them ("entity+measured", "cosine"; "" where only the cosine proposed them)."""

    a: int
    b: int
    similarity: float
    alignment: float = 0.0
    evidence: str = ""


@dataclass(frozen=True)
class StoryRows:
    """Per row of the claims given: its story (None: unknown) and alignment reading."""

    story: Sequence[int | None]
    aligned: Sequence[Aligned]
    one_event: Callable[[int, int], bool]  # whether two stories are one event


@dataclass
class Proposed:
    """What ``story_pairs`` proposes: pairs to score, corroborations, skips by reason."""

    pairs: list[Candidate] = field(default_factory=list)
    corroborations: list[tuple[int, int, str]] = field(default_factory=list)  # rows, kind
    skipped: dict[str, int] = field(default_factory=dict)


def _one_voice(a: ClaimView, b: ClaimView) -> bool:
    """Claims of one article, unless two named speakers in it disagree (a denial quoted
    beside the claim it denies)."""
    return a.source_id == b.source_id and not (a.speaker and b.speaker and a.speaker != b.speaker)


def _partners(
    sims: np.ndarray, row: int, views: Sequence[ClaimView], rows: StoryRows, k: int, floor: float
) -> list[tuple[float, int, str]]:
    """(strength, column, evidence) of each partner ``row`` may be scored against."""
    mine = rows.story[row]
    nearest = set(_top(sims, min(k, len(sims)))) if k > 0 else set()
    out = []
    for col in range(len(views)):
        if col == row or _one_voice(views[row], views[col]):
            continue
        theirs = rows.story[col]
        if mine is None or theirs is None:  # stored before stories: nearest neighbours
            if col in nearest and sims[col] >= floor:
                out.append((float(sims[col]), col, "cosine"))
            continue
        if mine != theirs and not (col in nearest and rows.one_event(mine, theirs)):
            continue
        score, evidence = strength(rows.aligned[row], rows.aligned[col], float(sims[col]))
        if evidence or sims[col] >= floor:
            out.append((score, col, evidence or "cosine"))
    return out


def story_pairs(
    vectors: np.ndarray,
    views: Sequence[ClaimView],
    new_rows: Sequence[int],
    rows: StoryRows,
    known: set[tuple[int, int]],
    *,
    per_claim: int = 30,
    floor: float = 0.35,
    k: int = 12,
) -> Proposed:
    """Aligned pairs of each new claim within its story (and one-event stories), the
    strongest ``per_claim`` of each; corroborations and guarded pairs set apart."""
    out = Proposed()
    seen: set[tuple[int, int]] = set()
    for start in range(0, len(new_rows), BLOCK):
        block = np.asarray(new_rows[start : start + BLOCK])
        sims = vectors[block] @ vectors.T
        for i, row in enumerate(block.tolist()):
            sims[i, row] = -1.0
            found = _partners(sims[i], row, views, rows, k, floor)
            found.sort(key=lambda p: (-p[0], views[p[1]].id))
            for score, col, evidence in spread(found, views)[:per_claim]:
                a, b = (row, col) if views[row].id < views[col].id else (col, row)
                if (a, b) in seen or (views[a].id, views[b].id) in known:
                    continue
                seen.add((a, b))
                _propose(out, views, Candidate(a, b, float(sims[i, col]), score, evidence))
    return out


def spread(
    found: Sequence[tuple[float, int, str]], views: Sequence[ClaimView]
) -> list[tuple[float, int, str]]:
    """Partners (strongest first) taken one article at a time: each article's strongest,
    then each one's second, and so on, so that the many sentences of other short articles
    (headlines, briefs) do not crowd one long article's sentences out of a claim's cap."""
    taken: dict[int, int] = {}
    ranked = []
    for partner in found:
        source = views[partner[1]].source_id
        ranked.append((taken.get(source, 0), partner))
        taken[source] = taken.get(source, 0) + 1
    ranked.sort(key=lambda r: r[0])  # stable: strongest first within a round
    return [partner for _, partner in ranked]


def _propose(out: Proposed, views: Sequence[ClaimView], pair: Candidate) -> None:
    a, b = views[pair.a], views[pair.b]
    same = corroboration(a, b, pair.similarity)
    if same:
        out.corroborations.append((pair.a, pair.b, same))
        return
    reason = skip_reason(a, b)
    if reason:
        key = reason.split(" (")[0]
        out.skipped[key] = out.skipped.get(key, 0) + 1
        return
    out.pairs.append(pair)


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
