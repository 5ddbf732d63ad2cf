"""What the backfill tests share: stages that fail on cue, and a store's
content as plain, id-free data to compare two stores by."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from claims.config import Settings
from claims.detect.cues import CueScorer
from claims.pipeline import Stages
from claims.pipeline.analysis import rebuild_topics
from store.models import CachedVerdict, Claim, Contradiction, Embedding, Source
from tests.doubles import HashingEmbedder, TagProfiler, fast_stages


def content(engine: Engine, retopic: bool = True) -> dict[str, object]:
    """Claims, flagged pairs and (after a retopic) topics, by text, not by id."""
    with Session(engine) as session, session.begin():
        if retopic:
            rebuild_topics(session, HashingEmbedder().model_id, lambda: TagProfiler())
        claims = sorted(
            (c.source.path, c.start, c.text, c.frame or "") for c in session.scalars(select(Claim))
        )
        pairs = sorted(
            (p.claim_a.text, p.claim_b.text, p.score, p.kind, p.explanation, p.model, p.status)
            for p in session.scalars(select(Contradiction))
        )
        topics: dict[int | None, set[str]] = {}
        for c in session.scalars(select(Claim)):
            topics.setdefault(c.topic_id, set()).add(c.text)
        verdicts = sorted(session.scalars(select(CachedVerdict.key)))
        vectors = sorted(session.execute(select(Embedding.model_id, Embedding.text_hash)).all())
        sources = sorted(
            (s.path, s.content_hash, s.canonical_id is None)
            for s in session.scalars(select(Source))
        )
    return {
        "claims": claims,
        "pairs": pairs,
        "topics": sorted(sorted(t) for t in topics.values()),
        "sources": sources,
        "verdicts": verdicts,  # each scored pair's verdict once, none lost
        "vectors": [tuple(v) for v in vectors],  # each text's vector once
    }


class KillOnce:
    """The cue scorer, except that the first Dask worker to score a shard kills its own
    process (SIGKILL, mid-shard) and leaves ``marker`` behind: a worker dying for real."""

    def __init__(self, marker: str) -> None:
        self.inner = CueScorer()
        self.model_id = self.inner.model_id
        self.marker = marker

    def score(self, pairs):  # noqa: ANN001, ANN201 - the ContradictionScorer protocol
        if _in_worker() and not os.path.exists(self.marker):
            with open(self.marker, "w") as out:
                out.write(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        return self.inner.score(pairs)


class SlowScorer(CueScorer):
    """The cue scorer, ``delay`` seconds a call: time for the test to kill the driver."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def score(self, pairs):  # noqa: ANN001, ANN201 - the ContradictionScorer protocol
        time.sleep(self.delay)
        return super().score(pairs)


def killing_stages(marker: str, settings: Settings | None = None) -> Stages:
    return replace(fast_stages(settings), scorer=KillOnce(marker))


def slow_stages(delay: float, settings: Settings | None = None) -> Stages:
    return replace(fast_stages(settings), scorer=SlowScorer(delay))


def _in_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return False
    return True


def fixed_stages(settings: Settings | None = None) -> Stages:
    """A 'new model' for rescoring: every pair scores 0.9 under the model id 'fixed'."""
    from tests.doubles import FixedScorer

    return replace(fast_stages(settings), scorer=FixedScorer(0.9))
