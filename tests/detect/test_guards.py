"""Pairs that must never be scored: copies, one voice, different events."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from claims.config import Tuning
from claims.detect.align import model_only_alignment
from claims.detect.candidates import candidate_pairs
from claims.detect.guards import model_only_unaligned, pair_confidence, skip_reason
from claims.types import ClaimView


def view(i: int, text: str, source: int, **kw: object) -> ClaimView:
    return ClaimView(id=i, text=text, source_id=source, **kw)  # type: ignore[arg-type]


def test_sunday_and_monday_signings_are_different_events() -> None:
    a = view(
        1,
        "The joint security agreement on Sunday includes coordination.",
        1,
        event_date_text="Sunday",
    )
    b = view(
        2,
        "The agreement signed on Monday aims to tighten border security.",
        2,
        event_date_text="Monday",
        event_date=date(2025, 8, 11),
        event_date_approx=True,
    )
    assert skip_reason(a, b).startswith("different or unresolved event dates")


def test_resolved_dates_far_apart_are_different_events() -> None:
    a = view(1, "The deal was signed.", 1, event_date=date(2023, 3, 19), event_date_text="Sunday")
    b = view(2, "The pact was signed.", 2, event_date=date(2025, 8, 11), event_date_text="Monday")
    assert skip_reason(a, b).startswith("different events")


def test_close_exact_dates_may_be_one_misdated_event() -> None:
    a = view(1, "Talks began on Monday.", 1, event_date=date(2025, 8, 11), event_date_text="Monday")
    b = view(
        2, "Talks began on Tuesday.", 2, event_date=date(2025, 8, 12), event_date_text="Tuesday"
    )
    assert skip_reason(a, b) is None


def test_copies_and_one_voice_are_skipped_but_two_voices_are_not() -> None:
    a = view(1, "There is no agreement.", 1, speaker="Advisory")
    assert skip_reason(a, view(2, "There is no  agreement!", 2)) == "same text"
    assert skip_reason(a, view(3, "We signed it.", 1, speaker="Advisory")) == (
        "same article and voice"
    )
    assert skip_reason(a, view(4, "We signed it.", 1)) == "same article and voice"
    assert skip_reason(a, view(5, "We signed it.", 1, speaker="Larijani")) is None


def test_candidates_take_at_most_k_neighbours_per_new_claim() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(40, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    views = [view(i + 1, f"claim number {i}", i) for i in range(40)]
    pairs, _ = candidate_pairs(vectors, views, list(range(30, 40)), set(), k=3, min_similarity=-1.0)
    assert len(pairs) <= 30 and len(set(pairs)) == len(pairs)
    assert all(views[a].id < views[b].id for a, b, *_ in pairs)
    known = {(views[a].id, views[b].id) for a, b, *_ in pairs}
    again, _ = candidate_pairs(vectors, views, list(range(30, 40)), known, k=3, min_similarity=-1.0)
    assert not set(again) & set(pairs)


def test_a_date_on_one_side_only_lowers_confidence() -> None:
    dated = view(1, "The agreement on Sunday covers borders.", 1, event_date_text="Sunday")
    undated = view(2, "There is no agreement.", 2)
    factor, why = pair_confidence(dated, undated)
    assert factor < 1.0 and "Sunday" in why
    assert pair_confidence(undated, view(3, "We signed it.", 3))[1] == ""


def test_two_named_parties_rank_above_a_reporters_summary() -> None:
    denial = view(1, "There is no agreement.", 1, speaker="Iraq's National Security Advisory")
    named = view(2, "We signed an agreement.", 2, speaker="Ali Larijani")
    narration = view(3, "The two countries signed an agreement.", 3)
    assert pair_confidence(denial, named) == (1.0, "")
    assert pair_confidence(denial, narration)[0] < 1.0


def test_an_inherited_day_never_keeps_claims_apart_on_its_own() -> None:
    inherited = view(
        1, "There is no agreement.", 1, event_date_text="Wednesday", event_date_inherited=True
    )
    dated = view(2, "We signed the agreement on Monday.", 2, event_date_text="Monday")
    assert skip_reason(inherited, dated) is None
    assert pair_confidence(inherited, view(3, "We signed it.", 3))[0] < 1.0


def test_model_only_flags_need_aligned_claims_but_cues_do_not() -> None:
    vague = view(1, "Everything was destroyed by Russia.", 1)
    other = view(2, "It never mentions Moscow's invasion.", 2)
    floor = Tuning().model_alignment
    assert model_only_unaligned(vague, other, "cosine", similarity=0.42, floor=floor)
    assert not model_only_unaligned(vague, other, "cosine", similarity=0.65, floor=floor)
    denial = view(3, "There is no security agreement between the two countries.", 3)
    signed = view(4, "We signed an important security agreement with Iraq.", 4)
    assert not model_only_unaligned(denial, signed, "", similarity=0.42, floor=floor)


def test_a_shared_subject_or_predicate_aligns_a_model_only_flag_a_shared_measure_not() -> None:
    """Evidence replaces cosine: "asked the bank to lower rates" against "had asked Brandvik
    to cut rates" (one predicate family, cosine 0.39) may rest on the model, while "Castell
    won 8,204 votes" against "Finch finished third with 2,904 votes" (one measured thing,
    cosine 0.37, different roles) may not."""
    asked = view(1, "The government had asked the bank to lower rates.", 1)
    also = view(2, "The finance minister had asked Brandvik to cut rates in March.", 2)
    floor = Tuning().model_alignment
    assert not model_only_unaligned(asked, also, "predicate", similarity=0.39, floor=floor)
    assert not model_only_unaligned(asked, also, "entity", similarity=0.39, floor=floor)
    assert not model_only_unaligned(asked, also, "entity+predicate", similarity=0.1, floor=floor)
    won = view(3, "Castell won the seat comfortably.", 3)
    third = view(4, "Green Coast candidate Rhoda Finch finished third.", 4)
    assert model_only_unaligned(won, third, "measured", similarity=0.37, floor=floor)
    assert model_only_alignment("measured", 0.37) == model_only_alignment("cosine", 0.37)
    assert model_only_unaligned(won, third, "entity", similarity=0.15, floor=floor)


def test_a_forecast_against_a_statement_of_fact_ranks_lower() -> None:
    fact = ClaimView(1, "There is no bridge toll.", 1, speaker="The council")
    plan = ClaimView(2, "A bridge toll is expected to start in May.", 2, speaker="The mayor")
    also_fact = ClaimView(3, "Drivers pay a bridge toll.", 3, speaker="Drivers")
    factor, caveat = pair_confidence(fact, plan)
    assert factor == pytest.approx(0.85) and "forecast, plan or belief" in caveat
    assert pair_confidence(fact, also_fact) == (1.0, "")
