"""The NLI cross-encoder and the contradiction scorer built on it.

``load_nli_model`` finds a model without the network (the shipped one, a local directory or
the local Hugging Face cache) and reads its label order from its config. ``NLIScorer`` scores
claim pairs in both directions and combines the probabilities with the explicit cues of
``claims.detect.cues`` through a small logistic combiner fitted on dev data
(``training/fit_combiner.py``, coefficients in ``claims/models/combiner.json``).

Heavy imports (torch, transformers) happen inside functions, so importing this is instant.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from claims.errors import ModelNotFound
from claims.types import ClaimView, Verdict

log = logging.getLogger(__name__)

LABELS = ("entailment", "neutral", "contradiction")
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
SHIPPED_MODEL = MODELS_DIR / "nli-minilm-l6"
COMBINER_FILE = MODELS_DIR / "combiner.json"
CUE_KINDS = ("negation", "numeric", "temporal", "terminology", "denial", "other")
FEATURES = ("p_c_ab", "p_c_ba", "p_e_ab", "p_e_ba") + tuple(f"cue_{k}" for k in CUE_KINDS)
PRECISIONS = ("auto", "fp32", "bf16", "int8")
WEIGHT_FILES = ("*.safetensors", "*.bin", "*.onnx")
_WORD = re.compile(r"[\w$€£%]+(?:[.,:'’-][\w%]+)*")  # words and numbers, no edge punctuation


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
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
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
    except (OSError, ValueError, RuntimeError) as exc:
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


@dataclass(frozen=True)
class Combiner:
    """Logistic combination of NLI probabilities and cue strengths (no pickle: JSON).

    Cues fire on few natural dev pairs, so the regression cannot weigh them; each cue kind
    also carries its precision measured on dev data (``cue_precision``), and a pair with a
    cue scores at least that precision times the cue's strength.
    """

    coef: tuple[float, ...]
    intercept: float
    version: str = "default"
    cue_precision: tuple[tuple[str, float], ...] = ()

    @classmethod
    def load(cls, path: Path = COMBINER_FILE) -> Combiner:
        """The fitted combiner, or hand-set weights when none has been fitted yet."""
        if not path.exists():
            log.info("no %s; using the hand-set default combiner", path)
            return cls.default()
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ModelNotFound(
                f"{path} was fitted on features {data['features']}, expected {list(FEATURES)}"
            )
        return cls(
            tuple(float(c) for c in data["coef"]),
            float(data["intercept"]),
            str(data.get("version", path.stem)),
            tuple((k, float(v)) for k, v in data.get("cue_precision", {}).items()),
        )

    @classmethod
    def default(cls) -> Combiner:
        # mean contradiction probability dominates; a strong cue alone is near 0.5
        return cls((3.0, 3.0, -1.5, -1.5, 3.0, 2.5, 2.5, 2.0, 3.0, 1.5), -3.0, "default")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        z = x @ np.asarray(self.coef, dtype=np.float64) + self.intercept
        score = 1.0 / (1.0 + np.exp(-z))
        if self.cue_precision:
            precision = dict(self.cue_precision)
            weights = np.array([precision.get(k, 0.0) for k in CUE_KINDS])
            score = np.maximum(score, (x[:, 4:] * weights).max(axis=1))
        return score


def features(
    probs_ab: np.ndarray, probs_ba: np.ndarray, cues: Sequence[Sequence[Any]]
) -> np.ndarray:
    """Rows of FEATURES: contradiction/entailment both ways, strongest cue per kind."""
    x = np.zeros((len(cues), len(FEATURES)), dtype=np.float64)
    x[:, 0], x[:, 1] = probs_ab[:, 2], probs_ba[:, 2]
    x[:, 2], x[:, 3] = probs_ab[:, 0], probs_ba[:, 0]
    for row, found in enumerate(cues):
        for c in found:
            kind = c.kind if c.kind in CUE_KINDS else "other"
            col = 4 + CUE_KINDS.index(kind)
            x[row, col] = max(x[row, col], float(c.strength))
    return x


def differing_words(a: str, b: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Character spans covering the words that differ between two texts (first change)."""
    wa, wb = list(_WORD.finditer(a)), list(_WORD.finditer(b))
    sm = difflib.SequenceMatcher(
        a=[m.group().lower() for m in wa], b=[m.group().lower() for m in wb], autojunk=False
    )
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        sa = (wa[i1].start(), wa[i2 - 1].end()) if i2 > i1 else None
        sb = (wb[j1].start(), wb[j2 - 1].end()) if j2 > j1 else None
        return sa, sb
    return None, None


def _quote(text: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return "(nothing)"
    words = text[span[0] : span[1]]
    return f"'{words if len(words) <= 60 else words[:57] + '...'}'"


class NLIScorer:
    """ContradictionScorer: NLI both directions + explicit cues, combined and calibrated."""

    def __init__(
        self,
        model: PairModel,
        combiner: Combiner | None = None,
        find_cues: Callable[[str, str], list] | None = None,
        batch_size: int = 64,
    ) -> None:
        if find_cues is None:
            from claims.detect.cues import find_cues
        self.model = model
        self.combiner = combiner or Combiner.load()
        self.find_cues = find_cues
        self.batch_size = batch_size
        self.model_id = f"{model.model_id}+{self.combiner.version}"

    def score(self, pairs: Sequence[tuple[ClaimView, ClaimView]]) -> list[Verdict]:
        """One verdict per pair, in order; both directions go through one batched predict."""
        if not pairs:
            return []
        texts = [(a.text, b.text) for a, b in pairs]
        probs = self.model.predict(texts + [(b, a) for a, b in texts], self.batch_size)
        ab, ba = probs[: len(pairs)], probs[len(pairs) :]
        cues = [self.find_cues(a, b) for a, b in texts]
        scores = self.combiner(features(ab, ba, cues))
        return [
            self._verdict(texts[i], float(scores[i]), ab[i], ba[i], cues[i])
            for i in range(len(pairs))
        ]

    def _verdict(
        self, texts: tuple[str, str], score: float, ab: np.ndarray, ba: np.ndarray, cues: list
    ) -> Verdict:
        p_c = max(float(ab[2]), float(ba[2]))
        if cues:
            best = max(cues, key=lambda c: c.strength)
            kind = best.kind if best.kind in CUE_KINDS else "other"
            expl = f"{best.explanation}; NLI contradiction {p_c:.2f}"
            spans = (best.span_a, best.span_b)
        else:
            kind = "other"
            spans = differing_words(*texts)
            expl = (
                f"NLI contradiction {p_c:.2f}: {_quote(texts[0], spans[0])} against "
                f"{_quote(texts[1], spans[1])}"
            )
        return Verdict(round(score, 4), kind, expl, spans, self.model_id)
