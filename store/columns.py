"""Column types that differ per engine but look the same to Python.

``VectorBytes`` is an embedding: a BLOB of float32 bytes on SQLite, pgvector's ``vector``
(no fixed dimension, so vectors of every model share the column) on PostgreSQL. Python
code on either engine reads and writes plain float32 ``bytes``, so nothing above the
store knows which engine holds the vectors; on Postgres, SQL can compare them (HNSW
expression indexes per model cast the column to ``vector(dim)``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import Dialect, LargeBinary
from sqlalchemy.types import TypeDecorator, TypeEngine


class VectorBytes(TypeDecorator[bytes]):
    """float32 bytes in Python; BLOB on SQLite, pgvector ``vector`` on PostgreSQL."""

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from pgvector.sqlalchemy import VECTOR

            return dialect.type_descriptor(VECTOR())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return np.frombuffer(value, dtype=np.float32)

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None or dialect.name != "postgresql":
            return value
        return np.asarray(value, dtype=np.float32).tobytes()
