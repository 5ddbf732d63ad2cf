"""Extract: split an article into sentences and keep those that are claims.

Sentences come from pysbd with offsets into the article text; questions, headlines,
captions and boilerplate are dropped with their reason; each claim gets its speaker
(attribution), whether it is direct or reported speech, and the day of the event it reports.
Exports ``SentenceExtractor`` (the default ``ClaimExtractor``) and ``inherit_article_event``.
"""

from __future__ import annotations

from claims.extract.attribution import inherit_article_event
from claims.extract.sentences import SentenceExtractor

__all__ = ["SentenceExtractor", "inherit_article_event"]
