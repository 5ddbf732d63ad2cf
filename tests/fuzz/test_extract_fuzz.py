"""Property-based tests of sentence extraction: offsets hold and no sentence is over the limit.

For any article text (Markdown-ish pieces, quotes, odd whitespace, long runs) and any
``max_sentence_chars``: every draft is ``text[start:end]``, stripped and non-empty, in
order without overlap, at most the limit long (longer runs are dropped as "too long").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.extract.sentences import TOO_LONG, SentenceExtractor
from claims.types import Article
from tests.fuzz.strategies import FUZZ, markup_text

pytestmark = pytest.mark.fuzz
LIMITS = (20, 120, 1000)


@pytest.fixture(scope="module")
def extractors() -> dict[int, SentenceExtractor]:
    return {limit: SentenceExtractor(max_sentence_chars=limit) for limit in LIMITS}


long_runs = st.builds(
    lambda word, n, tail: (word + " ") * n + tail,
    st.sampled_from(["word", "x", "A.", "Mr.", "“q”", "5%."]),
    st.integers(0, 1500),
    markup_text,
)


@FUZZ
@given(
    text=st.one_of(markup_text, st.text(max_size=300), long_runs),
    limit=st.sampled_from(LIMITS),
)
def test_drafts_are_slices_of_the_article_within_the_limit(
    extractors: dict[int, SentenceExtractor], text: str, limit: int
) -> None:
    article = Article(text=text, path="fuzz.txt")
    drafts = extractors[limit].extract(article)
    end = 0
    for d in drafts:
        assert text[d.start : d.end] == d.text
        assert d.text and d.text == d.text.strip()
        assert d.start >= end, "drafts overlap or are out of order"
        end = d.end
        assert len(d.text) <= limit or d.drop_reason != TOO_LONG
        assert len(d.text) <= max(limit, 0) or not d.kept
        if d.kept:
            assert d.drop_reason is None
