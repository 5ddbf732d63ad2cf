"""The NLI cross-encoder: loading it offline (``model``), the cue combiner (``combiner``),
the scorer built on both (``scorer``) and premise/hypothesis scoring for ``claims pairs``
(``pairs``).

Exports ``load_nli_model``, ``NLIModel``, ``PairModel`` (what a scorer needs of a model),
``Combiner``, ``NLIScorer`` and the label and feature names the training scripts share.
Importing this is instant: torch and transformers load inside ``load_nli_model``.
"""

from __future__ import annotations

from claims.detect.nli.combiner import COMBINER_FILE, CUE_KINDS, FEATURES, Combiner, features
from claims.detect.nli.model import LABELS, SHIPPED_MODEL, NLIModel, PairModel, load_nli_model
from claims.detect.nli.scorer import NLIScorer

__all__ = [
    "COMBINER_FILE",
    "CUE_KINDS",
    "FEATURES",
    "LABELS",
    "SHIPPED_MODEL",
    "Combiner",
    "NLIModel",
    "NLIScorer",
    "PairModel",
    "features",
    "load_nli_model",
]
