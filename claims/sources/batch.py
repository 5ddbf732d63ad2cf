"""Read a whole batch: every file the paths name, into articles, failing on bad files.

A batch is all or nothing by default: one bad file (or bad path: missing, not a regular
file, a directory that cannot be listed) fails it with every problem named. With
``skip_bad`` the good files are read and the bad ones listed. Each file is all or nothing
too: a JSONL file with a bad line contributes no article, not the lines before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claims.errors import BadBatch, SourceUnreadable
from claims.sources.files import Found, find_sources
from claims.types import Article, SourceReader


@dataclass
class Batch:
    """What a batch read: how many files, their articles, and the files skipped as bad."""

    files: int = 0
    articles: list[Article] = field(default_factory=list)
    skipped: list[SourceUnreadable] = field(default_factory=list)


def check_paths(paths: Sequence[Path], skip_bad: bool = False) -> Found:
    """The batch's files; a missing or unreadable path fails it here (``BadBatch``) unless
    ``skip_bad``, before anything is read or any model starts loading."""
    found = find_sources(paths, strict=not skip_bad)
    if found.problems and not skip_bad:
        raise BadBatch(found.problems)
    return found


def read_batch(paths: Sequence[Path], reader: SourceReader, skip_bad: bool = False) -> Batch:
    """Every article of the batch; bad files fail the batch unless ``skip_bad``."""
    found = check_paths(paths, skip_bad)
    batch = Batch(files=len(found.files), skipped=list(found.problems))
    for path in found.files:
        try:
            articles = list(reader.read(path))  # the whole file, before any of it counts
        except SourceUnreadable as exc:
            batch.skipped.append(exc)
        else:
            batch.articles.extend(articles)
    if batch.skipped and not skip_bad:
        raise BadBatch(batch.skipped)
    return batch
