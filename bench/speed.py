"""How fast the two models and an ingest run on this CPU, and which runtime was chosen.

    python bench/speed.py [--pairs 256] [--repeat 3] [--batch-claims 100] [--skip-ingest]
    ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 python bench/speed.py   # AVX2 emulated

Prints, in one run: the CPU flags that matter and the runtime ``load_nli_model`` picks; raw
NLI throughput (forward passes/s on claim-length pairs) for each runtime and precision, with
argmax agreement against PyTorch fp32; the embedder's texts/s in PyTorch and ONNX Runtime;
``NLIScorer`` claim pairs/s with the chosen runtime against plain PyTorch fp32 scoring both
directions (as before); the ingest of a ~100-claim batch (FNC-1 test bodies, written to a
temporary directory) into a fresh store in a cold process: its wall time, the share spent
inside the embedder and the NLI model, time to the first stored claim and peak memory.
Each figure is the median of ``--repeat`` runs; compare ratios within one run, since other
work on the host moves absolute figures. The emulation switches only reach PyTorch: ONNX
Runtime picks its kernels from cpuid and has no such switch.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16", "amx_int8")
RUNTIMES = ("fp32", "bf16", "int8", "ort-fp32", "ort-int8", "ort-int8rr")


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall seconds of ``repeat`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_section() -> str:
    from claims.detect.nli import runtime as rt

    flags = rt.cpu_flags()
    have = " ".join(f"{f}{'+' if f in flags else '-'}" for f in FLAGS)
    env = {
        k: os.environ[k] for k in ("ONEDNN_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY") if k in os.environ
    }
    chosen = rt.choose(flags, rt.have_onnxruntime()).tag
    note = f" (emulated for PyTorch: {env})" if env else ""
    return f"cpu flags: {have}{note}\nchosen NLI runtime: {chosen}"


def nli_section(pairs: list[tuple[str, str]], repeat: int, runtimes: list[str]) -> str:
    """passes/s per runtime, and argmax agreement with PyTorch fp32 on the same pairs."""
    from claims.detect.nli import load_nli_model

    both = pairs + [(b, a) for a, b in pairs]
    lines = ["| runtime | passes/s | × torch fp32 | argmax = fp32 |", "|---|---:|---:|---:|"]
    ref, base = None, None
    for name in runtimes:
        model = load_nli_model(precision=name)
        probs = model.predict(both)
        seconds = median_time(lambda m=model: m.predict(both), repeat)
        rate = len(both) / seconds
        ref = probs if ref is None else ref
        base = rate if base is None else base
        agree = float((probs.argmax(1) == ref.argmax(1)).mean())
        lines.append(f"| {model.runtime} | {rate:.1f} | {rate / base:.2f} | {agree:.3f} |")
    return "\n".join(lines)


def embed_section(texts: list[str], repeat: int) -> str:
    from claims.topics.embed import SentenceTransformerEmbedder

    lines = ["| embedder runtime | texts/s | max abs diff |", "|---|---:|---:|"]
    ref = None
    for runtime in ("torch", "ort"):
        emb = SentenceTransformerEmbedder(runtime=runtime)
        vectors = emb.embed(texts)
        rate = len(texts) / median_time(lambda e=emb: e.embed(texts), repeat)
        ref = vectors if ref is None else ref
        lines.append(f"| {emb.runtime} | {rate:.1f} | {np.abs(vectors - ref).max():.1e} |")
    return "\n".join(lines)


def scorer_section(pairs: list[tuple[str, str]], repeat: int) -> str:
    """Claim pairs/s through NLIScorer: chosen runtime, second direction when open, against
    PyTorch fp32 scoring both directions (the behaviour before)."""
    from claims.detect.nli import NLIScorer, load_nli_model
    from claims.types import ClaimView

    views = [(ClaimView(2 * i, a, 1), ClaimView(2 * i + 1, b, 2)) for i, (a, b) in enumerate(pairs)]
    plain = NLIScorer(load_nli_model(precision="fp32"), settle_below=0.0)
    fast = NLIScorer(load_nli_model())
    base = len(views) / median_time(lambda: plain.score(views), repeat)
    rate = len(views) / median_time(lambda: fast.score(views), repeat)
    same = sum(
        (a.score >= 0.5) == (b.score >= 0.5)
        for a, b in zip(plain.score(views), fast.score(views), strict=True)
    )
    return (
        f"NLIScorer claim pairs/s: torch fp32 both directions {base:.1f}; "
        f"{fast.model.runtime} + second direction when open {rate:.1f} "
        f"({rate / base:.2f}×, target ≥ 4×); same flag at 0.5 on {same}/{len(views)} pairs"
    )


INGEST_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from datetime import date
from pathlib import Path
from sqlalchemy.orm import Session
from claims.config import resolve
from claims.pipeline.ingest import ingest
from claims.pipeline.stages import default_stages
from store.db import open_store

db, corpus = sys.argv[1], sys.argv[2]
settings = resolve(db=db, env={})
stages = default_stages(settings, today=date(2025, 1, 1))
inside = [0.0]
def timed(fn):
    def run(*a, **k):
        s = time.perf_counter(); out = fn(*a, **k); inside[0] += time.perf_counter() - s
        return out
    return run
stages.embedder.embed = timed(stages.embedder.embed)
stages.scorer.model.predict = timed(stages.scorer.model.predict)
t_loaded = time.perf_counter()
with Session(open_store(db)) as session, session.begin():
    report = ingest(session, [Path(corpus)], stages, settings.tuning)
end = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"total": end - t0, "ingest": end - t_loaded, "startup": t_loaded - t0,
    "inside": inside[0], "claims": report.claims_added, "pairs": report.pairs_scored,
    "peak_mb": peak}))
"""


