"""Entry points the CLI calls: each runs one job on the caller's session and returns data.

Stages come from a factory (``default_stages`` unless the caller passes another), so tests
and benchmarks hand in their own without patching anything. Nothing here reads stdin,
sets environment variables or prints: the CLI does that.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from claims.config import Settings
from claims.errors import BadInput, StoreError
from claims.pipeline.ingest import ingest_briefly
from claims.pipeline.runs import IngestReport
from claims.pipeline.stages import StageFactory, default_stages
from claims.sources.batch import check_paths
from claims.types import Progress, no_progress
from claims.words import plural

log = logging.getLogger(__name__)
_MEMORY = re.compile(r"^[1-9][0-9]*\s*(kB|MB|GB|TB)$")  # a maintenance_work_mem


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
        f"{plural(report.files, 'file')}, {plural(report.articles, 'article')}: "
        f"{report.sources_added} new, {plural(report.copies_added, 'copy', 'copies')} folded, "
        f"{report.already_stored} already stored.",
        f"{plural(report.claims_added, 'claim')} "
        f"({plural(report.sentences_dropped, 'sentence')} dropped), "
        f"{report.embeddings_computed} embedded, "
        f"{plural(report.topics_added, 'new story', 'new stories')}.",
        f"{plural(report.pairs_scored, 'candidate pair')} scored, "
        f"{plural(report.contradictions_added, 'contradiction')} flagged.",
    ]
    if report.articles and report.already_stored == report.articles:
        lines.insert(0, "Nothing new: every article of this batch is already stored.")
    if report.skipped_files:
        lines.append(f"Skipped {plural(len(report.skipped_files), 'bad file')}:")
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
    """Regroup every stored article into stories (a claim's topic is its article's story),
    from the stored profiles and title-and-lede vectors of the configured embedding model;
    articles stored before stories are read with spaCy and the embedder.

    Returns (claims, stories).
    """
    from claims.pipeline.analysis import rebuild_topics
    from claims.stories.profile import SpacyProfiler
    from claims.topics.embed import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(settings.embed_model)  # loads nothing yet
    return rebuild_topics(session, embedder.model_id, lambda: SpacyProfiler(embedder))


def migrate_store(db: str) -> tuple[str | None, str | None, list[str]]:
    """Bring the existing store ``db`` (path or URL) to the latest schema, first mending
    what an older claims' interrupted upgrade left in it (``store.repair``); (from, to,
    what was mended)."""
    from store import db as store

    path = store.store_file(db)
    if path is not None:
        if not path.exists():
            raise StoreError(f"no store at {path} (ingest creates one)")
        if path.stat().st_size == 0:
            raise StoreError(f"no store in {path}: the file is empty (ingest creates a store)")
        store.check_store_file(path, create=True)  # a foreign database: refused untouched
    engine = store.make_engine(db)
    mended: list[str] = []
    try:
        before, after = store.migrate(engine, repair=True, done=mended)
        return before, after, mended
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


@dataclass(frozen=True)
class Reindexed:
    """What was rebuilt: where, for how many vectors, how densely (PostgreSQL), how long."""

    model_id: str
    where: str  # the index's name, or the file's path
    vectors: int
    m: int | None  # the HNSW graph's settings on PostgreSQL; None on SQLite
    ef_construction: int | None
    seconds: float


def reindex(
    session: Session,
    embed_model: str,
    m: int | None = None,
    ef_construction: int | None = None,
    memory: str | None = None,
    progress: Progress = no_progress,
) -> Reindexed:
    """Rebuild the vector index of the embedding model named ``embed_model`` (its vectors,
    not the model, are read) in the caller's transaction (commit to keep it):
    on PostgreSQL its HNSW graph, beside the old one; on SQLite the usearch file, which
    lookups also rebuild when stale. Run on purpose, the long build (most of an hour at
    10M claims in bench/scale.py, on 2 cores) happens when chosen, not inside an ingest.
    ``progress`` gets ("HNSW graph", vectors loaded, vectors) as PostgreSQL reports them.

    ``m``, ``ef_construction`` (default: ``Graph``'s) and ``memory`` (this build's
    ``maintenance_work_mem``, e.g. '20GB') apply to PostgreSQL only. When the memory given
    is below what the graph needs, a warning says so before the long build starts.
    """
    from claims.topics.embed import SentenceTransformerEmbedder

    started = time.perf_counter()
    model_id = SentenceTransformerEmbedder(embed_model).model_id  # loads nothing
    if session.get_bind().dialect.name == "postgresql":
        return _postgres(session, model_id, (m, ef_construction), memory, started, progress)
    given = {"m": m, "ef_construction": ef_construction, "memory": memory}
    for option, value in given.items():
        if value is not None:
            raise BadInput("applies to PostgreSQL stores only", option=option)
    database = session.get_bind().url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise StoreError("a store in memory has no index file to rebuild")
    from store.ingest import high_water
    from store.vectors_file import FileIndex

    index = FileIndex(database)
    built, meta = index.build(session, model_id, high_water(session)[1])
    if built is None:
        raise StoreError(f"no claims embedded by {model_id} in the store to index")
    seconds = time.perf_counter() - started
    return Reindexed(model_id, str(index.paths(model_id)[0]), meta.indexed, None, None, seconds)


def _postgres(
    session: Session,
    model_id: str,
    shape: tuple[int | None, int | None],
    memory: str | None,
    started: float,
    progress: Progress,
) -> Reindexed:
    from store import vectors_pg as pg

    default, (m, ef_construction) = pg.Graph(), shape
    try:
        graph = pg.Graph(m or default.m, ef_construction or default.ef_construction)
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    if memory is not None and not _MEMORY.match(memory):
        raise BadInput(f"must be a size such as 512MB or 20GB, not {memory!r}", option="memory")
    vectors, dim = pg.model_vectors(session, model_id)
    if dim is None:
        raise StoreError(f"no claims embedded by {model_id} in the store to index")
    given, needed = pg.build_memory_given(session, memory), pg.build_memory(vectors, graph)
    if given < needed:
        log.warning(
            "maintenance_work_mem is %.1f GB; %d vectors at m %d want about %.1f GB, and "
            "pgvector builds many times slower without it",
            given / 1e9,
            vectors,
            graph.m,
            needed / 1e9,
        )
    stage = "HNSW graph"
    with pg.watching_build(session, lambda loaded: progress(stage, loaded, vectors)):
        pg.rebuild_index(session, model_id, dim, graph)
    progress(stage, vectors, vectors)
    seconds = time.perf_counter() - started
    name = pg.index_name(model_id, dim)
    return Reindexed(model_id, name, vectors, graph.m, graph.ef_construction, seconds)
