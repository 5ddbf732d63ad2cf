"""What an undated article's story dates do to the event-year guard, on the labelled news.

Usage: python bench/undated_years.py [--split dev|test]

Each article of each story of the split is taken in turn as if its page stated no date.
Every pair of one of its sentences with a sentence of another article of its story is
judged by the event-year rule (``claims.detect.events.different_years``) three ways: with
the article's true date, with no date (unknown), and with the years its story's other
articles state (the story fallback). The script prints how many pairs each way calls two
events, how often the story fallback agrees with the true date, and the labelled
contradictions each way would skip (a skipped contradiction is lost before the scorer).
No model is loaded: sentences come from the default extractor's segmenter.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.news_eval.data import SPLITS, load_pairs, story_files  # noqa: E402
from claims.detect.events import different_years  # noqa: E402
from claims.extract.sentences import SentenceExtractor  # noqa: E402
from claims.sources.readers import FileReader  # noqa: E402
from claims.stories.dates import story_years  # noqa: E402
from claims.stories.profile import stated_day  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="dev")
    args = parser.parse_args()
    pairs = load_pairs(args.split)
    labelled = {frozenset((p.a.text, p.b.text)) for p in pairs if p.is_contradiction}
    extractor = SentenceExtractor()
    reader = FileReader()
    ways = ("true date", "unknown", "story fallback")
    skipped = dict.fromkeys(ways, 0)
    lost = dict.fromkeys(ways, 0)
    total = agree = extra = 0
    for files in story_files(pairs).values():
        articles = [a for f in files for a in reader.read(f)]
        sentences = [[d.text for d in extractor.extract(a) if d.kept] for a in articles]
        days = [stated_day(a) for a in articles]
        for x, article in enumerate(articles):
            others = [d for y, d in enumerate(days) if y != x and d is not None]
            story = story_years(min(others), max(others)) if others else frozenset()
            for y, other in enumerate(articles):
                if y == x:
                    continue
                for a in sentences[x]:
                    for b in sentences[y]:
                        total += 1
                        found = [
                            different_years(a, article.published, b, other.published),
                            different_years(a, None, b, other.published),
                            different_years(a, None, b, other.published, story),
                        ]
                        agree += (found[0] is None) == (found[2] is None)
                        extra += found[0] is None and found[2] is not None
                        for way, f in zip(ways, found, strict=True):
                            skipped[way] += f is not None
                            lost[way] += f is not None and frozenset((a, b)) in labelled
    print(f"## Event-year guard with one article undated, news {args.split}\n")
    print(f"sentence pairs across articles of a story: {total}")
    print(f"labelled contradictions: {len(labelled)}\n")
    print("| the undated article's year | pairs called two events | contradictions skipped |")
    print("|---|---:|---:|")
    for way in ways:
        print(f"| {way} | {skipped[way]} | {lost[way]} |")
    print(f"\nthe story fallback decides as the true date would in {agree} of {total} pairs;")
    print(f"it calls two events where the true date does not in {extra}")


if __name__ == "__main__":
    main()
