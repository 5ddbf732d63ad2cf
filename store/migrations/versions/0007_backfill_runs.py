"""Backfill and rescore runs, their shards, and each model's score of a pair

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

``backfill_runs``: one ``claims backfill`` or ``claims rescore``, keyed by what it works on
(paths and models, or model and ``--since``), so a killed run is found and resumed.
``backfill_shards``: a shard of work a run finished (embedding or scoring), keyed by a hash
of its items (a rescore shard also lists its pairs, as JSON), written in the same
transaction as its results: a shard is either done and stored once, or redone.
``pair_scores``: the score each model gave a pair of claims, so ``report --model`` can set
a new model's scores beside the old ones.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backfill_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("ingest_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["ingest_id"], ["ingests.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_backfill_runs_key", "backfill_runs", ["key"])
    op.create_table(
        "backfill_shards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["backfill_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "phase", "key", name="uq_backfill_shard"),
    )
    op.create_table(
        "pair_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_a_id", sa.Integer(), nullable=False),
        sa.Column("claim_b_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["claim_a_id"], ["claims.id"]),
        sa.ForeignKeyConstraint(["claim_b_id"], ["claims.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_a_id", "claim_b_id", "model", name="uq_pair_score"),
    )
    op.create_index("ix_pair_scores_model", "pair_scores", ["model"])


def downgrade() -> None:
    op.drop_index("ix_pair_scores_model", "pair_scores")
    op.drop_table("pair_scores")
    op.drop_table("backfill_shards")
    op.drop_index("ix_backfill_runs_key", "backfill_runs")
    op.drop_table("backfill_runs")
