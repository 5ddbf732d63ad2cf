"""Fit the logistic combiner of NLI probabilities and explicit cues on DEV data only.

Why: the NLI model and the cues each miss contradictions the other catches; a small
logistic regression on dev pairs turns both into one calibrated score. Writes the
coefficients as JSON (no pickle) to claims/models/combiner.json.

Dev data: the held-out slices of SNLI dev and RTE-3 dev (train_nli.py never saw them), the
MNLI dev sample, FEVER-symmetric dev, and news-style edits (make_news_edits.py rules, another
seed) of premises from the heldout/ *_val and *_dev files, where the cues actually fire.
Usage: python training/fit_combiner.py [--nli-model PATH] [--precision P] [--evaldata DIR]
                                       [--out FILE] [--cache DIR]

The model runs in fp32 (``--precision``), so the fit does not depend on the runtime a CPU
measured fastest. ``--cache`` keeps the model's outputs on disk (``CachedModel`` of
training/model_cache.py), so a refit on the same pairs does not run the model again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.detect.cues import find_cues  # noqa: E402
from claims.detect.nli import (  # noqa: E402
    COMBINER_FILE,
    CUE_KINDS,
    FEATURES,
    features,
    load_nli_model,
)
from training.evaldata import DEV_SETS, EVALDATA, read_jsonl  # noqa: E402
from training.make_news_edits import good_sentence, make_pairs, split_sentences, tidy  # noqa: E402
from training.model_cache import CachedModel  # noqa: E402

log = logging.getLogger("fit_combiner")
EDIT_SOURCES = (
    "newprotocols_base_val.jsonl",
    "newprotocols_edit_premise_val.jsonl",
    "fever_symmetric_dev.jsonl",
    "conjnli_dev.jsonl",
)
SEED = 97  # not the training edits' seed: different edits of different sentences
C = 1.0  # inverse regularisation strength of the logistic regression
MIN_CUE_SUPPORT = 20  # dev pairs a cue kind must fire on to get a precision of its own


def dev_edits(evaldata: Path, n: int = 1500) -> list[dict]:
    docs = []
    for name in EDIT_SOURCES:
        path = evaldata.parent / "nli" / "heldout" / name
        if path.exists():
            for p in sorted({r["premise"] for r in read_jsonl(path)}):
                docs.append([s for s in map(tidy, split_sentences(p)) if good_sentence(s)])
    return list(make_pairs(docs, SEED, n))


def f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float((pred & gold).sum())
    return 2 * tp / max(1.0, float(pred.sum() + gold.sum()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nli-model", default=None)
    ap.add_argument("--evaldata", type=Path, default=EVALDATA)
    ap.add_argument("--out", type=Path, default=COMBINER_FILE)
    # fp32, not the runtime this CPU measured fastest: the fit must not depend on the machine
    ap.add_argument("--precision", default="fp32", help="the model's runtime (load_nli_model)")
    ap.add_argument("--cache", type=Path, help="keep the model's outputs in this folder")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from sklearn.linear_model import LogisticRegression

    model = load_nli_model(args.nli_model, precision=args.precision)
    if args.cache:
        model = CachedModel(model, args.cache)
    sets: dict[str, list[dict]] = {}
    for name, load, _three in DEV_SETS:
        try:
            sets[name] = load(args.evaldata)
        except FileNotFoundError as exc:
            log.warning("%s absent, skipped", exc.filename)
    sets["news edits (dev premises)"] = dev_edits(args.evaldata)
    sets = {name: rows for name, rows in sets.items() if rows}
    if not sets:
        raise SystemExit(f"no dev data under {args.evaldata} (set CLAIMS_SHARED)")
    xs, ys, ws, names = [], [], [], []
    for name, rows in sets.items():
        pairs = [(r["premise"], r["hypothesis"]) for r in rows]
        probs = model.predict(pairs + [(b, a) for a, b in pairs])
        x = features(probs[: len(rows)], probs[len(rows) :], [find_cues(a, b) for a, b in pairs])
        y = np.array([r["label"] == "contradiction" for r in rows])
        xs.append(x)
        ys.append(y)
        ws.append(np.full(len(rows), 1000.0 / len(rows)))  # each source counts alike
        names += [name] * len(rows)
        log.info(
            "%-28s n=%5d contradictions=%d cue fired=%d",
            name,
            len(rows),
            int(y.sum()),
            int((x[:, 4:] > 0).any(1).sum()),
        )
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    # Claim pairs have no premise side: fit on both orders so the score is symmetric.
    swapped = x[:, [1, 0, 3, 2, *range(4, x.shape[1])]]
    lr = LogisticRegression(C=C, max_iter=2000).fit(
        np.vstack([x, swapped]), np.concatenate([y, y]), sample_weight=np.concatenate([w, w])
    )
    score = lr.predict_proba(x)[:, 1]
    figs = {}
    src = np.array(names)
    for name in sets:
        m = src == name
        base = x[m, 0] >= 0.5  # plain NLI: premise -> hypothesis, p(contradiction)
        figs[name] = {
            "n": int(m.sum()),
            "f1_nli_only": round(f1(base, y[m]), 3),
            "f1_combined": round(f1(score[m] >= 0.5, y[m]), 3),
        }
        log.info(
            "%-28s contradiction F1 (in-sample): NLI a->b %.3f  combined %.3f",
            name,
            figs[name]["f1_nli_only"],
            figs[name]["f1_combined"],
        )
    coef = [round(float(c), 5) for c in lr.coef_[0]]
    intercept = round(float(lr.intercept_[0]), 5)
    # Per cue kind: how often a pair it fires on (strength >= 0.5) is a contradiction,
    # add-one smoothed. The regression cannot weigh a feature that is almost always zero.
    # A kind seen on fewer than MIN_CUE_SUPPORT dev pairs backs off to all cues pooled.
    precision, support = {}, {}
    any_cue = (x[:, 4:] >= 0.5).any(axis=1)
    pooled = (float(y[any_cue].sum()) + 1.0) / (float(any_cue.sum()) + 2.0)
    for i, kind in enumerate(CUE_KINDS):
        fired = x[:, 4 + i] >= 0.5
        support[kind] = int(fired.sum())
        own = (float(y[fired].sum()) + 1.0) / (support[kind] + 2.0)
        precision[kind] = round(own if support[kind] >= MIN_CUE_SUPPORT else pooled, 4)
    log.info("cue precision on dev %s (support %s)", precision, support)
    out = {
        "features": list(FEATURES),
        "coef": coef,
        "intercept": intercept,
        "version": "comb-"
        + hashlib.sha256(repr((coef, intercept, precision)).encode()).hexdigest()[:8],
        "cue_precision": precision,
        "cue_support": support,
        "model": model.model_id,
        "fitted_on": list(sets),
        "note": "figures are in-sample (the combiner was fitted on these pairs)",
        "C": C,
        "dev_figures_threshold_0.5": figs,
    }
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    log.info("coefficients %s", dict(zip(FEATURES, out["coef"], strict=True)))
    log.info("wrote %s", args.out)


if __name__ == "__main__":
    main()
