"""Entry points the CLI calls: each runs one job on the caller's session and returns data.

Stages come from a factory (``default_stages`` unless the caller passes another), so tests
and benchmarks hand in their own without patching anything. Nothing here reads stdin,
sets environment variables or prints: the CLI does that.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from claims.config import Settings
from claims.errors import StoreError
from claims.pipeline.ingest import ingest_briefly
from claims.pipeline.runs import IngestReport
from claims.pipeline.stages import StageFactory, default_stages
from claims.sources.batch import check_paths
from claims.types import Progress, no_progress


def ingest_paths(
    engine: Engine,
    paths: Sequence[Path],
    settings: Settings,
    skip_bad: bool = False,
    progress: Progress = no_progress,
    stages: StageFactory = default_stages,
) -> IngestReport:
    """Ingest ``paths`` with the stages ``stages`` builds from ``settings``, holding the
    store's write lock only while writing (models run before it is taken). A bad path
    fails before the models start loading."""
    check_paths(paths, skip_bad)
    built = stages(settings)
    report, _ = ingest_briefly(engine, paths, built, settings.tuning, progress, skip_bad=skip_bad)
    return report


def summary(report: IngestReport) -> str:
    """The one-paragraph summary printed after an ingest."""
    lines = [
        f"{report.files} file(s), {report.articles} article(s): "
        f"{report.sources_added} new, {report.copies_added} copies folded, "
        f"{report.already_stored} already stored.",
        f"{report.claims_added} claims ({report.sentences_dropped} sentences dropped), "
        f"{report.embeddings_computed} embedded, {report.topics_added} new topics.",
        f"{report.pairs_scored} candidate pairs scored, "
        f"{report.contradictions_added} contradictions flagged.",
    ]
    if report.articles and report.already_stored == report.articles:
        lines.insert(0, "Nothing new: every article of this batch is already stored.")
    if report.skipped_files:
        lines.append(f"Skipped {len(report.skipped_files)} bad file(s):")
        lines.extend(f"  {problem}" for problem in report.skipped_files)
    return "\n".join(lines)


def validate_pair_lines(lines: Sequence[str]) -> None:
    """Check every premise/hypothesis JSON line before any is scored (BadInput names the
    line), so a bad line fails the run up front instead of after part of the output."""
    from claims.detect.nli.pairs import parse_pair

    for lineno, line in enumerate(lines, start=1):
        if line.strip():
            parse_pair(line, lineno)


def retopic(session: Session, settings: Settings) -> tuple[int, int]:
    """Rebuild every topic from the stored vectors of the configured embedding model.

    Returns (claims, topics).
    """
    from claims.pipeline.analysis import rebuild_topics
    from claims.topics.cluster import AgglomerativeClusterer
    from claims.topics.embed import SentenceTransformerEmbedder

    model_id = SentenceTransformerEmbedder(settings.embed_model).model_id  # loads nothing
    return rebuild_topics(session, model_id, AgglomerativeClusterer())


def migrate_store(db: str) -> tuple[str | None, str | None]:
    """Bring the existing store ``db`` (path or URL) to the latest schema; (from, to)."""
    from store import db as store

    path = store.store_file(db)
    if path is not None and not path.exists():
        raise StoreError(f"no store at {path} (ingest creates one)")
    engine = store.make_engine(db)
    try:
        return store.migrate(engine)
    finally:
        engine.dispose()


def copy_store(source_db: str, target_db: str, progress: Progress = no_progress) -> dict[str, int]:
    """Copy the store ``source_db`` into the empty store ``target_db`` (created when it is a
    SQLite file that does not exist yet), ids, reviews and audit log intact, in one
    transaction; rows copied per table. Both are brought to the latest schema first."""
    from store import db as store
    from store.copy import copy_store as copy_rows

    path = store.store_file(source_db)
    if path is not None and not path.exists():
        raise StoreError(f"no store at {path} to copy from")
    source = store.open_store(source_db)
    try:
        target = store.open_store(target_db)
        try:
            return copy_rows(source, target, progress)
        finally:
            target.dispose()
    finally:
        source.dispose()
