"""What a figure counts or measures: its head noun, what happened to it, and the words around it.

Why: two figures only conflict when they are about the same thing ("40 people were hurt" and
"the number of injured at 12"), so each figure needs its head noun (lemmatised), the event
that the clause reports about it (hurt, died, ran) and the content words of its clause, which
the comparator overlaps to tell "homes destroyed" from "people evacuated".
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.detect.quantity.lexicon import (
    EVENT_CLASSES,
    EVENT_NOUNS,
    EXTENT_NOUNS,
    HEAD_SYNONYMS,
    STOPWORDS,
)
from claims.detect.quantity.tokens import (
    Token,
    can_be_noun,
    is_inflected_verb,
    is_participle,
    is_plural_noun,
    lemma,
    pos_of,
)

_AUX = frozenset(
    """is are was were be been being has have had do does did will would can could may might
    must shall should not n't never also still already all reportedly""".split()
)
_NP_MODIFIERS = frozenset("other further additional more new former extra separate".split())
# -s forms that end a noun phrase as verbs ("the budget goes", "the bus runs")
_VERB_S = frozenset(
    "goes does says makes takes gets comes seems remains becomes means needs wants runs".split()
)
_FUNCTION = STOPWORDS - _NP_MODIFIERS
_COUNTING_NOUNS = ("number", "total", "count", "tally", "toll", "figure")
_EVENT_OF = {word: cls for cls, words in EVENT_CLASSES.items() for word in words}


@dataclass(frozen=True)
class Measured:
    """The thing a figure is about: head lemma, reported event, class, and clause words."""

    thing: str
    event: str | None = None
    event_class: str | None = None
    words: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    also: frozenset[str] = frozenset()  # coordinated heads: "drivers and maintenance staff"
    predicate: str | None = None  # lemma of the clause's verb ("burn" in "burned 20 hectares")
    predicate_before: bool = False  # the verb governs the figure ("rescued 12 people")
    class_scanned: bool = False  # the event class came from elsewhere in the clause
    direct: bool = False  # the unit measures the noun itself ("300 tonnes of oil")


def canonical(word: str) -> str:
    """One lemma per synonym set ("jail" and "prison" both stand for a prison term)."""
    for group in HEAD_SYNONYMS:
        if word in group:
            return min(group)
    return word


def event_class(word: str | None) -> str | None:
    """The event class ("hurt", "dead", ...) a lemma or word belongs to, if any."""
    if not word:
        return None
    w = word.lower()
    return _EVENT_OF.get(w) or _EVENT_OF.get(lemma(w, "VERB")) or _EVENT_OF.get(lemma(w))


def compound_end(tokens: list[Token], i: int) -> int:
    """End of the glued hyphen chain that starts at `i` ("58-year-old", "night-shift")."""
    k = i + 1
    while k + 1 < len(tokens) and tokens[k].text == "-" and tokens[k].glued:
        if not tokens[k + 1].glued:
            break
        k += 2
    return k


def _participle(word: str) -> bool:
    return word.endswith(("ed", "ing")) and "VERB" in pos_of(word)


def noun_phrase(tokens: list[Token], i: int) -> tuple[int, int, list[int]] | None:
    """The noun phrase starting at `i`: (head index, end, modifier indices), or None.

    Stops at function words, punctuation, verbs, and after a plural noun, so "48 confirmed
    cases had been" gives "cases" and "312 ballot papers were" gives "papers" (ballot).
    """
    k, head, mods = i, -1, []
    while k < len(tokens) and len(mods) < 5:
        tok = tokens[k]
        word = tok.low
        end = compound_end(tokens, k)
        if tok.is_digit and end > k + 1:
            mods.append(k)
            k = end
            continue
        if not tok.is_word or word in _FUNCTION or word.endswith(("'s", "’s")):
            break
        if head >= 0 and word in _VERB_S:
            break
        nxt = tokens[end].low if end < len(tokens) else ""
        nxt_noun = end < len(tokens) and tokens[end].is_word and nxt not in _FUNCTION
        if end > k + 1 or word in _NP_MODIFIERS:
            mods.append(k)
        elif head >= 0 and (
            word.endswith("ed") and "VERB" in pos_of(word) or is_inflected_verb(word)
        ):
            break
        elif _participle(word) and nxt_noun and can_be_noun(nxt):
            mods.append(k)
        elif can_be_noun(word):
            if (
                head >= 0
                and tok.text[0].isupper()
                and not pos_of(word)
                and pos_of(tokens[head].low)
            ):
                mods.append(k)  # "River Orwen": the name does not replace the common noun
                k = end
                continue
            if head >= 0:
                mods.append(head)
            head = k
            if is_plural_noun(word) or not nxt_noun or not can_be_noun(nxt):
                return head, k + 1, mods
        elif "ADJ" in pos_of(word):
            mods.append(k)
        else:
            break
        k = end
    return (head, head + 1, [m for m in mods if m < head]) if head >= 0 else None


def is_verb_form(word: str) -> bool:
    """True for a word that is here a verb: "needed", "ran", "crossing", not "staff", "bids"."""
    pos = pos_of(word)
    if "VERB" not in pos or word in _FUNCTION:
        return False
    return "NOUN" not in pos or word.endswith(("ed", "ing")) or is_inflected_verb(word)


