"""Sources: find the files of a batch and read them into articles.

Reads plain text, Markdown with front matter, JSONL (streamed) and saved HTML pages
(trafilatura, offline); detects encodings; splits pages that hold several articles; reads
each article's outlet, headline and published day from the page (``pagemeta`` for markup,
``header`` for bylines, datelines and date stamps; ``furniture`` knows captions, credits and
banners); parses dates (a relative one without an anchor is unknown); folds syndicated
copies (MinHash over word shingles) into one canonical article.
Only regular files are opened, and every input is bounded (``claims.config.Limits``).
Exports ``FileReader`` (the default ``SourceReader``), ``discover`` and the ``copies``
module (``content_hash``, ``group_copies``, ``earliest_heads``).
"""

from __future__ import annotations

from claims.sources import copies
from claims.sources.files import discover
from claims.sources.readers import FileReader

__all__ = ["FileReader", "copies", "discover"]
