"""Evaluate an NLI model on the shared evaluation data and print a markdown table.

Usage: python bench/eval_nli.py [--nli-model NAME|PATH] [--limit N] [--split test|dev]
                                [--evaldata DIR] [--precision auto|fp32|bf16|int8]
``--split test`` gives the figures to report (SNLI test, RTE-3 test, ANLI dev r1-r3, Stanford
negation, climate-fever); ``--split dev`` the figures used for choosing (held-out slices of
SNLI/RTE-3 dev that training did not see, MNLI dev sample, FEVER-symmetric dev). Both end with
pairs/s on claim-length pairs, scored in both directions as ``NLIScorer`` does.
Sets whose files are absent are skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.detect.nli.model import LABELS, NLIModel, NLIScorer, load_nli_model  # noqa: E402
from claims.types import ClaimView  # noqa: E402
from training.train_nli import CONFIG, detok, split_dev  # noqa: E402

Rows = list[dict]


def read_jsonl(path: Path) -> Rows:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def three_way(rel: str, tidy: bool = False) -> Callable[[Path], Rows]:
    def load(root: Path) -> Rows:
        rows = read_jsonl(root / rel)
        if tidy:
            rows = [
                {**r, "premise": detok(r["premise"]), "hypothesis": detok(r["hypothesis"])}
                for r in rows
            ]
        return rows

    return load


def dev_holdout(rel: str, holdout: int, tidy: bool = False) -> Callable[[Path], Rows]:
    """The slice of a dev file that train_nli.py held out of training."""

    def load(root: Path) -> Rows:
        return split_dev(three_way(rel, tidy)(root), holdout, CONFIG.seed)[1]

    return load


def stanford(name: str) -> Callable[[Path], Rows]:
    def load(root: Path) -> Rows:
        rows = read_jsonl(root / "contradiction/stanford_contradiction_partial" / name)
        return [
            {
                "premise": r["text"],
                "hypothesis": r["hypothesis"],
                "label": "contradiction" if r["contradiction"] == "YES" else "other",
            }
            for r in rows
        ]

    return load


def climate_fever(root: Path) -> Rows:
    """Claim-evidence sentence pairs labelled SUPPORTS/REFUTES (NEI left out)."""
    rows = []
    for claim in read_jsonl(root / "contradiction/climate_fever/climate-fever.jsonl"):
        for ev in claim["evidences"]:
            if ev["evidence_label"] in ("SUPPORTS", "REFUTES"):
                rows.append(
                    {
                        "premise": ev["evidence"],
                        "hypothesis": claim["claim"],
                        "label": "contradiction" if ev["evidence_label"] == "REFUTES" else "other",
                    }
                )
    return rows


def fever_symmetric(root: Path) -> Rows:
    rows = read_jsonl(root.parent / "nli/heldout/fever_symmetric_dev.jsonl")
    return [{**r, "label": r["label"] if r["label"] == "contradiction" else "other"} for r in rows]


def mnli_sample(root: Path) -> Rows:
    return read_jsonl(root.parent / "nli/heldout/mnli_dev_sample.jsonl")


# (name, loader, three-way?) ; binary sets count "contradiction" against everything else
TEST_SETS: list[tuple[str, Callable[[Path], Rows], bool]] = [
    ("SNLI test", three_way("contradiction/snli/snli_1.0_test_labeled_tok.jsonl", True), True),
    ("RTE-3 test (3-way)", three_way("contradiction/rte3_3way_en/rte3_test_3way_en.jsonl"), True),
    ("ANLI r1 dev", three_way("contradiction/anli/anli_r1_dev.jsonl"), True),
    ("ANLI r2 dev", three_way("contradiction/anli/anli_r2_dev.jsonl"), True),
    ("ANLI r3 dev", three_way("contradiction/anli/anli_r3_dev.jsonl"), True),
    ("Stanford negated RTE2 A", stanford("negated_rte2_setA_102pairs_with_task_attr.jsonl"), False),
    ("Stanford negated RTE2 B", stanford("negated_rte2_setB_797pairs.jsonl"), False),
    ("Stanford real negation", stanford("real_contradiction_negation_subset.jsonl"), False),
    ("climate-fever (S/R evidence)", climate_fever, False),
]
DEV_SETS: list[tuple[str, Callable[[Path], Rows], bool]] = [
    (
        "SNLI dev held-out",
        dev_holdout(
            "contradiction/snli/snli_1.0_dev_labeled_tok.jsonl", CONFIG.snli_dev_holdout, True
        ),
        True,
    ),
    (
        "RTE-3 dev held-out",
        dev_holdout("contradiction/rte3_3way_en/rte3_dev_3way_en.jsonl", CONFIG.rte3_dev_holdout),
        True,
    ),
    ("MNLI dev sample", mnli_sample, True),
    ("FEVER-symmetric dev", fever_symmetric, False),
]


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


def claim_pairs(root: Path, n: int = 512) -> list[tuple[str, str]]:
    """Claim-length (15-35 word) sentence pairs from RTE-3 test texts, fixed seed."""
    path = root / "contradiction/rte3_3way_en/rte3_test_3way_en.jsonl"
    sents = sorted(
        {
            s
            for r in read_jsonl(path)
            for s in re.split(r"(?<=[.!?])\s+", r["premise"])
            if 15 <= len(s.split()) <= 35
        }
    )
    rng = random.Random(7)
    return [(rng.choice(sents), rng.choice(sents)) for _ in range(n)]


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nli-model", default=None, help="name or path; default the shipped model")
    ap.add_argument("--evaldata", type=Path, default=REPO.parent / "shared" / "evaldata")
    ap.add_argument("--split", choices=("test", "dev"), default="test")
    ap.add_argument("--limit", type=int, default=0, help="first N rows of each set (0: all)")
    ap.add_argument("--max-length", type=int, default=128, help="tokens per pair at inference")
    ap.add_argument("--precision", choices=("auto", "fp32", "bf16", "int8"), default="auto")
    args = ap.parse_args()
    if not args.evaldata.exists():
        print(f"evaluation data not found at {args.evaldata}; nothing to do (give --evaldata)")
        return
    model = load_nli_model(args.nli_model, precision=args.precision, max_length=args.max_length)
    print(f"model {model.model_id} ({model.path}), precision {model.precision}\n")
    print("| set | n | accuracy | contradiction P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, load, three in TEST_SETS if args.split == "test" else DEV_SETS:
        try:
            rows = load(args.evaldata)
        except FileNotFoundError as exc:
            print(f"| {name} | skipped: {Path(exc.filename).name} absent | | | | |")
            continue
        rows = rows[: args.limit] if args.limit else rows
        probs = model.predict([(r["premise"], r["hypothesis"]) for r in rows])
        f = figures(probs, rows, three)
        kind = "" if three else " (binary)"
        print(
            f"| {name}{kind} | {len(rows)} | {f['acc']:.3f} | {f['p']:.3f} | {f['r']:.3f} "
            f"| {f['f1']:.3f} |",
            flush=True,
        )
    try:
        pairs = claim_pairs(args.evaldata)
    except FileNotFoundError:
        return
    rate, scorer_rate = throughput(model, pairs)
    print(
        f"\nclaim pairs/s, {len(pairs)} pairs of 15-35 words, both directions, batch 64: "
        f"model {rate:.0f} ({2 * rate:.0f} forward passes/s), NLIScorer {scorer_rate:.0f}"
    )


if __name__ == "__main__":
    main()
