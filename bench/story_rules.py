"""A rule tried for story precision and not kept: two articles whose main entities differ.

Usage: python bench/story_rules.py [--set wikiref|news-dev|news-test|seeds] [--half all|a|b]

The seeds' one LBCI piece (the Druze, an Israel-Syria security deal) sits in the Iran-Iraq
story: its lede reads like theirs (cosine about 0.5, "security deal") and it shares "Israel"
with them. The rule tried: the ``k`` entities an article (or a story) names most, commoner
first among equals, must share one with the other's, else their similarity is multiplied by
``factor`` (0: set to zero; the stage's own rule already zeroes texts sharing no entity at
all unless they read very alike). The script prints NMI and ARI of the story stage without
and with the rule, in one batch and in four, as ``bench/eval_stories.py`` scores them;
``--set seeds`` (never tuned on) prints only how many stories the seeds' articles make, in
one ingest and in one ingest per file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import claims.stories.group as grouping  # noqa: E402
from bench.eval_stories import group, news, scores, wikiref  # noqa: E402
from claims.stories.profile import SpacyProfiler  # noqa: E402

RULES = [(3, 0.0), (5, 0.0), (3, 0.7), (5, 0.7), (5, 0.85), (8, 0.5)]


def by_file(profiles: list, files: list[str]) -> list[int]:
    """Story of each article when each file is one ingest, in file order."""
    stories: list[grouping.StoryState] = []
    out: list[int] = []
    for name in dict.fromkeys(files):
        rows = [n for n, f in enumerate(files) if f == name]
        df: dict[str, int] = {}
        for p in profiles[: rows[-1] + 1]:
            for entity in p.entities:
                df[entity] = df.get(entity, 0) + 1
        part = [profiles[n] for n in rows]
        out += grouping.group_articles(part, stories, grouping.Rarity(df, rows[-1] + 1))
    return out


def seeds() -> tuple[list, list[str]]:
    """The seeds' articles (syndicated copies left out, as an ingest folds them); no labels."""
    from datetime import date

    from claims.sources.readers import FileReader

    reader = FileReader(now=date(2026, 12, 31))
    seen: set[str] = set()
    out = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for article in reader.read(path):
            key = " ".join(article.text.split())[:500]
            if key not in seen:
                seen.add(key)
                out.append(article)
    return out, []


def main_entities(counts: Mapping[str, float], rarity: grouping.Rarity, k: int) -> set[str]:
    return set(sorted(counts, key=lambda e: (-counts[e], rarity.idf(e), e))[:k])


def install(k: int, factor: float) -> None:
    """Wrap the stage's two similarities with the rule (this process only)."""
    pair, story = grouping.pair_similarity, grouping.story_similarity

    def pair_similarity(profiles, rarity):  # noqa: ANN001, ANN202
        sims = pair(profiles, rarity).copy()
        mains = [main_entities(p.entities, rarity, k) for p in profiles]
        for i in range(len(profiles)):
            for j in range(i + 1, len(profiles)):
                if mains[i] and mains[j] and not mains[i] & mains[j]:
                    sims[i, j] = sims[j, i] = sims[i, j] * factor
        return sims

    def story_similarity(profile, state, rarity):  # noqa: ANN001, ANN202
        value = story(profile, state, rarity)
        mine, theirs = (
            main_entities(profile.entities, rarity, k),
            main_entities(state.entities, rarity, k),
        )
        return value * factor if mine and theirs and not mine & theirs else value

    grouping.pair_similarity, grouping.story_similarity = pair_similarity, story_similarity


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--set", choices=("wikiref", "news-dev", "news-test", "seeds"), default="wikiref"
    )
    ap.add_argument("--half", choices=("all", "a", "b"), default="a")
    args = ap.parse_args()
    if args.set == "wikiref":
        articles, labels = wikiref(args.half)
    elif args.set == "seeds":
        articles, labels = seeds()
    else:
        articles, labels = news(args.set.split("-")[1])
    from claims.topics.embed import SentenceTransformerEmbedder

    profiles = SpacyProfiler(SentenceTransformerEmbedder()).profile(articles)
    which = f"{args.set} (half {args.half})" if args.set == "wikiref" else args.set
    print(f"## Main-entity rule on {which}, NMI / ARI / stories\n")
    columns = "one ingest | one per file" if not labels else "1 batch | 4 batches"
    print(f"| k | factor | {columns} |\n|---:|---:|---|---|")
    original = grouping.pair_similarity, grouping.story_similarity
    for k, factor in [(0, 1.0), *RULES]:
        grouping.pair_similarity, grouping.story_similarity = original
        if k:
            install(k, factor)
        cells = []
        for batches in (1, 4):
            if not labels:  # the seeds: one ingest, then one ingest per file
                found = by_file(profiles, [a.path for a in articles]) if batches > 1 else None
                found = found or group(profiles, grouping.JOIN_SIMILARITY, 1)
                cells.append(f"- / - / {len(set(found))}")
                continue
            nmi, ari, n = scores(labels, group(profiles, grouping.JOIN_SIMILARITY, batches))
            cells.append(f"{nmi:.3f} / {ari:.3f} / {n}")
        print(f"| {k or '-'} | {factor:.2f} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
