"""The news-register near-misses: an update, a demand against an offer and another entity's
figure are neutral; two speakers' different figures for one event contradict."""

from __future__ import annotations

import random

from training.make_news_frames import Framer
from training.news_register import NearMiss

SENTS = [
    "The union said 1,200 workers at the Dunmore plant would strike on Monday.",
    "The company cut 300 jobs at the Carrow plant last year.",
    "The company offered a pay rise of 4 percent to its staff.",
]


def near_miss(seed: int = 3) -> NearMiss:
    siblings = {s: [t for t in SENTS if t != s] for s in SENTS}
    return NearMiss(Framer(SENTS, siblings, random.Random(seed)))


def test_an_update_with_a_new_figure_is_neutral_and_says_it_is_an_update() -> None:
    premise, hyp, label = near_miss().update(SENTS[1])
    assert label == "neutral" and premise == SENTS[1]
    assert "300 jobs" not in hyp and "jobs" in hyp
    assert any(w in hyp.lower() for w in ("update", "revised"))


def test_a_demand_against_an_offer_is_neutral() -> None:
    premise, hyp, label = near_miss().demand_offer(SENTS[2])
    assert label == "neutral"
    assert "4 percent" in premise and "4 percent" not in hyp and "percent" in hyp


def test_two_reports_with_different_figures_contradict() -> None:
    premise, hyp, label = near_miss().reports_disagree(SENTS[0])
    assert label == "contradiction"
    assert "1,200 workers" in premise and "1,200 workers" not in hyp


def test_a_sentence_without_a_figure_makes_no_near_miss() -> None:
    nm = near_miss()
    plain = "The mayor opened the new library on the riverside."
    assert nm.update(plain) is None and nm.reports_disagree(plain) is None
