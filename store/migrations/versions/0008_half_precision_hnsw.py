"""Drop the full-precision per-model HNSW indexes (PostgreSQL only)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28

The per-model HNSW indexes are now built on ``vector::halfvec(dim)`` (store.vectors_pg), half
the size and half the build memory. The old ones, named ``ix_embeddings_hnsw_<hash>_<dim>``
without the ``h``, no longer answer any lookup but would still be updated by every insert;
the next lookup builds the new one. SQLite has none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD = r"^ix_embeddings_hnsw_[0-9a-f]{12}_[0-9]+$"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    names = bind.execute(
        sa.text(
            "SELECT indexname FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = 'embeddings' "
            "AND indexname ~ :old"
        ),
        {"old": OLD},
    ).scalars()
    for name in list(names):
        op.execute(f'DROP INDEX IF EXISTS "{name}"')


def downgrade() -> None:
    """Nothing: a lookup of the older code builds its full-precision index again."""
