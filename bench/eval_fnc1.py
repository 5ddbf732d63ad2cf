"""Contradictions between real news headlines and bodies (an FNC-1 sample).

Usage: python bench/eval_fnc1.py [--threshold X] [--json FILE]

``../shared/evaldata/contradiction/fnc1/tracker_sample/news.jsonl`` (40 FNC-1 bodies and
175 headlines, each an article of its own) is ingested into a temporary store through the
real default stages (threshold 0, so every pair the guards let through is kept with its
score), then ``sample.json``'s labelled (headline, body) rows are read. Printed: recall on
'disagree' rows (a flag at the threshold links a claim of the headline to one of its
body), the false-flag rate on 'agree', 'discuss' and 'unrelated' rows, the precision of
headline-to-body flags (flagged labelled rows that are 'disagree'), and pairs scored per
claim. Nothing is tuned on it: it is test data for the whole pipeline.
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

from bench.news_eval.run import run_pipeline  # noqa: E402
from claims.config import Settings, Tuning  # noqa: E402

SAMPLE = Path("/work/shared/evaldata/contradiction/fnc1/tracker_sample")
for candidate in (REPO.parent / "shared", REPO.parent.parent / "shared"):
    if (candidate / "evaldata/contradiction/fnc1/tracker_sample").is_dir():
        SAMPLE = candidate / "evaldata/contradiction/fnc1/tracker_sample"
        break
STANCES = ("disagree", "agree", "discuss", "unrelated")


def evaluate(threshold: float, workdir: Path) -> dict:
    news = SAMPLE / "news.jsonl"
    ids = [json.loads(line)["id"] for line in news.read_text(encoding="utf-8").splitlines()]
    sample = json.loads((SAMPLE / "sample.json").read_text(encoding="utf-8"))
    run = run_pipeline([news], Settings(db=str(workdir / "fnc1.db")), date(2016, 1, 2))
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
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threshold", type=float, default=Tuning().flag_threshold)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eval-fnc1-") as tmp:
        out = evaluate(args.threshold, Path(tmp))
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
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
