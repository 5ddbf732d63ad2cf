"""What a saved page's markup says about its article: outlet, headline, published day.

trafilatura reads most of this, but it takes ``article:publisher`` (often a Facebook URL)
as the site's name, misses an outlet named only in the ``<title>`` ("Headline | Outlet"),
and, in its extensive search, dates a page from any date in its text. Here the markup is
read in a fixed order of trust: JSON-LD (plain, list or ``@graph``; ``@id`` references
resolved), then meta tags, then the ``<title>``. ``saved_on`` is the day a page-saving
tool (SingleFile, "saved date: …") wrote the page: an anchor for "7 hours ago".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from claims.sources.dates import PageDate, leading_date, parse_date_line, parse_markup_date

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
    }
)
MAX_JSON_LD = 200_000  # characters of one JSON-LD block that are parsed
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
)
_SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "cxenseparse:site")
_TITLE_SPLIT = re.compile(r"\s+[|–—•·]\s+|\s+-\s+|\s+::\s+")
_SAVED = re.compile(r"saved date:\s*(?P<when>[^\n]{6,80})", re.IGNORECASE)
_URLISH = re.compile(r"^(?:https?://|www\.)|/", re.IGNORECASE)


@dataclass(frozen=True)
class PageMeta:
    """The markup's outlet, headline, published day and url; None where it names none."""

    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    url: str | None = None
    author: str | None = None
    saved_on: date | None = None
    title_tag: str | None = None  # the <title>, which may add the outlet to the headline


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name")
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.casefold() for k in kinds if isinstance(k, str)}


def _nodes(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of a block: a plain object, a list, or an ``@graph``."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph"), depth + 1)


def json_ld(blocks: list[str]) -> list[dict[str, Any]]:
    """The objects of a page's JSON-LD blocks; a block that does not parse is skipped."""
    nodes: list[dict[str, Any]] = []
    for block in blocks:
        try:
            data = json.loads(block[:MAX_JSON_LD])
        except (ValueError, RecursionError):
            continue
        nodes.extend(_nodes(data))
    return nodes


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    """A ``{"@id": …}`` reference (or a list's first) replaced by the node it names."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict) and "@id" in value and "name" not in value:
        ref = value["@id"]
        return by_id.get(ref, value) if isinstance(ref, str) else value
    return value


def from_json_ld(nodes: list[dict[str, Any]]) -> PageMeta:
    """Outlet, headline, published day and author of the article node, if there is one."""
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article = next((n for n in nodes if _types(n) & ARTICLE_TYPES), None)
    if article is None:
        return PageMeta()
    publisher = _text(_resolve(article.get("publisher"), by_id))
    if publisher is None:  # the site's publisher, as @graph pages from Yoast state it
        site = next((n for n in nodes if "website" in _types(n)), {})
        publisher = _text(_resolve(site.get("publisher"), by_id)) or _text(site.get("name"))
    published = parse_markup_date(article.get("datePublished")) or parse_markup_date(
        article.get("dateCreated")
    )
    return PageMeta(
        outlet=publisher,
        title=_text(article.get("headline")),
        published=published,
        url=_text(article.get("url")),
        author=_text(_resolve(article.get("author"), by_id)),
    )


def _meta(tree: Any) -> dict[str, str]:
    """Meta tags by lower-cased property, name or itemprop (the first of each wins)."""
    found: dict[str, str] = {}
    for elem in tree.iter("meta"):
        name = elem.get("property") or elem.get("name") or elem.get("itemprop")
        content = " ".join((elem.get("content") or "").split())
        if name and content:
            found.setdefault(name.strip().casefold(), content)
    return found


def title_outlet(title: str | None, headline: str | None) -> str | None:
    """The outlet a ``<title>`` adds to the headline: "Headline | Outlet", "Outlet - Headline"."""
    if not title or not headline:
        return None
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    if len(parts) < 2:
        return None
    fold = headline.casefold()
    for outlet, rest in ((parts[-1], parts[:-1]), (parts[0], parts[1:])):
        if " - ".join(rest).casefold() in fold or fold in " - ".join(rest).casefold():
            return outlet if len(outlet.split()) <= 6 and not _URLISH.search(outlet) else None
    return None


def _saved_on(source: str) -> date | None:
    """The day a page-saving tool wrote in its comment ("saved date: Tue Aug 19 2025 …")."""
    m = _SAVED.search(source[:5000])
    if not m:
        return None
    when = re.sub(r"^[A-Z][a-z]{2}\s+", "", m["when"].strip())  # drop the weekday
    return leading_date(re.sub(r"\s+\d{1,2}:\d{2}.*$", "", when))


def read_page_meta(tree: Any, source: str) -> PageMeta:
    """Outlet, headline, published day, url and author from a parsed page's markup."""
    blocks = [s.text or "" for s in tree.iter("script") if "ld+json" in (s.get("type") or "")]
    ld = from_json_ld(json_ld(blocks))
    meta = _meta(tree)
    title_el = next((" ".join((t.text or "").split()) for t in tree.iter("title")), None)
    headline = ld.title or meta.get("og:title") or meta.get("twitter:title") or meta.get("headline")
    site = next((meta[k] for k in _SITE_META if k in meta and not _URLISH.search(meta[k])), None)
    published = ld.published or next(
        (d for k in _DATE_META if k in meta and (d := parse_markup_date(meta[k]))), None
    )
    canonical = next(
        (link.get("href") for link in tree.iter("link") if link.get("rel") == "canonical"), None
    )
    return PageMeta(
        outlet=site or ld.outlet,
        title=headline,
        published=published,
        url=meta.get("og:url") or canonical or ld.url,
        author=ld.author,
        saved_on=_saved_on(source),
        title_tag=title_el,
    )


MAX_MARKED = 50  # elements classed as a date or byline that are read, at most


def _short_text(elem: Any, limit: int) -> str | None:
    """The element's text when it is at most ``limit`` characters (reads little more)."""
    parts: list[str] = []
    size = 0
    for piece in elem.itertext():
        parts.append(piece)
        size += len(piece)
        if size > 3 * limit:
            return None
    text = " ".join("".join(parts).split())
    return text if 0 < len(text) <= limit else None


def _marked(tree: Any, words: tuple[str, ...], limit: int) -> Iterator[str]:
    """Short texts of the first elements whose tag, class or itemprop holds one of ``words``."""
    seen = 0
    for elem in tree.iter():
        if not isinstance(elem.tag, str):
            continue
        marks = f"{elem.tag} {elem.get('class') or ''} {elem.get('itemprop') or ''}".casefold()
        if any(w in marks for w in words):
            seen += 1
            if seen > MAX_MARKED:
                return
            text = _short_text(elem, limit)
            if text:
                yield text


def byline_texts(tree: Any) -> Iterator[str]:
    """Short texts of elements classed as a byline ("By Lois Lane | Metro Ledger")."""
    return _marked(tree, ("byline",), 120)


def relative_date(tree: Any, saved_on: date | None) -> PageDate | None:
    """The page's own "7 hours ago", resolved against ``saved_on`` (unknown day without)."""
    for text in _marked(tree, ("time", "date", "publish"), 40):
        parsed = parse_date_line(text, saved_on)
        if parsed is not None and parsed.approx:
            return parsed
    return None
