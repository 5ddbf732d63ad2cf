"""int8 made safe: the linear layers an offline sensitivity search keeps out of int8.

``training/int8_search.py`` quantises one group of linear layers at a time (per encoder
layer: query/key/value, attention output, intermediate, output), measures how far each moves
the labels and P(contradiction) from fp32 on calibration pairs, and keeps the most sensitive
out of int8 until the rest agrees with fp32. Its result ships beside the weights
(``int8_plan.json``, keyed by their content hash), so a load never searches. The runtimes
that read it (``int8s``, ``int8s_bf16``, ``ort-int8s``) are built in ``runtime``.
Heavy imports (torch) happen inside functions.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

INT8_PLAN = "int8_plan.json"  # beside the weights: training/int8_search.py's kept layers


def int8_plan(model_dir: Path, digest: str) -> tuple[str, ...] | None:
    """The linear layers (module names) ``int8s`` keeps out of int8 for the weights of
    content hash ``digest``; None where no plan was searched for exactly these weights."""
    try:
        plan = json.loads((model_dir / INT8_PLAN).read_text(encoding="utf-8"))
        keep = tuple(str(n) for n in plan["keep"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if plan.get("weights") != digest:
        log.info("%s was searched for weights %s, not %s: no int8s", INT8_PLAN,
                 plan.get("weights"), digest)  # fmt: skip
        return None
    return keep


def int8_linears(model: Any, keep: tuple[str, ...], per_channel: bool, cast_in: bool) -> Any:
    """``model`` with its linear layers dynamically quantised to int8 in place, less ``keep``'s;
    ``cast_in``: each quantised layer takes and gives its neighbours' dtype (bf16 around it),
    since the int8 kernels read fp32 only."""
    import torch
    from torch.ao import quantization as q

    qconfig = q.per_channel_dynamic_qconfig if per_channel else q.default_dynamic_qconfig
    names = {n: qconfig for n, m in model.named_modules()
             if isinstance(m, torch.nn.Linear) and not n.endswith(keep)}  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its deprecation notice, once per load
        model = q.quantize_dynamic(model, names, dtype=torch.qint8, inplace=True)  # no fp32 copy
    if not cast_in:
        return model

    class Fp32In(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, x: Any) -> Any:
            return self.inner(x.float()).to(x.dtype)

    for name in names:
        parent, _, child = name.rpartition(".")
        owner = model.get_submodule(parent)
        setattr(owner, child, Fp32In(getattr(owner, child)))
    return model


def onnx_nodes(model: Any, keep: tuple[str, ...]) -> list[str]:
    """The nodes of a fused graph that compute the linear layers ``keep`` names (PyTorch
    module names): a MatMul or Gemm carries its module's path in its name
    (``.../layer.0/output/dense/MatMul``); a fused Attention node computes query, key and
    value of the layer whose attention output projection consumes its output."""
    paths = {re.sub(r"\.(?!\d)", "/", n.removeprefix("bert.")) for n in keep}
    layers = {m[1] for n in keep if (m := re.search(r"layer\.(\d+)\.attention\.self\.", n))}
    consumers: dict[str, list[str]] = {}
    for node in model.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node.name)
    out = []
    for node in model.graph.node:
        if node.op_type == "Attention":
            after = " ".join(c for o in node.output for c in consumers.get(o, []))
            hit = re.search(r"layer\.(\d+)/attention/output", after)
            if hit and hit[1] in layers:
                out.append(node.name)
        elif any(f"/{p}/" in node.name for p in paths):
            out.append(node.name)
    return out
