"""Half-precision per-model HNSW indexes (PostgreSQL only)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28

The per-model HNSW indexes are now built on ``vector::halfvec(dim)`` (store.vectors_pg), half
the size and about half the build memory. Each old one, ``ix_embeddings_hnsw_<hash>_<dim>``
without the ``h``, is dropped and its model's new one built here, so the wait falls on
``claims migrate`` and not on the next ingest. pgvector builds many times faster when the
graph fits in ``maintenance_work_mem`` (about 1.5 kB a claim): raise it for a large store.
SQLite has none.
"""

from __future__ import annotations

import hashlib

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
    old = set(
        bind.execute(
            sa.text(
                "SELECT indexname FROM pg_indexes "
                "WHERE schemaname = current_schema() AND tablename = 'embeddings' "
                "AND indexname ~ :old"
            ),
            {"old": OLD},
        ).scalars()
    )
    if not old:
        return
    models = bind.execute(sa.text("SELECT DISTINCT model_id, dim FROM embeddings")).all()
    for name in sorted(old):
        op.execute(f'DROP INDEX IF EXISTS "{name}"')
    for model_id, dim in models:  # store.vectors_pg's names and DDL, frozen here as of 0008
        name = f"ix_embeddings_hnsw_{hashlib.sha256(model_id.encode()).hexdigest()[:12]}_{dim}"
        if name in old:
            literal = "'" + model_id.replace("'", "''") + "'"
            op.execute(
                f"CREATE INDEX IF NOT EXISTS {name}h ON embeddings USING hnsw "
                f"((vector::halfvec({int(dim)})) halfvec_cosine_ops) WHERE model_id = {literal}"
            )


def downgrade() -> None:
    """Nothing: a lookup of the older code builds its full-precision index again."""
