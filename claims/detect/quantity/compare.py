"""`compare`: the conflict between two sentences' figures, if their figures cannot both hold.

Why: a contradiction hidden in re-expressed figures ("3,000 hectares" / "12 square
kilometres", "nearly half of the 46 workers" / "eleven workers", "no injuries" / "four
treated in hospital") is one the NLI model rarely sees, while two different figures for two
roles (a demand and an offer), two events or two moments (an update) are not conflicts at
all. Figures are aligned on what they measure, converted with pint, widened by their
approximation words and a small tolerance, and only then tested.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claims.detect.quantity import signals
from claims.detect.quantity.align import count_relation, measure_relation
from claims.detect.quantity.explain import complement_view, explain, thing_label
from claims.detect.quantity.extract import COMPARABLE, Quantity, existentials, find_quantities
from claims.detect.quantity.tokens import tokenize
from claims.detect.quantity.units import convert

TOLERANCE = 0.03  # rounding between re-expressed figures ("5.2 metres" / "520 centimetres")


@dataclass(frozen=True)
class QuantityConflict:
    """Two figures that cannot both be true: how sure (0..1), where, about what, and why."""

    strength: float
    span_a: tuple[int, int]
    span_b: tuple[int, int]
    measured: str
    explanation: str
    figure_a: str = ""  # the words of each figure, as written
    figure_b: str = ""


def _comparable(q: Quantity) -> bool:
    return q.kind in COMPARABLE and q.measured is not None and q.role is None


def _as_share(q: Quantity) -> Quantity:
    """A part of a stated whole seen as its share in percent (to meet "turnout was 41%")."""
    if q.share is None or q.kind == "share":
        return q
    low, high = q.share
    return replace(q, value=(low * 100, min(high, 1.0) * 100), kind="share", unit="percent")


def _relation(a: Quantity, b: Quantity) -> tuple[str, float, Quantity, Quantity] | None:
    """How `a` and `b` must relate, with the two figures in comparable form, or None."""
    if "whole" in (a.part, b.part) and a.part != b.part:
        return None
    if a.kind == "count" and b.kind == "count":
        if a.negated != b.negated:
            return None
        found = count_relation(a, b)
        return (found[0], found[1], a, b) if found else None
    if a.kind == "count" or b.kind == "count":
        a, b = _as_share(a), _as_share(b)
        if "count" in (a.kind, b.kind):
            return None
    if a.negated != b.negated and a.unit == "percent" == b.unit:
        b = replace(b, value=(100 - b.high, 100 - b.low), negated=a.negated)
    elif a.negated != b.negated:
        return None
    found = measure_relation(a, b)
    return (found[0], found[1], a, b) if found else None


def _in_units_of(b: Quantity, a: Quantity) -> tuple[float, float]:
    """`b`'s interval expressed in `a`'s unit."""
    if a.unit is None or b.unit is None or a.unit == b.unit:
        return b.value
    return convert(b.low, b.unit, a.unit), convert(b.high, b.unit, a.unit)


def _gap(a: tuple[float, float], b: tuple[float, float], relation: str) -> float:
    """How far apart two intervals are after tolerance (0: compatible; up to 1: far apart)."""
    if relation == "a<b":
        low, high = a[0], b[1]
    elif relation == "b<a":
        low, high = b[0], a[1]
    else:
        low, high = max(a[0], b[0]), min(a[1], b[1])
    if low <= high * (1 + TOLERANCE) + 1e-9:
        return 0.0
    return 1.0 - high / low if low > 0 else 0.0


def _stance_gap(a: Quantity, b: Quantity) -> float | None:
    """ "7 of the 9 voted for" vs "4 voted against": those against are at most 9 - 7."""
    for x, y in ((a, b), (b, a)):
        whole = 100.0 if x.unit == "percent" == y.unit else x.whole if x.part == "part" else None
        if whole and x.stance and y.stance and x.stance != y.stance:
            return _gap((y.low, y.high), (0.0, whole - x.low), "a<b")
    return None


@dataclass(frozen=True)
class _Match:
    """Two aligned figures: how far apart (0: compatible), how sure, and how to show them."""

    gap: float
    confidence: float
    shown_a: Quantity
    shown_b: Quantity


def _pair_gap(a: Quantity, b: Quantity) -> _Match | None:
    """The comparison of an aligned pair, or None if the two figures are not aligned."""
    found = _relation(a, b)
    if found is None:
        return None
    relation, confidence, a2, b2 = found
    if a.when and b.when and not a.when & b.when:
        return None  # two moments: "by noon" / "by evening", "on Monday" / "on Tuesday"
    if a.stance != b.stance and a.stance and b.stance:
        stance = _stance_gap(a, b)
        if stance is None:
            return None
        return _Match(stance, confidence, *complement_view(a, b))
    return _Match(_gap(a2.value, _in_units_of(b2, a2), relation), confidence, a2, b2)


def _frames_differ(a: str, b: str) -> bool:
    """Updates, two events, or two named parties: figures that may differ without conflict."""
    if signals.is_update(a, b) or signals.is_update(b, a):
        return True
    if signals.event_marks(a) != signals.event_marks(b):
        return True
    ta, tb = tokenize(a), tokenize(b)
    na = signals.names(ta, signals.attribution(ta))
    nb = signals.names(tb, signals.attribution(tb))
    return bool(na and nb and not na & nb)


def compare(a: str, b: str) -> QuantityConflict | None:
    """The strongest conflict between the figures of sentences `a` and `b`, or None."""
    if _frames_differ(a, b):
        return None
    qa = [q for q in find_quantities(a) if _comparable(q)]
    qb = [q for q in find_quantities(b) if _comparable(q)]
    if any(q.high == 0 for q in qa):
        qb += [q for q in existentials(b) if _comparable(q)]
    if any(q.high == 0 for q in qb):
        qa += [q for q in existentials(a) if _comparable(q)]
    found = {
        (i, j): m for i, x in enumerate(qa) for j, y in enumerate(qb) if (m := _pair_gap(x, y))
    }
    best: QuantityConflict | None = None
    for (i, j), match in found.items():
        fits_a = any(m.gap == 0 for (i2, _), m in found.items() if i2 == i)
        fits_b = any(m.gap == 0 for (_, j2), m in found.items() if j2 == j)
        if match.gap == 0 or fits_a or fits_b:
            continue
        strength = round(match.confidence * (0.6 + 0.4 * min(1.0, match.gap / 0.5)), 3)
        if best is None or strength > best.strength:
            x, y = qa[i], qb[j]
            line = explain(match.shown_a, match.shown_b, _in_units_of(match.shown_b, match.shown_a))
            best = QuantityConflict(strength, x.span, y.span, thing_label(x), line, x.text, y.text)
    return best
