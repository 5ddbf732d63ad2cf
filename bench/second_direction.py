"""May the second NLI direction be skipped more often than the exact bound allows?

``NLIScorer`` scores the second direction only where the first leaves the verdict open (an
exact bound on the combiner: no score changes). This measures a looser rule, one direction
only where the first direction's contradiction probability is below ``tau`` and no cue fired:
on the public dev sets, the share of pairs that still need the second pass and how many flags
at 0.5 change; with ``--news``, the news dev split end to end (``bench/eval_news.py``) at each
``tau``. Dev splits only. Prints markdown.

Usage: python bench/second_direction.py [--limit 600] [--taus 0.03,0.1,0.2] [--news]
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.detect.cues import find_cues  # noqa: E402
from claims.detect.nli import load_nli_model  # noqa: E402
from claims.detect.nli.combiner import Combiner, features  # noqa: E402
from training.evaldata import DEV_SETS, EVALDATA  # noqa: E402


def precision_recall(pred: np.ndarray, gold: np.ndarray) -> str:
    tp = int((pred & gold).sum())
    return f"{tp / max(1, int(pred.sum())):.3f} / {tp / max(1, int(gold.sum())):.3f}"


def public_dev(limit: int, taus: list[float]) -> None:
    """Per dev set and tau: second passes needed, flags changed, P/R of 'contradiction'."""
    model, combine = load_nli_model(), Combiner.load()
    print("| set | pairs | both ways P / R | " + " | ".join(f"tau {t}" for t in taus) + " |")
    print("|---|---:|---|" + "---|" * len(taus))
    for name, load, _ in DEV_SETS:
        rows = load(EVALDATA)[:limit]
        pairs = [(r["premise"], r["hypothesis"]) for r in rows]
        gold = np.array([r["label"] == "contradiction" for r in rows])
        ab = model.predict(pairs, 32)
        ba = model.predict([p[::-1] for p in pairs], 32)
        cues = [find_cues(a, b) for a, b in pairs]
        full = combine(features(ab, ba, cues)) >= 0.5
        has_cue = np.array([bool(c) for c in cues])
        cells = []
        for tau in taus:
            need = has_cue | (ab[:, 2] >= tau)
            loose = combine(features(ab, np.where(need[:, None], ba, ab), cues)) >= 0.5
            cells.append(
                f"2nd pass {need.mean():.2f}, {int((loose != full).sum())} flags changed, "
                f"P / R {precision_recall(loose, gold)}"
            )
        print(f"| {name} | {len(rows)} | {precision_recall(full, gold)} | " + " | ".join(cells))


def news_dev(tau: float) -> None:
    """bench/eval_news.py --split dev with the looser rule at ``tau`` (0: the exact bound)."""
    from claims.detect.nli import scorer

    exact_open = scorer.NLIScorer._open

    def loose_open(self: scorer.NLIScorer, ab: np.ndarray, cues: list) -> np.ndarray:
        has_cue = np.array([bool(c) for c in cues], dtype=bool)
        return exact_open(self, ab, cues) & ((ab[:, 2] >= tau) | has_cue)

    scorer.NLIScorer._open = loose_open  # type: ignore[method-assign]
    print(f"\n# news dev, tau {tau}\n", flush=True)
    sys.argv = ["bench/eval_news.py", "--split", "dev"]
    try:
        runpy.run_path(str(REPO / "bench" / "eval_news.py"), run_name="__main__")
    finally:
        scorer.NLIScorer._open = exact_open  # type: ignore[method-assign]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=600, help="pairs per dev set")
    ap.add_argument("--taus", default="0.03,0.1,0.2")
    ap.add_argument("--news", action="store_true", help="also the news dev split per tau")
    args = ap.parse_args()
    taus = [float(t) for t in args.taus.split(",")]
    public_dev(args.limit, taus)
    if args.news:
        for tau in [0.0, *taus]:
            news_dev(tau)


if __name__ == "__main__":
    main()
