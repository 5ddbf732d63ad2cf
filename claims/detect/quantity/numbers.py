"""Number phrases in tokens: digits, number words, fractions, vague counts, ranges, approximations.

Why: news writes one figure many ways ("eleven", "1.5 million", "one and a half million",
"two-thirds", "one in five", "hundreds of", "nearly 300", "between 10 and 12"). numerizer
turns the words into digits; this module finds where a number phrase starts and ends, which
approximation word governs it, and turns it into an interval (low, high).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.detect.quantity.lexicon import (
    APPROX_AFTER,
    APPROXIMATIONS,
    AROUND,
    FRACTION_WORDS,
    NEAR,
    NUMBER_WORDS,
    SCALES,
    SHORT_SCALES,
    VAGUE_COUNTS,
)
from claims.detect.quantity.tokens import Token

_INF = float("inf")
_NUMERIC = re.compile(r"^\d+(?:\.\d+)?$")
_FRACTION = re.compile(r"^(\d+)/(\d+)$")
_DOZEN = re.compile(r"^(\d+(?:\.\d+)?|a)\s+dozens?$")


@dataclass(frozen=True)
class NumberSpan:
    """A number phrase over tokens [start, end): its interval and how it was written.

    `fraction` is True for "half", "two-thirds", "one in five" (a share, low/high in 0..1);
    `vague` for "hundreds of", "a handful"; `approx` is the approximation word(s), if any.
    """

    start: int
    end: int
    low: float
    high: float
    approx: str | None = None
    fraction: bool = False
    vague: bool = False


def _numerize(text: str) -> tuple[float, bool] | None:
    """numerizer's reading of a number-word phrase: (value, is_fraction), None if not a number."""
    from numerizer import numerize

    out = numerize(text.lower()).strip()
    if _NUMERIC.match(out):
        return float(out), False
    if m := _FRACTION.match(out):
        return int(m.group(1)) / int(m.group(2)), True
    if m := _DOZEN.match(out):
        base = 1.0 if m.group(1) == "a" else float(m.group(1))
        return base * 12, False
    return None


def _is_number_word(tokens: list[Token], k: int) -> bool:
    word = tokens[k].low
    return word in NUMBER_WORDS or word in FRACTION_WORDS or word in ("dozen", "quarters")


def _word_run(tokens: list[Token], i: int) -> int:
    """End of the run of number words starting at `i` ("two hundred and forty"), or `i`."""
    k = i
    if tokens[k].low in ("a", "an") and k + 1 < len(tokens):
        nxt = tokens[k + 1].low
        if not (nxt in SCALES or nxt in ("dozen", "half", "quarter", "third", "fifth")):
            return i
        k += 1
    while k < len(tokens):
        if _is_number_word(tokens, k) or (
            tokens[k].text == "-"
            and tokens[k].glued
            and k + 1 < len(tokens)
            and tokens[k + 1].glued
            and _is_number_word(tokens, k + 1)
            and k > i
        ):
            k += 1
        elif tokens[k].low == "and" and k > i and k + 1 < len(tokens):
            nxt = k + 1 + (tokens[k + 1].low in ("a", "an"))
            if nxt < len(tokens) and _is_number_word(tokens, nxt):
                k = nxt
            else:
                break
        else:
            break
    return k


