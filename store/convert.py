"""Copies between ORM rows and the plain records of ``store.records``.

The only place that knows both shapes, so the rest of the project never holds a row. Spans
are kept as "start:end" strings in the database and as tuples everywhere else.
"""

from __future__ import annotations

from store.models import AuditEntry, Claim, Contradiction, Source, Topic
from store.records import (
    Article,
    AuditRecord,
    ClaimRecord,
    ClaimView,
    PairRecord,
    SourceRecord,
    Span,
    TopicRecord,
)


def span_text(span: Span) -> str | None:
    return f"{span[0]}:{span[1]}" if span else None


def span_of(text: str | None) -> Span:
    if not text:
        return None
    start, end = (int(x) for x in text.split(":"))
    return start, end


def article(row: Source) -> Article:
    return Article(
        text=row.text,
        path=row.path,
        title=row.title,
        outlet=row.outlet,
        published=row.published,
        published_approx=row.published_approx,
        url=row.url,
        author=row.author,
        external_id=row.external_id,
        line=row.line,
    )


def source_row(article: Article, digest: str, ingest_id: int, canonical_id: int | None) -> Source:
    return Source(
        ingest_id=ingest_id,
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


def source(row: Source) -> SourceRecord:
    story = row.story if row.published is None and row.story_id is not None else None
    first, last = (story.first_date, story.last_date) if story is not None else (None, None)
    return SourceRecord(
        id=row.id,
        path=row.path,
        line=row.line,
        title=row.title,
        outlet=row.outlet,
        published=row.published,
        published_approx=row.published_approx,
        url=row.url,
        author=row.author,
        canonical_id=row.canonical_id,
        story_first=first,
        story_last=last,
    )


def topic(row: Topic | None, claims: int = 0) -> TopicRecord | None:
    return TopicRecord(row.id, row.label, claims) if row is not None else None


def claim(row: Claim) -> ClaimRecord:
    return ClaimRecord(
        id=row.id,
        text=row.text,
        text_hash=row.text_hash,
        start=row.start,
        end=row.end,
        speaker=row.speaker,
        speech=row.speech,
        event_date=row.event_date,
        event_date_text=row.event_date_text,
        status=row.status,
        source=source(row.source),
        topic=topic(row.topic),
        newlines_before=row.source.text.count("\n", 0, row.start),
        frame=row.frame,
    )


def view(row: Claim) -> ClaimView:
    src = row.source
    story = src.story if src is not None and src.published is None and src.story_id else None
    first, last = (story.first_date, story.last_date) if story is not None else (None, None)
    return ClaimView(
        id=row.id,
        text=row.text,
        source_id=row.source_id,
        speaker=row.speaker,
        event_date=row.event_date,
        event_date_text=row.event_date_text,
        event_date_approx=row.event_date_approx,
        event_date_inherited=row.event_date_inherited,
        published=src.published if src is not None else None,
        frame=row.frame,
        story_first=first,
        story_last=last,
    )


def pair(row: Contradiction) -> PairRecord:
    return PairRecord(
        id=row.id,
        score=row.score,
        kind=row.kind,
        status=row.status,
        explanation=row.explanation,
        model=row.model,
        spans=(span_of(row.span_a), span_of(row.span_b)),
        claim_a=claim(row.claim_a),
        claim_b=claim(row.claim_b),
        ingest_id=row.ingest_id,
    )


def entry(row: AuditEntry) -> AuditRecord:
    return AuditRecord(
        id=row.id,
        at=row.at,
        by=row.by,
        entity=row.entity,
        entity_id=row.entity_id,
        field=row.field,
        old_value=row.old_value,
        new_value=row.new_value,
        note=row.note,
    )
