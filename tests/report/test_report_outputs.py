"""The report as a fact-checker reads it (issue 25 item 2, issue 23 item 5): a plain reason
apart from the model's detail, dates marked one way in every format, flags grouped by
story, and a text report that fits the terminal."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from claims.report.html import render_html
from claims.report.render import MIN_WIDTH, render, render_text
from claims.report.serialise import shown_date
from claims.report.why import split
from tests.report.builders import claim, item, report

MODEL_ONLY = "NLI contradiction 0.80: '…between' against 'In their meeting, Araji 'reviewed'"
CUE = "different figures: 45 people vs 12 people; NLI contradiction 0.91"
DENIAL = "denial: Larijani denies what the council asserts; NLI on the propositions 0.62"
CAVEAT = "; only one claim dates its event ('Tuesday')"


@pytest.mark.parametrize(
    ("explanation", "kind", "plain", "detail"),
    [
        (MODEL_ONLY, "other", "incompatible things", "NLI contradiction 0.80"),
        (CUE, "numeric", "Different figures: 45 people vs 12 people.", "NLI contradiction 0.91"),
        (DENIAL, "denial", "Larijani denies what the council asserts.", "NLI on the propositions"),
        (MODEL_ONLY + CAVEAT, "other", "Caveat: only one claim dates its event", "0.80"),
        ("opposite words: 'rise' against 'fall'", "other", "Opposite words", ""),
    ],
)
def test_why_is_plain_words_and_the_model_detail_apart(
    explanation: str, kind: str, plain: str, detail: str
) -> None:
    why, shown = split(explanation, kind, "nli-minilm-l6")
    assert plain in why and detail in shown and "model nli-minilm-l6" in shown
    assert "NLI" not in why and "nli-minilm" not in why and "0.8" not in why and "0.9" not in why
    assert "against 'In their meeting" not in why  # no quoted fragments of attribution


def _pair(published: str | None, approx: bool = False, story: int = 1, id: int = 1) -> dict:
    a = claim("The storm killed 45 people.", id=id * 10, outlet="Wire", published=published)
    a["source"]["published_approx"] = approx
    b = claim("The storm killed 12 people.", id=id * 10 + 1, outlet="Post")
    pair = item(a, b, explanation=MODEL_ONLY, id=id, kind="other", topic=f"story {story}")
    pair["topic"]["id"] = story
    return pair


def test_approximate_and_unknown_dates_are_marked_the_same_in_every_format() -> None:
    data = report(_pair("2025-08-20", approx=True), _pair(None, id=2))
    approx, unknown = shown_date("2025-08-20", True), shown_date(None)
    assert (approx, unknown) == ("2025-08-20 (approx.)", "unknown")
    for fmt in ("text", "markdown", "html", "csv"):
        out = render(data, fmt)
        assert approx in out and unknown in out, fmt
    rows = list(csv.DictReader(io.StringIO(render(data, "csv"))))
    assert [r["a_published"] for r in rows] == [approx, unknown]
    parsed = json.loads(render(data, "json"))["contradictions"]
    sources = [c["claims"][0]["source"] for c in parsed]
    assert [(s["published"], s["published_approx"]) for s in sources] == [
        ("2025-08-20", True), (None, False),
    ]  # fmt: skip
    from claims.report.serialise import source_dict
    from claims.types import SourceRecord

    shown = [source_dict(SourceRecord(1, "a.txt", 1, None, None, d, approx)) for d, approx in (
        (date(2025, 8, 20), True), (None, False),
    )]  # fmt: skip
    assert [s["published_label"] for s in shown] == [approx, unknown]


def test_every_format_keeps_the_model_detail_out_of_the_reason() -> None:
    data = report(_pair("2025-08-20"))
    text = render_text(data, width=100)
    why_line = next(x for x in text.splitlines() if x.strip().startswith("why:"))
    assert "NLI" not in why_line and "'In their meeting" not in text
    assert any("detail:" in x and "NLI contradiction 0.80" in x for x in text.splitlines())
    markdown = render(data, "markdown")
    assert "*Why:* The two claims" in markdown and "*Detail:* NLI contradiction 0.80" in markdown
    page = render_html(data)
    assert '<p class="detail">NLI contradiction 0.80' in page and "In their meeting" not in page
    row = next(csv.DictReader(io.StringIO(render(data, "csv"))))
    assert "NLI" not in row["why"] and "NLI contradiction 0.80" in row["detail"]


@pytest.mark.parametrize("width", [40, 80, 132])
def test_text_fits_the_terminal(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    long = claim("The regional storm killed 45 people " * 12, id=1, outlet="W" * 150)
    data = report(item(long, claim("It killed 12 people.", id=2), explanation=CUE * 3))
    monkeypatch.setenv("COLUMNS", str(width))
    lines = render_text(data).splitlines()
    assert max(len(x) for x in lines) <= max(width, MIN_WIDTH)
    assert sum("45 people" in x for x in lines) >= 6  # wrapped, nothing cut away


def test_flags_are_grouped_by_story_in_text_markdown_and_html() -> None:
    data = report(
        _pair(None, story=7, id=1), _pair(None, story=3, id=2), _pair(None, story=7, id=3)
    )
    text = render_text(data, width=100)
    assert text.index("Story 7: story 7 (2 flags)") < text.index("#3") < text.index("Story 3")
    markdown = render(data, "markdown")
    assert "## Story 7\\: story 7 \\(2 flags\\)" in markdown and "## Story 3" in markdown
    page = render_html(data)
    assert page.index('id="story-7"') < page.index('id="c3"') < page.index('id="story-3"')
    rows = list(csv.DictReader(io.StringIO(render(data, "csv"))))
    assert [(r["story_id"], r["story_label"]) for r in rows] == [
        ("7", "story 7"), ("3", "story 3"), ("7", "story 7"),
    ]  # fmt: skip
