"""Contradictions between real news headlines and bodies (an FNC-1 sample).

Usage: python bench/eval_fnc1.py [--threshold X] [--json FILE] [--trace] [--nli-model DIR]

``../shared/evaldata/contradiction/fnc1/tracker_sample/news.jsonl`` (40 FNC-1 bodies and
175 headlines, each an article of its own) is ingested into a temporary store through the
real default stages (threshold 0, so every pair the guards let through is kept with its
score), then ``sample.json``'s labelled (headline, body) rows are read. Printed: recall on
'disagree' rows (a flag at the threshold links a claim of the headline to one of its
body), the false-flag rate on 'agree', 'discuss' and 'unrelated' rows, the precision of
headline-to-body flags (flagged labelled rows that are 'disagree'), and pairs scored per
claim. ``--trace`` adds where each labelled row stops: the furthest stage any pair of a
headline claim and a body claim reached. Nothing is tuned on it: it is test data for the
whole pipeline.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.news_eval.run import Run, run_pipeline  # noqa: E402
from claims.config import Settings, Tuning  # noqa: E402
from claims.detect.guards import pair_confidence  # noqa: E402

SAMPLE = Path("/work/shared/evaldata/contradiction/fnc1/tracker_sample")
for candidate in (REPO.parent / "shared", REPO.parent.parent / "shared"):
    if (candidate / "evaldata/contradiction/fnc1/tracker_sample").is_dir():
        SAMPLE = candidate / "evaldata/contradiction/fnc1/tracker_sample"
        break
STANCES = ("disagree", "agree", "discuss", "unrelated")
STAGES = (
    "no claim",
    "other story",
    "not a candidate",  # unaligned, or past the per-claim cap on both sides
    "corroborating",
    "scored < threshold",
    "model only, held back",
    "flagged",
)


def _stage(run: Run, a: int, b: int, threshold: float, flags: dict, views: dict) -> int:
    """How far the pair of claim ids ``a``, ``b`` got (an index of ``STAGES``)."""
    key = (min(a, b), max(a, b))
    if run.story.get(a) is None or run.story.get(a) != run.story.get(b):
        return 1
    if key in run.corroborations:
        return 3
    verdict = run.verdicts.verdicts.get(key)
    if verdict is None:
        return 2
    if key in flags:
        return 6 if flags[key] >= threshold else 4
    score = verdict.score * pair_confidence(views[key[0]], views[key[1]])[0]
    return 5 if score >= threshold else 4


def trace(run: Run, article: dict[int, str], rows: list[dict], threshold: float) -> dict:
    """Per stance, how many labelled rows stop at each stage."""
    claims_of: dict[str, list[int]] = {}
    for claim_id, art in article.items():
        claims_of.setdefault(art, []).append(claim_id)
    flags = {
        (min(f.claim_a.id, f.claim_b.id), max(f.claim_a.id, f.claim_b.id)): f.score
        for f in run.flags
    }
    views = {v.id: v for v in run.views}
    out = {s: Counter() for s in STANCES}
    for row in rows:
        heads, bodies = claims_of.get(row["head"], []), claims_of.get(row["body"], [])
        reached = max(
            (_stage(run, h, b, threshold, flags, views) for h in heads for b in bodies),
            default=0,
        )
        out[row["stance"]][STAGES[reached]] += 1
    return {s: {stage: c[stage] for stage in STAGES} for s, c in out.items()}


def evaluate(
    threshold: float,
    workdir: Path,
    nli_model: str | None = None,
    model_alignment: float = Tuning().model_alignment,
) -> dict:
    news = SAMPLE / "news.jsonl"
    ids = [json.loads(line)["id"] for line in news.read_text(encoding="utf-8").splitlines()]
    sample = json.loads((SAMPLE / "sample.json").read_text(encoding="utf-8"))
    settings = Settings(  # settles at the threshold it is run with
        db=str(workdir / "fnc1.db"),
        flag_threshold=threshold,
        nli_model=nli_model,
        model_alignment=model_alignment,
    )
    run = run_pipeline([news], settings, date(2016, 1, 2))
    article = {}  # claim id -> article id of news.jsonl
    for claim in run.claims:
        article[claim.id] = ids[claim.source.line - 1]
    linked: Counter[frozenset[str]] = Counter()
    for flag in run.flags:
        if flag.score >= threshold:
            linked[frozenset((article[flag.claim_a.id], article[flag.claim_b.id]))] += 1
    rows: dict[str, list[bool]] = {s: [] for s in STANCES}
    for row in sample["rows"]:
        rows[row["stance"]].append(bool(linked[frozenset((row["head"], row["body"]))]))
    flagged = {s: sum(v) for s, v in rows.items()}
    all_flagged = sum(flagged.values())
    return {
        "threshold": threshold,
        "claims": run.report.claims_added,
        "pairs_scored": run.report.pairs_scored,
        "pairs_per_claim": run.report.pairs_scored / max(run.report.claims_added, 1),
        "skipped": run.report.skipped_pairs,
        "rows": {s: len(v) for s, v in rows.items()},
        "flagged": flagged,
        "recall": flagged["disagree"] / max(len(rows["disagree"]), 1),
        "precision": flagged["disagree"] / all_flagged if all_flagged else None,
        "stories": len({s for s in run.story.values() if s is not None}),
        "seconds": round(run.seconds, 1),
        "trace": trace(run, article, sample["rows"], threshold),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threshold", type=float, default=Tuning().flag_threshold)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--trace", action="store_true", help="where each labelled row stops")
    ap.add_argument("--nli-model", default=None, help="local NLI model path; default shipped")
    ap.add_argument(
        "--model-alignment",
        type=float,
        default=Tuning().model_alignment,
        help="alignment a model-only flag needs (claims.detect.guards)",
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eval-fnc1-") as tmp:
        out = evaluate(args.threshold, Path(tmp), args.nli_model, args.model_alignment)
    n, f = out["rows"], out["flagged"]
    print(f"## FNC-1 tracker sample, threshold {out['threshold']:.2f}\n")
    print(
        f"{out['claims']} claims, {out['stories']} stories, {out['pairs_scored']} pairs scored "
        f"({out['pairs_per_claim']:.1f} per claim), skipped {out['skipped']}, "
        f"ingest {out['seconds']}s\n"
    )
    print("| stance | rows | flagged | rate |\n|---|---:|---:|---:|")
    for s in STANCES:
        print(f"| {s} | {n[s]} | {f[s]} | {f[s] / max(n[s], 1):.2f} |")
    precision = "–" if out["precision"] is None else f"{out['precision']:.2f}"
    print(
        f"\ndisagree recall {out['recall']:.2f} ({f['disagree']}/{n['disagree']}); "
        f"precision of headline-to-body flags {precision}"
    )
    if args.trace:
        print("\n| stance | " + " | ".join(STAGES) + " |\n|---|" + "---:|" * len(STAGES))
        for s in STANCES:
            print(f"| {s} | " + " | ".join(str(out["trace"][s][t]) for t in STAGES) + " |")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
