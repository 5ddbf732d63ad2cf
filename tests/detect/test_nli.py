"""NLI scorer, pair scoring and model loading: a fast double, plus marked real-model checks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from claims.detect.nli.combiner import FEATURES, Combiner
from claims.detect.nli.model import SHIPPED_MODEL, _label_columns, load_nli_model
from claims.detect.nli.pairs import score_pairs
from claims.detect.nli.scorer import ENTAIL_READ, NLIScorer, differing_words
from claims.errors import BadInput, ModelNotFound
from claims.types import ClaimView
from tests.doubles import KeywordNLI


@dataclass(frozen=True)
class FakeCue:
    kind: str
    strength: float
    span_a: tuple[int, int] | None
    span_b: tuple[int, int] | None
    explanation: str


def fake_cues(a: str, b: str) -> list[FakeCue]:
    if "denied" in a:
        return [FakeCue("denial", 0.9, (0, len(a)), (0, len(b)), "one denies what the other says")]
    return []


def claim(i: int, text: str) -> ClaimView:
    return ClaimView(id=i, text=text, source_id=i)


@pytest.fixture
def scorer() -> NLIScorer:
    return NLIScorer(KeywordNLI(), combiner=Combiner.default(), find_cues=fake_cues)


def test_scorer_orders_verdicts_and_scores_both_directions(scorer: NLIScorer) -> None:
    pairs = [
        (claim(1, "The bridge is open."), claim(2, "The bridge is not open.")),
        (claim(3, "The bridge is open."), claim(4, "The bridge is open.")),
        (claim(5, "Rain fell in Oslo."), claim(6, "Snow fell in Bergen.")),
    ]
    verdicts = scorer.score(pairs)
    assert len(verdicts) == 3
    assert verdicts[0].score > verdicts[2].score > verdicts[1].score
    first, second = scorer.model.calls  # one way for all, back where open or entailing
    assert first == [(a.text, b.text) for a, b in pairs]
    assert second == [(b.text, a.text) for a, b in pairs]
    assert verdicts[1].entailment == (0.9, 0.9), "the settled paraphrase is read both ways"
    assert verdicts[2].entailment == (0.1, 0.1)
    assert all(v.model == scorer.model_id for v in verdicts)
    assert scorer.model_id.startswith("fake@0000+")


def test_a_settled_pair_stays_below_the_threshold_it_was_settled_against() -> None:
    """Skipping the second direction never changes which pairs reach ``settle_below``."""
    pairs = [
        (claim(1, "The bridge is open."), claim(2, "The bridge is open.")),
        (claim(3, "Rain fell in Oslo."), claim(4, "Snow fell in Bergen.")),
    ]
    both = NLIScorer(KeywordNLI(), Combiner.default(), fake_cues, settle_below=0.0)
    lazy = NLIScorer(KeywordNLI(), Combiner.default(), fake_cues, settle_below=0.5)
    full, quick = both.score(pairs), lazy.score(pairs)
    assert [len(c) for c in both.model.calls] == [2, 2]
    assert [len(c) for c in lazy.model.calls] == [2, 2]  # the settled pair entails: read back
    assert quick == full  # read both ways, it is scored as if nothing were settled
    assert quick[0].score < 0.5 and quick[0].entailment == (0.9, 0.9)


def test_a_settled_pair_that_does_not_entail_is_read_one_way_only() -> None:
    """The second direction of a settled pair costs a model call only where the first reads
    as entailment: a pair that entails one way at most is no paraphrase."""

    class Settling(KeywordNLI):
        def predict(self, pairs, batch_size=64):  # type: ignore[no-untyped-def]
            self.calls.append(list(pairs))
            return np.asarray([[0.2, 0.79, 0.01]] * len(pairs), dtype=np.float32)

    lazy = NLIScorer(Settling(), Combiner.default(), fake_cues, settle_below=0.5)
    pair = (claim(1, "Rain fell in Oslo."), claim(2, "It rained in Oslo on Monday."))
    (verdict,) = lazy.score([pair])  # settled: 3*0.01 - 1.5*0.2 - 3 + 3 (best back) < 0
    assert ENTAIL_READ > 0.2 and [len(c) for c in lazy.model.calls] == [1]
    assert verdict.entailment == (0.2, None), "the unread direction is unknown, not 0.2"


def test_scorer_names_differing_words_without_cue(scorer: NLIScorer) -> None:
    a, b = "The bridge is open.", "The bridge is not open."
    (v,) = scorer.score([(claim(1, a), claim(2, b))])
    assert v.kind == "other"
    span_a, span_b = v.spans
    assert span_a is None and b[span_b[0] : span_b[1]] == "not"
    assert "'not'" in v.explanation


def test_scorer_uses_cue_kind_and_spans(scorer: NLIScorer) -> None:
    a, b = "The minister denied that taxes rose.", "Taxes rose."
    (v,) = scorer.score([(claim(1, a), claim(2, b))])
    assert v.kind == "denial"
    assert v.spans == ((0, len(a)), (0, len(b)))
    assert v.explanation.startswith("one denies what the other says")


def test_scorer_empty_input(scorer: NLIScorer) -> None:
    assert scorer.score([]) == []


def test_combiner_json_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "combiner.json"
    coef = [0.5] * len(FEATURES)
    path.write_text(
        json.dumps({"features": list(FEATURES), "coef": coef, "intercept": -1.0, "version": "t1"})
    )
    comb = Combiner.load(path)
    assert comb.version == "t1"
    x = np.ones((1, len(FEATURES)))
    assert comb(x)[0] == pytest.approx(1 / (1 + np.exp(-(0.5 * len(FEATURES) - 1.0))))
    path.write_text(json.dumps({"features": ["x"], "coef": [1.0], "intercept": 0.0}))
    with pytest.raises(ModelNotFound):
        Combiner.load(path)


def test_a_cue_scores_at_least_its_dev_precision_times_its_strength() -> None:
    """A rare cue the regression cannot weigh still lifts a pair to its measured precision."""
    weak = Combiner((1.0,) * len(FEATURES), -4.0, "t")
    floored = Combiner((1.0,) * len(FEATURES), -4.0, "t", (("terminology", 0.9),))
    x = np.zeros((2, len(FEATURES)))
    x[0, FEATURES.index("cue_terminology")] = 0.8
    assert weak(x)[0] < 0.1
    assert floored(x)[0] == pytest.approx(0.72)
    assert floored(x)[1] == pytest.approx(weak(x)[1])  # no cue: the regression alone


def test_differing_words() -> None:
    a, b = "Ten people died on Monday.", "Twelve people died on Monday."
    sa, sb = differing_words(a, b)
    assert a[sa[0] : sa[1]] == "Ten" and b[sb[0] : sb[1]] == "Twelve"
    assert differing_words(a, a) == (None, None)


def test_label_columns_from_config() -> None:
    assert _label_columns({0: "CONTRADICTION", 1: "Entailment", 2: "neutral"}) == [1, 2, 0]
    with pytest.raises(ModelNotFound):
        _label_columns({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})


def test_score_pairs_in_order() -> None:
    lines = [
        json.dumps({"premise": "A is here.", "hypothesis": "A is here.", "id": 7}),
        "",
        json.dumps({"premise": "A is here.", "hypothesis": "A is not here."}),
    ]
    out = list(score_pairs(lines, KeywordNLI(), batch_size=1))
    assert [o["label"] for o in out] == ["entailment", "contradiction"]
    assert set(out[1]["scores"]) == {"entailment", "neutral", "contradiction"}
    assert out[1]["scores"]["contradiction"] == pytest.approx(0.9)


@pytest.mark.parametrize("bad", ["{not json", json.dumps({"premise": "only one"}), "[1, 2]"])
def test_score_pairs_bad_line_names_line(bad: str) -> None:
    lines = [json.dumps({"premise": "p", "hypothesis": "h"}), bad]
    with pytest.raises(BadInput, match="line 2"):
        list(score_pairs(lines, KeywordNLI()))


def test_load_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="does not exist"):
        load_nli_model(str(tmp_path / "nope"))
    with pytest.raises(ModelNotFound, match="config.json"):
        load_nli_model(str(tmp_path))


def test_load_unknown_hub_name_stays_offline() -> None:
    with pytest.raises(ModelNotFound, match="local Hugging Face cache"):
        load_nli_model("no-such-owner/no-such-nli-model")


# --- the shipped model (marked: loads real weights) ----------------------------------------


@pytest.fixture(scope="session")
def shipped():
    if not (SHIPPED_MODEL / "config.json").exists():
        pytest.skip("shipped NLI model not built")
    return load_nli_model()


@pytest.mark.model
def test_shipped_label_order(shipped) -> None:
    probs = shipped.predict(
        [
            ("A man is playing a guitar on stage.", "A man is playing an instrument."),
            ("A man is playing a guitar on stage.", "A woman is sleeping in bed."),
            ("A man is playing a guitar on stage.", "The man is famous."),
        ]
    )
    assert probs.shape == (3, 3)
    assert np.allclose(probs.sum(1), 1.0, atol=1e-3)
    assert probs[0].argmax() == 0
    assert probs[1].argmax() == 2
    assert len(shipped.content_hash) == 16
    assert f"@{shipped.content_hash}/" in shipped.model_id  # weights, then the runtime


@pytest.mark.model
def test_shipped_contradiction_beats_entailment(shipped) -> None:
    scorer = NLIScorer(shipped)
    a = claim(1, "The mayor said on Monday that the bridge will reopen in May.")
    same = claim(2, "The bridge will reopen in May, the mayor said.")
    contra = claim(3, "The mayor said on Monday that the bridge will not reopen in May.")
    v_same, v_contra = scorer.score([(a, same), (a, contra)])
    assert v_contra.score > v_same.score + 0.3
    assert v_contra.kind in {"negation", "other"}


def test_a_denial_of_what_the_other_asserts_is_a_contradiction() -> None:
    """The model reads propositions, a denial whole; the verdict names the denial."""
    denial = json.dumps(
        {"proposition": "Taxes rose.", "negated": True, "speaker": "The minister",
         "verb_span": [13, 19]}
    )  # fmt: skip
    asserted = json.dumps({"proposition": "Taxes rose.", "speaker": "The auditor"})
    a = ClaimView(1, "The minister denied that taxes rose.", 1, frame=denial)
    b = ClaimView(2, "The auditor said taxes rose.", 2, frame=asserted)
    agree = ClaimView(3, "Taxes rose, the auditor said.", 3, frame=asserted)
    scorer = NLIScorer(KeywordNLI(), combiner=Combiner.default(), find_cues=lambda a, b: [])
    flipped, same = scorer.score([(a, b), (b, agree)])
    assert scorer.model.calls[0][:2] == [(a.text, "Taxes rose."), ("Taxes rose.", "Taxes rose.")]
    assert flipped.kind == "denial" and flipped.score > 0.5 > same.score
    assert flipped.explanation.startswith("denial: The minister denies what The auditor asserts")
    assert a.text[slice(*flipped.spans[0])] == "denied"


def test_the_view_sets_what_the_model_reads_and_names_the_verdicts() -> None:
    """Each view reads its own text; verdicts of one view are never keyed as another's."""
    said = json.dumps({"proposition": "40 people were hurt.", "speaker": "The agency"})
    a = ClaimView(1, "The agency said 40 people were hurt.", 1, frame=said)
    b = ClaimView(2, "Twelve people were hurt.", 2)
    read = {}
    ids = set()
    for view in ("proposition", "speaker", "sentence"):
        scorer = NLIScorer(KeywordNLI(), Combiner.default(), lambda a, b: [], view=view)
        scorer.score([(a, b)])
        read[view] = scorer.model.calls[0][0][0]
        ids.add(scorer.verdict_id)
        assert f";view={view};" in scorer.verdict_id
    assert read == {
        "proposition": "40 people were hurt.",
        "speaker": "The agency said: 40 people were hurt.",
        "sentence": a.text,
    }
    assert len(ids) == 3
    with pytest.raises(BadInput, match="unknown NLI view 'headline'"):
        NLIScorer(KeywordNLI(), Combiner.default(), lambda a, b: [], view="headline")


def test_the_settings_choose_the_view_and_directions_of_the_default_scorer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``nli_view`` and ``nli_directions`` reach the scorer the pipeline builds."""
    import claims.detect.nli as nli
    from claims.config import Settings
    from claims.pipeline.stages import default_scorer

    monkeypatch.setattr(nli, "load_nli_model", lambda name=None: KeywordNLI())
    plain = default_scorer(Settings())
    assert (plain.view, plain.settle_below) == ("proposition", 0.5)
    both = default_scorer(Settings(nli_view="speaker", nli_directions="both"))
    assert (both.view, both.settle_below) == ("speaker", 0.0)
    assert both.verdict_id != plain.verdict_id
