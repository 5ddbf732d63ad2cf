"""The queue's filters as a page's query string: parsed leniently (a bad value is dropped
and named, never an error page) and written back into every link, so the pair page's
next/previous walk the same queue the reviewer filtered. ``topic`` is the story filter
(a topic is an article's story); ``sort=story`` groups the queue by story."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from claims.types import PAIR_STATUSES
from claims.web.ids import checked_id, page_number
from store.desk import QueueFilter

DEFAULT_STATUS = "open"
PER_PAGE = 25
KEYS = ("status", "kind", "topic", "outlet", "since", "until", "min_score", "sort")
SORTS = ("-score", "score", "story")  # score highest first, lowest first; by story


@dataclass(frozen=True)
class QueueArgs:
    """The queue a page shows: the store's filter, the page, and what was set, as text."""

    filter: QueueFilter
    page: int
    values: dict[str, str]  # the filters in effect, as the form shows them
    dropped: list[str] = field(default_factory=list)  # values that were not understood

    def query(self, **changes: object) -> str:
        """The query string of these filters (page 1 unless given), with ``changes``."""
        values = {**self.values, **{k: str(v) for k, v in changes.items() if v is not None}}
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _score(text: str) -> float | None:
    if not text:
        return None
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(text)
    return value


def parse(args: MultiDict[str, str]) -> QueueArgs:
    """Query-string values to a ``QueueArgs``; ``status`` defaults to open (``all``: any)."""
    raw = {k: (args.get(k) or "").strip() for k in KEYS}
    raw["status"] = raw["status"] or DEFAULT_STATUS
    raw["sort"] = raw["sort"] if raw["sort"] in SORTS else "-score"
    dropped: list[str] = []

    def take(key: str, convert):  # noqa: ANN001, ANN202 - a converter and what it returns
        try:
            return convert(raw[key])
        except ValueError:
            dropped.append(f"{key}={raw[key]!r}")
            raw[key] = ""
            return None

    if raw["status"] not in (*PAIR_STATUSES, "all"):
        dropped.append(f"status={raw['status']!r}")
        raw["status"] = DEFAULT_STATUS
    topic = take("topic", checked_id)
    since, until = take("since", _day), take("until", _day)
    min_score = take("min_score", _score)
    page = page_number(args.get("page"), PER_PAGE)
    status = raw["status"]
    queue = QueueFilter(
        statuses=() if status == "all" else (status,),
        kinds=(raw["kind"],) if raw["kind"] else (),
        topic_id=topic,
        outlet=raw["outlet"] or None,
        since=since,
        until=until,
        min_score=min_score,
        ascending=raw["sort"] == "score",
        by_story=raw["sort"] == "story",
    )
    return QueueArgs(queue, page, {k: v for k, v in raw.items() if v}, dropped)
