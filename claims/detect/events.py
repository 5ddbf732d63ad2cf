"""Event years: when the main clause of a claim says its event happened.

Two claims of one kind about events in different years ("A fire at the works in August
2023 injured three" / "40 people were injured" in a 2026 report) are two events, not a
contradiction. A claim's event years are the years its main clause places it in ("in
2023", "in August 2023", "last year"), else the year its article was published. Years that
only bound or qualify something ("since 2022", "until 2028", "a 2024 report", a year in a
relative clause) are not event years. A claim of an article that states no date takes the
years its story's other articles state (``claims.stories.dates``), as its article's year.
"""

from __future__ import annotations

import re
from datetime import date

from claims.stories.dates import story_years
from claims.types import ClaimView

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_IN_YEAR = re.compile(
    rf"\b(?:in|during)\s+(?:(?:early|late|mid-?)\s*)?(?:{_MONTH}\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_LAST_YEAR = re.compile(r"\b(?P<which>last|this)\s+year\b", re.IGNORECASE)
# A relative or subordinate clause: years after it describe something else.
_SUBCLAUSE = re.compile(r",?\s+\b(?:who|which|whose|where|after|before|because|when)\b", re.I)


def event_years(
    text: str, published: date | None, story: frozenset[int] = frozenset()
) -> frozenset[int]:
    """The years a claim's main clause places its event in; its article's year otherwise.

    An article that states no date falls back on ``story``, the years its story's other
    articles' stated dates span, except where the clause says "last year" or "this year":
    those need the article's own year, which a story's other articles do not give."""
    cut = _SUBCLAUSE.search(text)
    main = text[: cut.start()] if cut else text
    years = {int(m.group("year")) for m in _IN_YEAR.finditer(main)}
    relative = list(_LAST_YEAR.finditer(main))
    if published is not None:
        for m in relative:
            years.add(published.year - (m.group("which").lower() == "last"))
    if years:
        return frozenset(years)
    if published is not None:
        return frozenset({published.year})
    return frozenset() if relative else story


def different_years(
    a: str,
    a_published: date | None,
    b: str,
    b_published: date | None,
    a_story: frozenset[int] = frozenset(),
    b_story: frozenset[int] = frozenset(),
) -> tuple[frozenset[int], frozenset[int]] | None:
    """The two claims' event years when they share none (two events), else None."""
    ya, yb = event_years(a, a_published, a_story), event_years(b, b_published, b_story)
    if ya and yb and not ya & yb:
        return ya, yb
    return None


def story_years_of(view: ClaimView) -> frozenset[int]:
    """The years an undated claim's story states (empty for a dated claim's)."""
    return story_years(view.story_first, view.story_last) if view.published is None else frozenset()
