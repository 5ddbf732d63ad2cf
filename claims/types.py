"""Plain data passed between pipeline stages, and the protocols of the stages.

Stages are small and swappable: each has a real default and a test double, and the
pipeline receives them as arguments (see ``claims.pipeline.ingest.Stages``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Article:
    """One article as read from a source file (a file may hold several)."""

    text: str
    path: str
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    published_approx: bool = False  # True for "6 days ago"-style dates
    url: str | None = None
    author: str | None = None
    external_id: str | None = None
    line: int = 1  # 1-based line of the file where ``text`` starts


@dataclass(frozen=True)
class Attribution:
    """Who asserts a sentence, how, and when the event it reports happened."""

    speaker: str | None = None
    speech: str | None = None  # "direct" | "reported" | None
    event_date: date | None = None
    event_date_text: str | None = None  # the words it was resolved from ("on Monday")
    event_date_approx: bool = False
    event_date_inherited: bool = False  # taken from the article's one event day, not the claim


@dataclass(frozen=True)
class SentenceDraft:
    """A sentence of an article: kept as a claim, or dropped with a reason."""

    text: str
    start: int  # character offsets into Article.text
    end: int
    drop_reason: str | None = None
    attribution: Attribution = field(default_factory=Attribution)

    @property
    def kept(self) -> bool:
        return self.drop_reason is None


@dataclass(frozen=True)
class ClaimView:
    """What a contradiction scorer needs to know of one claim."""

    id: int
    text: str
    source_id: int
    speaker: str | None = None
    event_date: date | None = None
    event_date_text: str | None = None
    event_date_approx: bool = False
    event_date_inherited: bool = False
    published: date | None = None


@dataclass(frozen=True)
class Verdict:
    """A scorer's judgement of one candidate pair.

    ``score`` is the probability-like strength of the contradiction (0..1); the pipeline
    flags the pair when it reaches the configured threshold. ``spans`` are character
    ranges in each claim's text that conflict, when the scorer can name them.
    """

    score: float
    kind: str  # negation | numeric | temporal | terminology | denial | other | none
    explanation: str
    spans: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None)
    model: str = ""


class SourceReader(Protocol):
    """Turns one file into articles, lazily (large JSONL files stream).

    Raises ``SourceUnreadable`` naming the file (and line) on bad input.
    """

    def read(self, path: Path) -> Iterator[Article]: ...


class ClaimExtractor(Protocol):
    """Splits an article into sentences, marking which are claims."""

    def extract(self, article: Article) -> list[SentenceDraft]: ...


class Embedder(Protocol):
    """Maps texts to L2-normalised float32 vectors; ``model_id`` names the model."""

    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class Clusterer(Protocol):
    """Groups normalised vectors; returns one integer label per row."""

    def cluster(self, vectors: np.ndarray) -> np.ndarray: ...


class ContradictionScorer(Protocol):
    """Scores candidate claim pairs; one verdict per pair, in order."""

    model_id: str

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]: ...
