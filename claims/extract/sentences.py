"""Split an article into sentences and mark which are claims (``SentenceExtractor``).

Sentences come from pysbd, line by line (a line break always ends a sentence on the
pages we read), with offsets found in ``Article.text`` so ``text[start:end]`` is the
sentence. Every sentence is returned; those that are not claims carry a ``drop_reason``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from claims.extract.attribution import attribute
from claims.extract.boilerplate import BYLINE, line_reason, sentence_reason
from claims.sources.copies import normalize
from claims.types import Article, Attribution, SentenceDraft

logger = logging.getLogger(__name__)

_ALNUM = re.compile(r"\w")
CONTEXT_CHARS = 4000  # how much text before/after a sentence attribution looks at
CHUNK_CHARS = 3000  # longer lines go to pysbd in pieces cut at likely sentence ends
LONG_SENTENCE = 400  # pysbd gives up on mismatched quotes ('…"): re-split longer pieces
# pysbd keeps a multi-sentence quotation whole; each of its sentences is a claim of its own
# (the speaker still comes from the attribution after the quote), and an NLI model reads
# one sentence far better than three.
_QUOTE = re.compile(r"[“”\"]")
_BOUNDARY = re.compile(r"(?<=[.!?])(?P<close>[\"'”’]*)\s+(?=[\"'“‘]?[A-Z])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|No|Jr|Sr|vs)|\b[A-Z])\.$"
)


def _resplit(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long piece at sentence ends that pysbd missed (not after "Mr.", "U.N.")."""
    pieces: list[tuple[int, int]] = []
    for m in _BOUNDARY.finditer(line, start, end):
        head = line[start : m.start()]
        if _ABBREVIATION.search(head) or len(head.split()) < 3:
            continue
        pieces.append((start, m.end("close")))
        start = m.end()
    pieces.append((start, end))
    return pieces


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    line: int  # index of the line in the article
    whole_line: bool


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, newline excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for part in text.split("\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class SentenceExtractor:
    """The default ``ClaimExtractor``: pysbd sentences, boilerplate rules, attribution."""

    def __init__(self, language: str = "en") -> None:
        import pysbd

        self._segmenter = pysbd.Segmenter(language=language, clean=False)

    def _segments(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Sentence spans of text[start:end], located in the text (pysbd gives strings)."""
        line = text[start:end]
        cursor = 0
        pieces: list[tuple[int, int]] = []
        for segment in self._pysbd(line):
            piece = segment.strip()
            if not piece:
                continue
            at = line.find(piece, cursor)
            if at < 0:  # pysbd altered the text: keep the rest of the line whole
                logger.debug("pysbd segment not found in line; keeping the rest whole")
                pieces.append((cursor, len(line)))
                cursor = len(line)
                break
            if pieces and not _ALNUM.search(piece):  # a stray closing quote: glue it back
                pieces[-1] = (pieces[-1][0], at + len(piece))
            elif len(piece) > LONG_SENTENCE or _QUOTE.search(piece):
                pieces.extend(_resplit(line, at, at + len(piece)))
            else:
                pieces.append((at, at + len(piece)))
            cursor = at + len(piece)
        if cursor < len(line) and line[cursor:].strip():
            pieces.append((cursor, len(line)))
        for a, b in pieces:
            s, e = _strip(text, start + a, start + b)
            if s < e:
                yield s, e

    def _pysbd(self, line: str) -> Iterator[str]:
        """pysbd's segments of a line, fed in chunks: it is quadratic on long lines."""
        if len(line) <= CHUNK_CHARS:
            yield from self._segmenter.segment(line)
            return
        chunk_start = 0
        for _, b in _resplit(line, 0, len(line)):
            if b - chunk_start >= CHUNK_CHARS:
                yield from self._segmenter.segment(line[chunk_start:b])
                chunk_start = b
        if chunk_start < len(line):
            yield from self._segmenter.segment(line[chunk_start:])

    def sentences(self, text: str) -> list[_Span]:
        """Sentence spans of ``text`` (stripped), with their line and whether they fill it."""
        spans: list[_Span] = []
        for number, (start, end) in enumerate(_lines(text)):
            if not text[start:end].strip():
                continue
            byline = BYLINE.match(text, start, end)  # "Report by A, adaptation by B Hopes…"
            if byline and byline.end() < end:
                spans.append(_Span(start, byline.end(), number, False))
                start = byline.end()
            found = list(self._segments(text, start, end))
            for s, e in found:
                spans.append(_Span(s, e, number, len(found) == 1))
        return spans

    def extract(self, article: Article) -> list[SentenceDraft]:
        """Every sentence of the article, claims with attribution, others with a reason."""
        text = article.text
        lines = _lines(text)
        line_texts = [text[s:e] for s, e in lines]
        spans = self.sentences(text)
        counts = Counter(normalize(text[sp.start : sp.end]) for sp in spans)
        title_key = normalize(article.title) if article.title else None
        line_reasons: dict[int, str | None] = {}
        drafts: list[SentenceDraft] = []
        for sp in spans:
            sentence = text[sp.start : sp.end]
            key = normalize(sentence)
            if sp.line not in line_reasons:
                below = line_texts[sp.line + 1] if sp.line + 1 < len(lines) else ""
                line_reasons[sp.line] = line_reason(line_texts[sp.line], below)
            reason = line_reasons[sp.line]
            if reason is None and key and counts[key] >= 2:
                reason = "repeated"
            if reason is None and title_key and key == title_key:
                reason = "headline"
            if reason is None:
                reason = sentence_reason(sentence, sp.whole_line)
            attribution = Attribution()
            if reason is None:
                attribution = attribute(
                    sentence,
                    text[max(0, sp.start - CONTEXT_CHARS) : sp.start],
                    article.published,
                    article.published_approx,
                    context_after=text[sp.end : sp.end + CONTEXT_CHARS],
                )
            drafts.append(SentenceDraft(sentence, sp.start, sp.end, reason, attribution))
        return drafts
