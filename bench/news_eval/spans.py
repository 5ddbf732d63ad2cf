"""The labelled sentences of a split scored directly, without the pipeline (the disk cache of
model outputs is ``training.model_cache``).

Why: telling a contradiction from a near-miss written to look like it is the scorer's job
alone; scoring the exact labelled sentences measures it free of extraction and candidate
losses, in seconds, and gives the combiner fit (``training/fit_combiner.py --news-dev``)
its rows. Each sentence is framed as the pipeline frames a claim (spaCy; the speaker found
in the parse), so every NLI view reads what it would read in an ingest.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bench.news_eval.data import LabelledPair
from claims.types import ClaimView


def span_views(pairs: list[LabelledPair]) -> list[tuple[ClaimView, ClaimView]]:
    """Each labelled pair as two framed claims of different sources."""
    from claims.pipeline.stages import SpacyFramer

    texts = [t for p in pairs for t in (p.a.text, p.b.text)]
    frames = SpacyFramer().frames(texts, [None] * len(texts))
    framed = enumerate(zip(texts, frames, strict=True))
    views = [ClaimView(i, t, i, frame=f) for i, (t, f) in framed]
    return [(views[2 * n], views[2 * n + 1]) for n in range(len(pairs))]


def roc_auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(a positive scores above a negative), ties counted half (Mann-Whitney U)."""
    if not len(pos) or not len(neg):
        return float("nan")
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def span_figures(pairs: list[LabelledPair], scores: np.ndarray, threshold: float) -> dict[str, Any]:
    """ROC AUC of contradictions against near-misses, and P/R of the spans at ``threshold``."""
    gold = np.array([p.is_contradiction for p in pairs])
    flagged = scores >= threshold
    tp, fp = int((flagged & gold).sum()), int((flagged & ~gold).sum())
    return {
        "pairs": len(pairs),
        "contradictions": int(gold.sum()),
        "auc": round(roc_auc(scores[gold], scores[~gold]), 4),
        "threshold": threshold,
        "tp": tp,
        "fp": fp,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / max(1, int(gold.sum())), 4),
    }
