"""Plain data passed between pipeline stages, and the protocols of the stages.

Stages are small and swappable: each has a real default and a test double, and the
pipeline receives them as arguments (see ``claims.pipeline.runs.Stages``). The story
stage's protocol, ``StoryProfiler``, lives with the profile it returns in
``claims.stories.profile``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from store.records import (
    CLAIM_STATUSES,
    PAIR_STATUSES,
    Article,
    Attribution,
    AuditRecord,
    ClaimRecord,
    ClaimView,
    Flag,
    PairRecord,
    SentenceDraft,
    SourceListing,
    SourceRecord,
    Span,
    TopicRecord,
    Verdict,
)

__all__ = [
    "Progress",
    "no_progress",
    "CLAIM_STATUSES",
    "PAIR_STATUSES",
    "Article",
    "AuditRecord",
    "Attribution",
    "ClaimExtractor",
    "ClaimRecord",
    "ClaimView",
    "ContradictionScorer",
    "Embedder",
    "Flag",
    "Framer",
    "PairRecord",
    "SentenceDraft",
    "SourceListing",
    "SourceReader",
    "SourceRecord",
    "Span",
    "TopicRecord",
    "Verdict",
]


class SourceReader(Protocol):
    """Turns one file into articles, lazily (large JSONL files stream).

    Raises ``SourceUnreadable`` naming the file (and line) on bad input.
    """

    def read(self, path: Path) -> Iterator[Article]: ...


class ClaimExtractor(Protocol):
    """Splits an article into sentences, marking which are claims."""

    def extract(self, article: Article) -> list[SentenceDraft]: ...


class Framer(Protocol):
    """Separates who says each sentence from what it claims (the proposition).

    Returns one frame per sentence as JSON (speaker, reporting verb, proposition, polarity,
    times; see ``claims.extract.frames``), or None where it finds nothing to separate.
    """

    def frames(
        self, sentences: Sequence[str], speakers: Sequence[str | None]
    ) -> list[str | None]: ...


class Embedder(Protocol):
    """Maps texts to L2-normalised float32 vectors; ``model_id`` names the model."""

    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class ContradictionScorer(Protocol):
    """Scores candidate claim pairs; one verdict per pair, in order."""

    model_id: str

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]: ...


Progress = Callable[[str, int, int], None]
"""(stage, done, total): how the library reports progress; the CLI draws the bar."""


def no_progress(stage: str, done: int, total: int) -> None:
    """The progress callback that reports nothing (library calls, tests, benchmarks)."""
