"""Sentence splitting stays linear on hostile lines (issue 16, item 1).

One line of words without punctuation used to go to pysbd whole: 80k characters took
seconds, a 2 MB line hours. Now a run without a sentence end longer than
``max_sentence_chars`` is cut at spaces and dropped as "too long", and offsets still point
into the article.
"""

from __future__ import annotations

import time

import pytest

from claims.config import Limits
from claims.extract.sentences import TOO_LONG, SentenceExtractor
from claims.types import Article, SentenceDraft

WORDS = "the minister said talks with the border agency would go on through the winter".split()
LIMIT = Limits().max_sentence_chars


def words(chars: int) -> str:
    """One line of about ``chars`` characters of words, no punctuation at all."""
    line = " ".join(WORDS[i % len(WORDS)] for i in range(chars // 4))
    return line[:chars].rstrip()


@pytest.fixture(scope="module")
def extractor() -> SentenceExtractor:
    return SentenceExtractor()


def check_offsets(article: Article, drafts: list[SentenceDraft]) -> None:
    for d in drafts:
        assert article.text[d.start : d.end] == d.text
        assert d.text == d.text.strip() and d.text


def test_an_unpunctuated_400k_line_is_split_in_linear_time(extractor: SentenceExtractor) -> None:
    article = Article(text=words(400_000), path="line.txt")
    start = time.perf_counter()
    drafts = extractor.extract(article)
    seconds = time.perf_counter() - start
    assert seconds < 5, f"{seconds:.1f} s for a 400k line (was minutes: quadratic)"
    check_offsets(article, drafts)
    assert {d.drop_reason for d in drafts} == {TOO_LONG}
    assert all(len(d.text) <= LIMIT for d in drafts)
    assert "".join(d.text for d in drafts).replace(" ", "") == article.text.replace(" ", "")


def test_sentences_around_an_overlong_run_are_kept(extractor: SentenceExtractor) -> None:
    good = "The ministry said on Sunday that the border talks would resume next week."
    text = f"{good} {words(20_000)}. {good.replace('Sunday', 'Monday')}"
    article = Article(text=text, path="mixed.txt")
    drafts = extractor.extract(article)
    check_offsets(article, drafts)
    kept = [d.text for d in drafts if d.kept]
    assert kept == [good, good.replace("Sunday", "Monday")]
    assert all(d.drop_reason == TOO_LONG for d in drafts if not d.kept)


def test_the_sentence_limit_is_configurable() -> None:
    extractor = SentenceExtractor(max_sentence_chars=40)
    text = "The ministry said on Sunday that the border talks would resume next week."
    drafts = extractor.extract(Article(text=text, path="x.txt"))
    assert [d.drop_reason for d in drafts] == [TOO_LONG, TOO_LONG]
    assert all(len(d.text) <= 40 for d in drafts)
    assert SentenceExtractor(max_sentence_chars=200).extract(Article(text=text, path="x"))[0].kept
    with pytest.raises(ValueError, match="positive"):
        SentenceExtractor(max_sentence_chars=0)


@pytest.mark.parametrize(
    "unit",
    [
        "A. ",  # every boundary after an initial: the piece before it grew without end
        "Mr. Smith and Mr. Jones ",
        "x",  # one 400k "word"
        "rose 5%. 2024 was ",
        "“He said it” ",
        "said; ",
    ],
)
def test_hostile_150k_lines_stay_fast(extractor: SentenceExtractor, unit: str) -> None:
    text = (unit * (150_000 // len(unit) + 1))[:150_000].strip()
    article = Article(text=text, path="hostile.txt")
    start = time.perf_counter()
    drafts = extractor.extract(article)
    assert time.perf_counter() - start < 5
    check_offsets(article, drafts)
    assert all(len(d.text) <= LIMIT for d in drafts)


@pytest.mark.parametrize(
    "text", ["\x1f1. ", "A list:\x1c 1. one\x1d 2. two. Then the minister spoke."]
)
def test_odd_whitespace_does_not_break_pysbd(extractor: SentenceExtractor, text: str) -> None:
    article = Article(text=text, path="odd.txt")  # pysbd raised ValueError on "\x1f1. "
    check_offsets(article, extractor.extract(article))
