"""`find_quantities`: every figure of a news sentence, with what it is about and how it is framed.

Why: the comparator needs, for each figure, an interval (approximations and ranges widen it),
a unit pint can convert, the thing measured, and whether the figure is a part of a stated
whole, negated, or not a reported fact (a demand, an offer, a forecast). Years, dates, times,
ages, ordinals and labels are kept, typed apart, so they never meet a count.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from claims.detect.quantity import signals
from claims.detect.quantity.lexicon import CONTAINER_NOUNS, STOPWORDS
from claims.detect.quantity.measured import (
    Measured,
    build,
    counted_thing,
    is_verb_form,
    noun_phrase,
    subject_before,
)
from claims.detect.quantity.patterns import Raw, figures_at
from claims.detect.quantity.tokens import Token, can_be_noun, lemma, pos_of, tokenize

COMPARABLE = frozenset(["count", "measure", "money", "share"])


@dataclass(frozen=True)
class Quantity:
    """One figure of a sentence.

    `value` is (low, high) after approximation words and ranges ("more than 40" is
    (40, inf)); `kind` is count, measure, money or share (comparable) or year, date, time,
    age, ordinal, label (never compared); `unit` is a pint unit name (None for a plain count);
    `part` is "part" or "whole" for "nearly half of the 46 workers" (the whole is 46) and
    `share` the part's share of its whole; `role` is the word that makes it not a reported
    fact ("offered", "would"); `stance` is "for"/"against" for votes; `when` holds the day,
    month and time-of-day words of its clause.
    """

    value: tuple[float, float]
    text: str
    span: tuple[int, int]
    kind: str
    unit: str | None = None
    measured: Measured | None = None
    approx: str | None = None
    part: str = "plain"
    whole: float | None = None
    share: tuple[float, float] | None = None
    negated: bool = False
    role: str | None = None
    stance: str | None = None
    when: frozenset[str] = frozenset()

    @property
    def low(self) -> float:
        return self.value[0]

    @property
    def high(self) -> float:
        return self.value[1]


MAX_CHARS = 1000  # a claim is one sentence (Limits.max_sentence_chars); longer text has none


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in `text` (one news sentence), in order of appearance.

    Cached by text: a claim is compared with a dozen neighbours, and reading its figures is
    the costly part. Text over ``MAX_CHARS`` is no sentence and holds no comparable figure,
    which also keeps the work per pair bounded whatever the input.
    """
    if len(text) > MAX_CHARS:
        return []
    return list(_find_quantities(text))


@lru_cache(maxsize=8192)
def _find_quantities(text: str) -> tuple[Quantity, ...]:
    tokens = tokenize(text)
    raws: list[Raw] = []
    i = 0
    while i < len(tokens):
        found = figures_at(tokens, i, text)
        if found:
            raws.extend(found)
            i = max(r.end for r in found)
        else:
            i += 1
    mask = signals.attribution(tokens)
    return tuple(_finish(tokens, text, raws, n, mask) for n in range(len(raws)))


def _window(tokens: list[Token], raws: list[Raw], n: int) -> tuple[range, int]:
    """The clause of figure `n` bounded by its neighbours' figures, and its clause start."""
    raw = raws[n]
    clause_start = max((k + 1 for k in range(raw.start) if tokens[k].text == ";"), default=0)
    clause_end = next((k for k in range(raw.end, len(tokens)) if tokens[k].text == ";"), None)
    lo, hi = clause_start, len(tokens) if clause_end is None else clause_end
    for other in raws:
        if other is raw or other.kind not in COMPARABLE or _same_group(raw, other):
            continue
        if other.end <= raw.start:
            lo = max(lo, other.end)
        elif other.start >= raw.end:
            hi = min(hi, other.start)
    return range(lo, hi), clause_start


def _same_group(a: Raw, b: Raw) -> bool:
    """A part and the whole it is a share of ("half of the 46 workers") form one figure."""
    return (a.start <= b.start < a.end) or (b.start <= a.start < b.end)


