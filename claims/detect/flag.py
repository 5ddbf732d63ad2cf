"""Flag contradicting pairs: candidates → guards → scorer → threshold, on plain data.

The pipeline hands in every claim as a ``ClaimView`` with its vector and says which are
new; this module proposes each new claim's nearest neighbours, scores them in batches and
returns the pairs to store, with counts of pairs skipped and why. ``CachingScorer`` keeps
verdicts by (scorer id, ordered inputs) so that no pair is scored twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from claims.config import Tuning
from claims.detect.candidates import Candidate
from claims.detect.corroborate import paraphrase
from claims.detect.guards import model_only_unaligned, pair_confidence
from claims.types import ClaimView, ContradictionScorer, Flag, Progress, Verdict, no_progress
from store.batching import batched

SCORE_BATCH = 256
UNRELATED = "model only, unaligned"
ENTAILS_BOTH = "entails both ways"  # the corroboration kind of a scored paraphrase


@dataclass
class Flagged:
    """What flagging found: pairs to store, pairs scored, pairs skipped by reason."""

    flags: list[Flag] = field(default_factory=list)
    scored: int = 0
    corroborations: list[tuple[int, int, str]] = field(default_factory=list)  # rows, kind
    skipped: dict[str, int] = field(default_factory=dict)


def score_candidates(
    views: Sequence[ClaimView],
    pairs: Sequence[Candidate],
    scorer: ContradictionScorer,
    tuning: Tuning,
    progress: Progress = no_progress,
    skipped: dict[str, int] | None = None,
) -> Flagged:
    """Score candidate pairs (rows of ``views``) in batches; keep those that conflict, and
    set apart those that entail both ways (corroborations, never flagged)."""
    out = Flagged(scored=len(pairs), skipped=dict(skipped or {}))
    if isinstance(scorer, CachingScorer):  # one lookup of the stored verdicts, not one a chunk
        scorer.preload([(views[a], views[b]) for a, b, *_ in pairs])
    done = 0
    for chunk in batched(pairs, SCORE_BATCH):
        verdicts = scorer.score([(views[a], views[b]) for a, b, *_ in chunk])
        for pair, verdict in zip(chunk, verdicts, strict=True):
            if paraphrase(views[pair.a], views[pair.b], verdict):
                out.corroborations.append((pair.a, pair.b, ENTAILS_BOTH))
                continue
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
    if model_only_unaligned(a, b, pair.evidence, pair.similarity, tuning.model_alignment):
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


def verdict_key(scorer_id: str, a: str, b: str) -> str:
    """The key of the verdict of ``scorer_id`` on the ordered inputs ``a``, ``b``: a verdict
    depends only on the scorer (its id names weights, runtime and precision) and on what it
    reads of the two claims, so the store keeps it under the SHA-256 of those three."""
    h = hashlib.sha256()
    for part in (scorer_id, a, b):
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))  # length-prefixed: no two triples collide
        h.update(data)
    return h.hexdigest()


VerdictLookup = Callable[[Sequence[str]], Mapping[str, Verdict]]


def scorer_input(view: ClaimView) -> str:
    """What a scorer reads of a claim (sentence, frame, speaker), as one string to key on."""
    return json.dumps([view.text, view.frame, view.speaker], ensure_ascii=False)


class CachingScorer:
    """A scorer that remembers verdicts by (scorer id, ordered pair of inputs), so no pair
    is scored twice: not in one batch, not when the batch is prepared again, and (with
    ``lookup``, the store's verdicts for given keys) not across ingests and checks.

    The scorer id is the inner scorer's ``verdict_id`` where it has one (the NLI scorer's
    names its runtime, precision and settling threshold), else its model id. ``fresh``
    holds the verdicts scored here, for the write step to store.
    """

    def __init__(self, inner: ContradictionScorer, lookup: VerdictLookup | None = None) -> None:
        self.inner = inner
        self.lookup = lookup
        self.verdicts: dict[str, Verdict] = {}
        self.fresh: dict[str, Verdict] = {}
        self.scored = 0  # pairs handed to the inner scorer

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def verdict_id(self) -> str:
        return str(getattr(self.inner, "verdict_id", None) or self.inner.model_id)

    def keys(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[str]:
        scorer = self.verdict_id
        return [verdict_key(scorer, scorer_input(a), scorer_input(b)) for a, b in pairs]

    def preload(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> None:
        """Read the stored verdicts of ``pairs`` not known yet, in one lookup."""
        if self.lookup is None:
            return
        missing = [k for k in dict.fromkeys(self.keys(pairs)) if k not in self.verdicts]
        if missing:
            self.verdicts.update(self.lookup(missing))

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        keys = self.keys(pairs)
        todo = {k: pair for k, pair in zip(keys, pairs, strict=True) if k not in self.verdicts}
        if todo:
            fresh = self.inner.score(list(todo.values()))
            self.scored += len(todo)
            for key, verdict in zip(todo, fresh, strict=True):
                self.verdicts[key] = self.fresh[key] = verdict
        return [self.verdicts[k] for k in keys]
