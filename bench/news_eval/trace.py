"""Follow each labelled pair through the stages of one run: extraction, candidates, guards,
scorer, threshold.

Why: a recall figure alone does not say what to fix. Each pair is attributed to the first
stage that loses it, in the pipeline's own order, with the figures that decided it (the
partner's neighbour rank and similarity, the guard's reason, the score).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

from bench.news_eval.data import LabelledPair, Side
from bench.news_eval.run import Run
from claims.detect.flag import ENTAILS_BOTH, UNRELATED
from claims.detect.guards import pair_confidence, skip_reason
from claims.types import ClaimRecord, Verdict

_WORD = re.compile(r"\w+")
PRE_SCORE = ("extraction", "candidates", "guards")
STAGES = (*PRE_SCORE, "unrelated", "scorer", "flagged")
UNEXPLAINED = "not scored (unexplained)"


def _words(text: str) -> str:
    """Lower-case words joined by single spaces: quotes, dashes and spacing do not count."""
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class Match:
    """The claim that holds a labelled sentence, and how well."""

    claim_id: int | None
    how: str  # exact | within (claim is longer) | partial (NN%) | dropped (reason) | missing
    claim_text: str = ""

    @property
    def full(self) -> bool:
        return self.claim_id is not None and self.how in ("exact", "within")


def match_sentence(side: Side, claims: list[ClaimRecord], run: Run) -> Match:
    """The claim of ``side.file`` whose text covers the sentence best."""
    want = _words(side.text)
    mine = [c for c in claims if Path(c.source.path).resolve() == side.file]
    for claim in mine:
        got = _words(claim.text)
        if got == want or f" {want} " in f" {got} ":
            return Match(claim.id, "exact" if got == want else "within", claim.text)
    for drop in run.dropped:
        if Path(drop.path).resolve() == side.file and want in _words(drop.text):
            return Match(None, f"dropped ({drop.reason})", drop.text)
    best, cover = None, 0.0
    for claim in mine:
        sm = SequenceMatcher(None, want.split(), _words(claim.text).split(), autojunk=False)
        size = sum(block.size for block in sm.get_matching_blocks()) / max(1, len(want.split()))
        if size > cover:
            best, cover = claim, size
    if best is not None and cover >= 0.3:
        return Match(best.id, f"partial ({cover:.0%})", best.text)
    copy = run.copies.get(str(side.file))
    return Match(None, f"missing (copy of {copy})" if copy else "missing")


@dataclass(frozen=True)
class Trace:
    """One labelled pair's way through the stages."""

    pair: LabelledPair
    a: Match
    b: Match
    lost_before_scoring: str | None  # "extraction" | "candidates" | "guards" | None (scored)
    reason: str = ""  # the guard's reason, or what extraction did
    similarity: float | None = None
    rank: int | None = None  # the partner's neighbour rank (1 = nearest), best of both sides
    verdict: Verdict | None = None
    score: float | None = None  # the verdict's score times the pair factor: what is thresholded
    unrelated: bool = False  # rests on the model alone and is under the similarity floor

    def flagged(self, threshold: float) -> bool:
        return self.score is not None and not self.unrelated and self.score >= threshold

    def stage(self, threshold: float) -> str:
        """The stage that loses the pair at ``threshold``, or "flagged"."""
        if self.lost_before_scoring:
            return self.lost_before_scoring
        assert self.score is not None
        if self.score < threshold:
            return "scorer"
        return "unrelated" if self.unrelated else "flagged"


def neighbour_rank(sims: np.ndarray, row: int, col: int) -> int:
    """1-based rank of ``col`` among ``row``'s neighbours, ties broken by row as the pipeline."""
    others = np.delete(np.arange(sims.shape[1]), row)
    s = sims[row, others]
    target = sims[row, col]
    return 1 + int(np.sum(s > target) + np.sum((s == target) & (others < col)))


