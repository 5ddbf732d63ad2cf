"""The NLI runtime chosen by measurement, once per CPU and weights, remembered in a cache.

Why measure: which runtime is fastest depends on the CPU (AMX, AVX-512 with bf16/VNNI,
AVX2), the installed libraries and the weights, and a precision that is fast but changes the
verdicts is no gain. At the first ``load_nli_model(precision="auto")`` on a CPU, each candidate
runtime this machine can run (``candidates``) scores a fixed calibration set of claim-like
pairs (``CALIBRATION``, both directions); the fastest whose labels match PyTorch fp32's within
``TOLERANCE`` is kept. The result goes to ``<cache>/runtime/<key>.json``, the key made of the
CPU model name, the weights' content hash, the library versions and the thread count, so a
new CPU, new weights, a new torch or another thread cap measure again. The cache is never
required: unwritable, it is skipped.
``CLAIMS_NLI_MEASURE=0`` turns measuring off (the static ``runtime.choose`` decides).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# (label agreement with fp32 at least, largest |P(contradiction) - fp32's| at most)
TOLERANCE = (0.98, 0.08)
# news-like claims in threes (a claim, one that contradicts it, one that restates it): every
# ordered pair inside a three, each claim against itself and against the next three's first
# (70 pairs, all three labels)
_CLAIMS = (
    ("The council approved the budget on Tuesday by seven votes to two.",
     "The council rejected the budget on Tuesday.",
     "On Tuesday the budget was passed by the council, 7-2."),
    ("Police said three people were injured in the fire at the warehouse.",
     "Nobody was hurt in the warehouse fire, police said.",
     "Three people were hurt when the warehouse caught fire, according to police."),
    ("The company reported a profit of $2.1 billion for the quarter.",
     "The company posted a quarterly loss.",
     "Quarterly profit at the company was about two billion dollars."),
    ("The minister denied that the government had agreed to the deal.",
     "The government agreed to the deal, the minister confirmed.",
     "According to the minister, no agreement on the deal was made by the government."),
    ("Unemployment rose to 5.4 percent in March, the highest in two years.",
     "Unemployment fell in March to its lowest level in a decade.",
     "In March the jobless rate climbed to 5.4%."),
    ("The bridge will reopen to traffic next Monday after repairs.",
     "The bridge will stay closed for at least another year.",
     "Repairs are done and the bridge reopens to cars on Monday."),
    ("The striker scored twice as the home side won 3-1.",
     "The home side lost the match 1-3.",
     "The home team won three goals to one, with two from the striker."),
)  # fmt: skip
CALIBRATION: tuple[tuple[str, str], ...] = tuple(
    [(g[i], g[j]) for g in _CLAIMS for i in range(3) for j in range(3) if i != j]
    + [(g[k], _CLAIMS[(n + 1) % len(_CLAIMS)][0]) for n, g in enumerate(_CLAIMS) for k in range(3)]
    + [(g[0], g[0]) for g in _CLAIMS]
)


@dataclass(frozen=True)
class Trial:
    """One candidate runtime's measurement on the calibration set."""

    precision: str  # a load_nli_model precision: fp32, bf16, int8, ort-fp32, ...
    pairs_per_s: float
    agreement: float  # share of argmax labels equal to fp32's
    max_diff: float  # largest |P(contradiction) - fp32's|
    error: str = ""


def candidates(flags: frozenset[str], ort: bool, plan: bool = False) -> list[str]:
    """The runtimes worth timing on a CPU with ``flags`` (fp32 first: the reference).

    ``plan``: the weights have an int8 plan (``quant``), so int8 made safe replaces the plain
    int8 runtimes, which move labels (each candidate costs time at the first load)."""
    bf16 = bool(flags & {"avx512_bf16", "amx_bf16"})
    out = ["fp32", "bf16"] if bf16 else ["fp32"]
    if plan:
        out += ["int8s", "int8s_bf16"] if bf16 else ["int8s"]
    else:
        out.append("int8")
    if ort:
        out += ["ort-fp32", "ort-int8s" if plan else "ort-int8"]
    return out


def pick(trials: list[Trial], tolerance: tuple[float, float] = TOLERANCE) -> Trial:
    """The fastest trial within tolerance of fp32 (the first trial), else fp32."""
    agree, diff = tolerance
    ok = [t for t in trials if not t.error and t.agreement >= agree and t.max_diff <= diff]
    return max(ok, key=lambda t: t.pairs_per_s) if ok else trials[0]


def cache_file(cpu: str, digest: str) -> Path:
    """Where the measurement for this CPU, these weights, libraries and thread count is kept."""
    from claims.detect.nli.runtime import cache_root, library_versions

    threads = os.environ.get("OMP_NUM_THREADS") or str(len(os.sched_getaffinity(0)))
    key = json.dumps([cpu, digest, library_versions(), threads])
    return cache_root() / "runtime" / f"{hashlib.sha256(key.encode()).hexdigest()[:20]}.json"


def measure(build: Callable[[str], object], names: list[str], repeat: int = 3) -> list[Trial]:
    """Time each runtime ``build(name)`` (a model with ``predict``) on CALIBRATION; the
    first name is the reference the others' labels are compared with."""
    pairs = list(CALIBRATION)
    trials: list[Trial] = []
    ref: np.ndarray | None = None
    for name in names:
        try:
            model = build(name)
            probs = model.predict(pairs)  # warm-up, and the labels
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                model.predict(pairs)
                best = min(best, time.perf_counter() - start)
        except Exception as exc:  # a runtime that fails here is not a candidate
            if ref is None:
                raise
            trials.append(Trial(name, 0.0, 0.0, 1.0, f"{type(exc).__name__}: {exc}"[:200]))
            continue
        ref = probs if ref is None else ref
        agree = float((probs.argmax(1) == ref.argmax(1)).mean())
        diff = float(np.abs(probs[:, 2] - ref[:, 2]).max())
        trials.append(Trial(name, len(pairs) / best, agree, diff))
        log.info("runtime %s: %.1f pairs/s, labels = fp32 on %.3f, max dP(c) %.3f",
                 name, len(pairs) / best, agree, diff)  # fmt: skip
    return trials


def measured_choice(cpu: str, digest: str, names: list[str],
                    build: Callable[[str], object]) -> tuple[str, dict]:  # fmt: skip
    """(precision, record): the cached measurement for this CPU and weights, or a new one
    (written to the cache when it can be)."""
    path = cache_file(cpu, digest)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("candidates") == names:
            return record["chosen"], record
    except (OSError, ValueError, KeyError):
        pass
    trials = measure(build, names)
    chosen = pick(trials).precision
    record = {"cpu": cpu, "weights": digest, "candidates": names, "chosen": chosen,
              "tolerance": TOLERANCE, "trials": [asdict(t) for t in trials]}  # fmt: skip
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, indent=2), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # the cache is a convenience
        log.info("runtime measurement not cached (%s)", exc)
    return chosen, record


def measuring_enabled() -> bool:
    return os.environ.get("CLAIMS_NLI_MEASURE", "1").lower() not in ("0", "false", "no")
