"""SQLAlchemy 2.0 models: sources, claims, dropped sentences, embeddings, topics, contradictions,
and the append-only audit log of review verdicts.

The schema itself is owned by Alembic migrations (store/migrations); these models must
match the latest revision, which a test checks.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false as sa_false

from store.columns import VectorBytes


class Base(DeclarativeBase):
    pass


class Ingest(Base):
    """One run of ``claims ingest``: when, what, and what it added."""

    __tablename__ = "ingests"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    files: Mapped[int] = mapped_column(Integer, default=0)
    sources_added: Mapped[int] = mapped_column(Integer, default=0)
    claims_added: Mapped[int] = mapped_column(Integer, default=0)
    contradictions_added: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"Ingest(id={self.id}, started_at={self.started_at})"


class Source(Base):
    """One article. A syndicated copy points at its canonical article and holds no claims."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("content_hash", "path", "outlet", name="uq_source_copy"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ingest_id: Mapped[int] = mapped_column(ForeignKey("ingests.id"))
    path: Mapped[str] = mapped_column(String)
    line: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(String)
    outlet: Mapped[str | None] = mapped_column(String)
    published: Mapped[date | None] = mapped_column(Date)
    published_approx: Mapped[bool] = mapped_column(Boolean, default=False)
    url: Mapped[str | None] = mapped_column(String)
    author: Mapped[str | None] = mapped_column(String)
    external_id: Mapped[str | None] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    canonical_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    # stories (migration 0011): the article's story (a topics row), what the story stage read
    story_id: Mapped[int | None] = mapped_column(Integer, index=True)
    profile: Mapped[str | None] = mapped_column(Text)  # JSON: entities, title phrases

    claims: Mapped[list[Claim]] = relationship(back_populates="source")
    story: Mapped[Topic | None] = relationship(
        primaryjoin="foreign(Source.story_id) == Topic.id", viewonly=True
    )  # read only: an undated article shows its story's dates

    def __repr__(self) -> str:
        return f"Source(id={self.id}, path={self.path!r}, outlet={self.outlet!r})"


class Claim(Base):
    """A sentence of a canonical article that asserts something."""

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("source_id", "start", name="uq_claim_position"),
        Index("ix_claims_topic_recent", "topic_id", "id"),  # a topic's latest claims
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String)
    speech: Mapped[str | None] = mapped_column(String(16))
    event_date: Mapped[date | None] = mapped_column(Date)
    event_date_text: Mapped[str | None] = mapped_column(String)
    event_date_approx: Mapped[bool] = mapped_column(Boolean, default=False)
    event_date_inherited: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"))
    status: Mapped[str] = mapped_column(String(16), default="unreviewed")
    frame: Mapped[str | None] = mapped_column(Text)  # JSON: speaker, verb, proposition, ...
    embed_hash: Mapped[str | None] = mapped_column(String(64), index=True)

    source: Mapped[Source] = relationship(back_populates="claims")
    topic: Mapped[Topic | None] = relationship()

    def __repr__(self) -> str:
        return f"Claim(id={self.id}, text={self.text[:40]!r})"


class DroppedSentence(Base):
    """A sentence that was not kept as a claim, and why (question, caption, boilerplate…)."""

    __tablename__ = "dropped_sentences"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32))

    def __repr__(self) -> str:
        return f"DroppedSentence(id={self.id}, reason={self.reason!r})"


