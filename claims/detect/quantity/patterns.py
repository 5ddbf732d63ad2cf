"""The first pass over a sentence: each figure's tokens, interval, type, unit and head noun.

Why a pass of its own: the shapes of a figure ("nearly half of the 46 workers", "one in five
buses", "half a percentage point", "a 40-metre section", "no injuries", "aged 45") are read
token by token from where the figure starts; what the figure is about is settled later, once
every figure of the sentence is known and each one's clause can be bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claims.detect.quantity.lexicon import (
    CURRENCY_WORDS,
    MONTHS,
    ORDINALS,
    PERSON_NOUNS_FOR_AGE,
    SCALES,
    UNIT_WORDS,
    WEEKDAYS,
)
from claims.detect.quantity.measured import compound_end, noun_phrase
from claims.detect.quantity.numbers import NumberSpan, number_at
from claims.detect.quantity.tokens import Token, can_be_noun, is_plural_noun
from claims.detect.quantity.units import per_time_at, unit_at

_SIGNS = frozenset("€$£¥")
_DETERMINERS = frozenset(["the", "its", "their", "his", "her", "our", "a", "an", "this", "these"])
_NOT_ZERO = frozenset("longer more less fewer sooner doubt one".split())
_TIME_WORDS = frozenset(["am", "pm", "a", "p", "gmt", "bst", "utc", "cet", "hrs", "o'clock"])


@dataclass
class Raw:
    """A figure as first read: tokens [start, end), interval, kind and where its noun is."""

    start: int
    end: int
    low: float
    high: float
    kind: str
    approx: str | None = None
    unit: str | None = None
    head: int | None = None
    mods: list[int] = field(default_factory=list)
    after: int = 0
    whole: float | None = None
    share: tuple[float, float] | None = None
    part: str = "plain"
    thing_hint: str | None = None


def _typed(tokens: list[Token], ns: NumberSpan) -> str | None:
    """'year', 'date', 'time', 'age' or 'label' for figures that never compare with counts."""
    first = tokens[ns.start]
    prev = tokens[ns.start - 1] if ns.start else None
    nxt = tokens[ns.end] if ns.end < len(tokens) else None
    nxt_low = nxt.low if nxt else ""
    single = ns.end - ns.start == 1 and first.is_digit and not ns.approx
    plain = single and "," not in first.text and "." not in first.text
    counted = nxt is not None and (
        nxt_low in UNIT_WORDS or (nxt.is_word and not nxt.glued and is_plural_noun(nxt_low))
    )
    if plain and 1900 <= ns.low <= 2100 and not counted:
        return "year"
    by_month = nxt is not None and nxt_low in MONTHS and nxt.text[0].isupper()
    if plain and ns.low <= 31 and (by_month or (prev is not None and prev.low in MONTHS)):
        return "date"
    clock = nxt is not None and (nxt_low == ":" or nxt_low in _TIME_WORDS)
    if first.is_digit and clock and (nxt_low != "a" or nxt.glued):  # type: ignore[union-attr]
        return "time"
    return _age_or_label(tokens, ns, prev, nxt)


def _age_or_label(
    tokens: list[Token], ns: NumberSpan, prev: Token | None, nxt: Token | None
) -> str | None:
    """Ages ("aged 45", "45-year-old", "Kessler, 57,", "children under five") and labels."""
    end = ns.end
    words = [t.low for t in tokens[end : end + 5]]
    if words[:4] == ["-", "year", "-", "old"] or words[:2] in (["years", "old"], ["year", "old"]):
        return "age"
    if prev and prev.low in ("aged", "age"):
        return "age"
    if words[:2] in (["-", "years"], ["-", "year"]) and words[2:4] == ["-", "old"]:
        return "age"
    appositive = prev and prev.text == "," and nxt and nxt.text in (",", ")")
    if appositive and ns.start >= 2 and tokens[ns.start - 2].text[0].isupper():
        return "age"  # "Kessler, 57, ..."
    if ns.approx in ("under", "over") and prev and prev.low in PERSON_NOUNS_FOR_AGE:
        return "age"  # "children under five"
    if nxt and nxt.glued and nxt.low in ("s", "st", "nd", "rd", "th"):
        return "ordinal" if nxt.low != "s" else "year"
    if prev and prev.low in ("number", "no", "route", "line", "flight", "gate", "platform"):
        return "label"
    if prev and prev.is_word and prev.glued and tokens[ns.start].is_digit:
        return "label"
    if nxt and nxt.text == "-" and nxt.glued and ns.end + 1 < len(tokens):
        other = tokens[ns.end + 1]
        if other.is_digit and other.glued and float(other.text.replace(",", "")) <= ns.low:
            return "label"  # a score, "3-1"
    if prev and prev.is_word and prev.text[0].isupper() and ns.start > 1 and not ns.approx:
        low = prev.low
        if low not in MONTHS and low not in WEEKDAYS and low not in CURRENCY_WORDS:
            return "label"
    return None


def _scaled_fraction(tokens: list[Token], ns: NumberSpan) -> tuple[NumberSpan, str | None]:
    """ "half a million", "a quarter of a million", "half a percentage point": scale a share."""
    k = ns.end
    if k < len(tokens) and tokens[k].low == "of":
        k += 1
    if k >= len(tokens) or tokens[k].low not in ("a", "an"):
        return ns, None
    k += 1
    if k < len(tokens) and (word := tokens[k].low) in (*SCALES, "dozen"):
        mult = 12.0 if word == "dozen" else SCALES[word]
        return NumberSpan(ns.start, k + 1, ns.low * mult, ns.high * mult, ns.approx), None
    unit = unit_at(tokens, k)
    if unit is None:
        return ns, None
    return NumberSpan(ns.start, unit.end, ns.low, ns.high, ns.approx), unit.unit


def _after_of(tokens: list[Token], k: int, text: str) -> tuple[int, NumberSpan | None]:
    """After "of": skip determiners and possessors; the whole's number there, if stated."""
    while k < len(tokens) and (
        tokens[k].low in _DETERMINERS or tokens[k].low.endswith(("'s", "’s"))
    ):
        k += 1
    if k < len(tokens) and (whole := number_at(tokens, k, text)) and not whole.fraction:
        return k, whole
    return k, None


