"""The verdict cache: no ordered text pair is scored twice by the same scorer in one store.

Why: scoring is most of an ingest. A verdict depends only on the scorer (its id names the
runtime and precision) and on what it reads of the two claims, so re-ingested sentences and
``claims check`` reuse the stored verdicts; a check that is rolled back stores none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.pipeline import Stages
from claims.pipeline.check import check
from claims.types import ClaimView, Verdict
from store.models import CachedVerdict
from tests.doubles import FixedScorer
from tests.pipeline.test_ingest import run

S = ["The bridge opened in May.", "The bridge cost 40 million dollars.", "Traffic fell by half."]
T = ["The bridge did not open in May.", "The bridge cost 12 million dollars."]
N = ["A ferry still crosses the river at night.", "Fares rose twice this year."]
M = ["The mayor praised the engineers on Friday.", "Cyclists asked for a wider lane."]


class TextScorer(FixedScorer):
    """FixedScorer that records the ordered text pairs it was asked to score."""

    def __init__(self, model_id: str = "fixed") -> None:
        super().__init__(score=0.1)
        self.model_id = model_id
        self.texts: list[tuple[str, str]] = []

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        self.texts += [(a.text, b.text) for a, b in pairs]
        return super().score(pairs)


def _file(path: Path, *articles: list[str]) -> Path:
    path.write_text("".join(json.dumps({"text": " ".join(a)}) + "\n" for a in articles))
    return path


def _all_pairs() -> dict[str, object]:
    return {"min_similarity": -1.0, "neighbours": 50}


def test_re_ingested_sentences_and_check_score_no_pair_twice(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    scorer = TextScorer()
    stages = replace(stages, scorer=scorer)
    run(session, stages, _file(tmp_path / "1.jsonl", S, T), **_all_pairs())
    first = list(scorer.texts)
    assert first and len(set(first)) == len(first)
    scorer.texts.clear()
    report = run(session, stages, _file(tmp_path / "2.jsonl", T + N), **_all_pairs())
    second = list(scorer.texts)
    assert not set(second) & set(first)
    assert report.pairs_scored > len(second)  # some candidates came from the store
    stored = session.scalar(select(func.count()).select_from(CachedVerdict))
    assert stored == len(first) + len(second)

    scorer.texts.clear()
    session.rollback()
    with session.begin():
        result = check(
            session, [_file(tmp_path / "3.jsonl", T + M)], stages, Tuning(**_all_pairs())
        )
        session.rollback()  # what ``claims check`` does without --record
    checked = list(scorer.texts)
    assert not set(checked) & (set(first) | set(second))
    assert result.report.pairs_scored > len(checked)
    assert session.scalar(select(func.count()).select_from(CachedVerdict)) == stored


def test_another_scorer_id_never_reuses_verdicts(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    """A different runtime or precision is a different id: its verdicts are its own."""
    first = TextScorer("nli@abc/torch-fp32(requested)")
    run(session, replace(stages, scorer=first), _file(tmp_path / "1.jsonl", S), **_all_pairs())
    other = TextScorer("nli@abc/torch-bf16(amx_bf16)")
    batch = _file(tmp_path / "2.jsonl", S + ["One more sentence here."])
    run(session, replace(stages, scorer=other), batch, **_all_pairs())
    assert set(first.texts) <= set(other.texts)


def test_the_same_pair_twice_in_one_batch_is_scored_once(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    scorer = TextScorer()
    batch = _file(tmp_path / "1.jsonl", S[:2], S[:2] + ["Something else entirely, though."])
    run(session, replace(stages, scorer=scorer), batch, **_all_pairs())
    assert len(scorer.texts) == len(set(scorer.texts))
