"""Sentence signals that decide whether two figures may conflict at all.

Why: a different figure is not a contradiction when it is an update ("has since risen to"),
when it is not a reported fact (a demand, an offer, a forecast, "would cost"), when the
sentences are about two events ("in 2019", "a separate fire"), or when different named
parties own the figures ("Castell won 8,204 votes" / "Finch finished with 2,904 votes").
Attribution ("the union said", "according to LMT") is found here so that who reports a
figure never counts as what it is about.
"""

from __future__ import annotations

import re

from claims.detect.quantity.lexicon import (
    FRACTION_WORDS,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    STOPWORDS,
    VAGUE_COUNTS,
    WEEKDAYS,
)
from claims.detect.quantity.tokens import Token, lemma, pos_of

# A figure that moved ("rose to") is an update, unless both sentences speak of the peak.
_MOVED = re.compile(
    r"\b(?:rose|risen|climbed|grew|grown|fell|fallen|dropped|increased|decreased|jumped|"
    r"narrowed|widened|swelled|doubled|halved|edged\s+up|edged\s+down)\s+(?:again\s+)?to\b",
    re.IGNORECASE,
)
_PEAK = re.compile(r"\b(?:peak(?:ed|s)?|crest(?:ed)?|highest|maximum|at\s+its\s+height)\b", re.I)
_UPDATE = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:now\s+|also\s+)?since|since\s+(?:risen|grown|fallen|climbed|"
    r"dropped|increased|decreased|passed|reached|been\s+revised)|revis(?:ed|ion|es?)|later|updated?|"
    r"now\s+(?:stands?|totals?|at|revised)|(?:up|down)\s+from|bring(?:s|ing)?\s+the\s+total|"
    r"brought\s+the\s+total|a\s+further|so\s+far|latest)\b",
    re.IGNORECASE,
)
_REPORTING = frozenset(
    """said says say told tells confirmed confirms announced announces reported reports added
    stated insisted insists claimed claims noted wrote warned showed show shows estimated
    explained according found finds suggested suggests""".split()
)
_PUT = frozenset(["put", "puts", "putting", "estimated", "estimates", "valued", "values"])
# Words that make the figure after them something other than a reported fact.
_ROLE_LEMMAS = frozenset(
    """demand offer propose proposal request ask seek want forecast expect projection project
    target aim plan hope predict anticipate call urge push press lobby budget threaten""".split()
)
_MODALS = frozenset(["would", "could", "may", "might", "will", "should", "'d", "can", "'ll"])
_OTHER_EVENT = re.compile(
    r"\b(?:separate|previous|earlier\s+(?:outbreak|fire|strike|flood|election|crash|case)|"
    r"(?:last|previous|the\s+past)\s+(?:year|decade)|a\s+year\s+(?:ago|earlier)|"
    r"(?:the\s+)?(?:last|previous)\s+(?:mayoral\s+|general\s+|local\s+)?"
    r"(?:election|season|census|outbreak))\b",
    re.IGNORECASE,
)
_EVENT_YEAR = re.compile(
    r"\b(?i:in|during|of|from)\s+(?:(?:early|late|mid)[- ]?)?(?:(?:the\s+)?(?:spring|summer|"
    r"autumn|winter|fall)\s+(?:of\s+)?|[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b"
)


_NOT_NAMES = (
    NUMBER_WORDS | FRACTION_WORDS | STOPWORDS | frozenset(ORDINALS) | frozenset(VAGUE_COUNTS)
)


def is_update(text: str, other: str = "") -> bool:
    """True when `text` reports a change or revision of a figure, not the figure.

    "rose to" / "climbed to" count as an update unless `text` and `other` both speak of a
    peak ("rose to 3.8 metres" against "peaked at 5.2 metres" are two accounts of one peak).
    """
    if _UPDATE.search(text):
        return True
    moved = _MOVED.search(text)
    return bool(moved) and not (_PEAK.search(text) or _PEAK.search(other))


def event_marks(text: str) -> frozenset[str]:
    """Years of the event ("in 2019", "in August 2023") and other-event words ("separate")."""
    found = {m.group(1) for m in _EVENT_YEAR.finditer(text)}
    found |= {"other-event" for _ in _OTHER_EVENT.finditer(text)}
    return frozenset(found)


