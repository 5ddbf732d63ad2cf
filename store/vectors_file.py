"""The SQLite store's vector index: a usearch HNSW file beside the db, never trusted blindly.

Chosen by measurement (bench/index_choice.py): a usearch index is memory-mapped, so a batch
reads only the graph pages its queries touch, where hnswlib loads the whole index and
sqlite-vec 0.1.9 scans every vector. The file (``claims.db.<model tag>.usearch``) holds
the claims 1..``covered`` of one model; a JSON file beside it says which, and how many claim
rows the store had up to there. On every lookup the index is checked against the store
(count of claims up to ``covered``) and rebuilt from the stored vectors when missing or
stale; claims after ``covered`` (written since, or lost by a crash between the db commit
and the index save) are searched exactly from the store, and folded into the file once
there are many. So the index is a cache: deleting it costs a rebuild, never a candidate.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Claim
from store.vectors import ExactIndex, Hits, exact_hits, iter_vectors, merge

log = logging.getLogger(__name__)
BUILD_AT = 20_000  # claims below which exact search is as quick as opening an index
TAIL_SHARE = 20  # fold the exact tail into the file once it is 1/20 of the indexed claims
EXPANSION_SEARCH = 96  # HNSW ef at query time: recall@12 >= 0.95 on bench/scale.py


@dataclass(frozen=True)
class Meta:
    """What the index file covers: one model's claims 1..covered, and the row count then."""

    model_id: str
    covered: int
    claims: int  # claim rows with id <= covered when built: a changed count means stale
    indexed: int  # vectors in the file
    probe: str  # hashes of a few claims up to covered: another store of the same size differs


def claim_rows(session: Session, upto: int, above: int = 0) -> int:
    """Claim rows with above < id <= upto (a range count on the primary key)."""
    stmt = select(func.count()).select_from(Claim).where(Claim.id > above, Claim.id <= upto)
    return int(session.scalar(stmt) or 0)