def _finish(tokens: list[Token], text: str, raws: list[Raw], n: int, mask: set) -> Quantity:
    """Turn a first-pass figure into a Quantity, settling what it measures and its frame."""
    raw = raws[n]
    span = (tokens[raw.start].start, tokens[raw.end - 1].end)
    base = Quantity((raw.low, raw.high), text[span[0] : span[1]], span, raw.kind, raw.unit)
    if raw.kind not in COMPARABLE:
        return base
    window, clause_start = _window(tokens, raws, n)
    skip = mask | set(range(raw.start, raw.end)) - ({raw.head} if raw.head else set())
    measured = _measured(tokens, raw, window, skip)
    after = range(raw.end, window.stop)
    return replace(
        base,
        measured=measured,
        approx=raw.approx,
        part=raw.part,
        whole=raw.whole,
        share=raw.share,
        negated=signals.negated(tokens, after),
        role="speaker"
        if raw.start in mask
        else signals.role_before(tokens, raw.start, clause_start)
        or signals.modal_after(tokens, raw.end, window.stop),
        stance=signals.stance(tokens, window),
        when=signals.anchors(tokens, window, raw.end, mask),
    )


def _measured(tokens: list[Token], raw: Raw, window: range, skip: set) -> Measured | None:
    """What the figure is about, from its own noun or the clause around it."""
    head, mods, after = raw.head, raw.mods, raw.after or raw.end
    if raw.thing_hint:
        found = build(tokens, raw.start, [], raw.end, window, skip, raw.start)
        return replace(found, thing="nobody") if found else None
    if head is None:
        head, mods, after = _thing_elsewhere(tokens, raw, window, skip)
    elif raw.kind == "count" and raw.part == "plain":
        head, mods = _owner(tokens, raw, window, skip, head, mods)
    if head is None:
        return None
    return build(tokens, head, mods, after, window, skip, raw.start)


def _owner(
    tokens: list[Token], raw: Raw, window: range, skip: set, head: int, mods: list[int]
) -> tuple[int, list[int]]:
    """ "Castell's lead stood at 212 votes", "a town of 40,000 people": the count measures
    the lead or the town, and its own noun becomes a modifier."""
    k = raw.start - 1
    if k >= 1 and tokens[k].low == "of" and tokens[k - 1].low in CONTAINER_NOUNS:
        return k - 1, [*mods, head]
    if k >= 0 and tokens[k].low in ("at", "was", "is", "were", "are", "totalled", "totaled"):
        subject = subject_before(tokens, window.start, raw.start, skip)
        if subject is not None and tokens[subject].low != tokens[head].low:
            return subject, [*mods, head]
    return head, mods


def _thing_elsewhere(
    tokens: list[Token], raw: Raw, window: range, skip: set
) -> tuple[int | None, list[int], int]:
    """The noun a figure without its own noun is about: "the number of X ... at N", "X of N",
    "N units of X", "X was N", or the verb before it ("would cost N")."""
    if (found := counted_thing(tokens, window.start, raw.start)) is not None:
        return found[0], [], found[1]
    after_words = ("of", "in", "for") if raw.kind in ("measure", "money") else ("of",)
    if raw.end < len(tokens) and tokens[raw.end].low in after_words:
        k = raw.end + 1
        while k < len(tokens) and tokens[k].low in ("the", "its", "their", "a", "an"):
            k += 1
        if (np := noun_phrase(tokens, k)) is not None:
            return np[0], np[2], np[1]
    if (k := _noun_before(tokens, raw.start, window.start, skip)) is not None:
        return k, [], raw.end
    if (k := _put_at(tokens, raw.start, window.start)) is not None:
        return k, [], raw.end
    if (k := subject_before(tokens, window.start, raw.start, skip)) is not None:
        return k, [], raw.end
    for k in range(raw.start - 1, window.start - 1, -1):
        if k not in skip and tokens[k].is_word and "VERB" in pos_of(tokens[k].low):
            return _agent(tokens, k, window.start, skip), [], raw.end
    return None, [], raw.end


