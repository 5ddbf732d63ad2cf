"""Index claims by (topic_id, id) instead of topic_id alone

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28

A topic's label is recomputed from its latest 50 claims (store.topics.recent_texts). With
an index on topic_id alone, PostgreSQL walked the primary key backwards and filtered by
topic: about 2 s a topic at 10M claims, and the whole table for a topic whose claims are
old. On (topic_id, id) the latest claims of a topic are the end of one index range. It
also serves the topic foreign key, as the old index did.
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claims_topic_recent", "claims", ["topic_id", "id"])
    op.drop_index("ix_claims_topic_id", table_name="claims")


def downgrade() -> None:
    op.create_index("ix_claims_topic_id", "claims", ["topic_id"])
    op.drop_index("ix_claims_topic_recent", table_name="claims")