def _part_of_whole(
    tokens: list[Token], ns: NumberSpan, share: tuple[float, float], k: int, text: str
) -> list[Raw]:
    """ "nearly half of the 46 workers", "30% of the 200 homes", "60% of bus services"."""
    k, whole = _after_of(tokens, k + 1, text)
    if whole is None:
        found = noun_phrase(tokens, k)
        raw = Raw(ns.start, found[1] if found else k, share[0] * 100, share[1] * 100, "share")
        raw.unit, raw.approx, raw.share = "percent", ns.approx, share
        if found:
            raw.head, raw.mods, raw.after = found[0], found[2], found[1]
        return [raw]
    rest = _unit_or_noun(tokens, whole, text)
    part = Raw(ns.start, rest.end, share[0] * whole.low, share[1] * whole.high, rest.kind)
    part.approx, part.unit, part.whole, part.share = ns.approx, rest.unit, whole.low, share
    part.head, part.mods, part.after, part.part = rest.head, rest.mods, rest.after, "part"
    rest.part = "whole"
    return [part, rest]


def _unit_or_noun(tokens: list[Token], ns: NumberSpan, text: str) -> Raw:
    """A number with what follows it: a unit (and rate), a money word, or a counted noun."""
    k = ns.end
    hyphen = k < len(tokens) and tokens[k].text == "-" and tokens[k].glued
    unit = unit_at(tokens, k + hyphen)
    if unit is not None:
        raw = Raw(ns.start, unit.end, ns.low, ns.high, "money" if unit.money else "measure")
        raw.approx, raw.unit = ns.approx, unit.unit
        if rate := per_time_at(tokens, unit.end):
            raw.unit, raw.end = f"{unit.unit} / {rate[0]}", rate[1]
        if hyphen and (found := noun_phrase(tokens, compound_end(tokens, unit.start))):
            raw.head, raw.mods, raw.after = found[0], found[2], found[1]
            raw.end = found[1]
        return raw
    raw = Raw(ns.start, ns.end, ns.low, ns.high, "count", ns.approx)
    found = noun_phrase(tokens, k)
    if found:
        raw.head, raw.mods, raw.after, raw.end = found[0], found[2], found[1], found[1]
        if rate := per_time_at(tokens, found[1]):
            raw.unit, raw.kind, raw.end = f"1 / {rate[0]}", "measure", rate[1]
    raw.after = max(raw.after, raw.end)
    return raw


def _one_unit_at(tokens: list[Token], i: int) -> Raw | None:
    """ "a full percentage point", "a percentage point", "a basis point": one unit."""
    if tokens[i].low not in ("a", "one"):
        return None
    k = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].low in ("full", "whole", "single"))
    unit = unit_at(tokens, k)
    if unit is None or unit.unit not in ("percentage_point", "basis_point"):
        return None
    return Raw(i, unit.end, 1.0, 1.0, "measure", unit=unit.unit)


