"""Speakers, speech type and event dates, on the seeds' flagship sentences and by rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.extract.attribution import attribute
from claims.extract.sentences import SentenceExtractor
from claims.sources.dates import find_event_date, last_weekday
from claims.sources.readers import FileReader
from claims.types import Attribution

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
NOW = date(2025, 8, 18)


@pytest.fixture(scope="module")
def claims_by_seed() -> dict[str, dict[str, Attribution]]:
    extractor = SentenceExtractor()
    out: dict[str, dict[str, Attribution]] = {}
    for path in sorted(SEEDS.iterdir()):
        found: dict[str, Attribution] = {}
        for article in FileReader(now=NOW).read(path):
            for draft in extractor.extract(article):
                if draft.kept:
                    found[draft.text] = draft.attribution
        out[path.name[:3]] = found
    return out


def of(claims: dict[str, dict[str, Attribution]], prefix: str, needle: str) -> Attribution:
    matches = [a for text, a in claims[prefix].items() if needle in text]
    assert len(matches) == 1, needle
    return matches[0]


@pytest.mark.parametrize(
    ("prefix", "needle", "speaker", "speech"),
    [
        (
            "004",
            "That is why we signed an important security agreement with Iraq",
            "Ali Larijani",
            "direct",
        ),
        (
            "004",
            "It emphasized that “there is no security agreement between the two countries",
            "Iraq’s National Security Advisory",
            "direct",
        ),
        (
            "004",
            "Iraq’s National Security Advisory issued a clarification",
            "Iraq’s National Security Advisory",
            "reported",
        ),
        (
            "004",
            "The advisory said the agreement builds on",
            "Iraq’s National Security Advisory",
            "reported",
        ),
        ("004", "The agreement includes “a mutual commitment", "Ali Larijani", "direct"),
        ("004", "He linked the deal to recent regional tensions", "Ali Larijani", "direct"),
        ("004", "In their meeting, Araji", "Qassem al-Araji", "direct"),
        ("004", "We oppose any legislation", "Tammy Bruce", "direct"),
        (
            "003",
            "said a statement from the Iraqi prime minister’s office",
            "the Iraqi prime minister’s office",
            "direct",
        ),
        ("003", "Iran will in no way accept threats", "Hossein Amir-Abdollahian", "reported"),
        ("003", "He said the deal signed on Sunday", "Ali Shamkhani", "direct"),
        (
            "001",
            "The General said that the Iraqi delegation",
            "Mohammad Hossein Bagheri",
            "reported",
        ),
        (
            "001",
            "Iran and Iraq are planning for military cooperation",
            "Mohammad Hossein Bagheri",
            "reported",
        ),
        ("001", "The spokesman noted", "Saeed Khatibzadeh", "reported"),
        ("000", "Trump's Russia envoy Steve Witkoff said", "Steve Witkoff", "reported"),
        ("000", "Zelensky said on Tuesday", "Zelensky", "direct"),
        (
            "002",
            "Chancellor Friedrich Merz (CDU) stated after the summit",
            "Friedrich Merz",
            "direct",
        ),
    ],
)
def test_seed_speakers(
    claims_by_seed: dict, prefix: str, needle: str, speaker: str, speech: str
) -> None:
    found = of(claims_by_seed, prefix, needle)
    assert (found.speaker, found.speech) == (speaker, speech)


def test_seed_003_event_day_without_a_published_date(claims_by_seed: dict) -> None:
    found = of(claims_by_seed, "003", "The joint security agreement on Sunday")
    assert found.event_date_text == "Sunday"
    assert found.event_date is None and not found.event_date_approx


def test_quote_split_across_sentences_keeps_its_speaker() -> None:
    first = "“We must not allow others to destabilize the region."
    middle = "Instead, we should preserve stability along this path."
    last = (
        "That is why we signed an important security agreement with Iraq,” Ali Larijani, "
        "Secretary of Iran’s Supreme National Security Council, said in a televised interview."
    )
    for before, sentence, after in (
        ("", first, f"{middle} {last}"),
        (f"{first} ", middle, last),
        (f"{first} {middle} ", last, ""),
    ):
        found = attribute(sentence, before, None, False, context_after=after)
        assert (found.speaker, found.speech) == ("Ali Larijani", "direct"), sentence


def test_speaker_named_before_an_open_quote() -> None:
    before = 'The minister told reporters: "Talks went well. '
    found = attribute('We will sign next week."', before, None, False)
    assert found.speech == "direct"


@pytest.mark.parametrize(
    ("sentence", "context", "speaker", "speech"),
    [
        (
            "Larijani said the deal was ready.",
            "Ali Larijani visited Baghdad.",
            "Ali Larijani",
            "reported",
        ),
        ("The border will reopen, according to Reuters.", "", "Reuters", "reported"),
        (
            "“The border will reopen,” said a statement from the Iraqi prime minister's office.",
            "",
            "the Iraqi prime minister's office",
            "direct",
        ),
        (
            "It said the border would reopen.",
            "Iraq’s National Security Advisory issued a clarification on Wednesday.",
            "Iraq’s National Security Advisory",
            "reported",
        ),
        (
            "She said the border would reopen.",
            "US State Department spokesperson Tammy Bruce said Tuesday that talks continue.",
            "Tammy Bruce",
            "reported",
        ),
        ("The border reopened on Monday.", "", None, None),
        ("He might say the border reopened.", "", None, None),
    ],
)
def test_attribute_rules(
    sentence: str, context: str, speaker: str | None, speech: str | None
) -> None:
    found = attribute(sentence, context, None, False)
    assert (found.speaker, found.speech) == (speaker, speech)


PUBLISHED = date(2023, 3, 21)  # a Tuesday


@pytest.mark.parametrize(
    ("sentence", "text", "value", "approx"),
    [
        ("The agreement was signed on Sunday.", "Sunday", date(2023, 3, 19), True),
        ("The agreement was signed last Friday.", "last Friday", date(2023, 3, 17), True),
        ("Bruce said Tuesday that the deal is void.", "Tuesday", date(2023, 3, 21), True),
        ("The talks ended yesterday.", "yesterday", date(2023, 3, 20), True),
        (
            "A protocol signed on March 19, 2023, remains.",
            "March 19, 2023",
            date(2023, 3, 19),
            False,
        ),
        ("It was signed on 19 March 2023 in Baghdad.", "19 March 2023", date(2023, 3, 19), False),
        ("Leaders meet on December 15 in Berlin.", "December 15", date(2022, 12, 15), True),
    ],
)
def test_event_dates(sentence: str, text: str, value: date, approx: bool) -> None:
    exact = attribute(sentence, "", PUBLISHED, False)
    assert (exact.event_date_text, exact.event_date, exact.event_date_approx) == (
        text,
        value,
        False,
    )
    rough = attribute(sentence, "", PUBLISHED, True)
    assert rough.event_date_approx is approx


def test_event_date_text_kept_without_published_date() -> None:
    found = attribute("The deal was signed on Monday.", "", None, False)
    assert (found.event_date_text, found.event_date) == ("Monday", None)


def test_weekday_rules() -> None:
    assert last_weekday("tuesday", PUBLISHED) == PUBLISHED
    assert last_weekday("tuesday", PUBLISHED, strictly_before=True) == date(2023, 3, 14)
    assert find_event_date("The plural Mondays are not a date.", PUBLISHED) is None
