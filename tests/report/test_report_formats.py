"""``claims report``: every format, the filters, and untrusted text kept inert."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims.report.html import highlight, render_html
from cli.common import Runtime
from cli.main import app
from tests.conftest import FIXTURES

BASIC = str(FIXTURES / "batches" / "basic")
MORE = str(FIXTURES / "batches" / "more")
REVIEW = str(FIXTURES / "batches" / "review")


@pytest.fixture
def cli(cli):  # noqa: ANN001 - the conftest fixture, after ingesting every fixture batch
    """``claims ARGS --db tmp`` with the test stages, after ingesting all fixture batches."""
    assert cli("ingest", BASIC, MORE, REVIEW).exit_code == 0
    return cli


def report(cli, *args: str) -> list[dict]:
    result = cli("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["contradictions"]


def test_json_keeps_its_schema_and_adds_spans_and_history(cli) -> None:
    cli("tag", "2", "verified", "--by", "alice")
    items = report(cli)
    assert len(items) >= 3
    for c in items:
        assert set(c) == {
            "id", "score", "kind", "status", "explanation", "model", "topic", "claims",
            "spans", "history", "story", "why", "detail",
        }  # fmt: skip
        assert c["story"] == c["topic"] and c["why"] and "NLI" not in c["why"]
        for claim, span in zip(c["claims"], c["spans"], strict=True):
            assert set(claim) == {"id", "text", "speaker", "status", "source"}
            assert set(claim["source"]) == {
                "id", "title", "outlet", "published", "published_approx", "published_label",
                "story_first", "story_last", "url", "path",
            }  # fmt: skip
            assert span is None or 0 <= span[0] < span[1] <= len(claim["text"])
    touched = [c for c in items if 2 in (x["id"] for x in c["claims"])]
    assert touched and all(c["history"][0]["by"] == "alice" for c in touched)


def test_filters(cli) -> None:
    everything = report(cli)
    first = everything[0]
    cli("resolve", str(first["id"]), "dismissed")
    assert [c["id"] for c in report(cli, "--status", "dismissed")] == [first["id"]]
    assert first["id"] not in [c["id"] for c in report(cli, "--status", "open")]
    assert len(report(cli, "--status", "open,dismissed")) == len(everything)
    high = report(cli, "--min-score", "0.8")
    assert high and all(c["score"] >= 0.8 for c in high) and len(high) < len(everything)
    tehran = report(cli, "--outlet", "tehran")
    assert tehran and all(
        any("Tehran" in (x["source"]["outlet"] or "") for x in c["claims"]) for c in tehran
    )
    late = report(cli, "--since", "2025-08-22")
    day = lambda s: s["published"] or s["story_last"] or ""  # noqa: E731 - undated: its story's
    assert late and all(any(day(x["source"]) >= "2025-08-22" for x in c["claims"]) for c in late)
    early = report(cli, "--until", "2025-08-20")
    first_day = lambda s: s["published"] or s["story_first"] or "9999"  # noqa: E731
    assert early and all(
        any(first_day(x["source"]) <= "2025-08-20" for x in c["claims"]) for c in early
    )
    assert report(cli, "--until", "2025-08-01") == []
    topic = first["topic"]
    by_id = report(cli, "--topic", str(topic["id"]))
    assert first["id"] in [c["id"] for c in by_id]
    word = topic["label"].split(",")[0].upper()
    assert first["id"] in [c["id"] for c in report(cli, "--topic", word)]
    assert report(cli, "--topic", "no-such-topic") == []
    assert report(cli, "--outlet", "%") == []  # LIKE wildcards match literally
    assert len(report(cli, "--limit", "1", "--status", "open")) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--status", "closed"),
        ("--since", "last week"),
        ("--min-score", "2"),
        ("--format", "pdf"),
    ],
)
def test_bad_filters_are_one_line_errors(cli, args: tuple[str, str]) -> None:
    result = cli("report", *args)
    assert result.exit_code == 2
    if args[0] != "--format":
        assert result.output.startswith("error: ") and len(result.output.splitlines()) == 1


def test_csv_has_one_row_per_contradiction(cli) -> None:
    result = cli("report", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    items = report(cli)
    assert [int(r["id"]) for r in rows] == [c["id"] for c in items]
    flagship = next(r for r in rows if r["kind"] == "terminology")
    assert "security agreement" in flagship["a_conflict"] + flagship["b_conflict"]
    assert flagship["b_outlet"] == "Tehran Daily" and flagship["b_published"] == "2025-08-20"


def test_html_escapes_every_source_field(cli, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    cli("tag", "5", "verified", "--note", "<b>bold</b> note")
    result = cli("report", "--format", "html", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "</html>" in page
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;document[&#x27;title&#x27;]=&#x27;pwned&#x27;&lt;/script&gt;" in page
    assert "Border &lt;b&gt;Watch&lt;/b&gt;" in page and "&lt;b&gt;bold&lt;/b&gt; note" in page
    assert 'href="javascript' not in page.lower()
    assert "script-src" not in page and "default-src 'none'" in page  # CSP forbids scripts
    assert "<link" not in page and not re.search(r"<[^>]+\ssrc=", page)  # nothing external
    assert '<a href="https://example.org/tehran/larijani-pact"' in page
    assert "Review history" in page and "<mark>" in page


def test_html_puts_both_claims_side_by_side_with_history() -> None:
    claim = {
        "id": 7,
        "text": "The deal was signed.",
        "speaker": "Ann",
        "status": "verified",
        "source": {
            "id": 1,
            "title": "T",
            "outlet": "O",
            "published": "2025-08-20",
            "url": "https://x.example/a",
            "path": "a.txt",
        },
    }
    other = claim | {"id": 8, "text": "No deal was signed.", "status": "disputed"}
    entry = {
        "id": 1,
        "at": "2025-08-21T10:00:00Z",
        "by": "bob",
        "entity": "contradiction",
        "entity_id": 3,
        "field": "status",
        "old_value": "open",
        "new_value": "confirmed",
        "note": "checked",
    }
    item = {
        "id": 3, "score": 0.9, "kind": "negation", "status": "confirmed", "explanation": "x",
        "model": "m", "topic": {"id": 1, "label": "deal"}, "claims": [claim, other],
        "spans": [[4, 8], [0, 7]], "history": [entry],
    }  # fmt: skip
    page = render_html({"contradictions": [item]})
    sides = page.index('class="sides"')
    assert sides < page.index('class="claim a"') < page.index('class="claim b"')
    assert "The <mark>deal</mark> was signed." in page and "<mark>No deal</mark>" in page
    assert "bob" in page and "checked" in page and "confirmed</b>" in page
    assert "No contradictions match" in render_html({"contradictions": []})


def test_highlight_ignores_spans_outside_the_text() -> None:
    assert highlight("a<b", [0, 99]) == "a&lt;b"
    assert highlight("a<b", [2, 1]) == "a&lt;b"
    assert highlight("a<b", [1, 2]) == "a<mark>&lt;</mark>b"


def test_text_and_markdown_treat_markup_in_claims_as_text(
    monkeypatch: pytest.MonkeyPatch, runtime: Runtime, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
    doc = tmp_path / "brackets.txt"
    doc.write_text("The storm in the border region killed 12 people [/dim] last week.\n")
    db = str(tmp_path / "b.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", BASIC, str(doc), "--db", db], obj=runtime).exit_code == 0
    text = runner.invoke(app, ["report", "--db", db], obj=runtime)
    assert text.exit_code == 0, text.output
    assert "[/dim]" in text.output
    cli_md = runner.invoke(
        app, ["report", "-f", "markdown", "--db", db, "--outlet", "x"], obj=runtime
    )
    assert cli_md.exit_code == 0 and cli_md.output.startswith("# Contradictions (0)")


def test_markdown_escapes_html(cli) -> None:
    result = cli("report", "--format", "markdown")
    assert result.exit_code == 0
    assert "<script" not in result.output and "&lt;script&gt;" in result.output


def test_markdown_and_text_mark_the_conflicting_spans() -> None:
    from claims.report.render import render
    from tests.report.builders import claim, item, report

    pair = item(
        claim("The storm killed 45 people.", id=1), claim("It killed 12 <b>people</b>.", id=2)
    )
    pair["spans"] = [[17, 26], [10, 22]]
    markdown = render(report(pair), "markdown")
    assert "> The storm killed **45 people**." in markdown
    assert "> It killed **12 &lt;b&gt;people**&lt;/b&gt;." in markdown
    text = render(report(pair), "text")
    assert "[[45 people]]" in text
