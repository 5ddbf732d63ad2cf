"""Mark event dates a claim inherits from its article

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

An inherited day may rank a pair lower but never keeps two claims apart on its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite allows it with a constant default, and unlike a batch
    # rebuild it leaves the rows that other tables reference where they are.
    op.add_column(
        "claims",
        sa.Column("event_date_inherited", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("event_date_inherited")
