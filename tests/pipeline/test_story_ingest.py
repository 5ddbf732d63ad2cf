"""An ingest puts articles into stories: a claim's topic is its article's story, pairs are
scored within a story only, corroborating pairs are recorded, ids stay stable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.pipeline import Stages, ingest
from claims.pipeline.analysis import rebuild_topics
from claims.report.browse import show_claim
from claims.types import Article
from store.models import Claim, Contradiction, Corroboration, Source, Topic
from tests.doubles import (
    FixedScorer,
    HashingEmbedder,
    MemoryReader,
    SplitExtractor,
    TagProfiler,
)

DAY = date(2025, 8, 12)
RUN = "the two sides agreed to hold monthly meetings of the joint border committee in Basra"
FIRST = {
    "border1.txt": [
        Article(
            f"#Iran and #Iraq signed a border pact. Officials said {RUN}.",
            "border1.txt",
            title="Border pact",
            published=DAY,
        )
    ],
    "border2.txt": [
        Article(
            f"#Iraq said there is no border pact with #Iran. Reuters reported {RUN}.",
            "border2.txt",
            title="No border pact",
            published=DAY,
        )
    ],
    "ukraine.txt": [
        Article(
            "#Ukraine and #Nato signed a security pact. The pact was signed in Kyiv.",
            "ukraine.txt",
            title="Ukraine pact",
            published=DAY,
        )
    ],
}
LATER = {
    "border3.txt": [
        Article(
            "#Larijani said #Iran signed the pact with #Iraq.",
            "border3.txt",
            title="Larijani on the pact",
            published=DAY,
        )
    ],
    "copy.txt": [Article(FIRST["ukraine.txt"][0].text, "copy.txt", outlet="Wire", published=DAY)],
}


def _stages(articles: dict, scorer: FixedScorer) -> Stages:
    return Stages(
        MemoryReader(articles),
        SplitExtractor(),
        HashingEmbedder(),
        TagProfiler(),
        scorer,
    )


def _batch(tmp_path: Path, name: str, articles: dict) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file in articles:
        (folder / file).write_text("read by the memory reader\n")
    return folder


def _stories(session: Session) -> dict[str, int | None]:
    return dict(session.execute(select(Source.path, Source.story_id)).all())


def test_stories_hold_articles_and_claims_and_keep_their_ids(
    session: Session, tmp_path: Path
) -> None:
    scorer = FixedScorer(0.9)
    tuning = Tuning(min_similarity=0.0, model_alignment=0.0)
    with session.begin():
        ingest(session, [_batch(tmp_path, "a", FIRST)], _stages(FIRST, scorer), tuning)
    with session.begin():
        first = _stories(session)
        assert first["border1.txt"] == first["border2.txt"] != first["ukraine.txt"]
        topic_of = dict(session.execute(select(Claim.source_id, Claim.topic_id)).all())
        story_of = dict(session.execute(select(Source.id, Source.story_id)).all())
        assert all(topic_of[s] == story_of[s] for s in topic_of), "a claim's topic is its story"
        claims = {c.id: (c.topic_id, c.source_id) for c in session.scalars(select(Claim))}
    assert scorer.seen and all(
        claims[a][0] == claims[b][0] and claims[a][1] != claims[b][1] for a, b in scorer.seen
    ), "only claims of other articles of one story are scored against each other"
    with session.begin():
        ingest(session, [_batch(tmp_path, "b", LATER)], _stages(LATER, scorer), tuning)
    with session.begin():
        later = _stories(session)
        assert {k: later[k] for k in first} == first, "stored stories keep their ids"
        assert later["border3.txt"] == first["border1.txt"]
        assert later["copy.txt"] == first["ukraine.txt"], "a copy is in its original's story"
        label = session.get(Topic, first["border1.txt"]).label
        assert label.startswith("Iran, Iraq") and label.endswith("(Aug 2025)")
        rebuild_topics(session, HashingEmbedder().model_id, lambda: TagProfiler())
        rebuilt = _stories(session)
    groups = lambda s: sorted(sorted(k for k in s if s[k] == v) for v in set(s.values()))  # noqa: E731
    assert groups(rebuilt) == groups(later), "a rebuild regroups the same way"


def test_a_run_of_ten_shared_words_is_corroboration_never_a_flag(
    session: Session, tmp_path: Path
) -> None:
    scorer = FixedScorer(0.9)
    tuning = Tuning(min_similarity=0.0, model_alignment=0.0)
    with session.begin():
        report = ingest(session, [_batch(tmp_path, "a", FIRST)], _stages(FIRST, scorer), tuning)
        texts = {c.id: c.text for c in session.scalars(select(Claim))}
        one, two = sorted(i for i, t in texts.items() if RUN in t)
        assert (one, two) not in scorer.seen and report.corroborations == 1
        shown = show_claim(session, one)
    assert f"corroborated by claim {two} (shared words)" in shown and "border2.txt" in shown


def test_a_scored_paraphrase_is_corroboration_never_a_flag(
    session: Session, tmp_path: Path
) -> None:
    """A pair the scorer reads as entailing both ways is recorded and shown as corroborating,
    whatever its contradiction score; a pair with an explicit conflict is still flagged."""
    scorer = FixedScorer(0.9, entailment=(0.8, 0.9))
    tuning = Tuning(min_similarity=0.0, model_alignment=0.0)
    with session.begin():
        report = ingest(session, [_batch(tmp_path, "a", FIRST)], _stages(FIRST, scorer), tuning)
        kinds = dict(
            ((c.claim_a_id, c.claim_b_id), c.kind) for c in session.scalars(select(Corroboration))
        )
        flagged = {(p.claim_a_id, p.claim_b_id) for p in session.scalars(select(Contradiction))}
        entailing = [pair for pair, kind in kinds.items() if kind == "entails both ways"]
        assert entailing and not flagged & set(kinds), "a corroborating pair is never flagged"
        assert set(scorer.seen) <= flagged | set(kinds), "every scored pair is one or the other"
        assert report.corroborations == len(kinds)
        one, two = entailing[0]
        shown = show_claim(session, one)
    assert f"corroborated by claim {two} (entails both ways)" in shown
