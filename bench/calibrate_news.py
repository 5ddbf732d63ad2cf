"""Choose the NLI view, the combiner and the flag threshold on the news dev split, with
leave-one-story-out cross-validation.

Usage: python bench/calibrate_news.py --traces FILE [--split dev] [--cache DIR]
                                      [--min-precision 0.9] [--C 0.03,0.1,0.3,1]

Why: the dev split has 80 contradictions in 10 stories; a combiner or threshold fitted on
all of it and judged on it flatters itself. Every choice here is made on 9 stories and
judged on the 10th, and the held-out figures are pooled.

The labelled sentences are framed and scored as ``bench/eval_news.py --spans`` does, both
directions, for each view (``Settings.nli_view``). ``--traces`` is the ``--json`` of an
``eval_news.py`` run on the same split: it says which labelled pairs reach the scorer in the
pipeline, and the factor (``pair_confidence``) their score is multiplied by there, so a
threshold is judged on what the pipeline would flag. Printed, per view:
- ROC AUC of contradictions against near-misses on the spans, the shipped combiner (or
  ``--combiner``);
- the same, held out, for a logistic combiner refitted on the other stories (per C);
- pipeline precision and recall, held out, of each combiner with its threshold chosen on
  the other stories (``choose``): the most recall at ``--min-precision`` (the issue's
  target), else the most precision.
- the threshold ``choose`` picks on the whole split, with its P/R there (in-sample).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.news_eval.data import load_pairs  # noqa: E402
from bench.news_eval.spans import roc_auc, span_views  # noqa: E402
from claims.config import NLI_VIEWS, Tuning  # noqa: E402
from claims.detect.cues import find_cues  # noqa: E402
from claims.detect.nli import Combiner, features, load_nli_model  # noqa: E402
from claims.detect.nli.scorer import read  # noqa: E402
from training.model_cache import CachedModel  # noqa: E402

GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)


def swapped(x: np.ndarray) -> np.ndarray:
    """The features of the pairs read the other way round."""
    return x[:, [1, 0, 3, 2, *range(4, x.shape[1])]]


def refit(x: np.ndarray, y: np.ndarray, c: float) -> Combiner:
    """A logistic combiner fitted on both orders of the pairs (symmetric, like the shipped)."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=5000).fit(np.vstack([x, swapped(x)]), np.r_[y, y])
    return Combiner(tuple(float(v) for v in lr.coef_[0]), float(lr.intercept_[0]), f"C={c}")


def counts(score: np.ndarray, y: np.ndarray, keep: np.ndarray, t: float) -> tuple[int, int, int]:
    """(true flags, false flags, contradictions) among ``keep`` at threshold ``t``."""
    flag = (score >= t) & keep
    return int((flag & y).sum()), int((flag & ~y).sum()), int((y & keep).sum())


