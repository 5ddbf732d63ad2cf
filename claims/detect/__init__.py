"""Detect: find the pairs of claims that contradict each other.

``candidates`` proposes each new claim's nearest neighbours (never all pairs); ``guards``
keeps pairs about different events or from one voice from being scored; ``cues`` finds
explicit conflicts ("there is no X; rather Y", denials, numbers, dates, antonyms) and is a
scorer of its own (``CueScorer``); ``nli`` holds the cross-encoder and the default scorer
(``NLIScorer``); ``flag`` scores candidates on plain data; ``pairs`` scores premise /
hypothesis lines for ``claims pairs``.
"""

from __future__ import annotations

from claims.detect.cues import CueScorer, find_cues
from claims.detect.flag import Flagged, score_candidates

__all__ = ["CueScorer", "Flagged", "find_cues", "score_candidates"]