def cold_ingest(corpus: Path) -> dict:
    """One ingest into a fresh store in a new process (cold imports and model loads)."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", INGEST_CHILD, str(Path(tmp) / "s.db"), str(corpus)],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def ingest_section(claims: int, repeat: int) -> str:
    from bench.ingest import build_corpus
    from training.evaldata import EVALDATA

    with tempfile.TemporaryDirectory() as tmp:
        batch, first = Path(tmp) / "batch.jsonl", Path(tmp) / "first.jsonl"
        build_corpus(EVALDATA, claims, batch)
        first.write_text(batch.read_text().splitlines()[0] + "\n")
        runs = [cold_ingest(batch) for _ in range(repeat)]
        firsts = [cold_ingest(first)["total"] for _ in range(repeat)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return (
        f"ingest of {med['claims']:.0f} claims ({med['pairs']:.0f} candidate pairs) into a "
        f"fresh store, cold process: {med['total']:.1f} s in all, {med['startup']:.1f} s "
        f"imports and model loads, {med['ingest']:.1f} s ingest of which "
        f"{med['inside']:.1f} s ({med['inside'] / med['ingest']:.0%}, target ≥ 80%) inside "
        f"the embedder and the NLI model; peak memory {med['peak_mb']:.0f} MB\n"
        f"time to first claim (cold process, one article, until it is stored): "
        f"{statistics.median(firsts):.1f} s (target < 3 s)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=256, help="claim-length pairs to score")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per figure (median)")
    ap.add_argument("--runtimes", default=",".join(RUNTIMES), help="NLI runtimes to compare")
    ap.add_argument("--batch-claims", type=int, default=100, help="claims in the ingest batch")
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    from training.evaldata import EVALDATA, claim_pairs

    pairs = claim_pairs(EVALDATA)[: args.pairs]
    print(cpu_section(), "\n", flush=True)
    print(nli_section(pairs, args.repeat, args.runtimes.split(",")), "\n", flush=True)
    print(embed_section(sorted({t for p in pairs for t in p}), args.repeat), "\n", flush=True)
    print(scorer_section(pairs, args.repeat), "\n", flush=True)
    if not args.skip_ingest:
        print(ingest_section(args.batch_claims, args.repeat), flush=True)


if __name__ == "__main__":
    main()
