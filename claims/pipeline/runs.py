"""What one pipeline run uses and reports: its stages, its report, its stage clock, and
the store's verdict cache as its scorer sees it."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from claims.detect.flag import VerdictLookup
from claims.stories.profile import StoryProfiler
from claims.types import (
    ClaimExtractor,
    ContradictionScorer,
    Embedder,
    Framer,
    SourceReader,
    Verdict,
)
from store import verdicts


@dataclass
class Stages:
    """The swappable parts of the pipeline: source reader, claim extractor, embedder, story
    stage, contradiction scorer (and the optional framer). ``stories`` reads each article's
    story signals; ``claims.stories.group`` groups the articles into stories by them."""

    reader: SourceReader
    extractor: ClaimExtractor
    embedder: Embedder
    stories: StoryProfiler
    scorer: ContradictionScorer
    framer: Framer | None = None  # None: a claim's proposition is its sentence
    warmed: Future[Any] | None = None  # done when background model loads have all run


@dataclass
class IngestReport:
    """What an ingest did, for the summary line and for benchmarks."""

    files: int = 0
    articles: int = 0
    sources_added: int = 0
    copies_added: int = 0
    already_stored: int = 0
    claims_added: int = 0
    sentences_dropped: int = 0
    embeddings_computed: int = 0
    topics_added: int = 0
    pairs_scored: int = 0
    corroborations: int = 0  # pairs stating one proposition, recorded instead of scored
    contradictions_added: int = 0
    skipped_files: list[str] = field(default_factory=list)
    skipped_pairs: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    ingest_id: int | None = None
    new_claim_ids: list[int] = field(default_factory=list)
    lock_seconds: float = 0.0  # how long the write lock was held (ingest_briefly)


class Clock:
    """Adds the time since the last lap to a report's per-stage seconds."""

    def __init__(self, report: IngestReport) -> None:
        self.report = report
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.report.seconds[stage] = self.report.seconds.get(stage, 0.0) + now - self.last
        self.last = now


def verdict_lookup(session: Session) -> VerdictLookup:
    """The stored verdicts for given keys, read through ``session``: in its transaction when
    one is open (an ingest in the caller's transaction, a check, the last attempt holding
    the lock), else in a short read transaction of its own (no lock held while preparing).
    """

    def lookup(keys: Sequence[str]) -> Mapping[str, Verdict]:
        if session.in_transaction():
            return verdicts.verdicts_for(session, keys)
        with session.begin():
            return verdicts.verdicts_for(session, keys)

    return lookup
