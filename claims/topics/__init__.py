"""The claims' embedder.

``SentenceTransformerEmbedder`` (the default ``Embedder``: all-MiniLM-L6-v2 from the PyPI
package, loaded lazily) maps claims, and the stories' titles and ledes, to normalised
vectors. Articles are grouped into stories by ``claims.stories``.
"""

from __future__ import annotations

from claims.topics.embed import SentenceTransformerEmbedder

__all__ = ["SentenceTransformerEmbedder"]
