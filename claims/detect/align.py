"""What two claims of one story have in common: the alignment candidates are chosen by.

Contradicting propositions are rarely similar sentences ("There were no fatalities." and
"Two miners were killed…" have cosine 0.24), but they share what they are about: a named
subject, the thing a figure measures (deaths), or the predicate's family (kill/die). Each
claim is read once (``Aligned``); a pair's strength adds those shared signals to the
cosine of its propositions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claims.detect.quantity import find_quantities
from claims.detect.quantity.extract import COMPARABLE, existentials
from claims.detect.quantity.measured import canonical, event_class
from claims.types import ClaimView
from store.records import frame_dict

ENTITY_WEIGHT = 0.3  # added to the cosine when the two propositions name one entity
MEASURED_WEIGHT = 0.3  # ... when figures of both measure one thing or event
PREDICATE_WEIGHT = 0.15  # ... when their main verbs are of one family
_WEAK_PREDICATES = frozenset("be have say do make take get give go come include".split())


@dataclass(frozen=True)
class Aligned:
    """What alignment reads of one claim."""

    entities: frozenset[str]  # story entities its proposition names
    measured: frozenset[str]  # things and event classes its figures measure
    predicate: str | None  # family of its main verb


def _names_in(text: str, names: Iterable[str]) -> frozenset[str]:
    low = f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} "
    return frozenset(n for n in names if f" {' '.join(re.findall(r'[a-z0-9]+', n))} " in low)


@functools.lru_cache(maxsize=4096)
def _measured(text: str) -> frozenset[str]:
    out: set[str] = set()
    for q in find_quantities(text) + existentials(text):  # "a girl died" meets "no deaths"
        if q.kind not in COMPARABLE or q.measured is None:
            continue
        m = q.measured
        out.add(canonical(m.thing))
        for word in (m.event, m.event_class, m.predicate):
            cls = event_class(word)
            if cls:
                out.add(f"event:{cls}")
    return frozenset(out)


def predicate_family(lemma: str | None) -> str | None:
    """A verb's family: its event class (kill, die -> dead) or itself; None for verbs that
    say nothing of what happened ("be", "say")."""
    if not lemma or lemma in _WEAK_PREDICATES:
        return None
    return event_class(lemma) or lemma


STORY_COMMON = 0.2  # entities more of a story's claims name than this align no pair
COMMON_FROM = 10  # ... in stories of at least this many claims


def telling_names(propositions: Sequence[str], names: Iterable[str]) -> set[str]:
    """The entities of a story that tell its claims apart: in a story about Iran and Iraq
    nearly every claim names both, so sharing them says nothing about one pair."""
    names = set(names)
    if len(propositions) < COMMON_FROM:
        return names
    counts = {n: 0 for n in names}
    for text in propositions:
        for n in _names_in(text, names):
            counts[n] += 1
    return {n for n, c in counts.items() if c <= STORY_COMMON * len(propositions)}


def aligned(view: ClaimView, names: Iterable[str]) -> Aligned:
    """Read one claim: the given entity names its proposition mentions, what its figures
    measure, its predicate's family."""
    proposition = view.proposition
    predicate = frame_dict(view.frame).get("predicate")
    return Aligned(
        _names_in(proposition, names),
        _measured(proposition),
        predicate_family(predicate if isinstance(predicate, str) else None),
    )


MODEL_ONLY_ENTITY = 0.3  # what a shared entity adds to a model-only flag's alignment
MODEL_ONLY_PREDICATE = 0.3  # ... a shared predicate family


def model_only_alignment(evidence: str, cosine: float) -> float:
    """How surely two claims are about one thing, for a flag that rests on the NLI model
    alone (no explicit cue): the cosine of their propositions plus what they share of a
    named subject and a predicate family (``evidence`` as ``strength`` names it).

    A shared measured thing adds nothing here: where two figures of one thing conflict a
    numeric cue says so; without one, figures of one measure are mostly of different roles
    ("Castell won 8,204 votes" / "Finch finished third with 2,904 votes"), the model's
    commonest false flag on the news dev split.
    """
    shared = set(evidence.split("+"))
    score = cosine
    if "entity" in shared:
        score += MODEL_ONLY_ENTITY
    if "predicate" in shared:
        score += MODEL_ONLY_PREDICATE
    return score


def strength(a: Aligned, b: Aligned, cosine: float) -> tuple[float, str]:
    """How strongly two claims are about one thing, and the evidence ("" for none)."""
    score, evidence = cosine, []
    if a.entities & b.entities:
        score += ENTITY_WEIGHT
        evidence.append("entity")
    if a.measured & b.measured:
        score += MEASURED_WEIGHT
        evidence.append("measured")
    if a.predicate is not None and a.predicate == b.predicate:
        score += PREDICATE_WEIGHT
        evidence.append("predicate")
    return score, "+".join(evidence)
