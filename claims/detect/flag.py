"""Flag contradicting pairs: candidates → guards → scorer → threshold, on plain data.

The pipeline hands in every claim as a ``ClaimView`` with its vector and says which are
new; this module proposes each new claim's nearest neighbours, scores them in batches and
returns the pairs to store, with counts of pairs skipped and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from claims.config import Tuning
from claims.detect.candidates import Candidate
from claims.detect.guards import model_only_and_unrelated, pair_confidence
from claims.types import ClaimView, ContradictionScorer, Flag, Progress, Verdict, no_progress
from store.batching import batched

SCORE_BATCH = 256
UNRELATED = "model only, unrelated"


@dataclass
class Flagged:
    """What flagging found: pairs to store, pairs scored, pairs skipped by reason."""

    flags: list[Flag] = field(default_factory=list)
    scored: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def score_candidates(
    views: Sequence[ClaimView],
    pairs: Sequence[Candidate],
    scorer: ContradictionScorer,
    tuning: Tuning,
    progress: Progress = no_progress,
    skipped: dict[str, int] | None = None,
) -> Flagged:
    """Score candidate pairs (rows of ``views``) in batches; keep those that conflict."""
    out = Flagged(scored=len(pairs), skipped=dict(skipped or {}))
    done = 0
    for chunk in batched(pairs, SCORE_BATCH):
        verdicts = scorer.score([(views[a], views[b]) for a, b, _ in chunk])
        for pair, verdict in zip(chunk, verdicts, strict=True):
            flag = _judge(views, pair, verdict, tuning, out.skipped, scorer.model_id)
            if flag is not None:
                out.flags.append(flag)
        done += len(chunk)
        progress("score", done, len(pairs))
    return out


def _judge(
    views: Sequence[ClaimView],
    pair: Candidate,
    verdict: Verdict,
    tuning: Tuning,
    skipped: dict[str, int],
    model_id: str,
) -> Flag | None:
    """The flag for one scored pair, or None when it stays under the threshold or a guard."""
    a, b = views[pair.a], views[pair.b]
    factor, caveat = pair_confidence(a, b)
    score = verdict.score * factor
    if score < tuning.flag_threshold:
        return None
    if model_only_and_unrelated(a, b, pair.similarity, tuning.model_similarity):
        skipped[UNRELATED] = skipped.get(UNRELATED, 0) + 1
        return None
    explanation = f"{verdict.explanation}; {caveat}" if caveat else verdict.explanation
    return Flag(
        a.id,
        b.id,
        round(float(score), 4),
        verdict.kind,
        explanation,
        verdict.spans,
        verdict.model or model_id,
    )


class CachingScorer:
    """A scorer that remembers verdicts by the two texts, so no pair is scored twice.

    A batch prepared again (another ingest landed meanwhile) only scores the pairs it has
    not seen; the verdict of a pair depends on its texts alone.
    """

    def __init__(self, inner: ContradictionScorer) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.verdicts: dict[tuple[str, str], Verdict] = {}

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        todo = [(a, b) for a, b in pairs if (a.text, b.text) not in self.verdicts]
        fresh = self.inner.score(todo) if todo else []
        for (a, b), verdict in zip(todo, fresh, strict=True):
            self.verdicts[(a.text, b.text)] = verdict
        return [self.verdicts[(a.text, b.text)] for a, b in pairs]
