"""Store each claim's frame (who says it, what is claimed) and the hash of what was embedded

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

The frame is JSON (speaker, reporting verb, proposition, polarity, times); the proposition
is what is embedded and scored, so the vector of a claim is looked up by ``embed_hash``.
Claims stored before this revision have no frame: their sentence is their proposition.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch rebuild): rows other tables reference stay where they are.
    op.add_column("claims", sa.Column("frame", sa.Text(), nullable=True))
    op.add_column("claims", sa.Column("embed_hash", sa.String(64), nullable=True))
    op.execute("UPDATE claims SET embed_hash = text_hash")
    op.create_index("ix_claims_embed_hash", "claims", ["embed_hash"])


def downgrade() -> None:
    op.drop_index("ix_claims_embed_hash", "claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("embed_hash")
        batch.drop_column("frame")