def attribution(tokens: list[Token]) -> set[int]:
    """Indices of the tokens that say who reports the claim, not what is claimed."""
    mask: set[int] = set()
    n = len(tokens)
    for k, tok in enumerate(tokens):
        if tok.low == "according" and k + 1 < n and tokens[k + 1].low == "to":
            j = k
            while j < n and tokens[j].text not in (",", ".", ";"):
                mask.add(j)
                j += 1
    _tail(tokens, mask)
    body_end = min((k for k in mask if k > 2), default=n)
    for k, tok in enumerate(tokens[: min(12, body_end - 3)]):
        if tok.low in _REPORTING | _PUT and k > 0 and tok.low != "according" and k not in mask:
            if tok.low in _PUT and not any(t.low == "at" for t in tokens[k:]):
                continue
            if any(t.is_digit for t in tokens[:k]):
                break
            mask.update(range(0, k + 1))
            if k + 1 < n and tokens[k + 1].low == "that":
                mask.add(k + 1)
            break
    return mask


def _tail(tokens: list[Token], mask: set[int]) -> None:
    """Mask a closing ", the fire service said (on Friday)." clause."""
    commas = [k for k, t in enumerate(tokens) if t.text == ","]
    for c in reversed(commas):
        rest = tokens[c + 1 :]
        if len(rest) > 12:
            return
        if any(t.low in _REPORTING for t in rest) and not any(t.is_digit for t in rest):
            mask.update(range(c, len(tokens)))
            return


def role_before(tokens: list[Token], start: int, clause_start: int) -> str | None:
    """A word before token `start` in its clause that makes the figure not a reported fact."""
    for k in range(start - 1, clause_start - 1, -1):
        tok = tokens[k]
        if tok.text == ";":
            return None
        if not tok.is_word:
            continue
        if tok.low in _MODALS and tok.text != "May":
            return tok.text
        if lemma(tok.low, "VERB") in _ROLE_LEMMAS or lemma(tok.low) in _ROLE_LEMMAS:
            needs_for = lemma(tok.low, "VERB") in ("call", "push", "press")
            if not needs_for or (k + 1 < len(tokens) and tokens[k + 1].low == "for"):
                return tok.text
    return None


def modal_after(tokens: list[Token], end: int, stop: int) -> str | None:
    """ "15,000 teachers will join": a modal between the figure and its verb."""
    for k in range(end, min(stop, end + 4)):
        tok = tokens[k]
        if not tok.is_word:
            return None
        if tok.low in _MODALS and tok.text != "May":
            return tok.text
    return None


def stance(tokens: list[Token], window: range) -> str | None:
    """ "for" or "against" when the clause says how the counted people voted or argued."""
    for k in window:
        word, prev = tokens[k].low, tokens[k - 1].low if k else ""
        if word in ("for", "against") and prev.startswith(("vot", "argu", "back")):
            return word
        if word in ("favour", "favor") and prev == "in":
            return "for"
        if word in _AGAINST:
            return "against"
        if word in _FOR:
            return "for"
    return None


_FOR = frozenset("back backs backed support supports supported favour favours favoured".split())
_AGAINST = frozenset("oppose opposes opposed opposing reject rejects rejected".split())
_SUBORDINATE = frozenset("before after when while until because although though as".split())
_DAY_PARTS = frozenset(
    "noon midnight dawn dusk morning afternoon evening night lunchtime overnight".split()
)


def anchors(tokens: list[Token], window: range, figure_end: int, mask: set[int]) -> frozenset:
    """When the figure's clause places it: day and month names, parts of the day, clock times.

    The clause ends at a subordinate clause after the figure ("... before it began to fall on
    Sunday morning" says when the fall began, not when the figure held).
    """
    out = set()
    for k in window:
        if k in mask:
            continue
        tok = tokens[k]
        if k >= figure_end and tok.low in _SUBORDINATE:
            break
        if tok.low in _DAY_PARTS or (
            tok.is_word
            and tok.text[0].isupper()
            and tok.low in (WEEKDAYS | MONTHS) - {"may", "weekday", "weekend"}
        ):
            out.add(tok.low)  # fmt: skip
        elif tok.is_digit and k + 1 < len(tokens) and tokens[k + 1].low in ("am", "pm"):
            out.add(tok.text + tokens[k + 1].low)
    return frozenset(out)


def names(tokens: list[Token], mask: set[int]) -> frozenset[str]:
    """Proper names in what is claimed (attribution left out): capitalised unknown words."""
    out = set()
    for k, tok in enumerate(tokens):
        if k in mask or not tok.is_word or not tok.text[0].isupper():
            continue
        word = tok.low.removesuffix("'s")
        if word in MONTHS or word in WEEKDAYS or len(word) < 2:
            continue
        first = k == 0 or tokens[k - 1].text in ("“", '"', "(")
        if first and (pos_of(word) or word in _NOT_NAMES):
            continue
        out.add(word)
    return frozenset(out)


def negated(tokens: list[Token], window: range) -> bool:
    """True when the clause of a figure is negated after it ("has not been vaccinated")."""
    return any(tokens[k].low in ("not", "n't", "never") for k in window)
