"""What an ingest reads and writes: runs, sources, claims, vectors, candidate data, flags.

Every function takes the caller's session and never commits: one ingest is one
transaction, owned by the caller. Rows stay inside store/; callers get plain records.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from store import convert
from store.batching import IN_CHUNK, batched
from store.models import Claim, Contradiction, DroppedSentence, Embedding, Ingest, Source
from store.records import Article, ClaimView, Flag, SentenceDraft

# a claim's article and, for an undated article, its story's dates (one join, not a read each)
_WITH_STORY = joinedload(Claim.source).joinedload(Source.story)


def start_ingest(session: Session, files: int) -> int:
    """Record a new ingest run; its id tags everything the run adds."""
    run = Ingest(started_at=datetime.now(UTC).replace(tzinfo=None), files=files)
    session.add(run)
    session.flush()
    return run.id


def finish_ingest(session: Session, ingest_id: int, sources: int, claims: int, flags: int) -> None:
    run = session.get_one(Ingest, ingest_id)
    run.sources_added, run.claims_added, run.contradictions_added = sources, claims, flags
    session.flush()


def canonical_texts(session: Session) -> list[tuple[int, str]]:
    """(id, text) of every canonical article, by id, for near-duplicate detection."""
    stmt = select(Source.id, Source.text).where(Source.canonical_id.is_(None)).order_by(Source.id)
    return [(i, t) for i, t in session.execute(stmt)]


def add_source(
    session: Session, ingest_id: int, article: Article, digest: str, canonical_id: int | None
) -> int:
    """Store an article (a copy when ``canonical_id`` is given); its id."""
    row = convert.source_row(article, digest, ingest_id, canonical_id)
    session.add(row)
    session.flush()
    return row.id


def add_claims(
    session: Session,
    source_id: int,
    drafts: Sequence[SentenceDraft],
    hashes: Sequence[tuple[str, str]],
) -> list[int]:
    """Store an article's kept sentences as claims and the rest as dropped; claim ids.

    ``hashes`` holds (text hash, embed hash) per draft: the embed hash names the vector.
    """
    rows: list[Claim] = []
    for draft, (text_hash, embed_hash) in zip(drafts, hashes, strict=True):
        if not draft.kept:
            reason = draft.drop_reason or ""
            session.add(
                DroppedSentence(
                    source_id=source_id, start=draft.start, end=draft.end, reason=reason
                )
            )
            continue
        who = draft.attribution
        rows.append(
            Claim(
                source_id=source_id,
                text=draft.text,
                text_hash=text_hash,
                start=draft.start,
                end=draft.end,
                speaker=who.speaker,
                speech=who.speech,
                event_date=who.event_date,
                event_date_text=who.event_date_text,
                event_date_approx=who.event_date_approx,
                event_date_inherited=who.event_date_inherited,
                frame=draft.frame,
                embed_hash=embed_hash,
            )
        )
    session.add_all(rows)
    session.flush()
    return [r.id for r in rows]


def embeddings_for(session: Session, model_id: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    """Stored vectors of ``model_id`` for the given text hashes."""
    found: dict[str, np.ndarray] = {}
    for chunk in batched(list(dict.fromkeys(hashes)), IN_CHUNK):
        stmt = select(Embedding.text_hash, Embedding.vector).where(
            Embedding.model_id == model_id, Embedding.text_hash.in_(chunk)
        )
        for text_hash, blob in session.execute(stmt):
            found[text_hash] = np.frombuffer(blob, dtype=np.float32)
    return found


def add_embeddings(
    session: Session, model_id: str, hashes: Sequence[str], vectors: np.ndarray
) -> None:
    """Store one vector per hash (float32 bytes, with the model id)."""
    session.add_all(
        Embedding(model_id=model_id, text_hash=h, dim=int(v.shape[0]), vector=v.tobytes())
        for h, v in zip(hashes, vectors.astype(np.float32), strict=True)
    )


def claim_views(session: Session) -> tuple[list[ClaimView], list[str]]:
    """Every claim as a scorer sees it, by id, with its embed hash (for its vector)."""
    stmt = select(Claim).options(_WITH_STORY).order_by(Claim.id)
    rows = list(session.scalars(stmt))
    return [convert.view(c) for c in rows], [c.embed_hash or c.text_hash for c in rows]


def claim_views_of(session: Session, ids: Iterable[int]) -> tuple[list[ClaimView], list[str]]:
    """Claims ``ids`` as a scorer sees them, by id, with their embed hashes (a bounded read:
    an ingest reads only the new claims' nearest stored neighbours)."""
    rows: list[Claim] = []
    for chunk in batched(sorted(set(ids)), IN_CHUNK):
        stmt = select(Claim).options(_WITH_STORY).where(Claim.id.in_(chunk))
        rows += session.scalars(stmt)
    rows.sort(key=lambda c: c.id)
    return [convert.view(c) for c in rows], [c.embed_hash or c.text_hash for c in rows]


def add_flags(session: Session, ingest_id: int, flags: Iterable[Flag]) -> None:
    """Store flagged pairs as open contradictions of this run."""
    session.add_all(
        Contradiction(
            claim_a_id=f.claim_a_id,
            claim_b_id=f.claim_b_id,
            score=f.score,
            kind=f.kind,
            explanation=f.explanation,
            span_a=convert.span_text(f.spans[0]),
            span_b=convert.span_text(f.spans[1]),
            model=f.model,
            status="open",
            ingest_id=ingest_id,
        )
        for f in flags
    )
    session.flush()


def high_water(session: Session) -> tuple[int, int]:
    """(largest source id, largest claim id): what a later writer compares to see change."""
    sources = session.scalar(select(func.max(Source.id))) or 0
    claims = session.scalar(select(func.max(Claim.id))) or 0
    return int(sources), int(claims)


def stored_keys(session: Session, digests: Iterable[str]) -> set[tuple[str, str, str | None]]:
    """(content hash, path, outlet) of every stored article with one of these hashes.

    A source's identity is its resolved path (``claims.sources.files``); a relative path
    stored by an older claims is also given resolved against the working directory, so
    another spelling of the same file is found as stored, not folded as a copy."""
    keys: set[tuple[str, str, str | None]] = set()
    for chunk in batched(list(dict.fromkeys(digests)), IN_CHUNK):
        stmt = select(Source.content_hash, Source.path, Source.outlet).where(
            Source.content_hash.in_(chunk)
        )
        for digest, path, outlet in session.execute(stmt):
            keys.add((digest, path, outlet))
            if not os.path.isabs(path):
                keys.add((digest, str(Path(path).resolve()), outlet))
    return keys
