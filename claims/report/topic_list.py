"""``claims topics``: the stories (topics) a reader browses, as text or JSON.

Each topic comes with its label, how many claims and articles it holds, the outlets that
published it (syndicated copies included), the range of its articles' published dates
(``unknown`` where none states one; undated articles counted) and its flags by status.
Most open flags first, so the listing doubles as a desk's to-do list by story.
"""

from __future__ import annotations

import textwrap
from typing import Any

from sqlalchemy.orm import Session

from claims.errors import BadInput
from claims.report.formats import LISTING_FORMATS
from claims.report.serialise import dump, iso
from claims.words import plural
from store.records import PAIR_STATUSES
from store.topic_overview import TopicOverview, topic_overview

WIDTH = 80  # text lines wrap here: outlets lists can be long


def overview_dict(t: TopicOverview) -> dict[str, Any]:
    """One topic as JSON (``id``, ``label`` and ``claims`` as the listing always had)."""
    return {
        "id": t.id,
        "label": t.label,
        "claims": t.claims,
        "articles": t.articles,
        "outlets": list(t.outlets),
        "dates": {"first": iso(t.first), "last": iso(t.last), "undated": t.undated},
        "flags": {status: t.flags.get(status, 0) for status in PAIR_STATUSES},
    }


def date_range(t: TopicOverview) -> str:
    """'2025-08-10 to 2025-08-12', one day, or 'unknown'; undated articles added."""
    if t.first is None or t.last is None:
        return "dates unknown"
    span = iso(t.first) if t.first == t.last else f"{iso(t.first)} to {iso(t.last)}"
    return f"{span}, {t.undated} undated" if t.undated else span


def topic_text(t: TopicOverview, width: int = WIDTH) -> str:
    """One topic as an indented block of lines at most ``width`` wide."""
    flags = " · ".join(f"{t.flags.get(s, 0)} {s}" for s in PAIR_STATUSES)
    lines = [
        f"#{t.id}  {t.label or '(no label)'}",
        f"{plural(t.articles, 'article')} · {plural(t.claims, 'claim')} · {date_range(t)}",
        f"flags: {flags}",
    ]
    if t.outlets:
        lines.append(f"outlets: {', '.join(t.outlets)}")
    indent = " " * 4
    wrapped = [
        textwrap.fill(line, width, initial_indent=indent if i else "", subsequent_indent=indent * 2)
        for i, line in enumerate(lines)
    ]
    return "\n".join(wrapped)


def topics(session: Session, fmt: str = "text", flagged: bool = False, width: int = WIDTH) -> str:
    """Every topic (with ``flagged``, those with a flag of any status) in ``fmt``."""
    if fmt not in LISTING_FORMATS:
        raise BadInput(f"unknown format {fmt!r}; choose text or json")
    rows = [t for t in topic_overview(session) if not flagged or any(t.flags.values())]
    if fmt == "json":
        return dump({"topics": [overview_dict(t) for t in rows]})
    if not rows:
        return "no topics"
    head = f"{plural(len(rows), 'story', 'stories')}, most open flags first"
    return "\n\n".join([head, *(topic_text(t, width) for t in rows)])
