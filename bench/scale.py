"""Scale benchmark (issue 14 item 5, issue 12 item 4): does a batch's cost grow with the store?

Builds SQLite stores of 100k and 1M claims under bench/out/ (kept, so reruns are quick) and
prints, per size: build time (rows, then the vector index), size on disk, the time and peak
memory of a ~100-claim batch (``claims check`` on two seed articles: the whole pipeline with
the real models, rolled back so every run sees the same store; in a subprocess) against the
same batch into an empty store, recall@12 of the index against exact search, and the time
of ``report --limit 50`` and of the review desk's queue page.

Claims are public text: premises and hypotheses of ../shared/nli/train (SNLI-style sentences),
20,000 distinct ones embedded with the real embedder (all-MiniLM-L6-v2), then repeated with
small Gaussian noise (cosine about 0.9 to the original) up to the store's size. Rows are
loaded with executemany, not the ORM; 10 claims per source, one topic per 10 base texts, an
open contradiction per 100 claims.

    .venv/bin/python bench/scale.py --sizes 100000,1000000
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale_rows import (  # noqa: E402
    BASE,
    CHUNK,
    MODEL,
    NOISE,
    OUT,
    base_texts,
    base_vectors,
    rows,
)

BATCH = sorted((ROOT / "seeds").iterdir())[:2]  # two seed articles: about 100 claims
K = 12


def build_sqlite(size: int) -> tuple[Path, dict[str, float]]:
    """The store of ``size`` claims (reused when built before) and its build figures."""
    db = OUT / f"scale-sqlite-{size}.db"
    done = Path(f"{db}.built.json")
    if done.exists() and db.exists():
        return db, json.loads(done.read_text())
    from store.db import open_store

    for old in OUT.glob(f"{db.name}*"):
        old.unlink()
    texts = base_texts()
    base = base_vectors(texts)
    started = time.perf_counter()
    open_store(db).dispose()
    con = sqlite3.connect(db)
    con.execute("PRAGMA synchronous=OFF")
    _load_rows(con, size, texts, base)
    rows_s = time.perf_counter() - started
    con.close()
    figures = {"rows_s": rows_s, "index_s": _build_index(db)}
    figures["mb"] = sum(p.stat().st_size for p in OUT.glob(f"{db.name}*")) / 1e6
    done.write_text(json.dumps(figures))
    return db, figures


def _load_rows(con: sqlite3.Connection, size: int, texts: list[str], base: np.ndarray) -> None:
    rng = np.random.default_rng(size)
    con.execute("INSERT INTO ingests VALUES (1, '2026-01-01 00:00:00', 0, 0, 0, 0)")
    for start in range(0, size, CHUNK):
        sources, claims, embeddings = rows(start, min(size, start + CHUNK), texts, base, rng)
        con.executemany(
            "INSERT INTO sources (id, ingest_id, path, line, content_hash, title, outlet, "
            "published, published_approx, text, canonical_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            sources,
        )
        con.executemany(
            'INSERT INTO claims (id, source_id, text, text_hash, start, "end", '
            "event_date_approx, topic_id, status, event_date_inherited, embed_hash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            claims,
        )
        con.executemany("INSERT INTO embeddings (model_id, text_hash, dim, vector) "
                        "VALUES (?,?,?,?)", embeddings)  # fmt: skip
    topics = []
    for t in range((len(texts) + 9) // 10):
        centroid = base[t * 10 : t * 10 + 10].mean(axis=0)
        centroid = (centroid / np.linalg.norm(centroid)).astype(np.float32)
        label = ", ".join(texts[t * 10].lower().split()[:3])
        count = sum(1 for j in range(t * 10, t * 10 + 10) if j < size) * max(1, size // BASE)
        topics.append((t + 1, MODEL, label, count, centroid.tobytes()))
    con.executemany(
        "INSERT INTO topics (id, model_id, label, size, centroid) VALUES (?,?,?,?,?)", topics
    )
    flags = [
        (i, i + 1, float(rng.uniform(0.5, 1.0)), "numeric", "different figures", MODEL, "open")
        for i in range(1, size, 100)
    ]
    con.executemany(
        "INSERT INTO contradictions (claim_a_id, claim_b_id, score, kind, explanation, model, "
        "status, ingest_id) VALUES (?,?,?,?,?,?,?,1)",
        flags,
    )
    con.commit()


def _build_index(db: Path) -> float:
    """Build the usearch file beside ``db`` as a first batch would; seconds."""
    from sqlalchemy.orm import Session

    from store.db import open_store
    from store.ingest import high_water
    from store.vectors_file import FileIndex

    engine = open_store(db)
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        FileIndex(str(db)).build(session, MODEL, high_water(session)[1])
    engine.dispose()
    return time.perf_counter() - started


def child_batch(db: str) -> None:
    """In a fresh process: the batch through the CLI's check (rolled back); JSON figures,
    with the prepare stages' seconds and the pairs scored (a store with near neighbours
    gives the scorer more pairs: work the batch needs, not store overhead)."""
    import importlib

    from cli.main import app

    pipeline = importlib.import_module("claims.pipeline.ingest")  # the module, not the function

    prepared = []
    prepare = pipeline.prepare

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - passes prepare's through
        prepared.append(prepare(*args, **kwargs))
        return prepared[-1]

    pipeline.prepare = spy
    store_s = _time_store_reads(pipeline)
    started = time.perf_counter()
    with contextlib.suppress(SystemExit):  # check exits 1 when it finds contradictions
        app(
            ["check", *map(str, BATCH), "--db", db, "--format", "json", "--fail-on", "none"],
            standalone_mode=False,
        )
    seconds = time.perf_counter() - started
    status = {
        line.split(":")[0]: int(line.split()[1]) / 1024
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith(("VmHWM:", "RssAnon:", "RssFile:"))
    }
    peak = status["VmHWM"]  # RssFile at the end: mapped files, the usearch index among them
    last = prepared[-1] if prepared else None
    stages = {k: round(v, 2) for k, v in {**(last.seconds if last else {}), **store_s}.items()}
    pairs = last.pairs_scored if last else 0
    mapped = {"rss_anon_mb": status["RssAnon"], "rss_file_mb": status["RssFile"]}
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "stages": stages, "pairs": pairs,
                      **mapped}))  # fmt: skip


def _time_store_reads(pipeline) -> dict[str, float]:  # noqa: ANN001 - a module
    """Wrap what reads the store during a batch (snapshot, neighbour lookup, the stories
    it may join and their claims); their seconds add up in the returned dict, under
    "store:…" keys."""
    from claims.pipeline import snapshot

    spent: dict[str, float] = {}

    def timed(name: str, fn):  # noqa: ANN001, ANN202
        def run(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

        return run

    pipeline.take_snapshot = timed("store:snapshot", pipeline.take_snapshot)
    nearest = snapshot.StoredNeighbours.nearest
    snapshot.StoredNeighbours.nearest = timed("store:neighbours", nearest)  # type: ignore[method-assign]
    stored = snapshot.StoredNeighbours
    stored.stories_near = timed("store:stories", stored.stories_near)  # type: ignore[method-assign]
    stored.story_claims = timed("store:stories", stored.story_claims)  # type: ignore[method-assign]
    return spent


def store_of(size: int, engine: str) -> tuple[Path | str, dict[str, float]]:
    """The store of ``size`` claims on ``engine`` ("sqlite" or "postgres"), built once."""
    if engine == "postgres":
        from bench.scale_pg import build_postgres

        return build_postgres(size)
    if engine != "sqlite":
        raise ValueError(f"engine {engine!r}: sqlite or postgres")
    if size > 0:
        return build_sqlite(size)
    db = OUT / "scale-sqlite-empty.db"
    if not db.exists():
        from store.db import open_store

        open_store(db).dispose()
    return db, {}


def batch_into(size: int, engine: str = "sqlite", repeat: int = 1) -> dict:
    """Time and peak memory of the batch into a store of ``size`` claims (0: an empty
    store), each run in a fresh process; the fastest of ``repeat`` runs (the cores may be
    shared). For bench/speed.py: ``{"seconds", "peak_mb", "claims", "pairs", "stages"}``."""
    db = store_of(size, engine)[0]
    runs = []
    for _ in range(repeat):
        cmd = [sys.executable, __file__, "--child-batch", str(db)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        lines = done.stdout.strip().splitlines()
        figures = json.loads(lines[-1])
        found = json.loads("\n".join(lines[:-1])) if len(lines) > 1 else {}
        figures["claims"] = found.get("summary", {}).get("claims", 0)
        runs.append(figures)
    best = min(runs, key=lambda r: r["seconds"])
    best["runs_s"] = [round(r["seconds"], 1) for r in runs]
    return best


def recall_queries(queries: int = 200, seed: int = 7) -> np.ndarray:
    """Noisy copies of the base texts' vectors, as the stored claims are made (``seed``:
    tune on one set of queries, report on another)."""
    base = base_vectors(base_texts())
    rng = np.random.default_rng(seed)
    q = base[rng.integers(0, len(base), queries)] + NOISE * rng.standard_normal(
        (queries, base.shape[1])
    )
    return (q / np.linalg.norm(q, axis=1, keepdims=True)).astype(np.float32)


def recall(db: Path | str, queries: int = 200, seed: int = 7) -> float:
    """recall@12 of the store's index against exact search, for noisy copies of its texts."""
    from sqlalchemy.orm import Session

    from store.db import open_store
    from store.ingest import high_water
    from store.vectors import ExactIndex
    from store.vectors_index import index_for

    q = recall_queries(queries, seed)
    engine = open_store(db)
    with Session(engine) as session, session.begin():
        top = high_water(session)[1]
        found = [{i for i, _ in f} for f in index_for(session).nearest(session, MODEL, q, K, top)]
        if engine.dialect.name == "postgresql":  # two sequential reads, not 20k IN lookups
            from bench.scale_pg import exact_nearest

            exact = [set(row.tolist()) for row in exact_nearest(str(db), q, K, top)[0]]
        else:
            exact = [{i for i, _ in e} for e in ExactIndex().nearest(session, MODEL, q, K, top)]
    engine.dispose()
    return float(np.mean([len(f & e) / K for f, e in zip(found, exact, strict=True)]))


