"""Story clustering against labelled groups: NMI and ARI of the story stage.

Usage: python bench/eval_stories.py [--set wikiref|news-dev|news-test] [--half all|a|b]
                                    [--threshold X] [--weight W] [--sweep] [--batches N]

wikiref: ../shared/evaldata/clustering/wikiref220 (220 articles, 16 topics; the 11 small
topics are its "noise" but are scored as their own groups here). Its halves: ``a`` holds
the articles at even positions of the file sorted by doc id, ``b`` the odd ones; tune on
one half, report the other. news-dev / news-test: the articles of bench/news, grouped by
story directory. The real profiler (spaCy NER, MiniLM) reads every article once; the
stage then groups them with no stored story (``--batches N``: in N successive batches,
each joining the stories of the ones before, as consecutive ingests would).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.stories.group import (  # noqa: E402
    JOIN_SIMILARITY,
    Rarity,
    StoryState,
    group_articles,
)
from claims.stories.profile import ArticleProfile, SpacyProfiler  # noqa: E402
from claims.types import Article  # noqa: E402

WIKIREF = REPO.parent.parent / "shared/evaldata/clustering/wikiref220/wikiref220.jsonl"
SHARED = Path("/work/shared/evaldata/clustering/wikiref220/wikiref220.jsonl")
NEWS = REPO / "bench/news"


def wikiref(half: str) -> tuple[list[Article], list[str]]:
    path = WIKIREF if WIKIREF.exists() else SHARED
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows.sort(key=lambda r: r["doc_id"])
    if half != "all":
        rows = rows[(0 if half == "a" else 1) :: 2]
    return [Article(r["text"], r["doc_id"]) for r in rows], [r["topic"] for r in rows]


def news(split: str) -> tuple[list[Article], list[str]]:
    from bench.news_eval.data import load_pairs, story_files
    from claims.sources.readers import FileReader

    files = story_files(load_pairs(split))
    reader = FileReader(now=date(2026, 12, 31))
    out, labels = [], []
    for story, paths in files.items():
        for path in paths:
            for article in reader.read(path):
                out.append(article)
                labels.append(story)
    return out, labels


def group(profiles: list[ArticleProfile], threshold: float, batches: int) -> list[int]:
    """Story of each article when the set arrives in ``batches`` consecutive ingests."""
    stories: list[StoryState] = []
    out: list[int] = []
    size = -(-len(profiles) // batches)
    for start in range(0, len(profiles), size):
        part = profiles[start : start + size]
        df: dict[str, int] = {}
        for p in profiles[: start + size]:
            for name in p.entities:
                df[name] = df.get(name, 0) + 1
        out += group_articles(part, stories, Rarity(df, start + len(part)), threshold)
    return out


def scores(labels: list[str], found: list[int]) -> tuple[float, float, int]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return (
        normalized_mutual_info_score(labels, found),
        adjusted_rand_score(labels, found),
        len(set(found)),
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=("wikiref", "news-dev", "news-test"), default="wikiref")
    ap.add_argument("--half", choices=("all", "a", "b"), default="all")
    ap.add_argument("--threshold", type=float, default=JOIN_SIMILARITY)
    ap.add_argument("--weight", type=float, default=None, help="vector weight (default: stage's)")
    ap.add_argument("--batches", type=int, default=1)
    ap.add_argument(
        "--sweep", action="store_true", help="thresholds 0.15..0.35, vector weights 0.6 and 0.7"
    )
    args = ap.parse_args(argv)
    if args.set == "wikiref":
        articles, labels = wikiref(args.half)
    else:
        articles, labels = news(args.set.split("-")[1])
    from claims.topics.embed import SentenceTransformerEmbedder

    profiles = SpacyProfiler(SentenceTransformerEmbedder()).profile(articles)
    import claims.stories.group as grouping

    weights = [0.6, 0.7] if args.sweep else [args.weight or grouping.VECTOR_WEIGHT]
    thresholds = list(np.arange(0.15, 0.36, 0.05)) if args.sweep else [args.threshold]
    print(
        f"## Stories on {args.set} (half {args.half}): {len(articles)} articles, "
        f"{len(set(labels))} labelled groups, {args.batches} batch(es)\n"
    )
    print("| vector weight | threshold | NMI | ARI | stories |\n|---:|---:|---:|---:|---:|")
    for w in weights:
        grouping.VECTOR_WEIGHT = w
        for t in thresholds:
            nmi, ari, n = scores(labels, group(profiles, float(t), args.batches))
            print(f"| {w:.2f} | {t:.2f} | {nmi:.3f} | {ari:.3f} | {n} |")


if __name__ == "__main__":
    main()
