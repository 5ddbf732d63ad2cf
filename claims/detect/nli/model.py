"""The NLI cross-encoder and the contradiction scorer built on it.

``load_nli_model`` finds a model without the network (the shipped one, a local directory or
the local Hugging Face cache) and reads its label order from its config. ``NLIScorer`` scores
claim pairs in both directions and combines the probabilities with the explicit cues of
``claims.detect.cues`` through a small logistic combiner fitted on dev data
(``training/fit_combiner.py``, coefficients in ``claims/models/combiner.json``).

Heavy imports (torch, transformers) happen inside functions, so importing this is instant.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from claims.errors import ModelNotFound

log = logging.getLogger(__name__)

LABELS = ("entailment", "neutral", "contradiction")
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
SHIPPED_MODEL = MODELS_DIR / "nli-minilm-l6"
PRECISIONS = ("auto", "fp32", "bf16", "int8")
WEIGHT_FILES = ("*.safetensors", "*.bin", "*.onnx")


class PairModel(Protocol):
    """What the scorer needs of an NLI model (the real one, or a test double)."""

    model_id: str

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> np.ndarray: ...


def _label_columns(id2label: dict[Any, str]) -> list[int]:
    """Model output column of each of LABELS, from config id2label (names, any case)."""
    names = {str(v).strip().lower(): int(k) for k, v in id2label.items()}
    aliases = {
        "entailment": ("entailment", "entail", "entailed"),
        "neutral": ("neutral", "not_entailment_neutral"),
        "contradiction": ("contradiction", "contradict", "contradictory"),
    }
    cols = []
    for label in LABELS:
        hit = next((names[a] for a in aliases[label] if a in names), None)
        if hit is None:
            raise ModelNotFound(
                f"NLI model config id2label {dict(id2label)} does not name "
                f"'{label}'; cannot tell the label order"
            )
        cols.append(hit)
    return cols


def content_hash(model_dir: Path) -> str:
    """sha256 of the weight file(s), first 16 hex: which exact weights flagged a pair."""
    h = hashlib.sha256()
    files = sorted({p for pat in WEIGHT_FILES for p in model_dir.glob(pat)})
    if not files:
        raise ModelNotFound(f"no weights (*.safetensors, *.bin) in {model_dir}")
    for p in files:
        with p.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:16]


def resolve_model_dir(name_or_path: str | None) -> tuple[str, Path]:
    """(name, local directory) of a model; never touches the network."""
    if name_or_path is None:
        if not (SHIPPED_MODEL / "config.json").exists():
            raise ModelNotFound(
                f"the shipped NLI model is missing at {SHIPPED_MODEL} "
                "(rebuild it with training/train_nli.py)"
            )
        return SHIPPED_MODEL.name, SHIPPED_MODEL
    path = Path(name_or_path).expanduser()
    if path.exists():
        if not (path / "config.json").exists():
            raise ModelNotFound(f"{path} is not a model directory (no config.json)")
        return path.name, path
    if name_or_path.startswith((".", "/", "~")) or name_or_path.count("/") > 1:
        raise ModelNotFound(f"NLI model path {name_or_path} does not exist")
    try:
        from huggingface_hub import snapshot_download

        local = snapshot_download(name_or_path, local_files_only=True)
    except Exception as exc:  # any failure means: not in the local cache
        raise ModelNotFound(
            f"NLI model '{name_or_path}' is neither a local directory nor in "
            f"the local Hugging Face cache ({type(exc).__name__})"
        ) from None
    return name_or_path, Path(local)


def _amx_bf16() -> bool:
    """True where bf16 matrix units make bf16 autocast faster than fp32 (AMX)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            return "amx_bf16" in f.read(1 << 16)
    except OSError:
        return False


@dataclass
class NLIModel:
    """A loaded 3-way NLI cross-encoder; ``predict`` returns (n, 3) probabilities (E, N, C)."""

    name: str
    path: Path
    content_hash: str
    model: Any = field(repr=False)
    tokenizer: Any = field(repr=False)
    columns: list[int] = field(default_factory=lambda: [0, 1, 2])
    max_length: int = 128
    precision: str = "fp32"  # fp32 | bf16 (autocast, AMX) | int8 (dynamic quantisation)

    @property
    def model_id(self) -> str:
        return f"{self.name}@{self.content_hash}"

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> np.ndarray:
        """Length-sorted, dynamically padded batches; probabilities in input order."""
        import torch

        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with (
            torch.inference_mode(),
            torch.autocast("cpu", torch.bfloat16, enabled=self.precision == "bf16"),
        ):
            for start in range(0, len(order), batch_size):
                idx = order[start : start + batch_size]
                enc = self.tokenizer(
                    [pairs[i][0] for i in idx],
                    [pairs[i][1] for i in idx],
                    padding=True,
                    pad_to_multiple_of=8,  # few distinct shapes: oneDNN reuses its kernels
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                logits = self.model(**enc).logits.float()[:, self.columns]
                out[idx] = torch.softmax(logits, dim=-1).numpy()
        return out


def _refused_pickle(path: Path, exc: pickle.UnpicklingError) -> ModelNotFound:
    """A pickled checkpoint (pytorch_model.bin) that torch refuses to unpickle, in one line.

    torch.load(weights_only=True) refuses a pickle that would run code, and fails on one
    that is damaged; either way no weights load, and the user needs to know why.
    """
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    boilerplate = ("Weights only load failed", "Check the documentation", "Please file an issue")
    why = next((line for line in lines if not line.startswith(boilerplate)), "")
    why = f" ({why[:160]})" if why else ""
    return ModelNotFound(
        f"cannot load NLI model from {path}: torch refused to unpickle its weights{why}; "
        "use *.safetensors weights from a source you trust"
    )


def load_nli_model(
    name_or_path: str | None = None, *, precision: str = "auto", max_length: int = 128
) -> NLIModel:
    """Load an NLI model offline; ``None`` is the shipped model. Raises ModelNotFound.

    ``precision``: fp32, bf16 (autocast), int8 (dynamic quantisation of the linear layers) or
    auto = bf16 where the CPU has AMX (measured fastest at unchanged dev figures), else fp32.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}")
    name, path = resolve_model_dir(name_or_path)
    try:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(
            path, local_files_only=True, dtype=torch.float32
        )
    except pickle.UnpicklingError as exc:
        raise _refused_pickle(path, exc) from None
    except (OSError, ValueError, RuntimeError, EOFError) as exc:
        raise ModelNotFound(
            f"cannot load NLI model from {path}: {str(exc).splitlines()[0]}"
        ) from None
    model.eval()
    if model.config.num_labels != len(LABELS):
        raise ModelNotFound(f"{path} has {model.config.num_labels} labels, not 3 (not NLI)")
    columns = _label_columns(model.config.id2label)
    if precision == "auto":
        precision = "bf16" if _amx_bf16() else "fp32"
    if precision == "bf16":
        model.to(torch.bfloat16)  # bf16 weights under autocast: +30% speed, same dev figures
    if precision == "int8":
        from torch.ao.quantization import quantize_dynamic

        model = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return NLIModel(
        name, path, content_hash(path), model, tokenizer, columns, max_length, precision
    )
