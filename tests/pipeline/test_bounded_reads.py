"""A batch's reads do not grow with the store: no full read of claims, vectors, centroids or
topic texts on ingest, and the usearch file beside the db stays a cache (rebuilt when stale,
its tail searched exactly)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.pipeline import Stages, ingest
from store import ingest as store_ingest
from store import topics as topic_store
from store.models import Claim, Topic
from store.vectors import ExactIndex
from store.vectors_file import FileIndex
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.iterdir())


def run(session: Session, stages: Stages, *paths: Path) -> int:
    with session.begin():
        return ingest(session, list(paths), stages, Tuning(min_similarity=0.2)).claims_added


def test_second_batch_reads_no_full_table(
    session: Session, stages: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(session, stages, *SEED_FILES[:3]) > 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a full read during an ingest")

    monkeypatch.setattr(store_ingest, "claim_views", refuse)
    monkeypatch.setattr(topic_store, "stored_topics", refuse)
    monkeypatch.setattr(topic_store, "claim_texts_by_topic", refuse)
    assert run(session, stages, *SEED_FILES[3:]) > 0
    with session.begin():
        topics = list(session.scalars(select(Topic)))
        assert sum(bool(t.label) for t in topics) >= 0.8 * len(topics)  # some are stop words
        assert session.scalar(select(Claim.id).where(Claim.topic_id.is_(None))) is None


def test_the_nearest_claims_are_looked_up_once_and_stories_need_no_other_lookup(
    session: Session, stages: Stages, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nearest stored claims are looked up once, before the write lock: the stories a
    batch may join come from them and from its entities, and the write step (inside the
    lock) looks nothing up by vector."""
    from claims.pipeline.snapshot import StoredNeighbours

    assert run(session, stages, *SEED_FILES[:2]) > 0
    calls: list[int] = []
    real = StoredNeighbours.nearest

    def counted(self: StoredNeighbours, *args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(StoredNeighbours, "nearest", counted)
    assert run(session, stages, *SEED_FILES[2:4]) > 0
    assert len(calls) == 1
    with session.begin():
        assert session.scalar(select(Claim.id).where(Claim.topic_id.is_(None))) is None


def test_new_claims_join_the_topic_of_their_neighbours(session: Session, stages: Stages) -> None:
    run(session, stages, SEED_FILES[0])
    with session.begin():
        before = {t.id for t in session.scalars(select(Topic))}
    run(session, stages, SEED_FILES[0].with_name(SEED_FILES[0].name))  # already stored: no-op
    run(session, stages, *SEED_FILES[1:2])
    with session.begin():
        after = {t.id: t.size for t in session.scalars(select(Topic))}
    assert before <= set(after)


def test_file_index_is_rebuilt_when_stale_and_searches_its_tail(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    run(session, stages, *SEED_FILES[:2])
    index = FileIndex(str(tmp_path / "claims.db"), build_at=0)
    model = stages.embedder.model_id
    queries = stages.embedder.embed(["The minister said forty people were hurt in the fire."])
    with session.begin():
        top = store_ingest.high_water(session)[1]
        exact = ExactIndex().nearest(session, model, queries, 5, top)
        assert _ids(index.nearest(session, model, queries, 5, top)) == _ids(exact)
    path, meta_path = index.paths(model)
    covered = json.loads(meta_path.read_text())["covered"]
    run(session, stages, *SEED_FILES[2:])  # after the file: searched exactly as its tail
    with session.begin():
        top = store_ingest.high_water(session)[1]
        assert top > covered
        exact = ExactIndex().nearest(session, model, queries, 5, top)
        assert _ids(index.nearest(session, model, queries, 5, top)) == _ids(exact)
        assert _ids(index.nearest(session, model, queries, 5, covered // 2)) == _ids(
            ExactIndex().nearest(session, model, queries, 5, covered // 2)
        )  # an older snapshot sees none of the claims after its mark
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "claims": meta["claims"] + 1}))  # now stale
    path.write_bytes(b"damaged")
    with session.begin():
        assert _ids(index.nearest(session, model, queries, 5, top)) == _ids(exact)
    assert json.loads(meta_path.read_text())["claims"] != meta["claims"] + 1


def _ids(hits: list[list[tuple[int, float]]]) -> list[list[int]]:
    return [[i for i, _ in row] for row in hits]


def test_exact_index_breaks_ties_by_id() -> None:
    from store.vectors import exact_hits

    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    hits = exact_hits(np.array([4, 2, 3, 1]), vectors, np.array([[1.0, 0.0]]), 2)
    assert [i for i, _ in hits[0]] == [1, 2]
