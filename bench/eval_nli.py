"""Evaluate an NLI model on the shared evaluation data and print a markdown table.

Usage: python bench/eval_nli.py [--nli-model NAME|PATH] [--limit N] [--split test|dev|issue]
                                [--evaldata DIR] [--precision auto|fp32|bf16|...] [--no-speed]
                                [--baseline fp32]
``--split issue`` gives the four sets issue 24 reports for every model (SNLI test first 2k,
MNLI dev sample, RTE-3 test, FEVER-symmetric test). ``--split test`` gives the figures to
report (SNLI test, RTE-3 test, ANLI dev r1-r3, Stanford negation, climate-fever);
``--split dev`` the figures used for choosing (held-out slices of SNLI/RTE-3 dev that
training did not see, MNLI dev sample, FEVER-symmetric dev). All end with pairs/s on
claim-length pairs, scored in both directions as ``NLIScorer`` does (``--no-speed``: not).
``--precision`` may name several runtimes (``bf16,int8s``). ``--baseline fp32`` evaluates that
runtime too and prints each figure's difference from it in points (whether a faster runtime
holds the dev figures). Sets whose files are absent are skipped with a message. The sets and
their loaders are in training/evaldata.py, shared with the training scripts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.detect.nli import LABELS, NLIModel, NLIScorer, load_nli_model  # noqa: E402
from claims.detect.nli.long import predict_by_sentence  # noqa: E402
from claims.detect.nli.model import PRECISIONS  # noqa: E402
from claims.types import ClaimView  # noqa: E402
from training.evaldata import (  # noqa: E402
    DEV_SETS,
    EVALDATA,
    ISSUE_SETS,
    TEST_SETS,
    Rows,
    claim_pairs,
)


def figures(probs: np.ndarray, rows: Rows, three: bool) -> dict[str, float]:
    pred_c = probs.argmax(1) == 2
    gold_c = np.array([r["label"] == "contradiction" for r in rows])
    if three:
        gold = np.array([LABELS.index(r["label"]) for r in rows])
        acc = float((probs.argmax(1) == gold).mean())
    else:
        acc = float((pred_c == gold_c).mean())
    tp = int((pred_c & gold_c).sum())
    p, r = tp / max(1, int(pred_c.sum())), tp / max(1, int(gold_c.sum()))
    return {"acc": acc, "p": p, "r": r, "f1": 2 * p * r / max(1e-9, p + r)}


def throughput(model: NLIModel, pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """Claim pairs per second: the model alone (both directions, one batched call), and the
    whole NLIScorer (the same plus explicit cues and the combiner)."""
    both = pairs + [(b, a) for a, b in pairs]
    model.predict(both[:64])  # warm-up
    t0 = time.perf_counter()
    model.predict(both, batch_size=64)
    t1 = time.perf_counter()
    views = [(ClaimView(2 * i, a, 1), ClaimView(2 * i + 1, b, 2)) for i, (a, b) in enumerate(pairs)]
    NLIScorer(model).score(views)
    t2 = time.perf_counter()
    return len(pairs) / (t1 - t0), len(pairs) / (t2 - t1)


def evaluate(model: NLIModel, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Figures of each set of ``args.split`` (absent sets: a message, no figures)."""
    sets = {"test": TEST_SETS, "dev": DEV_SETS, "issue": ISSUE_SETS}[args.split]
    out = {}
    for name, load, three in sets:
        try:
            rows = load(args.evaldata)
        except FileNotFoundError as exc:
            print(f"| {name} | skipped: {Path(exc.filename).name} absent | | | | |")
            continue
        rows = rows[: args.limit] if args.limit else rows
        pairs = [(r["premise"], r["hypothesis"]) for r in rows]
        probs = predict_by_sentence(model, pairs) if args.by_sentence else model.predict(pairs)
        out[name + ("" if three else " (binary)")] = figures(probs, rows, three) | {"n": len(rows)}
    return out


def print_table(got: dict[str, dict[str, float]], base: dict[str, dict[str, float]]) -> None:
    """The figures; with a baseline, each followed by its difference in points."""
    cols = ("acc", "p", "r", "f1")

    def cell(name: str, col: str) -> str:
        text = f"{got[name][col]:.3f}"
        if name in base:
            text += f" ({100 * (got[name][col] - base[name][col]):+.1f})"
        return text

    print("| set | n | accuracy | contradiction P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in got:
        print(
            f"| {name} | {got[name]['n']:.0f} | " + " | ".join(cell(name, c) for c in cols) + " |"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nli-model", default=None, help="name or path; default the shipped model")
    ap.add_argument("--evaldata", type=Path, default=EVALDATA)
    ap.add_argument("--split", choices=("test", "dev", "issue"), default="test")
    ap.add_argument("--no-speed", action="store_true", help="skip the pairs/s line")
    ap.add_argument("--limit", type=int, default=0, help="first N rows of each set (0: all)")
    ap.add_argument("--max-length", type=int, default=128, help="tokens per pair at inference")
    ap.add_argument("--precision", default="auto", help=f"one or several (a,b) of {PRECISIONS}")
    ap.add_argument(
        "--baseline", default=None, choices=PRECISIONS, help="also this one: differences in points"
    )
    ap.add_argument(
        "--by-sentence",
        action="store_true",
        help="read each premise sentence by sentence (the decisive one counts)",
    )
    args = ap.parse_args()
    if not args.evaldata.exists():
        print(f"evaluation data not found at {args.evaldata}; nothing to do (give --evaldata)")
        return
    base: dict[str, dict[str, float]] = {}
    if args.baseline:
        ref = load_nli_model(args.nli_model, precision=args.baseline, max_length=args.max_length)
        base = evaluate(ref, args)
        print(f"baseline {ref.model_id}: the differences in points follow each figure")
    for precision in args.precision.split(","):  # one baseline for several runtimes
        model = load_nli_model(args.nli_model, precision=precision, max_length=args.max_length)
        print(f"\nmodel {model.model_id} ({model.path}), precision {model.precision}\n")
        print_table(evaluate(model, args), base)
    try:
        pairs = claim_pairs(args.evaldata)
    except FileNotFoundError:
        return
    if args.no_speed:
        return
    rate, scorer_rate = throughput(model, pairs)
    print(
        f"\nclaim pairs/s, {len(pairs)} pairs of 15-35 words, both directions, batch 64: "
        f"model {rate:.0f} ({2 * rate:.0f} forward passes/s), NLIScorer {scorer_rate:.0f}"
    )


if __name__ == "__main__":
    main()
