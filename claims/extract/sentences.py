"""Split an article into sentences and mark which are claims (``SentenceExtractor``).

Sentences come from pysbd, line by line (a line break always ends a sentence on the
pages we read), with offsets found in ``Article.text`` so ``text[start:end]`` is the
sentence. Every sentence is returned; those that are not claims carry a ``drop_reason``.

Time is linear in the text's size: pysbd is quadratic in its input, so a long line reaches
it in pieces of about ``CHUNK_CHARS`` cut at likely sentence ends, and a run with no
sentence end within ``max_sentence_chars`` never reaches it: it is cut at spaces into
pieces of at most that size, each dropped as "too long".
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from claims.config import Limits
from claims.extract.attribution import attribute
from claims.extract.boilerplate import BYLINE, block_reasons, line_reason, sentence_reason
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
_ABBREVIATION_TAIL = 8  # characters before a boundary that can hold an abbreviation
_THREE_WORDS = re.compile(r"\s*\S+\s+\S+\s+\S")
# any sentence-like end, to cut a run that _BOUNDARY cannot ("5%. 2024 was", "said. then",
# "true.While": scraped text often loses the space after a full stop)
_LOOSE_BOUNDARY = re.compile(r"(?<=[.!?;…])[\"'”’)\]]*(?:\s+|(?=[A-Z“‘\"]))")
TOO_LONG = "too long"
# odd whitespace that pysbd chokes on ("\x1f1. " raises ValueError in its list rules)
_PLAIN_SPACE = str.maketrans(dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029", " "))


def _resplit(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long piece at sentence ends that pysbd missed (not after "Mr.", "U.N.").

    Linear: the abbreviation test reads a few characters before each boundary, and the
    three-word test stops at the third word, however long the piece grows.
    """
    pieces: list[tuple[int, int]] = []
    for m in _BOUNDARY.finditer(line, start, end):
        tail = max(start, m.start() - _ABBREVIATION_TAIL)
        if _ABBREVIATION.search(line, tail, m.start()):
            continue
        if not _THREE_WORDS.match(line, start, m.start()):
            continue
        pieces.append((start, m.end("close")))
        start = m.end()
    pieces.append((start, end))
    return pieces


def _loose(line: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """line[start:end] cut after every full stop, question mark or semicolon."""
    for m in _LOOSE_BOUNDARY.finditer(line, start, end):
        yield start, m.end()
        start = m.end()
    yield start, end


def _windows(line: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """line[start:end] in pieces of at most ``limit`` characters, cut at spaces if any."""
    while end - start > limit:
        cut = line.rfind(" ", start + 1, start + limit + 1)
        if cut <= start:
            cut = start + limit
        yield start, cut
        start = cut
    yield start, end


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    line: int  # index of the line in the article
    whole_line: bool
    too_long: bool = False  # a piece of a run with no sentence end within the limit


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
    """The default ``ClaimExtractor``: pysbd sentences, boilerplate rules, attribution.

    ``max_sentence_chars`` (default in ``claims.config.Limits``): a longer stretch without
    a sentence end is not a claim any model reads whole; it is cut into pieces of at most
    that size, each dropped as "too long". pysbd's time grows with its square.
    """

    def __init__(
        self, language: str = "en", max_sentence_chars: int = Limits.max_sentence_chars
    ) -> None:
        import pysbd

        if max_sentence_chars < 1:
            raise ValueError("max_sentence_chars must be positive")
        self._segmenter = pysbd.Segmenter(language=language, clean=False)
        self.max_sentence_chars = max_sentence_chars

    def _segments(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
        """(start, end, too long) of the sentences of text[start:end], stripped."""
        line = text[start:end].translate(_PLAIN_SPACE)  # same length: offsets hold
        limit = self.max_sentence_chars
        for a, b, too_long in self._chunks(line):
            pieces = [(a, b)] if too_long else self._pysbd(line, a, b)
            for p, q in pieces:
                long = too_long or q - p > limit
                for x, y in _windows(line, p, q, limit) if long else [(p, q)]:
                    s, e = _strip(text, start + x, start + y)
                    if s < e:
                        yield s, e, long

    def _chunks(self, line: str) -> Iterator[tuple[int, int, bool]]:
        """(start, end, too long): pieces of a line for pysbd, and runs too long for it.

        pysbd is quadratic in its input, so it gets pieces of about ``CHUNK_CHARS`` cut
        at likely sentence ends; a run with no end within ``max_sentence_chars`` is not
        handed to it at all.
        """
        if len(line) <= CHUNK_CHARS:
            yield 0, len(line), False
            return
        limit = self.max_sentence_chars
        chunk = 0
        for a, b in _resplit(line, 0, len(line)):
            for p, q in _loose(line, a, b) if b - a > limit else [(a, b)]:
                if q - p > limit:
                    if chunk < p:
                        yield chunk, p, False
                    yield p, q, True
                    chunk = q
                elif q - chunk >= CHUNK_CHARS:
                    yield chunk, q, False
                    chunk = q
        if chunk < len(line):
            yield chunk, len(line), False

    def _pysbd(self, line: str, start: int, end: int) -> list[tuple[int, int]]:
        """Sentence spans of line[start:end] from pysbd, located in the line."""
        try:
            segments = self._segmenter.segment(line[start:end])
        except Exception as exc:  # pysbd's own rules trip on odd input; ours still split
            logger.warning("pysbd failed (%s) on a %d-char piece", type(exc).__name__, end - start)
            return _resplit(line, start, end)
        cursor = start
        pieces: list[tuple[int, int]] = []
        for segment in segments:
            piece = segment.strip()
            if not piece:
                continue
            at = line.find(piece, cursor, end)
            if at < 0:  # pysbd altered the text: keep the rest of the piece whole
                logger.debug("pysbd segment not found in line; keeping the rest whole")
                pieces.append((cursor, end))
                cursor = end
                break
            if pieces and not _ALNUM.search(piece):  # a stray closing quote: glue it back
                pieces[-1] = (pieces[-1][0], at + len(piece))
            elif len(piece) > LONG_SENTENCE or _QUOTE.search(piece):
                pieces.extend(_resplit(line, at, at + len(piece)))
            else:
                pieces.append((at, at + len(piece)))
            cursor = at + len(piece)
        if cursor < end and line[cursor:end].strip():
            pieces.append((cursor, end))
        return pieces

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
            for s, e, too_long in found:
                spans.append(_Span(s, e, number, len(found) == 1, too_long))
        return spans

    def extract(self, article: Article) -> list[SentenceDraft]:
        """Every sentence of the article, claims with attribution, others with a reason."""
        text = article.text
        lines = _lines(text)
        line_texts = [text[s:e] for s, e in lines]
        spans = self.sentences(text)
        counts = Counter(normalize(text[sp.start : sp.end]) for sp in spans)
        title_key = normalize(article.title) if article.title else None
        blocks = block_reasons(line_texts)  # "related" lists and digests under a heading
        line_reasons: dict[int, str | None] = {}
        drafts: list[SentenceDraft] = []
        for sp in spans:
            sentence = text[sp.start : sp.end]
            key = normalize(sentence)
            if sp.line not in line_reasons:
                below = line_texts[sp.line + 1] if sp.line + 1 < len(lines) else ""
                line_reasons[sp.line] = line_reason(line_texts[sp.line], below) or blocks.get(
                    sp.line
                )
            reason = TOO_LONG if sp.too_long else line_reasons[sp.line]
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
