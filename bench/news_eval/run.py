"""One ingest of a whole split through the real pipeline, with every verdict recorded.

Why record: the pipeline stores only the pairs that pass the threshold and the guards, and
the loss table needs the score of every pair the scorer saw. ``RecordingScorer`` delegates
to the real scorer unchanged and keeps its verdicts, so the run is the pipeline's own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.config import Settings, Tuning
from claims.pipeline import IngestReport, default_stages, ingest
from claims.types import ClaimRecord, ClaimView, ContradictionScorer, PairRecord, Verdict
from store import ingest as store_ingest
from store import queries
from store.db import open_store
from store.models import Corroboration, DroppedSentence, Source


@dataclass
class RecordingScorer:
    """A ``ContradictionScorer`` that passes pairs to ``inner`` and keeps each verdict.

    Verdicts are kept by claim ids and by texts: a pipeline that caches verdicts by text
    scores a pair of texts once, however many claim pairs carry them.
    """

    inner: ContradictionScorer
    verdicts: dict[tuple[int, int], Verdict] = field(default_factory=dict)
    by_text: dict[tuple[str, str], Verdict] = field(default_factory=dict)

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        verdicts = self.inner.score(pairs)
        for (a, b), verdict in zip(pairs, verdicts, strict=True):
            self.verdicts[(a.id, b.id)] = verdict
            self.by_text[(a.text, b.text)] = verdict
        return verdicts


@dataclass(frozen=True)
class Dropped:
    """A sentence the extractor did not keep, with its file and reason."""

    path: str
    text: str
    reason: str


@dataclass
class Run:
    """What one ingest left in the store, plus the recorded verdicts."""

    claims: list[ClaimRecord]
    views: list[ClaimView]  # every claim as the scorer saw it, by id
    vectors: np.ndarray  # one row per view
    flags: list[PairRecord]  # stored pairs (at threshold 0: every pair the guards let by)
    verdicts: RecordingScorer
    dropped: list[Dropped]
    copies: dict[str, str]  # path of a folded copy -> path of its canonical article
    report: IngestReport
    tuning: Tuning
    seconds: float
    scorer_id: str
    corroborations: dict[tuple[int, int], str] = field(default_factory=dict)  # pair -> kind
    story: dict[int, int | None] = field(default_factory=dict)  # claim id -> story id


def run_pipeline(
    paths: list[Path],
    settings: Settings,
    today: date,
    adapt: Callable[[ContradictionScorer], ContradictionScorer] | None = None,
) -> Run:
    """Ingest ``paths`` into the (fresh) store ``settings.db`` with flag threshold 0.

    Threshold 0 stores every scored pair that the guards let through, with its score, so a
    threshold sweep is a filter on stored scores; everything else keeps its default.
    ``adapt`` replaces the default scorer by one built from it (another combiner, a cache).
    """
    stages = default_stages(settings, today=today)
    scorer = adapt(stages.scorer) if adapt else stages.scorer
    recorder = RecordingScorer(scorer)
    stages = replace(stages, scorer=recorder)
    tuning = replace(settings.tuning, flag_threshold=0.0)
    engine = open_store(settings.db)
    try:
        with Session(engine) as session, session.begin():
            start = time.perf_counter()
            report = ingest(session, paths, stages, tuning)
            seconds = time.perf_counter() - start
            views, hashes = store_ingest.claim_views(session)
            by_hash = store_ingest.embeddings_for(session, stages.embedder.model_id, hashes)
            vectors = np.stack([by_hash[h] for h in hashes]) if hashes else np.zeros((0, 0))
            return Run(
                claims=queries.claims(session),
                views=views,
                vectors=vectors.astype(np.float32),
                flags=queries.contradictions(session),
                verdicts=recorder,
                dropped=dropped_sentences(session),
                copies={c.path: s.source.path for s in queries.sources(session) for c in s.copies},
                report=report,
                tuning=tuning,
                seconds=seconds,
                scorer_id=recorder.model_id,
                corroborations=corroborations(session),
                story={c.id: c.topic.id if c.topic else None for c in queries.claims(session)},
            )
    finally:
        engine.dispose()


def corroborations(session: Session) -> dict[tuple[int, int], str]:
    """Every recorded corroborating pair, read-only against ``store.models``."""
    stmt = select(Corroboration.claim_a_id, Corroboration.claim_b_id, Corroboration.kind)
    return {(a, b): k for a, b, k in session.execute(stmt)}


def dropped_sentences(session: Session) -> list[Dropped]:
    """Every dropped sentence with its text and reason.

    store/ has no query for these (reports never list them), so it is written here,
    read-only, against ``store.models``.
    """
    stmt = (
        select(Source.path, Source.text, DroppedSentence.start, DroppedSentence.end)
        .add_columns(DroppedSentence.reason)
        .join(Source, DroppedSentence.source_id == Source.id)
        .order_by(DroppedSentence.id)
    )
    return [Dropped(p, t[s:e], r) for p, t, s, e, r in session.execute(stmt)]
