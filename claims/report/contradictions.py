"""Contradiction reports: one stable JSON shape, rendered as text, markdown, JSON, HTML or CSV.

The JSON report is an interface other tools read: contradictions sorted by score (highest
first), each with its topic and both claims with their sources. Fields are only ever
added (``spans`` and ``history`` came with the review workflow), never renamed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from claims.errors import BadInput
from claims.report.serialise import entry_dict, pair_dict, span_list
from claims.types import PAIR_STATUSES
from store import queries
from store import review as review_store


@dataclass(frozen=True)
class Filters:
    """Which contradictions a report shows (every field optional; all must match)."""

    statuses: tuple[str, ...] = ()
    topic: str | None = None  # a topic id, or a piece of its label
    outlet: str | None = None  # a piece of either source's outlet name
    since: date | None = None  # either source published on or after this day
    min_score: float | None = None
    until: date | None = None  # either source published on or before this day

    @classmethod
    def parse(
        cls,
        status: str | None = None,
        topic: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        min_score: float | None = None,
        until: str | None = None,
    ) -> Filters:
        """Filters from command-line strings, refusing unknown statuses and bad dates."""
        statuses = tuple(s.strip() for s in (status or "").split(",") if s.strip())
        bad = [s for s in statuses if s not in PAIR_STATUSES]
        if bad:
            raise BadInput(f"unknown status {bad[0]!r}; choose from {', '.join(PAIR_STATUSES)}")
        day, last = _day(since, "since"), _day(until, "until")
        if min_score is not None and not 0.0 <= min_score <= 1.0:
            raise BadInput(f"must be between 0 and 1, not {min_score}", option="min_score")
        return cls(statuses, (topic or "").strip() or None, outlet or None, day, min_score, last)

    def query_args(self) -> dict[str, Any]:
        topic_id = int(self.topic) if self.topic and self.topic.isdigit() else None
        return {
            "statuses": self.statuses,
            "topic_id": topic_id,
            "topic_label": self.topic if topic_id is None else None,
            "outlet": self.outlet,
            "since": self.since,
            "until": self.until,
            "min_score": self.min_score,
        }

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set, JSON-ready (for the report header)."""
        data = asdict(self)
        data["statuses"] = list(self.statuses)
        data["since"] = self.since.isoformat() if self.since else None
        data["until"] = self.until.isoformat() if self.until else None
        return {k: v for k, v in data.items() if v not in (None, [])}


def _day(text: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise BadInput(f"must be a date (YYYY-MM-DD), not {text!r}", option=option) from None


def build_report(
    session: Session, limit: int | None = None, filters: Filters | None = None
) -> dict[str, Any]:
    """The report as plain data (the JSON interface), with spans and review history."""
    if limit is not None and limit < 0:
        raise BadInput(f"must be zero or more, not {limit}", option="limit")
    filters = filters or Filters()
    rows = queries.contradictions(session, limit=limit, **filters.query_args())
    claim_ids = [i for c in rows for i in (c.claim_a.id, c.claim_b.id)]
    past = review_store.history(session, claim_ids, [c.id for c in rows])
    items = []
    for c in rows:
        item = pair_dict(c)
        item["spans"] = [span_list(c.spans[0]), span_list(c.spans[1])]
        entries = [
            *past.get(("contradiction", c.id), []),
            *past.get(("claim", c.claim_a.id), []),
            *past.get(("claim", c.claim_b.id), []),
        ]
        item["history"] = [entry_dict(e) for e in sorted(entries, key=lambda e: e.id)]
        items.append(item)
    report: dict[str, Any] = {"contradictions": items}
    if filters.as_dict():
        report["filters"] = filters.as_dict()
    return report
