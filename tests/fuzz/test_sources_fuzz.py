"""Property-based tests of the readers: any input is articles or one short refusal.

For arbitrary bytes as .txt, .md, .jsonl and .html files, YAML-ish front matter, JSONL
lines and HTML: ``FileReader.read`` yields articles or raises ``SourceUnreadable`` with
one short line, never another exception; articles are storable (UTF-8) and their lines
point into the file. A batch reads each file all or nothing.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.errors import SourceUnreadable
from claims.sources.batch import read_batch
from claims.sources.decode import decode_bytes
from claims.sources.readers import FileReader, source_line
from claims.types import Article
from tests.fuzz.strategies import (
    FUZZ,
    file_bytes,
    json_values,
    markup_text,
    to_bytes,
    yaml_text,
)

pytestmark = pytest.mark.fuzz
NOW = date(2025, 8, 18)
SUFFIXES = [".txt", ".md", ".jsonl", ".html"]
SURROGATES = re.compile("[\ud800-\udfff]")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read(path: Path, raw: bytes) -> list[Article] | SourceUnreadable:
    """Articles of ``raw`` written to ``path``, or the refusal (checked to be one line)."""
    path.write_bytes(raw)
    try:
        articles = list(FileReader(now=NOW).read(path))
    except SourceUnreadable as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message, message
        assert len(message) < len(str(path)) + 200, message
        assert exc.path == str(path)
        return exc
    check_articles(path, raw, articles)
    return articles


def check_articles(path: Path, raw: bytes, articles: list[Article]) -> None:
    assert articles
    for article in articles:
        assert article.text.strip(), article
        article.text.encode("utf-8")  # storable: no lone surrogates
        for value in (article.title, article.outlet, article.url, article.author):
            if value is not None:
                value.encode("utf-8")
        assert article.line >= 1
        if path.suffix in (".txt", ".md"):
            check_lines(path, raw, article)


def check_lines(path: Path, raw: bytes, article: Article) -> None:
    """Every line of the article maps to a line of the file; plain text's first line matches."""
    lines = decode_bytes(raw, str(path)).split("\n")
    last = source_line(article, len(article.text))
    assert 1 <= article.line <= last <= len(lines)
    if path.suffix == ".txt":
        first = article.text.split("\n", 1)[0].strip()
        assert first in lines[article.line - 1], (first, lines[article.line - 1])


@FUZZ
@given(raw=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_are_articles_or_one_refusal(folder: Path, raw: bytes, suffix: str) -> None:
    read(folder / f"any{suffix}", raw)


@FUZZ
@given(front=yaml_text, body=markup_text, suffix=st.sampled_from([".md", ".txt"]))
def test_any_front_matter_is_articles_or_one_refusal(
    folder: Path, front: str, body: str, suffix: str
) -> None:
    text = f"---\n{front}\n---\n{body}\nThe minister said talks would go on.\n"
    read(folder / f"front{suffix}", to_bytes(text, "utf-8"))


record = st.fixed_dictionaries(
    {"text": st.text(max_size=80) | markup_text},
    optional={
        "title": json_values,
        "published": st.sampled_from(["2025-08-17", "2025-08-17T10:00:00Z", "soon"]) | json_values,
        "id": json_values,
        "outlet": json_values,
    },
)
jsonl_line = st.one_of(
    record.map(lambda r: json.dumps(r, ensure_ascii=False)),
    record.map(json.dumps),
    json_values.map(json.dumps),
    st.just(""),
    st.text(max_size=30),
)


@FUZZ
@given(lines=st.lists(jsonl_line, min_size=1, max_size=6), crlf=st.booleans())
def test_any_jsonl_is_every_record_or_one_refusal(
    folder: Path, lines: list[str], crlf: bool
) -> None:
    path = folder / "lines.jsonl"
    result = read(path, to_bytes(("\r\n" if crlf else "\n").join(lines), "utf-8"))
    if isinstance(result, SourceUnreadable):
        return
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    assert [a.line for a in result] == [n for n, _ in numbered]
    for article, (_, line) in zip(result, numbered, strict=True):
        text = json.loads(line)["text"].strip().replace("\r\n", "\n")
        assert article.text == SURROGATES.sub("\ufffd", text)  # lone ones are not storable


tags = st.sampled_from(
    ["p", "div", "article", "b", "i", "a", "script", "style", "title", "h1", "span", "li", "td"]
)
html_nodes = st.recursive(
    markup_text,
    lambda inner: st.builds(
        lambda tag, attr, children: f"<{tag}{attr}>{''.join(children)}</{tag}>",
        tags,
        st.sampled_from(["", ' class="story"', " id='x'", ' href="javascript:x"', " <"]),
        st.lists(inner, max_size=4),
    ),
    max_leaves=12,
)


@FUZZ
@given(body=html_nodes, head=st.sampled_from(["", "<title>T</title>", "<meta charset=x>"]))
def test_any_html_is_an_article_or_one_refusal(folder: Path, body: str, head: str) -> None:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    result = read(folder / "page.html", to_bytes(page, "utf-8"))
    if not isinstance(result, SourceUnreadable):
        assert len(result) == 1


@FUZZ
@given(files=st.lists(st.tuples(st.sampled_from(SUFFIXES), file_bytes), min_size=1, max_size=4))
def test_a_batch_reads_each_file_all_or_nothing(
    tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, bytes]]
) -> None:
    root = tmp_path_factory.mktemp("batch")
    for i, (suffix, raw) in enumerate(files):
        (root / f"f{i}{suffix}").write_bytes(raw)
    batch = read_batch([root], FileReader(now=NOW), skip_bad=True)
    skipped = {p.path for p in batch.skipped}
    got: dict[str, int] = {}
    for article in batch.articles:
        got[article.path] = got.get(article.path, 0) + 1
    for i, (suffix, _) in enumerate(files):
        path = root / f"f{i}{suffix}"
        try:
            whole = len(list(FileReader(now=NOW).read(path)))
        except SourceUnreadable:
            assert str(path) in skipped and str(path) not in got
        else:
            assert got.get(str(path), 0) == whole and str(path) not in skipped
