"""Splitting multi-article pages (seeds 000 and 001) and reading their date lines."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from claims.sources.dates import parse_date_line
from claims.sources.pages import split_page

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
NOW = date(2025, 8, 18)


def seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_000_splits_into_its_outlet_blocks() -> None:
    text = seed("000")
    articles = split_page(text, "000.txt", None, NOW)
    assert articles is not None
    # The page holds five outlet blocks (Yahoo and AP carry the same wire story).
    assert [a.outlet for a in articles] == [
        "France 24",
        "The National",
        "Yahoo",
        "Associated Press",
        "LBCI",
    ]
    assert [(a.published, a.published_approx) for a in articles] == [
        (NOW, True),  # "7 hours ago"
        (NOW - timedelta(days=6), True),  # "6 days ago"
        (date(2025, 8, 12), False),  # "12-08-2025", day first
        (date(2025, 8, 11), False),
        (date(2025, 7, 15), False),
    ]
    assert articles[1].title == "Iraq security deal with Iran sparks tension with US"
    assert all("#securityagreement" not in a.text for a in articles)
    lines = text.split("\n")
    for article in articles:
        assert lines[article.line - 1].startswith(article.text[:50])
        assert not article.text.startswith(("- ", article.outlet or "?"))


def test_relative_dates_use_the_page_date_when_known() -> None:
    articles = split_page(seed("000"), "000.txt", date(2025, 8, 20), NOW)
    assert articles is not None
    assert articles[1].published == date(2025, 8, 14)
    assert articles[1].published_approx


def test_seed_001_splits_on_repeated_titles() -> None:
    articles = split_page(seed("001"), "001.txt", None, NOW)
    assert articles is not None
    assert [a.title for a in articles] == [
        "Iran, Iraq Plan for Military Cooperation",
        "UN Rejects US Resolution Urging an End to the War in Ukraine without Noting Russian "
        "Aggression",
    ]
    assert "Bagheri" in articles[0].text and "General Assembly" not in articles[0].text
    assert articles[1].text.rstrip().endswith("end the war this year.”")


@pytest.mark.parametrize("prefix", ["002", "003", "004"])
def test_single_articles_are_not_pages(prefix: str) -> None:
    assert split_page(seed(prefix), f"{prefix}.txt", None, NOW) is None


def test_prose_before_the_first_block_is_kept_as_an_article() -> None:
    text = (
        "An editor's note says the list below was compiled on Monday.\n\n"
        "Yahoo\n12-08-2025\n- Politics\n- Yahoo\nA title\nBody sentence of the article.\n"
    )
    articles = split_page(text, "p.txt", None, NOW, first_line=3)
    assert articles is not None
    assert [a.outlet for a in articles] == [None, "Yahoo"]
    assert [a.line for a in articles] == [3, 10]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("7 hours ago", (NOW, True)),
        ("30 hours ago", (NOW - timedelta(days=1), True)),
        ("6 days ago", (NOW - timedelta(days=6), True)),
        ("2 weeks ago", (NOW - timedelta(days=14), True)),
        ("a month ago", (NOW - timedelta(days=30), True)),
        ("yesterday", (NOW - timedelta(days=1), True)),
        ("12-08-2025", (date(2025, 8, 12), False)),
        ("12/08/25", (date(2025, 8, 12), False)),
        ("2025-08-12", (date(2025, 8, 12), False)),
        ("August 12, 2025", (date(2025, 8, 12), False)),
        ("12 August 2025", (date(2025, 8, 12), False)),
    ],
)
def test_date_lines(line: str, expected: tuple[date, bool]) -> None:
    parsed = parse_date_line(line, NOW)
    assert parsed is not None
    assert (parsed.value, parsed.approx) == expected


@pytest.mark.parametrize("line", ["- Politics", "France 24", "31-02-2025", "Monday", ""])
def test_not_date_lines(line: str) -> None:
    assert parse_date_line(line, NOW) is None
