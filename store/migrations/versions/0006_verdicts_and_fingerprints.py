"""Keep scorer verdicts, and copy-detection fingerprints of canonical articles

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

``verdicts``: a contradiction scorer's verdict on an ordered pair of claim texts, keyed by
the SHA-256 of (model id, both inputs), so re-ingest, retopic and ``claims check`` never
score a pair twice. The model id names the runtime and precision.

``article_fingerprints``: the MinHash band keys (``store.fingerprints``) of every canonical
article, so an ingest reads only the stored articles its batch may copy. Articles stored
before this revision get their keys here.
"""

from __future__ import annotations

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
    from store.fingerprints import text_keys  # the one definition of a key

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


def downgrade() -> None:
    op.drop_index("ix_article_fingerprints_source_id", "article_fingerprints")
    op.drop_table("article_fingerprints")
    op.drop_table("verdicts")
