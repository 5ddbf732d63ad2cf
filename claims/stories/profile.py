"""What the story stage reads of an article: a vector of its title and lede, the named
entities it mentions (with their character spans, so each claim knows its own), the noun
phrases that may name its event, and its stated date.

``StoryProfiler`` is the story stage's protocol (``Stages.stories``). ``SpacyProfiler`` is
the real default (spaCy's NER, the pipeline framing already loads, and the claims'
embedder); ``PlainProfiler`` needs no spaCy (capitalised runs stand in for entities), for
stages built without it (tests).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np

from claims.types import Article, Embedder

LEDE_SENTENCES = 3  # sentences after the title that make an article's lede
LEDE_CHARS = 600  # ... at most
NER_CHARS = 20_000  # entities are read from this much of an article
ENTITY_LABELS = frozenset("PERSON ORG GPE LOC NORP FAC EVENT PRODUCT LAW".split())
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True)
class Mention:
    """One named entity in an article: its normalised name and its span in the text."""

    name: str
    start: int
    end: int
    text: str = ""  # as written, for labels


@dataclass
class ArticleProfile:
    """The story signals of one article."""

    vector: np.ndarray  # normalised embedding of title and lede
    entities: dict[str, int]  # normalised name -> mentions
    mentions: list[Mention] = field(default_factory=list)  # spans in ``Article.text``
    phrases: list[str] = field(default_factory=list)  # noun phrases of the title, best first
    day: date | None = None  # its stated (not relative) publication date
    display: dict[str, str] = field(default_factory=dict)  # name -> as first written

    def entities_within(self, start: int, end: int) -> set[str]:
        """Entities mentioned between two offsets of the text (one claim's)."""
        return {m.name for m in self.mentions if m.start >= start and m.end <= end}

    def to_json(self) -> dict[str, Any]:
        """What is kept of it with the article (a rebuild regroups from this and the vector)."""
        return {
            "entities": self.entities,
            "display": self.display,
            "phrases": self.phrases,
            "day": self.day.isoformat() if self.day else None,
        }

    @classmethod
    def from_json(cls, vector: np.ndarray, data: dict[str, Any]) -> ArticleProfile:
        day = data.get("day")
        return cls(
            vector,
            dict(data.get("entities", {})),
            phrases=list(data.get("phrases", [])),
            day=date.fromisoformat(day) if day else None,
            display=dict(data.get("display", {})),
        )


class StoryProfiler(Protocol):
    """Reads the story signals of articles: one profile per article, in order."""

    def profile(self, articles: Sequence[Article]) -> list[ArticleProfile]: ...


def normalise(name: str) -> str:
    """One spelling per entity: "the European Union's" and "European Union" meet."""
    name = " ".join(name.replace("\u2019", "'").split())
    name = _POSSESSIVE.sub("", _LEADING.sub("", name)).strip(" .,;:-\"'")
    return name.lower()


def headline(article: Article) -> str:
    """The article's title, else its first line when that is short (a plain-text title)."""
    if article.title and article.title.strip():
        return article.title.strip()
    first = next((line.strip() for line in article.text.splitlines() if line.strip()), "")
    return first if len(first) <= 160 else ""


def lede(article: Article) -> str:
    """The title and the first few sentences: what the article is about."""
    title = headline(article)
    body = article.text
    if title and body.lstrip().startswith(title):
        body = body.lstrip()[len(title) :]
    sentences = _SENTENCE_END.split(" ".join(body.split()))[:LEDE_SENTENCES]
    text = " ".join(sentences)[:LEDE_CHARS]
    return f"{title}. {text}" if title else text


def stated_day(article: Article) -> date | None:
    """The publication date when the page states it; a relative one ("6 days ago") is no
    evidence of which event the article reports."""
    return None if article.published_approx else article.published


def _embed_ledes(embedder: Embedder, articles: Sequence[Article]) -> np.ndarray:
    if not articles:
        return np.zeros((0, 0), dtype=np.float32)
    return np.asarray(embedder.embed([lede(a) for a in articles]), dtype=np.float32)


class SpacyProfiler:
    """The default profiler: spaCy's named entities over the article, its parser's noun
    chunks over the title, the embedder over title and lede. ``ready``: the warm-up's load
    of spaCy, waited for on first use."""

    def __init__(self, embedder: Embedder, ready: Future[None] | None = None) -> None:
        self.embedder = embedder
        self.ready = ready

    def profile(self, articles: Sequence[Article]) -> list[ArticleProfile]:
        if self.ready is not None:
            self.ready.result()
        from claims.extract.frames import load_pipeline

        nlp = load_pipeline()
        vectors = _embed_ledes(self.embedder, articles)
        texts = [a.text[:NER_CHARS] for a in articles]
        only_ner = [p for p in nlp.pipe_names if p != "ner"]
        docs = nlp.pipe(texts, disable=only_ner, batch_size=16)
        titles = nlp.pipe([headline(a) for a in articles], batch_size=64)
        out = []
        for article, vector, doc, title in zip(articles, vectors, docs, titles, strict=True):
            mentions = [
                Mention(normalise(e.text), e.start_char, e.end_char, e.text)
                for e in doc.ents
                if e.label_ in ENTITY_LABELS and normalise(e.text)
            ]
            named = {normalise(e.text) for e in title.ents}
            phrases = [
                _phrase(chunk) for chunk in title.noun_chunks if normalise(chunk.text) not in named
            ]
            out.append(_profile(vector, mentions, [p for p in phrases if p], article))
        return out


def _phrase(chunk: Any) -> str:
    """A noun chunk without determiners, pronouns or named words: "border security pact"."""
    words = [
        t.text.lower()
        for t in chunk
        if t.pos_ in ("NOUN", "ADJ", "PROPN") and not t.ent_type_ and t.is_alpha
    ]
    return " ".join(words) if any(t.pos_ == "NOUN" for t in chunk) else ""


def _profile(
    vector: np.ndarray, mentions: list[Mention], phrases: list[str], article: Article
) -> ArticleProfile:
    counts: dict[str, int] = {}
    display: dict[str, str] = {}
    for m in mentions:
        counts[m.name] = counts.get(m.name, 0) + 1
        display.setdefault(m.name, _POSSESSIVE.sub("", _LEADING.sub("", " ".join(m.text.split()))))
    return ArticleProfile(vector, counts, mentions, phrases, stated_day(article), display)


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_STOP = frozenset(
    "the a an it its he she they we i you this that these those there here in on at by for "
    "from with to of as but and or so if when while after before since during under over "
    "however meanwhile also yet still then now today yesterday tomorrow no not one two "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)


class PlainProfiler:
    """A profiler without spaCy: runs of capitalised words not opening a sentence stand in
    for entities; no noun phrases."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def profile(self, articles: Sequence[Article]) -> list[ArticleProfile]:
        vectors = _embed_ledes(self.embedder, articles)
        out = []
        for article, vector in zip(articles, vectors, strict=True):
            mentions = []
            for m in _CAPITALISED.finditer(article.text[:NER_CHARS]):
                start, words = m.start(), m.group()
                before = article.text[:start].rstrip()
                first = words.split(" ")[0]
                opens = not before or before[-1] in '.!?\n"“'
                if opens and (first.lower() in _STOP or first.endswith("ly")):  # "The", "Finally"
                    _, _, words = words.partition(" ")
                    start += len(first) + 1
                name = normalise(words)
                if name and name not in _STOP:
                    mentions.append(Mention(name, start, m.end(), words))
            out.append(_profile(vector, mentions, [], article))
        return out
