"""Where should "entails both ways" start? The floor of ``PARAPHRASE_ENTAIL`` on dev data.

A scored pair whose lower P(entailment) of the two directions reaches the floor is recorded
as corroborating sources and never flagged (``claims.detect.corroborate.paraphrase``). This
prints, per floor, the share of STS-B pairs rated equivalent (score >= 4.5: paraphrases)
that the floor calls paraphrases, of STS-B pairs rated unrelated or only on one topic
(score <= 2), and of contradictions in the SNLI dev rows held out of training: the last two
must stay near zero. The shipped model reads each pair both ways, as the scorer does.
Dev splits only (STS-B dev, SNLI dev held-out); ``--split test`` reads STS-B test, to
report. Prints markdown.

Usage: python bench/eval_paraphrase.py [--split dev|test] [--limit 1500] [--genre news]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.detect.corroborate import PARAPHRASE_ENTAIL  # noqa: E402
from claims.detect.nli import load_nli_model  # noqa: E402
from training.evaldata import (  # noqa: E402
    EVALDATA,
    SNLI_DEV,
    SNLI_DEV_HOLDOUT,
    dev_holdout,
)

FLOORS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 0.9)


def stsb(
    split: str, limit: int, genre: str | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(paraphrases: score >= 4.5, unrelated: score <= 2) of STS-B ``split`` (one genre:
    "news", "captions", "forums", or all)."""
    path = EVALDATA / "similarity/stsb" / f"sts-{split}.csv"
    same, other = [], []
    with path.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7 or (genre and row[0] != f"main-{genre}"):
                continue
            score, pair = float(row[4]), (row[5], row[6])
            if score >= 4.5:
                same.append(pair)
            elif score <= 2.0:
                other.append(pair)
    return same[:limit], other[:limit]


def both_ways(model, pairs: list[tuple[str, str]]) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The lower P(entailment) of the two directions, per pair."""
    ab = model.predict(pairs, 64)[:, 0]
    ba = model.predict([(b, a) for a, b in pairs], 64)[:, 0]
    return np.minimum(ab, ba)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--limit", type=int, default=1500, help="pairs per group at most")
    ap.add_argument("--genre", choices=("news", "captions", "forums"), help="STS-B genre only")
    args = ap.parse_args(argv)
    if not (EVALDATA / "similarity/stsb").is_dir():
        sys.exit(f"no STS-B under {EVALDATA}; nothing to measure")
    model = load_nli_model()
    same, other = stsb(args.split, args.limit, args.genre)
    snli = dev_holdout(SNLI_DEV, SNLI_DEV_HOLDOUT, True)(EVALDATA)
    contra = [(r["premise"], r["hypothesis"]) for r in snli if r["label"] == "contradiction"]
    where = f" {args.genre}" if args.genre else ""
    groups = {
        f"STS-B {args.split}{where} >= 4.5 (paraphrase)": both_ways(model, same),
        f"STS-B {args.split}{where} <= 2 (not one proposition)": both_ways(model, other),
        "SNLI dev held-out contradictions": both_ways(model, contra[: args.limit]),
    }
    print(f"## Entails both ways: share of pairs at or above each floor ({model.model_id})\n")
    print("| group | pairs | median | " + " | ".join(f">= {f:g}" for f in FLOORS) + " |")
    print("|---|---:|---:|" + "---:|" * len(FLOORS))
    for name, low in groups.items():
        cells = " | ".join(f"{float((low >= f).mean()):.3f}" for f in FLOORS)
        print(f"| {name} | {len(low)} | {float(np.median(low)):.3f} | {cells} |")
    print(f"\nfloor in use: PARAPHRASE_ENTAIL = {PARAPHRASE_ENTAIL:g}")


if __name__ == "__main__":
    main()
