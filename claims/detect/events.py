"""Event years: when the main clause of a claim says its event happened.

Two claims of one kind about events in different years ("A fire at the works in August
2023 injured three" / "40 people were injured" in a 2026 report) are two events, not a
contradiction. A claim's event years are the years its main clause places it in ("in
2023", "in August 2023", "last year"), else the year its article was published. Years that
only bound or qualify something ("since 2022", "until 2028", "a 2024 report", a year in a
relative clause) are not event years.
"""

from __future__ import annotations

import re
from datetime import date

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


def event_years(text: str, published: date | None) -> frozenset[int]:
    """The years a claim's main clause places its event in; its article's year otherwise."""
    cut = _SUBCLAUSE.search(text)
    main = text[: cut.start()] if cut else text
    years = {int(m.group("year")) for m in _IN_YEAR.finditer(main)}
    if published is not None:
        for m in _LAST_YEAR.finditer(main):
            years.add(published.year - (m.group("which").lower() == "last"))
    if years:
        return frozenset(years)
    return frozenset({published.year}) if published is not None else frozenset()


def different_years(
    a: str, a_published: date | None, b: str, b_published: date | None
) -> tuple[frozenset[int], frozenset[int]] | None:
    """The two claims' event years when they share none (two events), else None."""
    ya, yb = event_years(a, a_published), event_years(b, b_published)
    if ya and yb and not ya & yb:
        return ya, yb
    return None