def _first_verb(tokens: list[Token], k: int, stop: int, plural: bool = False) -> str | None:
    """The first verb after a noun phrase, skipping auxiliaries and "of/on/in the X" phrases.

    After a plural subject a bare verb form counts too ("voters back the plan").
    """
    if plural and k < stop and tokens[k].is_word and tokens[k].low not in _FUNCTION:
        word = tokens[k].low
        if "VERB" in pos_of(word) and not is_plural_noun(word) and not word.endswith("s"):
            return word
    for _ in range(3):
        aux = k
        while k < stop and tokens[k].is_word and tokens[k].low in _AUX:
            k += 1
        if k >= stop:
            return None
        word = tokens[k].low
        after_aux = k > aux and is_participle(word)
        if tokens[k].is_word and (is_verb_form(word) or after_aux) and word not in _FUNCTION:
            return word
        if word in ("in", "at") and k + 1 < stop and event_class(tokens[k + 1].low):
            return tokens[k + 1].low
        if word not in ("of", "on", "in", "at", "from", "across"):
            return None
        k += 1
        while k < stop and (tokens[k].low in _FUNCTION or tokens[k].low.endswith(("'s", "’s"))):
            k += 1
        found = noun_phrase(tokens, k) if k < stop else None
        if found is None:
            return None
        k = found[1]
    return None


def _in_hospital(tokens: list[Token], k: int, stop: int) -> bool:
    """ "were treated in hospital", "taken to Carrow General Hospital": hospital close after."""
    return any(tokens[j].low.startswith("hospital") for j in range(k, min(stop, k + 7)))


def verb_before(tokens: list[Token], start: int, lo: int, skip: set) -> str | None:
    """The verb just before a figure ("burned more than 8,000 hectares"), within 3 words."""
    for k in range(start - 1, max(lo, start - 4) - 1, -1):
        if k in skip or not tokens[k].is_word:
            return None
        if is_verb_form(tokens[k].low):
            return tokens[k].low
    return None


def content_words(tokens: list[Token], indices: range, skip: frozenset[int]) -> frozenset[str]:
    """Lemmas of the content words among `indices` (no function words, digits, skipped ones)."""
    out = set()
    for k in indices:
        tok = tokens[k]
        if k in skip or not tok.is_word or tok.low in STOPWORDS or len(tok.low) < 2:
            continue
        word = tok.low.removesuffix("'s").removesuffix("’s")
        out.add(lemma(word, "NOUN" if can_be_noun(word) else "VERB"))
    return frozenset(out)


def counted_thing(tokens: list[Token], start: int, stop: int) -> tuple[int, int] | None:
    """ "the number of X (injured)" before a figure: (head index, index of what follows X)."""
    for k in range(start, stop):
        if tokens[k].low in _COUNTING_NOUNS and k + 1 < stop and tokens[k + 1].low == "of":
            found = noun_phrase(tokens, k + 2)
            if found:
                return found[0], found[1]
        if tokens[k].low == "toll" and k > start:
            return k, k + 1
    return None


_COPULA = frozenset("at to was is were are reached totalled totaled been be".split())


def subject_before(tokens: list[Token], start: int, stop: int, skip: set) -> int | None:
    """The head of the clause's subject in "X was|stood at|rose to N" before token `stop`."""
    if stop < 1 or tokens[stop - 1].low not in _COPULA:
        return None
    first = next((j for j in range(start, stop) if j not in skip and tokens[j].is_word), None)
    if first is None:
        return None
    while first < stop and (
        tokens[first].low in _FUNCTION or tokens[first].low.endswith(("'s", "’s"))
    ):
        first += 1
    found = noun_phrase(tokens, first) if first < stop else None
    return found[0] if found and found[0] < stop - 1 else None


def build(  # noqa: PLR0913 - the figure's positions, each needed
    tokens: list[Token],
    head: int | None,
    mods: list[int],
    after: int,
    window: range,
    skip: set,
    start: int | None = None,
) -> Measured | None:
    """The Measured record of a figure whose head noun is `head` (None: no noun found)."""
    if head is None:
        return None
    words = content_words(tokens, window, frozenset(skip))
    thing = lemma(tokens[head].low)
    also: frozenset[str] = frozenset()
    joined = after < window.stop and tokens[after].low == "and"
    if joined and (other := noun_phrase(tokens, after + 1)) is not None:
        also = frozenset([lemma(tokens[other[0]].low)])
        after = other[1]
    event = _first_verb(tokens, after, window.stop, is_plural_noun(tokens[head].low))
    first = head if start is None else start
    before = None if event else verb_before(tokens, first, window.start, skip)
    cls = EVENT_NOUNS.get(thing)
    for word in [tokens[m].low for m in mods] + [event, before]:
        cls = cls or event_class(word)
    if cls == "hurt" and _in_hospital(tokens, after, window.stop):
        cls = "hospital"  # "treated in hospital" is narrower than "treated at the scene"
    scanned = cls is None
    if scanned:
        cls = next((c for k in window if k not in skip and (c := event_class(tokens[k].low))), None)
    verb = event or before
    return Measured(
        thing,
        event,
        cls,
        words - {thing},
        frozenset(lemma(tokens[m].low) for m in mods),
        also,
        canonical(lemma(verb, "VERB")) if verb else None,
        predicate_before=before is not None,
        class_scanned=scanned and cls is not None,
        direct=start is not None
        and thing not in EXTENT_NOUNS
        and (head >= start or (head == start - 2 and tokens[start - 1].low == "of")),
    )
