"""Which vector index a store uses: chosen once, by engine, behind ``VectorIndex``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from store.vectors import ExactIndex, VectorIndex


def index_for(session: Session) -> VectorIndex:
    """pgvector HNSW in SQL on PostgreSQL; a usearch file beside the db on SQLite; exact
    search for a store in memory, which has no file to keep an index beside."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        from store.vectors_pg import PgVectorIndex

        return PgVectorIndex()
    database = bind.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return ExactIndex()
    from store.vectors_file import FileIndex

    return FileIndex(database)
