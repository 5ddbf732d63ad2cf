"""``NLIScorer``: the default contradiction scorer, NLI both ways plus explicit cues.

Each pair goes through the model one way first; the second direction is scored only where
the first leaves the verdict open, i.e. where some second-direction probabilities could lift
the combined score to ``settle_below`` (the flag threshold). A settled pair (the first
direction is confident entailment, no cue) scores with its first direction read both ways,
which by construction stays below the threshold, unless its first direction reads as
entailment (``ENTAIL_READ``): then the second is scored as well, to tell whether the pair
entails both ways (a paraphrase, ``Verdict.entailment``). The probabilities and the cues of
``claims.detect.cues`` are combined (``combiner``) into the stored score, and the verdict
names what conflicts: the strongest cue, else the words that differ.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from claims.config import NLI_VIEWS as VIEWS  # what the model reads of a claim (``read``)
from claims.detect.corroborate import PARAPHRASE_ENTAIL
from claims.detect.nli.combiner import CUE_KINDS, Combiner, features
from claims.detect.nli.model import PairModel
from claims.errors import BadInput
from claims.types import ClaimView, Verdict
from store.records import frame_dict

ENTAIL_READ = PARAPHRASE_ENTAIL  # a settled pair entailing this much one way is read back
_WORD = re.compile(r"[\w$€£%]+(?:[.,:'’-][\w%]+)*")  # words and numbers, no edge punctuation


def differing_words(a: str, b: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Character spans covering the words that differ between two texts (first change)."""
    wa, wb = list(_WORD.finditer(a)), list(_WORD.finditer(b))
    sm = difflib.SequenceMatcher(
        a=[m.group().lower() for m in wa], b=[m.group().lower() for m in wb], autojunk=False
    )
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        sa = (wa[i1].start(), wa[i2 - 1].end()) if i2 > i1 else None
        sb = (wb[j1].start(), wb[j2 - 1].end()) if j2 > j1 else None
        return sa, sb
    return None, None


