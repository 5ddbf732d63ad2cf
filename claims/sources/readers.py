"""Read source files into articles.

``FileReader`` reads plain text, Markdown (with YAML front matter), JSONL (streamed, one
article a line) and saved HTML pages (through trafilatura, offline). Every refusal is a
``SourceUnreadable`` with a one-line reason naming the file, and the line where it helps;
every value echoed in a reason is cut short. Only regular files are opened
(``claims.sources.files``), and each input is bounded by ``claims.config.Limits``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import reprlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from claims.config import Limits
from claims.errors import SourceUnreadable
from claims.sources.dates import parse_iso
from claims.sources.decode import decode_bytes
from claims.sources.files import (
    HTML_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    discover,
    open_regular,
    os_reason,
    unknown_type,
)
from claims.sources.header import complete
from claims.sources.markup import markdown_to_text, split_front_matter
from claims.sources.pages import split_page
from claims.types import Article

logger = logging.getLogger(__name__)

__all__ = ["MB", "SUPPORTED_SUFFIXES", "TEXT_SUFFIXES", "FileReader", "discover", "source_line"]

MB = 1024 * 1024
LIMITS = Limits()
DEFAULT_MAX_TEXT_BYTES = LIMITS.max_text_bytes  # kept for callers of the old name
ECHO_CHARS = 80  # a value quoted in an error message is cut to this many characters
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def shown(value: object, limit: int = ECHO_CHARS) -> str:
    """``repr`` of a value for an error message, cut to about ``limit`` characters."""
    if isinstance(value, str | bytes):
        text = repr(value[:limit]) + ("..." if len(value) > limit else "")
    else:  # reprlib stops early in big containers: never the whole structure
        text = reprlib.repr(value)
    return text if len(text) <= limit + 5 else text[:limit] + "..."


def json_too_deep(raw: bytes, limit: int) -> bool:
    """Whether a JSON text nests arrays and objects deeper than ``limit`` (linear, no parse).

    Why: ``json.loads`` recurses once per level and 100k brackets end in RecursionError.
    Brackets inside strings do not count; a text with few brackets is never scanned.
    """
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    for byte in _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS):
        if byte in b"[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def source_line(article: Article, offset: int) -> int:
    """1-based file line of character ``offset`` of ``article.text`` (for annotations).

    Text and Markdown keep their line structure, so lines are counted; a JSONL record is
    one line; an HTML page's text is re-flowed, so its first line is the best we know.
    """
    if Path(article.path).suffix.lower() in HTML_SUFFIXES | {".jsonl"}:
        return article.line
    return article.line + article.text.count("\n", 0, max(0, offset))


_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON and YAML escapes can make lone ones


def _clean(text: str) -> str:
    """``text`` that encodes as UTF-8: lone surrogates (from "\\ud800") become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _text_field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return _clean(str(value)).strip() or None


def _article(
    fields: dict[str, Any], text: str, path: str, published: date | None, line: int
) -> Article:
    """An article from its text and the metadata fields of front matter or a JSONL record."""
    return Article(
        text=_clean(text),
        path=path,
        title=_text_field(fields, "title"),
        outlet=_text_field(fields, "outlet"),
        published=published,
        url=_text_field(fields, "url"),
        author=_text_field(fields, "author"),
        external_id=_text_field(fields, "id"),
        line=line,
    )


def _published(fields: dict[str, Any], name: str, where: str) -> date | None:
    """The 'published' (or 'date') field as a date; SourceUnreadable echoing it, cut short."""
    key = "published" if fields.get("published") not in (None, "") else "date"
    try:
        return parse_iso(fields.get(key))
    except (ValueError, TypeError, OverflowError):
        value = shown(fields.get(key))
        raise SourceUnreadable(name, f"{where}'{key}' is not an ISO date: {value}") from None


_SAVED_KEYS = ("retrieved", "saved", "accessed", "captured")


def _saved_on(fields: dict[str, Any]) -> date | None:
    """The day front matter or a record says the page was saved: an anchor for "6 days ago".

    Optional and only an anchor, so a value that is no date is ignored, not refused.
    """
    for key in _SAVED_KEYS:
        try:
            value = parse_iso(fields.get(key))
        except (ValueError, TypeError, OverflowError):
            continue
        if value is not None:
            return value
    return None


def _first_line(text: str) -> tuple[str, int]:
    """``text`` without blank edges, and how many lines were cut from its start."""
    stripped = text.lstrip()
    skipped = text[: len(text) - len(stripped)].count("\n")
    return stripped.rstrip(), skipped


def _size(n: int, exact: bool = False) -> str:
    """A byte count for a message: "50.0 MB" ("20 MB" when ``exact``), or "900 bytes"."""
    if n < MB // 10:
        return f"{n:,} bytes"
    return f"{n / MB:g} MB" if exact else f"{n / MB:.1f} MB"


