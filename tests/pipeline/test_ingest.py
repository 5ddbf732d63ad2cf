"""The pipeline end to end with fast doubles: storage, idempotence, atomicity, flags."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.errors import BadBatch
from claims.pipeline import Stages, ingest
from store import queries
from store.models import Claim, Contradiction, DroppedSentence, Embedding, Source
from tests.conftest import FIXTURES
from tests.doubles import FixedScorer

BASIC = FIXTURES / "batches" / "basic"
MORE = FIXTURES / "batches" / "more"


def run(session: Session, stages: Stages, *paths: Path, skip_bad: bool = False, **tuning: object):
    """One ingest in its own transaction, as the CLI runs it."""
    if session.in_transaction():
        session.rollback()  # end the read-only transaction a previous query began
    with session.begin():
        return ingest(
            session,
            list(paths),
            stages,
            Tuning(**tuning),
            skip_bad=skip_bad,  # type: ignore[arg-type]
        )


def test_ingest_stores_sources_with_metadata_and_hash(session: Session, stages: Stages) -> None:
    report = run(session, stages, BASIC)
    assert report.files == 2 and report.sources_added == 2
    tehran = session.scalars(select(Source).where(Source.outlet == "Tehran Daily")).one()
    assert tehran.title == "Larijani hails security pact with Iraq"
    assert str(tehran.published) == "2025-08-20"
    assert tehran.url == "https://example.org/tehran/larijani-pact"
    assert tehran.path.endswith("tehran.md") and len(tehran.content_hash) == 64


def test_claims_keep_offsets_into_their_source(session: Session, stages: Stages) -> None:
    run(session, stages, BASIC)
    for claim in session.scalars(select(Claim)):
        assert claim.source.text[claim.start : claim.end] == claim.text


def test_reingesting_the_same_content_adds_nothing(session: Session, stages: Stages) -> None:
    first = run(session, stages, BASIC)
    before = queries.counts(session)
    second = run(session, stages, BASIC)
    assert first.claims_added > 0
    assert second.sources_added == 0 and second.claims_added == 0
    assert second.already_stored == second.articles == 2
    assert queries.counts(session) == before


def test_embeddings_are_never_recomputed_for_known_text(session: Session, stages: Stages) -> None:
    run(session, stages, BASIC)
    stored = session.scalar(select(func.count(Embedding.id)))
    report = run(session, stages, MORE)
    assert report.embeddings_computed == report.claims_added
    ledes = report.sources_added  # each new article's title-and-lede vector (its story)
    assert session.scalar(select(func.count(Embedding.id))) == stored + report.claims_added + ledes
    models = set(session.scalars(select(Embedding.model_id)))
    assert models == {stages.embedder.model_id}


def test_flagship_negation_is_flagged_with_cues(session: Session, stages: Stages) -> None:
    run(session, stages, BASIC, min_similarity=0.2)  # the hashing double is not semantic
    flagged = queries.contradictions(session)
    kinds = {c.kind for c in flagged}
    assert {"terminology", "numeric"} <= kinds
    top = flagged[0]
    texts = {top.claim_a.text, top.claim_b.text}
    assert any("there is no security agreement" in t for t in texts)
    assert any("signed an important security agreement" in t for t in texts)
    assert top.spans[0] and top.spans[1] and top.model == "cues-v1"


def test_failed_ingest_leaves_the_store_exactly_as_it_was(session: Session, stages: Stages) -> None:
    run(session, stages, MORE)
    before = queries.counts(session)
    broken = replace(stages, scorer=FixedScorer(explode=True))
    with pytest.raises(RuntimeError, match="exploded"):
        run(session, broken, BASIC)
    assert queries.counts(session) == before


def test_bad_file_fails_the_whole_batch(session: Session, stages: Stages, tmp_path: Path) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "A fine line about the economy growing."}\n{not json\n')
    with pytest.raises(BadBatch, match="broken.jsonl"):
        run(session, stages, BASIC, bad)
    assert queries.counts(session)["sources"] == 0


def test_skip_bad_ingests_the_rest(session: Session, stages: Stages, tmp_path: Path) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text("{not json\n")
    report = run(session, stages, BASIC, bad, skip_bad=True)
    assert report.sources_added == 2
    assert len(report.skipped_files) == 1 and "broken.jsonl" in report.skipped_files[0]


def test_candidates_are_bounded_per_claim(session: Session, stages: Stages) -> None:
    scorer = FixedScorer(0.0)
    bounded = replace(stages, scorer=scorer)
    report = run(session, bounded, BASIC, MORE, per_claim=2, min_similarity=-1.0)
    assert 0 < report.pairs_scored <= 2 * report.claims_added
    assert len(set(scorer.seen)) == len(scorer.seen)
    assert report.contradictions_added == 0


def test_dismissed_pairs_are_not_flagged_again(session: Session, stages: Stages) -> None:
    scorer = FixedScorer(0.9)
    fixed = replace(stages, scorer=scorer)
    run(session, fixed, BASIC, min_similarity=-1.0)
    session.rollback()
    with session.begin():
        for row in session.scalars(select(Contradiction)):
            row.status = "dismissed"
    scorer.seen.clear()
    run(session, fixed, MORE, min_similarity=-1.0)
    old = {
        (c.claim_a_id, c.claim_b_id)
        for c in session.scalars(select(Contradiction).where(Contradiction.status == "dismissed"))
    }
    assert old and not old & set(scorer.seen)


def test_dropped_sentences_are_recorded_with_a_reason(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    doc = tmp_path / "q.txt"
    doc.write_text("Is the deal real? The deal was signed in Baghdad on Monday.\n")
    run(session, stages, doc)
    reasons = list(session.scalars(select(DroppedSentence.reason)))
    assert reasons == ["question"]


def test_the_earliest_copy_heads_its_reprints(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    body = (
        "The head of the council visited the capital on Monday to discuss a border accord. "
        "Officials said the accord covers patrols, smuggling and the exchange of intelligence. "
        "Details of the accord were not published, and neither side gave a date for signing."
    )
    batch = tmp_path / "wire.jsonl"
    batch.write_text(
        json.dumps({"outlet": "Reprint Daily", "published": "2025-08-12", "text": body + " AP"})
        + "\n"
        + json.dumps({"outlet": "Wire Service", "published": "2025-08-11", "text": body})
        + "\n"
    )
    report = run(session, stages, batch)
    assert (report.sources_added, report.copies_added) == (1, 1)
    (listing,) = queries.sources(session)
    original = listing.source
    assert original.outlet == "Wire Service"
    assert [c.outlet for c in listing.copies] == ["Reprint Daily"]
    assert all(c.source_id == original.id for c in session.scalars(select(Claim)))


def test_the_same_article_twice_in_one_file_is_stored_once(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    line = json.dumps(
        {"outlet": "Wire", "text": "The central bank kept its main rate at 5 percent."}
    )
    batch = tmp_path / "twice.jsonl"
    batch.write_text(line + "\n" + line + "\n")
    report = run(session, stages, batch)
    assert (report.articles, report.sources_added, report.already_stored) == (2, 1, 1)