def trace_pairs(pairs: list[LabelledPair], run: Run) -> tuple[list[Trace], list[str]]:
    """Traces of every labelled pair, and warnings where the trace and the store disagree."""
    sims = run.vectors @ run.vectors.T if len(run.views) else np.zeros((0, 0))
    row_of = {v.id: i for i, v in enumerate(run.views)}
    stored = {(f.claim_a.id, f.claim_b.id): f for f in run.flags}
    warnings: list[str] = []
    traces = []
    for pair in pairs:
        a, b = match_sentence(pair.a, run.claims, run), match_sentence(pair.b, run.claims, run)
        if not (a.full and b.full):
            traces.append(Trace(pair, a, b, "extraction", f"a: {a.how}; b: {b.how}"))
            continue
        ra, rb = sorted((row_of[a.claim_id or 0], row_of[b.claim_id or 0]))
        trace = _after_extraction(pair, a, b, run, sims, (ra, rb))
        key = (run.views[ra].id, run.views[rb].id)
        if (trace.lost_before_scoring is None and not trace.unrelated) != (key in stored):
            warnings.append(f"{pair.id}: trace and store disagree on whether the pair is stored")
        stored_score = stored[key].score if key in stored else None
        if stored_score is not None and abs(stored_score - round(trace.score or 0, 4)) > 1e-4:
            warnings.append(f"{pair.id}: stored score {stored[key].score} != {trace.score}")
        if trace.lost_before_scoring == "guards" and trace.reason == UNEXPLAINED:
            warnings.append(f"{pair.id}: proposed and unguarded, yet never scored")
        traces.append(trace)
    return traces, warnings


def _after_extraction(
    pair: LabelledPair, a: Match, b: Match, run: Run, sims: np.ndarray, rows: tuple[int, int]
) -> Trace:
    """The trace of a pair whose sentences are both claims (rows: lower claim id first).

    What the run did is read from the store and the recorded verdicts: a pair of two
    stories, of one article, or not aligned enough to be among a claim's strongest
    partners is lost at candidates; a corroborating or guarded pair at guards; a scored
    pair the store lacks (threshold 0) was held back after scoring: as a paraphrase (it
    entails both ways, recorded as corroborating) or as model-only and unaligned."""
    ra, rb = rows
    va, vb = run.views[ra], run.views[rb]
    sim = float(sims[ra, rb])
    rank = min(neighbour_rank(sims, ra, rb), neighbour_rank(sims, rb, ra))
    common = {"similarity": sim, "rank": rank}
    sa, sb = run.story.get(va.id), run.story.get(vb.id)
    guard = skip_reason(va, vb)
    kind = run.corroborations.get((va.id, vb.id))
    if kind and kind != ENTAILS_BOTH:  # corroborating in words: never scored
        return Trace(pair, a, b, "guards", f"corroborating ({kind})", **common)
    verdict = run.verdicts.verdicts.get((va.id, vb.id))
    if verdict is None and sa == sb and va.source_id != vb.source_id and not guard:
        verdict = run.verdicts.by_text.get((va.text, vb.text))
    if verdict is None:
        if sa != sb:
            return Trace(pair, a, b, "candidates", f"other story ({sa} vs {sb})", **common)
        if va.source_id == vb.source_id:
            return Trace(pair, a, b, "candidates", "one article", **common)
        if guard:
            return Trace(pair, a, b, "guards", guard, **common)
        return Trace(pair, a, b, "candidates", "not aligned, or past the cap", **common)
    factor, _ = pair_confidence(va, vb)
    stored = (va.id, vb.id) in {(f.claim_a.id, f.claim_b.id) for f in run.flags}
    unrelated = not stored
    reason = f"{UNRELATED} (alignment under the floor; no cue)" if unrelated else ""
    if kind:  # scored, then found to entail both ways
        reason = f"corroborating ({kind}), after scoring"
    score = verdict.score * factor
    return Trace(
        pair, a, b, None, reason, verdict=verdict, score=score, unrelated=unrelated, **common
    )
