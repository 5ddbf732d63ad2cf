"""Syndicated copies: the same wire story republished with cosmetic differences.

Texts are normalised (case, quote characters, punctuation, whitespace), cut into hashed
word shingles and compared by Jaccard similarity. ``group_copies`` finds candidates with
MinHash LSH bands, so a batch of thousands of articles is not compared all-pairs.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import numpy as np

from store.fingerprints import (
    BANDS,
    NUM_PERM,
    band_key,
    bands,
    normalize,
    permutations,
    shingles,
    signature,
    text_keys,
)

__all__ = ["BANDS", "NUM_PERM", "normalize", "shingles", "text_keys", "band_key"]


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised text: equal for cosmetic variants."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def jaccard(a: set[int], b: set[int]) -> float:
    """Jaccard similarity of two shingle sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str, k: int = 5) -> float:
    """Jaccard similarity of the word shingles of two texts."""
    return jaccard(shingles(a, k), shingles(b, k))


def near_duplicate(a: str, b: str, threshold: float = 0.8) -> bool:
    """True when two texts share at least ``threshold`` of their shingles."""
    return similarity(a, b) >= threshold


def minhash(shingle_set: set[int], num_perm: int = NUM_PERM) -> np.ndarray:
    """MinHash signature (uint64, ``num_perm`` values) of a shingle set."""
    a, b = permutations(num_perm)
    return signature(shingle_set, a, b)


def group_copies(texts: Sequence[str], threshold: float = 0.8, k: int = 5) -> list[int]:
    """For each text, the index of the first earlier text it copies (itself if none).

    Exact copies (same ``content_hash``) match directly; near copies are found through
    LSH buckets and confirmed with the exact Jaccard of their shingles.
    """
    a, b = permutations(NUM_PERM)
    canonical: list[int] = []
    by_hash: dict[str, int] = {}
    buckets: defaultdict[tuple[int, bytes], list[int]] = defaultdict(list)
    sets: list[set[int]] = []
    for i, text in enumerate(texts):
        digest = content_hash(text)
        own = shingles(text, k)
        sets.append(own)
        if digest in by_hash:
            canonical.append(canonical[by_hash[digest]])
            continue
        by_hash[digest] = i
        keys = bands(signature(own, a, b))
        candidates = sorted({j for key in keys for j in buckets.get(key, ())})
        match = next((j for j in candidates if jaccard(own, sets[j]) >= threshold), None)
        canonical.append(i if match is None else canonical[match])
        for key in keys:
            buckets[key].append(i)
    return canonical


def earliest_heads(
    groups: Sequence[int], stored: int, published: Sequence[date | None]
) -> list[int]:
    """For each new text, the index (among all texts) of the one it folds into.

    ``groups`` is ``group_copies`` over ``stored`` stored texts followed by the new ones,
    whose publication dates are ``published``. A group already in the store keeps its stored
    head (ids stay stable); a group new in this batch is headed by its earliest published
    copy (the original rather than a reprint), ties broken by batch order.
    """
    members: dict[int, list[int]] = {}
    for n in range(len(published)):
        members.setdefault(groups[stored + n], []).append(n)
    heads = [groups[stored + n] for n in range(len(published))]
    for head, group in members.items():
        if head < stored:
            continue
        first = min(group, key=lambda n: (published[n] or date.max, n))
        for n in group:
            heads[n] = stored + first
    return heads
