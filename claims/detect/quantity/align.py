"""Whether two figures are about the same thing, and how their counts must relate.

Why: "40 people hurt" and "12 injured" are one count; "no firefighters hurt" and "40 people
hurt" are a part and its whole (a subgroup never outnumbers the group, but may be smaller);
"4 treated in hospital" is a part of "hurt"; "8,204 votes" for one candidate and "2,904
votes" for another are two counts. The relation returned tells the comparator which test to
apply: "same" (the intervals must meet), "a<b" or "b<a" (the first must not exceed the second).
"""

from __future__ import annotations

from claims.detect.quantity.extract import Quantity
from claims.detect.quantity.lexicon import (
    CARRIER_HEADS,
    EVENT_PARENT,
    GENERIC_PEOPLE,
    HEAD_SYNONYMS,
    LIGHT_VERBS,
    PERSON_HEADS,
)
from claims.detect.quantity.units import dimension

# Clause words too common to show that two figures are about the same thing.
_WEAK = frozenset("year day week month time last first people say report".split())


def canonical(word: str) -> str:
    """One representative for each synonym set, so "jail" and "prison" compare equal."""
    for group in HEAD_SYNONYMS:
        if word in group:
            return min(group)
    return word


def _bag(q: Quantity) -> frozenset[str]:
    m = q.measured
    assert m is not None
    return frozenset(canonical(w) for w in m.words | m.modifiers | {m.thing}) - _WEAK


def overlap(a: Quantity, b: Quantity) -> frozenset[str]:
    """Content words (synonyms folded) the two figures' clauses share."""
    return _bag(a) & _bag(b)


def _head_relation(a: Quantity, b: Quantity) -> str | None:
    """How the counted heads relate: 'same', 'a<b' (a counts a subgroup of b), or None."""
    ma, mb = a.measured, b.measured
    assert ma is not None and mb is not None
    ta, tb = canonical(ma.thing), canonical(mb.thing)
    ga, gb = ta in GENERIC_PEOPLE, tb in GENERIC_PEOPLE
    if ta == tb or (ga and gb):
        return "same"
    also_a = {canonical(w) for w in ma.also}
    also_b = {canonical(w) for w in mb.also}
    if tb in also_a or ta in also_b:
        return "same"  # "2,300 drivers and maintenance staff" / "900 staff": one workforce
    if ga and tb in PERSON_HEADS:
        return "b<a"
    if gb and ta in PERSON_HEADS:
        return "a<b"
    if (ta in CARRIER_HEADS and tb in ma.modifiers) or (tb in CARRIER_HEADS and ta in mb.modifiers):
        return "same"
    return None


def _event_relation(a: Quantity, b: Quantity) -> str | None:
    """How the reported events relate ('same', 'a<b', 'b<a'); 'none' when neither has one."""
    ca = a.measured.event_class if a.measured else None
    cb = b.measured.event_class if b.measured else None
    if ca is None and cb is None:
        return "none"
    if ca == cb:
        return "same"
    if ca and EVENT_PARENT.get(ca) == cb:
        return "a<b"
    if cb and EVENT_PARENT.get(cb) == ca:
        return "b<a"
    return None


def _combine(first: str, second: str) -> str | None:
    """Join two relations: a subgroup on either side stays one, opposite ones cancel out."""
    if first == "same":
        return second
    if second == "same" or second == first:
        return first
    return None


def _verbs_differ(a: Quantity, b: Quantity) -> bool:
    """Both counts say what their people or things did, and it is not the same thing."""
    pa = a.measured.predicate if a.measured and a.measured.event else None
    pb = b.measured.predicate if b.measured and b.measured.event else None
    if not pa or not pb or pa in LIGHT_VERBS or pb in LIGHT_VERBS:
        return False
    return pa != pb


def count_relation(a: Quantity, b: Quantity) -> tuple[str, float] | None:
    """(relation, confidence) for two counts about the same thing, or None.

    Without an event class on either side, the clauses must share a content word and must
    not report two different actions ("7 voted for" / "2 pushed for"); a part of a stated
    whole only meets a plain count that reports the same event ("needed hospital treatment"
    / "were taken to hospital"), since the plain count may be the whole itself.
    """
    ma, mb = a.measured, b.measured
    assert ma is not None and mb is not None
    heads = _head_relation(a, b)
    events = _event_relation(a, b)
    if heads is None or events is None:
        return None
    if events == "none":
        shared = overlap(a, b) - {canonical(ma.thing), canonical(mb.thing)}
        if not shared or _verbs_differ(a, b):
            return None
        if (a.part == "part") != (b.part == "part") and ma.predicate != mb.predicate:
            return None
        relation, confidence = heads, 0.8
    else:
        relation, confidence = _combine(heads, events) or "", 0.95
    if not relation:
        return None
    return relation, confidence if ma.thing == mb.thing else confidence - 0.1


def measure_relation(a: Quantity, b: Quantity) -> tuple[str, float] | None:
    """('same', confidence) for two measures, shares or amounts of one thing, or None.

    Shares must be shares of the same thing ("one in five buses" / "60% of bus services");
    other measures must name the same thing or the same action ("a 40-metre section fell" /
    "a quarter of its 300-metre length fell").
    """
    if a.unit is None or b.unit is None or dimension(a.unit) != dimension(b.unit):
        return None
    ma, mb = a.measured, b.measured
    assert ma is not None and mb is not None
    same_thing = _head_relation(a, b) == "same"
    if a.unit == "percent" == b.unit:
        return ("same", 0.9) if same_thing else None
    if same_thing:
        return "same", 0.9
    pa, pb = ma.predicate, mb.predicate
    if pa and pa == pb and pa not in LIGHT_VERBS and overlap(a, b):
        return "same", 0.8
    return None
