"""Saved web pages to one article, through trafilatura (never fetches anything)."""

from __future__ import annotations

import html as html_lib
import logging

from claims.errors import SourceUnreadable
from claims.sources.dates import parse_iso
from claims.sources.decode import decode_bytes
from claims.types import Article

logger = logging.getLogger(__name__)

_MIN_WORDS = 4
_PROBE = 40  # characters of the article's start looked up in the page source


def _source_line(source: str, text: str) -> int:
    """1-based line of the page source where the article text starts (1 when unknown)."""
    first = text.split("\n", 1)[0][:_PROBE]
    body = max(source.find("<body"), 0)  # the <title> repeats the headline; skip the head
    for probe in (first, html_lib.escape(first, quote=False), first[:20]):
        if len(probe) >= 8:
            at = source.find(probe, body)
            if at >= 0:
                return source.count("\n", 0, at) + 1
    return 1


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def extract_html(raw: bytes, path: str) -> Article:
    """The main text and metadata (title, date, author, site name, url) of a saved page."""
    source = decode_bytes(raw, path)
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            source,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=True,
        )
    except Exception as exc:  # trafilatura raises assorted lxml/parser errors
        logger.debug("trafilatura failed on %s", path, exc_info=True)
        raise SourceUnreadable(path, f"HTML could not be parsed ({type(exc).__name__})") from None
    if doc is None:
        raise SourceUnreadable(path, "no article text found in the HTML page")
    fields = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (fields.get("text") or "").strip()
    if len(text.split()) < _MIN_WORDS:  # a menu or a lone link, not an article
        raise SourceUnreadable(path, "no article text found in the HTML page")
    try:
        published = parse_iso(fields.get("date"))
    except ValueError:
        published = None
    return Article(
        text=text,
        path=path,
        title=_clean(fields.get("title")),
        outlet=_clean(fields.get("sitename")),
        published=published,
        url=_clean(fields.get("url")),
        author=_clean(fields.get("author")),
        line=_source_line(source, text),
    )
