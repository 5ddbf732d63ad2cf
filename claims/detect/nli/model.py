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

from claims.detect.nli.quant import int8_plan
from claims.errors import ModelNotFound

log = logging.getLogger(__name__)

LABELS = ("entailment", "neutral", "contradiction")
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
SHIPPED_MODEL = MODELS_DIR / "nli-minilm-l6"
PRECISIONS = ("auto", "fp32", "bf16", "int8", "int8s", "int8s_bf16", "ort-fp32", "ort-int8",
              "ort-int8rr", "ort-int8s")  # fmt: skip
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
    from claims.detect.nli.runtime import cpu_flags

    return "amx_bf16" in cpu_flags()


@dataclass
class NLIModel:
    """A loaded 3-way NLI cross-encoder; ``predict`` returns (n, 3) probabilities (E, N, C).

    ``run`` maps tokenised numpy inputs to logits in the chosen runtime (``runtime``, e.g.
    ``ort-int8(avx512_vnni)``); ``model`` is the PyTorch module where one was loaded.
    """

    name: str
    path: Path
    content_hash: str
    model: Any = field(repr=False)
    tokenizer: Any = field(repr=False)
    columns: list[int] = field(default_factory=lambda: [0, 1, 2])
    max_length: int = 128
    precision: str = "fp32"  # fp32 | bf16 | int8 | int8rr (7-bit int8 weights)
    run: Any = field(default=None, repr=False)
    runtime: str = "torch-fp32(requested)"

    @property
    def model_id(self) -> str:
        """Weights and runtime: int8 and bf16 scores differ a little from fp32 ones."""
        return f"{self.name}@{self.content_hash}/{self.runtime}"

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> np.ndarray:
        """Length-sorted, dynamically padded batches; probabilities in input order."""
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = self.tokenizer(
                [pairs[i][0] for i in idx],
                [pairs[i][1] for i in idx],
                padding=True,
                pad_to_multiple_of=8,  # few distinct shapes: kernels are reused
                truncation=True,
                max_length=self.max_length,
                return_tensors="np",
            )
            logits = np.asarray(self.run(dict(enc)), dtype=np.float32)[:, self.columns]
            z = np.exp(logits - logits.max(axis=1, keepdims=True))
            out[idx] = z / z.sum(axis=1, keepdims=True)
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

    ``precision``: auto (on a GPU, PyTorch fp32 there; on a CPU, the runtime measured fastest
    at fp32's labels for this CPU and these weights, ``claims.detect.nli.measure``), PyTorch
    fp32, bf16 (autocast), int8 (dynamic quantisation), int8s / int8s_bf16 (int8 less the
    layers the weights' ``int8_plan.json`` keeps in fp32 / bf16), or ONNX Runtime ort-fp32,
    ort-int8, ort-int8rr, ort-int8s (exported once into the cache).
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}")
    from claims.detect.nli import measure
    from claims.detect.nli import runtime as rt

    name, path = resolve_model_dir(name_or_path)
    digest = content_hash(path)
    if precision != "auto":
        return _build(name, path, digest, _requested(precision, "requested"), max_length)
    choice = rt.choose(rt.cpu_flags(), rt.have_onnxruntime(), rt.cuda_device() is not None)
    if choice.reason != "cuda" and measure.measuring_enabled():
        names = measure.candidates(rt.cpu_flags(), rt.have_onnxruntime(),
                                   plan=int8_plan(path, digest) is not None)  # fmt: skip

        def build(prec: str) -> NLIModel:
            return _build(name, path, digest, _requested(prec, "measured"), max_length)

        chosen, _ = measure.measured_choice(rt.cpu_model(), digest, names, build)
        choice = _requested(chosen, "measured")
    return _build(name, path, digest, choice, max_length)


def _requested(precision: str, reason: str) -> Any:
    from claims.detect.nli import runtime as rt

    backend, _, prec = precision.rpartition("-")
    return rt.Choice(backend or "torch", prec, reason)


def _build(name: str, path: Path, digest: str, choice: Any, max_length: int) -> NLIModel:
    """The model at ``path`` in the runtime ``choice`` (ONNX Runtime falls back to PyTorch)."""
    from claims.detect.nli import runtime as rt

    tokenizer, config, model = _load_parts(path, load_torch=choice.backend == "torch")
    if config.num_labels != len(LABELS):
        raise ModelNotFound(f"{path} has {config.num_labels} labels, not 3 (not NLI)")
    columns = _label_columns(config.id2label)
    keep = rt.INT8_KEEP_FP32
    if choice.precision.startswith("int8s"):  # int8 made safe: needs these weights' plan
        plan = int8_plan(path, digest)
        if plan is None:
            raise ModelNotFound(f"no int8 plan for the weights in {path} (training/int8_search.py)")
        keep = plan
    if choice.backend == "ort":
        run, choice = _ort_run(path, f"{name}-{digest}", choice, keep)
        if run is None:
            _, _, model = _load_parts(path, load_torch=True)
    if choice.backend == "torch":
        device = "cuda" if choice.reason == "cuda" else "cpu"
        run = rt.torch_runner(model, choice.precision, "logits", device, keep)
    return NLIModel(
        name, path, digest, model, tokenizer, columns, max_length, choice.precision, run,
        choice.tag,
    )  # fmt: skip


def _load_parts(path: Path, load_torch: bool) -> tuple[Any, Any, Any]:
    """(tokenizer, config, PyTorch model or None) from a local model directory."""
    try:
        from transformers import AutoConfig, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        config = AutoConfig.from_pretrained(path, local_files_only=True)
        model = _torch_model(path) if load_torch else None
    except pickle.UnpicklingError as exc:
        raise _refused_pickle(path, exc) from None
    except (OSError, ValueError, RuntimeError, EOFError) as exc:
        raise ModelNotFound(
            f"cannot load NLI model from {path}: {str(exc).splitlines()[0]}"
        ) from None
    return tokenizer, config, model


def _torch_model(path: Path) -> Any:
    """The PyTorch sequence classifier in fp32, in eval mode."""
    import torch
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(
        path, local_files_only=True, dtype=torch.float32
    )
    return model.eval()


def _ort_run(path: Path, key: str, choice: Any, keep: tuple[str, ...]) -> tuple[Any, Any]:
    """(ORT runner, choice) from the cached export of ``key``, exporting it first if need be;
    (None, torch fp32 choice) where export or session fails, with the reason in the tag."""
    from claims.detect.nli import runtime as rt

    def export(dest: Path) -> None:
        _, _, model = _load_parts(path, load_torch=True)
        rt.export_encoder(model, "logits", dest)

    try:
        return rt.ort_runner(rt.onnx_path(key, choice.precision, export, keep)), choice
    except ModelNotFound:
        raise
    except Exception as exc:  # any export or runtime failure: PyTorch still works
        log.warning("ONNX Runtime unavailable for %s (%s); using PyTorch fp32", path, exc)
        return None, rt.Choice("torch", "fp32", "ort-failed")
