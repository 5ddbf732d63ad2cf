"""What a text file's own lines say about its article: headline, outlet, author, date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.sources.header import read_header, stem_outlet
from claims.sources.readers import FileReader

PARAGRAPH = (
    "The two countries signed a border pact on Monday, officials said, ending months of talks."
)


def read_one(tmp_path: Path, text: str, name: str = "note.txt", now: date | None = None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [article] = FileReader(now=now).read(path)
    return article


def test_headline_after_a_caption_and_an_arabic_image_credit(tmp_path: Path) -> None:
    text = (
        "Soldiers stand by a checkpoint on the river road at dawn, with trucks behind them.\n"
        "صورة مولدة بواسطة الذكاء الاصطناعي\n\n"
        "River crossings reopen after the border pact\n\n"
        "صورة مولدة بواسطة الذكاء الاصطناعي\n\n"
        f"{PARAGRAPH}\n"
    )
    assert read_one(tmp_path, text).title == "River crossings reopen after the border pact"


def test_headline_behind_a_run_together_breadcrumb(tmp_path: Path) -> None:
    text = (
        "HomeWorldRiver crossings reopen after the border pact\n\n"
        "River crossings reopen after the border pact\n\n"
        f"{PARAGRAPH}\n"
    )
    assert read_one(tmp_path, text).title == "River crossings reopen after the border pact"


def test_no_headline_when_the_text_opens_with_its_first_paragraph(tmp_path: Path) -> None:
    text = f"{PARAGRAPH}\nBorder talks resume\nThe ministry said trade would resume on Tuesday."
    assert read_one(tmp_path, text).title is None


def test_byline_and_date_stamp(tmp_path: Path) -> None:
    text = (
        "River crossings reopen\nBy Jane Doe and John Roe | The Valley Post\n"
        f"Published: 12 August 2025, 10:32 GMT\n\n{PARAGRAPH}\n"
    )
    article = read_one(tmp_path, text)
    assert (article.outlet, article.author) == ("The Valley Post", "Jane Doe and John Roe")
    assert (article.published, article.published_approx) == (date(2025, 8, 12), False)


def test_byline_comma_names_an_outlet_only_when_it_is_a_wire() -> None:
    assert read_header(f"By Jane Doe, Reuters\n{PARAGRAPH}").outlet == "Reuters"
    header = read_header(f"By Jane Doe, Senior Correspondent\n{PARAGRAPH}")
    assert (header.outlet, header.author) == (None, "Jane Doe")


@pytest.mark.parametrize(
    ("opening", "outlet"),
    [
        ("WASHINGTON (AP) — ", "Associated Press"),
        ("LONDON, Aug 12 (Reuters) - ", "Reuters"),
        ("(CNN) — ", "CNN"),
        ("GAZA CITY (AFP) – ", "Agence France-Presse"),
    ],
)
def test_wire_datelines(opening: str, outlet: str) -> None:
    assert read_header(opening + PARAGRAPH).outlet == outlet


def test_updated_stamp_is_an_approximate_published_day() -> None:
    found = read_header(f"Updated 3 March 2024\n{PARAGRAPH}").date
    assert found is not None and found.published == (date(2024, 3, 3), True)


def test_relative_date_without_an_anchor_is_unknown(tmp_path: Path) -> None:
    article = read_one(tmp_path, f"River crossings reopen\n7 hours ago\n\n{PARAGRAPH}\n")
    assert (article.published, article.published_approx) == (None, False)


def test_relative_date_with_a_retrieved_day_in_front_matter(tmp_path: Path) -> None:
    text = f"---\nretrieved: 2025-08-20\n---\nRiver crossings reopen\n6 days ago\n\n{PARAGRAPH}\n"
    article = read_one(tmp_path, text, name="note.md")
    assert (article.published, article.published_approx) == (date(2025, 8, 14), True)


def test_relative_date_with_a_caller_given_saved_day(tmp_path: Path) -> None:
    text = f"River crossings reopen\n2 days ago\n\n{PARAGRAPH}\n"
    article = read_one(tmp_path, text, now=date(2025, 8, 20))
    assert (article.published, article.published_approx) == (date(2025, 8, 18), True)


@pytest.mark.parametrize(
    ("path", "outlet"),
    [
        ("/tmp/batch/001_426e9a5a5fa84dae.txt", "001"),
        ("valley-post-river-pact.md", "valley-post-river-pact"),
        ("/data/9f86d081884c7d659a2feaa0c55ad015.html", None),
        ("123e4567-e89b-12d3-a456-426614174000_gazette.txt", "gazette"),
        ("report_2025-08-12.txt", "report_2025-08-12"),  # a date is no hash
    ],
)
def test_stem_outlet(path: str, outlet: str | None) -> None:
    assert stem_outlet(path) == outlet


def test_front_matter_outlet_wins_over_the_file_stem(tmp_path: Path) -> None:
    text = f"---\ntitle: River crossings reopen\noutlet: Valley Post\n---\n{PARAGRAPH}\n"
    assert read_one(tmp_path, text, name="x_0a1b2c3d4e5f.md").outlet == "Valley Post"


def test_jsonl_records_without_outlet_take_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "wire_feed.jsonl"
    path.write_text(
        '{"text": "BEIRUT (AP) — ' + PARAGRAPH + '"}\n{"text": "' + PARAGRAPH + '"}\n',
        encoding="utf-8",
    )
    assert [a.outlet for a in FileReader().read(path)] == ["Associated Press", "wire_feed"]


def test_a_lone_dateline_or_a_signed_caption_is_no_headline(tmp_path: Path) -> None:
    text = f"NEW YORK, New York -\n\n{PARAGRAPH}\n"
    assert read_one(tmp_path, text).title is None
    text = f"The singer at a gala in the city last week. Photo: Getty\n\n{PARAGRAPH}\n"
    assert read_one(tmp_path, text).title is None
