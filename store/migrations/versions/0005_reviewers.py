"""Reviewers who may sign in to ``claims serve``

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

One row per reviewer: a unique name, the argon2 hash of their sign-in token (the token
itself is printed once and never stored), whether they may only read, and when they were
added or revoked. Rows are never deleted, so every name in the audit log stays known.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("read_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_reviewer_name"),
    )


def downgrade() -> None:
    op.drop_table("reviewers")