def read_times(db: Path | str) -> dict[str, float]:
    """Seconds of ``report --limit 50`` (the library call the CLI makes) and of the review
    desk's first queue page (open pairs, highest score first)."""
    from sqlalchemy.orm import Session

    from claims.report.contradictions import build_report
    from store.db import open_store
    from store.desk import QueueFilter, queue_page

    engine = open_store(db)
    out = {}
    with Session(engine) as session:
        started = time.perf_counter()
        build_report(session, limit=50)
        out["report_s"] = time.perf_counter() - started
        started = time.perf_counter()
        queue_page(session, QueueFilter(statuses=("open",)), 0, 25)
        out["queue_s"] = time.perf_counter() - started
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--engines", default="sqlite,postgres", help="postgres when reachable")
    parser.add_argument("--repeat", type=int, default=3, help="batch runs; the fastest counts")
    parser.add_argument(
        "--ef-sweep", default="", help="e.g. 100,200,400: Postgres recall at each ef_search only"
    )
    parser.add_argument(
        "--seed", type=int, default=7, help="of the recall queries (tune on one, report on another)"
    )
    parser.add_argument(
        "--hnsw", default="", help="M,EF_CONSTRUCTION: sweep a copy of each store built so"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.ef_sweep:
        _ef_sweep(args)
        return
    engines = args.engines.split(",")
    if "postgres" in engines:
        from bench.scale_pg import reachable

        if not reachable():
            print("postgres: no server answers; skipped")
            engines.remove("postgres")
    for engine in engines:
        empty = batch_into(0, engine, args.repeat)
        print(f"{engine} empty store: batch of {empty['claims']} claims "
              f"{empty['seconds']:.1f} s (runs {empty['runs_s']}), peak "
              f"{empty['peak_mb']:.0f} MB, {empty['pairs']} pairs scored, "
              f"stages {empty['stages']}", flush=True)  # fmt: skip
        for size in (int(s) for s in args.sizes.split(",")):
            _report(engine, size, empty, args.repeat, args.seed)


def _ef_sweep(args: argparse.Namespace) -> None:
    """Recall of each Postgres store's index at each ef_search (``--ef-sweep``), on its
    index as the store builds it or on a copy built with ``--hnsw M,EF_CONSTRUCTION``."""
    from bench.scale_pg import build_postgres, denser_copy, recall_sweep

    efs = [int(e) for e in args.ef_sweep.split(",")]
    for size in (int(s) for s in args.sizes.split(",")):
        url = build_postgres(size)[0]
        if args.hnsw:
            m, ef_construction = (int(x) for x in args.hnsw.split(","))
            url, seconds = denser_copy(size, m, ef_construction)
            print(f"postgres {size:>9,}: a copy with m {m}, ef_construction "
                  f"{ef_construction}, its index built in {seconds:.0f} s", flush=True)  # fmt: skip
        for line in recall_sweep(url, recall_queries(seed=args.seed), K, efs):
            print(f"postgres {size:>9,}: {line}", flush=True)


def _report(engine: str, size: int, empty: dict, repeat: int, seed: int) -> None:
    db, built = store_of(size, engine)
    batch = batch_into(size, engine, repeat)
    reads = read_times(db)
    print(
        f"{engine} {size:>9,}: build {built['rows_s']:.0f} s rows + {built['index_s']:.0f} s "
        f"index, {built['mb']:.0f} MB on disk; batch {batch['seconds']:.1f} s {batch['runs_s']} "
        f"({batch['seconds'] / empty['seconds']:.2f}x empty; target <= 1.3x, 1.5x), peak "
        f"{batch['peak_mb']:.0f} MB (+{batch['peak_mb'] - empty['peak_mb']:.0f} MB; target "
        f"<= +500; at the end {batch['rss_file_mb']:.0f} MB of it mapped files, empty store "
        f"{empty['rss_file_mb']:.0f} MB); recall@{K} {recall(db, seed=seed):.3f} (target >= 0.95); "
        f"report --limit 50 {reads['report_s']:.3f} s; desk queue {reads['queue_s']:.3f} s\n"
        f"    pairs scored {batch['pairs']} (empty store: {empty['pairs']}); prepare stages "
        f"{batch['stages']} (empty store: {empty['stages']})",
        flush=True,
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child-batch":
        child_batch(sys.argv[2])
    else:
        main()
