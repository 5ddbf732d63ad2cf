"""The labelled sentences of a split scored directly, without the pipeline, and a disk cache of
model outputs.

Why: telling a contradiction from a near-miss written to look like it is the scorer's job
alone; scoring the exact labelled sentences measures it free of extraction and candidate
losses, in seconds, and gives the combiner fit (``training/fit_combiner.py --news-dev``)
its rows. Each sentence is framed as the pipeline frames a claim (spaCy; the speaker found
in the parse), so every NLI view reads what it would read in an ingest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.news_eval.data import LabelledPair
from claims.detect.nli.model import PairModel
from claims.types import ClaimView


class CachedModel:
    """A ``PairModel`` whose answers are kept on disk by model id and text pair.

    Views and combiners are compared on the same pairs many times; the model is the slow
    part, and its answer to a pair of texts never changes for one model id.
    """

    def __init__(self, model: PairModel, folder: Path) -> None:
        self.model, self.model_id = model, model.model_id
        tag = hashlib.sha256(model.model_id.encode()).hexdigest()[:12]
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"nli-{tag}.jsonl"
        self.seen: dict[str, list[float]] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                key, probs = json.loads(line)
                self.seen[key] = probs

    @staticmethod
    def _key(a: str, b: str) -> str:
        return hashlib.sha256(f"{a}\x00{b}".encode()).hexdigest()

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> np.ndarray:
        keys = [self._key(a, b) for a, b in pairs]
        todo = sorted({k: i for i, k in enumerate(keys) if k not in self.seen}.values())
        if todo:
            probs = self.model.predict([pairs[i] for i in todo], batch_size)
            with self.path.open("a", encoding="utf-8") as f:
                for i, row in zip(todo, probs, strict=True):
                    self.seen[keys[i]] = [float(p) for p in row]
                    f.write(json.dumps([keys[i], self.seen[keys[i]]]) + "\n")
        return np.asarray([self.seen[k] for k in keys], dtype=np.float32).reshape(-1, 3)


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
