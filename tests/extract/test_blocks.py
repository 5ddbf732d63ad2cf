"""Captions, credits, related-article lists and digests are dropped, each with its reason."""

from __future__ import annotations

import pytest

from claims.extract.boilerplate import block_reasons
from claims.extract.sentences import SentenceExtractor
from claims.sources.furniture import is_credit, line_reason
from claims.types import Article

ARTICLE = [
    "The two countries signed a border pact on Monday, officials said, ending months of talks.",
    "",
    "The agreement covers patrols along the river and a joint commission, the statement said.",
    "",
    "Farmers on both banks said the new patrols would cut them off from their fields for weeks.",
]


@pytest.fixture(scope="module")
def extractor() -> SentenceExtractor:
    return SentenceExtractor()


def reasons(extractor: SentenceExtractor, lines: list[str]) -> dict[str, str | None]:
    drafts = extractor.extract(Article(text="\n".join(lines), path="x.txt"))
    return {d.text: d.drop_reason for d in drafts}


def test_related_list_at_the_end_is_dropped_as_related(extractor: SentenceExtractor) -> None:
    blurb = "Leaders met in Berlin on Sunday and agreed to send a force to the border region."
    lines = [*ARTICLE, "", "Related articles", "", "Talks stall over river crossings", blurb]
    found = reasons(extractor, lines)
    assert found["Related articles"] == found[blurb] == "related"
    assert found["Talks stall over river crossings"] == "related"
    assert found[ARTICLE[0]] is None and found[ARTICLE[4]] is None


def test_related_heading_inside_the_article_takes_only_its_link_titles() -> None:
    lines = [ARTICLE[0], "Related stories", "Talks stall over river crossings", *ARTICLE, *ARTICLE]
    found = block_reasons(lines)
    assert found == {1: "related", 2: "related"}  # the rest of the text is the article


def test_related_heading_in_another_language() -> None:
    lines = [*ARTICLE, "مقالات ذات صلة", "Leaders met in Berlin on Sunday and agreed on a force."]
    assert block_reasons(lines) == {5: "related", 6: "related"}


def test_pointer_line_and_the_title_under_it() -> None:
    lines = [ARTICLE[0], "Read more:", "Talks stall over river crossings", ARTICLE[2]]
    assert block_reasons(lines) == {1: "related", 2: "related"}
    assert block_reasons(["Read more: Talks stall over river crossings", ARTICLE[0]]) == {
        0: "related"
    }


def test_digest_under_its_heading_ends_at_the_next_heading(extractor: SentenceExtractor) -> None:
    digest = "Posts on X praise the pact, while others warn that the patrols will anger farmers."
    lines = [*ARTICLE, "", "What people are saying", "", digest, "", "Border talks resume", ""]
    found = reasons(extractor, lines)
    assert found["What people are saying"] == found[digest] == "digest"
    assert found["Border talks resume"] == "headline"


def test_paragraph_after_a_written_by_ai_notice_is_a_digest() -> None:
    lines = [ARTICLE[0], "", "من إعداد الذكاء الاصطناعي", "", ARTICLE[2], ARTICLE[4]]
    assert block_reasons(lines) == {4: "digest"}


@pytest.mark.parametrize(
    "line",
    [
        "صورة مولدة بواسطة الذكاء الاصطناعي",
        "AI-generated image",
        "Photo: Jane Roe/Reuters",
        "Foto: dpa",
        "Фото: ТАСС",
        "صورة: رويترز",
        "Getty Images",
        "(AFP)",
    ],
)
def test_image_credits_in_several_languages(line: str) -> None:
    assert is_credit(line)
    assert line_reason(line) == "credit"


@pytest.mark.parametrize(
    "line",
    [
        "The two countries signed a border pact on Monday, officials said.",
        "Reuters reported that the pact was signed on Monday after months of talks.",
        "The Associated Press",
    ],
)
def test_sentences_are_not_credits(line: str) -> None:
    assert not is_credit(line)


def test_the_line_above_a_credit_is_its_caption(extractor: SentenceExtractor) -> None:
    caption = "Soldiers stand by a checkpoint on the river road at dawn, with trucks behind them."
    found = reasons(extractor, [caption, "Foto: dpa", *ARTICLE])
    assert (found[caption], found["Foto: dpa"]) == ("caption", "credit")
    assert found[ARTICLE[0]] is None


@pytest.mark.parametrize(
    "line",
    [
        "The singer at a gala in the city last week. Photo: Getty",
        "Leaders at the summit table | Image: Jane Roe/Reuters",
        "Officials sign the accord in Baghdad (Iraqi Prime Minister's Office/Handout via Reuters)",
    ],
)
def test_captions_that_end_with_their_credit(line: str) -> None:
    assert line_reason(line) == "caption"
