"""Stored verdicts keep P(entailment) of both directions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

A scored pair that entails both ways is a paraphrase, recorded as corroborating sources and
never flagged; a stored verdict must keep the two probabilities for a later ingest or check
to judge it alike. Plain nullable ADD COLUMNs: verdicts stored before stay as they are and
load with no entailment (NULL), which corroborates nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("verdicts", sa.Column("entail_ab", sa.Float(), nullable=True))
    op.add_column("verdicts", sa.Column("entail_ba", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("verdicts") as batch:
        batch.drop_column("entail_ba")
        batch.drop_column("entail_ab")
