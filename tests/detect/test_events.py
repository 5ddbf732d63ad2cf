"""Event years: claims placed in different years are two events, not a contradiction."""

from __future__ import annotations

from datetime import date

from claims.detect.events import different_years, event_years
from claims.detect.guards import skip_reason
from claims.types import ClaimView

PUB = date(2026, 5, 4)


def test_the_main_clause_year_is_the_event_year() -> None:
    assert event_years("A storm in March 2021 flattened the pier.", PUB) == {2021}
    assert event_years("During 2019 the mine closed twice.", PUB) == {2019}
    assert event_years("The pier was flattened on Sunday.", PUB) == {2026}
    assert event_years("The ferry sank last year.", PUB) == {2025}
    assert event_years("No year and no date here.", None) == frozenset()


def test_years_that_bound_or_qualify_are_not_event_years() -> None:
    assert event_years("Fares have been frozen since 2022.", PUB) == {2026}
    assert event_years("The lease runs until 2030.", PUB) == {2026}
    assert event_years("A 2024 audit found gaps in the ledger.", PUB) == {2026}
    text = "The council was warned by inspectors, who visited the site in 2023."
    assert event_years(text, PUB) == {2026}


def test_claims_in_disjoint_years_are_different_events() -> None:
    old = "A flood in 2017 cut the village off for a week."
    new = "The flood cut the village off for two days."
    assert different_years(old, PUB, new, PUB) == ({2017}, {2026})
    assert different_years(new, PUB, "Water reached the square.", PUB) is None
    a = ClaimView(1, old, 1, published=PUB)
    b = ClaimView(2, new, 2, published=PUB)
    assert skip_reason(a, b) == "different events (in 2017 vs in 2026)"


def test_articles_years_apart_without_a_shared_year_are_different_events() -> None:
    a = ClaimView(1, "The two sides signed a border pact.", 1, published=date(2023, 3, 19))
    b = ClaimView(2, "There is no border pact between them.", 2, published=date(2025, 8, 27))
    assert skip_reason(a, b) == "different events (in 2023 vs in 2025)"
    recap = ClaimView(3, "In 2023 the two sides signed a border pact.", 3, published=PUB)
    assert skip_reason(a, recap) is None


def test_an_undated_claim_takes_its_storys_years_but_never_for_last_year() -> None:
    story = frozenset({2025})
    assert event_years("The pier was flattened on Sunday.", None, story) == {2025}
    assert event_years("A storm in March 2021 flattened the pier.", None, story) == {2021}
    assert event_years("The ferry sank last year.", None, story) == frozenset()
    assert event_years("The pier was flattened on Sunday.", PUB, story) == {2026}


def test_the_guard_reads_an_undated_claims_story_years_only_when_it_has_no_date() -> None:
    recap = ClaimView(1, "In 2023 the two sides signed a border pact.", 1, published=PUB)
    undated = ClaimView(2, "There is no border pact between them.", 2)
    in_story = ClaimView(
        2,
        undated.text,
        2,
        story_first=date(2025, 8, 10),
        story_last=date(2026, 1, 3),
    )
    assert skip_reason(recap, undated) is None, "an unknown year is no other event"
    assert skip_reason(recap, in_story) == "different events (in 2023 vs in 2025, 2026)"
    span = {"story_first": date(2022, 12, 1), "story_last": date(2023, 1, 5)}
    spanning = ClaimView(3, "The pact was signed on Sunday.", 3, **span)  # type: ignore[arg-type]
    assert skip_reason(recap, spanning) is None, "a story spanning 2023 may hold the 2023 event"