class Embedding(Base):
    """A vector of one text by one model; never recomputed for the same (model, text)."""

    __tablename__ = "embeddings"
    __table_args__ = (UniqueConstraint("model_id", "text_hash", name="uq_embedding"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[str] = mapped_column(String)
    text_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(VectorBytes)  # pgvector `vector` on PostgreSQL

    def __repr__(self) -> str:
        return f"Embedding(model_id={self.model_id!r}, text_hash={self.text_hash[:12]!r})"


class Topic(Base):
    """A story: articles about one event, with their claims; ids stay stable as new
    batches join or add stories. ``size`` counts claims, ``articles`` canonical articles
    (the centroid is their title-and-lede vectors' mean)."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[str] = mapped_column(String)
    label: Mapped[str] = mapped_column(String, default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    centroid: Mapped[bytes] = mapped_column(LargeBinary)
    # stories (migration 0011)
    first_date: Mapped[date | None] = mapped_column(Date)
    last_date: Mapped[date | None] = mapped_column(Date)
    articles: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    entities: Mapped[str | None] = mapped_column(Text)  # JSON: name -> [articles, display]

    def __repr__(self) -> str:
        return f"Topic(id={self.id}, label={self.label!r}, size={self.size})"


class Contradiction(Base):
    """A flagged pair of claims (claim_a_id < claim_b_id), with who flagged it and why."""

    __tablename__ = "contradictions"
    __table_args__ = (
        UniqueConstraint("claim_a_id", "claim_b_id", name="uq_contradiction_pair"),
        Index("ix_contradictions_score", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    score: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))
    explanation: Mapped[str] = mapped_column(Text)
    span_a: Mapped[str | None] = mapped_column(String(32))  # "start:end" in claim a's text
    span_b: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String(16), default="open")
    ingest_id: Mapped[int] = mapped_column(ForeignKey("ingests.id"))

    claim_a: Mapped[Claim] = relationship(foreign_keys=[claim_a_id])
    claim_b: Mapped[Claim] = relationship(foreign_keys=[claim_b_id])

    def __repr__(self) -> str:
        return f"Contradiction(id={self.id}, score={self.score:.3f}, kind={self.kind!r})"


class AuditEntry(Base):
    """One review change (a claim's or a contradiction's status): appended, never rewritten.

    ``entity`` is "claim" or "contradiction" and ``entity_id`` its id (no foreign key: the
    log outlives nothing, but one column cannot point at two tables). ``at`` is naive UTC.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    by: Mapped[str] = mapped_column(String, index=True)
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(String)
    new_value: Mapped[str | None] = mapped_column(String)
    note: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return (
            f"AuditEntry(id={self.id}, {self.entity} {self.entity_id} {self.field}: "
            f"{self.old_value!r} -> {self.new_value!r}, by={self.by!r})"
        )


class Reviewer(Base):
    """Someone who may sign in to ``claims serve``: a unique name and the argon2 hash of
    their sign-in token (never the token). ``read_only`` reviewers may look but not change
    anything; a revoked reviewer (``revoked_at`` set) cannot sign in. Rows are never
    deleted, so every name in the audit log stays known."""

    __tablename__ = "reviewers"
    __table_args__ = (UniqueConstraint("name", name="uq_reviewer_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String)
    token_hash: Mapped[str] = mapped_column(String)
    read_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"Reviewer(id={self.id}, name={self.name!r}, read_only={self.read_only})"


class DeskSession(Base):
    """One sign-in to the desk (h-desk, migration 0010). The cookie holds a random id and
    only its SHA-256 is stored here (``key``); ``ended_at`` and ``end_reason`` record how it
    ended (sign-out, revoke, reset, an operator); idle and absolute expiry are read off
    ``seen_at`` and ``created_at``."""

    __tablename__ = "desk_sessions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    seen_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str | None] = mapped_column(String(32))

    def __repr__(self) -> str:
        return f"DeskSession(key={self.key[:8]}…, reviewer_id={self.reviewer_id})"


class CachedVerdict(Base):
    """A contradiction scorer's verdict on one ordered pair of claim texts, kept so that no
    pair is scored twice (re-ingest, retopic, ``claims check``).

    ``key`` is the SHA-256 of (model id, what the scorer reads of claim a, of claim b); the
    model id names the runtime and precision, so another runtime never reuses these.
    """

    __tablename__ = "verdicts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    model_id: Mapped[str] = mapped_column(String)
    score: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))
    explanation: Mapped[str] = mapped_column(Text)
    span_a: Mapped[str | None] = mapped_column(String(32))  # "start:end" in claim a's text
    span_b: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String)  # the verdict's own model field
    # P(entailment) a->b, b->a (migration 0012); NULL: not read, or stored before 0012
    entail_ab: Mapped[float | None] = mapped_column(Float, nullable=True)
    entail_ba: Mapped[float | None] = mapped_column(Float, nullable=True)

    def __repr__(self) -> str:
        return f"CachedVerdict(key={self.key[:12]!r}, score={self.score:.3f}, kind={self.kind!r})"


class ArticleFingerprint(Base):
    """One MinHash band key of a canonical article (``store.fingerprints``): an ingest finds
    the stored articles its batch may copy by these keys instead of reading every article."""

    __tablename__ = "article_fingerprints"

    key: Mapped[str] = mapped_column(String(16), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), primary_key=True, index=True)

    def __repr__(self) -> str:
        return f"ArticleFingerprint(key={self.key!r}, source_id={self.source_id})"


