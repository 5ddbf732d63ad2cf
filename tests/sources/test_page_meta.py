"""Outlet, headline and published day of saved HTML pages, read from their markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.sources.readers import FileReader
from claims.types import Article

BODY = (
    "<p>The two countries signed a border pact on Monday, officials said, ending months of "
    "talks over the crossing points.</p>"
    "<p>The agreement covers patrols along the river and a joint commission that will meet "
    "every quarter, according to the statement.</p>"
)


def page(tmp_path: Path, head: str, body: str = BODY, name: str = "story.html") -> Article:
    path = tmp_path / name
    path.write_text(
        f"<html><head>{head}</head><body><article><h1>Border pact signed</h1>{body}"
        "</article></body></html>",
        encoding="utf-8",
    )
    [article] = FileReader().read(path)
    return article


GRAPH = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "Organization", "@id": "https://gazette.example/#org", "name": "Gazette of the North"},
 {"@type": "WebSite", "@id": "https://gazette.example/#site", "name": "Gazette"},
 {"@type": ["NewsArticle"], "headline": "Border pact signed",
  "datePublished": "2024-03-05T23:30:00-05:00", "dateModified": "2024-03-07T08:00:00Z",
  "publisher": {"@id": "https://gazette.example/#org"},
  "author": {"@type": "Person", "name": "Ann Reporter"}}]}</script>"""


def test_json_ld_graph_names_publisher_date_and_author(tmp_path: Path) -> None:
    article = page(tmp_path, "<title>Border pact signed</title>" + GRAPH)
    assert (article.outlet, article.published, article.author) == (
        "Gazette of the North",  # the @id reference resolved to the Organization node
        date(2024, 3, 5),  # datePublished as written, not dateModified
        "Ann Reporter",
    )
    assert not article.published_approx


def test_og_site_name_and_article_published_time(tmp_path: Path) -> None:
    head = (
        '<meta property="og:site_name" content="Daily Planet">'
        '<meta property="article:publisher" content="https://www.facebook.com/dailyplanet">'
        '<meta property="article:published_time" content="2023-11-02T10:00:00Z">'
    )
    article = page(tmp_path, head)
    assert (article.outlet, article.published) == ("Daily Planet", date(2023, 11, 2))


@pytest.mark.parametrize(
    ("title", "outlet"),
    [
        ("Border pact signed | Gazette", "Gazette"),
        ("Border pact signed - The Evening Courier", "The Evening Courier"),
        ("Northern Herald — Border pact signed", "Northern Herald"),
    ],
)
def test_outlet_named_only_in_the_title_tag(tmp_path: Path, title: str, outlet: str) -> None:
    # article:publisher is a Facebook URL here: never an outlet name
    head = f'<title>{title}</title><meta property="article:publisher" content="https://fb.com/x">'
    article = page(tmp_path, head)
    assert (article.outlet, article.title) == (outlet, "Border pact signed")


def test_byline_with_outlet_in_the_text(tmp_path: Path) -> None:
    body = '<p class="byline">By Lois Lane | Metro Ledger</p>' + BODY
    article = page(tmp_path, "<title>Border pact signed</title>", body)
    assert (article.outlet, article.author) == ("Metro Ledger", "Lois Lane")


def test_wire_dateline_names_the_outlet(tmp_path: Path) -> None:
    body = BODY.replace("<p>The two", "<p>BAGHDAD (AP) — The two", 1)
    article = page(tmp_path, "<title>Border pact signed</title>", body)
    assert article.outlet == "Associated Press"


def test_no_outlet_anywhere_gives_the_file_stem(tmp_path: Path) -> None:
    article = page(tmp_path, "<title>Border pact signed</title>", name="0042_9f86d081884c7d65.html")
    assert article.outlet == "0042"  # the stem without its hash, never a path
    assert article.published is None


def test_a_date_in_the_text_is_not_the_published_day(tmp_path: Path) -> None:
    """trafilatura's extensive search took the event's day for the page's."""
    body = '<div class="date">7 hours ago</div>' + BODY.replace("on Monday", "on 24 February 2025")
    article = page(tmp_path, "<title>Border pact signed</title>", body)
    assert (article.published, article.published_approx) == (None, False)


def test_relative_date_with_a_saved_page_stamp(tmp_path: Path) -> None:
    head = (
        "<!--\n Page saved with SingleFile\n url: https://x.example/a\n"
        " saved date: Tue Aug 19 2025 10:00:00 GMT+0000\n-->"
    )
    body = '<span class="date">6 days ago</span>' + BODY
    path = tmp_path / "saved.html"
    path.write_text(
        f"<!DOCTYPE html><html>{head}<head><title>Border pact signed</title></head><body>"
        f"<article><h1>Border pact signed</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    [article] = FileReader().read(path)
    assert (article.published, article.published_approx) == (date(2025, 8, 13), True)


def test_published_stamp_in_the_text(tmp_path: Path) -> None:
    body = BODY + "<p>Published: 20 March 2023, 10:32 GMT</p>"
    article = page(tmp_path, "<title>Border pact signed</title>", body)
    assert (article.published, article.published_approx) == (date(2023, 3, 20), False)


def test_the_same_wire_story_reads_in_every_copy(tmp_path: Path) -> None:
    """trafilatura's deduplicate cache spans calls: the 4th copy used to read empty."""
    for n in range(5):
        article = page(tmp_path, "<title>Border pact signed</title>", name=f"copy{n}.html")
        assert "signed a border pact" in article.text


def test_figure_captions_and_credits_stay_out_of_the_text(tmp_path: Path) -> None:
    body = (
        "<figure><img src='a.jpg'><figcaption>Officials shake hands (Reuters)</figcaption>"
        "</figure>" + BODY + "<aside><h3>Related articles</h3><ul><li><a href='/a'>Talks "
        "stall over river crossings</a></li></ul></aside>"
    )
    article = page(tmp_path, "<title>Border pact signed</title>", body)
    assert "shake hands" not in article.text and "Talks stall" not in article.text
    assert "signed a border pact" in article.text


def test_byline_element_keeps_the_text_date_stamp(tmp_path: Path) -> None:
    body = '<p class="byline">By Lois Lane | Metro Ledger</p>' + BODY
    body += "<p>Published: 20 March 2023</p>"
    article = page(tmp_path, "<title>Border pact signed</title>", body)
    assert (article.outlet, article.published) == ("Metro Ledger", date(2023, 3, 20))


def test_a_twitter_handle_does_not_outrank_the_title_tag(tmp_path: Path) -> None:
    head = '<title>Border pact signed | Gazette</title><meta name="twitter:site" content="@gz_n">'
    assert page(tmp_path, head).outlet == "Gazette"
