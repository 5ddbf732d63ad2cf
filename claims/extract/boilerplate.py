"""Recognise the parts of a page that are not claims: banners, captions, credits, digests.

Block rules (``block_reasons``) see the whole text, because a "Related articles" list or a
digest of social-media reactions is a run of lines under a heading; line rules
(``claims.sources.furniture.line_reason``) see a line and its neighbour, because captions
and banners are laid out as lines; sentence rules (``sentence_reason``) see one sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from claims.extract.keywords import COMMON_VERBS, EN_STOP, OTHER_STOP
from claims.sources.furniture import (
    DIGEST_HEADINGS,
    POINTER_HEADINGS,
    RELATED_HEADINGS,
    is_ai_image_notice,
    is_ai_text_notice,
    is_banner,
    is_breadcrumb,
    is_credit_caption,
    key,
    line_reason,
)

__all__ = [
    "BYLINE",
    "block_reasons",
    "has_verb",
    "is_breadcrumb",
    "is_credit_caption",
    "is_english",
    "line_reason",
    "sentence_reason",
]

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
_FINAL = re.compile(r"[.!?…][\"”’'»)\]]*$")
_QUESTION = re.compile(r"\?[\"”’'»)\]]*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


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
    if is_ai_image_notice(text) or is_ai_text_notice(text):
        return "credit"
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


RELATED_SHARE = 0.6  # a "Related" list runs to the end when it holds at most this share
MAX_DIGEST_PARAGRAPHS = 3
BLOCK_WINDOW = 40  # lines a heading looks down for its link titles, digest or next text
_POINTER = re.compile(
    r"^\s*(?:read more|read also|also read|see also|related)\s*[:：»>]\s*\S", re.IGNORECASE
)


def _prose(line: str) -> bool:
    """A paragraph of running text, not a heading, credit or link title."""
    text = line.strip()
    return len(text) > 200 or (bool(_FINAL.search(text)) and len(text.split()) >= 8)


@dataclass(frozen=True)
class _Text:
    """The lines of a text, with what the block rules ask of them computed once (linear)."""

    lines: Sequence[str]
    tail_chars: list[int]  # characters from line i to the end
    prose_before: list[bool]  # whether a paragraph of running text comes before line i

    @classmethod
    def of(cls, lines: Sequence[str]) -> _Text:
        tail = [0] * (len(lines) + 1)
        for i in range(len(lines) - 1, -1, -1):
            tail[i] = tail[i + 1] + len(lines[i])
        before, seen = [], False
        for line in lines:
            before.append(seen)
            seen = seen or _prose(line)
        return cls(lines, tail, before)

    def window(self, head: int) -> range:
        return range(head + 1, min(len(self.lines), head + 1 + BLOCK_WINDOW))


def _related(text: _Text, head: int) -> dict[int, str]:
    """The lines of a "Related articles" list under the heading at ``head``.

    Such lists end saved pages, so the block runs to the end, unless that would take most
    of the text (a box inside the article): then only the link titles right under it.
    """
    lines = text.lines
    if text.prose_before[head] and text.tail_chars[head] <= RELATED_SHARE * text.tail_chars[0]:
        return {i: "related" for i in range(head, len(lines)) if lines[i].strip()}
    found = {head: "related"}
    for i in text.window(head):
        if _prose(lines[i]):
            break
        if lines[i].strip():
            found[i] = "related"
    return found


def _digest(text: _Text, head: int) -> dict[int, str]:
    """The paragraphs under a digest heading ("What people are saying"), up to the next
    line that is not running text."""
    found = {head: "digest"}
    paragraphs = 0
    for i in text.window(head):
        line = text.lines[i]
        if not line.strip():
            continue
        if not _prose(line) or paragraphs == MAX_DIGEST_PARAGRAPHS:
            break
        found[i] = "digest"
        paragraphs += 1
    return found


def _next_text(text: _Text, i: int) -> int | None:
    return next((j for j in text.window(i) if text.lines[j].strip()), None)


def block_reasons(lines: Sequence[str]) -> dict[int, str]:
    """Line index -> reason, for lines that belong to a block that is not the article.

    "related": a list of other articles under a heading ("Related articles", "مقالات ذات صلة")
    or a pointer ("Read more: …"); "digest": social-media reactions or a summary written
    by AI, under its heading or next to a "written by AI" notice. Linear in the text.
    """
    text = _Text.of(lines)
    found: dict[int, str] = {}
    for i, line in enumerate(lines):
        if i in found or not line.strip() or len(line) > 120:
            continue
        folded = key(line)
        if folded in RELATED_HEADINGS:
            found.update(_related(text, i))
        elif folded in DIGEST_HEADINGS:
            found.update({j: r for j, r in _digest(text, i).items() if j not in found})
        elif folded in POINTER_HEADINGS:
            found[i] = "related"
            j = _next_text(text, i)
            if j is not None and not _prose(lines[j]):
                found[j] = "related"
        elif _POINTER.match(line):
            found[i] = "related"
        elif is_ai_text_notice(line) and not is_credit_caption(line):
            j = _next_text(text, i)
            if j is not None and _prose(lines[j]):
                found.setdefault(j, "digest")
    return found
