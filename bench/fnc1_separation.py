"""Does the NLI scorer tell FNC-1 'disagree' from 'agree'? ROC AUC by the best body sentence.

    python bench/fnc1_separation.py [--nli-model NAME|PATH] [--precision auto|fp32|...]
                                    [--evaldata ../shared/evaldata] [--stances agree,disagree]

Each headline of the FNC-1 tracker sample (competition test: ``fnc1/tracker_sample``,
``sample.json`` rows with their ``news.jsonl`` bodies) is scored against every sentence of its
body (pysbd split), in both directions. A pair's score is the best over the body's sentences
of (a) the model's P(contradiction), the larger of the two directions, and (b) the shipped
``NLIScorer`` score (both directions, cues and combiner; headline and sentence as plain
unattributed claims). The ROC AUC of 'disagree' against 'agree' says how well that score
ranks disagreeing pairs above agreeing ones (0.5: chance); the counts at 0.5 say how many of
each class reach a flag somewhere in the body. Nothing is tuned here: it is a test figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from training.evaldata import EVALDATA  # noqa: E402

SAMPLE = "contradiction/fnc1/tracker_sample"


def roc_auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(a positive scores above a negative), ties counted half (Mann-Whitney U)."""
    if not len(pos) or not len(neg):
        return float("nan")
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def load_rows(evaldata: Path, stances: set[str]) -> tuple[list[dict], dict[str, str]]:
    """(sample rows of the wanted stances, body text by id)."""
    root = evaldata / SAMPLE
    sample = json.loads((root / "sample.json").read_text(encoding="utf-8"))
    bodies = {}
    with (root / "news.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                bodies[doc["id"]] = doc["text"]
    rows = [r for r in sample["rows"] if r["stance"] in stances]
    return rows, bodies


class Memo:
    """The model with its answers remembered: NLIScorer asks again for pairs scored above."""

    def __init__(self, model) -> None:  # noqa: ANN001
        self.model, self.model_id, self.seen = model, model.model_id, {}

    def predict(self, pairs, batch_size: int = 64) -> np.ndarray:  # noqa: ANN001
        todo = [p for p in dict.fromkeys(pairs) if p not in self.seen]
        if todo:
            self.seen.update(zip(todo, self.model.predict(todo, batch_size), strict=True))
        return np.array([self.seen[p] for p in pairs]).reshape(len(pairs), 3)


def best_scores(rows: list[dict], bodies: dict[str, str], model) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
    """Per row: best model P(contradiction) (max of both directions) and best NLIScorer
    score over the body's sentences."""
    from claims.detect.nli import NLIScorer
    from claims.detect.nli.long import premise_sentences
    from claims.types import ClaimView

    owner, pairs = [], []
    for n, row in enumerate(rows):
        for sent in premise_sentences(bodies[row["body"]]):
            if len(sent.split()) >= 3:
                owner.append(n)
                pairs.append((sent, row["headline"]))
    model = Memo(model)
    ab = model.predict(pairs)
    ba = model.predict([(h, s) for s, h in pairs])
    p_c = np.maximum(ab[:, 2], ba[:, 2])
    views = [(ClaimView(2 * i, s, 1), ClaimView(2 * i + 1, h, 2)) for i, (s, h) in enumerate(pairs)]
    scored = np.array([v.score for v in NLIScorer(model, settle_below=0.0).score(views)])
    best_p = np.zeros(len(rows))
    best_s = np.zeros(len(rows))
    np.maximum.at(best_p, owner, p_c)
    np.maximum.at(best_s, owner, scored)
    return best_p, best_s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nli-model", default=None, help="name or path; default the shipped model")
    ap.add_argument("--precision", default="auto")
    ap.add_argument("--evaldata", type=Path, default=EVALDATA)
    ap.add_argument("--stances", default="agree,disagree,discuss")
    args = ap.parse_args()
    if not (args.evaldata / SAMPLE / "sample.json").exists():
        print(f"FNC-1 tracker sample not found under {args.evaldata / SAMPLE}; nothing to do")
        return
    from bench.speed import cpu_name
    from claims.detect.nli import load_nli_model

    rows, bodies = load_rows(args.evaldata, set(args.stances.split(",")))
    model = load_nli_model(args.nli_model, precision=args.precision)
    t0 = time.perf_counter()
    best_p, best_s = best_scores(rows, bodies, model)
    wall = time.perf_counter() - t0
    stance = np.array([r["stance"] for r in rows])
    print(f"model {model.model_id}; cpu {cpu_name()}; {len(rows)} pairs in {wall:.0f} s\n")
    print("| score (best body sentence) | AUC disagree vs agree | disagree ≥ 0.5 | agree ≥ 0.5 "
          "| discuss ≥ 0.5 |")  # fmt: skip
    print("|---|---:|---:|---:|---:|")
    for name, best in (("model P(contradiction), max of both directions", best_p),
                       ("NLIScorer score (cues + combiner)", best_s)):  # fmt: skip
        auc = roc_auc(best[stance == "disagree"], best[stance == "agree"])
        hits = {k: f"{int((best[stance == k] >= 0.5).sum())}/{int((stance == k).sum())}"
                for k in ("disagree", "agree", "discuss")}  # fmt: skip
        print(f"| {name} | {auc:.3f} | {hits['disagree']} | {hits['agree']} "
              f"| {hits['discuss']} |")  # fmt: skip


if __name__ == "__main__":
    main()
