"""Inference runtimes for the transformer encoders (NLI cross-encoder, embedder), per CPU.

Measured on the claim-pair workload (``bench/speed.py``) and the dev sets
(``bench/eval_nli.py --split dev``), the kept choices hold the dev figures within 0.5 points
of fp32: PyTorch bf16 autocast where the CPU has AMX (2-2.5x fp32); elsewhere ONNX Runtime
fp32 with its BERT fusions (one Attention, SkipLayerNorm and BiasGelu op per layer), the same
figures as PyTorch fp32 (logits within 1e-5). ONNX Runtime int8 (dynamic) was the fastest
everywhere (2.5-3x fp32 on AMX) but moved dev figures too far: per-tensor weights SNLI F1
-1.0, MNLI F1 -1.5, FEVER F1 -1.6; per-channel RTE-3 accuracy -2.0, FEVER F1 -0.8. It stays
selectable (``ort-int8``; ``ort-int8rr`` with 7-bit weights, which avoid u8s8 saturation on
AVX2) for whoever accepts that. Without onnxruntime, PyTorch eager.

"Safe" int8 (``int8s``, ``int8s_bf16``, ``ort-int8s``) leaves out of int8 the linear layers
an offline per-layer sensitivity search (``training/int8_search.py``) found to move the
labels; its result ships beside the weights (``int8_plan.json``, keyed by their content
hash), so nothing is searched at run time, and weights without a matching plan get no
``int8s`` runtime. ``int8s_bf16`` runs the kept layers in bf16 instead of fp32.

The ONNX files are exported from the loaded weights at first use, into a cache directory keyed
by the weights' content hash (``$CLAIMS_CACHE_DIR``, else ``$XDG_CACHE_HOME/claims``, else
``~/.cache/claims``): nothing is downloaded, and a retrained model gets its own export.
Heavy imports (torch, onnx, onnxruntime) happen inside functions.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

ORT_KINDS = ("fp32", "int8", "int8rr", "int8s")  # int8rr: 7-bit weights (AVX2); int8s: planned
FUSED_TYPES = {"bert": "bert", "roberta": "bert", "distilbert": "bert", "xlm-roberta": "bert"}
Run = Callable[[dict[str, np.ndarray]], np.ndarray]
# Linear layers int8 leaves in fp32: the classifier and pooler (the logits themselves) and the
# feed-forward down-projections ("output.dense" after the GELU), whose inputs carry the
# outlier activations that per-tensor int8 clips (Bondarenko et al. 2021); the attention
# output projection is "attention.output.dense" and stays fp32 with them.
INT8_KEEP_FP32 = ("classifier", "pooler.dense", "output.dense")


def cpu_flags() -> frozenset[str]:
    """The CPU's feature flags (/proc/cpuinfo), less what ``ONEDNN_MAX_CPU_ISA=AVX2`` masks.

    The mask lets a benchmark emulate an AVX2-only CPU (an AMD EPYC of the Zen 2/3 kind)
    on a newer one: PyTorch honours it, and the choice below then follows it too.
    """
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            line = next((ln for ln in f if ln.startswith("flags")), "")
    except OSError:
        line = ""
    flags = frozenset(line.partition(":")[2].split())
    if os.environ.get("ONEDNN_MAX_CPU_ISA", "").upper() == "AVX2":
        flags = frozenset(f for f in flags if not f.startswith(("avx512", "amx", "avx_vnni")))
    return flags


@dataclass(frozen=True)
class Choice:
    """A runtime and precision, with the CPU feature that decided it (goes in the model id)."""

    backend: str  # torch | ort
    precision: str  # fp32 | bf16 | int8 (torch); fp32 | int8 | int8rr (ort)
    reason: str

    @property
    def tag(self) -> str:
        return f"{self.backend}-{self.precision}({self.reason})"


def cpu_model() -> str:
    """The CPU's model name (/proc/cpuinfo), with the emulation mask when one is set."""
    name = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            line = next((ln for ln in f if ln.startswith("model name")), "")
        name = line.partition(":")[2].strip() or name
    except OSError:
        pass
    isa = os.environ.get("ONEDNN_MAX_CPU_ISA", "")
    return f"{name} [{isa}]" if isa else name


def library_versions() -> dict[str, str]:
    """torch and onnxruntime versions (a new one measures again), without importing them."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("torch", "onnxruntime"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = ""
    return out


def have_onnxruntime() -> bool:
    """Whether onnxruntime and onnx can be imported (both are needed to export and run)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))


