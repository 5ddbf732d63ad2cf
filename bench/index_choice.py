"""Choose the SQLite store's embedded vector index by measurement (issue 14 item 2).

Builds each candidate (sqlite-vec 0.1.9 in the db through apsw, since this Python's sqlite3
cannot load extensions; hnswlib 0.8.0 and usearch 2.26.6 in a file beside the db) over the
same vectors, then, each in a fresh subprocess, opens it and answers 100 queries for their
12 nearest: build time, size on disk, open + query time, peak memory, recall@12 against
exact search. Vectors are a synthetic stand-in (unit vectors around 2,000 random topic
centres, query = a stored vector plus noise), harder for HNSW than real sentence vectors.

    .venv/bin/python bench/index_choice.py --size 100000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

DIM, K, QUERIES = 384, 12, 100
OUT = Path(__file__).resolve().parent / "out" / "index_choice"


def vectors(size: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(stored, queries): clustered unit vectors, float32."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((2000, DIM)).astype(np.float32)
    stored = centres[rng.integers(0, 2000, size)] + 0.9 * rng.standard_normal((size, DIM))
    stored = (stored / np.linalg.norm(stored, axis=1, keepdims=True)).astype(np.float32)
    noise = 0.3 / np.sqrt(DIM) * rng.standard_normal((QUERIES, DIM))
    queries = stored[rng.integers(0, size, QUERIES)] + noise  # a near paraphrase of a claim
    return stored, (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)


def build(kind: str, stored: np.ndarray, path: Path) -> None:
    ids = np.arange(1, len(stored) + 1, dtype=np.uint64)
    if kind == "usearch":
        from usearch.index import Index

        index = Index(ndim=DIM, metric="cos", dtype="f16", connectivity=16, expansion_add=128)
        index.add(ids, stored, threads=2)
        index.save(str(path))
    elif kind == "hnswlib":
        import hnswlib

        index = hnswlib.Index(space="cosine", dim=DIM)
        index.init_index(max_elements=len(stored), ef_construction=128, M=16)
        index.set_num_threads(2)
        index.add_items(stored, ids)
        index.save_index(str(path))
    else:
        db = _apsw(path)
        db.execute(f"CREATE VIRTUAL TABLE v USING vec0(e float[{DIM}] distance_metric=cosine)")
        with db:
            db.executemany(
                "INSERT INTO v(rowid, e) VALUES (?, ?)",
                ((int(i), v.tobytes()) for i, v in zip(ids, stored, strict=True)),
            )


def _apsw(path: Path):  # noqa: ANN202
    import apsw
    import sqlite_vec

    db = apsw.Connection(str(path))
    db.enable_load_extension(True)
    db.load_extension(sqlite_vec.loadable_path())
    return db


def query(kind: str, path: Path, queries: np.ndarray) -> list[list[int]]:
    if kind == "usearch":
        from usearch.index import Index

        index = Index.restore(str(path), view=True)
        index.expansion_search = 64
        found = index.search(queries, K)
        return [[int(k) for k in row] for row in found.keys]
    if kind == "hnswlib":
        import hnswlib

        index = hnswlib.Index(space="cosine", dim=DIM)
        index.load_index(str(path))
        index.set_ef(64)
        labels, _ = index.knn_query(queries, K)
        return [[int(k) for k in row] for row in labels]
    db = _apsw(path)
    sql = "SELECT rowid FROM v WHERE e MATCH ? AND k = ? ORDER BY distance"
    return [[r[0] for r in db.execute(sql, (q.tobytes(), K))] for q in queries]


def child(kind: str, size: int) -> None:
    """One phase in a fresh process: print JSON with seconds and peak memory."""
    path = OUT / f"{kind}-{size}.idx"
    if sys.argv[1] == "--build":
        stored, queries = vectors(size)
        np.save(OUT / f"queries-{size}.npy", queries)
        started = time.perf_counter()
        path.unlink(missing_ok=True)
        build(kind, stored, path)
        out: dict = {"build_s": time.perf_counter() - started, "mb": path.stat().st_size / 1e6}
    else:  # only the queries in memory: peak memory is the index's
        queries = np.load(OUT / f"queries-{size}.npy")
        started = time.perf_counter()
        found = query(kind, path, queries)
        out = {"query_s": time.perf_counter() - started, "found": found}
    out["maxrss_mb"] = peak_mb()
    print(json.dumps(out))


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from a
    large parent across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--kinds", default="usearch,hnswlib,sqlite-vec")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    stored, queries = vectors(args.size)
    exact = np.argsort(-(queries @ stored.T), axis=1)[:, :K] + 1
    base = peak_mb()
    print(f"{args.size} vectors x {DIM}, {QUERIES} queries, k={K}; data-only process {base:.0f} MB")
    for kind in args.kinds.split(","):
        runs = {}
        for phase in ("--build", "--query"):
            cmd = [sys.executable, __file__, phase, kind, str(args.size)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            runs[phase] = json.loads(done.stdout.strip().splitlines()[-1])
        found = runs["--query"]["found"]
        pairs = zip(found, exact, strict=True)
        recall = np.mean([len(set(f) & set(e.tolist())) / K for f, e in pairs])
        b, q = runs["--build"], runs["--query"]
        print(
            f"{kind:10} build {b['build_s']:7.1f} s  {b['mb']:7.0f} MB on disk  "
            f"open+{QUERIES} queries {q['query_s']:6.2f} s  peak {q['maxrss_mb']:5.0f} MB "
            f"(build peak {b['maxrss_mb']:5.0f} MB)  recall@{K} {recall:.3f}"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("--build", "--query"):
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
