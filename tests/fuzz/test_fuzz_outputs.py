"""Every output format on arbitrary source text (issue 16: the fuzz suite's output half).

Reports and check results are built directly with hostile text in every field a source
or a reviewer controls; each property says what a reader of that format relies on: JSON
round-trips, CSV cells never start like a formula, Markdown renders no element and no
link from a source, HTML holds only our own elements, JUnit XML parses, and each GitHub
annotation stays one line.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from claims.report import check_formats
from claims.report.escape import FORMULA_START
from claims.report.export import Publisher, render_export
from claims.report.render import render
from claims.report.serialise import result_dict
from claims.types import AuditRecord, ClaimRecord, SourceRecord
from tests.fuzz.strategies import FUZZ, MARKUP, joined
from tests.report.builders import claim, entry, finding, item, ref, report, result

pytestmark = pytest.mark.fuzz

HOSTILE = [
    *MARKUP,
    *FORMULA_START,
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "![i](https://evil.example/i.png)",
    "<https://evil.example>",
    "www.evil.example",
    "https://evil.example",
    "@octocat",
    "|",
    "$x$",
    "%0A",
    "::error::",
    "\r",
    "\x0b",
    "\x1b[31m",
    "&#60;",
    "\\",
]
text = joined(HOSTILE, 25)
maybe = st.none() | text


@st.composite
def claims(draw: st.DrawFn, id: int) -> dict:
    src = {
        "outlet": draw(maybe),
        "title": draw(maybe),
        "path": draw(text),
        "url": draw(maybe),
        "published": draw(st.none() | st.just("2025-08-20")),
    }
    return claim(draw(text), speaker=draw(maybe), id=id, **src)


@st.composite
def reports(draw: st.DrawFn) -> dict:
    items = []
    for n in range(draw(st.integers(0, 3))):
        a, b = draw(claims(2 * n + 1)), draw(claims(2 * n + 2))
        history = [entry(by=draw(text), note=draw(maybe), id=n + 1)]
        score = draw(st.floats(0, 1))
        items.append(item(a, b, draw(text), draw(maybe), n + 1, score, history, draw(text)))
    return report(*items)


@st.composite
def refs(draw: st.DrawFn, new: bool) -> object:
    line = draw(st.integers(1, 10_000))
    return ref(
        draw(text), draw(text), line, draw(maybe), draw(maybe), draw(maybe), draw(maybe), new
    )


@st.composite
def results(draw: st.DrawFn) -> object:
    findings = [
        finding(draw(refs(True)), draw(refs(draw(st.booleans()))), draw(text), draw(text), known)
        for known in draw(st.lists(st.booleans(), max_size=3))
    ]
    return result(*findings, fail_on=draw(st.sampled_from(["new", "verified", "none"])))


def markdown_html(markdown: str) -> str:
    """What a CommonMark renderer with raw HTML on makes of ``markdown`` (lower-cased),
    less the few tags our own templates write."""
    html = MarkdownIt("commonmark").render(markdown).lower()
    for ours in ("<br>", "<code>", "</code>"):
        html = html.replace(ours, "")
    return html


def assert_no_live_markdown(markdown: str) -> None:
    for ours in ("<br>", "<code>", "</code>"):
        markdown = markdown.replace(ours, "")
    assert "<" not in markdown and "](javascript:" not in markdown.lower()
    html = markdown_html(markdown)
    assert "<script" not in html and "<img" not in html and "href" not in html, html


def assert_no_formula_cells(output: str) -> None:
    rows = list(csv.reader(io.StringIO(output)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)], cells


@FUZZ
@given(reports())
def test_report_json_round_trips(data: dict) -> None:
    assert json.loads(render(data, "json")) == data


@FUZZ
@given(reports())
def test_report_csv_has_no_formula_cell(data: dict) -> None:
    output = render(data, "csv")
    assert_no_formula_cells(output)
    rows = list(csv.reader(io.StringIO(output)))
    assert len(rows) == len(data["contradictions"]) + 1
    assert [float(r[1]) for r in rows[1:]] == [c["score"] for c in data["contradictions"]]


@FUZZ
@given(reports())
def test_report_markdown_is_inert(data: dict) -> None:
    assert_no_live_markdown(render(data, "markdown"))


@FUZZ
@given(reports())
def test_report_text_renders(data: dict) -> None:
    assert render(data, "text")


class Elements(HTMLParser):
    """The start tags and attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