def cuda_device() -> str | None:
    """ "cuda" where this process may run the models on an NVIDIA GPU (a CUDA build of torch
    sees one and ``CLAIMS_DEVICE`` is not "cpu"), else None. Where the driver's device node
    is absent it answers without importing torch, so a CPU machine pays nothing."""
    if os.environ.get("CLAIMS_DEVICE", "auto").lower() == "cpu":
        return None
    if not Path("/dev/nvidiactl").exists():
        return None
    import torch

    return "cuda" if torch.cuda.is_available() else None


def choose(flags: frozenset[str], ort: bool, gpu: bool = False) -> Choice:
    """The fastest runtime measured for a CPU with ``flags`` at unchanged dev figures; on a
    GPU, PyTorch fp32 there (the dev figures of fp32, no export, no calibration)."""
    if gpu:
        return Choice("torch", "fp32", "cuda")
    if "amx_bf16" in flags:
        return Choice("torch", "bf16", "amx_bf16")
    if ort and "avx2" in flags:
        best = next((f for f in ("avx512f", "avx2") if f in flags), "avx2")
        return Choice("ort", "fp32", best)
    return Choice("torch", "fp32", "no-onnxruntime" if not ort else "no-avx2")


def cache_root() -> Path:
    """Where exported ONNX files live (see the module docstring)."""
    if os.environ.get("CLAIMS_CACHE_DIR"):
        return Path(os.environ["CLAIMS_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "claims"


def onnx_path(
    key: str, kind: str, export: Callable[[Path], None], keep: tuple[str, ...] = ()
) -> Path:
    """The cached ONNX file of ``key`` (name and content hash) and ``kind``, exported once.

    ``export(dest)`` writes the plain fp32 graph; it is then fused and, for int8 kinds,
    quantised (``int8s``: per-channel, the linear layers ``keep`` names left in fp32; the
    file is named by a hash of ``keep``, so a new plan makes a new file). Files are written
    beside their final name and renamed, so two processes that export at once never read
    half a file.
    """
    if kind not in ORT_KINDS:
        raise ValueError(f"ONNX kind must be one of {ORT_KINDS}")
    folder = cache_root() / "onnx" / key
    stem = kind
    if kind == "int8s":
        stem += "-" + hashlib.sha256(json.dumps(sorted(keep)).encode()).hexdigest()[:10]
    final = folder / f"{stem}.onnx"
    if final.exists():
        return final
    folder.mkdir(parents=True, exist_ok=True)
    fp32 = folder / "fp32.onnx"
    if not fp32.exists():
        raw = folder / f"raw.{os.getpid()}.onnx"
        export(raw)
        _fuse(raw, fp32)
        raw.unlink(missing_ok=True)
    if kind != "fp32":
        tmp = folder / f"{stem}.{os.getpid()}.onnx"
        _quantise(fp32, tmp, reduce_range=kind == "int8rr", keep=keep if kind == "int8s" else None)
        os.replace(tmp, final)
    return final


def _fuse(src: Path, dest: Path) -> None:
    """ORT's transformer fusions for BERT-like graphs, offline; else the graph as exported."""
    import onnx

    tmp = dest.with_name(f"{dest.stem}.{os.getpid()}.onnx")
    model = onnx.load(str(src))
    try:
        from onnxruntime.transformers import optimizer

        meta = {p.key: p.value for p in model.metadata_props}
        kind = FUSED_TYPES.get(meta.get("model_type", ""))
        if kind:
            heads, hidden = int(meta["num_heads"]), int(meta["hidden_size"])
            opt = optimizer.optimize_model(
                str(src), model_type=kind, num_heads=heads, hidden_size=hidden, opt_level=1
            )
            model = opt.model
    except Exception as exc:  # fusion is an optimisation: the plain graph still runs
        log.warning("ONNX fusion skipped for %s: %s", src, exc)
    onnx.save(model, str(tmp))
    os.replace(tmp, dest)


def _quantise(src: Path, dest: Path, reduce_range: bool, keep: tuple[str, ...] | None) -> None:
    """Dynamic int8 quantisation of the MatMuls (weights int8, activations u8 per batch).

    ``keep`` None: every op ORT can quantise, per-tensor. Otherwise only MatMul and fused
    Attention ops, per-channel, less the nodes of the linear layers ``keep`` names."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from claims.detect.nli import quant

    options: dict[str, Any] = {}
    if keep is not None:
        options = {"per_channel": True, "op_types_to_quantize": ["MatMul", "Attention"],
                   "nodes_to_exclude": quant.onnx_nodes(onnx.load(str(src)), keep)}  # fmt: skip
    quantize_dynamic(
        str(src),
        str(dest),
        weight_type=QuantType.QInt8,
        reduce_range=reduce_range,
        extra_options={"DefaultTensorType": 1},  # fused ops hide types from shape inference
        **options,
    )


def export_encoder(hf_model: Any, output: str, dest: Path) -> None:
    """Export a Hugging Face encoder (fp32, eager attention) with dynamic batch and length.

    ``output`` names the graph output (``logits`` or ``last_hidden_state``); the config's
    type, heads and width go into the file's metadata for the fusion step.
    """
    import onnx
    import torch

    cfg = hf_model.config
    if hasattr(cfg, "_attn_implementation"):
        cfg._attn_implementation = "eager"  # the pattern ORT's Attention fusion recognises
    names = ["input_ids", "attention_mask"]
    if getattr(cfg, "type_vocab_size", 0):
        names.append("token_type_ids")
    dummy = tuple(torch.ones((2, 8), dtype=torch.long) for _ in names)
    axes = {n: {0: "batch", 1: "length"} for n in names} | {output: {0: "batch"}}

    class ByName(torch.nn.Module):  # inputs by keyword: forward's positions differ by model
        def __init__(self) -> None:
            super().__init__()
            self.inner = hf_model.float().eval()

        def forward(self, *inputs: Any) -> Any:
            return getattr(self.inner(**dict(zip(names, inputs, strict=True))), output)

    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            ByName(), dummy, str(dest), input_names=names,
            output_names=[output], dynamic_axes=axes, opset_version=17, dynamo=False,
        )  # fmt: skip
    model = onnx.load(str(dest))
    meta = {
        "model_type": str(getattr(cfg, "model_type", "")),
        "num_heads": str(getattr(cfg, "num_attention_heads", 0)),
        "hidden_size": str(getattr(cfg, "hidden_size", 0)),
    }
    onnx.helper.set_model_props(model, meta)
    onnx.save(model, str(dest))


def ort_runner(path: Path, threads: int | None = None) -> Run:
    """A function from tokenised numpy inputs to the graph's first output, in ORT.

    Threads: ``threads``, else OMP_NUM_THREADS (as PyTorch), else the usable cores. They do
    not spin between calls: the pipeline tokenises and scores in Python between
    batches, and spinning threads would take those cores (measured slower on a busy host).
    """
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    env = os.environ.get("OMP_NUM_THREADS", "")  # the cap PyTorch honours too
    so.intra_op_num_threads = (
        threads or (int(env) if env.isdigit() else 0) or len(os.sched_getaffinity(0))
    )
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    wanted = [i.name for i in session.get_inputs()]

    def run(enc: dict[str, np.ndarray]) -> np.ndarray:
        feed = {n: np.asarray(enc[n], dtype=np.int64) for n in wanted}
        return session.run(None, feed)[0]

    return run


def torch_runner(
    hf_model: Any, precision: str, output: str, device: str = "cpu",
    keep: tuple[str, ...] = INT8_KEEP_FP32,
) -> Run:  # fmt: skip
    """A function from tokenised numpy inputs to ``output`` in PyTorch eager.

    fp32; bf16 (bf16 weights under autocast, for AMX); int8 (dynamic quantisation of the
    linear layers, per-tensor, less those whose names end with one of ``keep``); int8s (the
    same, per-channel, ``keep`` from the weights' plan); int8s_bf16 (int8s, the rest in
    bf16). The model is converted in place and moved to ``device`` (cpu, cuda).
    """
    import torch

    from claims.detect.nli import quant

    model = hf_model.to(device)
    bf16 = precision.endswith("bf16")
    if precision.startswith("int8"):
        model = quant.int8_linears(model, keep, per_channel=precision != "int8", cast_in=bf16)
    if bf16:
        model.to(torch.bfloat16)

    def run(enc: dict[str, np.ndarray]) -> np.ndarray:
        feed = {
            k: torch.from_numpy(np.asarray(v, dtype=np.int64)).to(device) for k, v in enc.items()
        }
        with (
            torch.inference_mode(),
            torch.autocast(device.split(":")[0], torch.bfloat16, enabled=bf16),
        ):
            return getattr(model(**feed), output).float().cpu().numpy()

    return run
