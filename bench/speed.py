"""How fast the two models and an ingest run on this CPU, and which runtime was chosen.

    python bench/speed.py [--pairs 256] [--repeat 3] [--batch-claims 100] [--skip-ingest]
                          [--scale-sizes 100000,1000000] [--only-scorer] [--only-nli]
                          [--runtimes fp32,bf16,...] [--threads 1,2]
                          [--scorer-precision auto|int8s_bf16|...]
    ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 python bench/speed.py   # AVX2 emulated

Prints, in one run, on the machine it runs on: the CPU (``lscpu`` model name) and the flags
that matter, and the runtime ``load_nli_model`` measured and picked (each candidate's
pairs/s and agreement with fp32 on the calibration set); raw throughput (forward passes/s)
of the NLI cross-encoder and of the embedder for each runtime and precision, with argmax
agreement (NLI) or the largest vector difference (embedder) against PyTorch fp32;
``NLIScorer`` claim pairs/s with the chosen runtime against plain PyTorch fp32 scoring both
directions; a ~100-claim batch (FNC-1 test bodies, written to a temporary directory) through
``claims ingest`` into a fresh store in a cold process: wall time, time to first claim, peak
memory; the share of a warm ingest spent inside the two models; and the batch of
``bench/scale.py`` (``batch_into``) into stores of 100k and 1M claims against an empty one.

Time to first claim: from just before the ``claims ingest`` process is started to the moment
its progress callback first reports the extract stage, i.e. the first article's claims are
split, attributed and framed and available to the pipeline. Share in the models: seconds
inside the embedder's ``embed`` and the NLI model's ``predict`` over the wall time of an
ingest in a process whose models have finished loading (spaCy frames count as outside).

Each figure is the median of ``--repeat`` runs; the NLI runtimes, and the scorer against its
fp32 baseline, are timed in turn (A, B, A, B, ...), so that a change of load falls on all
alike. Compare ratios within one run, since other work on the host moves absolute figures.
The emulation switches only reach PyTorch: ONNX Runtime picks its kernels from cpuid and has
no such switch.
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
from typing import TypeVar

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16", "amx_int8")
RUNTIMES = ("fp32", "bf16", "int8", "int8s", "int8s_bf16", "ort-fp32", "ort-int8", "ort-int8s")


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall seconds of ``repeat`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_name() -> str:
    """``lscpu``'s model name, else /proc/cpuinfo's."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        return next(ln.split(":", 1)[1].strip() for ln in out.splitlines() if "Model name" in ln)
    except (OSError, subprocess.CalledProcessError, StopIteration):
        text = Path("/proc/cpuinfo").read_text(errors="ignore")
        return next((ln.split(":", 1)[1].strip() for ln in text.splitlines()
                     if ln.startswith("model name")), "unknown")  # fmt: skip


def cpu_section() -> str:
    from claims.detect.nli import runtime as rt

    flags = rt.cpu_flags()
    have = " ".join(f"{f}{'+' if f in flags else '-'}" for f in FLAGS)
    env = {
        k: os.environ[k] for k in ("ONEDNN_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY") if k in os.environ
    }
    chosen = rt.choose(flags, rt.have_onnxruntime()).tag
    note = f" (emulated for PyTorch: {env})" if env else ""
    return (
        f"cpu: {cpu_name()}, {os.cpu_count()} cores seen, load average "
        f"{os.getloadavg()[0]:.1f} (other work on the host moves absolute figures)\n"
        f"cpu flags: {have}{note}\nstatic NLI runtime (CLAIMS_NLI_MEASURE=0): {chosen}"
    )


def measured_section() -> str:
    """The runtime ``load_nli_model()`` measured for this CPU and the shipped weights (from
    its cache, measured now if absent): each candidate's pairs/s and agreement with fp32."""
    from claims.detect.nli import load_nli_model, measure
    from claims.detect.nli import runtime as rt

    model = load_nli_model()
    path = measure.cache_file(rt.cpu_model(), model.content_hash)
    if not path.exists():
        return f"chosen NLI runtime: {model.runtime} (not measured: {path} absent)"
    import json

    record = json.loads(path.read_text(encoding="utf-8"))
    lines = [f"chosen NLI runtime: {model.runtime}, measured on {record['cpu']} "
             f"(calibration: {len(measure.CALIBRATION)} pairs; cache {path})",
             "| candidate | pairs/s | labels = fp32 | max dP(c) | |",
             "|---|---:|---:|---:|---|"]  # fmt: skip
    for t in record["trials"]:
        mark = "chosen" if t["precision"] == record["chosen"] else t["error"]
        lines.append(f"| {t['precision']} | {t['pairs_per_s']:.1f} | {t['agreement']:.3f} "
                     f"| {t['max_diff']:.3f} | {mark} |")  # fmt: skip
    return "\n".join(lines)


