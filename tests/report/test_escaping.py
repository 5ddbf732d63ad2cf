"""Untrusted text stays inert: no spreadsheet formulas in CSV (issue 16 item 5), no live
HTML, links, images or mentions in Markdown (item 6)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from claims.report.check_formats import render_markdown as check_markdown
from claims.report.escape import FORMULA_START, csv_cell, md
from claims.report.render import render_csv
from claims.report.render import render_markdown as report_markdown
from cli.common import Runtime
from cli.main import app
from tests.conftest import FIXTURES
from tests.report.builders import claim, finding, item, ref, report, result

BASIC = str(FIXTURES / "batches" / "basic")
FORMULAS = ['=HYPERLINK("http://evil","x")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)"]
FORMULAS += ["\t=1", "\r=1"]
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(1)">'
JS_LINK = "[x](javascript:alert(1))"


def rendered(markdown: str) -> str:
    """The HTML a CommonMark renderer (raw HTML allowed, as GitHub's sanitiser would see
    it) makes of ``markdown``, lower-cased."""
    return MarkdownIt("commonmark").render(markdown).lower()


def assert_inert(html: str) -> None:
    """No element from a source: no script, no image, no link of any kind."""
    assert "<script" not in html and "<img" not in html and "href" not in html, html


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_cell_neutralises_formulas_and_keeps_numbers(text: str) -> None:
    assert csv_cell(text) == "'" + text
    assert csv_cell(3) == 3 and csv_cell(0.75) == 0.75 and csv_cell(-1) == -1
    assert csv_cell("plain") == "plain" and csv_cell(None) == ""


def test_report_csv_neutralises_every_text_cell() -> None:
    a = claim(FORMULAS[0], speaker="@boss", outlet=FORMULAS[1], title="+t", path="-p.txt")
    b = claim(FORMULAS[2], url=FORMULAS[4], id=2)
    data = report(item(a, b, explanation="=why", topic="=topic"))
    rows = list(csv.reader(io.StringIO(render_csv(data))))
    assert rows[1][:2] == ["1", "0.9"]  # numbers stay numbers
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)], cells
    assert "'" + FORMULAS[1] in cells and "'@boss" in cells and "'=why" in cells


def test_export_csv_neutralises_note_reviewer_and_outlet(
    monkeypatch: pytest.MonkeyPatch, runtime: Runtime, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
    doc = tmp_path / "hostile.jsonl"
    record = {"outlet": '=HYPERLINK("http://evil")', "title": "@t", "text": "-5 people died."}
    doc.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = str(tmp_path / "x.db")
    runner = CliRunner()

    def run(*args: str):  # noqa: ANN202
        outcome = runner.invoke(app, [*args, "--db", db], obj=runtime)
        assert outcome.exit_code == 0, outcome.output
        return outcome

    run("ingest", BASIC, str(doc))
    listed = json.loads(run("list", "--format", "json").output)["claims"]
    hostile = next(c["id"] for c in listed if c["text"].startswith("-5"))
    plain = next(c["id"] for c in listed if c["id"] != hostile)
    run("tag", str(hostile), str(plain), "verified", "--by", "=cmd|' /C calc'!A0", "--note", "+1+1")
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").output)))
    assert len(rows) == 2
    row = next(r for r in rows if r["claim_id"] == str(hostile))
    assert row["text"] == "'-5 people died." and row["outlet"] == '\'=HYPERLINK("http://evil")'
    assert row["title"] == "'@t" and row["reviewed_by"] == "'=cmd|' /C calc'!A0"
    assert row["note"] == "'+1+1"
    for r in rows:
        assert not [v for v in r.values() if v.startswith(FORMULA_START)], r


def test_md_escapes_html_links_images_and_mentions() -> None:
    for text in (SCRIPT, IMG, JS_LINK, "![i](https://evil/x.png)", "<https://evil>"):
        assert_inert(rendered(md(text)))
    assert "&lt;script&gt;" in md(SCRIPT)
    assert '<a href="' not in rendered(md("see www.evil.example and https://evil.example"))
    assert "@octocat" not in rendered(md("ping @octocat"))  # a zero-width space follows @
    assert rendered(md("a | b\n# c")).count("<p>") == 1  # one paragraph, no heading


def test_md_renders_as_the_same_characters() -> None:
    text = "The *storm* killed [45] people_ (officials) `said` 1. #2 ~x~ $y$ a|b!"
    html = rendered(md(text))
    assert re.sub(r"<[^>]+>", "", html).strip() == text.lower()


def test_check_markdown_embeds_no_live_markup() -> None:
    new = ref(f"The storm killed 30 people {SCRIPT} last week.", path="new/x<b>.md")
    other = ref(f"The storm killed 45 people {IMG} last week.", outlet=JS_LINK, new=False)
    out = check_markdown(result(finding(new, other, explanation=f"numbers {JS_LINK}")))
    assert "<script" not in out.lower() and "<img" not in out.lower()
    assert "](javascript:" not in out
    assert_inert(rendered(out).replace("<br>", "").replace("<code>", "").replace("</code>", ""))
    table = [line for line in out.splitlines() if line.startswith("| FAIL")]
    assert len(table) == 1 and table[0].count(" | ") == 6  # no extra table cell


def test_report_markdown_keeps_no_link_live() -> None:
    a = claim(f"Officials said {JS_LINK} the storm killed 30.", speaker="[s](javascript:x)")
    b = claim(f"{IMG} The storm killed 45.", outlet="<b>Watch</b>", id=2)
    out = report_markdown(report(item(a, b, explanation=SCRIPT, topic=JS_LINK)))
    assert "](javascript:" not in out and "<script" not in out and "<img" not in out
    assert "<b>" not in out
    assert_inert(rendered(out))


def test_a_carriage_return_in_a_text_cannot_start_a_new_row() -> None:
    """Found by the fuzz suite: an unquoted CR ended the row for CSV readers."""
    a, b = claim("one\rtwo"), claim("x", id=2, outlet="a\rb")
    rows = list(csv.reader(io.StringIO(render_csv(report(item(a, b))))))
    assert len(rows) == 2 and "one\rtwo" in rows[1] and "a\rb" in rows[1]
