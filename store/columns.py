"""Column types that differ per engine but look the same to Python.

``VectorBytes`` is an embedding: a BLOB of float32 bytes on SQLite, pgvector's ``vector``
(no fixed dimension, so vectors of every model share the column) on PostgreSQL. Python
code on either engine reads and writes plain float32 ``bytes``, so nothing above the
store knows which engine holds the vectors; on Postgres, SQL can compare them (HNSW
expression indexes per model cast the column to ``halfvec(dim)``). Postgres returns a
selected vector in pgvector's binary form (``vector_send``): parsing 384 floats from text
made reading vectors several times slower than on SQLite.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Dialect, LargeBinary, func
from sqlalchemy.types import TypeDecorator, TypeEngine

HEADER = 4  # vector_send: dimension and an unused field (int16 each), then float4 big-endian


def _from_send(value: bytes | None) -> bytes | None:
    """float32 bytes (native order) of a vector in ``vector_send``'s form."""
    if value is None:
        return None
    return np.frombuffer(value, dtype=">f4", offset=HEADER).astype(np.float32).tobytes()


@functools.cache
def _pg_vector() -> type[TypeEngine[Any]]:
    """pgvector's type, selected through ``vector_send`` (bytes, not text)."""
    from pgvector.sqlalchemy import VECTOR

    class BinaryVector(VECTOR):
        cache_ok = True

        def column_expression(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
            return func.vector_send(column, type_=self)

        def result_processor(self, dialect: Dialect, coltype: object) -> Any:
            return _from_send

    return BinaryVector


class VectorBytes(TypeDecorator[bytes]):
    """float32 bytes in Python; BLOB on SQLite, pgvector ``vector`` on PostgreSQL."""

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(_pg_vector()())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return np.frombuffer(value, dtype=np.float32)

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None or dialect.name != "postgresql" or isinstance(value, bytes):
            return value  # already float32 bytes (``_from_send``)
        return np.asarray(value, dtype=np.float32).tobytes()  # a list, had it come as text
