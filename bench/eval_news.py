"""End-to-end evaluation on the labelled news set (bench/news): ingest → flagged pairs.

Usage: python bench/eval_news.py [--split dev|test] [--scorer nli|cues] [--threshold X]
                                 [--nli-model PATH] [--out DIR] [--json FILE]
                                 [--view proposition|speaker|sentence] [--directions settle|both]
                                 [--combiner FILE] [--cache DIR] [--spans]

All articles of the split go into one fresh SQLite store through the real default stages
(reader, pysbd extractor, MiniLM embedder, topics, the chosen scorer), in one ingest with
flag threshold 0 and every other tunable at its default: every pair the guards let through
is stored with its score, so any threshold is a filter on stored scores. Each labelled pair
is then traced through the stages (extraction, candidates, guards, scorer) and the script
prints, as markdown: per-kind recall and near-miss false-flag rates, overall precision and
recall at the threshold, a per-stage loss table, a precision-recall curve (0.05..0.95), the
best-F1 threshold, and flags outside the labelled pairs per story (a diagnostic only: the
set is not exhaustive). ``today`` is the latest published date of the split, so runs repeat.
Tune on dev only; test is for reported figures (bench/news/README.md).

``--view``/``--directions`` set what the NLI model reads (``Settings.nli_view``,
``nli_directions``); ``--combiner`` scores with another fitted combiner than the shipped
one; ``--cache`` keeps the model's outputs on disk, so a rerun with another combiner does
not run the model again. ``--spans`` skips the pipeline: the labelled sentences themselves
are framed and scored, and it prints the ROC AUC of contradictions against near-misses and
P/R at the threshold (the scorer's own separation, free of extraction and candidates).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.news_eval import figures as fig  # noqa: E402
from bench.news_eval.data import SPLITS, latest_published, load_pairs, story_files  # noqa: E402
from bench.news_eval.run import Run, run_pipeline  # noqa: E402
from bench.news_eval.spans import span_figures, span_views  # noqa: E402
from bench.news_eval.trace import Trace, trace_pairs  # noqa: E402
from claims.config import NLI_DIRECTIONS, NLI_VIEWS, SCORERS, Settings, Tuning  # noqa: E402
from claims.types import ContradictionScorer  # noqa: E402
from training.model_cache import CachedModel  # noqa: E402


def _num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _table(head: list[str], rows: list[list[Any]], left: int = 1) -> str:
    """A markdown table; columns after the first ``left`` are right-aligned."""
    align = ["---" if i < left else "---:" for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def kind_section(rows: list[dict[str, Any]], summary: dict[str, Any]) -> str:
    body = [[r["label"], r["kind"], r["n"], r["flagged"], _num(r["rate"])] for r in rows]
    lines = [
        f"### Per kind at threshold {summary['threshold']:.2f}",
        "recall for contradiction kinds, false-flag rate for near-miss kinds\n",
        _table(["label", "kind", "pairs", "flagged", "recall / false flags"], body, 2),
        "",
        f"**overall**: precision {_num(summary['precision'])} "
        f"({summary['tp']} of {summary['tp'] + summary['fp']} flagged labelled pairs), "
        f"recall {_num(summary['recall'])} ({summary['tp']} of {summary['contradictions']}), "
        f"F1 {_num(summary['f1'])}; near-miss false flags "
        f"{_num(summary['near_miss_flag_rate'])} ({summary['fp']} of {summary['near_misses']}), "
        f"worst near-miss kind {summary['worst_near_miss_kind']} "
        f"{_num(summary['worst_near_miss_rate'])}",
    ]
    return "\n".join(lines)


def loss_section(rows: list[dict[str, Any]], label: str, threshold: float) -> str:
    head = ["kind", "pairs", "lost: extraction", "candidates", "guards", "model-only / paraphrase"]
    head += ["scorer (< threshold)", "flagged", "of scorer: also < sim floor, no cue"]
    keys = ["extraction", "candidates", "guards", "unrelated", "scorer", "flagged"]
    body = [[r["kind"], r["n"], *[r[k] for k in keys], r["scorer_and_unrelated"]] for r in rows]
    title = f"### Per-stage loss, {label} pairs, threshold {threshold:.2f}"
    total = rows[-1] if rows else {"n": 0}
    lost = sum(total.get(k, 0) for k in ("extraction", "candidates", "guards"))
    reach = f"{total['n'] - lost} of {total['n']} reach the scorer ({lost} lost before it)"
    return f"{title}\nthe first stage that loses each pair, in pipeline order; {reach}\n\n" + (
        _table(head, body)
    )


def curve_section(points: list[dict[str, Any]], best: dict[str, Any] | None) -> str:
    body = [
        [
            _num(p["threshold"]),
            _num(p["precision"]),
            _num(p["recall"]),
            _num(p["f1"]),
            _num(p["near_miss_flag_rate"]),
            f"{p['worst_near_miss_kind']} {_num(p['worst_near_miss_rate'])}",
        ]
        for p in points
    ]
    head = ["threshold", "P", "R", "F1", "near-miss false flags", "worst near-miss kind"]
    out = "### Precision-recall over the threshold\n\n" + _table(head, body)
    if best is None:
        return out + "\n\nno threshold flags anything labelled: F1 undefined everywhere"
    return out + (
        f"\n\nbest F1 on this split: {_num(best['f1'])} at threshold {best['threshold']:.2f} "
        f"(P {_num(best['precision'])}, R {_num(best['recall'])}); informative only, tune on dev"
    )


def unlabelled_section(per_story: dict[str, dict[str, int]], threshold: float) -> str:
    body = [[s, c["within"], c["cross"]] for s, c in sorted(per_story.items())]
    return (
        f"### Flags outside the labelled pairs, threshold {threshold:.2f}\n"
        "a diagnostic, not precision: the set is not exhaustive, and cross-story flags "
        "(one store for the split) count under both stories\n\n"
        + _table(["story", "within the story", "across stories"], body)
    )


def header(args: argparse.Namespace, run: Run, stories: int, today: str) -> str:
    r = run.report
    return (
        f"## News evaluation: split {args.split}, scorer {args.scorer} ({run.scorer_id}), "
        f"NLI view {args.view}, directions {args.directions}\n\n"
        f"{stories} stories, {r.articles} articles, {r.claims_added} claims "
        f"({r.sentences_dropped} sentences dropped), {r.pairs_scored} pairs scored "
        f"({r.pairs_scored / max(r.claims_added, 1):.2f} per claim), "
        f"{r.corroborations} corroborating pairs recorded, "
        f"{len(run.flags)} stored at threshold 0; pairs the guards skipped: "
        f"{dict(sorted(r.skipped_pairs.items()))}; ingest {run.seconds:.1f}s; today {today}"
    )


def flagged_listing(run: Run, traces: list[Trace], threshold: float) -> str:
    """Every stored pair at the threshold, with what the labels say of it, for inspection."""
    label_of = {
        tuple(sorted((t.a.claim_id or 0, t.b.claim_id or 0))): f"{t.pair.label} {t.pair.id}"
        for t in traces
    }
    lines = [f"# Flagged pairs at threshold {threshold:.2f}\n"]
    for f in run.flags:
        if f.score < threshold:
            continue
        what = label_of.get((f.claim_a.id, f.claim_b.id), "unlabelled")
        lines += [
            f"## {f.score:.3f} {f.kind} — {what}",
            f"- A ({Path(f.claim_a.source.path).name}): {f.claim_a.text}",
            f"- B ({Path(f.claim_b.source.path).name}): {f.claim_b.text}",
            f"- {f.explanation}\n",
        ]
    return "\n".join(lines)


def trace_listing(traces: list[Trace], threshold: float) -> str:
    """Every labelled pair with the stage that loses it (or "flagged") and its figures."""
    lines = [f"# Labelled pairs at threshold {threshold:.2f}\n"]
    for t in traces:
        sim = "–" if t.similarity is None else f"{t.similarity:.2f}"
        lines += [
            f"## {t.pair.id} {t.pair.label} {t.pair.kind}: {t.stage(threshold)}",
            f"- score {_num(t.score, 3)}, similarity {sim}, rank {t.rank or '–'}"
            + (f"; {t.reason}" if t.reason else ""),
            f"- A: {t.pair.a.text}",
            f"- B: {t.pair.b.text}",
            f"- {t.verdict.explanation if t.verdict else t.pair.note}\n",
        ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=SPLITS, default="dev")
    ap.add_argument("--scorer", choices=SCORERS, default="nli")
    ap.add_argument("--threshold", type=float, default=Tuning().flag_threshold)
    ap.add_argument("--nli-model", default=None, help="local NLI model path; default shipped")
    ap.add_argument("--out", type=Path, help="keep the store and write the flagged pairs here")
    ap.add_argument("--json", type=Path, help="write every figure and trace as JSON")
    ap.add_argument("--view", choices=NLI_VIEWS, default=Settings().nli_view)
    ap.add_argument("--directions", choices=NLI_DIRECTIONS, default=Settings().nli_directions)
    ap.add_argument("--combiner", type=Path, help="a fitted combiner JSON; default shipped")
    ap.add_argument("--cache", type=Path, help="keep the NLI model's outputs in this folder")
    ap.add_argument("--spans", action="store_true", help="score the labelled sentences only")
    ap.add_argument(
        "--model-alignment",
        type=float,
        default=Tuning().model_alignment,
        help="alignment a model-only flag needs (claims.detect.guards)",
    )
    return ap.parse_args(argv)


def _settings(args: argparse.Namespace, db: Path | str) -> Settings:
    return Settings(
        db=str(db),
        scorer=args.scorer,
        nli_model=args.nli_model,
        flag_threshold=args.threshold,
        nli_view=args.view,
        nli_directions=args.directions,
        model_alignment=args.model_alignment,
    )


def _adapt(args: argparse.Namespace) -> Any:
    """The default NLI scorer rebuilt with ``--combiner`` and ``--cache``, or None."""
    if args.scorer != "nli" or not (args.combiner or args.cache):
        return None
    from claims.detect.nli import Combiner, NLIScorer

    def adapt(scorer: ContradictionScorer) -> ContradictionScorer:
        inner = getattr(scorer, "inner", scorer)
        model = CachedModel(inner.model, args.cache) if args.cache else inner.model
        combiner = Combiner.load(args.combiner) if args.combiner else inner.combiner
        return NLIScorer(model, combiner, settle_below=inner.settle_below, view=inner.view)

    return adapt


def evaluate_spans(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The labelled sentences framed and scored directly: AUC, and P/R at the threshold."""
    from claims.pipeline.stages import default_scorer

    pairs = load_pairs(args.split)
    scorer = default_scorer(_settings(args, ":memory:"))
    adapt = _adapt(args)
    scorer = adapt(scorer) if adapt else scorer
    scores = np.array([v.score for v in scorer.score(span_views(pairs))])
    got = span_figures(pairs, scores, args.threshold)
    got |= {"split": args.split, "scorer_id": scorer.model_id, "view": args.view}
    got |= {"directions": args.directions}
    text = (
        f"## Labelled spans, split {args.split}, scorer {args.scorer} ({scorer.model_id}), "
        f"view {args.view}, directions {args.directions}\n\n"
        f"{got['pairs']} pairs ({got['contradictions']} contradictions): ROC AUC of "
        f"contradictions against near-misses {got['auc']:.3f}; at threshold "
        f"{args.threshold:.2f} precision {_num(got['precision'])} ({got['tp']} of "
        f"{got['tp'] + got['fp']}), recall {_num(got['recall'])}"
    )
    return text, got


