"""Corroboration is never contradiction: the same proposition from two articles.

A quote carried by two outlets, two sentences sharing a run of ten words or more, or two
propositions of nearly the same vector (one polarity, no conflicting figure or date)
corroborate each other: such a pair is recorded as corroborating sources and never scored,
since the NLI model reads a long shared quote with a different attribution, or one thing
said twice, as a conflict too often. A paraphrase in other words is known only once the
pair is scored: each proposition entails the other (``Verdict.entailment``), one polarity,
no cue; such a scored pair is recorded too, never flagged (``paraphrase``).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from claims.detect.cues import find_cues
from claims.types import ClaimView, Verdict
from store.records import frame_dict

RUN_WORDS = 10  # a shared run of this many words is one text carried twice
QUOTE_WORDS = 6  # a quotation of this many words found in the other claim
PARAPHRASE_COSINE = 0.9  # propositions this close, one polarity, no cue: one thing said twice
PARAPHRASE_ENTAIL = 0.3  # P(entailment) both ways, one polarity, no cue (bench/eval_paraphrase.py)
_WORD = re.compile(r"\w+")
_QUOTE = re.compile(r"[“\"«‘']([^”\"»’']{10,})[”\"»’']")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _polarity(view: ClaimView) -> str:
    return str(frame_dict(view.frame).get("polarity") or "positive")


def longest_run(a: str, b: str) -> int:
    """Words in the longest run the two texts share (case, quotes and punctuation aside)."""
    wa, wb = _words(a), _words(b)
    match = SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match(0, len(wa), 0, len(wb))
    return match.size


def _shared_quote(a: str, b: str) -> bool:
    """Whether a quotation of one (``QUOTE_WORDS`` words or more) is in the other."""
    for quoting, other in ((a, b), (b, a)):
        others = f" {' '.join(_words(other))} "
        for quote in _QUOTE.findall(quoting):
            words = _words(quote)
            if len(words) >= QUOTE_WORDS and f" {' '.join(words)} " in others:
                return True
    return False


def corroboration(a: ClaimView, b: ClaimView, cosine: float) -> str | None:
    """How two claims of different articles state one proposition before scoring, or None
    (a paraphrase in other words is told by ``paraphrase`` once the pair is scored)."""
    if _polarity(a) != _polarity(b):
        return None  # "signed" and "denied signing" share words, not a proposition
    if _words(a.text) == _words(b.text):
        return "same text"
    conflict = None  # found lazily: the cue search is the slowest test here
    if _shared_quote(a.text, b.text):
        conflict = find_cues(a.text, b.text)
        if not conflict:
            return "same quote"
    if longest_run(a.text, b.text) >= RUN_WORDS:
        conflict = find_cues(a.text, b.text) if conflict is None else conflict
        if not conflict:
            return "shared words"
    if cosine >= PARAPHRASE_COSINE:
        conflict = find_cues(a.proposition, b.proposition)
        if not conflict:
            return "paraphrase"
    return None


def paraphrase(a: ClaimView, b: ClaimView, verdict: Verdict) -> bool:
    """Whether a scored pair states one proposition twice: each side entails the other
    (``PARAPHRASE_ENTAIL``), one polarity, and no figure, date or negation conflicts."""
    if verdict.entailment is None:
        return False
    ab, ba = verdict.entailment
    if ba is None or min(ab, ba) < PARAPHRASE_ENTAIL:
        return False
    if _polarity(a) != _polarity(b):
        return False
    return not find_cues(a.text, b.text)