K = TypeVar("K")


def interleaved(fns: dict[K, Callable[[], object]], repeat: int) -> dict[K, float]:
    """Median wall seconds of each function, timed in turn (A, B, A, B, ...) after one
    warm-up call each, so that a change of load on the host falls on all of them alike."""
    for fn in fns.values():
        fn()
    times: dict[K, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def nli_section(
    pairs: list[tuple[str, str]], repeat: int, runtimes: list[str], threads: list[int] | None = None
) -> str:
    """passes/s per runtime (timed interleaved), argmax agreement and the largest change of
    P(contradiction) against PyTorch fp32 on the same pairs (both directions). ``threads``:
    each PyTorch runtime also at each of these thread counts (ONNX Runtime keeps its own)."""
    import torch

    from claims.detect.nli import load_nli_model

    both = pairs + [(b, a) for a, b in pairs]
    lines = ["| runtime | passes/s | × torch fp32 | argmax = fp32 | max dP(c) |",
             "|---|---:|---:|---:|---:|"]  # fmt: skip
    models = {}
    for name in runtimes:
        try:
            models[name] = load_nli_model(precision=name)
        except Exception as exc:  # noqa: BLE001 - a runtime missing here is a line, not a stop
            lines.append(f"| {name} | not measured: {type(exc).__name__}: {exc} | | | |")
    probs = {name: m.predict(both) for name, m in models.items()}
    fns: dict[tuple[str, int], Callable[[], object]] = {}
    for name, m in models.items():
        for t in [0] if name.startswith("ort-") or not threads else threads:

            def fn(m=m, t=t) -> object:  # noqa: ANN001
                if t:
                    torch.set_num_threads(t)
                return m.predict(both)

            fns[(name, t)] = fn
    seconds = interleaved(fns, repeat)
    base = len(both) / next(v for (n, _), v in seconds.items() if n == runtimes[0])
    ref = probs[runtimes[0]]
    for (name, t), sec in seconds.items():
        rate = len(both) / sec
        agree = float((probs[name].argmax(1) == ref.argmax(1)).mean())
        diff = float(np.abs(probs[name][:, 2] - ref[:, 2]).max())
        label = models[name].runtime + (f", {t} threads" if t else "")
        lines.append(f"| {label} | {rate:.1f} | {rate / base:.2f} | {agree:.3f} | {diff:.3f} |")
    return "\n".join(lines)


EMBED_RUNTIMES = ("fp32", "bf16", "int8", "ort-fp32", "ort-int8")


def _embed_runner(root: Path, name: str):  # noqa: ANN202 - a runtime.Run
    """The all-MiniLM-L6-v2 encoder in runtime ``name`` (as ``claims.topics.embed`` builds
    its ONNX one, same cache key)."""
    from transformers import AutoModel

    from claims.detect.nli import runtime as rt
    from claims.detect.nli.model import content_hash

    def fresh() -> object:
        return AutoModel.from_pretrained(root, local_files_only=True).eval()

    if not name.startswith("ort-"):
        return rt.torch_runner(fresh(), name, "last_hidden_state")

    def export(dest: Path) -> None:
        rt.export_encoder(fresh(), "last_hidden_state", dest)

    key = f"embed-{root.name}-{content_hash(root)}"
    return rt.ort_runner(rt.onnx_path(key, name.removeprefix("ort-"), export))


def embed_section(texts: list[str], repeat: int) -> str:
    """Embedder passes/s per runtime and precision on claim-length texts (batches of 64,
    dynamic padding), and the largest difference of the pooled vectors from fp32."""
    from transformers import AutoTokenizer

    from claims.topics.embed import _bundled_path

    root = Path(_bundled_path("all-MiniLM-L6-v2") or "all-MiniLM-L6-v2")
    tok = AutoTokenizer.from_pretrained(root, local_files_only=True)
    batches = [tok(texts[i : i + 64], padding=True, truncation=True, max_length=256,
                   return_tensors="np") for i in range(0, len(texts), 64)]  # fmt: skip

    def pooled(run) -> np.ndarray:  # noqa: ANN001
        out = []
        for enc in batches:
            mask = enc["attention_mask"][..., None].astype(np.float32)
            vec = (run(dict(enc)) * mask).sum(1) / mask.sum(1)
            out.append(vec / np.linalg.norm(vec, axis=1, keepdims=True))
        return np.vstack(out)

    lines = [
        "| embedder runtime | passes/s | × torch fp32 | max abs diff |",
        "|---|---:|---:|---:|",
    ]
    ref, base = None, None
    for name in EMBED_RUNTIMES:
        try:
            run = _embed_runner(root, name)
        except Exception as exc:  # noqa: BLE001 - a runtime missing here is a line, not a stop
            lines.append(f"| {name} | not measured: {type(exc).__name__} | | |")
            continue
        vectors = pooled(run)
        rate = len(texts) / median_time(lambda r=run: pooled(r), repeat)
        ref = vectors if ref is None else ref
        base = rate if base is None else base
        diff = float(np.abs(vectors - ref).max())
        lines.append(f"| {name} | {rate:.1f} | {rate / base:.2f} | {diff:.1e} |")
    return "\n".join(lines)


def scorer_section(pairs: list[tuple[str, str]], repeat: int, precision: str = "auto") -> str:
    """Claim pairs/s through NLIScorer: ``precision`` (auto: the measured choice), second
    direction when open, against PyTorch fp32 scoring both directions (the behaviour
    before), timed interleaved."""
    from claims.detect.nli import NLIScorer, load_nli_model
    from claims.types import ClaimView

    views = [(ClaimView(2 * i, a, 1), ClaimView(2 * i + 1, b, 2)) for i, (a, b) in enumerate(pairs)]
    plain = NLIScorer(load_nli_model(precision="fp32"), settle_below=0.0)
    fast = NLIScorer(load_nli_model(precision=precision))
    seconds = interleaved({"plain": lambda: plain.score(views), "fast": lambda: fast.score(views)},
                          repeat)  # fmt: skip
    base, rate = len(views) / seconds["plain"], len(views) / seconds["fast"]
    same = sum(
        (a.score >= 0.5) == (b.score >= 0.5)
        for a, b in zip(plain.score(views), fast.score(views), strict=True)
    )
    return (
        f"NLIScorer claim pairs/s (interleaved, median of {repeat}): torch fp32 both directions "
        f"{base:.1f}; {fast.model.runtime} + second direction when open {rate:.1f} "
        f"({rate / base:.2f}×, target ≥ 4×); same flag at 0.5 on {same}/{len(views)} pairs"
    )


CLI_CHILD = r"""
import json, resource, sys, time
import cli.progress

first = []
update = cli.progress.ProgressBar.update
def spy(self, stage, done, total):
    if stage == "extract" and done and not first:
        first.append(time.time())
    return update(self, stage, done, total)
cli.progress.ProgressBar.update = spy
from cli.main import app
db, corpus = sys.argv[1], sys.argv[2]
app(["ingest", corpus, "--db", db], standalone_mode=False)
end = time.time()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"first": first[0] if first else None, "end": end, "peak_mb": peak}))
"""

WARM_CHILD = r"""
import json, sys, time
from datetime import date
from pathlib import Path
from sqlalchemy.orm import Session
from claims.config import resolve
from claims.detect.nli.model import NLIModel
from claims.pipeline.ingest import ingest
from claims.pipeline.stages import default_stages
from store.db import open_store

inside = [0.0]
def timed(fn):
    def run(*a, **k):
        s = time.perf_counter(); out = fn(*a, **k); inside[0] += time.perf_counter() - s
        return out
    return run
NLIModel.predict = timed(NLIModel.predict)
db, corpus = sys.argv[1], sys.argv[2]
settings = resolve(db=db, env={})
stages = default_stages(settings, today=date(2025, 1, 1))
stages.embedder.embed = timed(stages.embedder.embed)
stages.warmed.result()
engine = open_store(db)
start = time.perf_counter()
with Session(engine) as session, session.begin():
    report = ingest(session, [Path(corpus)], stages, settings.tuning)
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "inside": inside[0], "claims": report.claims_added,
    "pairs": report.pairs_scored, "stages": {k: round(v, 2) for k, v in report.seconds.items()}}))
"""


def child(script: str, corpus: Path) -> dict:
    """Run ``script`` on ``corpus`` into a fresh store in a new process; its JSON figures,
    with ``started``: the wall clock just before the process was started."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-c", script, str(Path(tmp) / "s.db"), str(corpus)],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["started"] = started
    return figures


def ingest_section(claims: int, repeat: int) -> str:
    from bench.ingest import build_corpus
    from training.evaldata import EVALDATA

    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch.jsonl"
        build_corpus(EVALDATA, claims, batch)
        cold = [child(CLI_CHILD, batch) for _ in range(repeat)]
        warm = [child(WARM_CHILD, batch) for _ in range(repeat)]
    firsts = [r["first"] - r["started"] for r in cold if r["first"]]
    first = statistics.median(firsts)
    total = statistics.median(r["end"] - r["started"] for r in cold)
    peak = statistics.median(r["peak_mb"] for r in cold)
    shares = [r["inside"] / r["wall"] for r in warm]
    mid = sorted(warm, key=lambda r: r["inside"] / r["wall"])[len(warm) // 2]
    return (
        f"`claims ingest` of {mid['claims']} claims ({mid['pairs']} candidate pairs) into a "
        f"fresh store, cold process: {total:.1f} s from process start to exit; peak memory "
        f"{peak:.0f} MB\n"
        f"time to first claim (process start -> first claim extracted and framed, as the "
        f"progress callback reports): {first:.2f} s (target < 3 s; runs "
        f"{', '.join(f'{x:.2f}' for x in firsts)})\n"
        f"share inside the two models, models loaded: {statistics.median(shares):.0%} "
        f"(target ≥ 80%; runs {', '.join(f'{x:.0%}' for x in shares)}); median run "
        f"{mid['wall']:.1f} s, {mid['inside']:.1f} s inside; stages {mid['stages']}"
    )


def scale_section(sizes: list[int], repeat: int, build: bool = False) -> str:
    """bench/scale.py's batch into an empty store and into stores of ``sizes`` claims; a
    store not built yet is built only with ``build`` (never while another run builds it)."""
    try:
        from bench.scale import OUT, batch_into
    except ImportError:
        return "batch into 100k/1M-claim stores: not measured: bench/scale.py missing"
    missing = [n for n in sizes if not (OUT / f"scale-sqlite-{n}.db.built.json").exists()]
    if missing and not build:  # building one takes minutes (1M: most of an hour on 2 cores)
        names = ",".join(str(n) for n in missing)
        note = (
            f"not measured: store not built yet (bench/scale.py --sizes {names}, or "
            "bench/speed.py --build-stores)"
        )
        sizes = [n for n in sizes if n not in missing]
    empty = batch_into(0, "sqlite", repeat)
    lines = [
        f"batch of bench/scale.py ({empty['claims']} claims) into an empty store: "
        f"{empty['seconds']:.1f} s, peak {empty['peak_mb']:.0f} MB (runs {empty['runs_s']})"
    ]
    for size in sizes:
        got = batch_into(size, "sqlite", repeat)
        lines.append(
            f"into {size:,} claims: {got['seconds']:.1f} s ({got['seconds'] / empty['seconds']:.2f}"
            f"× empty, target ≤ 1.3×), peak {got['peak_mb']:.0f} MB "
            f"(+{got['peak_mb'] - empty['peak_mb']:.0f} MB, target ≤ +500 MB), "
            f"{got['pairs']} pairs scored (runs {got['runs_s']})"
        )
    lines += [f"into {n:,} claims: {note}" for n in missing if not build]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=256, help="claim-length pairs to score")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per figure (median)")
    ap.add_argument("--runtimes", default=",".join(RUNTIMES), help="NLI runtimes to compare")
    ap.add_argument("--batch-claims", type=int, default=100, help="claims in the ingest batch")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--only-scorer", action="store_true", help="CPU, runtime choice, NLIScorer")
    ap.add_argument("--scorer-precision", default="auto", help="NLIScorer's runtime (auto: chosen)")
    ap.add_argument("--only-nli", action="store_true", help="CPU, runtime choice, NLI runtimes")
    ap.add_argument("--threads", default="", help="e.g. 1,2: PyTorch runtimes at each count")
    ap.add_argument("--scale-sizes", default="100000,1000000", help="'' to skip")
    ap.add_argument("--build-stores", action="store_true", help="build missing scale stores")
    args = ap.parse_args()
    from training.evaldata import EVALDATA, claim_pairs

    pairs = claim_pairs(EVALDATA)[: args.pairs]
    print(cpu_section(), "\n", flush=True)
    print(measured_section(), "\n", flush=True)
    if args.only_scorer:
        print(scorer_section(pairs, args.repeat, args.scorer_precision), flush=True)
        return
    threads = [int(t) for t in args.threads.split(",") if t]
    print(nli_section(pairs, args.repeat, args.runtimes.split(","), threads), "\n", flush=True)
    if args.only_nli:
        return
    print(embed_section(sorted({t for p in pairs for t in p}), args.repeat), "\n", flush=True)
    print(scorer_section(pairs, args.repeat, args.scorer_precision), "\n", flush=True)
    if not args.skip_ingest:
        print(ingest_section(args.batch_claims, args.repeat), "\n", flush=True)
    if args.scale_sizes:
        sizes = [int(x) for x in args.scale_sizes.split(",")]
        print(scale_section(sizes, max(1, args.repeat // 2), args.build_stores), flush=True)


if __name__ == "__main__":
    main()
