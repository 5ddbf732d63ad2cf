"""Candidates within a story, aligned and capped; corroboration is never contradiction."""

from __future__ import annotations

import json

import numpy as np

from claims.config import Tuning
from claims.detect.align import Aligned, aligned, predicate_family, strength
from claims.detect.candidates import Candidate, StoryRows, story_pairs
from claims.detect.corroborate import PARAPHRASE_ENTAIL, corroboration, longest_run, paraphrase
from claims.detect.flag import ENTAILS_BOTH, score_candidates
from claims.types import ClaimView, Verdict
from tests.doubles import FixedScorer, HashingEmbedder

EMBED = HashingEmbedder()


def view(claim_id: int, text: str, source: int, frame: dict | None = None) -> ClaimView:
    return ClaimView(claim_id, text, source, frame=json.dumps(frame) if frame else None)


def rows_of(views: list[ClaimView], stories: list[int | None], names: set[str]) -> StoryRows:
    return StoryRows(stories, [aligned(v, names) for v in views], lambda a, b: False)


def test_a_shared_subject_aligns_claims_that_read_nothing_alike() -> None:
    names = {"brannock"}
    views = [
        view(1, "There were no fatalities at Brannock.", 1),
        view(2, "Two miners were killed at Brannock on Tuesday when the roof fell.", 2),
        view(3, "The weather was mild.", 2),
    ]
    vectors = EMBED.embed([v.text for v in views])
    assert float(vectors[0] @ vectors[1]) < 0.9
    out = story_pairs(vectors, views, [0], rows_of(views, [0, 0, 0], names), set(), floor=0.9)
    assert [(p.a, p.b) for p in out.pairs] == [(0, 1)], "the weather shares nothing"
    assert "entity" in out.pairs[0].evidence


def test_the_thing_measured_and_the_predicate_family_align() -> None:
    a = aligned(view(1, "Officials said 40 people were injured.", 1), set())
    b = aligned(view(2, "Hospital staff treated 12 people who were hurt.", 2), set())
    assert a.measured & b.measured
    assert predicate_family("kill") == predicate_family("die") and predicate_family("be") is None
    score, evidence = strength(a, b, 0.1)
    assert "measured" in evidence and score > 0.1


def test_pairs_stay_within_a_story_and_across_articles() -> None:
    views = [
        view(1, "The pact was signed in Baghdad.", 1),
        view(2, "The pact was signed in Baghdad, officials said.", 1),  # same article
        view(3, "No pact was signed in Baghdad.", 2),
        view(4, "The pact was signed in Baghdad by Kyiv.", 3),  # another story
    ]
    vectors = EMBED.embed([v.text for v in views])
    out = story_pairs(vectors, views, [0, 1, 2, 3], rows_of(views, [0, 0, 0, 1], set()), set())
    assert {(views[p.a].id, views[p.b].id) for p in out.pairs} == {(1, 3), (2, 3)}


def test_two_named_speakers_of_one_article_are_compared() -> None:
    views = [
        ClaimView(1, "We signed a security agreement with Iraq.", 1, speaker="Larijani"),
        ClaimView(2, "There is no security agreement.", 1, speaker="The advisory"),
        ClaimView(3, "The agreement covers the border.", 1),
    ]
    vectors = EMBED.embed([v.text for v in views])
    out = story_pairs(vectors, views, [0, 1, 2], rows_of(views, [0, 0, 0], set()), set(), floor=0)
    assert [(p.a, p.b) for p in out.pairs] == [(0, 1)]


def test_claims_of_another_story_are_compared_only_where_it_is_one_event() -> None:
    views = [view(1, "The pact was signed.", 1), view(2, "The pact was never signed.", 2)]
    vectors = EMBED.embed([v.text for v in views])
    apart = StoryRows([0, 1], [aligned(v, set()) for v in views], lambda a, b: False)
    assert not story_pairs(vectors, views, [1], apart, set()).pairs
    same = StoryRows([0, 1], [aligned(v, set()) for v in views], lambda a, b: True)
    assert len(story_pairs(vectors, views, [1], same, set()).pairs) == 1


def test_partners_are_ordered_by_alignment_and_capped_per_claim() -> None:
    names = {"harlan"}
    views = [view(1, "Harlan said the vote was unanimous.", 1)]
    views += [view(n, f"Harlan statement number {n} on the vote.", n) for n in range(2, 40)]
    vectors = EMBED.embed([v.text for v in views])
    out = story_pairs(
        vectors, views, [0], rows_of(views, [0] * len(views), names), set(), per_claim=5
    )
    assert len(out.pairs) == 5
    strengths = [p.alignment for p in out.pairs]
    assert strengths == sorted(strengths, reverse=True)
    others = [float(vectors[0] @ vectors[i]) + 0.3 for i in range(1, len(views))]
    assert min(strengths) >= sorted(others, reverse=True)[4] - 1e-6


def test_a_quote_carried_twice_or_a_long_shared_run_corroborates() -> None:
    quote = "“We do not support any deal that weakens the border,” Bruce said."
    a = view(1, f"Spokeswoman Tammy Bruce told reporters: {quote}", 1)
    b = view(2, f"In Washington, {quote}", 2)
    assert corroboration(a, b, 0.5) == "same quote"
    run = "the two countries agreed to hold regular meetings of their border committees"
    c, d = view(3, f"Officials said {run}.", 3), view(4, f"According to Reuters, {run} soon.", 4)
    assert longest_run(c.text, d.text) >= 10 and corroboration(c, d, 0.6) == "shared words"
    assert corroboration(view(5, "Prices rose.", 5), view(6, "Prices rose.", 6), 1.0) == "same text"


