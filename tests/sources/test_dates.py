"""Page dates: stamps, relative dates and their anchors (never the day of the ingest)."""

from __future__ import annotations

from datetime import date

import pytest

from claims.sources.dates import PageDate, leading_date, parse_markup_date, parse_stamp
from claims.sources.pages import split_page

LISTING = """Latest news
Valley Post
7 hours ago
- Politics
- Valley Post
River crossings reopen after the border pact
The two countries signed a border pact on Monday, officials said, ending months of talks.

Metro Ledger
12-08-2025
- Politics
- Metro Ledger
Border pact draws criticism from farmers
Farmers on both banks said the new patrols would cut them off from their fields.
"""


def test_relative_dates_of_a_listing_without_anchor_are_unknown() -> None:
    articles = split_page(LISTING, "listing.txt", None)
    assert articles is not None
    assert [(a.outlet, a.published, a.published_approx) for a in articles] == [
        ("Valley Post", None, False),  # "7 hours ago" with nothing to count back from
        ("Metro Ledger", date(2025, 8, 12), False),
    ]


def test_relative_dates_of_a_listing_count_back_from_the_saved_day() -> None:
    articles = split_page(LISTING, "listing.txt", None, date(2025, 8, 20))
    assert articles is not None and articles[0].published == date(2025, 8, 20)
    assert articles[0].published_approx


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: 12 August 2025", ("published", date(2025, 8, 12), False)),
        ("Posted on March 20, 2023", ("published", date(2023, 3, 20), False)),
        ("Tuesday, 12 August 2025 10:32 GMT", ("published", date(2025, 8, 12), False)),
        ("Aug. 12, 2025, 3:04 p.m. ET", ("published", date(2025, 8, 12), False)),
        ("Last updated 12.08.2025 14:00", ("updated", date(2025, 8, 12), False)),
        ("Veröffentlicht am 12.08.2025", ("published", date(2025, 8, 12), False)),
        ("Updated 3 hours ago", ("updated", None, True)),
        ("March 20, 2023 was the day the minister resigned", None),
        ("The talks resumed on Monday", None),
    ],
)
def test_parse_stamp(line: str, expected: tuple | None) -> None:
    found = parse_stamp(line, None)
    assert ((found[0], found[1].value, found[1].approx) if found else None) == expected


def test_page_date_published_is_approximate_only_when_dated() -> None:
    assert PageDate(None, True).published == (None, False)
    assert PageDate(date(2025, 1, 2), True).published == (date(2025, 1, 2), True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T23:30:00-05:00", date(2024, 3, 5)),
        ("Tue, 05 Mar 2024 08:00:00 GMT", date(2024, 3, 5)),
        ("March 5, 2024", date(2024, 3, 5)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_markup_date(value: str, expected: date | None) -> None:
    assert parse_markup_date(value) == expected


def test_leading_date_needs_a_year_and_nothing_but_a_time_after_it() -> None:
    assert leading_date("12 August 2025 | 10:32 AM EDT") == date(2025, 8, 12)
    assert leading_date("12 August") is None
    assert leading_date("12 August 2025 talks in Paris") is None


def test_an_unknown_published_day_gives_no_event_year() -> None:
    """Event-year alignment reads stated or anchored dates only: "last year" of an undated
    article is no year at all (it was the ingest day's year before)."""
    from claims.detect.events import event_years

    articles = split_page(LISTING, "listing.txt", None)
    assert articles is not None and articles[0].published is None
    assert event_years("Last year the river flooded the valley.", articles[0].published) == set()
    assert event_years("The river flooded in 2023.", articles[0].published) == {2023}
