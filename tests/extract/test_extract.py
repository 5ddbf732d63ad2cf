"""Sentence extraction on the seeds: offsets, kept claims and drop reasons."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.extract.sentences import SentenceExtractor
from claims.sources.readers import FileReader
from claims.types import Article, SentenceDraft

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
NOW = date(2025, 8, 18)


@pytest.fixture(scope="module")
def extractor() -> SentenceExtractor:
    return SentenceExtractor()


@pytest.fixture(scope="module")
def seeds(extractor: SentenceExtractor) -> dict[str, list[tuple[Article, list[SentenceDraft]]]]:
    out: dict[str, list[tuple[Article, list[SentenceDraft]]]] = {}
    for path in sorted(SEEDS.iterdir()):
        articles = list(FileReader(now=NOW).read(path))
        out[path.name[:3]] = [(a, extractor.extract(a)) for a in articles]
    return out


def drafts_of(seeds: dict, prefix: str) -> list[SentenceDraft]:
    return [d for _, drafts in seeds[prefix] for d in drafts]


def reason_of(seeds: dict, prefix: str, start: str) -> str | None:
    matches = [d for d in drafts_of(seeds, prefix) if d.text.startswith(start)]
    assert matches, start
    return matches[0].drop_reason


def test_offsets_point_into_the_article(seeds: dict) -> None:
    for pairs in seeds.values():
        for article, drafts in pairs:
            for d in drafts:
                assert article.text[d.start : d.end] == d.text == d.text.strip()
            covered = {i for d in drafts for i in range(d.start, d.end)}
            missing = [i for i, ch in enumerate(article.text) if not ch.isspace()]
            assert set(missing) <= covered  # every sentence is returned


@pytest.mark.parametrize(
    "needle",
    [
        "(Mehr)",
        "(AFP)",
        "Handout via Reuters",
        "صورة مولدة بواسطة الذكاء الاصطناعي",
        "ملفات تعريف الارتباط",
        "سياسة الخصوصية",
        "رفض",
        "Source link",
        "Advertisment",
        "HomeMiddle East",
        "World leaders at Paris summit",
        "European leaders including Zelenskyy shake hands",
        "مقالات ذات صلة",
    ],
)
def test_no_boilerplate_or_caption_is_kept(seeds: dict, needle: str) -> None:
    texts = [d.text for p in ("001", "002", "003") for d in drafts_of(seeds, p)]
    assert any(needle in t for t in texts), needle
    kept = [d.text for p in ("001", "002", "003") for d in drafts_of(seeds, p) if d.kept]
    assert not any(needle in t for t in kept)
    assert not any(t in {"TT", "20"} for t in kept)


@pytest.mark.parametrize(
    ("prefix", "start", "reason"),
    [
        ("003", "HomeMiddle East", "breadcrumb"),
        ("003", "Source link", "boilerplate"),
        ("003", "- Advertisment -", "boilerplate"),
        ("003", "Iraqi Prime Minister Mohammed Shia al-Sudani (far right)", "caption"),
        ("003", "Iraq and Iran sign agreement to strengthen border security", "headline"),
        ("003", "news agency.", "fragment"),
        ("002", "صورة مولدة", "credit"),
        ("002", "نستخدم ملفات تعريف الارتباط", "boilerplate"),
        ("002", "غادر 1500 مظلي", "related"),
        ("002", "مقالات ذات صلة", "related"),
        ("002", "Sweden is prepared to contribute Jas Gripen", "related"),
        ("002", "In the shadow of the Ukraine war", "related"),
        ("002", "ما يقوله الناس", "digest"),
        ("002", "Reactions on X to the Paris summit", "digest"),
        ("002", "World leaders at Paris summit", "caption"),
        (
            "001",
            "The Secretary of Iran's Supreme National Security Council (SNSC), Ali Shamkhani, "
            "Defense Minister",
            "caption",
        ),
        ("001", "TT", "fragment"),
        ("000", "FRANCE 24: What will 'security guarantees'", "question"),
        ("000", "What is the deal about?", "question"),
        ("004", "Washington voices opposition", "headline"),
    ],
)
def test_drop_reasons(seeds: dict, prefix: str, start: str, reason: str) -> None:
    assert reason_of(seeds, prefix, start) == reason


@pytest.mark.parametrize(
    ("prefix", "start"),
    [
        ("004", "“We must not allow others to destabilize the region."),
        ("004", "It emphasized that “there is no security agreement"),
        ("003", "Iran will in no way accept threats from Iraqi territories, he said."),
        ("002", "German Chancellor Friedrich Merz has signaled"),
        ("001", "“So far, we have had and will have various discussions"),
        ("000", "We don't believe in paper guarantees."),
        ("000", "BAGHDAD (AP) — The head of Iran's top defense body visited Iraq Monday"),
    ],
)
def test_claims_are_kept(seeds: dict, prefix: str, start: str) -> None:
    assert reason_of(seeds, prefix, start) is None


def test_repeated_lines_are_dropped(extractor: SentenceExtractor) -> None:
    line = "Officials confirmed that the border crossing reopened after three days."
    text = f"{line}\nThe ministry said trade would resume on Monday.\n{line}"
    drafts = extractor.extract(Article(text=text, path="x.txt"))
    assert [d.drop_reason for d in drafts] == ["repeated", None, "repeated"]


def test_title_line_is_a_headline(extractor: SentenceExtractor) -> None:
    text = "Iraq signs a deal with Iran.\nIraq signed a border security deal with Iran on Monday."
    article = Article(text=text, path="x.txt", title="Iraq signs a deal with Iran")
    drafts = extractor.extract(article)
    assert [d.drop_reason for d in drafts] == ["headline", None]


def test_other_languages_and_cookie_banners(extractor: SentenceExtractor) -> None:
    text = (
        "Le ministre a déclaré que l'accord de sécurité était signé avec les voisins.\n"
        "Wir verwenden Cookies, um unsere Website für Sie zu verbessern.\n"
        "The minister said the security agreement was signed with the neighbours.\n"
        "We use cookies to improve your experience on our site.\n"
        "AI-generated image\n"
        "Advertisement"
    )
    reasons = [d.drop_reason for d in extractor.extract(Article(text=text, path="x.txt"))]
    assert reasons == [
        "non-english",
        "boilerplate",
        None,
        "boilerplate",
        "credit",
        "boilerplate",
    ]


def test_long_merged_pieces_are_split(extractor: SentenceExtractor) -> None:
    [_, national, *_] = FileReader(now=NOW).read(next(SEEDS.glob("000_*.txt")))
    drafts = extractor.extract(national)
    assert max(len(d.text) for d in drafts) < 500


def test_leading_byline_is_split_off(extractor: SentenceExtractor) -> None:
    text = (
        "Report by Amal Shehadeh, English adaptation by Yasmine Jaroudi Hopes for a potential "
        "security agreement appear to have dimmed.\nBy Monday Iran had signed the agreement."
    )
    drafts = extractor.extract(Article(text=text, path="x.txt"))
    assert [(d.text[:20], d.drop_reason) for d in drafts] == [
        ("Report by Amal Sheha", "boilerplate"),
        ("Hopes for a potentia", None),
        ("By Monday Iran had s", None),
    ]
