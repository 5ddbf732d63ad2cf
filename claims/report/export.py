"""Export reviewed claims: schema.org ClaimReview JSON-LD (for fact-check feeds) or CSV.

A ClaimReview says who reviewed which claim, when, and with what rating; the claim itself
(``itemReviewed``) names who made it (the speaker, else the outlet), where and when.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from claims.errors import BadInput
from claims.report.escape import csv_cell
from claims.report.formats import EXPORT_FORMATS as FORMATS
from claims.report.serialise import dump, iso, web_url
from claims.review import reviewed_claims
from claims.types import CLAIM_STATUSES, AuditRecord, ClaimRecord

REVIEWED = tuple(s for s in CLAIM_STATUSES if s != "unreviewed")
# ClaimReview ratings on a 1..5 scale: a verified claim is rated true, a disputed one false.
RATINGS = {"verified": 5, "disputed": 1}
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


def claim_review(claim: ClaimRecord, entry: AuditRecord | None) -> dict[str, Any]:
    """One claim as a schema.org ClaimReview object."""
    src = claim.source
    url = web_url(src.url)
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker:
        item["author"] = {"@type": "Person", "name": claim.speaker}
    elif src.outlet:
        item["author"] = {"@type": "Organization", "name": src.outlet}
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if src.title:
        appearance["headline"] = src.title
    if url:
        appearance["url"] = url
    if src.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": src.outlet}
    item["appearance"] = appearance
    if src.published:
        item["datePublished"] = src.published.isoformat()
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"claim-{claim.id}",
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": claim.status,
            "ratingValue": RATINGS[claim.status],
            "bestRating": 5,
            "worstRating": 1,
        },
    }
    if entry is not None:
        review["datePublished"] = entry.at.date().isoformat()
        review["author"] = {"@type": "Person", "name": entry.by}
        if entry.note:
            review["reviewBody"] = entry.note
    if url:
        review["url"] = url
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


def render_export(rows: Iterable[tuple[ClaimRecord, AuditRecord | None]], fmt: str) -> str:
    """Reviewed claims with their latest verdict entries as ClaimReview JSON-LD or CSV."""
    if fmt == "claimreview":
        return dump([claim_review(c, e) for c, e in rows])
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC
    )
    writer.writeheader()
    writer.writerows(  # every text cell through csv_cell: no spreadsheet formulas
        {key: csv_cell(value) for key, value in _csv_row(c, e).items()} for c, e in rows
    )
    return buffer.getvalue()


def export(session: Session, fmt: str = "claimreview", status: str | None = None) -> str:
    """Reviewed claims (by default verified and disputed) as ClaimReview JSON-LD or CSV."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return render_export(reviewed_claims(session, parse_statuses(status)), fmt)
