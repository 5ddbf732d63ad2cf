"""The seeds' stories with the real profiler (marked: loads spaCy and the embedder).

A Ukraine security agreement and the Iran-Iraq memorandum are two stories however the
articles arrive: in one ingest, or one file at a time, when the first file's few articles
make a thin basis for rarity and averages.
"""

from __future__ import annotations

from datetime import date

import pytest

from claims.sources.readers import FileReader
from claims.stories.group import Rarity, StoryState, group_articles
from claims.stories.profile import ArticleProfile, SpacyProfiler
from claims.topics.embed import SentenceTransformerEmbedder
from tests.conftest import SEEDS

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_profiles() -> list[tuple[str, ArticleProfile]]:
    """(file name, profile) of each seed article, syndicated copies left out."""
    reader = FileReader(now=date(2026, 12, 31))
    articles, files, seen = [], [], set()
    for path in sorted(SEEDS.glob("*.txt")):
        for article in reader.read(path):
            key = " ".join(article.text.split())[:500]
            if key not in seen:
                seen.add(key)
                articles.append(article)
                files.append(path.name)
    profiles = SpacyProfiler(SentenceTransformerEmbedder()).profile(articles)
    return list(zip(files, profiles, strict=True))


def _rarity(profiles: list[ArticleProfile]) -> Rarity:
    df: dict[str, int] = {}
    for p in profiles:
        for name in p.entities:
            df[name] = df.get(name, 0) + 1
    return Rarity(df, len(profiles))


def _about(profile: ArticleProfile) -> str | None:
    """'ukraine' or 'iran-iraq' by the article's most-named of those places, else None."""
    counts = {k: profile.entities.get(k, 0) for k in ("ukraine", "iran", "iraq")}
    if counts["ukraine"] > max(counts["iran"], counts["iraq"]):
        return "ukraine"
    if min(counts["iran"], counts["iraq"]) > counts["ukraine"]:
        return "iran-iraq"
    return None


def _assert_apart(rows: list[tuple[str, ArticleProfile]], labels: list[int]) -> None:
    subjects: dict[int, set[str]] = {}
    for (_, profile), label in zip(rows, labels, strict=True):
        about = _about(profile)
        if about:
            subjects.setdefault(label, set()).add(about)
    assert {"ukraine", "iran-iraq"} <= {s for group in subjects.values() for s in group}
    assert all(len(group) == 1 for group in subjects.values()), subjects


def test_one_ingest_keeps_ukraine_and_iran_iraq_apart(seed_profiles) -> None:
    profiles = [p for _, p in seed_profiles]
    _assert_apart(seed_profiles, group_articles(profiles, [], _rarity(profiles)))


def test_one_file_at_a_time_keeps_them_apart(seed_profiles) -> None:
    stories: list[StoryState] = []
    labels: list[int] = []
    files = list(dict.fromkeys(name for name, _ in seed_profiles))
    for n, name in enumerate(files):
        part = [p for f, p in seed_profiles if f == name]
        seen = [p for f, p in seed_profiles if f in files[: n + 1]]
        labels += group_articles(part, stories, _rarity(seen))
    _assert_apart(seed_profiles, labels)
