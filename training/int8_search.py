"""Search which linear layers int8 must leave out for the NLI weights to keep fp32's labels.

Why: dynamic int8 of every linear layer (less the output projections) changed 6% of the
labels of the runtime's calibration pairs (agreement 0.943, refused), and a model that
changes its verdicts is no gain. A few layers carry most of that error (outlier activations
feeding them); kept in fp32, the rest can run in int8 at fp32's labels.

How: per encoder layer four groups of linear layers (query/key/value, attention output,
intermediate, output). Each group alone is quantised (per-channel weights, as ``int8s``
runs) and its effect on the probabilities against fp32 measured; then, from everything in
int8, the most sensitive groups are kept in fp32 one by one until label agreement and the
99th percentile of |ΔP(contradiction)| meet ``--agree`` and ``--max-diff`` (the runtime's
gate takes the largest over its 70 pairs; over hundreds, one outlier would decide). The
classifier and the pooler always stay fp32 (they cost nothing). The result, with each
group's figures, goes to ``int8_plan.json`` beside the weights, keyed by their content hash
(``claims.detect.nli.quant``): the runtime reads it and never searches.

Calibration pairs: ``--per-source`` from each of SOURCES in ../shared/nli/train, fixed seed.
None of them is read by the dev figures (bench/eval_nli.py --split dev: SNLI and RTE-3 dev
held-out, MNLI dev sample, FEVER-symmetric dev) or was in the shipped model's training mix
(train_meta.json), nor is the runtime gate's set (``measure.CALIBRATION``, checked after).

Usage: python training/int8_search.py [--nli-model PATH] [--per-source 80] [--agree 0.99]
                                      [--max-diff 0.08] [--out FILE]
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import logging
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.detect.nli import load_nli_model, measure  # noqa: E402
from claims.detect.nli import runtime as rt  # noqa: E402
from claims.detect.nli.model import NLIModel  # noqa: E402
from claims.detect.nli.quant import INT8_PLAN  # noqa: E402
from training.evaldata import NLI_DIR, read_jsonl  # noqa: E402

log = logging.getLogger("int8_search")
SOURCES = (
    "mnli_train_sample_llicl.jsonl.gz",  # MNLI train (the dev figures read MNLI dev)
    "wanli_train_sample.jsonl.gz",
    "vitaminc_train_sample_llicl.jsonl.gz",
    "summedits_news.jsonl.gz",  # news register: real articles against edited summaries
    "oie_snli_mnli.jsonl.gz",
    "fm2_dev_test.jsonl.gz",
)
GROUPS = {  # per encoder layer: group name -> its linear layers' names inside the layer
    "qkv": ("attention.self.query", "attention.self.key", "attention.self.value"),
    "attn_out": ("attention.output.dense",),
    "intermediate": ("intermediate.dense",),
    "output": ("output.dense",),
}
ALWAYS_KEEP = ("classifier", "pooler.dense")
SEED = 20261207


def calibration(nli_dir: Path, per_source: int) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """``per_source`` pairs of each source (fewer where it has fewer), fixed seed."""
    rng = random.Random(SEED)
    pairs: list[tuple[str, str]] = []
    counts: dict[str, int] = {}
    for name in SOURCES:
        rows = read_jsonl(nli_dir / "train" / name)
        rows = rng.sample(rows, min(per_source, len(rows)))
        pairs += [(str(r["premise"]), str(r["hypothesis"])) for r in rows]
        counts[name] = len(rows)
    return pairs, counts


def groups(model: object) -> dict[str, tuple[str, ...]]:
    """Group name ("<layer prefix> <group>") -> its full module names, in layer order."""
    names = [n for n, _ in model.named_modules()]  # type: ignore[attr-defined]
    query = re.compile(r"(.*\.layer\.\d+)\.attention\.self\.query$")
    layers = sorted({m[1] for n in names if (m := query.match(n))},
                    key=lambda p: int(p.rpartition(".")[2]))  # fmt: skip
    return {
        f"{p} {g}": tuple(f"{p}.{s}" for s in subs) for p in layers for g, subs in GROUPS.items()
    }


def compare(probs: np.ndarray, ref: np.ndarray) -> dict[str, float]:
    """Label agreement, largest and 99th-percentile |ΔP(contradiction)|, mean |Δp|."""
    dc = np.abs(probs[:, 2] - ref[:, 2])
    return {
        "agreement": round(float((probs.argmax(1) == ref.argmax(1)).mean()), 4),
        "max_diff": round(float(dc.max()), 4),
        "p99_diff": round(float(np.quantile(dc, 0.99)), 4),
        "mean_abs": round(float(np.abs(probs - ref).mean()), 5),
    }


class Search:
    """The fp32 model, its probabilities on the pairs, and variants with chosen layers int8."""

    def __init__(self, base: NLIModel, pairs: list[tuple[str, str]]) -> None:
        self.base, self.pairs = base, pairs
        self.linears = tuple(
            n for n, m in base.model.named_modules() if type(m).__name__ == "Linear"
        )
        start = time.perf_counter()
        self.ref = base.predict(pairs)
        log.info("fp32: %.1f pairs/s", len(pairs) / (time.perf_counter() - start))

    def variant(self, keep: tuple[str, ...], precision: str = "int8s") -> NLIModel:
        run = rt.torch_runner(copy.deepcopy(self.base.model), precision, "logits", keep=keep)
        return dataclasses.replace(self.base, run=run, precision=precision)

    def effect(self, keep: tuple[str, ...], precision: str = "int8s", pairs: list | None = None,
               ref: np.ndarray | None = None) -> dict[str, float]:  # fmt: skip
        model = self.variant(keep, precision)
        start = time.perf_counter()
        probs = model.predict(pairs or self.pairs)
        out = compare(probs, self.ref if ref is None else ref)
        return out | {
            "pairs_per_s": round(len(pairs or self.pairs) / (time.perf_counter() - start), 1)
        }


def search(s: Search, agree: float, max_diff: float) -> dict:
    """Each group alone, then the greedy keep order; the plan and its figures."""
    layer_groups = groups(s.base.model)
    singles = {}
    for name, mods in layer_groups.items():
        singles[name] = s.effect(tuple(n for n in s.linears if n not in mods))
        log.info("only %s int8: %s", name, singles[name])
    order = sorted(singles, key=lambda g: (singles[g]["agreement"], -singles[g]["mean_abs"]))
    kept: list[str] = []
    steps = []
    for k in range(len(order) + 1):
        kept = order[:k]
        keep = ALWAYS_KEEP + tuple(n for g in kept for n in layer_groups[g])
        got = s.effect(keep)
        steps.append({"kept": k, **got})  # the first k of order
        log.info("%d groups kept in fp32: %s", k, got)
        if got["agreement"] >= agree and got["p99_diff"] <= max_diff:
            break
    return {"keep": list(keep), "kept_groups": kept, "int8s": steps[-1], "steps": steps,
            "singles": singles, "order": order}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nli-model", default=None, help="name or path; default the shipped model")
    ap.add_argument("--nli-dir", type=Path, default=NLI_DIR)
    ap.add_argument("--per-source", type=int, default=80, help="calibration pairs per source")
    ap.add_argument("--agree", type=float, default=0.99, help="label agreement at least")
    ap.add_argument("--max-diff", type=float, default=0.08, help="p99 |dP(c)| at most")
    ap.add_argument("--out", type=Path, default=None, help=f"default: {INT8_PLAN} by the weights")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    pairs, counts = calibration(args.nli_dir, args.per_source)
    base = load_nli_model(args.nli_model, precision="fp32")
    s = Search(base, pairs)
    found = search(s, args.agree, args.max_diff)
    keep = tuple(found["keep"])
    gate = list(measure.CALIBRATION)
    gate_ref = base.predict(gate)
    checks = {"int8s on the runtime gate's pairs": s.effect(keep, pairs=gate, ref=gate_ref)}
    if rt.cpu_flags() & {"avx512_bf16", "amx_bf16"}:
        checks["int8s_bf16"] = s.effect(keep, "int8s_bf16")
        checks["int8s_bf16 on the runtime gate's pairs"] = s.effect(
            keep, "int8s_bf16", gate, gate_ref
        )
    plan = {
        "weights": base.content_hash,
        "keep": found.pop("keep"),
        "criterion": {"agreement": args.agree, "p99_diff": args.max_diff},
        "calibration": {"per_source": counts, "seed": SEED, "pairs": len(pairs)},
        "quantisation": "torch dynamic int8, per-channel weights (int8s)",
        "checks": checks,
        **found,
        "searched_on": f"{rt.cpu_model()}; torch {rt.library_versions()['torch']}",
    }
    out = args.out or base.path / INT8_PLAN
    out.write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
    log.info("kept in fp32: %s; wrote %s", plan["kept_groups"], out)
    for name, got in checks.items():
        log.info("%s: %s", name, got)


if __name__ == "__main__":
    main()
