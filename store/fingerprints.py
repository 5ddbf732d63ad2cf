"""Copy-detection fingerprints: the MinHash band keys of each canonical article.

Syndicated copies are found with MinHash LSH bands over hashed word shingles of the
normalised text (``claims.sources.copies``). Each canonical article's band keys are stored
when it is written, so an ingest looks up only the stored articles that share a band with
its batch (one indexed query) instead of reading every article. The hashing lives here,
not in claims/, because the migration that back-fills old stores needs it too and store/
imports nothing from claims/; ``copies`` uses these same functions, so a key stored today
equals the key the detector computes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.batching import IN_CHUNK, batched
from store.models import ArticleFingerprint, Source

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


def add_fingerprints(session: Session, source_id: int, keys: Iterable[str]) -> None:
    """Store a canonical article's band keys (no commit: the caller owns the transaction)."""
    session.add_all(ArticleFingerprint(key=k, source_id=source_id) for k in set(keys))
    session.flush()


def sharing_keys(session: Session, keys: Sequence[str]) -> list[tuple[int, str]]:
    """(id, text) of the canonical articles sharing a band key with ``keys``, by id."""
    ids: set[int] = set()
    for chunk in batched(sorted(set(keys)), IN_CHUNK):
        stmt = select(ArticleFingerprint.source_id).where(ArticleFingerprint.key.in_(chunk))
        ids.update(session.scalars(stmt))
    found: list[tuple[int, str]] = []
    for chunk in batched(sorted(ids), IN_CHUNK):
        stmt = select(Source.id, Source.text).where(
            Source.id.in_(chunk), Source.canonical_id.is_(None)
        )
        found += [(i, t) for i, t in session.execute(stmt)]
    return sorted(found)
