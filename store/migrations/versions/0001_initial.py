"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27

On PostgreSQL the vector column is pgvector's ``vector`` (no fixed dimension: one column
holds every model's vectors), so the extension is created first; on SQLite it is a BLOB of
float32 bytes. ``store.columns.VectorBytes`` makes both look like bytes to Python.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _vector_type() -> sa.types.TypeEngine:
    """pgvector's ``vector`` on PostgreSQL (created here if missing), a BLOB elsewhere."""
    if op.get_bind().dialect.name != "postgresql":
        return sa.LargeBinary()
    from pgvector.sqlalchemy import VECTOR

    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    return VECTOR()


def upgrade() -> None:

    op.create_table(
        "embeddings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.String(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", _vector_type(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("model_id", "text_hash", name="uq_embedding"),
    )
    op.create_table(
        "ingests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("sources_added", sa.Integer(), nullable=False),
        sa.Column("claims_added", sa.Integer(), nullable=False),
        sa.Column("contradictions_added", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("centroid", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ingest_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("outlet", sa.String(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_approx", sa.Boolean(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("author", sa.String(), nullable=True),
        sa.Column("external_id", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("canonical_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["canonical_id"],
            ["sources.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ingest_id"],
            ["ingests.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash", "path", "outlet", name="uq_source_copy"),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_canonical_id"), ["canonical_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sources_content_hash"), ["content_hash"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(), nullable=True),
        sa.Column("speech", sa.String(length=16), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("event_date_text", sa.String(), nullable=True),
        sa.Column("event_date_approx", sa.Boolean(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "start", name="uq_claim_position"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_text_hash"), ["text_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "dropped_sentences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dropped_sentences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dropped_sentences_source_id"), ["source_id"], unique=False
        )

    op.create_table(
        "contradictions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_a_id", sa.Integer(), nullable=False),
        sa.Column("claim_b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("span_a", sa.String(length=32), nullable=True),
        sa.Column("span_b", sa.String(length=32), nullable=True),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ingest_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_a_id"],
            ["claims.id"],
        ),
        sa.ForeignKeyConstraint(
            ["claim_b_id"],
            ["claims.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ingest_id"],
            ["ingests.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_a_id", "claim_b_id", name="uq_contradiction_pair"),
    )
    with op.batch_alter_table("contradictions", schema=None) as batch_op:
        batch_op.create_index("ix_contradictions_score", ["score"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("contradictions", schema=None) as batch_op:
        batch_op.drop_index("ix_contradictions_score")

    op.drop_table("contradictions")
    with op.batch_alter_table("dropped_sentences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dropped_sentences_source_id"))

    op.drop_table("dropped_sentences")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_topic_id"))
        batch_op.drop_index(batch_op.f("ix_claims_text_hash"))
        batch_op.drop_index(batch_op.f("ix_claims_source_id"))

    op.drop_table("claims")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_content_hash"))
        batch_op.drop_index(batch_op.f("ix_sources_canonical_id"))

    op.drop_table("sources")
    op.drop_table("topics")
    op.drop_table("ingests")
    op.drop_table("embeddings")
