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
    CONTRASTS,
    EVENT_PARENT,
    EXTENTS,
    GENERIC_PEOPLE,
    LIGHT_VERBS,
    ORDINALS,
    PERSON_HEADS,
)
from claims.detect.quantity.measured import canonical
from claims.detect.quantity.units import dimension

# Clause words too common to show that two figures are about the same thing.
_WEAK = frozenset("year day week month time last first people say report".split())


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
    """How the reported events relate: 'same', 'a<b', 'b<a', 'none' (no event to go by),
    or None when they differ ("rescued 12" / "60 were evacuated", "died" / "were hurt")."""
    ma, mb = a.measured, b.measured
    assert ma is not None and mb is not None
    ca, cb = ma.event_class, mb.event_class
    if ca is None and cb is None:
        return "none"
    if ca is None or cb is None:
        known, other = (mb, ma) if ca is None else (ma, mb)
        if known.class_scanned or not other.predicate or other.predicate in LIGHT_VERBS:
            return "none"  # a class read off the clause, or no action on the other side
        return None
    if ca == cb:
        return "same"
    if cb in _ancestors(ca):
        return "a<b"
    if ca in _ancestors(cb):
        return "b<a"
    return None


def _ancestors(cls: str) -> set[str]:
    """The broader classes an event class sits under ("hospital" -> hurt, casualty)."""
    out: set[str] = set()
    while (cls := EVENT_PARENT.get(cls, "")) and cls not in out:
        out.add(cls)
    return out


def _combine(first: str, second: str) -> str | None:
    """Join two relations: a subgroup on either side stays one, opposite ones cancel out."""
    if first == "same":
        return second
    if second == "same" or second == first:
        return first
    return None


def _verbs_differ(a: Quantity, b: Quantity) -> bool:
    """Both counts say what was done, from the same side, and not the same thing.

    Verbs on two sides of the figure ("12 were rescued" / "crews rescued 12") are only
    told apart when the clauses share little else.
    """
    ma, mb = a.measured, b.measured
    assert ma is not None and mb is not None
    pa, pb = ma.predicate, mb.predicate
    if not pa or not pb or pa in LIGHT_VERBS or pb in LIGHT_VERBS:
        return False
    if ma.predicate_before == mb.predicate_before:
        return pa != pb
    # "complaints were lodged" / "the office received complaints" may be one event told from
    # its two ends: only a clause that shares little else keeps them apart
    return pa != pb and len(overlap(a, b) - {canonical(ma.thing), canonical(mb.thing)}) < 2


def contrasted(a: Quantity, b: Quantity) -> bool:
    """The clauses qualify their subjects in opposite ways ("the old stadium" / "the new
    stadium", "in the north" / "in the south", "the first wave" / "a second wave")."""
    wa = a.measured.words | a.measured.modifiers if a.measured else frozenset()
    wb = b.measured.words | b.measured.modifiers if b.measured else frozenset()
    for x, y in CONTRASTS:
        if (x in wa and y in wb and y not in wa) or (y in wa and x in wb and x not in wa):
            return True
    oa, ob = wa & frozenset(ORDINALS), wb & frozenset(ORDINALS)
    return bool(oa and ob and not oa & ob)


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
    if heads is None or events is None or contrasted(a, b):
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


def _attributes(q: Quantity) -> frozenset[str]:
    """Which extent a length measures (height, depth, width, length), from its clause words."""
    m = q.measured
    if m is None or q.unit is None or dimension(q.unit) != dimension("meter"):
        return frozenset()
    words = m.words | m.modifiers | {m.thing}
    return frozenset(name for name, cues in EXTENTS.items() if words & cues)


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
    if contrasted(a, b):
        return None
    same_thing = _head_relation(a, b) == "same"
    pa, pb = ma.predicate, mb.predicate
    acts = pa and pb and pa not in LIGHT_VERBS and pb not in LIGHT_VERBS
    if a.unit == "percent" == b.unit:  # "60% of teachers felt" / "20% of teachers planned"
        if a.kind == "share" == b.kind and not (acts and pa == pb):
            return None  # two shares of one whole: compatible unless one action is shared
        return ("same", 0.9) if same_thing and not (acts and pa != pb) else None
    if _attributes(a) and _attributes(b) and not _attributes(a) & _attributes(b):
        return None  # "peaked at 5.2 metres" against "40 metres wide"
    if ma.direct and mb.direct and not same_thing:
        return None  # "2.5 tonnes of cocaine" / "250 kilograms of heroin"
    if same_thing:  # "the flight was delayed by 3 hours" / "the flight lasted 9 hours"
        told_apart = acts and pa != pb and not (ma.direct and mb.direct)
        return None if told_apart else ("same", 0.9)
    if pa and pa == pb and pa not in LIGHT_VERBS and overlap(a, b):
        return "same", 0.8
    return None
