"""Plain records: what the stages read and write, and what the store hands out.

store/ copies ORM rows to and from these frozen dataclasses, so nothing outside store/ sees
a row or a session. ``claims.types`` re-exports them next to the stage protocols. The
status names are here too: they are values the store keeps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

CLAIM_STATUSES = ("unreviewed", "verified", "disputed")
PAIR_STATUSES = ("open", "confirmed", "dismissed")
Span = tuple[int, int] | None


@lru_cache(maxsize=65536)
def frame_dict(frame: str | None) -> dict[str, Any]:
    """A frame's JSON as a dict (empty when the claim was not framed); cached, read-only."""
    return json.loads(frame) if frame else {}


def proposition_of(text: str, frame: str | None) -> str:
    return str(frame_dict(frame).get("proposition") or text)


@dataclass(frozen=True)
class Article:
    """One article as read from a source file (a file may hold several)."""

    text: str
    path: str
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    published_approx: bool = False  # True for "6 days ago"-style dates
    url: str | None = None
    author: str | None = None
    external_id: str | None = None
    line: int = 1  # 1-based line of the file where ``text`` starts


@dataclass(frozen=True)
class Attribution:
    """Who asserts a sentence, how, and when the event it reports happened."""

    speaker: str | None = None
    speech: str | None = None  # "direct" | "reported" | None
    event_date: date | None = None
    event_date_text: str | None = None  # the words it was resolved from ("on Monday")
    event_date_approx: bool = False
    event_date_inherited: bool = False  # taken from the article's one event day, not the claim


@dataclass(frozen=True)
class SentenceDraft:
    """A sentence of an article: kept as a claim, or dropped with a reason."""

    text: str
    start: int  # character offsets into Article.text
    end: int
    drop_reason: str | None = None
    attribution: Attribution = field(default_factory=Attribution)
    frame: str | None = None  # JSON of the claim's frame (claims.extract.frames), if framed

    @property
    def proposition(self) -> str:
        """What the sentence claims, attribution removed (the sentence when not framed)."""
        return proposition_of(self.text, self.frame)

    @property
    def kept(self) -> bool:
        return self.drop_reason is None


@dataclass(frozen=True)
class ClaimView:
    """What a contradiction scorer needs to know of one claim."""

    id: int
    text: str
    source_id: int
    speaker: str | None = None
    event_date: date | None = None
    event_date_text: str | None = None
    event_date_approx: bool = False
    event_date_inherited: bool = False
    published: date | None = None
    frame: str | None = None  # JSON of the claim's frame, if framed
    # an undated article's story's stated dates (its other articles'), never its own
    story_first: date | None = None
    story_last: date | None = None

    @property
    def proposition(self) -> str:
        """What the claim asserts, attribution removed (the sentence when not framed)."""
        return proposition_of(self.text, self.frame)


@dataclass(frozen=True)
class Verdict:
    """A scorer's judgement of one candidate pair.

    ``score`` is the probability-like strength of the contradiction (0..1); the pipeline
    flags the pair when it reaches the configured threshold. ``spans`` are character
    ranges in each claim's text that conflict, when the scorer can name them.
    ``entailment`` is P(a entails b) and P(b entails a) where the scorer reads them (None:
    not read; a direction it did not score, None), so that a paraphrase that entails both
    ways is told from a conflict (``claims.detect.corroborate``).
    """

    score: float
    kind: str  # negation | numeric | temporal | terminology | denial | other | none
    explanation: str
    spans: tuple[Span, Span] = (None, None)
    model: str = ""
    entailment: tuple[float, float | None] | None = None


@dataclass(frozen=True)
class Flag:
    """A pair to store as a contradiction (``claim_a_id`` < ``claim_b_id``)."""

    claim_a_id: int
    claim_b_id: int
    score: float
    kind: str
    explanation: str
    spans: tuple[Span, Span]
    model: str


@dataclass(frozen=True)
class SourceRecord:
    """A stored article (canonical, or a copy pointing at its canonical one)."""

    id: int
    path: str
    line: int
    title: str | None
    outlet: str | None
    published: date | None
    published_approx: bool = False
    url: str | None = None
    author: str | None = None
    canonical_id: int | None = None
    # where ``published`` is unknown: the dates its story's other articles state
    story_first: date | None = None
    story_last: date | None = None


@dataclass(frozen=True)
class TopicRecord:
    """A topic with its label and how many claims it holds now."""

    id: int
    label: str
    claims: int = 0


@dataclass(frozen=True)
class ClaimRecord:
    """A stored claim with its source and topic, for reports and review."""

    id: int
    text: str
    text_hash: str
    start: int
    end: int
    speaker: str | None
    speech: str | None
    event_date: date | None
    event_date_text: str | None
    status: str
    source: SourceRecord
    topic: TopicRecord | None
    newlines_before: int = 0  # line breaks in the source text before the claim
    frame: str | None = None  # JSON of the claim's frame, if framed


@dataclass(frozen=True)
class PairRecord:
    """A stored contradiction with both claims."""

    id: int
    score: float
    kind: str
    status: str
    explanation: str
    model: str
    spans: tuple[Span, Span]
    claim_a: ClaimRecord
    claim_b: ClaimRecord
    ingest_id: int


@dataclass(frozen=True)
class AuditRecord:
    """One review change as the append-only log holds it (``at`` is naive UTC)."""

    id: int
    at: datetime
    by: str
    entity: str  # "claim" | "contradiction"
    entity_id: int
    field: str
    old_value: str | None
    new_value: str | None
    note: str | None


@dataclass(frozen=True)
class SourceListing:
    """A canonical article with its claim count and the copies folded into it."""

    source: SourceRecord
    claims: int
    copies: tuple[SourceRecord, ...] = ()


@dataclass(frozen=True)
class StoredTopic:
    """A topic as the assigner needs it: centroid (float32 bytes) and size."""

    id: int
    label: str
    size: int
    centroid: bytes
