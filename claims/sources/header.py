"""What an article's own text says about it: headline, byline, dateline and date stamps.

A text copy of a page keeps as lines what the markup would have said: a headline over the
first paragraph (after captions, credits and a breadcrumb), "By NAME | OUTLET", a wire
dateline ("WASHINGTON (AP) —"), "Published 12 August 2025". ``complete`` fills the fields
an article lacks from these, and names the outlet after the file when the page names none.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from claims.sources.dates import PageDate, parse_stamp
from claims.sources.furniture import line_reason
from claims.types import Article

HEAD_LINES = 15  # non-blank lines before the first paragraph that may hold the head
# Wire services and broadcasters that sign datelines, by the name they sign with.
WIRES = {
    "ap": "Associated Press",
    "afp": "Agence France-Presse",
    "reuters": "Reuters",
    "upi": "United Press International",
    "dpa": "Deutsche Presse-Agentur",
    "ansa": "ANSA",
    "efe": "EFE",
    "xinhua": "Xinhua",
    "kyodo": "Kyodo News",
    "yonhap": "Yonhap",
    "pti": "Press Trust of India",
    "ians": "IANS",
    "tass": "TASS",
    "cnn": "CNN",
    "bloomberg": "Bloomberg",
    "anadolu": "Anadolu Agency",
    "aa": "Anadolu Agency",
    "irna": "IRNA",
    "kuna": "KUNA",
    "wam": "WAM",
    "spa": "Saudi Press Agency",
    "mena": "MENA",
    "ina": "Iraqi News Agency",
}
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:(?:and|&)\s+)?[A-Z][\w.'’-]*){0,5}"
_BYLINE = re.compile(
    rf"^By\s+(?P<name>{_NAME})(?:\s*(?P<sep>[|/•·,]|\s[-–—])\s*(?P<outlet>[^|/•·]{{2,60}}?))?\s*$"
)
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30}?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*)?\((?P<wire>[A-Za-z][\w .&-]{0,30})\)\s*[-–—]"
)
_HEX = re.compile(r"[0-9a-f]{8,}", re.IGNORECASE)
_UUID = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}", re.IGNORECASE)
_SEPARATORS = " _-."
_FINAL = re.compile(r"[.!?…:;,][\"”’'»)\]]*$")


@dataclass(frozen=True)
class Header:
    """What the head of a text says; a field is None where it says nothing."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: PageDate | None = None


def _prose(line: str) -> bool:
    text = line.strip()
    return len(text) > 200 or (bool(_FINAL.search(text)) and len(text.split()) >= 8)


def _headline_like(line: str) -> bool:
    """3 to 30 words, no sentence end, and no dash at the end (a lone dateline "NEW YORK -")."""
    text = line.strip()
    words = text.split()
    return (
        3 <= len(words) <= 30
        and not _FINAL.search(text)
        and not text.endswith(("-", "–", "—"))
        and any(c.isalpha() for c in text)
    )


def _head(lines: Sequence[str]) -> list[int]:
    """Indexes of the non-blank lines before the first paragraph, and of that paragraph.

    A caption is no paragraph: a hero image's caption often comes before the headline.
    """
    head: list[int] = []
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for n, i in enumerate(filled):
        head.append(i)
        below = lines[filled[n + 1]] if n + 1 < len(filled) else ""
        if len(head) > HEAD_LINES or (_prose(lines[i]) and not line_reason(lines[i], below)):
            break
    return head


def find_title(lines: Sequence[str], head: Sequence[int]) -> str | None:
    """The headline: the first headline-like line of the head that is not furniture.

    A breadcrumb run together with the headline ("HomeMiddle EastIraq and Iran sign …")
    gives way to the headline line that it ends with.
    """
    candidates: list[str] = []
    over_credits: list[str] = []  # a headline may sit over the hero image's credit too
    for n, i in enumerate(head):
        line = lines[i].strip()
        if _prose(line) or not _headline_like(line):
            continue
        if line_reason(line) or _BYLINE.match(line) or parse_stamp(line, None):
            continue
        below = lines[head[n + 1]] if n + 1 < len(head) else ""
        (over_credits if line_reason(line, below) else candidates).append(line)
    if not candidates:
        return over_credits[-1] if over_credits else None
    first = candidates[0]
    return next((c for c in candidates[1:] if first.endswith(c)), first)