def _zero_at(tokens: list[Token], i: int) -> Raw | None:
    """ "no injuries", "none of the X", "nobody", "no one", "not a single X" as a zero count."""
    word = tokens[i].low
    nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
    if word == "nobody" or (word == "no" and nxt == "one") or (word == "none" and nxt != "of"):
        end = i + 1 + (word == "no")
        raw = Raw(i, end, 0.0, 0.0, "count", thing_hint="nobody")
        raw.after = end
        return raw
    if word == "none" and nxt == "of":
        k, _ = _after_of(tokens, i + 2, "")
    elif word == "no" and nxt not in _NOT_ZERO and tokens[i].text != "No." and nxt != ".":
        k = i + 1
    elif word == "not" and nxt in ("a", "one") and i + 2 < len(tokens):
        k = i + 2 + (tokens[i + 2].low == "single")
    else:
        return None
    found = noun_phrase(tokens, k)
    if found is None or not can_be_noun(tokens[found[0]].low):
        return None
    raw = Raw(i, found[1], 0.0, 0.0, "count")
    raw.head, raw.mods, raw.after = found[0], found[2], found[1]
    return raw


def _ordinal_at(tokens: list[Token], i: int) -> Raw | None:
    """ "second evacuation", "third": ordinals, typed apart so they never compare."""
    word = tokens[i].low
    if word not in ORDINALS or (word == "second" and i and tokens[i - 1].is_digit):
        return None
    return Raw(i, i + 1, ORDINALS[word], ORDINALS[word], "ordinal")


def figures_at(tokens: list[Token], i: int, text: str) -> list[Raw]:
    """Every figure that starts at token `i` (a part with its whole is two); [] if none."""
    if zero := _zero_at(tokens, i):
        return [zero]
    if one := _one_unit_at(tokens, i):
        return [one]
    sign = tokens[i].text in _SIGNS and i + 1 < len(tokens)
    ns = number_at(tokens, i + sign, text)
    if ns is None:
        ordinal = _ordinal_at(tokens, i)
        return [ordinal] if ordinal else []
    if typed := _typed(tokens, ns):
        return [Raw(ns.start, ns.end, ns.low, ns.high, typed, ns.approx)]
    if sign:
        raw = _unit_or_noun(tokens, ns, text)
        raw.start, raw.kind, raw.unit = i, "money", CURRENCY_WORDS[tokens[i].text]
        return [raw]
    return _shaped(tokens, ns, text)


def _shaped(tokens: list[Token], ns: NumberSpan, text: str) -> list[Raw]:
    """Fractions, "N in M", "N of the M X", percentages of a whole, or a plain figure."""
    unit = None
    if ns.fraction:
        ns, unit = _scaled_fraction(tokens, ns)
    k = ns.end
    if unit:
        raw = Raw(ns.start, ns.end, ns.low, ns.high, "measure", ns.approx, unit)
        return [raw]
    nxt = tokens[k].low if k < len(tokens) else ""
    if ns.fraction and nxt == "of":
        return _part_of_whole(tokens, ns, (ns.low, ns.high), k, text)
    if nxt == "in" and k + 1 < len(tokens) and not ns.fraction:
        other = number_at(tokens, k + 1, text)
        if other and other.low >= ns.high > 0 and not other.approx:
            ratio = NumberSpan(ns.start, other.end, ns.low / other.low, ns.high / other.low)
            has_of = other.end < len(tokens) and tokens[other.end].low == "of"
            at_of = other.end if has_of else other.end - 1
            shaped = _part_of_whole(tokens, ratio, (ratio.low, ratio.high), at_of, text)
            shaped[0].approx = ns.approx
            return shaped
    if ns.fraction:
        return []  # a bare "quarter" ("the quarter-point cut") is not a figure of its own
    unit_match = unit_at(tokens, k)
    after_unit = unit_match.end if unit_match else k
    percent = unit_match is not None and unit_match.unit == "percent"
    if percent and after_unit < len(tokens) and tokens[after_unit].low == "of":
        share = (ns.low / 100, min(ns.high / 100, 1.0))
        return _part_of_whole(tokens, ns, share, after_unit, text)
    if nxt == "of" and not unit_match:
        k2, whole = _after_of(tokens, k + 1, text)
        if whole and whole.low >= ns.high:
            rest = _unit_or_noun(tokens, whole, text)
            part = Raw(ns.start, rest.end, ns.low, ns.high, rest.kind, ns.approx, rest.unit)
            part.whole, part.part, part.share = whole.low, "part", (ns.low / whole.low,) * 2
            part.head, part.mods, part.after = rest.head, rest.mods, rest.after
            rest.part = "whole"
            return [part, rest]
        found = noun_phrase(tokens, k2)
        if found and whole is None:
            raw = Raw(ns.start, found[1], ns.low, ns.high, "count", ns.approx, part="part")
            raw.head, raw.mods, raw.after = found[0], found[2], found[1]
            return [raw]
    return [_unit_or_noun(tokens, ns, text)]
