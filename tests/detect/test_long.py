"""Long premises read sentence by sentence: the decisive sentence's probabilities count."""

from __future__ import annotations

from claims.detect.nli.long import predict_by_sentence, premise_sentences
from tests.doubles import KeywordNLI


def test_premises_split_into_sentences_without_cutting_abbreviations() -> None:
    text = "The ferry left at noon. It was not full. Mr. Abe said so."
    assert premise_sentences(text) == [
        "The ferry left at noon.",
        "It was not full.",
        "Mr. Abe said so.",
    ]
    assert premise_sentences("One sentence only") == ["One sentence only"]


def test_the_sentence_that_decides_gives_the_pair_its_probabilities() -> None:
    model = KeywordNLI()
    premise = "Rain fell in the north. The bridge is open."
    (probs,) = predict_by_sentence(model, [(premise, "The bridge is not open.")])
    assert probs.argmax() == 2  # the second sentence contradicts the hypothesis
    assert model.calls[0] == [
        ("Rain fell in the north.", "The bridge is not open."),
        ("The bridge is open.", "The bridge is not open."),
    ]
