"""The rows the scale benchmark loads, for SQLite (bench/scale.py) and PostgreSQL
(bench/scale_pg.py) alike: public sentences, their real embeddings, noisy copies.

Why a module of its own: both stores' loaders need the same rows, and bench/scale.py runs
the PostgreSQL loader, so keeping these here keeps the two scripts free of an import cycle.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
NLI = ROOT.parent / "shared" / "nli" / "train"
BASE = 20_000  # distinct embedded sentences
MODEL = "all-MiniLM-L6-v2"
NOISE = 0.0245  # per dimension: |noise| about 0.48, cosine to the base vector about 0.9
CHUNK = 50_000


def base_texts(n: int = BASE) -> list[str]:
    """``n`` distinct public sentences (NLI premises and hypotheses), 30 to 300 characters."""
    seen: dict[str, None] = {}
    for path in sorted(NLI.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            for text in (row.get("premise", ""), row.get("hypothesis", "")):
                text = " ".join(str(text).split())
                if 30 <= len(text) <= 300:
                    seen.setdefault(text, None)
            if len(seen) >= n:
                return list(seen)[:n]
    return list(seen)


def base_vectors(texts: list[str]) -> np.ndarray:
    """Real embeddings of ``texts``, cached under bench/out/."""
    cache = OUT / f"scale-base-{len(texts)}.npy"
    if cache.exists():
        return np.load(cache)
    from claims.topics.embed import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    vectors = np.concatenate(
        [embedder.embed(texts[i : i + 512]) for i in range(0, len(texts), 512)]
    ).astype(np.float32)
    np.save(cache, vectors)
    return vectors


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rows(start: int, stop: int, texts: list[str], base: np.ndarray, rng: np.random.Generator):
    """Sources, claims and embeddings rows for claims start+1..stop (10 claims a source)."""
    which = np.arange(start, stop) % len(texts)
    noisy = base[which] + NOISE * rng.standard_normal((stop - start, base.shape[1]))
    noisy = (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)
    sources, claims, embeddings = [], [], []
    day0 = date(2020, 1, 1)
    for s in range(start // 10, (stop + 9) // 10):
        members = [i for i in range(s * 10, s * 10 + 10) if start <= i < stop]
        body, offsets = "", []
        for i in members:
            offsets.append((len(body), len(body) + len(texts[i % len(texts)])))
            body += texts[i % len(texts)] + " "
        published = (day0 + timedelta(days=s % 2000)).isoformat()
        sources.append(
            (s + 1, 1, f"scale/{s}.txt", 1, digest(body + str(s)), f"Article {s}",
             f"Outlet {s % 50}", published, 0, body, None)
        )  # fmt: skip
        for i, (a, b) in zip(members, offsets, strict=True):
            h = digest(f"{texts[i % len(texts)]}#{i}")
            topic = (i % len(texts)) // 10 + 1
            claims.append((i + 1, s + 1, texts[i % len(texts)], h, a, b, 0, topic, "unreviewed",
                           0, h))  # fmt: skip
            embeddings.append((MODEL, h, base.shape[1], noisy[i - start].tobytes()))
    return sources, claims, embeddings
