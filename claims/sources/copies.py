"""Syndicated copies: the same wire story republished with cosmetic differences.

Texts are normalised (case, quote characters, punctuation, whitespace), cut into hashed
word shingles and compared by Jaccard similarity. ``group_copies`` finds candidates with
MinHash LSH bands, so a batch of thousands of articles is not compared all-pairs.

The band keys (``text_keys``) of each canonical article are stored (store/fingerprints.py
keeps the rows and the query), so an ingest reads only the stored articles that share a
band with its batch. Migration 0006 back-filled old stores with a frozen copy of this
code; a test keeps the two equal, and a change here needs a migration that recomputes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import numpy as np

_QUOTES = str.maketrans({c: "'" for c in '‘’‚‛“”„‟«»‹›"`´′″'})
_NON_WORD = re.compile(r"[^\w']+")
_EDGE_QUOTES = re.compile(r"(?<!\w)'+|'+(?!\w)")

NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: pairs above ~0.5 Jaccard almost always share a band
SHINGLE = 5
_MASK32 = np.uint64(0xFFFFFFFF)


def normalize(text: str) -> str:
    """Lower-cased text with one quote character, no punctuation and single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = _NON_WORD.sub(" ", text.replace("_", " "))
    text = _EDGE_QUOTES.sub(" ", text)
    return " ".join(text.split())


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def shingles(text: str, k: int = SHINGLE) -> set[int]:
    """Hashed word k-grams of the normalised text (one shingle for shorter texts)."""
    words = normalize(text).split()
    if not words:
        return set()
    if len(words) <= k:
        return {_hash64(" ".join(words))}
    return {_hash64(" ".join(words[i : i + k])) for i in range(len(words) - k + 1)}


def permutations(num_perm: int = NUM_PERM) -> tuple[np.ndarray, np.ndarray]:
    """The fixed hash permutations (seeded: signatures must be reproducible)."""
    rng = np.random.default_rng(20250811)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def signature(shingle_set: set[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash signature of a shingle set under the permutations ``a``, ``b``."""
    if not shingle_set:
        return np.full(a.shape, np.iinfo(np.uint64).max, dtype=np.uint64)
    values = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    with np.errstate(over="ignore"):  # multiply-shift hashing wraps modulo 2**64 on purpose
        hashed = (values[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
    return (hashed & _MASK32).min(axis=0)


def bands(sig: np.ndarray) -> list[tuple[int, bytes]]:
    """The LSH bucket keys of a signature: (band number, the band's bytes)."""
    rows = len(sig) // BANDS
    return [(n, sig[n * rows : (n + 1) * rows].tobytes()) for n in range(BANDS)]


def band_key(band: tuple[int, bytes]) -> str:
    """A short stored key for one bucket (16 hex digits; a collision only adds a candidate)."""
    n, raw = band
    return hashlib.blake2b(bytes([n]) + raw, digest_size=8).hexdigest()


def text_keys(text: str) -> list[str]:
    """The stored band keys of an article's text."""
    a, b = permutations()
    return [band_key(band) for band in bands(signature(shingles(text), a, b))]


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
