"""Every stage is passed in: an ingest runs on five doubles, and the registry builds defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from claims.config import SCORERS, Settings, Tuning
from claims.detect.cues import CueScorer
from claims.errors import BadBatch, BadInput
from claims.pipeline import Stages, ingest
from claims.pipeline.prepare import text_hash
from claims.pipeline.stages import SCORERS as REGISTRY
from claims.pipeline.stages import default_scorer
from claims.stories.profile import PlainProfiler
from claims.types import Article
from store import queries
from store import topics as topic_store
from store.ingest import embeddings_for
from tests.doubles import (
    FixedScorer,
    HashingEmbedder,
    MemoryReader,
    OneStoryProfiler,
    SaidFramer,
    SplitExtractor,
)

ARTICLES = {
    "a.txt": [Article("The dam held firm. Mayor Ostrow said the dam held firm.", "a.txt")],
    "b.txt": [Article("Engineers said the dam broke overnight. Rain fell.", "b.txt")],
}


def test_an_ingest_runs_on_doubles_for_every_stage(session: Session, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ARTICLES:
        (batch / name).write_text("read by the memory reader, not from disk\n")
    scorer = FixedScorer(0.75)
    stages = Stages(
        MemoryReader(ARTICLES),
        SplitExtractor(),
        HashingEmbedder(),
        OneStoryProfiler(),
        scorer,
    )
    with session.begin():
        report = ingest(session, [batch], stages, Tuning(min_similarity=0.0, model_alignment=0.0))
    assert (report.files, report.articles, report.claims_added) == (2, 2, 4)
    texts = [c.text for c in queries.claims(session)]
    assert texts[0] == "The dam held firm." and "Rain fell." in texts
    stories = topic_store.topics_with_sizes(session)
    assert [s.claims for s in stories] == [4], "both articles report the dam: one story"
    flagged = queries.contradictions(session)
    assert scorer.seen and len(flagged) == report.contradictions_added > 0
    by_pair = {(f.claim_a.id, f.claim_b.id): f.score for f in flagged}
    assert by_pair[(2, 3)] == 0.75  # two named speakers: the scorer's score as it is
    assert by_pair[(1, 4)] == round(0.75 * 0.95, 4)  # a reporter's summary ranks lower
    assert all(f.model == "fixed" for f in flagged)


def test_a_file_the_reader_refuses_fails_the_batch_by_name(
    session: Session, tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "unknown.txt").write_text("x\n")
    embedder = HashingEmbedder()
    stages = Stages(
        MemoryReader({}), SplitExtractor(), embedder, PlainProfiler(embedder), FixedScorer()
    )
    with pytest.raises(BadBatch, match="unknown.txt: not in the memory reader"), session.begin():
        ingest(session, [batch], stages)


def test_the_registry_maps_each_scorer_name_to_a_factory() -> None:
    assert tuple(REGISTRY) == SCORERS
    assert isinstance(default_scorer(Settings(scorer="cues")), CueScorer)
    with pytest.raises(BadInput, match="unknown scorer 'magic'"):
        default_scorer(Settings(scorer="magic"))


def test_framed_claims_keep_their_frame_and_are_embedded_by_proposition(
    session: Session, tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a.txt").write_text("x\n")
    text = "The agency said 40 people were hurt."
    articles = {"a.txt": [Article(f"{text} Rain fell.", "a.txt")]}
    embedder = HashingEmbedder()
    stages = Stages(
        MemoryReader(articles),
        SplitExtractor(),
        embedder,
        PlainProfiler(embedder),
        FixedScorer(),
        framer=SaidFramer(),
    )
    with session.begin():
        ingest(session, [batch], stages)
    framed, plain = queries.claims(session)
    assert framed.text == text and json.loads(framed.frame)["proposition"] == "40 people were hurt."
    assert plain.frame is None
    vectors = embeddings_for(session, "hashing-256", [text_hash("40 people were hurt.")])
    assert len(vectors) == 1, "the proposition, not the sentence, was embedded"