@dataclass(frozen=True)
class FileReader:
    """Reads one source file into articles (a ``SourceReader``).

    Fields a file leaves out are read from the article's text (headline, byline, dateline,
    date stamps: ``claims.sources.header``); the outlet falls back to the file's stem.

    ``now`` is the day the pages were saved, when the caller knows it: it resolves relative
    dates ("6 days ago") of pages that state no date, as a front-matter ``retrieved`` (or
    ``saved``, ``accessed``) date does for its file. Without either such a date is unknown
    (``published`` None), never the day of the ingest.

    The limits (defaults in ``claims.config.Limits``): ``max_text_bytes`` bounds text,
    Markdown and HTML files, and each JSONL record (a JSONL file streams at any size);
    ``max_front_matter_bytes`` the YAML front matter; ``max_json_depth`` the nesting of
    arrays and objects in a JSONL record.
    """

    now: date | None = None
    max_text_bytes: int = LIMITS.max_text_bytes
    max_front_matter_bytes: int = LIMITS.max_front_matter_bytes
    max_json_depth: int = LIMITS.max_json_depth

    def read(self, path: Path) -> Iterator[Article]:
        """Articles of ``path``, lazily; SourceUnreadable on bad input."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise unknown_type(path)
        if suffix == ".jsonl":
            yield from self._read_jsonl(path)
            return
        raw = self._read_bounded(path)
        if suffix in HTML_SUFFIXES:
            yield self._read_html(path, raw)
        else:
            text = decode_bytes(raw, str(path))
            yield from self._read_text(path, text, suffix != ".txt")

    def _read_bounded(self, path: Path) -> bytes:
        """The bytes of a regular file no larger than ``max_text_bytes``."""
        limit = self.max_text_bytes
        data = b""
        with open_regular(path) as handle:
            try:
                size = os.fstat(handle.fileno()).st_size
                if size <= limit:  # and read no more than the limit, should it grow
                    data = handle.read(limit + 1)
                    size = len(data)
            except OSError as exc:
                raise SourceUnreadable(str(path), os_reason(exc)) from None
        if size > limit:
            over = f"file is {_size(size)}, over the {_size(limit, exact=True)} limit"
            raise SourceUnreadable(str(path), over)
        return data

    def _read_text(self, path: Path, text: str, markdown: bool) -> Iterator[Article]:
        try:
            meta, body, head_lines = split_front_matter(text, self.max_front_matter_bytes)
        except ValueError as exc:
            raise SourceUnreadable(str(path), str(exc)) from None
        meta = meta or {}
        published = _published(meta, str(path), "front matter ")
        saved_on = _saved_on(meta) or self.now
        if markdown:
            body = markdown_to_text(body)
        body, skipped = _first_line(body)
        first = head_lines + skipped + 1
        if not body:
            only = " (file has only front matter)" if head_lines else ""
            raise SourceUnreadable(str(path), f"no article text{only}")
        if not meta.get("title"):
            articles = split_page(body, str(path), published, saved_on, first_line=first)
            if articles:
                yield from (complete(a, saved_on) for a in articles)
                return
        yield complete(_article(meta, body, str(path), published, first), saved_on)

    def _read_jsonl(self, path: Path) -> Iterator[Article]:
        name = str(path)
        count = 0
        with open_regular(path) as handle:
            for number, raw in _records(handle, name, self.max_text_bytes):
                yield self._jsonl_article(name, number, raw)
                count += 1
        if count == 0:
            raise SourceUnreadable(name, "file is empty (no JSON lines)")

    def _jsonl_article(self, name: str, number: int, raw: bytes) -> Article:
        where = f"line {number}"
        if b"\x00" in raw:
            raise SourceUnreadable(name, f"{where}: binary data, not JSON")
        if json_too_deep(raw, self.max_json_depth):
            raise SourceUnreadable(name, f"{where}: JSON nested deeper than {self.max_json_depth}")
        try:
            record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            raise SourceUnreadable(name, f"{where}: not valid UTF-8") from None
        except (ValueError, RecursionError):  # JSONDecodeError, or an int of 5,000 digits
            raise SourceUnreadable(name, f"{where}: not valid JSON") from None
        if not isinstance(record, dict):
            raise SourceUnreadable(name, f"{where}: not a JSON object")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise SourceUnreadable(name, f"{where}: missing 'text'")
        published = _published(record, name, f"{where}: ")
        body = text.strip().replace("\r\n", "\n")
        saved_on = _saved_on(record) or self.now
        return complete(_article(record, body, name, published, number), saved_on)

    def _read_html(self, path: Path, raw: bytes) -> Article:
        from claims.sources.html import extract_html

        return extract_html(raw, str(path), self.now)


def _records(handle: BinaryIO, name: str, limit: int) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each non-blank line, none over ``limit`` bytes (never read)."""
    number = 0
    while True:
        try:
            raw = handle.readline(limit + 1)
        except OSError as exc:
            raise SourceUnreadable(name, f"after line {number}: {os_reason(exc)}") from None
        if not raw:
            return
        number += 1
        if len(raw) > limit:  # bounded memory, even for one huge line
            raise SourceUnreadable(
                name, f"line {number}: record over the {_size(limit, exact=True)} limit"
            )
        if raw.strip():
            yield number, raw
