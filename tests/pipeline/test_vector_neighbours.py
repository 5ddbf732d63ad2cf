"""A batch compared with its nearest stored claims finds exactly what a full scan found.

The reference is today's full read: every stored claim handed to ``candidate_pairs``. The
exact index must give the same candidate pairs, flags and skip counts on the fixtures and
seeds; the usearch file (built even for a small store here), nearly the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.pipeline import Stages, ingest
from claims.pipeline.prepare import Caches, Prepared, prepare
from claims.pipeline.snapshot import take_snapshot
from claims.sources import copies
from claims.sources.batch import read_batch
from claims.types import no_progress
from store.vectors import ExactIndex, Hits, VectorIndex, iter_vectors
from store.vectors_file import FileIndex
from tests.conftest import FIXTURES, SEEDS

SEED_FILES = sorted(SEEDS.iterdir())
STORED = [*SEED_FILES[:3], FIXTURES / "batches" / "basic"]
BATCH = [*SEED_FILES[3:], FIXTURES / "batches" / "more", FIXTURES / "batches" / "check"]


class EveryClaim:
    """Today's full scan as an 'index': every stored claim up to the mark, for any query."""

    def add(self, session: Session, model_id: str, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Nothing to keep."""

    def nearest(
        self, session: Session, model_id: str, queries: np.ndarray, k: int, max_id: int
    ) -> Hits:
        ids = [int(i) for chunk, _ in iter_vectors(session, model_id, 0, max_id) for i in chunk]
        return [[(i, 0.0) for i in ids] for _ in range(len(queries))]


def prepared_with(session: Session, stages: Stages, index: VectorIndex, tuning: Tuning) -> Prepared:
    batch = read_batch(BATCH, stages.reader)
    digests = [copies.content_hash(a.text) for a in batch.articles]
    with session.begin():
        snapshot = take_snapshot(session, stages.embedder.model_id, digests, index=index)
    return prepare(batch.articles, snapshot, stages, tuning, Caches(), no_progress)


def outcome(out: Prepared) -> tuple[object, ...]:
    flags = sorted((f.claim_a_id, f.claim_b_id, f.kind, round(f.score, 6)) for f in out.flags)
    return flags, out.pairs_scored, out.skipped_pairs


@pytest.mark.parametrize("neighbours", [2, 12])
def test_indexes_find_what_a_full_scan_finds(
    session: Session, stages: Stages, tmp_path: Path, neighbours: int
) -> None:
    with session.begin():
        stored = ingest(session, STORED, stages, Tuning(min_similarity=0.0))
    assert stored.claims_added > 30
    tuning = Tuning(neighbours=neighbours, min_similarity=0.0)
    full = outcome(prepared_with(session, stages, EveryClaim(), tuning))
    assert full[1] > 0
    assert outcome(prepared_with(session, stages, ExactIndex(), tuning)) == full
    sidecar = FileIndex(str(tmp_path / "claims.db"), build_at=0)
    approx = outcome(prepared_with(session, stages, sidecar, tuning))
    assert sidecar.paths(stages.embedder.model_id)[0].exists()
    # HNSW on float16 vectors is approximate: a near-tie at the k-th neighbour may differ
    assert abs(approx[1] - full[1]) <= 0.02 * full[1]
    assert len(set(approx[0]) & set(full[0])) >= 0.95 * len(full[0])