def evaluate(args: argparse.Namespace, workdir: Path) -> tuple[str, dict[str, Any]]:
    """Run the split through the pipeline; the markdown report and the JSON figures."""
    pairs = load_pairs(args.split)
    files = story_files(pairs)
    paths = [p for ps in files.values() for p in ps]
    story_of = {str(p): s for s, ps in files.items() for p in ps}
    today = latest_published(paths)
    db = workdir / f"news-{args.split}-{args.scorer}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    run = run_pipeline(paths, _settings(args, db), today, _adapt(args))
    traces, warnings = trace_pairs(pairs, run)
    t = args.threshold
    summary, kinds = fig.overall(traces, t), fig.by_kind(traces, t)
    lost_c = fig.losses(traces, t, "contradiction")
    lost_n = fig.losses(traces, t, "near_miss")
    points = fig.curve(traces)
    best = fig.best_f1(points)
    per_story = fig.unlabelled_flags(run, traces, t, story_of)
    parts = [header(args, run, len(files), today.isoformat()), kind_section(kinds, summary)]
    parts += [loss_section(lost_c, "contradiction", t), loss_section(lost_n, "near-miss", t)]
    parts += [curve_section(points, best), unlabelled_section(per_story, t)]
    if warnings:
        parts.append("### Warnings\n\n" + "\n".join(f"- {w}" for w in warnings))
    if args.out:
        name = f"{args.split}-{args.scorer}.md"
        listing = flagged_listing(run, traces, t)
        (args.out / f"flagged-{name}").write_text(listing, encoding="utf-8")
        (args.out / f"labelled-{name}").write_text(trace_listing(traces, t), encoding="utf-8")
    figures = {
        "split": args.split,
        "scorer": args.scorer,
        "scorer_id": run.scorer_id,
        "view": args.view,
        "directions": args.directions,
        "threshold": t,
        "today": today.isoformat(),
        "stories": sorted(files),
        "articles": run.report.articles,
        "claims": run.report.claims_added,
        "pairs_scored": run.report.pairs_scored,
        "pairs_per_claim": round(run.report.pairs_scored / max(run.report.claims_added, 1), 2),
        "corroborations": run.report.corroborations,
        "skipped_pairs": run.report.skipped_pairs,
        "ingest_seconds": round(run.seconds, 2),
        "overall": summary,
        "by_kind": kinds,
        "losses": {"contradiction": lost_c, "near_miss": lost_n},
        "curve": points,
        "best_f1": best,
        "unlabelled_flags": per_story,
        "warnings": warnings,
        "traces": [fig.trace_record(tr) for tr in traces],
    }
    return "\n\n".join(parts), figures


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.spans:
        text, figures = evaluate_spans(args)
    elif args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        text, figures = evaluate(args, args.out)
    else:
        with tempfile.TemporaryDirectory(prefix="eval-news-") as tmp:
            text, figures = evaluate(args, Path(tmp))
    print(text)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