def _quote(text: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return "(nothing)"
    words = text[span[0] : span[1]]
    return f"'{words if len(words) <= 60 else words[:57] + '...'}'"


class NLIScorer:
    """ContradictionScorer: NLI both directions + explicit cues, combined and calibrated.

    ``view`` is what the model reads of each claim (``VIEWS``); ``settle_below`` 0 scores
    every pair both ways, otherwise pairs settled below it by the first direction skip
    the second.
    """

    def __init__(
        self,
        model: PairModel,
        combiner: Combiner | None = None,
        find_cues: Callable[[str, str], list] | None = None,
        batch_size: int = 64,
        settle_below: float = 0.5,
        view: str = "proposition",
    ) -> None:
        if find_cues is None:
            from claims.detect.cues import find_cues
        if view not in VIEWS:
            raise BadInput(f"unknown NLI view {view!r}; choose one of {', '.join(VIEWS)}")
        self.model = model
        self.combiner = combiner or Combiner.load()
        self.find_cues = find_cues
        self.batch_size = batch_size
        self.settle_below = settle_below  # the default flag threshold; 0 scores both ways
        self.view = view
        self.model_id = f"{model.model_id}+{self.combiner.version}"
        # verdicts are reused by this id: the text read depends on the view, a settled
        # pair's score on the threshold, its entailment on ENTAIL_READ
        self.verdict_id = (
            f"{self.model_id};view={view};settle={settle_below:g};entail={ENTAIL_READ:g}"
        )

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        """One verdict per pair, in order; the second direction only where it can matter.

        The model reads each side as ``read`` gives it for the scorer's view. Cues and
        spans come from the sentences.
        """
        if not pairs:
            return []
        props = [(read(a, self.view), read(b, self.view)) for a, b in pairs]
        texts = [(a.text, b.text) for a, b in pairs]
        cues = [self.find_cues(a, b) for a, b in texts]
        ab = self.model.predict(props, self.batch_size)
        ba = ab.copy()
        open_ = self._open(ab, cues)
        second = np.flatnonzero(open_ | (ab[:, 0] >= ENTAIL_READ))
        if len(second):
            ba[second] = self.model.predict([props[i][::-1] for i in second], self.batch_size)
        denial = [_denies(a) != _denies(b) for a, b in pairs]
        scores = self.combiner(features(ab, ba, cues))
        both_ways = set(second.tolist())
        return [
            replace(
                self._verdict(pairs[i], float(scores[i]), ab[i], ba[i], cues[i], denial[i]),
                entailment=(
                    round(float(ab[i, 0]), 4),
                    round(float(ba[i, 0]), 4) if i in both_ways else None,
                ),
            )
            for i in range(len(pairs))
        ]

    def _open(self, ab: np.ndarray, cues: list[list]) -> np.ndarray:
        """Which pairs need the second direction: those whose score could still reach
        ``settle_below`` for some second-direction probabilities (a vertex of the simplex,
        since the combiner is monotone in each feature), or that have a cue."""
        x = features(ab, ab, cues)
        coef = np.asarray(self.combiner.coef, dtype=np.float64)
        best_ba = max(0.0, coef[1], coef[3])  # p_c_ba, p_e_ba with p_c + p_e <= 1
        z = x[:, [0, 2]] @ coef[[0, 2]] + x[:, 4:] @ coef[4:] + self.combiner.intercept
        ceiling = 1.0 / (1.0 + np.exp(-(z + best_ba)))
        has_cue = np.array([bool(c) for c in cues], dtype=bool)
        return has_cue | (ceiling >= self.settle_below)

    def _verdict(
        self,
        pair: tuple[ClaimView, ClaimView],
        score: float,
        ab: np.ndarray,
        ba: np.ndarray,
        cues: list,
        denial: bool,
    ) -> Verdict:
        texts = (pair[0].text, pair[1].text)
        p_c = max(float(ab[2]), float(ba[2]))
        if denial and not cues:
            return _denial_verdict(pair, round(score, 4), p_c, self.model_id)
        if cues:
            best = max(cues, key=lambda c: c.strength)
            kind = best.kind if best.kind in CUE_KINDS else "other"
            expl = f"{best.explanation}; NLI contradiction {p_c:.2f}"
            spans = (best.span_a, best.span_b)
        else:
            kind = "other"
            spans = differing_words(*texts)
            expl = (
                f"NLI contradiction {p_c:.2f}: {_quote(texts[0], spans[0])} against "
                f"{_quote(texts[1], spans[1])}"
            )
        return Verdict(round(score, 4), kind, expl, spans, self.model_id)


def read(claim: ClaimView, view: str = "proposition") -> str:
    """What the model reads of a claim in ``view`` (one of ``VIEWS``).

    "proposition": what the claim asserts, its attribution removed; "speaker": the same
    led by its speaker ("The fire service said: 40 people were hurt."), so two speakers'
    accounts read as reports; "sentence": the claim's sentence as written. A denial is
    read whole in every view: "X denied that P" asserts not-P, and the model was trained
    on denials.
    """
    if view == "sentence" or _denies(claim):
        return claim.text
    if view == "speaker":
        who = frame_dict(claim.frame).get("speaker") or claim.speaker
        if who and claim.proposition != claim.text:
            return f"{who} said: {claim.proposition}"
    return claim.proposition


def _denies(view: ClaimView) -> bool:
    """Whether the claim's speaker denies its proposition ("X denied that P")."""
    return bool(frame_dict(view.frame).get("negated"))


def _denial_verdict(
    pair: tuple[ClaimView, ClaimView], score: float, p_c: float, model_id: str
) -> Verdict:
    """ "denial: X denies what Y asserts", the denying verb and the asserted claim marked."""
    denier, other = pair if _denies(pair[0]) else (pair[1], pair[0])
    who = frame_dict(denier.frame).get("speaker") or "one source"
    whom = frame_dict(other.frame).get("speaker") or other.speaker or "the other"
    verb = frame_dict(denier.frame).get("verb_span")
    marked = tuple(verb) if verb else None
    spans = (marked, None) if denier is pair[0] else (None, marked)
    expl = f"denial: {who} denies what {whom} asserts; NLI on the propositions {p_c:.2f}"
    return Verdict(score, "denial", expl, spans, model_id)
