"""Copy detection reads only the stored articles that share a fingerprint with the batch.

Why: reading every canonical article on every ingest grows with the store. The band keys
stored at write time find exactly the articles ``group_copies`` could match, so the copies
found are the same as with a full read.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import store
from claims.pipeline import Stages
from claims.pipeline.snapshot import take_snapshot
from claims.sources import copies
from store import fingerprints
from store.db import make_engine, migrate, open_store
from store.models import ArticleFingerprint, Source
from tests.conftest import SEEDS
from tests.pipeline.test_ingest import run

BODY = (
    "The head of the council visited the capital on Monday to discuss a border accord. "
    "Officials said the accord covers patrols, smuggling and the exchange of intelligence. "
    "Details of the accord were not published, and neither side gave a date for signing."
)
OTHER = (
    "The harbour authority opened a second container terminal on Friday after two years. "
    "Dock workers said the terminal doubles the port's capacity for refrigerated goods."
)


def _batch(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_a_reprint_in_a_later_batch_folds_into_the_stored_original(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    run(session, stages, _batch(tmp_path / "a.jsonl", {"outlet": "Wire", "text": BODY}))
    run(session, stages, _batch(tmp_path / "b.jsonl", {"outlet": "Other", "text": OTHER}))
    report = run(
        session, stages, _batch(tmp_path / "c.jsonl", {"outlet": "Daily", "text": BODY + " AP"})
    )
    assert (report.sources_added, report.copies_added) == (0, 1)
    keyed = session.scalar(select(func.count(func.distinct(ArticleFingerprint.source_id))))
    assert keyed == 2  # canonical articles only; the copy has no keys


def test_the_snapshot_holds_only_articles_sharing_a_band(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    run(session, stages, _batch(tmp_path / "a.jsonl", {"text": BODY}, {"text": OTHER}))
    session.rollback()
    with session.begin():
        keys = copies.text_keys(BODY + " (AP)")
        snap = take_snapshot(session, stages.embedder.model_id, [], keys)
        full = take_snapshot(session, stages.embedder.model_id, [])
    assert [t for _, t in snap.canonical] == [BODY]
    assert len(full.canonical) == 2


def test_stored_keys_are_the_detector_s_bands() -> None:
    a, b = copies.permutations()
    sig = copies.signature(copies.shingles(BODY), a, b)
    assert copies.text_keys(BODY) == [copies.band_key(x) for x in copies.bands(sig)]
    assert len(set(copies.text_keys(BODY))) == copies.BANDS


@pytest.mark.parametrize(
    "text",
    [BODY, OTHER, "", "Four short words.", "“Quoted” — it’s_said, «twice» ''", "صورة مولدة"],
)
def test_the_migration_s_frozen_keys_equal_the_detector_s(text: str) -> None:
    """Migration 0006 back-fills with its own frozen copy of the key code (store/ imports
    nothing from claims/): if the detector's keys change, this fails, and the change needs
    a migration that recomputes the stored keys."""
    path = Path(store.__file__).parent / "migrations/versions/0006_verdicts_and_fingerprints.py"
    spec = importlib.util.spec_from_file_location("migration_0006", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.text_keys(text) == copies.text_keys(text)


def test_the_migration_back_fills_stored_canonical_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    migrate(engine, "0005")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO ingests VALUES (1, '2025-01-01', 1, 2, 0, 0)"))
        for n, (text, head) in enumerate([(BODY, None), (BODY + " AP", 1), (OTHER, None)], 1):
            conn.execute(
                sa.text(
                    "INSERT INTO sources (id, ingest_id, path, line, content_hash, text,"
                    " canonical_id, published_approx) VALUES (:i, 1, 'p', 1, :h, :t, :c, 0)"
                ),
                {"i": n, "h": copies.content_hash(text), "t": text, "c": head},
            )
    engine.dispose()
    engine = open_store(path)
    with Session(engine) as s:
        rows = s.execute(select(ArticleFingerprint.source_id, ArticleFingerprint.key)).all()
        assert {i for i, _ in rows} == {1, 3}
        assert sorted(k for i, k in rows if i == 1) == sorted(copies.text_keys(BODY))
        assert [i for i, _ in fingerprints.sharing_keys(s, copies.text_keys(BODY))] == [1]
        assert s.scalar(select(func.count()).select_from(Source)) == 3
    engine.dispose()


def test_seed_reprints_under_new_paths_fold_into_the_stored_seeds(
    session: Session, stages: Stages, tmp_path: Path
) -> None:
    """Seed 000 (the AP article and its Yahoo copy) keeps its copy, and the same page
    ingested again under a new name adds only copies, found through the stored keys."""
    [page] = SEEDS.glob("000_*.txt")  # the page with the AP article and its copies
    first = run(session, stages, page)
    assert first.copies_added == 1  # the Yahoo copy of the AP article, within the batch
    reprint = tmp_path / f"reprint-{page.name}"
    reprint.write_text(page.read_text(encoding="utf-8"))
    second = run(session, stages, reprint)
    assert second.sources_added == 0 and second.claims_added == 0
    assert second.copies_added == second.articles
