"""A story's dates as a reader sees them, and the years they span.

A story's first and last dates come only from the dates its articles state (a relative
"6 days ago" or an unknown date adds none), so an article that states no date of its own
can borrow them: they are its story's other articles' dates, never its own, the ingest's
day or another undated article's. Borrowed dates are shown as the story's ("unknown (story:
Aug 2025)"), never as the article's published date, and stand in for its year where the
event-year guard needs one (``claims.detect.events``).
"""

from __future__ import annotations

from datetime import date


def date_range(first: date | None, last: date | None) -> str:
    """ "Aug 2025", "Aug–Sep 2025", "Dec 2024–Jan 2025", or "" when undated."""
    if first is None or last is None:
        return ""
    a, b = first.strftime("%b %Y"), last.strftime("%b %Y")
    if a == b:
        return a
    if first.year == last.year:
        return f"{first.strftime('%b')}–{b}"
    return f"{a}–{b}"


def story_years(first: date | None, last: date | None) -> frozenset[int]:
    """The years a story's stated dates span (empty when it has none)."""
    if first is None or last is None:
        return frozenset()
    return frozenset(range(first.year, last.year + 1))
