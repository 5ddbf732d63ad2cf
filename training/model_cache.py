"""A ``PairModel`` whose answers are kept on disk, for fits and benches that score one set of
pairs many times (``training/fit_combiner.py``, ``bench/eval_news.py --cache``,
``bench/calibrate_news.py``). It lives in training/ because the fit needs it and training
imports nothing from bench/.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claims.detect.nli.model import PairModel


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
