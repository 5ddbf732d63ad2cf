"""ClaimReview a fact-checking site could publish (issue 25 item 5), checked against the
fields schema.org's ClaimReview has and Google's ClaimReview documentation asks for."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from claims.config import resolve
from claims.errors import BadInput
from claims.report.export import RATINGS, Publisher, claim_review, render_export
from claims.types import AuditRecord, ClaimRecord, SourceRecord

PUBLISHER = Publisher("https://checks.example/claims/{id}", "Gulf Fact Desk")
# schema.org property -> the type its value must have (a nested object's @type), for
# every property the export writes; Google's required and recommended fields below.
SCHEMA = {
    "ClaimReview": {"@context", "@type", "identifier", "url", "claimReviewed", "datePublished",
                    "author", "publisher", "itemReviewed", "reviewRating", "reviewBody"},
    "Claim": {"@type", "author", "datePublished", "appearance"},
    "CreativeWork": {"@type", "url", "headline", "publisher", "datePublished", "name"},
    "Rating": {"@type", "ratingValue", "bestRating", "worstRating", "alternateName",
               "ratingExplanation"},
    "Organization": {"@type", "name", "url"},
    "Person": {"@type", "name"},
}  # fmt: skip
REQUIRED = {"claimReviewed", "reviewRating", "url", "author", "datePublished", "itemReviewed"}


def record(
    status: str, url: str | None = None, outlet: str | None = None, speaker: str | None = None
) -> ClaimRecord:
    source = SourceRecord(
        id=1, path="/tmp/in/wire-0423.txt", line=1, title=None, outlet=outlet,
        published=date(2025, 8, 20), url=url,
    )  # fmt: skip
    return ClaimRecord(
        7, "The storm killed 45 people.", "h", 0, 1, speaker, None, None, None, status, source,
        None,
    )  # fmt: skip


def entry(note: str | None = "checked") -> AuditRecord:
    at = datetime(2025, 8, 21, 10, 0)
    return AuditRecord(1, at, "alice", "claim", 7, "status", "unreviewed", "disputed", note)


def check_types(value: object, where: str = "ClaimReview") -> None:
    """Every object has a known @type and only properties schema.org gives that type."""
    if isinstance(value, list):
        for x in value:
            check_types(x, where)
        return
    if not isinstance(value, dict):
        return
    kind = value["@type"]
    assert kind in SCHEMA, f"{where}: unknown type {kind}"
    assert set(value) <= SCHEMA[kind], f"{kind}: {set(value) - SCHEMA[kind]}"
    for key, sub in value.items():
        check_types(sub, f"{kind}.{key}")


@pytest.mark.parametrize(
    ("claim", "shown"),
    [
        (record("verified", url="https://example.org/a", speaker="Ann"), {"url"}),
        (record("disputed", outlet="Gulf Wire"), {"publisher"}),
        (record("disputed"), {"name"}),  # a file with no outlet, title or URL
    ],
)
def test_claimreview_has_every_field_google_asks_for(claim: ClaimRecord, shown: set) -> None:
    review = claim_review(claim, entry(), PUBLISHER)
    check_types(review)
    assert set(review) >= REQUIRED and review["@context"] == "https://schema.org"
    assert review["url"] == "https://checks.example/claims/7"
    assert review["author"] == review["publisher"] == {
        "@type": "Organization", "name": "Gulf Fact Desk", "url": "https://checks.example/",
    }  # fmt: skip
    assert review["datePublished"] == "2025-08-21"
    rating = review["reviewRating"]
    assert {"ratingValue", "bestRating", "worstRating", "alternateName"} <= set(rating)
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2025-08-20"
    assert item["appearance"] and all(shown <= set(a) for a in item["appearance"])
    assert "/tmp" not in json.dumps(item)  # a file is named, never its absolute path


def test_appearance_lists_the_source_and_every_copy_of_it() -> None:
    from dataclasses import replace

    claim = record("verified", url="https://example.org/a", outlet="Wire")
    copy = replace(claim.source, id=2, url="https://mirror.example/a", outlet="Mirror")
    local = replace(claim.source, id=3, url=None, outlet=None)
    review = claim_review(claim, entry(), PUBLISHER, copies=[copy, local, copy])
    shown = review["itemReviewed"]["appearance"]
    assert [a.get("url") for a in shown] == [
        "https://example.org/a", "https://mirror.example/a", None,
    ]  # fmt: skip
    assert shown[2] == {"@type": "CreativeWork", "datePublished": "2025-08-20",
                        "name": "wire-0423.txt"}  # fmt: skip
    check_types(review)


def test_an_approximate_or_unknown_date_is_not_published() -> None:
    from dataclasses import replace

    claim = record("verified", outlet="Wire")
    for source in (
        replace(claim.source, published_approx=True),
        replace(claim.source, published=None),
    ):
        item = claim_review(replace(claim, source=source), entry(), PUBLISHER)["itemReviewed"]
        assert "datePublished" not in item and "datePublished" not in item["appearance"][0]


def test_contradicted_by_another_source_does_not_read_as_false() -> None:
    disputed = claim_review(record("disputed"), entry(), PUBLISHER)["reviewRating"]
    verified = claim_review(record("verified"), entry(), PUBLISHER)["reviewRating"]
    assert disputed["alternateName"] == "Contradicted by another source"
    assert disputed["worstRating"] < disputed["ratingValue"] < verified["ratingValue"]
    assert verified["ratingValue"] == verified["bestRating"]
    assert "false" not in disputed["alternateName"].lower()
    assert set(RATINGS) == {"verified", "disputed"}


def test_url_and_publisher_come_from_settings_and_are_required() -> None:
    env = {
        "CLAIMS_CLAIMREVIEW_URL": "https://checks.example/review",
        "CLAIMS_CLAIMREVIEW_PUBLISHER": "Env Desk",
    }
    settings = resolve(env=env)
    publisher = Publisher.from_settings(settings.claimreview_url, settings.claimreview_publisher)
    assert publisher.review_url(3) == "https://checks.example/review#claim-3"
    flagged = resolve(claimreview_publisher="Flag Desk", env=env)
    assert flagged.claimreview_publisher == "Flag Desk"
    for url, name in ((None, "Desk"), ("javascript:alert(1)", "Desk"), ("https://x.example", " ")):
        with pytest.raises(BadInput):
            Publisher.from_settings(url, name)
    with pytest.raises(BadInput):
        render_export([(record("verified"), entry())], "claimreview")