class BackfillRun(Base):
    """One ``claims backfill`` or ``claims rescore``; ``key`` names what it works on, so a
    killed run is found again and resumed. ``finished_at`` is set with its last write."""

    __tablename__ = "backfill_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "backfill" or "rescore"
    key: Mapped[str] = mapped_column(String(64), index=True)
    model: Mapped[str] = mapped_column(String)  # the scorer's model id
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    ingest_id: Mapped[int | None] = mapped_column(ForeignKey("ingests.id"))

    def __repr__(self) -> str:
        return f"BackfillRun(id={self.id}, kind={self.kind!r}, done={self.finished_at})"


class BackfillShard(Base):
    """A shard of a run's work that is done (stored in the transaction of its results)."""

    __tablename__ = "backfill_shards"
    __table_args__ = (UniqueConstraint("run_id", "phase", "key", name="uq_backfill_shard"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("backfill_runs.id"))
    phase: Mapped[str] = mapped_column(String(16))  # "embed" or "score"
    key: Mapped[str] = mapped_column(String(64))  # SHA-256 of the shard's items
    items: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime] = mapped_column(DateTime)
    result: Mapped[str | None] = mapped_column(Text)  # JSON: a rescore shard's pair ids

    def __repr__(self) -> str:
        return f"BackfillShard(run_id={self.run_id}, phase={self.phase!r}, items={self.items})"


class PairScore(Base):
    """The score one model gave a pair of claims (a < b), kept beside the others so a new
    model's scores can be compared with the old (``claims report --model``)."""

    __tablename__ = "pair_scores"
    __table_args__ = (UniqueConstraint("claim_a_id", "claim_b_id", "model", name="uq_pair_score"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    model: Mapped[str] = mapped_column(String, index=True)
    score: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))
    explanation: Mapped[str] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"PairScore({self.claim_a_id}, {self.claim_b_id}, {self.model!r}: {self.score})"


# stories (migration 0011)
class StoryEntity(Base):
    """How many articles of a story name an entity: finds the stories a new article may
    join, and how rare an entity is."""

    __tablename__ = "story_entities"

    entity: Mapped[str] = mapped_column(String(200), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), primary_key=True, index=True)
    articles: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"StoryEntity(entity={self.entity!r}, topic_id={self.topic_id})"


class Corroboration(Base):
    """Two claims of different articles stating the same proposition (claim_a_id <
    claim_b_id): corroborating sources, never a contradiction."""

    __tablename__ = "corroborations"
    __table_args__ = (UniqueConstraint("claim_a_id", "claim_b_id", name="uq_corroboration_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    # same quote | shared words | paraphrase | entails both ways
    kind: Mapped[str] = mapped_column(String(32))

    def __repr__(self) -> str:
        return f"Corroboration({self.claim_a_id}, {self.claim_b_id}, {self.kind!r})"
