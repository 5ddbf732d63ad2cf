"""Time expressions of a claim: spaCy's DATE/TIME entities, cleaned and marked by role.

The small model's entities need a filter: it calls ages ("58-year-old"), counts ("under five",
"57") and fractions ("roughly a quarter") dates. An entity is kept when one of its words names
a time (a weekday, month, part of day, unit of time, clock time or year). Adjacent entities
are joined ("Friday" + "afternoon"), and each is marked as dating the proposition ("event") or
the attribution ("report": the "on Friday" of "the hospital said on Friday").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claims.extract.frame.record import TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CLOCK = re.compile(r"^\d{1,2}(?:[.:]\d{2})?(?:am|pm|a\.m\.|p\.m\.)$|^\d{1,2}:\d{2}$", re.I)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec day days week weeks weekend month months year years decade "
    "century season summer winter spring autumn holiday holidays morning afternoon evening "
    "night midnight noon today tonight yesterday tomorrow hour hours minute minutes am pm "
    "a.m. p.m. weekday weekdays fortnight overnight dawn dusk lunchtime daybreak".split()
)


def _timely(tokens: list[Token]) -> bool:
    """A DATE/TIME entity that names a time (not "58-year-old", "under five", "57")."""
    if any(t.lower_ == "old" for t in tokens):
        return False
    return any(
        t.lower_ in _TIME_WORDS
        or (t.text.isdigit() and len(t.text) == 4 and 1800 <= int(t.text) <= 2199)
        or _CLOCK.match(t.text)
        for t in tokens
    )


def times(doc: Doc, content: set[int]) -> tuple[TimeExpr, ...]:
    """Time expressions from spaCy's DATE/TIME entities, adjacent ones joined ("Friday" +
    "afternoon"), each marked as dating the proposition or the attribution."""
    merged: list[list[int]] = []  # [start token, end token]
    labels: list[str] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or not _timely(list(ent)):
            continue
        if merged and merged[-1][1] == ent.start:
            merged[-1][1] = ent.end
            continue
        merged.append([ent.start, ent.end])
        labels.append(ent.label_)
    out = []
    for (start, end), label in zip(merged, labels, strict=True):
        span = doc[start:end]
        inside = all(i in content for i in range(start, end))
        out.append(
            TimeExpr(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                label=label,
                role="event" if inside else "report",
            )
        )
    return tuple(out)