def _agent(tokens: list[Token], verb: int, lo: int, skip: set) -> int:
    """The noun right before the verb that governs a figure ("repairs" in "repairs cost N",
    "fire" in "the fire had burned N"), else the verb itself."""
    k = verb - 1
    while k >= lo and tokens[k].low in (
        "had",
        "has",
        "have",
        "was",
        "were",
        "is",
        "are",
        "must",
        "also",
        "will",
        "would",
        "could",
        "may",
        "been",
    ):
        k -= 1  # fmt: skip
    if k < lo or k in skip or not tokens[k].is_word or tokens[k].low in STOPWORDS:
        return verb
    word = tokens[k].low
    if can_be_noun(word) and not is_verb_form(word) and word not in ("him", "her", "them"):
        return k
    return verb


def _noun_before(tokens: list[Token], start: int, lo: int, skip: set) -> int | None:
    """ "a payout of N", "growth of N", "cut its rate by N", "inflation fell by N": the noun."""
    if start < 2 or tokens[start - 1].low not in ("of", "by"):
        return None
    k = start - 2
    if tokens[start - 1].low == "by":  # "cut its rate by N", "the rate was cut by N"
        passive = k > lo and tokens[k - 1].low in ("was", "were", "been", "is", "are", "be")
        if k > lo and (is_verb_form(tokens[k].low) or passive):
            k -= 1
        while k > lo and tokens[k].low in ("was", "were", "is", "are", "has", "had", "been"):
            k -= 1
    tok = tokens[k]
    if k in skip or not tok.is_word or not can_be_noun(tok.low) or is_verb_form(tok.low):
        return None
    return k if tok.low not in STOPWORDS else None


def _put_at(tokens: list[Token], start: int, lo: int) -> int | None:
    """ "put|valued|estimated|set the fee (for X) at N": the noun after the verb."""
    if start < 1 or tokens[start - 1].low != "at":
        return None
    for k in range(start - 2, lo - 1, -1):
        if tokens[k].low in ("put", "puts", "putting", "valued", "estimated", "set", "puts"):
            j = k + 1
            while j < start and tokens[j].low in ("the", "its", "their", "a", "an"):
                j += 1
            found = noun_phrase(tokens, j)
            return found[0] if found and found[0] < start else None
    return None


def thing_name(q: Quantity) -> str:
    """A short label of what `q` measures, for explanations ("people hurt", "worker")."""
    if q.measured is None:
        return ""
    m = q.measured
    event = f" {m.event}" if m.event and m.event != lemma(m.thing, "VERB") else ""
    return f"{m.thing}{event}"


def existentials(text: str) -> list[Quantity]:
    """ "A worker died", "a girl was hurt": at least one, to meet "nobody died" ("no deaths").

    Kept apart from `find_quantities` because an indefinite noun is a figure only against a
    zero: "a worker died" says nothing against "two workers died".
    """
    from claims.detect.quantity.numbers import number_at

    tokens = tokenize(text)
    mask = signals.attribution(tokens)
    out = []
    for i, tok in enumerate(tokens):
        if tok.low not in ("a", "an") or i in mask or number_at(tokens, i, text):
            continue
        found = noun_phrase(tokens, i + 1)
        if found is None or _irrealis(tokens, i, found[1]):
            continue
        raw = Raw(i, found[1], 1.0, float("inf"), "count", "a", head=found[0], mods=found[2])
        raw.after = found[1]
        out.append(_finish(tokens, text, [raw], 0, mask))
    return out


# An indefinite noun phrase says "at least one" only in an affirmative, factual clause:
# not in "did not sign an agreement", nor in "an agreement is expected to be finalised".
_NOT_FACT = frozenset(
    "not n't never no without nor neither expected expect expects will would could may might "
    "should plan plans planned proposed hope hopes if unless whether".split()
)


def _irrealis(tokens: list[Token], start: int, end: int) -> bool:
    """Whether the clause around tokens[start:end] is negated, hedged or hypothetical: six
    words before the phrase, and after it up to the clause's end (at most ten words)."""
    hi = end
    while hi < min(len(tokens), end + 10) and tokens[hi].low not in (",", ";", ".", ":"):
        hi += 1
    return any(tokens[k].low in _NOT_FACT for k in range(max(0, start - 6), hi))