def wire_name(token: str) -> str | None:
    """The outlet a dateline's parenthesis names: "AP" is the Associated Press."""
    token = token.strip()
    known = WIRES.get(token.casefold())
    if known:
        return known
    words = token.split()
    return token if 1 <= len(words) <= 4 and token[:1].isupper() else None


def _byline(line: str) -> tuple[str | None, str | None] | None:
    """(author, outlet) of a byline "By NAME", "By NAME | OUTLET", "By NAME, Reuters"."""
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    outlet = (m["outlet"] or "").strip() or None
    if outlet and m["sep"] == ",":  # "By Jane Doe, Senior Correspondent" names no outlet
        outlet = WIRES.get(outlet.casefold()) or (outlet if outlet in WIRES.values() else None)
    return m["name"].strip(), outlet


def byline_header(line: str) -> Header:
    """The author and outlet of one byline line (an HTML page's byline element)."""
    found = _byline(line)
    return Header(author=found[0], outlet=found[1]) if found else Header()


def read_header(text: str, saved_on: date | None = None) -> Header:
    """The headline, byline, wire dateline and date stamp that the start of ``text`` holds.

    Date stamps count in the head, and "Published …" stamps anywhere; a relative stamp
    ("7 hours ago") resolves against ``saved_on`` only, and is of unknown day without it.
    """
    lines = text.split("\n")
    head = _head(lines)
    author = outlet = None
    stamps: dict[str, PageDate] = {}
    for i in head:
        byline = _byline(lines[i])
        if byline and author is None:
            author, outlet = byline
        stamp = parse_stamp(lines[i], saved_on)
        if stamp:
            stamps.setdefault(*stamp)
    if "published" not in stamps:
        for line in lines:
            if line[:12].strip().casefold().startswith(("published", "posted")):
                stamp = parse_stamp(line, saved_on)
                if stamp and stamp[0] == "published":
                    stamps["published"] = stamp[1]
                    break
    if outlet is None and head:
        m = _DATELINE.match(lines[head[-1]])
        outlet = wire_name(m["wire"]) if m else None
    found = stamps.get("published") or _updated(stamps.get("updated"))
    return Header(find_title(lines, head), outlet, author, found)


def _updated(stamp: PageDate | None) -> PageDate | None:
    """An "Updated …" day as the published day, marked approximate: it was published by then."""
    return PageDate(stamp.value, True) if stamp else None


def _hashlike(token: str) -> bool:
    """A content hash or id in a file name: 8+ hex digits mixing digits and letters, or 16+."""
    if not _HEX.fullmatch(token):
        return False
    return len(token) >= 16 or (any(c.isdigit() for c in token) and any(c.isalpha() for c in token))


def stem_outlet(path: str) -> str | None:
    """The file's stem without hashes ("001_426e9a5a5fa84dae.txt" -> "001"); never a path."""
    tokens = re.split(r"([ _.-]+)", _UUID.sub("", PurePath(path).stem))
    kept: list[str] = []
    for k in range(0, len(tokens), 2):
        if not tokens[k] or _hashlike(tokens[k]):
            continue
        if kept:
            kept.append(tokens[k - 1])
        kept.append(tokens[k])
    return "".join(kept).strip(_SEPARATORS) or None


def complete(article: Article, saved_on: date | None = None) -> Article:
    """``article`` with the title, outlet, author and date its text states filled in where
    its source left them out; the outlet falls back to the file's stem."""
    if article.title and article.outlet and article.published and article.author:
        return article
    header = read_header(article.text, saved_on)
    published, approx = article.published, article.published_approx
    if published is None and header.date is not None:
        published, approx = header.date.published
    return dataclasses.replace(
        article,
        title=article.title or header.title,
        outlet=article.outlet or header.outlet or stem_outlet(article.path),
        author=article.author or header.author,
        published=published,
        published_approx=approx,
    )
