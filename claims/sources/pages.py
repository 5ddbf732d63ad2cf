"""Split a saved listing page that holds several articles into those articles.

Two layouts occur in the wild (see ``seeds/``):

* outlet blocks: an outlet line, a date line ("7 hours ago", "12-08-2025"), "- <section>",
  "- <outlet>", then the title and the article's text (a news aggregator's tag page);
* repeated titles: a title, its photo captions (each twice), "TT"/"20"-like widget
  counters, the title again, then the text (Asharq Al-Awsat-style pages).

Anything else is not a page (``split_page`` returns None) and is read as one article.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import date

from claims.sources.dates import parse_date_line
from claims.types import Article

logger = logging.getLogger(__name__)

_MARKER = re.compile(r"^(?:[A-Z]{1,3}|\d{1,3})$")  # "TT", "20": share/comment counters
_LATIN = re.compile(r"[A-Za-z]")
_TITLE_WINDOW = 12  # lines within which a repeated title must reappear


def _is_outlet_header(lines: Sequence[str], i: int, reference: date | None) -> bool:
    if i + 4 >= len(lines):
        return False
    outlet = lines[i].strip()
    if not outlet or len(outlet) > 60 or outlet.startswith("- "):
        return False
    if parse_date_line(lines[i + 1], reference) is None:
        return False
    if not lines[i + 2].strip().startswith("- "):
        return False
    if lines[i + 3].strip().casefold() != f"- {outlet}".casefold():
        return False
    return bool(lines[i + 4].strip())


def _headline_like(line: str) -> bool:
    text = line.strip()
    words = text.split()
    return (
        3 <= len(words) <= 30
        and not text.endswith((".", "!", "?", ":", ";", ","))
        and bool(_LATIN.search(text))
    )


def _repeated_title_end(lines: Sequence[str], i: int) -> int | None:
    """Index of the title's repeat when line ``i`` opens a repeated-title header."""
    title = lines[i].strip()
    if not _headline_like(title):
        return None
    for j in range(i + 1, min(len(lines), i + _TITLE_WINDOW)):
        if lines[j].strip() != title:
            continue
        between = [line.strip() for line in lines[i + 1 : j] if line.strip()]
        if not between:
            return None
        marked = any(_MARKER.match(line) for line in between)
        doubled = all(_MARKER.match(line) or between.count(line) >= 2 for line in between)
        return j if marked and doubled else None
    return None


def _is_prose(lines: Sequence[str]) -> bool:
    return any(
        line.strip().endswith((".", "!", "?", "”", '"')) or len(line) > 200 for line in lines
    )


def _body(lines: Sequence[str], start: int, stop: int, first_line: int) -> tuple[str, int] | None:
    """The text of lines[start:stop] without blank edges, and its 1-based first line."""
    while start < stop and not lines[start].strip():
        start += 1
    while stop > start and not lines[stop - 1].strip():
        stop -= 1
    if start >= stop:
        return None
    return "\n".join(lines[start:stop]), first_line + start


def split_page(
    text: str,
    path: str,
    page_date: date | None,
    saved_on: date | None = None,
    first_line: int = 1,
) -> list[Article] | None:
    """Articles of a multi-article page, or None when ``text`` is not such a page.

    Relative dates ("6 days ago") are resolved against ``page_date``, else ``saved_on``
    (the day the page was saved, when known), and are marked ``published_approx``; with
    neither, such an article's date is unknown (None), never the day of the ingest.
    ``first_line`` is the file line where ``text`` starts.
    """
    lines = text.split("\n")
    reference = page_date or saved_on
    outlet_heads = [i for i in range(len(lines)) if _is_outlet_header(lines, i, reference)]
    # (header start, body start, title, outlet, date line)
    heads: list[tuple[int, int, str, str | None, str | None]] = [
        (i, i + 5, lines[i + 4].strip(), lines[i].strip(), lines[i + 1]) for i in outlet_heads
    ]
    if not heads:
        i = 0
        while i < len(lines):
            end = _repeated_title_end(lines, i)
            if end is not None:
                heads.append((i, i + 1, lines[i].strip(), None, None))
                i = end + 1
            else:
                i += 1
    if not heads:
        return None
    articles: list[Article] = []
    preamble = [line for line in lines[: heads[0][0]] if line.strip()]
    if preamble and _is_prose(preamble):
        body = _body(lines, 0, heads[0][0], first_line)
        if body:
            articles.append(Article(text=body[0], path=path, line=body[1]))
    elif preamble:
        logger.debug("%s: skipping page headline lines %r", path, preamble)
    for k, (_, body_start, title, outlet, date_line) in enumerate(heads):
        stop = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        body = _body(lines, body_start, stop, first_line)
        if body is None:
            logger.info("%s: article %r has no text; skipped", path, title)
            continue
        parsed = parse_date_line(date_line, reference) if date_line else None
        published, approx = parsed.published if parsed else (None, False)
        articles.append(
            Article(
                text=body[0],
                path=path,
                title=title,
                outlet=outlet,
                published=published,
                published_approx=approx,
                line=body[1],
            )
        )
    return articles
