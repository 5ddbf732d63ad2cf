"""Long premises, read sentence by sentence: an NLI model trained on sentence pairs reads a
paragraph badly (the 128-token window cuts it, and one relevant sentence drowns).

Each sentence of the premise is paired with the hypothesis; the pair's probabilities are
those of the sentence that speaks to the hypothesis most (the highest entailment or
contradiction). A one-sentence premise is scored as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from claims.detect.nli.model import PairModel


@cache
def _segmenter():  # noqa: ANN202 - pysbd is imported lazily
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def premise_sentences(premise: str) -> list[str]:
    """The sentences of a premise, split by pysbd (which knows "Mr." and "U.S.")."""
    pieces = [p.strip() for p in _segmenter().segment(premise) if p.strip()]
    return pieces or [premise]


def predict_by_sentence(
    model: PairModel, pairs: Sequence[tuple[str, str]], batch_size: int = 64
) -> np.ndarray:
    """(n, 3) probabilities (E, N, C), each from the premise sentence that decides most."""
    flat: list[tuple[str, str]] = []
    owner: list[int] = []
    for n, (premise, hypothesis) in enumerate(pairs):
        for sentence in premise_sentences(premise):
            flat.append((sentence, hypothesis))
            owner.append(n)
    probs = model.predict(flat, batch_size) if flat else np.zeros((0, 3), dtype=np.float32)
    out = np.zeros((len(pairs), 3), dtype=np.float32)
    best = np.full(len(pairs), -1.0)
    for row, n in enumerate(owner):
        decisive = max(probs[row, 0], probs[row, 2])
        if decisive > best[n]:
            best[n], out[n] = decisive, probs[row]
    return out