def _digits(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """A number written in digits at `i`, with a scale word after it ("1.5 million", "3bn")."""
    tok = tokens[i]
    if not tok.is_digit:
        return None
    try:
        value = float(tok.text.replace(",", ""))
    except ValueError:  # str.isdigit() holds for "²" and other digits float() refuses
        return None
    k = i + 1
    if k < len(tokens):
        word = tokens[k].low
        if word in SCALES and word != "hundred":
            return value * SCALES[word], k + 1
        if word in SHORT_SCALES and tokens[k].glued:
            return value * SHORT_SCALES[word], k + 1
    return value, k


def _core(tokens: list[Token], i: int, text: str) -> NumberSpan | None:
    """The number (no approximation word) at token `i`."""
    if found := _digits(tokens, i):
        return NumberSpan(i, found[1], found[0], found[0])
    if tokens[i].low in ("a", "an") and i + 1 < len(tokens):
        vague = _vague(tokens, i + 1)
        if vague and tokens[i + 1].low in ("handful", "few", "couple"):
            return NumberSpan(i, vague.end, vague.low, vague.high, vague=True)
    if vague := _vague(tokens, i):
        return vague
    end = _word_run(tokens, i)
    if end == i:
        return None
    parsed = _numerize(text[tokens[i].start : tokens[end - 1].end])
    if parsed is None:
        return None
    return NumberSpan(i, end, parsed[0], parsed[0], fraction=parsed[1])


def _vague(tokens: list[Token], i: int) -> NumberSpan | None:
    """ "hundreds of", "tens of thousands of", "a handful of", "several" at token `i`."""
    word = tokens[i].low
    if word == "tens" and i + 2 < len(tokens) and tokens[i + 1].low == "of":
        scale = SCALES.get(tokens[i + 2].low.rstrip("s"))
        if scale:
            return NumberSpan(i, i + 3, 20 * scale, 100 * scale, vague=True)
    if word not in VAGUE_COUNTS:
        return None
    low, high = VAGUE_COUNTS[word]
    return NumberSpan(i, i + 1, low, high, vague=True)


def _range(tokens: list[Token], core: NumberSpan, text: str, between: bool) -> NumberSpan:
    """Extend `core` into "10 to 12", "10-12", "eight or nine", "between 10 and 12"."""
    k = core.end
    if k + 1 >= len(tokens):
        return core
    joiner = tokens[k].low
    ok = joiner in ("to", "or", "–") or (joiner == "-" and tokens[k].glued) or between
    if not ok or (between and joiner != "and"):
        return core
    other = _core(tokens, k + 1, text)
    if other is None or other.fraction or core.fraction:
        return core
    if not other.low > core.low:
        return core
    return NumberSpan(core.start, other.end, core.low, other.high)


def _widen(span: NumberSpan, how: str, words: str) -> NumberSpan:
    """Apply an approximation word to a number's interval."""
    low, high = span.low, span.high
    if how == "around":
        low, high = low * (1 - AROUND), high * (1 + AROUND)
    elif how == "below":
        low = low * (1 - NEAR)
    elif how == "above":
        high = high * (1 + NEAR)
    elif how == "over":
        high = 1.0 if span.fraction else _INF
    elif how == "under":
        low = 0.0
    return NumberSpan(span.start, span.end, low, high, words, span.fraction, span.vague)


def _approx_at(tokens: list[Token], i: int) -> tuple[str, str, int] | None:
    """The approximation phrase starting at token `i`: (words, how, end)."""
    for phrase, how in APPROXIMATIONS:
        words = phrase.split()
        end = i + len(words)
        if end <= len(tokens) and [t.low for t in tokens[i:end]] == words:
            return phrase, how, end
    return None


def number_at(tokens: list[Token], i: int, text: str) -> NumberSpan | None:
    """The number phrase that starts at token `i` (approximation word included), if any."""
    approx = _approx_at(tokens, i)
    start = approx[2] if approx else i
    if start >= len(tokens):
        return None
    between = tokens[start].low == "between"
    if between:
        start += 1
    if start >= len(tokens) or (core := _core(tokens, start, text)) is None:
        return None
    span = _range(tokens, core, text, between)
    if approx is None:
        for phrase, how in APPROX_AFTER:
            words = phrase.split()
            if [t.low for t in tokens[span.end : span.end + len(words)]] == words:
                widened = _widen(span, how, phrase)
                end = span.end + len(words)
                return NumberSpan(i, end, widened.low, widened.high, phrase, span.fraction)
        return NumberSpan(i, span.end, span.low, span.high, None, span.fraction, span.vague)
    widened = _widen(span, approx[1], approx[0])
    return NumberSpan(i, span.end, widened.low, widened.high, approx[0], span.fraction, span.vague)