def test_what_differs_in_polarity_or_figures_is_no_corroboration() -> None:
    run = "the government signed the security agreement with Iraq in Baghdad on Sunday"
    said = view(1, f"Larijani said {run}.", 1, {"polarity": "positive"})
    denied = view(2, f"The ministry denied that {run}.", 2, {"polarity": "negative"})
    assert corroboration(said, denied, 0.95) is None
    a = view(3, "The fire service said 40 people were injured in the fire at the plant.", 3)
    b = view(4, "The hospital said 12 people were injured in the fire at the plant.", 4)
    assert corroboration(a, b, 0.95) is None, "a conflicting figure is never a paraphrase"


def test_corroborating_pairs_are_set_apart_not_scored() -> None:
    text = "the committee voted to keep the rate at four percent after a long debate today"
    views = [view(1, f"Analysts said {text}.", 1), view(2, f"Reuters reported {text}.", 2)]
    vectors = EMBED.embed([v.text for v in views])
    out = story_pairs(vectors, views, [1], rows_of(views, [0, 0], set()), set(), floor=0.0)
    assert out.pairs == [] and out.corroborations == [(0, 1, "shared words")]


def test_unknown_stories_fall_back_to_nearest_neighbours() -> None:
    views = [view(1, "The dam held.", 1), view(2, "The dam broke.", 2)]
    vectors = EMBED.embed([v.text for v in views])
    rows = StoryRows([None, 0], [Aligned(frozenset(), frozenset(), None)] * 2, lambda a, b: 0)
    out = story_pairs(vectors, views, [1], rows, set(), floor=0.3)
    assert [p.evidence for p in out.pairs] == ["cosine"]
    assert isinstance(out.pairs[0].similarity, float) and np.isfinite(out.pairs[0].alignment)


def test_a_claims_partners_are_spread_across_the_other_articles() -> None:
    """One article's many near sentences do not take the whole cap: each other article's
    strongest partner comes first, then each one's second."""
    views = [view(1, "The minister resigned.", 1)]
    views += [view(2 + n, f"The minister resigned, aide {n} said.", 2) for n in range(3)]
    views += [view(5, "The minister did not resign.", 3)]
    cosines = [1.0, 0.9, 0.85, 0.8, 0.6]  # the one-sentence article reads least alike
    vectors = np.array([[c, float(np.sqrt(1 - c * c))] for c in cosines], dtype=np.float32)
    out = story_pairs(vectors, views, [0], rows_of(views, [0] * 5, set()), set(), per_claim=2)
    assert {views[p.b].id for p in out.pairs} == {2, 5}
    out = story_pairs(vectors, views, [0], rows_of(views, [0] * 5, set()), set(), per_claim=4)
    assert [views[p.b].id for p in out.pairs] == [2, 5, 3, 4], "strongest first in each round"


def test_a_paraphrase_is_what_entails_both_ways() -> None:
    """Each side must entail the other: one way only is an elaboration ("Trains were
    cancelled." / "... cancelled after water covered the tracks"), and a direction the
    scorer did not read proves nothing."""
    a = view(1, "Cardew urged parents to check their children's vaccination records.", 1)
    b = view(2, "Cardew called on families to make sure their children's jabs were up to date.", 2)
    high = PARAPHRASE_ENTAIL + 0.1
    verdict = Verdict(0.1, "other", "", entailment=(high, high))
    assert paraphrase(a, b, verdict)
    assert not paraphrase(a, b, Verdict(0.1, "other", "", entailment=(high, 0.01)))
    assert not paraphrase(a, b, Verdict(0.1, "other", "", entailment=(high, None)))
    assert not paraphrase(a, b, Verdict(0.1, "other", ""))  # stored before 0012: not read
    said = view(3, "40 people were injured in the fire at the plant.", 3)
    other = view(4, "12 people were injured in the fire at the plant.", 4)
    assert not paraphrase(said, other, verdict), "a conflicting figure is never a paraphrase"
    denied = view(5, "Cardew denied urging parents to check records.", 5, {"polarity": "negative"})
    assert not paraphrase(a, denied, verdict)


def test_a_scored_pair_that_entails_both_ways_is_recorded_never_flagged() -> None:
    views = [
        view(1, "Cardew urged parents to check their children's vaccination records.", 1),
        view(2, "Cardew called on families to make sure their children's jabs were current.", 2),
        view(3, "40 people were injured.", 3),
        view(4, "12 people were injured.", 4),
    ]
    pairs = [Candidate(0, 1, 0.5, 0.8, "entity"), Candidate(2, 3, 0.6, 0.9, "measured")]
    both = FixedScorer(0.9, entailment=(0.8, 0.7))
    found = score_candidates(views, pairs, both, Tuning(model_alignment=0.0))
    assert found.corroborations == [(0, 1, ENTAILS_BOTH)]
    assert [(f.claim_a_id, f.claim_b_id) for f in found.flags] == [(3, 4)], "figures conflict"
    one_way = FixedScorer(0.9, entailment=(0.8, None))
    found = score_candidates(views, pairs, one_way, Tuning(model_alignment=0.0))
    assert found.corroborations == [] and len(found.flags) == 2
