"""Explicit cues name the kind and the conflicting spans."""

from __future__ import annotations

from claims.detect.cues import CueScorer, find_cues
from claims.types import ClaimView

DENIAL_OF_TERM = (
    "It emphasized that “there is no security agreement between the two countries; "
    "rather, it is a security memorandum of understanding.”"
)
ASSERTION = "That is why we signed an important security agreement with Iraq."


def test_there_is_no_x_rather_y_is_terminology() -> None:
    cue = find_cues(DENIAL_OF_TERM, ASSERTION)[0]
    assert cue.kind == "terminology" and cue.strength > 0.8
    assert "security agreement" in DENIAL_OF_TERM[cue.span_a[0] : cue.span_a[1]]
    assert ASSERTION[cue.span_b[0] : cue.span_b[1]] == "security agreement"


def test_cues_are_symmetric_in_spans() -> None:
    forward = find_cues(DENIAL_OF_TERM, ASSERTION)[0]
    backward = find_cues(ASSERTION, DENIAL_OF_TERM)[0]
    assert (forward.span_a, forward.span_b) == (backward.span_b, backward.span_a)


def test_negated_in_both_is_no_conflict() -> None:
    assert (
        find_cues("There is no ceasefire in the north.", "No ceasefire was agreed in the north.")
        == []
    )


def test_denial_numbers_dates_antonyms() -> None:
    denial = find_cues(
        "The ministry denied that troops crossed the border.",
        "Troops crossed the border at dawn, witnesses said.",
    )
    assert denial and denial[0].kind == "denial"
    numeric = find_cues(
        "The storm killed 30 people in the region.", "The storm in the region killed 45 people."
    )
    assert numeric and numeric[0].kind == "numeric" and "30 people" in numeric[0].explanation
    dates = find_cues(
        "The accord was signed on March 19, 2023 in Baghdad.",
        "The accord was signed in Baghdad on March 21, 2023.",
    )
    assert dates and dates[0].kind == "temporal"
    antonym = find_cues(
        "Parliament approved the budget bill on Tuesday.",
        "Parliament rejected the budget bill on Tuesday.",
    )
    assert antonym and antonym[0].kind == "other"


def test_unrelated_claims_have_no_cue() -> None:
    assert (
        find_cues(
            "Wheat harvests rose after the rains.", "The central bank kept rates at 5 percent."
        )
        == []
    )


def test_scorer_reports_the_strongest_cue() -> None:
    a = ClaimView(1, DENIAL_OF_TERM, 1, speaker="Iraq's National Security Advisory")
    b = ClaimView(2, ASSERTION, 2, speaker="Ali Larijani")
    c = ClaimView(3, "Wheat harvests rose after the rains.", 3)
    conflict, nothing = CueScorer().score([(a, b), (a, c)])
    assert conflict.kind == "terminology" and conflict.score > 0.8
    assert conflict.model == "cues-v1" and conflict.spans[0] and conflict.spans[1]
    assert nothing.score == 0.0 and nothing.kind == "none"
