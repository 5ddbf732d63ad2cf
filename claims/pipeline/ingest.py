"""Ingest a batch: read, fold copies, extract claims, embed; then analyse (see analysis).

The caller owns the session and its transaction, so a batch lands whole or not at all.
Stages are passed in (``Stages``); progress is reported through a callback so the
library never draws a bar itself.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from claims.errors import BadBatch, SourceUnreadable
from claims.pipeline.analysis import assign, flag
from claims.sources import copies as dedup
from claims.sources.readers import discover
from claims.types import (
    Article,
    ClaimExtractor,
    Clusterer,
    ContradictionScorer,
    Embedder,
    SentenceDraft,
    SourceReader,
)
from store import queries
from store.models import Claim, DroppedSentence, Ingest, Source

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Stages:
    """The swappable parts of the pipeline."""

    reader: SourceReader
    extractor: ClaimExtractor
    embedder: Embedder
    clusterer: Clusterer
    scorer: ContradictionScorer


@dataclass
class Options:
    """Tunables of one ingest (defaults from ``claims.config.Settings``)."""

    flag_threshold: float = 0.5
    neighbours: int = 12
    min_similarity: float = 0.35
    model_similarity: float = 0.5
    skip_bad: bool = False


@dataclass
class IngestReport:
    """What an ingest did, for the summary line and for benchmarks."""

    files: int = 0
    articles: int = 0
    sources_added: int = 0
    copies_added: int = 0
    already_stored: int = 0
    claims_added: int = 0
    sentences_dropped: int = 0
    embeddings_computed: int = 0
    topics_added: int = 0
    pairs_scored: int = 0
    contradictions_added: int = 0
    skipped_files: list[str] = field(default_factory=list)
    skipped_pairs: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    ingest_id: int | None = None
    new_claim_ids: list[int] = field(default_factory=list)


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _noop(stage: str, done: int, total: int) -> None:
    return None


class _Clock:
    def __init__(self, report: IngestReport) -> None:
        self.report = report
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.report.seconds[stage] = self.report.seconds.get(stage, 0.0) + now - self.last
        self.last = now


def read_batch(
    paths: Sequence[Path], reader: SourceReader, skip_bad: bool, report: IngestReport
) -> list[Article]:
    """Every article of the batch; bad files fail the batch unless ``skip_bad``."""
    problems: list[SourceUnreadable] = []
    try:
        files = discover(paths, strict=not skip_bad)
    except SourceUnreadable as exc:
        raise BadBatch([exc]) from exc
    articles: list[Article] = []
    for path in files:
        try:
            articles.extend(reader.read(path))
        except SourceUnreadable as exc:
            problems.append(exc)
    report.files = len(files)
    if problems and not skip_bad:
        raise BadBatch(problems)
    report.skipped_files = [str(p) for p in problems]
    report.articles = len(articles)
    return articles


def ingest(
    session: Session,
    paths: Sequence[Path],
    stages: Stages,
    options: Options | None = None,
    progress: Progress = _noop,
) -> IngestReport:
    """Ingest files or directories into the store held by ``session`` (not committed here)."""
    options = options or Options()
    report = IngestReport()
    clock = _Clock(report)
    articles = read_batch(paths, stages.reader, options.skip_bad, report)
    clock.lap("read")
    run = Ingest(started_at=datetime.now(UTC).replace(tzinfo=None), files=report.files)
    session.add(run)
    session.flush()
    report.ingest_id = run.id
    new_sources = _store_sources(session, articles, run, report)
    clock.lap("dedup")
    new_claims = _extract(session, new_sources, stages.extractor, report, progress)
    clock.lap("extract")
    vectors = _embed(session, new_claims, stages.embedder, report, progress)
    clock.lap("embed")
    report.topics_added = assign(
        session, new_claims, vectors, stages.embedder.model_id, stages.clusterer
    )
    clock.lap("topics")
    flag(session, new_claims, stages, options, run, report, progress, clock)
    run.sources_added = report.sources_added
    run.claims_added = report.claims_added
    run.contradictions_added = report.contradictions_added
    session.flush()
    clock.lap("store")
    return report


def _store_sources(
    session: Session, articles: list[Article], run: Ingest, report: IngestReport
) -> list[Source]:
    """Insert new articles; exact and near-duplicate copies point at their canonical one."""
    existing = queries.canonical_sources(session)
    fresh: list[tuple[Article, str]] = []
    seen: set[tuple[str, str, str | None]] = set()  # the same text twice in one file
    for article in articles:
        digest = dedup.content_hash(article.text)
        key = (digest, article.path, article.outlet)
        stored = queries.source_by_hash(session, digest)
        if key in seen or any(
            s.path == article.path and s.outlet == article.outlet for s in stored
        ):
            report.already_stored += 1
        else:
            seen.add(key)
            fresh.append((article, digest))
    texts = [t for _, t in existing] + [a.text for a, _ in fresh]
    canonical = _earliest_first(dedup.group_copies(texts), len(existing), fresh)
    rows: dict[int, Source] = {}
    new_sources: list[Source] = []
    order = sorted(range(len(fresh)), key=lambda n: canonical[n] != len(existing) + n)
    for n in order:  # canonical articles first, so their copies can point at them
        article, digest = fresh[n]
        target = canonical[n]
        if target < len(existing):
            canonical_id: int | None = existing[target][0]
        elif target != len(existing) + n:
            canonical_id = rows[target - len(existing)].id
        else:
            canonical_id = None
        row = _source_row(article, digest, run, canonical_id)
        session.add(row)
        session.flush()
        rows[n] = row
        if canonical_id is None:
            new_sources.append(row)
            report.sources_added += 1
        else:
            report.copies_added += 1
    return new_sources


def _earliest_first(groups: list[int], offset: int, fresh: list[tuple[Article, str]]) -> list[int]:
    """For each fresh article, the index of its canonical text among all texts.

    A group already in the store keeps its stored canonical article (ids stay stable); a
    group new in this batch is headed by its earliest published copy (the original rather
    than a reprint), ties broken by batch order.
    """
    members: dict[int, list[int]] = {}
    for n in range(len(fresh)):
        members.setdefault(groups[offset + n], []).append(n)
    canonical = [groups[offset + n] for n in range(len(fresh))]
    for head, group in members.items():
        if head < offset:
            continue
        first = min(group, key=lambda n: (fresh[n][0].published or date.max, n))
        for n in group:
            canonical[n] = offset + first
    return canonical


def _source_row(article: Article, digest: str, run: Ingest, canonical_id: int | None) -> Source:
    return Source(
        ingest_id=run.id,
        path=article.path,
        line=article.line,
        content_hash=digest,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        published_approx=article.published_approx,
        url=article.url,
        author=article.author,
        external_id=article.external_id,
        text=article.text,
        canonical_id=canonical_id,
    )


def _article_of(source: Source) -> Article:
    return Article(
        text=source.text,
        path=source.path,
        title=source.title,
        outlet=source.outlet,
        published=source.published,
        published_approx=source.published_approx,
        url=source.url,
        author=source.author,
        external_id=source.external_id,
        line=source.line,
    )


def inherit_article_event(drafts: list[SentenceDraft]) -> list[SentenceDraft]:
    """Date the undated claims of an article that names exactly one event day.

    A report that says the agreement was "signed on Sunday" is likely about that Sunday's
    event throughout; its undated claims inherit the day, marked as inherited: the guards
    rank such pairs lower but never keep claims apart on an inherited day alone.
    """
    days = {
        d.attribution.event_date_text for d in drafts if d.kept and d.attribution.event_date_text
    }
    if len(days) != 1:
        return drafts
    dated = next(d.attribution for d in drafts if d.attribution.event_date_text in days)
    out = []
    for draft in drafts:
        who = draft.attribution
        if draft.kept and not who.event_date_text:
            who = replace(
                who,
                event_date=dated.event_date,
                event_date_text=dated.event_date_text,
                event_date_approx=True,
                event_date_inherited=True,
            )
            draft = replace(draft, attribution=who)
        out.append(draft)
    return out


def _extract(
    session: Session,
    sources: list[Source],
    extractor: ClaimExtractor,
    report: IngestReport,
    progress: Progress,
) -> list[Claim]:
    claims: list[Claim] = []
    for n, source in enumerate(sources):
        for draft in inherit_article_event(extractor.extract(_article_of(source))):
            if not draft.kept:
                session.add(
                    DroppedSentence(
                        source_id=source.id,
                        start=draft.start,
                        end=draft.end,
                        reason=draft.drop_reason or "",
                    )
                )
                report.sentences_dropped += 1
                continue
            who = draft.attribution
            claims.append(
                Claim(
                    source_id=source.id,
                    text=draft.text,
                    text_hash=text_hash(draft.text),
                    start=draft.start,
                    end=draft.end,
                    speaker=who.speaker,
                    speech=who.speech,
                    event_date=who.event_date,
                    event_date_text=who.event_date_text,
                    event_date_approx=who.event_date_approx,
                    event_date_inherited=who.event_date_inherited,
                )
            )
        progress("extract", n + 1, len(sources))
    session.add_all(claims)
    session.flush()
    report.claims_added = len(claims)
    report.new_claim_ids = [c.id for c in claims]
    return claims


def _embed(
    session: Session,
    claims: list[Claim],
    embedder: Embedder,
    report: IngestReport,
    progress: Progress,
) -> np.ndarray:
    """Vectors of the new claims, computing only texts this model has not embedded yet."""
    hashes = [c.text_hash for c in claims]
    known = queries.embeddings_for(session, embedder.model_id, hashes)
    todo = {c.text_hash: c.text for c in claims if c.text_hash not in known}
    todo_hashes = list(todo)
    batch = 256
    for start in range(0, len(todo_hashes), batch):
        chunk = todo_hashes[start : start + batch]
        vectors = embedder.embed([todo[h] for h in chunk])
        queries.add_embeddings(session, embedder.model_id, chunk, vectors)
        known.update(zip(chunk, vectors, strict=True))
        progress("embed", min(start + batch, len(todo_hashes)), len(todo_hashes))
    report.embeddings_computed = len(todo_hashes)
    if not claims:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([known[h] for h in hashes]).astype(np.float32)
