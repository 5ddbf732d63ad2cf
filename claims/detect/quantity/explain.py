"""One line per conflict that a reader can check against the two sentences.

Why: a flag is only useful when a reviewer sees at once which figures clash and why, e.g.
"20.7–23 workers ('Nearly half of the 46 workers') vs 11 workers ('Eleven workers')" or
"at least 8,000 hectares vs 1,800–2,200 hectares ('roughly 20 square kilometres')": both
figures as intervals in one unit, what they count, and the words each came from.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from claims.detect.quantity.extract import Quantity
from claims.detect.quantity.lexicon import EVENT_NOUNS
from claims.detect.quantity.units import pretty

_INF = float("inf")
_CLASS_WORDS = {"hospital": "in hospital", "strike": "on strike", "advocated": "advocating"}
_SHOWN_AS = {"nobody": "people", "toll": "deaths", "one": "people"}
_NO_PLURAL = frozenset(
    "people staff personnel aircraft injured dead wounded missing deaths".split()
)


@functools.lru_cache(maxsize=4096)
def _plural(noun: str) -> str:
    from lemminflect import getInflection

    if noun in _NO_PLURAL:
        return noun
    forms = getInflection(noun, tag="NNS")
    return forms[0] if forms else noun


def thing_label(q: Quantity) -> str:
    """What a figure counts or measures, with its event ("people hurt", "fee")."""
    m = q.measured
    if m is None:
        return ""
    thing = _SHOWN_AS.get(m.thing, m.thing)
    if m.thing in EVENT_NOUNS or q.kind != "count":
        return thing
    event = m.event or (_CLASS_WORDS.get(m.event_class, m.event_class) if m.event_class else "")
    return f"{thing} {event}".strip()


def _number(v: float) -> str:
    if v == _INF:
        return "∞"
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.2f}".rstrip("0").rstrip(".") + " million"
    if abs(v) >= 100 or v == int(v):
        return f"{v:,.0f}"
    shown = f"{v:,.2f}" if abs(v) < 10 else f"{v:,.1f}"
    return shown.rstrip("0").rstrip(".")


def _interval(low: float, high: float) -> str:
    if _number(low) == _number(high):
        return _number(low)
    if high == _INF:
        return f"at least {_number(low)}"
    if low == 0:
        return f"at most {_number(high)}"
    return f"{_number(low)}–{_number(high)}"


def _describe(q: Quantity, value: tuple[float, float], unit: str | None) -> str:
    """ "12 people injured", "1,800–2,200 hectares ('roughly 20 square kilometres')"."""
    number = _interval(*value)
    if q.kind == "count" and q.measured is not None:
        m = q.measured
        thing = _SHOWN_AS.get(m.thing, m.thing)
        noun = thing if value[0] == 1 and value[1] in (1, _INF) else _plural(thing)
        label = thing_label(q).replace(thing, noun, 1)
        shown = f"{number} {label}"
    else:
        shown = f"{number}{'' if unit == 'percent' else ' '}{pretty(unit) if unit else ''}"
    same = q.text.lower() in shown.lower() or shown.lower().startswith(q.text.lower())
    return shown if same else f"{shown} ('{q.text}')"


def explain(a: Quantity, b: Quantity, b_value: tuple[float, float]) -> str:
    """ "<figure a> vs <figure b>", b shown in a's unit."""
    unit = a.unit if a.unit and b.unit else b.unit
    return f"{_describe(a, a.value, a.unit)} vs {_describe(b, b_value, unit)}"


def complement_view(a: Quantity, b: Quantity) -> tuple[Quantity, Quantity]:
    """Show "7 of the 9 voted for" against "4 voted against" as "at most 2 (9 - 7 for)"."""
    share = a.unit == "percent" == b.unit
    part, other = (a, b) if share or (a.whole and a.part == "part") else (b, a)
    whole = 100.0 if share else part.whole
    assert whole is not None
    rest = replace(
        part,
        value=(0.0, whole - part.low),
        text=f"{_number(whole)} - {_number(part.low)} {part.stance}: {part.text}",
        stance=other.stance,
    )
    return (rest, other) if part is a else (other, rest)
