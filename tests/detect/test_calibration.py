"""The dev calibration tools: the disk cache of model outputs and the threshold rule."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bench.calibrate_news import choose, swapped
from bench.news_eval.spans import roc_auc
from tests.doubles import KeywordNLI
from training.model_cache import CachedModel


def test_the_cache_answers_as_the_model_and_asks_it_once_per_pair(tmp_path: Path) -> None:
    inner = KeywordNLI()
    pairs = [("The bridge is open.", "The bridge is not open."), ("a", "a"), ("a", "a")]
    first = CachedModel(inner, tmp_path).predict(pairs)
    assert np.allclose(first, inner.predict(pairs))
    inner.calls.clear()
    again = CachedModel(inner, tmp_path)  # a new process: read back from disk
    assert np.allclose(again.predict(pairs[::-1]), first[::-1])
    assert inner.calls == []
    other = KeywordNLI()
    other.model_id = "fake@1111"  # another model never reads these answers
    CachedModel(other, tmp_path).predict(pairs[:1])
    assert other.calls == [pairs[:1]]


def test_the_threshold_takes_most_recall_at_the_precision_between_scores() -> None:
    score = np.array([0.9, 0.8, 0.7, 0.6, 0.3])
    gold = np.array([True, True, False, True, True])
    keep = np.ones(5, dtype=bool)
    assert choose(score, gold, keep, 1.0) == 0.76  # between the near-miss (0.7) and 0.8
    assert choose(score, gold, keep, 0.75) == 0.18  # all four, 4 of 5 precise: below 0.3
    assert choose(score, gold, keep & (score > 0.65), 0.6) == 0.76  # recall 1 either way


def test_swapping_twice_is_the_identity_and_auc_counts_ties_half() -> None:
    x = np.arange(20.0).reshape(2, 10)
    assert np.array_equal(swapped(swapped(x)), x) and swapped(x)[0, 0] == 1.0
    assert roc_auc(np.array([1.0, 0.5]), np.array([0.5, 0.0])) == 0.875
