"""Figures from traces: per-kind recall and false flags, overall precision and recall, the
precision-recall curve over the threshold, the per-stage loss table, unlabelled flags.

Why here: the same numbers go to the markdown tables and to ``--json``; they are computed
once, as plain dicts, and rendered twice.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from bench.news_eval.run import Run
from bench.news_eval.trace import STAGES, Trace

CURVE = tuple(round(0.05 * i, 2) for i in range(1, 20))  # 0.05 .. 0.95


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None or p + r == 0:
        return None if p is None or r is None else 0.0
    return 2 * p * r / (p + r)


def by_kind(traces: list[Trace], threshold: float) -> list[dict[str, Any]]:
    """One row per (label, kind): pairs, flagged, and recall or false-flag rate."""
    rows = []
    for label in ("contradiction", "near_miss"):
        kinds = sorted({t.pair.kind for t in traces if t.pair.label == label})
        for kind in kinds:
            mine = [t for t in traces if t.pair.label == label and t.pair.kind == kind]
            hit = sum(t.flagged(threshold) for t in mine)
            rows.append(
                {
                    "label": label,
                    "kind": kind,
                    "n": len(mine),
                    "flagged": hit,
                    "rate": ratio(hit, len(mine)),
                }
            )
    return rows


def overall(traces: list[Trace], threshold: float) -> dict[str, Any]:
    """Precision, recall and F1 of contradiction against near-miss, and near-miss flag rates."""
    con = [t for t in traces if t.pair.is_contradiction]
    near = [t for t in traces if not t.pair.is_contradiction]
    tp = sum(t.flagged(threshold) for t in con)
    fp = sum(t.flagged(threshold) for t in near)
    p, r = ratio(tp, tp + fp), ratio(tp, len(con))
    kinds = by_kind(near, threshold)
    worst = max(kinds, key=lambda row: row["rate"] or 0.0, default=None)
    return {
        "threshold": threshold,
        "tp": tp,
        "fp": fp,
        "contradictions": len(con),
        "near_misses": len(near),
        "precision": p,
        "recall": r,
        "f1": f1(p, r),
        "near_miss_flag_rate": ratio(fp, len(near)),
        "worst_near_miss_kind": worst["kind"] if worst else None,
        "worst_near_miss_rate": worst["rate"] if worst else None,
    }


def curve(traces: list[Trace]) -> list[dict[str, Any]]:
    return [overall(traces, t) for t in CURVE]


def best_f1(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The curve point with the highest F1 (the lowest threshold among ties)."""
    scored = [p for p in points if p["f1"] is not None]
    return max(scored, key=lambda p: (p["f1"], -p["threshold"]), default=None)


def losses(traces: list[Trace], threshold: float, label: str) -> list[dict[str, Any]]:
    """Per kind of ``label``: how many pairs each stage loses (or flags), plus a total row."""
    rows = []
    mine = [t for t in traces if t.pair.label == label]
    for kind in [*sorted({t.pair.kind for t in mine}), "all"]:
        group = [t for t in mine if kind in ("all", t.pair.kind)]
        stages = Counter(t.stage(threshold) for t in group)
        row: dict[str, Any] = {"kind": kind, "n": len(group)}
        row.update({s: stages.get(s, 0) for s in STAGES})
        row["scorer_and_unrelated"] = sum(
            t.stage(threshold) == "scorer" and t.unrelated for t in group
        )
        rows.append(row)
    return rows


def unlabelled_flags(
    run: Run, traces: list[Trace], threshold: float, story_of: dict[str, str]
) -> dict[str, dict[str, int]]:
    """Per story, flags at the threshold that are no labelled pair: within it, or across."""
    labelled = {tuple(sorted((t.a.claim_id or 0, t.b.claim_id or 0))) for t in traces}
    out: dict[str, dict[str, int]] = {s: {"within": 0, "cross": 0} for s in set(story_of.values())}
    for flag in run.flags:
        if flag.score < threshold or (flag.claim_a.id, flag.claim_b.id) in labelled:
            continue
        sa = story_of.get(str(Path(flag.claim_a.source.path).resolve()), "?")
        sb = story_of.get(str(Path(flag.claim_b.source.path).resolve()), "?")
        for story in {sa, sb}:
            out.setdefault(story, {"within": 0, "cross": 0})
            out[story]["within" if sa == sb else "cross"] += 1
    return out


def trace_record(t: Trace) -> dict[str, Any]:
    """A trace as JSON: the pair, both matches, and what decided it."""
    v = t.verdict
    return {
        "id": t.pair.id,
        "story": t.pair.story,
        "label": t.pair.label,
        "kind": t.pair.kind,
        "a": {"text": t.pair.a.text, "match": t.a.how, "claim_id": t.a.claim_id},
        "b": {"text": t.pair.b.text, "match": t.b.how, "claim_id": t.b.claim_id},
        "lost_before_scoring": t.lost_before_scoring,
        "reason": t.reason,
        "similarity": t.similarity,
        "rank": t.rank,
        "score": t.score,
        "unrelated": t.unrelated,
        "verdict_score": v.score if v else None,
        "verdict_kind": v.kind if v else None,
        "explanation": v.explanation if v else None,
    }