def probe(session: Session, upto: int) -> str:
    """A digest of the embed hashes of the last claim up to ``upto`` and of two before it
    (three primary-key lookups): tells this store from another with as many claims."""
    found = []
    for at in (upto, upto // 2, 1):
        stmt = select(Claim.embed_hash, Claim.text_hash).where(Claim.id <= at)
        row = session.execute(stmt.order_by(Claim.id.desc()).limit(1)).first()
        found.append(f"{row[0] or row[1]}" if row else "-")
    return hashlib.sha256(" ".join(found).encode()).hexdigest()[:16]


class FileIndex:
    """usearch index files beside the SQLite db at ``database``, one per embedding model."""

    def __init__(self, database: str, build_at: int = BUILD_AT) -> None:
        self.database = database
        self.build_at = build_at

    def paths(self, model_id: str) -> tuple[Path, Path]:
        tag = hashlib.sha256(model_id.encode()).hexdigest()[:12]
        base = f"{self.database}.{tag}"
        return Path(base + ".usearch"), Path(base + ".json")

    def add(self, session: Session, model_id: str, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Nothing now: the next lookup reads new claims from the store (committed or not)."""

    def nearest(
        self, session: Session, model_id: str, queries: np.ndarray, k: int, max_id: int
    ) -> Hits:
        """Index hits among claims <= min(covered, max_id), exact hits on the tail above."""
        if not len(queries):
            return []
        opened = self.open(session, model_id)
        if opened is None:
            if claim_rows(session, max_id) < self.build_at:
                return ExactIndex().nearest(session, model_id, queries, k, max_id)
            opened = self.build(session, model_id, max_id)
        index, meta = opened
        if max_id - meta.covered > max(self.build_at, meta.indexed // TAIL_SHARE):
            index, meta = self.extend(session, model_id, max_id)
        found = [self.search(session, index, meta, queries, k, max_id)]
        for ids, vectors in iter_vectors(session, model_id, meta.covered, max_id):
            found.append(exact_hits(ids, vectors, queries, k))
        return merge(found, k)

    def search(
        self, session: Session, index: Any, meta: Meta, queries: np.ndarray, k: int, max_id: int
    ) -> Hits:
        """The file's hits with id <= max_id (it may cover claims after the snapshot)."""
        if meta.indexed == 0:
            return [[] for _ in range(len(queries))]
        above = claim_rows(session, meta.covered, max_id) if meta.covered > max_id else 0
        count = min(k + above, meta.indexed)
        found = index.search(np.asarray(queries, dtype=np.float32), count)
        keys, distances = np.atleast_2d(found.keys), np.atleast_2d(found.distances)
        out: Hits = []
        for row_keys, row_dist in zip(keys, distances, strict=True):
            hits = [
                (int(key), 1.0 - float(d))
                for key, d in zip(row_keys, row_dist, strict=True)
                if 0 < int(key) <= max_id
            ]
            out.append(sorted(hits, key=lambda h: (-h[1], h[0]))[:k])
        return out

    def open(self, session: Session, model_id: str) -> tuple[Any, Meta] | None:
        """The memory-mapped index and its meta, or None when missing or stale."""
        path, meta_path = self.paths(model_id)
        try:
            meta = Meta(**json.loads(meta_path.read_text()))
        except (OSError, ValueError, TypeError):
            return None
        if not path.exists() or meta.model_id != model_id:
            return None
        stale = claim_rows(session, meta.covered) != meta.claims
        if stale or probe(session, meta.covered) != meta.probe:
            log.info("vector index %s is stale; rebuilding it from the store", path)
            return None
        from usearch.index import Index

        try:
            index = Index.restore(str(path), view=True)
        except Exception:  # noqa: BLE001 - a damaged cache file is rebuilt, not fatal
            return None
        if index is None or len(index) != meta.indexed:
            return None
        index.expansion_search = EXPANSION_SEARCH
        return index, meta

    def build(self, session: Session, model_id: str, upto: int) -> tuple[Any, Meta]:
        """A new index of every stored vector of ``model_id`` up to claim ``upto``."""
        log.info("building the vector index beside %s (%s)", self.database, model_id)
        return self._fill(session, model_id, None, 0, upto)

    def extend(self, session: Session, model_id: str, upto: int) -> tuple[Any, Meta]:
        """Load the file whole, add the claims written since, save it again."""
        from usearch.index import Index

        path, _ = self.paths(model_id)
        opened = self.open(session, model_id)
        if opened is None:
            return self.build(session, model_id, upto)
        index = Index.restore(str(path))  # loaded, not mapped: it is written next
        return self._fill(session, model_id, index, opened[1].covered, upto)

    def _fill(
        self, session: Session, model_id: str, index: Any, above: int, upto: int
    ) -> tuple[Any, Meta]:
        from usearch.index import Index

        for ids, vectors in iter_vectors(session, model_id, above, upto):
            if index is None:
                index = Index(ndim=vectors.shape[1], **INDEX_OPTIONS)
            index.add(ids.astype(np.uint64), vectors, threads=os.cpu_count() or 1)
        count = len(index) if index else 0
        meta = Meta(model_id, upto, claim_rows(session, upto), count, probe(session, upto))
        if index is not None:
            self.save(index, meta)
            index.expansion_search = EXPANSION_SEARCH
        return index, meta

    def save(self, index: Any, meta: Meta) -> None:
        """Write index then meta, each through a rename: a crash leaves a file that fails
        the checks in ``open`` (and is rebuilt), never one that is trusted wrongly."""
        path, meta_path = self.paths(meta.model_id)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            index.save(str(tmp))
            os.replace(tmp, path)
            tmp_meta = meta_path.with_name(f"{meta_path.name}.{os.getpid()}.tmp")
            tmp_meta.write_text(json.dumps(meta.__dict__))
            os.replace(tmp_meta, meta_path)
        except OSError as exc:  # a read-only directory: searched from memory this time
            log.warning("could not save the vector index %s: %s", path, exc)
            tmp.unlink(missing_ok=True)


INDEX_OPTIONS: dict[str, Any] = {  # ndim comes from the first stored vector
    "metric": "cos",
    "dtype": "f16",
    "connectivity": 16,
    "expansion_add": 128,
}
