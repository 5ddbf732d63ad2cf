"""Keep scorer verdicts, and copy-detection fingerprints of canonical articles

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

``verdicts``: a contradiction scorer's verdict on an ordered pair of claim texts, keyed by
the SHA-256 of (model id, both inputs), so re-ingest, retopic and ``claims check`` never
score a pair twice. The model id names the runtime and precision.

``article_fingerprints``: the MinHash band keys (``claims.sources.copies.text_keys``) of
every canonical article, so an ingest reads only the stored articles its batch may copy.
Articles stored before this revision get their keys here, from a frozen copy of that code:
a migration keeps computing what it computed when written, and store/ imports nothing from
claims/ (tests/pipeline/test_copy_fingerprints.py checks the two give the same keys).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_CHUNK = 200  # articles per back-fill step: bounded memory on a large store


def upgrade() -> None:
    op.create_table(
        "verdicts",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("model_id", sa.String(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("span_a", sa.String(32), nullable=True),
        sa.Column("span_b", sa.String(32), nullable=True),
        sa.Column("model", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "article_fingerprints",
        sa.Column("key", sa.String(16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.PrimaryKeyConstraint("key", "source_id"),
    )
    op.create_index("ix_article_fingerprints_source_id", "article_fingerprints", ["source_id"])
    _backfill()


def _backfill() -> None:
    """Band keys of every canonical article already stored, a chunk of articles at a time."""
    bind = op.get_bind()
    table = sa.table("article_fingerprints", sa.column("key"), sa.column("source_id"))
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, text FROM sources WHERE canonical_id IS NULL AND id > :last "
                "ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": _CHUNK},
        ).all()
        if not rows:
            return
        values = [
            {"key": key, "source_id": source_id}
            for source_id, text in rows
            for key in set(text_keys(text))
        ]
        bind.execute(table.insert(), values)
        last = rows[-1][0]


# The band keys as claims.sources.copies computed them at this revision (frozen).
_QUOTES = str.maketrans({c: "'" for c in '‘’‚‛“”„‟«»‹›"`´′″'})
_NON_WORD = re.compile(r"[^\w']+")
_EDGE_QUOTES = re.compile(r"(?<!\w)'+|'+(?!\w)")


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def _shingles(text: str, k: int = 5) -> set[int]:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = _EDGE_QUOTES.sub(" ", _NON_WORD.sub(" ", text.replace("_", " ")))
    words = text.split()
    if len(words) <= k:
        return {_hash64(" ".join(words))} if words else set()
    return {_hash64(" ".join(words[i : i + k])) for i in range(len(words) - k + 1)}


def text_keys(text: str, num_perm: int = 128, bands: int = 32) -> list[str]:
    """The 32 MinHash band keys of ``text`` (128 seeded multiply-shift permutations)."""
    rng = np.random.default_rng(20250811)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    found = _shingles(text)
    if not found:
        sig = np.full(a.shape, np.iinfo(np.uint64).max, dtype=np.uint64)
    else:
        values = np.fromiter(found, dtype=np.uint64, count=len(found))
        with np.errstate(over="ignore"):
            hashed = (values[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
        sig = (hashed & np.uint64(0xFFFFFFFF)).min(axis=0)
    rows = num_perm // bands
    return [
        hashlib.blake2b(
            bytes([n]) + sig[n * rows : (n + 1) * rows].tobytes(), digest_size=8
        ).hexdigest()
        for n in range(bands)
    ]


def downgrade() -> None:
    op.drop_index("ix_article_fingerprints_source_id", "article_fingerprints")
    op.drop_table("article_fingerprints")
    op.drop_table("verdicts")
