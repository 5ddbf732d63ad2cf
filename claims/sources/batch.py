"""Read a whole batch: every file the paths name, into articles, failing on bad files.

A batch is all or nothing by default: one unreadable file fails it with every problem
named. With ``skip_bad`` the good files are read and the bad ones listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claims.errors import BadBatch, SourceUnreadable
from claims.sources.readers import discover
from claims.types import Article, SourceReader


@dataclass
class Batch:
    """What a batch read: how many files, their articles, and the files skipped as bad."""

    files: int = 0
    articles: list[Article] = field(default_factory=list)
    skipped: list[SourceUnreadable] = field(default_factory=list)


def read_batch(paths: Sequence[Path], reader: SourceReader, skip_bad: bool = False) -> Batch:
    """Every article of the batch; bad files fail the batch unless ``skip_bad``."""
    try:
        files = discover(paths, strict=not skip_bad)
    except SourceUnreadable as exc:
        raise BadBatch([exc]) from exc
    batch = Batch(files=len(files))
    for path in files:
        try:
            batch.articles.extend(reader.read(path))
        except SourceUnreadable as exc:
            batch.skipped.append(exc)
    if batch.skipped and not skip_bad:
        raise BadBatch(batch.skipped)
    return batch
