"""Recognise the parts of a page that are not claims: banners, captions, crumbs, notices.

Line rules (``line_reason``) see a whole line and its neighbour, because captions and
cookie banners are laid out as lines; sentence rules (``sentence_reason``) see one
sentence. Keyword lists cover several languages, since banners follow the site's locale
(seed 002 ends with an Arabic cookie banner under English text).
"""

from __future__ import annotations

import re
import unicodedata

from claims.extract.keywords import (
    AI_NOTICE_PHRASES,
    BANNER_PHRASES,
    COMMON_VERBS,
    EN_STOP,
    FURNITURE_LINES,
    OTHER_STOP,
)

_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
_NOT_BYLINE = (
    "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
    "|May|June|July|August|September|October|November|December|Then|Now|Last|Next|This|That"
    "|Early|Late|Mid|Contrast|Comparison|Law|Default|Design|Far|Midnight|Noon|Dawn|Nightfall)"
)
BYLINE = re.compile(
    rf"^(?:(?:Report|Reporting|Written|Story|Text|Words|Translated|Edited) by|By) "
    rf"(?!{_NOT_BYLINE}\b){_NAME}"
    rf"(?:,? (?:and )?[\w ]{{0,30}}? by {_NAME})*(?=\s+[A-Z“\"]|\s*$)"
)
MAX_FURNITURE_LINE = 400  # banners, captions and crumbs are shorter than this
_CREDIT_WORDS = re.compile(
    r"\b(?:via|handout|photo|photograph|getty|reuters|afp|ap|epa|anadolu|xinhua|file|courtesy"
    r"|press office|images|shutterstock|irna|mehr|tasnim|isna|wana|sana|wam|spa|mena|ina|dpa"
    r"|bloomberg|pool|supplied)\b",
    re.IGNORECASE,
)
_TRAILING_PAREN = re.compile(r"\((?P<credit>[^()]{1,90})\)\s*$")
_CAPTION_PREFIX = re.compile(
    r"^(?:photo|picture|image|file photo|caption|credit|photograph)\s*(?::|by\b|/)", re.IGNORECASE
)
_BREADCRUMB = re.compile(r"^Home(?:\s*[>›»/|]|(?=[A-Z][a-z]))")
_CRUMB_SEPARATORS = re.compile(r"\s[>›»]\s")
_FINAL = re.compile(r"[.!?…][\"”’'»)\]]*$")
_QUESTION = re.compile(r"\?[\"”’'»)\]]*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _key(line: str) -> str:
    """A line folded for list look-ups: case, edge dashes/punctuation and spaces."""
    text = unicodedata.normalize("NFKC", line).casefold()
    return " ".join(text.strip(" \t-–—•·|:;.,!*#").split())


def is_banner(text: str) -> bool:
    """Cookie/privacy banner, copyright line or AI-image notice, in any listed language."""
    key = _key(text)
    return (
        key in FURNITURE_LINES
        or any(phrase in key for phrase in BANNER_PHRASES)
        or is_ai_notice(text)
    )


def is_ai_notice(text: str) -> bool:
    """An "AI-generated image" notice, in any of the listed languages."""
    key = _key(text)
    return any(phrase in key for phrase in AI_NOTICE_PHRASES)


def is_credit_caption(line: str) -> bool:
    """A photo caption: ends with a credit in parentheses, or starts "Photo:"."""
    text = line.strip()
    if _CAPTION_PREFIX.match(text):
        return True
    m = _TRAILING_PAREN.search(text)
    if not m:
        return False
    credit = m["credit"].strip()
    words = credit.split()
    return bool(_CREDIT_WORDS.search(credit)) or (
        len(words) <= 4 and all(w[:1].isupper() for w in words)
    )


def is_breadcrumb(line: str) -> bool:
    """Navigation trails: "HomeMiddle EastIraq…" (run together) or "Home > World > …"."""
    text = line.strip()
    return bool(_BREADCRUMB.match(text)) or len(_CRUMB_SEPARATORS.findall(text)) >= 2


def line_reason(line: str, next_line: str = "") -> str | None:
    """Why every sentence of ``line`` is dropped, judged on the line and the one below it.

    Only short lines qualify: a paragraph that mentions a privacy policy is not a banner.
    """
    if not line.strip() or len(line) > MAX_FURNITURE_LINE:
        return None
    if is_banner(line):
        return "boilerplate"
    if is_breadcrumb(line):
        return "breadcrumb"
    if is_credit_caption(line):
        return "caption"
    if is_ai_notice(next_line):
        return "caption"  # the alt text right above an "AI-generated image" notice
    return None


def script_share(text: str) -> float:
    """Share of the letters of ``text`` that are Latin (1.0 when it has no letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    return latin / len(letters)


def is_english(text: str) -> bool:
    """Latin script and, for longer sentences, more English than other function words."""
    if script_share(text) < 0.7:
        return False
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < 6:
        return True
    english = sum(w in EN_STOP for w in words)
    other = sum(w in OTHER_STOP for w in words)
    return not (other > english and english / len(words) < 0.15)


def has_verb(text: str) -> bool:
    """Rough finite-verb test (no tagger): common verbs, or -ed/-s word forms."""
    for word in _WORD.findall(text):
        low = word.casefold()
        if low in COMMON_VERBS:
            return True
        if (
            word.islower()
            and len(low) > 3
            and low.endswith(("ed", "s"))
            and not low.endswith(("ss", "us", "is", "ous"))
        ):
            return True
    return False


def sentence_reason(sentence: str, whole_line: bool) -> str | None:
    """Why a sentence is not a claim, or None when it asserts something."""
    text = sentence.strip()
    if is_banner(text) or BYLINE.fullmatch(text):
        return "boilerplate"
    if _QUESTION.search(text):
        return "question"
    words = _WORD.findall(text)
    if not is_english(text):
        return "non-english"
    if whole_line and len(words) >= 3 and not _FINAL.search(text):
        return "headline"
    if len(words) < 4 or (len(words) < 8 and not has_verb(text)):
        return "fragment"
    return None
