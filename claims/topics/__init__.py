"""Topics: embed claims and group them into topics.

``SentenceTransformerEmbedder`` (the default ``Embedder``: all-MiniLM-L6-v2 from the PyPI
package, loaded lazily) maps claims to normalised vectors; ``AgglomerativeClusterer`` (the
default ``Clusterer``) and ``assign_topics`` put new claims into the nearest topic or new
ones, incrementally; ``label_topics`` names topics by their c-TF-IDF terms.
"""

from __future__ import annotations

from claims.topics.cluster import AgglomerativeClusterer, TopicState, assign_topics, label_topics
from claims.topics.embed import SentenceTransformerEmbedder

__all__ = [
    "AgglomerativeClusterer",
    "SentenceTransformerEmbedder",
    "TopicState",
    "assign_topics",
    "label_topics",
]
