"""The combiner: NLI probabilities (both directions) and cue strengths into one score.

A small logistic regression fitted on dev data only (``training/fit_combiner.py``), shipped
as JSON (``claims/models/combiner.json``; never a pickle) and symmetric in pair order.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claims.detect.nli.model import MODELS_DIR
from claims.errors import ModelNotFound

log = logging.getLogger(__name__)

COMBINER_FILE = MODELS_DIR / "combiner.json"
CUE_KINDS = ("negation", "numeric", "temporal", "terminology", "denial", "other")
FEATURES = ("p_c_ab", "p_c_ba", "p_e_ab", "p_e_ba") + tuple(f"cue_{k}" for k in CUE_KINDS)


@dataclass(frozen=True)
class Combiner:
    """Logistic combination of NLI probabilities and cue strengths (no pickle: JSON).

    Cues fire on few natural dev pairs, so the regression cannot weigh them; each cue kind
    also carries its precision measured on dev data (``cue_precision``), and a pair with a
    cue scores at least that precision times the cue's strength.
    """

    coef: tuple[float, ...]
    intercept: float
    version: str = "default"
    cue_precision: tuple[tuple[str, float], ...] = ()

    @classmethod
    def load(cls, path: Path = COMBINER_FILE) -> Combiner:
        """The fitted combiner, or hand-set weights when none has been fitted yet."""
        if not path.exists():
            log.info("no %s; using the hand-set default combiner", path)
            return cls.default()
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ModelNotFound(
                f"{path} was fitted on features {data['features']}, expected {list(FEATURES)}"
            )
        return cls(
            tuple(float(c) for c in data["coef"]),
            float(data["intercept"]),
            str(data.get("version", path.stem)),
            tuple((k, float(v)) for k, v in data.get("cue_precision", {}).items()),
        )

    @classmethod
    def default(cls) -> Combiner:
        # mean contradiction probability dominates; a strong cue alone is near 0.5
        return cls((3.0, 3.0, -1.5, -1.5, 3.0, 2.5, 2.5, 2.0, 3.0, 1.5), -3.0, "default")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        z = x @ np.asarray(self.coef, dtype=np.float64) + self.intercept
        score = 1.0 / (1.0 + np.exp(-z))
        if self.cue_precision:
            precision = dict(self.cue_precision)
            weights = np.array([precision.get(k, 0.0) for k in CUE_KINDS])
            score = np.maximum(score, (x[:, 4:] * weights).max(axis=1))
        return score


def features(
    probs_ab: np.ndarray, probs_ba: np.ndarray, cues: Sequence[Sequence[Any]]
) -> np.ndarray:
    """Rows of FEATURES: contradiction/entailment both ways, strongest cue per kind."""
    x = np.zeros((len(cues), len(FEATURES)), dtype=np.float64)
    x[:, 0], x[:, 1] = probs_ab[:, 2], probs_ba[:, 2]
    x[:, 2], x[:, 3] = probs_ab[:, 0], probs_ba[:, 0]
    for row, found in enumerate(cues):
        for c in found:
            kind = c.kind if c.kind in CUE_KINDS else "other"
            col = 4 + CUE_KINDS.index(kind)
            x[row, col] = max(x[row, col], float(c.strength))
    return x
