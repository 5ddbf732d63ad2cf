"""Small, fast, deterministic stand-ins for the pipeline stages: one per stage protocol.

Each protocol of ``claims.types`` (and ``StoryProfiler``, the story stage's, and
``PairModel``, what the NLI scorer needs of a model) has one real default in claims/ and a
double here; tests pass them in.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

from claims.config import Settings
from claims.detect.cues import CueScorer
from claims.errors import SourceUnreadable
from claims.pipeline import Stages
from claims.sources.readers import FileReader
from claims.stories.profile import ArticleProfile, Mention, lede, stated_day
from claims.types import Article, Attribution, ClaimView, SentenceDraft, Verdict

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_SAID = re.compile(r"^(?P<who>[A-Z][\w' ]+?)(?:,| said| stressed)")


class MemoryReader:
    """SourceReader double: articles held in memory by file name; other files are unreadable."""

    def __init__(self, articles: Mapping[str, Sequence[Article]]) -> None:
        self.articles = articles

    def read(self, path: Path) -> Iterator[Article]:
        if path.name not in self.articles:
            raise SourceUnreadable(str(path), "not in the memory reader")
        yield from self.articles[path.name]


class SplitExtractor:
    """ClaimExtractor double: sentences by punctuation; a leading capitalised name before
    'said' is the speaker."""

    def extract(self, article: Article) -> list[SentenceDraft]:
        drafts = []
        for m in _SENTENCE.finditer(article.text):
            text = m.group().strip()
            start = article.text.index(text, m.start())
            reason = "question" if text.endswith("?") else None
            who = _SAID.match(text)
            speaker = who.group("who") if who and " said" in text else None
            drafts.append(
                SentenceDraft(text, start, start + len(text), reason, Attribution(speaker=speaker))
            )
        return drafts


class SaidFramer:
    """Framer double: "X said (that) P" and "X denied (that) P" give speaker X and proposition
    P (a denial negated); other sentences are not framed."""

    _FRAME = re.compile(r"^(?P<who>[A-Z][\w' ]+?) (?P<verb>said|denied)(?: that)? (?P<prop>.+)$")

    def frames(self, sentences: Sequence[str], speakers: Sequence[str | None]) -> list[str | None]:
        out: list[str | None] = []
        for sentence in sentences:
            m = self._FRAME.match(sentence)
            if m is None:
                out.append(None)
                continue
            prop = m.group("prop")
            frame = {
                "speaker": m.group("who"),
                "verb": "say" if m.group("verb") == "said" else "deny",
                "proposition": prop[:1].upper() + prop[1:],
                "negated": m.group("verb") == "denied",
            }
            out.append(json.dumps(frame))
        return out


class HashingEmbedder:
    """Embedder double: a deterministic bag of hashed words. Fast, no model, and meaningful:
    texts sharing words have a high cosine similarity."""

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension
        self.model_id = f"hashing-{dimension}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                word = word.strip(".,;:!?\"'“”‘’()")
                if not word:
                    continue
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest[:4], "little") % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


class TagProfiler:
    """StoryProfiler double: the vector is the hashing embedder's of title and lede; the
    entities are the words written ``#Like #This`` in the text (none else), so a test says
    exactly which articles share which names; the day is the stated publication date."""

    _TAG = re.compile(r"#(\w+)")

    def __init__(self) -> None:
        self.embedder = HashingEmbedder()

    def profile(self, articles: Sequence[Article]) -> list[ArticleProfile]:
        vectors = self.embedder.embed([lede(a) for a in articles])
        out = []
        for article, vector in zip(articles, vectors, strict=True):
            mentions = [
                Mention(m.group(1).lower(), m.start(), m.end(), m.group(1))
                for m in self._TAG.finditer(article.text)
            ]
            entities: dict[str, int] = {}
            for m in mentions:
                entities[m.name] = entities.get(m.name, 0) + 1
            names = {m.name: m.text for m in mentions}
            phrases = [w.lower() for w in (article.title or "").split() if len(w) > 3][-1:]
            out.append(
                ArticleProfile(vector, entities, mentions, phrases, stated_day(article), names)
            )
        return out


class OneStoryProfiler(TagProfiler):
    """StoryProfiler double for tests written before stories: every article also names one
    entity, so a batch of fixtures is one story and its claims are all compared (within the
    per-claim cap), as sentence neighbours were."""

    def profile(self, articles: Sequence[Article]) -> list[ArticleProfile]:
        out = super().profile(articles)
        for profile in out:
            profile.entities["the fixtures"] = 1
            profile.display["the fixtures"] = "Fixtures"
        return out


class FixedScorer:
    """ContradictionScorer double: scores every pair the same and records what it was asked;
    with ``explode`` it fails instead, to prove a failed batch leaves the store as it was.
    ``first`` runs once, on the first call: something that happens while a batch is scored.
    ``entailment`` is every verdict's P(entailment) both ways (None: not read)."""

    model_id = "fixed"

    def __init__(
        self,
        score: float = 0.9,
        explode: bool = False,
        first: Callable[[], None] | None = None,
        entailment: tuple[float, float | None] | None = None,
    ) -> None:
        self.value = score
        self.entailment = entailment
        self.explode = explode
        self.first = first
        self.seen: list[tuple[int, int]] = []

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        if self.first is not None:
            first, self.first = self.first, None
            first()
        if self.explode:
            raise RuntimeError("scorer exploded")
        self.seen.extend((a.id, b.id) for a, b in pairs)
        verdict = Verdict(self.value, "other", "fixed", model=self.model_id)
        return [replace(verdict, entailment=self.entailment) for _ in pairs]


class KeywordNLI:
    """PairModel double: entailment for equal texts, contradiction when they differ by a
    'not' or a 'denied', or hold a number, neutral otherwise; records every batch asked."""

    model_id = "fake@0000"

    def __init__(self) -> None:
        self.calls: list[list[tuple[str, str]]] = []

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> np.ndarray:
        self.calls.append(list(pairs))
        out = []
        for a, b in pairs:
            if a == b:
                out.append([0.9, 0.08, 0.02])
            elif _negative(a) != _negative(b) or any(c.isdigit() for c in a + b):
                out.append([0.02, 0.08, 0.9])
            else:
                out.append([0.1, 0.8, 0.1])
        return np.asarray(out, dtype=np.float32)


def _negative(text: str) -> bool:
    return any(f" {word} " in f" {text} " for word in ("not", "denied"))


def fast_stages(settings: Settings | None = None) -> Stages:
    """The fast test stages (these doubles, real cues), built by a module function so
    that Dask workers can unpickle it; the ``stages`` fixture and the backfill tests use it."""
    return Stages(
        reader=FileReader(now=date(2025, 8, 25)),
        extractor=SplitExtractor(),
        embedder=HashingEmbedder(),
        stories=OneStoryProfiler(),
        scorer=CueScorer(),
    )
