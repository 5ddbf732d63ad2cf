"""Rules that keep a candidate pair from being scored at all.

Two claims about different events cannot contradict each other however alike they read:
the 2023 agreement "signed on Sunday" is not the 2025 memorandum "signed on Monday".
Copies of one text and one voice restating itself are not conflicts either.
"""

from __future__ import annotations

import re

from claims.detect.align import model_only_alignment
from claims.detect.cues import find_cues
from claims.detect.events import different_years, story_years_of
from claims.types import ClaimView
from store.records import frame_dict

SAME_EVENT_DAYS = 3  # resolved event dates further apart than this are different events

_NON_WORD = re.compile(r"[\W_]+")


def _norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def skip_reason(a: ClaimView, b: ClaimView) -> str | None:
    """Why the pair must not be flagged, or None when it may be scored."""
    if _norm(a.text) == _norm(b.text):
        return "same text"
    if a.source_id == b.source_id and not (a.speaker and b.speaker and a.speaker != b.speaker):
        return "same article and voice"
    return _event_reason(a, b)


def _event_reason(a: ClaimView, b: ClaimView) -> str | None:
    years = different_years(
        a.text, a.published, b.text, b.published, story_years_of(a), story_years_of(b)
    )
    if years is not None:
        ya, yb = (", ".join(str(y) for y in sorted(y)) for y in years)
        return f"different events (in {ya} vs in {yb})"
    if a.event_date_inherited or b.event_date_inherited:
        return None  # an article's day is a hint for ranking, not proof of another event
    if a.event_date and b.event_date:
        if a.event_date == b.event_date:
            return None
        gap = abs((a.event_date - b.event_date).days)
        if gap > SAME_EVENT_DAYS or a.event_date_approx or b.event_date_approx:
            return f"different events ({a.event_date} vs {b.event_date})"
        return None  # close resolved dates: may be one event misdated, let the scorer judge
    words_a = (a.event_date_text or "").lower()
    words_b = (b.event_date_text or "").lower()
    if words_a and words_b and words_a != words_b:
        return (
            f"different or unresolved event dates ({a.event_date_text!r} vs {b.event_date_text!r})"
        )
    return None


ONE_SIDED_DATE_FACTOR = 0.9
UNATTRIBUTED_FACTOR = 0.95


def pair_confidence(a: ClaimView, b: ClaimView) -> tuple[float, str]:
    """A factor on a pair's score for what the scorer cannot see, and why, when below 1.

    When only one claim pins its event to a day ("signed on Sunday") the other may be about
    another occasion altogether. When the two claims are not both on record from two named
    parties, one side is a reporter's summary rather than somebody's assertion. Such flags
    are kept but ranked below a conflict between two speakers about one undated matter.
    """
    factor, caveats = 1.0, []
    if bool(a.event_date_text) != bool(b.event_date_text):
        dated = a.event_date_text or b.event_date_text
        factor *= ONE_SIDED_DATE_FACTOR
        caveats.append(f"only one claim dates its event ({dated!r})")
    if not (a.speaker and b.speaker and a.speaker != b.speaker):
        factor *= UNATTRIBUTED_FACTOR
    if irrealis(a) != irrealis(b):
        factor *= IRREALIS_FACTOR
        caveats.append("one claim is a forecast, plan or belief, the other a statement of fact")
    return factor, "; ".join(caveats)


IRREALIS_FACTOR = 0.85
_IRREALIS = re.compile(
    r"\b(?:will|would|could|may|might|should|expected|expects?|plans?|planned|proposed|"
    r"intends?|hopes?|aims?)\b",
    re.IGNORECASE,
)


def irrealis(view: ClaimView) -> bool:
    """Whether a claim speaks of what is expected, planned or believed rather than what is:
    its proposition has a modal or plan word, or its speaker only hedges ("expects")."""
    frame = frame_dict(view.frame)
    return frame.get("reporting") == "hedge" or bool(_IRREALIS.search(view.proposition))


def model_only_unaligned(
    a: ClaimView, b: ClaimView, evidence: str, similarity: float, floor: float
) -> bool:
    """Whether a flag would rest on the NLI model alone for claims not shown to be about
    one thing.

    NLI training pairs always describe one situation, so the model reads two unrelated
    sentences ("Everything was destroyed by Russia." / "It never mentions Moscow's
    invasion.") as contradicting. Without an explicit cue, a flag therefore needs the
    alignment evidence of its pair (``evidence``: a shared subject entity or predicate
    family, ``claims.detect.align.model_only_alignment``) or propositions that read alike
    to reach ``Tuning.model_alignment``. 0.5 and 0.6 tie on F1 on the news dev split; at 0.5
    every flag that the former cosine floor of 0.5 let through still passes (evidence only
    adds), so the replacement cannot lose a flag the cosine rule kept.
    """
    if model_only_alignment(evidence, similarity) >= floor:
        return False
    return not find_cues(a.text, b.text)
