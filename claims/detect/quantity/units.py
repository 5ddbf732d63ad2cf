"""The pint unit registry the comparator converts with, and unit words after a number.

Why pint: conversions between hectares and square kilometres, metres and centimetres, weeks
and days come from its definitions, not from a table kept here. Three definitions are added:
the percentage point and the basis point (a hundredth of one) get a dimension of their own,
because a percentage point is a difference of two percentages and not a ratio like "percent";
and each currency is its own dimension, so money never compares with a count or with money
in another currency (no exchange rates are known offline).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.detect.quantity.lexicon import (
    CURRENCY_WORDS,
    PER_WORDS,
    TIME_UNITS,
    UNIT_PHRASES,
    UNIT_WORDS,
)
from claims.detect.quantity.tokens import Token

if TYPE_CHECKING:
    import pint

_DEFINITIONS = (
    # No symbols ("_"): pint already has 'pp' and 'bp' (printer's and big points), and
    # redefining them logs a warning on every run; ``lexicon`` maps the words to these names.
    "percentage_point = [percentage_difference] = _ = percentage_points",
    "basis_point = 0.01 * percentage_point = _ = basis_points",
    "euro = [currency_euro] = EUR",
    "dollar = [currency_dollar] = USD",
    "pound_sterling = [currency_pound] = GBP",
    "yen = [currency_yen] = JPY",
    "franc = [currency_franc] = CHF",
    "crown = [currency_crown] = SEK",
)


@functools.cache
def registry() -> pint.UnitRegistry:
    """The registry, built once on first use (about half a second), with the definitions above."""
    import pint

    reg = pint.UnitRegistry(cache_folder=None)
    for line in _DEFINITIONS:
        reg.define(line)
    return reg


def dimension(unit: str) -> str:
    """A key that is equal for two units exactly when pint can convert between them."""
    return str(registry().parse_units(unit).dimensionality)


def convert(value: float, unit: str, to: str) -> float:
    """`value` in `unit`, expressed in `to` (same dimension)."""
    if value in (float("inf"), 0.0):
        return value
    return float(registry().Quantity(value, unit).to(to).magnitude)


def pretty(unit: str) -> str:
    """A short readable name of a pint unit ("square kilometre" for 'kilometer ** 2')."""
    names = {
        "kilometer ** 2": "square kilometres", "meter ** 2": "square metres",
        "mile ** 2": "square miles", "meter ** 3": "cubic metres", "metric_ton": "tonnes",
        "percent": "%", "percentage_point": "percentage points", "basis_point": "basis points",
        "pound_sterling": "pounds", "pound": "lb",
    }  # fmt: skip
    if unit in names:
        return names[unit]
    if " / " in unit:
        top, bottom = unit.split(" / ", 1)
        return f"{pretty(top) if top != '1' else ''} a {bottom.replace('_', ' ')}".strip()
    return unit.replace("_", " ").replace("meter", "metre").replace("liter", "litre") + "s"


@dataclass(frozen=True)
class UnitMatch:
    """A unit found after (or, for currency signs, before) a number: tokens [start, end)."""

    unit: str
    start: int
    end: int
    money: bool


def unit_at(tokens: list[Token], i: int) -> UnitMatch | None:
    """The unit that starts at token `i` ("square kilometres", "%", "euros"), if any."""
    if i >= len(tokens):
        return None
    if i + 1 < len(tokens):
        pair = (tokens[i].low, tokens[i + 1].low)
        if pair in UNIT_PHRASES:
            return UnitMatch(UNIT_PHRASES[pair], i, i + 2, False)
    word = tokens[i].low
    if word in CURRENCY_WORDS:
        return UnitMatch(CURRENCY_WORDS[word], i, i + 1, True)
    if word in UNIT_WORDS and (word not in ("m", "t", "ha", "pc") or tokens[i].glued):
        return UnitMatch(UNIT_WORDS[word], i, i + 1, False)
    if word in ("m", "ha") and i + 1 < len(tokens) and tokens[i + 1].low in (".", ","):
        unit = UNIT_WORDS.get(word)  # a bare "m," ends a sentence or means metres
        return UnitMatch(unit, i, i + 1, False) if unit else None
    return None


def per_time_at(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """A rate's denominator at token `i` ("a day", "per week", "an hour"): (unit, end)."""
    if i + 1 < len(tokens) and tokens[i].low in PER_WORDS:
        word = tokens[i + 1].low
        unit = UNIT_WORDS.get(word)
        if unit in TIME_UNITS and not word.endswith("s"):
            return unit, i + 2
    if i < len(tokens) and tokens[i].low in ("daily", "weekly", "annually", "yearly"):
        return {"daily": "day", "weekly": "week"}.get(tokens[i].low, "year"), i + 1
    return None
