"""Reading source files: discovery, each format, and every refusal with its reason."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from claims.errors import BadBatch, SourceUnreadable
from claims.sources.readers import MB, FileReader, discover, source_line

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "fixtures" / "sources"
SEEDS = ROOT / "seeds"
NOW = date(2025, 8, 18)


def read(name: str, **kwargs: object) -> list:
    return list(FileReader(now=NOW, **kwargs).read(SOURCES / name))  # type: ignore[arg-type]


def file_line(path: Path, line: int) -> str:
    return path.read_text(encoding="utf-8").split("\n")[line - 1]


def test_discover_walks_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden dir")
    (tmp_path / ".hidden.txt").write_text("hidden file")
    (tmp_path / "b" / "z.md").write_text("z")
    (tmp_path / "a.jsonl").write_text("{}")
    (tmp_path / "c.HTML").write_text("<p>c</p>")
    found = discover([tmp_path])
    assert found == [tmp_path / "a.jsonl", tmp_path / "b" / "z.md", tmp_path / "c.HTML"]
    assert discover([tmp_path / "b" / "z.md", tmp_path]) == found  # named twice, listed once


def test_discover_refuses_unknown_types_when_strict(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "notes.docx").write_text("d")
    with pytest.raises(SourceUnreadable, match=r"notes\.docx: unknown file type '\.docx'"):
        discover([tmp_path])
    assert discover([tmp_path], strict=False) == [tmp_path / "a.txt"]
    with pytest.raises(SourceUnreadable, match="unknown file type"):
        discover([tmp_path / "notes.docx"], strict=False)  # named explicitly: always refused


def test_discover_reports_every_problem(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_text("p")
    with pytest.raises(SourceUnreadable, match="no such file or directory"):
        discover([tmp_path / "missing.txt"])
    with pytest.raises(BadBatch) as info:
        discover([tmp_path / "missing.txt", tmp_path])
    assert len(info.value.problems) == 2


def test_plain_text() -> None:
    [article] = read("article.txt")
    assert article.text.startswith("Iraq and Iran sign agreement")
    assert article.line == 1 and article.path.endswith("article.txt")
    assert article.title == "Iraq and Iran sign agreement to strengthen border security"
    assert article.outlet == "article"  # the file's stem: the text names no outlet
    assert article.published is None


def test_markdown_front_matter_and_line_mapping() -> None:
    [article] = read("front_matter.md")
    assert article.title == "Iraq’s National Security Advisory rejects reports of a new agreement"
    assert article.outlet == "Shafaq News"
    assert article.published == date(2025, 8, 27)
    assert article.url == "https://shafaq.example/en/Iraq/advisory-clarification"
    assert article.author == "Staff writer"
    assert "**" not in article.text and "](" not in article.text  # markup removed
    assert "2023 protocol concerning" in article.text
    start = article.text.index("The advisory said")
    line = article.line + article.text[:start].count("\n")
    assert "The advisory said" in file_line(SOURCES / "front_matter.md", line)


def test_bad_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\nText of the article that follows.\n")
    with pytest.raises(SourceUnreadable, match="invalid YAML front matter"):
        list(FileReader(now=NOW).read(path))
    path.write_text("---\npublished: last week\n---\nText of the article that follows.\n")
    with pytest.raises(SourceUnreadable, match="'published' is not an ISO date"):
        list(FileReader(now=NOW).read(path))


def test_jsonl_articles_and_lines() -> None:
    articles = read("articles.jsonl")
    assert [a.line for a in articles] == [1, 3, 4]  # blank line 2 skipped
    assert [a.external_id for a in articles] == ["ap-1", "2", None]
    assert articles[0].outlet == "Associated Press"
    assert articles[0].published == date(2025, 8, 11)
    assert articles[0].title.startswith("Iran's defense chief")
    assert articles[2].text.startswith("Iraq's embassy in Washington")


def test_jsonl_streams_past_the_text_limit() -> None:
    assert (SOURCES / "articles.jsonl").stat().st_size > 500
    assert len(read("articles.jsonl", max_text_bytes=500)) == 3  # the limit is per record


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed.jsonl", "line 3: missing 'text'"),
        ("bad_json.jsonl", "line 2: not valid JSON"),
        ("empty.txt", "file is empty"),
        ("binary.txt", "binary file"),
        ("notes.docx", "unknown file type '.docx'"),
    ],
)
def test_refusals_name_the_file_and_reason(name: str, reason: str) -> None:
    with pytest.raises(SourceUnreadable) as info:
        read(name)
    assert reason in info.value.reason
    assert info.value.path.endswith(name)
    assert "\n" not in str(info.value)


def test_jsonl_yields_good_lines_before_the_bad_one() -> None:
    reader = FileReader(now=NOW).read(SOURCES / "malformed.jsonl")
    assert next(reader).external_id == "1"
    assert next(reader).external_id == "2"
    with pytest.raises(SourceUnreadable, match="line 3"):
        next(reader)


def test_cp1252_text_is_decoded() -> None:
    [article] = read("cp1252_article.txt")
    assert "Café owners in Zürich" in article.text
    assert "“a record,”" in article.text and "René Müller" in article.text


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 50 MB on paper, nothing written
        handle.truncate(50 * MB)
    with pytest.raises(SourceUnreadable) as info:
        list(FileReader(now=NOW).read(big))
    assert info.value.reason == "file is 50.0 MB, over the 20 MB limit"


def test_saved_html_page() -> None:
    [article] = read("saved_page.html")
    assert article.title == "Larijani: Iran signed an important security agreement with Iraq"
    assert article.outlet == "Gulf Monitor"
    assert article.published == date(2025, 8, 25)
    assert article.author == "Nadia Haddad"
    assert article.url == "https://gulfmonitor.example/politics/larijani-security-agreement-iraq"
    assert "That is why we signed an important security agreement with Iraq" in article.text
    assert "cookies" not in article.text and "All rights reserved" not in article.text
    first = article.text.split("\n")[0][:30]
    assert first in file_line(SOURCES / "saved_page.html", article.line)


def test_multi_article_page_file() -> None:
    national, yahoo = read("page.txt")
    assert (national.outlet, national.published, national.published_approx) == (
        "The National",
        NOW - timedelta(days=6),
        True,
    )
    assert (yahoo.outlet, yahoo.published, yahoo.published_approx) == (
        "Yahoo",
        date(2025, 8, 12),
        False,
    )
    for article in (national, yahoo):
        line = file_line(SOURCES / "page.txt", article.line)
        assert line.startswith(article.text[:40])


def test_every_seed_reads() -> None:
    counts = {p.name[:3]: len(list(FileReader(now=NOW).read(p))) for p in sorted(SEEDS.iterdir())}
    assert counts == {"000": 5, "001": 2, "002": 1, "003": 1, "004": 1}


def test_jsonl_record_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "short record."}\n{"text": "' + "x" * 500 + '"}\n')
    with pytest.raises(SourceUnreadable, match="line 2: record over the"):
        list(FileReader(now=NOW, max_text_bytes=200).read(path))


def test_utf16_text_is_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_text("Iraq and Iran signed a border security agreement.", encoding="utf-16")
    [article] = FileReader(now=NOW).read(path)
    assert article.text == "Iraq and Iran signed a border security agreement."


def test_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(SourceUnreadable, match="no article text"):
        list(FileReader(now=NOW).read(path))


def test_latin1_markdown(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    text = "---\ntitle: Réunion à Genève\n---\nLe ministre a déclaré que la réunion était close."
    path.write_bytes(text.encode("latin-1"))
    [article] = FileReader(now=NOW).read(path)
    assert article.title == "Réunion à Genève"
    assert article.text == "Le ministre a déclaré que la réunion était close."


@pytest.mark.parametrize("name", ["front_matter.md", "page.txt", "article.txt"])
def test_source_line_maps_sentences_to_file_lines(name: str) -> None:
    lines = (SOURCES / name).read_text(encoding="utf-8").split("\n")
    for article in read(name):
        for sentence in article.text.split("\n"):
            if sentence.strip():
                offset = article.text.index(sentence)
                assert sentence[:15] in lines[source_line(article, offset) - 1]


def test_source_line_of_a_jsonl_record_is_its_line() -> None:
    articles = read("articles.jsonl")
    assert source_line(articles[1], 50) == 3
