"""Export reviewed claims: schema.org ClaimReview JSON-LD (for fact-check feeds) or CSV.

A ClaimReview says which organisation reviewed which claim, where the review is published,
when, and with what rating; the claim itself (``itemReviewed``) names who made it (the
speaker, else the outlet), where it appeared and when. The fields are those Google's
ClaimReview documentation asks for (``claimReviewed``, ``reviewRating``, ``url``,
``author``, ``datePublished``, ``itemReviewed``), checked in tests/report/test_claimreview.py.

Rating vocabulary (1..5, 5 best): ``verified`` is 5, "Verified"; ``disputed`` is 3,
"Contradicted by another source": another source says otherwise and reviewers confirmed
the conflict, which is not a finding that the claim is false (1, never given here).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from sqlalchemy.orm import Session

from claims.config import Settings
from claims.errors import BadInput
from claims.report.escape import csv_cell
from claims.report.formats import EXPORT_FORMATS as FORMATS
from claims.report.serialise import dump, iso, web_url
from claims.review import reviewed_claims
from claims.types import CLAIM_STATUSES, AuditRecord, ClaimRecord, SourceRecord
from store import queries

REVIEWED = tuple(s for s in CLAIM_STATUSES if s != "unreviewed")
BEST, WORST = 5, 1


@dataclass(frozen=True)
class Rating:
    value: int
    name: str
    explanation: str


RATINGS = {
    "verified": Rating(5, "Verified", "Reviewers checked the claim against its sources."),
    "disputed": Rating(
        3,
        "Contradicted by another source",
        "Another source states otherwise and reviewers confirmed the conflict; "
        "the claim is not rated false.",
    ),
}


@dataclass(frozen=True)
class Publisher:
    """Who publishes the reviews and where: ``claimreview_url`` and ``claimreview_publisher``."""

    url: str
    name: str

    def review_url(self, claim_id: int) -> str:
        if "{id}" in self.url:
            return self.url.replace("{id}", str(claim_id))
        return f"{self.url}#claim-{claim_id}"

    def organization(self) -> dict[str, Any]:
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        return {
            "@type": "Organization",
            "name": self.name,
            "url": f"{parts.scheme}://{parts.netloc}/",
        }

    @classmethod
    def from_settings(cls, url: str | None, name: str | None) -> Publisher:
        """The publisher from settings, refusing what would make an unpublishable review."""
        if not url or not web_url(url):
            said = f"must be an http(s) address, not {url!r}" if url else "is not set"
            raise BadInput(
                f"{said} (where each review is published; {{id}}: the claim id)",
                option="claimreview_url",
            )
        if not name or not name.strip():
            raise BadInput("is not set (the organisation publishing the reviews)",
                           option="claimreview_publisher")  # fmt: skip
        return cls(url.strip(), name.strip())


CSV_COLUMNS = (
    "claim_id",
    "status",
    "text",
    "speaker",
    "outlet",
    "title",
    "published",
    "url",
    "path",
    "reviewed_by",
    "reviewed_at",
    "note",
)


def parse_statuses(value: str | None) -> tuple[str, ...]:
    """``verified,disputed`` as a tuple, refusing anything that is not a review verdict."""
    if not value:
        return REVIEWED
    wanted = tuple(dict.fromkeys(s.strip() for s in value.split(",") if s.strip()))
    bad = [s for s in wanted if s not in REVIEWED]
    if bad or not wanted:
        raise BadInput(f"takes {' and/or '.join(REVIEWED)}, not {value!r}", option="status")
    return wanted


def appearance(src: SourceRecord) -> dict[str, Any]:
    """Where the claim appeared: the source's web address, or its outlet and title, or (a
    local file with neither) its file name; never an empty CreativeWork."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    url = web_url(src.url)
    if url:
        work["url"] = url
    if src.title:
        work["headline"] = src.title
    if src.outlet:
        work["publisher"] = {"@type": "Organization", "name": src.outlet}
    if src.published and not src.published_approx:
        work["datePublished"] = src.published.isoformat()
    if not (url or src.title or src.outlet):
        work["name"] = PurePath(src.path).name
    return work


def claim_review(
    claim: ClaimRecord,
    entry: AuditRecord | None,
    publisher: Publisher,
    today: date | None = None,
    copies: Sequence[SourceRecord] = (),
) -> dict[str, Any]:
    """One claim as a schema.org ClaimReview object, published by ``publisher``; it appeared
    in its source and in each copy of it another outlet carried (``copies``)."""
    src = claim.source
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker:
        item["author"] = {"@type": "Person", "name": claim.speaker}
    elif src.outlet:
        item["author"] = {"@type": "Organization", "name": src.outlet}
    if src.published and not src.published_approx:  # "6 days ago" is no date to publish
        item["datePublished"] = src.published.isoformat()
    shown = [appearance(s) for s in (src, *copies)]
    item["appearance"] = [a for i, a in enumerate(shown) if a not in shown[:i]]
    rating = RATINGS[claim.status]
    reviewed = entry.at.date() if entry is not None else today or date.today()
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"claim-{claim.id}",
        "url": publisher.review_url(claim.id),
        "claimReviewed": claim.text,
        "datePublished": reviewed.isoformat(),
        "author": publisher.organization(),
        "publisher": publisher.organization(),
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": rating.name,
            "ratingExplanation": rating.explanation,
        },
    }
    if entry is not None and entry.note:
        review["reviewBody"] = entry.note
    return review


def _csv_row(claim: ClaimRecord, entry: AuditRecord | None) -> dict[str, Any]:
    src = claim.source
    return {
        "claim_id": claim.id,
        "status": claim.status,
        "text": claim.text,
        "speaker": claim.speaker or "",
        "outlet": src.outlet or "",
        "title": src.title or "",
        "published": iso(src.published) or "",
        "url": src.url or "",
        "path": src.path,
        "reviewed_by": entry.by if entry else "",
        "reviewed_at": entry.at.isoformat(timespec="seconds") + "Z" if entry else "",
        "note": (entry.note or "") if entry else "",
    }


def render_export(
    rows: Iterable[tuple[ClaimRecord, AuditRecord | None]],
    fmt: str,
    publisher: Publisher | None = None,
    copies: Mapping[int, Sequence[SourceRecord]] | None = None,
) -> str:
    """Reviewed claims with their latest verdict entries as ClaimReview JSON-LD (which
    needs its ``publisher``; ``copies`` by source id) or CSV."""
    if fmt == "claimreview":
        if publisher is None:
            raise BadInput("needs a publisher", option="claimreview_publisher")
        copies = copies or {}
        return dump(
            [claim_review(c, e, publisher, copies=copies.get(c.source.id, ())) for c, e in rows]
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC
    )
    writer.writeheader()
    writer.writerows(  # every text cell through csv_cell: no spreadsheet formulas
        {key: csv_cell(value) for key, value in _csv_row(c, e).items()} for c, e in rows
    )
    return buffer.getvalue()


def export(
    session: Session,
    fmt: str = "claimreview",
    status: str | None = None,
    settings: Settings | None = None,
) -> str:
    """Reviewed claims (by default verified and disputed) as ClaimReview JSON-LD, published
    as ``settings`` say (``claimreview_url``, ``claimreview_publisher``), or CSV."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    publisher, copies = None, None
    if fmt == "claimreview":
        settings = settings or Settings()
        publisher = Publisher.from_settings(
            settings.claimreview_url, settings.claimreview_publisher
        )
        copies = {s.source.id: s.copies for s in queries.sources(session) if s.copies}
    rows = reviewed_claims(session, parse_statuses(status))
    return render_export(rows, fmt, publisher, copies)
