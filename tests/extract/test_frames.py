"""Claim frames: who says a claim apart from what it claims.

The string helpers and the record's JSON form are tested without a model; the tests marked
``model`` load spaCy's English pipeline (en_core_web_sm 3.8, pinned by hash in
requirements-models.txt) once per process. Every sentence here is written for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from claims.extract.frame.record import Frame, TimeExpr, reporting_kind
from claims.extract.frame.text import (
    as_subject,
    balance_quotes,
    capitalise_first,
    finish,
    join_words,
    third_singular,
    tidy,
)

# --- pure helpers, no model ---


def test_tidy_mends_the_punctuation_a_cut_leaves() -> None:
    assert tidy("The bridge , , will reopen  in May .") == "The bridge, will reopen in May."
    assert tidy("two men were arrested , .") == "two men were arrested."


def test_finish_makes_a_readable_sentence() -> None:
    assert finish("the fire started at 2am") == "The fire started at 2am."
    assert finish(", the fire started at 2am,") == "The fire started at 2am."
    assert finish("did it end?") == "Did it end?"
    assert finish("“The pier will reopen on Monday,”") == "The pier will reopen on Monday."
    assert finish("40% of the buses ran") == "40% of the buses ran."
    assert finish("") == ""


def test_quotes_cut_in_half_are_mended() -> None:
    assert balance_quotes("a figure they called “absurd") == "a figure they called “absurd”"
    assert balance_quotes("absurd” figures") == "absurd figures"
    assert balance_quotes('he said "no') == "he said no"
    assert balance_quotes("a “fair” offer") == "a “fair” offer"


def test_capitalise_first_skips_an_opening_quote_and_leaves_numbers() -> None:
    assert capitalise_first("“we lost”") == "“We lost”"
    assert capitalise_first("40 people") == "40 people"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("have", "has"), ("are", "is"), ("were", "was"), ("'ve", "has"), ("do", "does"),
     ("know", "knows"), ("carry", "carries"), ("push", "pushes"), ("stay", "stays")],
)  # fmt: skip
def test_third_singular(word: str, expected: str) -> None:
    assert third_singular(word) == expected


def test_as_subject_lowers_only_an_article_before_a_common_noun() -> None:
    assert as_subject("The minister") == "the minister"
    assert as_subject("The Guardian") == "The Guardian"
    assert as_subject("Ines Varga") == "Ines Varga"


def test_join_words_puts_one_space_where_words_were_cut() -> None:
    words = [("The", " ", False), ("pier", "", True), ("will", " ", False), ("open", "", False)]
    assert join_words(words) == "The pier will open"


@pytest.mark.parametrize(
    ("verb", "kind"),
    [("say", "assert"), ("according to", "assert"), ("deny", "deny"), ("dismiss", "deny"),
     ("estimate", "hedge"), ("believe", "hedge"), ("put", "assert"), (None, "none")],
)  # fmt: skip
def test_reporting_kind(verb: str | None, kind: str) -> None:
    assert reporting_kind(verb) == kind


def test_frame_round_trips_through_json() -> None:
    frame = Frame(
        sentence="The pier reopened on Friday, the council said.",
        proposition="The pier reopened on Friday.",
        speaker="the council",
        verb="say",
        reporting="assert",
        subject="pier",
        predicate="reopen",
        times=(TimeExpr("Friday", 22, 28, "DATE", "event"),),
        proposition_spans=((0, 28),),
        speaker_span=(30, 41),
        verb_span=(42, 46),
    )
    data = json.loads(json.dumps(frame.to_dict()))
    assert Frame.from_dict(data) == frame
    assert data["proposition_spans"] == [[0, 28]] and data["version"] == 1
    assert frame.attributed and not Frame(sentence="x", proposition="x").attributed


def test_importing_frames_does_not_import_spacy() -> None:
    code = "import sys, claims.extract.frames; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- with the spaCy model ---


def frame(sentence: str, speaker: str | None = None) -> Frame:
    from claims.extract.frames import frame_of

    return frame_of(sentence, speaker)


def spans(f: Frame) -> tuple[str | None, str | None]:
    """The speaker and verb as the sentence writes them, read back through their spans."""
    speaker = f.sentence[slice(*f.speaker_span)] if f.speaker_span else None
    verb = f.sentence[slice(*f.verb_span)] if f.verb_span else None
    return speaker, verb


@pytest.mark.model
def test_said_that() -> None:
    f = frame("The agency said 40 people were hurt.")
    assert f.proposition == "40 people were hurt."
    assert (f.speaker, f.verb, f.reporting) == ("The agency", "say", "assert")
    assert spans(f) == ("The agency", "said")
    assert (f.subject, f.predicate, f.polarity, f.negated) == ("people", "hurt", "positive", False)
    assert [f.sentence[a:b] for a, b in f.proposition_spans] == ["40 people were hurt"]


@pytest.mark.model
def test_quote_first_then_speaker() -> None:
    f = frame("“The ferry will sail again on Monday,” the harbour master said.")
    assert f.proposition == "The ferry will sail again on Monday."
    assert (f.speaker, f.verb) == ("the harbour master", "say")
    assert [(t.text, t.role) for t in f.times] == [("Monday", "event")]


@pytest.mark.model
def test_inverted_speaker_after_the_verb() -> None:
    f = frame("“Nothing was stolen from the vault,” said the bank manager.")
    assert f.proposition == "Nothing was stolen from the vault."
    assert f.speaker == "the bank manager"
    assert f.polarity == "negative"


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence",
    ["According to police, the fire started at 2am.",
     "The fire started at 2am, according to police."],
)  # fmt: skip
def test_according_to_before_or_after(sentence: str) -> None:
    f = frame(sentence)
    assert f.proposition == "The fire started at 2am."
    assert (f.speaker, f.verb, f.reporting) == ("police", "according to", "assert")
    assert spans(f)[0] == "police" and spans(f)[1].lower() == "according to"
    assert [(t.text, t.label, t.role) for t in f.times] == [("2am", "TIME", "event")]


@pytest.mark.model
def test_attribution_after_the_claim_and_its_time() -> None:
    f = frame("The pumping station failed twice last week, engineers said on Tuesday.")
    assert f.proposition == "The pumping station failed twice last week."
    assert f.speaker == "engineers"
    assert [(t.text, t.role) for t in f.times] == [("last week", "event"), ("Tuesday", "report")]


@pytest.mark.model
def test_when_it_was_said_is_not_when_it_happened() -> None:
    f = frame("The company said on Monday it had closed two factories.")
    assert f.proposition == "The company had closed two factories."
    assert [(t.text, t.role) for t in f.times] == [("Monday", "report")]


@pytest.mark.model
def test_a_quoted_phrase_keeps_its_quotation_marks() -> None:
    f = frame("The club's owners said they were 'not for sale'.")
    assert f.proposition == "The club's owners were 'not for sale'."
    f = frame("The mayor called the delay “unacceptable,” her office said.")
    assert f.proposition == "The mayor called the delay “unacceptable”."


@pytest.mark.model
def test_not_expecting_is_expecting_not() -> None:
    f = frame("The bank does not expect prices to fall before 2030.")
    assert f.proposition == "Prices will fall before 2030."
    assert (f.reporting, f.negated, f.polarity) == ("hedge", True, "negative")


@pytest.mark.model
def test_attribution_in_the_middle() -> None:
    f = frame("The bridge, the council said, will reopen in May.")
    assert f.proposition == "The bridge will reopen in May."
    assert f.speaker == "the council"
    assert [f.sentence[a:b] for a, b in f.proposition_spans] == ["The bridge", "will reopen in May"]


@pytest.mark.model
def test_put_the_number_at() -> None:
    f = frame("Hospital officials put the number of injured at 12.")
    assert f.proposition == "The number of injured was 12."
    assert (f.speaker, f.verb, f.reporting) == ("Hospital officials", "put", "assert")
    assert (f.subject, f.predicate) == ("number", "be")


@pytest.mark.model
def test_estimated_at_is_a_hedge() -> None:
    f = frame("Insurers estimated the damage to the harbour at 4 million euros.")
    assert f.proposition == "The damage to the harbour was 4 million euros."
    assert (f.verb, f.reporting) == ("estimate", "hedge")


@pytest.mark.model
def test_put_up_is_not_an_estimate() -> None:
    f = frame("Volunteers put up 40 tents at the stadium.")
    assert not f.attributed
    assert f.proposition == f.sentence


@pytest.mark.model
def test_denied_that_asserts_the_opposite() -> None:
    f = frame("The operator denied that the pumps had failed.")
    assert f.proposition == "The pumps had failed."
    assert (f.verb, f.reporting, f.negated, f.polarity) == ("deny", "deny", True, "negative")


@pytest.mark.model
def test_denying_a_negative_asserts_a_positive() -> None:
    f = frame("The club denied that the coach had not been paid.")
    assert f.proposition == "The coach had not been paid."
    assert f.negated and f.polarity == "positive"


@pytest.mark.model
def test_denied_reports_of() -> None:
    f = frame("The council denied reports of a cover-up at the depot.")
    assert f.proposition == "There was a cover-up at the depot."
    assert f.negated and f.polarity == "negative"
    assert f.subject == "cover-up"


@pytest.mark.model
def test_dismissed_claims_that() -> None:
    f = frame("The ferry operator dismissed claims that its boats were unsafe.")
    assert f.proposition == "Its boats were unsafe."
    assert (f.verb, f.reporting, f.negated) == ("dismiss", "deny", True)


@pytest.mark.model
def test_denied_doing() -> None:
    f = frame("The company denied hiring agency drivers.")
    assert f.proposition == "The company was hiring agency drivers."
    assert f.negated and (f.subject, f.predicate) == ("company", "hire")


@pytest.mark.model
def test_accused_of_doing() -> None:
    f = frame("The union accused the company of hiring agency drivers.")
    assert f.proposition == "The company was hiring agency drivers."
    assert (f.speaker, f.verb, f.negated) == ("The union", "accuse", False)


@pytest.mark.model
def test_expects_to_becomes_will() -> None:
    f = frame("The bank expects prices to fall next year.")
    assert f.proposition == "Prices will fall next year."
    assert f.reporting == "hedge"


@pytest.mark.model
def test_he_refers_back_to_the_speaker() -> None:
    f = frame("The minister said he had not signed the order.")
    assert f.proposition == "The minister had not signed the order."
    assert (f.resolved, f.subject, f.polarity) == ("he", "minister", "negative")
    assert f.sentence == "The minister said he had not signed the order."


@pytest.mark.model
def test_first_person_takes_the_speaker_and_the_verb_agrees() -> None:
    f = frame("“We have never lost a patient,” said the director.")
    assert f.proposition == "The director has never lost a patient."
    assert f.resolved == "We" and f.polarity == "negative"


@pytest.mark.model
def test_they_for_a_plural_speaker_and_it_for_an_organisation() -> None:
    assert frame("Police said on Tuesday that they had arrested three men.").proposition == (
        "Police had arrested three men."
    )
    f = frame("The council denied that it had ignored the warnings.")
    assert f.proposition == "The council had ignored the warnings."


@pytest.mark.model
def test_appositive_name_stands_for_the_speaker() -> None:
    f = frame("The treasurer, Ines Varga, said she had approved the payment.")
    assert f.proposition == "Ines Varga had approved the payment."
    assert f.speaker == "The treasurer, Ines Varga"


@pytest.mark.model
def test_pronouns_that_may_not_mean_the_speaker_stay() -> None:
    told = frame("The judge told Ortiz he had misled the court.")
    assert told.proposition == "He had misled the court." and told.resolved is None
    dummy = frame("The agency said it was too early to count the damaged homes.")
    assert dummy.proposition.startswith("It was too early") and dummy.resolved is None


@pytest.mark.model
def test_given_speaker_for_a_bare_quote_and_a_pronoun_speaker() -> None:
    bare = frame("“We will not back down.”", speaker="The drivers’ union")
    assert bare.proposition == "The drivers’ union will not back down."
    assert (bare.speaker, bare.speaker_given, bare.attributed) == (
        "The drivers’ union",
        True,
        False,
    )
    pronoun = frame("He said the ferry would sail on Monday.", speaker="Tomas Lind")
    assert pronoun.speaker == "Tomas Lind" and pronoun.speaker_given
    assert spans(pronoun) == ("He", "said")
    assert pronoun.proposition == "The ferry would sail on Monday."


@pytest.mark.model
def test_no_attribution_keeps_the_sentence_and_the_given_speaker() -> None:
    f = frame("The ferry sailed on Monday evening.", speaker="Harbour Times")
    assert f.proposition == "The ferry sailed on Monday evening."
    assert (f.speaker, f.verb, f.reporting) == ("Harbour Times", None, "none")
    assert [t.text for t in f.times] == ["Monday evening"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "polarity"),
    [
        ("The mayor had no role in the decision, his office said.", "negative"),
        ("There was no shortage of vaccine, the ministry insisted.", "negative"),
        ("Nobody was hurt in the blast, the fire brigade confirmed.", "negative"),
        ("None of the pupils were hurt, the school said.", "negative"),
        ("The lift isn't working, residents said.", "negative"),
        ("The mine is no longer open, the owners said.", "negative"),
        ("The dam, which was not finished, held, engineers said.", "positive"),
        ("The dam held, engineers said.", "positive"),
    ],
)
def test_polarity_of_the_main_clause(sentence: str, polarity: str) -> None:
    f = frame(sentence)
    assert f.attributed
    assert f.polarity == polarity


@pytest.mark.model
def test_a_negated_reporting_verb_frames_nothing() -> None:
    f = frame("The mayor did not say whether the bridge would reopen.")
    assert not f.attributed and f.proposition == f.sentence


@pytest.mark.model
def test_a_subordinate_clause_is_not_an_attribution() -> None:
    f = frame("The footbridge was closed in 2019 after an inspection found rust.")
    assert not f.attributed
    assert [t.text for t in f.times] == ["2019"]


@pytest.mark.model
def test_batch_matches_one_by_one_and_survives_json() -> None:
    from claims.extract.frames import frames

    sentences = [
        "The agency said 40 people were hurt.",
        "",
        "According to the coastguard, two boats sank.",
    ]
    batch = frames(sentences, speakers=[None, None, "Harbour Times"])
    assert batch[0] == frame(sentences[0])
    assert batch[1].proposition == ""
    assert batch[2].speaker == "the coastguard"
    assert [Frame.from_dict(json.loads(json.dumps(f.to_dict()))) for f in batch] == batch
    with pytest.raises(ValueError):
        frames(sentences, speakers=[None])
