"""Syndicated copies: normalisation, shingle similarity and LSH grouping."""

from __future__ import annotations

import random
import time
from datetime import date
from pathlib import Path

from claims.sources import copies as dedup
from claims.sources.pages import split_page

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def seed_000_articles() -> list:
    [path] = SEEDS.glob("000_*.txt")
    articles = split_page(path.read_text(encoding="utf-8"), str(path), None, date(2025, 8, 18))
    assert articles is not None
    return articles


def test_normalize_folds_case_quotes_punctuation_and_space() -> None:
    assert dedup.normalize("“It’s  a ‘DEAL’,” he said —\n'Really?'") == "it's a deal he said really"
    assert dedup.normalize("Iran's") == dedup.normalize("Iran’s")


def test_content_hash_ignores_cosmetic_differences() -> None:
    a = "Larijani 'praised the Iraqi government,\" the statement said."
    b = "Larijani “praised the Iraqi government,” the statement  said"
    assert dedup.content_hash(a) == dedup.content_hash(b)
    assert dedup.content_hash(a) != dedup.content_hash("Larijani praised Iraq.")
    assert len(dedup.content_hash(a)) == 64


def test_shingles_and_similarity() -> None:
    assert dedup.shingles("") == set()
    assert len(dedup.shingles("one two three")) == 1  # shorter than k: one shingle
    assert len(dedup.shingles("a b c d e f g", k=5)) == 3
    text = "the quick brown fox jumps over the lazy dog near the river bank"
    assert dedup.similarity(text, text) == 1.0
    assert dedup.similarity(text, "completely different words in this other sentence here") == 0.0


def test_ap_and_yahoo_copies_group_and_nothing_else_does() -> None:
    articles = seed_000_articles()
    outlets = [a.outlet for a in articles]
    yahoo, ap = articles[outlets.index("Yahoo")], articles[outlets.index("Associated Press")]
    assert dedup.content_hash(yahoo.text) != dedup.content_hash(ap.text)  # trailing credit
    assert dedup.near_duplicate(yahoo.text, ap.text)
    assert dedup.similarity(yahoo.text, ap.text) > 0.95
    groups = dedup.group_copies([a.text for a in articles])
    assert groups == [0, 1, 2, 2, 4]


def test_group_copies_points_at_the_first_seen() -> None:
    base = " ".join(f"word{i}" for i in range(200))
    edited = base.replace("word50", "changed")
    other = " ".join(f"other{i}" for i in range(200))
    groups = dedup.group_copies([other, base, edited, base.upper(), other + " extra"])
    assert groups == [0, 1, 1, 1, 0]


def test_group_copies_scales_without_all_pairs() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(5000)]
    texts = [" ".join(rng.choices(vocabulary, k=150)) for _ in range(2000)]
    texts.append(texts[10] + " Reuters")
    started = time.perf_counter()
    groups = dedup.group_copies(texts)
    assert time.perf_counter() - started < 20
    assert groups[:2000] == list(range(2000))
    assert groups[2000] == 10


def test_minhash_estimates_jaccard() -> None:
    a = dedup.shingles(" ".join(f"t{i}" for i in range(300)))
    b = dedup.shingles(" ".join(f"t{i}" for i in range(60, 360)))
    sig_a, sig_b = dedup.minhash(a), dedup.minhash(b)
    estimate = float((sig_a == sig_b).mean())
    assert abs(estimate - dedup.jaccard(a, b)) < 0.15