def choose(score: np.ndarray, y: np.ndarray, keep: np.ndarray, min_p: float) -> float:
    """The threshold of most recall (then precision) among those reaching ``min_p`` precision
    on ``keep`` (else of most precision); the middle of the thresholds that tie, so that it
    sits between the scores of the pairs it tells apart, not on one of them."""
    keys = []
    for t in GRID:
        tp, fp, n = counts(score, y, keep, t)
        p = tp / (tp + fp) if tp + fp else 0.0
        keys.append((1.0, tp / max(n, 1), p) if p >= min_p else (0.0, p, 0.0))
    best = max(keys)
    ties = [float(t) for t, k in zip(GRID, keys, strict=True) if k == best]
    return ties[len(ties) // 2]


def held_out(
    x: np.ndarray,
    y: np.ndarray,
    story: np.ndarray,
    factor: np.ndarray,
    c: float | None,
    min_p: float,
    base: Combiner,
) -> dict:
    """Leave one story out: span AUC, and pipeline P/R at the threshold chosen without it
    (of ``base``, or of a combiner refitted without the story at C ``c``)."""
    span = np.zeros(len(y))
    tp = fp = n = 0
    chosen = []
    for s in np.unique(story):
        train, test = story != s, story == s
        comb = base if c is None else refit(x[train], y[train], c)
        sc = (comb(x) + comb(swapped(x))) / 2
        span[test] = sc[test]
        t = choose(sc * factor, y, train & (factor > 0), min_p)
        chosen.append(t)
        a, b, _ = counts(sc * factor, y, test & (factor > 0), t)
        tp, fp, n = tp + a, fp + b, n + int((y & test).sum())
    return {
        "span_auc": roc_auc(span[y], span[~y]),
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / n,
        "flags": f"{tp} of {tp + fp}",
        "thresholds": (min(chosen), max(chosen)),
    }


def pipeline_factor(traces_file: Path, ids: list[str]) -> np.ndarray:
    """Per labelled pair: its pipeline score over its verdict score, 0 where not flaggable."""
    traces = {t["id"]: t for t in json.loads(traces_file.read_text())["traces"]}
    out = np.zeros(len(ids))
    for i, pid in enumerate(ids):
        t = traces[pid]
        if t["score"] is not None and not t["unrelated"] and t["verdict_score"]:
            out[i] = t["score"] / t["verdict_score"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--traces", type=Path, required=True, help="eval_news.py --json of the split")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--cache", type=Path, help="the NLI model's outputs kept in this folder")
    ap.add_argument("--min-precision", type=float, default=0.9)
    ap.add_argument("--C", default="0.03,0.1,0.3,1")
    ap.add_argument("--combiner", type=Path, help="a fitted combiner JSON; default shipped")
    args = ap.parse_args()
    pairs = load_pairs(args.split)
    views = span_views(pairs)
    model = load_nli_model()
    model = CachedModel(model, args.cache) if args.cache else model
    y = np.array([p.is_contradiction for p in pairs])
    story = np.array([p.story for p in pairs])
    factor = pipeline_factor(args.traces, [p.id for p in pairs])
    cues = [find_cues(a.text, b.text) for a, b in views]
    reach = int((factor > 0).sum())
    print(f"{args.split}: {len(pairs)} pairs, {int(y.sum())} contradictions, "
          f"{reach} flaggable in the pipeline; model {model.model_id}")  # fmt: skip
    print(
        "| view | combiner | span AUC | held-out span AUC | held-out P | R | flags | thresholds |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|")
    chosen: list[str] = []
    base = Combiner.load(args.combiner) if args.combiner else Combiner.load()
    today = Tuning().flag_threshold
    for view in NLI_VIEWS:
        ab = model.predict([(read(a, view), read(b, view)) for a, b in views])
        ba = model.predict([(read(b, view), read(a, view)) for a, b in views])
        x = features(ab, ba, cues)
        whole = base(x)
        t = choose(whole * factor, y, factor > 0, args.min_precision)
        tp, fp, n = counts(whole * factor, y, factor > 0, t)
        chosen.append(f"{view}: threshold {t:.2f}, P {tp / max(tp + fp, 1):.2f} "
                      f"({tp} of {tp + fp}), R {tp / int(y.sum()):.2f}")  # fmt: skip
        tp, fp, n = counts(whole * factor, y, factor > 0, today)
        chosen.append(f"{view}: today's threshold {today:.2f}, P {tp / max(tp + fp, 1):.2f} "
                      f"({tp} of {tp + fp}), R {tp / int(y.sum()):.2f}")  # fmt: skip
        for c in [None, *(float(v) for v in args.C.split(","))]:
            r = held_out(x, y, story, factor, c, args.min_precision, base)
            name = base.version if c is None else f"refit C={c:g}"
            auc = f"{roc_auc(whole[y], whole[~y]):.3f}" if c is None else "–"
            p = "–" if r["precision"] is None else f"{r['precision']:.2f}"
            lo, hi = r["thresholds"]
            print(f"| {view} | {name} | {auc} | {r['span_auc']:.3f} | {p} | {r['recall']:.2f} "
                  f"| {r['flags']} | {lo:.2f}..{hi:.2f} |")  # fmt: skip
    print(f"\n{base.version}: the threshold chosen on the whole split (in-sample), and today's:")
    print("\n".join(f"- {line}" for line in chosen))


if __name__ == "__main__":
    main()
