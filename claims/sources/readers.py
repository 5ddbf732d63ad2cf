"""Find source files and read them into articles.

``discover`` turns the paths a user names into a sorted, deterministic file list;
``FileReader`` reads plain text, Markdown (with YAML front matter), JSONL (streamed, one
article a line) and saved HTML pages (through trafilatura, offline). Every refusal is a
``SourceUnreadable`` with a one-line reason naming the file, and the line where it helps.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from claims.errors import BadBatch, SourceUnreadable
from claims.sources.dates import parse_iso
from claims.sources.decode import decode_bytes
from claims.sources.markup import markdown_to_text, split_front_matter
from claims.sources.pages import split_page
from claims.types import Article

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".jsonl"}
MB = 1024 * 1024
DEFAULT_MAX_TEXT_BYTES = 20 * MB


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _unknown(path: Path) -> SourceUnreadable:
    kinds = " ".join(sorted(SUPPORTED_SUFFIXES))
    return SourceUnreadable(
        str(path), f"unknown file type {path.suffix or '(no extension)'!r}; supported: {kinds}"
    )


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, hidden files and directories skipped, in sorted order."""
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(current) / name


def discover(paths: Sequence[Path], strict: bool = True) -> list[Path]:
    """Source files named by ``paths`` (files or directories, walked recursively), sorted.

    A missing path or a named file of unknown type is refused. Unknown types found while
    walking a directory are refused too when ``strict`` (so a batch reports them), else
    skipped. One problem raises ``SourceUnreadable``; several raise ``BadBatch`` with all.
    """
    found: set[Path] = set()
    problems: list[SourceUnreadable] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                if _supported(file):
                    found.add(file)
                elif strict:
                    problems.append(_unknown(file))
                else:
                    logger.info("skipping %s: unknown file type", file)
        elif path.is_file():
            if _supported(path):
                found.add(path)
            else:
                problems.append(_unknown(path))
        else:
            problems.append(SourceUnreadable(str(path), "no such file or directory"))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise BadBatch(problems)
    return sorted(found)


def source_line(article: Article, offset: int) -> int:
    """1-based file line of character ``offset`` of ``article.text`` (for annotations).

    Text and Markdown keep their line structure, so lines are counted; a JSONL record is
    one line; an HTML page's text is re-flowed, so its first line is the best we know.
    """
    if Path(article.path).suffix.lower() in HTML_SUFFIXES | {".jsonl"}:
        return article.line
    return article.line + article.text.count("\n", 0, max(0, offset))


def _text_field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def _article(
    fields: dict[str, Any], text: str, path: str, published: date | None, line: int
) -> Article:
    """An article from its text and the metadata fields of front matter or a JSONL record."""
    return Article(
        text=text,
        path=path,
        title=_text_field(fields, "title"),
        outlet=_text_field(fields, "outlet"),
        published=published,
        url=_text_field(fields, "url"),
        author=_text_field(fields, "author"),
        external_id=_text_field(fields, "id"),
        line=line,
    )


def _first_line(text: str) -> tuple[str, int]:
    """``text`` without blank edges, and how many lines were cut from its start."""
    stripped = text.lstrip()
    skipped = text[: len(text) - len(stripped)].count("\n")
    return stripped.rstrip(), skipped


@dataclass(frozen=True)
class FileReader:
    """Reads one source file into articles (a ``SourceReader``).

    ``now`` resolves relative dates ("6 days ago") when a page states no date of its own;
    ``max_text_bytes`` bounds text, Markdown and HTML files, and each JSONL record (a JSONL
    file streams at any size).
    """

    now: date = field(default_factory=date.today)
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES

    def read(self, path: Path) -> Iterator[Article]:
        """Articles of ``path``, lazily; SourceUnreadable on bad input."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise _unknown(path)
        if suffix == ".jsonl":
            yield from self._read_jsonl(path)
            return
        raw = self._read_bounded(path)
        if suffix in HTML_SUFFIXES:
            yield self._read_html(path, raw)
        else:
            yield from self._read_text(path, decode_bytes(raw, str(path)), suffix != ".txt")

    def _read_bounded(self, path: Path) -> bytes:
        try:
            size = path.stat().st_size
            if size > self.max_text_bytes:
                raise SourceUnreadable(
                    str(path),
                    f"file is {size / MB:.1f} MB, over the {self.max_text_bytes / MB:g} MB limit",
                )
            return path.read_bytes()
        except FileNotFoundError:
            raise SourceUnreadable(str(path), "no such file") from None
        except IsADirectoryError:
            raise SourceUnreadable(str(path), "is a directory, not a file") from None
        except PermissionError:
            raise SourceUnreadable(str(path), "permission denied") from None

    def _read_text(self, path: Path, text: str, markdown: bool) -> Iterator[Article]:
        try:
            meta, body, head_lines = split_front_matter(text)
        except ValueError as exc:
            raise SourceUnreadable(str(path), str(exc)) from None
        meta = meta or {}
        try:
            published = parse_iso(meta.get("published") or meta.get("date"))
        except ValueError:
            raise SourceUnreadable(
                str(path), f"front matter 'published' is not an ISO date: {meta.get('published')!r}"
            ) from None
        if markdown:
            body = markdown_to_text(body)
        body, skipped = _first_line(body)
        first = head_lines + skipped + 1
        if not body:
            raise SourceUnreadable(str(path), "no article text (file has only front matter)")
        if not meta.get("title"):
            articles = split_page(body, str(path), published, self.now, first_line=first)
            if articles:
                yield from articles
                return
        yield _article(meta, body, str(path), published, first)

    def _read_jsonl(self, path: Path) -> Iterator[Article]:
        name = str(path)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise SourceUnreadable(name, "no such file") from None
        count = 0
        with handle:
            number = 0
            while raw := handle.readline(self.max_text_bytes + 1):
                number += 1
                if len(raw) > self.max_text_bytes:  # bounded memory, even for one huge line
                    limit = f"{self.max_text_bytes / MB:g} MB"
                    raise SourceUnreadable(name, f"line {number}: record over the {limit} limit")
                if not raw.strip():
                    continue
                yield self._jsonl_article(name, number, raw)
                count += 1
        if count == 0:
            raise SourceUnreadable(name, "file is empty (no JSON lines)")

    def _jsonl_article(self, name: str, number: int, raw: bytes) -> Article:
        where = f"line {number}"
        if b"\x00" in raw:
            raise SourceUnreadable(name, f"{where}: binary data, not JSON")
        try:
            record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            raise SourceUnreadable(name, f"{where}: not valid UTF-8") from None
        except json.JSONDecodeError:
            raise SourceUnreadable(name, f"{where}: not valid JSON") from None
        if not isinstance(record, dict):
            raise SourceUnreadable(name, f"{where}: not a JSON object")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise SourceUnreadable(name, f"{where}: missing 'text'")
        try:
            published = parse_iso(record.get("published"))
        except ValueError:
            raise SourceUnreadable(
                name, f"{where}: 'published' is not an ISO date: {record.get('published')!r}"
            ) from None
        return _article(record, text.strip().replace("\r\n", "\n"), name, published, number)

    def _read_html(self, path: Path, raw: bytes) -> Article:
        from claims.sources.html import extract_html

        return extract_html(raw, str(path))
