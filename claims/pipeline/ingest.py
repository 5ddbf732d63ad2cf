"""Ingest a batch: read, fold copies, extract claims, embed; then analyse (see analysis).

The caller owns the session and its transaction, so a batch lands whole or not at all.
Stages are passed in (``Stages``); progress is reported through a callback so the
library never draws a bar itself. Every row is written through store/.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from claims.config import Tuning
from claims.extract.attribution import inherit_article_event
from claims.pipeline.analysis import assign, flag
from claims.pipeline.runs import Clock, IngestReport, Stages
from claims.sources import copies
from claims.sources.batch import read_batch
from claims.types import (
    Article,
    ClaimExtractor,
    Embedder,
    Progress,
    no_progress,
)
from store import ingest as store
from store.batching import batched

log = logging.getLogger(__name__)

EMBED_BATCH = 256


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def ingest(
    session: Session,
    paths: Sequence[Path],
    stages: Stages,
    tuning: Tuning | None = None,
    progress: Progress = no_progress,
    *,
    skip_bad: bool = False,
) -> IngestReport:
    """Ingest files or directories into the store held by ``session`` (not committed here)."""
    report = IngestReport()
    clock = Clock(report)
    batch = read_batch(paths, stages.reader, skip_bad)
    report.files, report.articles = batch.files, len(batch.articles)
    report.skipped_files = [str(p) for p in batch.skipped]
    articles = batch.articles
    clock.lap("read")
    run_id = report.ingest_id = store.start_ingest(session, report.files)
    new_sources = _store_sources(session, articles, run_id, report)
    clock.lap("dedup")
    claim_ids, texts = _extract(session, new_sources, stages.extractor, report, progress)
    clock.lap("extract")
    vectors = _embed(session, texts, stages.embedder, report, progress)
    clock.lap("embed")
    report.topics_added = assign(
        session, claim_ids, vectors, stages.embedder.model_id, stages.clusterer
    )
    clock.lap("topics")
    flag(session, claim_ids, stages, tuning or Tuning(), report, progress, clock)
    store.finish_ingest(
        session, run_id, report.sources_added, report.claims_added, report.contradictions_added
    )
    clock.lap("store")
    return report


def _store_sources(
    session: Session, articles: list[Article], run_id: int, report: IngestReport
) -> list[tuple[int, Article]]:
    """Insert new articles; exact and near-duplicate copies point at their canonical one."""
    existing = store.canonical_texts(session)
    fresh: list[tuple[Article, str]] = []
    seen: set[tuple[str, str, str | None]] = set()  # the same text twice in one file
    for article in articles:
        digest = copies.content_hash(article.text)
        key = (digest, article.path, article.outlet)
        if key in seen or (article.path, article.outlet) in store.stored_copies(session, digest):
            report.already_stored += 1
        else:
            seen.add(key)
            fresh.append((article, digest))
    texts = [t for _, t in existing] + [a.text for a, _ in fresh]
    groups = copies.group_copies(texts)
    heads = copies.earliest_heads(groups, len(existing), [a.published for a, _ in fresh])
    ids: dict[int, int] = {}
    new_sources: list[tuple[int, Article]] = []
    order = sorted(range(len(fresh)), key=lambda n: heads[n] != len(existing) + n)
    for n in order:  # canonical articles first, so their copies can point at them
        article, digest = fresh[n]
        head = heads[n]
        if head < len(existing):
            canonical: int | None = existing[head][0]
        else:
            canonical = ids[head - len(existing)] if head != len(existing) + n else None
        ids[n] = store.add_source(session, run_id, article, digest, canonical)
        if canonical is None:
            new_sources.append((ids[n], article))
            report.sources_added += 1
        else:
            report.copies_added += 1
    return new_sources


def _extract(
    session: Session,
    sources: list[tuple[int, Article]],
    extractor: ClaimExtractor,
    report: IngestReport,
    progress: Progress,
) -> tuple[list[int], list[str]]:
    """Claims of the new canonical articles: (claim ids, claim texts), in store order."""
    claim_ids: list[int] = []
    texts: list[str] = []
    for n, (source_id, article) in enumerate(sources):
        drafts = inherit_article_event(extractor.extract(article))
        kept = [d.text for d in drafts if d.kept]
        claim_ids += store.add_claims(
            session, source_id, drafts, [text_hash(d.text) for d in drafts]
        )
        texts += kept
        report.sentences_dropped += len(drafts) - len(kept)
        progress("extract", n + 1, len(sources))
    report.claims_added = len(claim_ids)
    report.new_claim_ids = list(claim_ids)
    return claim_ids, texts


def _embed(
    session: Session,
    texts: list[str],
    embedder: Embedder,
    report: IngestReport,
    progress: Progress,
) -> np.ndarray:
    """Vectors of the new claims, computing only texts this model has not embedded yet."""
    hashes = [text_hash(t) for t in texts]
    known = store.embeddings_for(session, embedder.model_id, hashes)
    pending = {h: t for h, t in zip(hashes, texts, strict=True) if h not in known}
    todo = list(pending)
    done = 0
    for chunk in batched(todo, EMBED_BATCH):
        vectors = embedder.embed([pending[h] for h in chunk])
        store.add_embeddings(session, embedder.model_id, chunk, vectors)
        known.update(zip(chunk, vectors, strict=True))
        done += len(chunk)
        progress("embed", done, len(todo))
    report.embeddings_computed = len(todo)
    if not hashes:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([known[h] for h in hashes]).astype(np.float32)
