"""Saved web pages to one article, through trafilatura (never fetches anything)."""

from __future__ import annotations

import dataclasses
import html as html_lib
import logging
from datetime import date
from typing import Any

from claims.errors import SourceUnreadable
from claims.sources.dates import parse_iso
from claims.sources.decode import decode_bytes
from claims.sources.header import Header, byline_header, read_header, stem_outlet
from claims.sources.pagemeta import (
    PageMeta,
    byline_texts,
    read_page_meta,
    relative_date,
    title_outlet,
)
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


def _extract(source: str, path: str) -> dict[str, Any]:
    """trafilatura's text and metadata; its date from the markup and the URL only.

    Why no ``deduplicate``: trafilatura keeps one cache of paragraphs for the whole process,
    so the fourth page of a batch that carries the same wire story came back empty
    (repeated lines within a page are the extractor's to drop). Why not its extensive date
    search: it dates a page from any date in the text (the day of the event it reports),
    where "7 hours ago" stands for the real one.
    """
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        doc = trafilatura.bare_extraction(
            source,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,  # its cache spans calls: a 4th copy of a wire story read empty
            date_extraction_params=set_date_params(extensive=False),
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
    return fields


def _page_meta(source: str) -> tuple[PageMeta, Any]:
    """The markup's own metadata, and the parsed tree (None when lxml cannot read it)."""
    from trafilatura.utils import load_html

    try:
        tree = load_html(source)
    except Exception:  # the same page went through trafilatura already
        tree = None
    return (read_page_meta(tree, source) if tree is not None else PageMeta()), tree


def _site_name(value: object) -> tuple[str | None, str | None]:
    """(site name, host name) of trafilatura's sitename: a URL is neither, a domain a host."""
    name = _clean(value)
    if name is None or "/" in name or name.startswith("@"):
        return None, None
    return (None, name) if "." in name and " " not in name else (name, None)


def _authors(value: object, outlet: str | None) -> str | None:
    """trafilatura's "Lois Lane; Daily Planet" without the outlet a byline named too."""
    names = [n.strip() for n in (_clean(value) or "").split(";")]
    kept = [n for n in names if n and (outlet is None or n.casefold() != outlet.casefold())]
    return "; ".join(kept) or None


def _strip_outlet(title: str | None, outlet: str | None) -> str | None:
    """The headline without the outlet that a ``<title>`` appends ("Headline | Outlet")."""
    if title and outlet and title.casefold().endswith(outlet.casefold()):
        head = title[: -len(outlet)].rstrip(" |–—-•·:")
        return head if head and head != title else title
    return title


def _published(
    page: PageMeta, fields: dict[str, Any], header: Header, tree: Any, anchor: date | None
) -> tuple[date | None, bool]:
    """(published, approx): the markup's day, a date stamp in the text, trafilatura's day
    (markup and URL), else the page's relative date against ``anchor`` (unknown without)."""
    if page.published:
        return page.published, False
    if header.date and header.date.value and not header.date.approx:
        return header.date.value, False
    try:
        found = parse_iso(fields.get("date"))
    except ValueError:
        found = None
    if found:
        return found, False
    relative = header.date or (relative_date(tree, anchor) if tree is not None else None)
    return relative.published if relative else (None, False)


def extract_html(raw: bytes, path: str, saved_on: date | None = None) -> Article:
    """The main text and metadata (title, outlet, date, author, url) of a saved page.

    The markup speaks first (``claims.sources.pagemeta``), then trafilatura, then the
    text's own byline, dateline and date stamps (``claims.sources.header``); the outlet is
    the file's stem where none names it. A relative date ("7 hours ago") counts only
    against the day the page was saved (``saved_on``, or a page-saving tool's stamp).
    """
    source = decode_bytes(raw, path)
    fields = _extract(source, path)
    text = fields["text"].strip()
    page, tree = _page_meta(source)
    anchor = page.saved_on or saved_on
    header = read_header(text, anchor)
    if tree is not None and header.outlet is None:  # trafilatura drops the byline's line
        byline = next((h for h in map(byline_header, byline_texts(tree)) if h.outlet), None)
        if byline is not None:
            header = dataclasses.replace(
                header, outlet=byline.outlet, author=header.author or byline.author
            )
    title = page.title or _clean(fields.get("title")) or header.title
    site, host = _site_name(fields.get("sitename"))
    named = title_outlet(page.title_tag, title)
    # trafilatura's own site name comes last of the names: beyond the markup read above it
    # adds article:publisher and a twitter handle ("@gazettenorth" -> "Gazettenorth")
    outlet = page.outlet or header.outlet or named or site or host or stem_outlet(path)
    published, approx = _published(page, fields, header, tree, anchor)
    return Article(
        text=text,
        path=path,
        title=_strip_outlet(title, outlet),
        outlet=outlet,
        published=published,
        published_approx=approx,
        url=page.url or _clean(fields.get("url")),
        author=page.author or _authors(fields.get("author"), outlet) or header.author,
        line=_source_line(source, text),
    )
