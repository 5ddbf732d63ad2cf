"""The claim frame record: who says it, how, and what is claimed, with spans to highlight.

Kept free of spaCy so stored frames can be read (``Frame.from_dict``) without loading a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FRAME_VERSION = 1

# Reporting verbs (lemmas) by what they commit the speaker to. A denial asserts the opposite
# of its content; a hedge reports belief, estimate or suspicion rather than fact.
ASSERT_VERBS = frozenset(
    "say tell add state confirm insist claim report announce stress argue admit acknowledge "
    "warn note explain write declare assert maintain reiterate reveal disclose testify show "
    "concede emphasise emphasize underline find conclude affirm repeat agree put place "
    "observe recall".split()
)
HEDGE_VERBS = frozenset(
    "believe think suggest suspect estimate expect fear allege speculate predict forecast "
    "project guess assume hope doubt signal promise pledge vow".split()
)
DENY_VERBS = frozenset("deny reject dismiss refute dispute rebut contest disavow".split())
ACCUSE_VERBS = frozenset({"accuse"})
REPORTING_VERBS = ASSERT_VERBS | HEDGE_VERBS | DENY_VERBS | ACCUSE_VERBS
REPORTING_KINDS = ("assert", "deny", "hedge", "none")

Span = tuple[int, int]


@dataclass(frozen=True)
class Lexicon:
    """Words that tell who a pronoun may stand for: organisation nouns ("council", "police":
    never "he") and person titles ("minister", "mayor": never "it").

    Passed in by ``claims.extract.frames`` from ``claims.extract.speakers``, so that the
    speaker rules keep one word list and this package imports nothing above it.
    """

    organisations: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()


def reporting_kind(verb: str | None) -> str:
    """``assert`` / ``deny`` / ``hedge`` for a reporting verb lemma; ``none`` without one.

    "according to" and "accuse" assert; an unknown verb is taken as an assertion.
    """
    if not verb:
        return "none"
    if verb in DENY_VERBS:
        return "deny"
    if verb in HEDGE_VERBS:
        return "hedge"
    return "assert"


@dataclass(frozen=True)
class TimeExpr:
    """A time expression of the sentence: its words, character span and spaCy label.

    ``role`` says whether it dates the proposition ("event") or the attribution ("report":
    the "on Friday" of "the hospital said on Friday").
    """

    text: str
    start: int
    end: int
    label: str = "DATE"  # "DATE" | "TIME"
    role: str = "event"  # "event" | "report"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "role": self.role,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeExpr:
        return cls(
            text=data["text"],
            start=int(data["start"]),
            end=int(data["end"]),
            label=data.get("label", "DATE"),
            role=data.get("role", "event"),
        )


@dataclass(frozen=True)
class Frame:
    """Who says a claim (speaker, reporting verb) apart from what is claimed (proposition).

    ``sentence`` is the claim as written, untouched; every span is a ``(start, end)`` character
    span into it. ``proposition`` is a readable sentence built from ``proposition_spans``; its
    words may differ from them (a pronoun resolved to the speaker, "was" for the "at" of
    "put the number at 12", a capital first letter). ``negated`` is True when the speaker
    asserts the opposite of the proposition (a denial: "X denied that P" asserts not-P);
    ``polarity`` is that of what the speaker asserts, the proposition's own negation ("not",
    "never", "no", "nobody") and the denial taken together. ``subject`` and ``predicate``
    are lemmas of the proposition's subject head and main verb, for aligning who did what.
    """

    sentence: str
    proposition: str
    speaker: str | None = None
    verb: str | None = None  # reporting verb lemma, "according to", or None
    reporting: str = "none"  # "assert" | "deny" | "hedge" | "none"
    negated: bool = False
    polarity: str = "positive"  # "positive" | "negative"
    subject: str | None = None
    predicate: str | None = None
    times: tuple[TimeExpr, ...] = ()
    proposition_spans: tuple[Span, ...] = ()
    speaker_span: Span | None = None
    verb_span: Span | None = None
    resolved: str | None = None  # the pronoun replaced by the speaker ("he"), if any
    speaker_given: bool = False  # the speaker came from the caller, not the sentence
    version: int = field(default=FRAME_VERSION, compare=False)

    @property
    def attributed(self) -> bool:
        """True when an attribution was found in the sentence and removed."""
        return self.verb is not None

    @property
    def asserts_negative(self) -> bool:
        return self.polarity == "negative"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (spans as two-item lists)."""
        return {
            "version": self.version,
            "sentence": self.sentence,
            "proposition": self.proposition,
            "speaker": self.speaker,
            "verb": self.verb,
            "reporting": self.reporting,
            "negated": self.negated,
            "polarity": self.polarity,
            "subject": self.subject,
            "predicate": self.predicate,
            "times": [t.to_dict() for t in self.times],
            "proposition_spans": [list(s) for s in self.proposition_spans],
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
            "verb_span": list(self.verb_span) if self.verb_span else None,
            "resolved": self.resolved,
            "speaker_given": self.speaker_given,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Frame:
        """The frame ``to_dict`` wrote (missing optional keys take their defaults)."""
        return cls(
            sentence=data["sentence"],
            proposition=data["proposition"],
            speaker=data.get("speaker"),
            verb=data.get("verb"),
            reporting=data.get("reporting", "none"),
            negated=bool(data.get("negated", False)),
            polarity=data.get("polarity", "positive"),
            subject=data.get("subject"),
            predicate=data.get("predicate"),
            times=tuple(TimeExpr.from_dict(t) for t in data.get("times", ())),
            proposition_spans=tuple(_span(s) for s in data.get("proposition_spans", ())),
            speaker_span=_span(data["speaker_span"]) if data.get("speaker_span") else None,
            verb_span=_span(data["verb_span"]) if data.get("verb_span") else None,
            resolved=data.get("resolved"),
            speaker_given=bool(data.get("speaker_given", False)),
            version=int(data.get("version", FRAME_VERSION)),
        )


def _span(value: Any) -> Span:
    start, end = value
    return int(start), int(end)
