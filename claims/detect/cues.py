"""Explicit contradiction cues: negation, denial, terminology, numbers, dates, antonyms.

These catch the conflicts that surface words announce ("there is no X; rather Y",
"denied that", "30 killed" vs "45 killed"). They are the default scorer until an NLI
model is available, and features for the NLI combiner afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claims.types import ClaimView, Verdict

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
STOPWORDS = frozenset(
    """
    a an the of to in on at for with by from and or but as is are was were be been being it
    its this that these those there their they them he she his her we our you your i not no
    any some all such than then so also has have had do does did will would can could may
    might must shall should into over about after before between under while which who whom
    whose what when where why how more most other own same very just only rather said says
    say according new two one
    """.split()
)
# Words too generic for a negated object to be recognised by them alone.
GENERIC = frozenset(
    ["details", "detail", "comment", "comments", "information", "reason", "way", "thing", "things"]
)

_NEGATED_OBJECT = re.compile(
    r"\b(?:there\s+(?:is|was|are|were|has\s+been|have\s+been)\s+no|there\s+(?:is|was)\s+not\s+an?|"
    r"(?:is|was|are|were)\s+not\s+(?:an?|the)|never\s+(?:signed|reached|agreed(?:\s+to)?)|"
    r"no\s+(?:such|new))\s+(?P<obj>[^.;:,“”\"]+)",
    re.IGNORECASE,
)
_RATHER = re.compile(
    r"\b(?:rather,?\s+(?:it\s+(?:is|was)\s+)?|but\s+(?:only\s+)?(?:rather\s+)?)"
    r"(?P<alt>(?:an?\s+|the\s+)?[^.;,“”\"]+)",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:(?:denied|denies|deny|denying)\s+(?:that\s+|reports?\s+(?:of|that)\s+)?|"
    r"(?:rejected|rejects|rejecting|refuted|refutes|dismissed|dismisses|disputed|disputes)\s+"
    r"(?:the\s+)?(?:reports?|claims?|allegations?|suggestions?|accounts?)\s+(?:of|that)\s+)"
    r"(?P<obj>[^.;:,“”\"]+)",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|n't|none|neither|nor|without|denied|denies|rejected|rejecting)\b", re.I
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE = re.compile(
    r"\b(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)
ANTONYMS = (
    ("rose", "fell"),
    ("increased", "decreased"),
    ("increase", "decrease"),
    ("won", "lost"),
    ("approved", "rejected"),
    ("accepted", "rejected"),
    ("confirmed", "denied"),
    ("opened", "closed"),
    ("allowed", "banned"),
    ("supports", "opposes"),
    ("support", "oppose"),
    ("supported", "opposed"),
    ("agreed", "refused"),
    ("higher", "lower"),
    ("more", "fewer"),
    ("up", "down"),
    ("ended", "began"),
    ("guilty", "innocent"),
    ("alive", "dead"),
    ("legal", "illegal"),
    ("true", "false"),
    ("signed", "rejected"),
    ("success", "failure"),
    ("raised", "cut"),
    ("killed", "survived"),
)


@dataclass(frozen=True)
class Cue:
    """One piece of surface evidence that two claims conflict."""

    kind: str  # negation | denial | terminology | numeric | temporal | other
    strength: float  # 0..1
    span_a: tuple[int, int] | None
    span_b: tuple[int, int] | None
    explanation: str


def content_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` that carry meaning (no stopwords)."""
    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return [w.removesuffix("'s") for w in words if w not in STOPWORDS and len(w) > 1]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _find_phrase(words: Sequence[str], text: str) -> tuple[int, int] | None:
    """Character span in ``text`` of the first occurrence of ``words`` (stem-tolerant)."""
    if not words:
        return None
    pattern = r"\b" + r"\W+(?:\w+\W+){0,2}?".join(re.escape(_stem(w)) + r"\w*" for w in words)
    m = re.search(pattern, text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _negated(text: str, span: tuple[int, int]) -> bool:
    """Whether a negation word stands within a few words before ``span``."""
    window = text[max(0, span[0] - 30) : span[0]]
    return bool(_NEGATION.search(window))


def _object_match(obj: str, other: str) -> tuple[float, tuple[int, int] | None]:
    """How well the negated/denied object ``obj`` is asserted in ``other`` (0..1, span)."""
    words = [w for w in content_words(obj) if w not in GENERIC][:6]
    if not words:
        return 0.0, None
    head = words[:2]
    span = _find_phrase(head, other) if len(head) == 2 else None
    if span and not _negated(other, span):
        rest = words[2:]
        other_words = {_stem(w) for w in content_words(other)}
        covered = sum(_stem(w) in other_words for w in rest) / len(rest) if rest else 1.0
        return 0.9 + 0.03 * covered, span
    span = _find_phrase(head[:1], other)
    if span and not _negated(other, span) and len(words) == 1:
        return 0.6, span
    return 0.0, None


def _negation_cues(a: str, b: str, swap: bool) -> list[Cue]:
    cues = []
    for m in _NEGATED_OBJECT.finditer(a):
        obj = m.group("obj")
        match, span_b = _object_match(obj, b)
        if not match:
            continue
        alt = _RATHER.search(a, m.end("obj"))
        kind = "terminology" if alt else "negation"
        what = obj.strip()
        if alt:
            expl = f"one claim says there is no '{what}' but '{alt.group('alt').strip()}'; "
            expl += "the other calls it that"
        else:
            expl = f"one claim negates '{what}', the other asserts it"
        strength = 0.55 + 0.35 * match + (0.05 if alt else 0.0)
        span_a = (m.start(), m.end("obj"))
        cues.append(_oriented(kind, min(strength, 1.0), span_a, span_b, expl, swap))
    for m in _DENIAL.finditer(a):
        obj = m.group("obj")
        match, span_b = _object_match(obj, b)
        if match:
            expl = f"one claim denies '{obj.strip()}', the other asserts it"
            strength = min(1.0, 0.5 + 0.35 * match)
            cues.append(_oriented("denial", strength, (m.start(), m.end()), span_b, expl, swap))
    return cues


Span = tuple[int, int] | None


def _oriented(kind: str, strength: float, span_a: Span, span_b: Span, expl: str, swap: bool) -> Cue:
    if swap:
        span_a, span_b = span_b, span_a
    return Cue(kind, round(strength, 4), span_a, span_b, expl)


def _overlap(a: str, b: str) -> float:
    wa, wb = {_stem(w) for w in content_words(a)}, {_stem(w) for w in content_words(b)}
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def _numeric_cues(a: str, b: str) -> list[Cue]:
    """Figures about the same thing that cannot both hold (``claims.detect.quantity``):
    units converted, number words read, approximations and ranges tolerated; never an
    update, a demand or offer, a forecast, or another event."""
    from claims.detect.quantity import compare

    conflict = compare(a, b)
    if conflict is None:
        return []
    expl = f"different figures: {conflict.explanation}"
    return [Cue("numeric", conflict.strength, conflict.span_a, conflict.span_b, expl)]


def _dates(text: str) -> list[tuple[str, tuple[int, int]]]:
    out = []
    for m in _DATE.finditer(text):
        key = f"{m.group('month').lower()} {int(m.group('day'))} {m.group('year') or ''}".strip()
        out.append((key, (m.start(), m.end())))
    return out


def _temporal_cues(a: str, b: str) -> list[Cue]:
    """Explicit calendar dates that differ in two claims about the same thing."""
    overlap = _overlap(a, b)
    da, db = _dates(a), _dates(b)
    if overlap < 0.5 or len(da) != 1 or len(db) != 1 or da[0][0] == db[0][0]:
        return []
    (ka, sa), (kb, sb) = da[0], db[0]
    month_a, month_b = _MONTHS.index(ka.split()[0]), _MONTHS.index(kb.split()[0])
    if abs(month_a - month_b) > 1:
        return []  # months far apart: more likely two events than one misdated
    expl = f"same event, different dates: {a[sa[0] : sa[1]]!r} against {b[sb[0] : sb[1]]!r}"
    return [Cue("temporal", round(min(0.9, 0.4 + 0.5 * overlap), 4), sa, sb, expl)]


def _antonym_cues(a: str, b: str) -> list[Cue]:
    if _overlap(a, b) < 0.5:
        return []
    wa = set(content_words(a)) | set(a.lower().split())
    wb = set(content_words(b)) | set(b.lower().split())
    for x, y in ANTONYMS:
        for p, q in ((x, y), (y, x)):
            if p in wa and q in wb and q not in wa and p not in wb:
                sa = _find_phrase([p], a)
                sb = _find_phrase([q], b)
                expl = f"opposite words: '{p}' against '{q}'"
                return [Cue("other", 0.55, sa, sb, expl)]
    return []


def find_cues(a: str, b: str) -> list[Cue]:
    """Every explicit cue that ``a`` and ``b`` conflict, strongest first."""
    cues = _negation_cues(a, b, swap=False) + _negation_cues(b, a, swap=True)
    cues += _numeric_cues(a, b) + _temporal_cues(a, b) + _antonym_cues(a, b)
    return sorted(cues, key=lambda c: -c.strength)


class CueScorer:
    """ContradictionScorer built on explicit cues alone: fast, precise, low recall."""

    model_id = "cues-v1"

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        return [self._one(a, b) for a, b in pairs]

    def _one(self, a: ClaimView, b: ClaimView) -> Verdict:
        cues = find_cues(a.text, b.text)
        if not cues:
            return Verdict(0.0, "none", "no explicit cue", model=self.model_id)
        best = cues[0]
        spans = (best.span_a, best.span_b)
        return Verdict(best.strength, best.kind, best.explanation, spans, self.model_id)
