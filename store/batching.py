"""The one batching helper of the project (Python 3.11 has no ``itertools.batched``).

Here rather than in claims/ because store/ batches its ``IN (...)`` clauses too and imports
nothing from claims/.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
IN_CHUNK = 500  # values per IN (...) clause, well under SQLite's variable limit


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items, in order (the last may be shorter)."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    if isinstance(items, Sequence):
        for start in range(0, len(items), size):
            yield list(items[start : start + size])
        return
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
