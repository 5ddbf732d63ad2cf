"""Server-side sessions of the review desk

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

One row per sign-in to ``claims serve``. The browser's cookie holds only a random id;
the row is found by that id's SHA-256 (``key``), so a copy of the store signs nobody in.
A session ends when ``ended_at`` is set (sign-out, revoke, reset, ``claims reviewers
signout``) or when it has been idle, or open, for too long (``seen_at``, ``created_at``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_sessions",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(32), nullable=True),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewers.id"]),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_desk_sessions_reviewer_id", "desk_sessions", ["reviewer_id"])


def downgrade() -> None:
    op.drop_index("ix_desk_sessions_reviewer_id", table_name="desk_sessions")
    op.drop_table("desk_sessions")
