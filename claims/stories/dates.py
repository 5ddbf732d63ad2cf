"""A story's dates as a reader sees them, and the dates an undated article takes from it.

A story's first and last dates come only from the dates its articles state (a relative
"6 days ago" or an unknown date adds none), so an article that states no date of its own
can borrow them: they are its story's other articles' dates, never its own, the ingest's
day or another undated article's. Borrowed dates are shown as the story's, never as the
article's published date.
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


def borrowed(
    published: date | None, first: date | None, last: date | None
) -> tuple[date | None, date | None]:
    """The story dates an article takes: its story's range where the article states no
    date of its own, else none (its own date speaks for it)."""
    if published is not None or first is None or last is None:
        return None, None
    return first, last


def story_years(first: date | None, last: date | None) -> frozenset[int]:
    """The years a story's stated dates span (empty when it has none)."""
    if first is None or last is None:
        return frozenset()
    return frozenset(range(first.year, last.year + 1))