OUR_TAGS = {"html", "head", "meta", "title", "style", "body", "div", "h1", "p", "span", "table"}
OUR_TAGS |= {"tr", "th", "td", "a", "article", "header", "i", "section", "blockquote", "mark"}
OUR_TAGS |= {"dl", "dt", "dd", "details", "summary", "b", "footer", "bdi", "h2"}


@FUZZ
@given(reports())
def test_report_html_holds_only_our_elements(data: dict) -> None:
    page = render(data, "html")
    parser = Elements()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag in OUR_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                assert value and value.startswith(("#c", "#story-", "http://", "https://")), value


@FUZZ
@given(results())
def test_check_json_round_trips(res: object) -> None:
    assert json.loads(check_formats.render(res, "json")) == result_dict(res)


@FUZZ
@given(results())
def test_check_junit_parses(res: object) -> None:
    tree = ET.fromstring(check_formats.render(res, "junit").encode("utf-8"))
    assert len(tree.findall("./testsuite/testcase")) == len(res.findings)
    assert len(tree.findall(".//failure")) == len(res.failing)


@FUZZ
@given(results())
def test_check_github_annotations_stay_one_line_each(res: object) -> None:
    lines = check_formats.render(res, "github").split("\n")
    assert len(lines) == len(res.findings) + 1
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert not any("\r" in line for line in lines)


@FUZZ
@given(results())
def test_check_markdown_is_inert(res: object) -> None:
    output = check_formats.render(res, "markdown")
    assert_no_live_markdown(output)
    rows = [line for line in output.splitlines() if line.startswith("| ")]
    assert len(rows) == (len(res.findings) + 1 if res.findings else 0)


@FUZZ
@given(results())
def test_check_text_renders(res: object) -> None:
    assert check_formats.render(res, "text")


@st.composite
def reviewed(draw: st.DrawFn) -> list[tuple[ClaimRecord, AuditRecord | None]]:
    rows = []
    for n in range(draw(st.integers(0, 3))):
        source = SourceRecord(
            id=n + 1,
            path=draw(text),
            line=1,
            title=draw(maybe),
            outlet=draw(maybe),
            published=draw(st.none() | st.just(date(2025, 8, 20))),
            url=draw(maybe),
        )
        status = draw(st.sampled_from(["verified", "disputed"]))
        record = ClaimRecord(
            n + 1, draw(text), "h", 0, 1, draw(maybe), None, None, None, status, source, None
        )
        at = datetime(2025, 8, 21, 10, 0)
        audit = AuditRecord(
            n + 1, at, draw(text), "claim", n + 1, "status", None, status, draw(maybe)
        )
        rows.append((record, draw(st.none() | st.just(audit))))
    return rows


@FUZZ
@given(reviewed())
def test_export_csv_has_no_formula_cell(rows: list) -> None:
    output = render_export(rows, "csv")
    assert_no_formula_cells(output)
    parsed = list(csv.DictReader(io.StringIO(output)))
    assert [int(r["claim_id"]) for r in parsed] == [c.id for c, _ in rows]


@FUZZ
@given(reviewed())
def test_export_claimreview_is_json_with_web_links_only(rows: list) -> None:
    publisher = Publisher("https://checks.example/claims/{id}", "Desk")
    data = json.loads(render_export(rows, "claimreview", publisher))
    assert [r["claimReviewed"] for r in data] == [c.text for c, _ in rows]
    for review in data:
        shown = review["itemReviewed"]["appearance"]
        for url in (review.get("url"), *(a.get("url") for a in shown)):
            assert url is None or url.lower().startswith(("http://", "https://"))
        assert all(set(a) - {"@type"} for a in shown)  # never an empty CreativeWork
