"""Topics become stories: articles grouped by event; corroborating claim pairs

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

A topic is now a story (one event or ongoing situation): ``topics`` gains the story's date
range, its article count and its entities (JSON: name -> [articles naming it, display
form]); ``sources.story_id`` puts each article (copies too) in its story, and
``sources.profile`` keeps what the story stage read of it (entities, title phrases), so
``claims retopic`` regroups without reading the articles again. ``story_entities`` finds
the stories naming an entity (the stories a new article may join) and counts articles per
entity (rarer entities weigh more). ``corroborations``: the same proposition from two
articles, recorded instead of scored. Existing topics stay until ``claims retopic``.
Plain ADD COLUMNs (no batch rebuild): rows other tables reference stay where they are;
``sources.story_id`` therefore carries no foreign key on SQLite's terms, only an index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("topics", sa.Column("first_date", sa.Date(), nullable=True))
    op.add_column("topics", sa.Column("last_date", sa.Date(), nullable=True))
    op.add_column("topics", sa.Column("articles", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("topics", sa.Column("entities", sa.Text(), nullable=True))
    op.add_column("sources", sa.Column("story_id", sa.Integer(), nullable=True))
    op.add_column("sources", sa.Column("profile", sa.Text(), nullable=True))
    op.create_index("ix_sources_story_id", "sources", ["story_id"])
    op.create_table(
        "story_entities",
        sa.Column("entity", sa.String(200), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"]),
        sa.PrimaryKeyConstraint("entity", "topic_id"),
    )
    op.create_index("ix_story_entities_topic_id", "story_entities", ["topic_id"])
    op.create_table(
        "corroborations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_a_id", sa.Integer(), nullable=False),
        sa.Column("claim_b_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(["claim_a_id"], ["claims.id"]),
        sa.ForeignKeyConstraint(["claim_b_id"], ["claims.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_a_id", "claim_b_id", name="uq_corroboration_pair"),
    )
    op.create_index("ix_corroborations_claim_b_id", "corroborations", ["claim_b_id"])


def downgrade() -> None:
    op.drop_index("ix_corroborations_claim_b_id", "corroborations")
    op.drop_table("corroborations")
    op.drop_index("ix_story_entities_topic_id", "story_entities")
    op.drop_table("story_entities")
    op.drop_index("ix_sources_story_id", "sources")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("profile")
        batch.drop_column("story_id")
    with op.batch_alter_table("topics") as batch:
        for column in ("entities", "articles", "last_date", "first_date"):
            batch.drop_column(column)
