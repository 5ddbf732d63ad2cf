"""Small, fast, deterministic stand-ins for the pipeline stages that load models."""

from __future__ import annotations

import re
from collections.abc import Sequence

from claims.types import Article, Attribution, ClaimView, SentenceDraft, Verdict

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_SAID = re.compile(r"^(?P<who>[A-Z][\w' ]+?)(?:,| said| stressed)")


class SplitExtractor:
    """Sentences by punctuation; a leading capitalised name before 'said' is the speaker."""

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


class FixedScorer:
    """Scores every pair the same; records what it was asked."""

    model_id = "fixed"

    def __init__(self, score: float = 0.9) -> None:
        self.value = score
        self.seen: list[tuple[int, int]] = []

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        self.seen.extend((a.id, b.id) for a, b in pairs)
        return [Verdict(self.value, "other", "fixed", model=self.model_id) for _ in pairs]


class ExplodingScorer:
    """Fails mid-ingest, to prove a failed batch leaves the store as it was."""

    model_id = "boom"

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        raise RuntimeError("scorer exploded")
