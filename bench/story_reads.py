"""The story reads of a batch, three ways: what ``store.stories`` does (``latest_per_key``:
each key's n-th latest id in a materialised CTE, then the rows from it up), one query per
key (as before), and a ROW_NUMBER() window (one query, but it numbers every row of a key).

Builds a store with the real schema (SQLite in a temporary folder; with ``--postgres URL``
also that empty, migrated-here database) holding stories of two sizes and entities named by
1 to ``--max-stories`` stories, then prints the best of 5 of each read, in ms, and checks
that all three return the same ids. The SQLite store has no planner statistics (the store
never runs ANALYZE); the Postgres one is vacuumed and analysed, as autovacuum leaves it.

    .venv/bin/python bench/story_reads.py
    .venv/bin/python bench/story_reads.py --postgres postgresql+psycopg://claims:claims@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from store.db import open_store  # noqa: E402
from store.models import Claim, Ingest, Source, StoryEntity, Topic  # noqa: E402
from store.stories import STORIES_PER_ENTITY, latest_per_key  # noqa: E402

PER_STORY = 1000  # claims.pipeline.prepare.STORY_CLAIMS
TOUCHED = 20  # stories of each size a batch touches
NAMES = 300  # entities a batch names


def build(engine: Engine, sizes: list[int], max_stories: int) -> None:
    """``TOUCHED`` stories of each size (claims interleaved, as batches add them), then
    stories naming the entities."""
    stories = max(max_stories, TOUCHED * len(sizes))
    rng = random.Random(0)
    with engine.begin() as db:
        db.execute(insert(Ingest), [{"id": 1, "started_at": datetime(2026, 1, 1)}])
        topics = [{"id": t, "model_id": "m", "centroid": b"\0" * 4} for t in range(1, stories + 1)]
        db.execute(insert(Topic), topics)
        left = {t: sizes[(t - 1) // TOUCHED] for t in range(1, TOUCHED * len(sizes) + 1)}
        rows, claim = [], 0
        while left:
            for story in list(left):
                for _ in range(min(50, left[story])):
                    claim += 1
                    rows.append(_claim(claim, story))
                left[story] -= 50
                if left[story] <= 0:
                    del left[story]
        sources = [
            {"id": s, "ingest_id": 1, "path": f"{s}", "content_hash": f"{s}", "text": "x"}
            for s in range(1, 2 + claim // 10)
        ]
        named = [
            {"entity": f"e{n}", "topic_id": t, "articles": 1}
            for n in range(NAMES)
            for t in rng.sample(range(1, stories + 1), rng.randint(1, max_stories))
        ]
        for model, values in ((Source, sources), (Claim, rows), (StoryEntity, named)):
            for start in range(0, len(values), 20_000):
                db.execute(insert(model), values[start : start + 20_000])
    if engine.dialect.name == "postgresql":  # as autovacuum leaves a store: planner statistics
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(text("VACUUM ANALYZE"))


def _claim(claim: int, story: int) -> dict:
    return {"id": claim, "source_id": 1 + claim // 10, "topic_id": story, "text": "x",
            "text_hash": "h", "start": claim, "end": 0}  # fmt: skip


def one_per_key(key: InstrumentedAttribute, row: InstrumentedAttribute, keys: list, n: int):  # noqa: ANN201
    def read(session: Session) -> list[int]:
        out: list[int] = []
        for k in keys:
            out += session.scalars(select(row).where(key == k).order_by(row.desc()).limit(n))
        return sorted(set(out))

    return read


def window(key: InstrumentedAttribute, row: InstrumentedAttribute, keys: list, n: int):  # noqa: ANN201
    rank = func.row_number().over(partition_by=key, order_by=row.desc()).label("rank")
    ranked = select(row.label("id"), rank).where(key.in_(keys)).subquery()
    latest = select(ranked.c.id).where(ranked.c.rank <= n)
    return lambda session: sorted(set(session.scalars(latest)))


def per_key(key: InstrumentedAttribute, row: InstrumentedAttribute, keys: list, n: int):  # noqa: ANN201
    return lambda session: sorted(set(session.scalars(latest_per_key(key, row, keys, n))))


def best_ms(read: Callable[[Session], list[int]], engine: Engine) -> tuple[float, list[int]]:
    times, got = [], []
    with Session(engine) as session, session.begin():
        for _ in range(5):
            started = time.perf_counter()
            got = read(session)
            times.append(time.perf_counter() - started)
    return 1000 * min(times), got


def report(engine: Engine, sizes: list[int]) -> None:
    name = engine.dialect.name
    reads = [(f"latest {PER_STORY} claims of {TOUCHED} stories of {size}", Claim.topic_id,
              Claim.id, list(range(1 + i * TOUCHED, 1 + (i + 1) * TOUCHED)), PER_STORY)
             for i, size in enumerate(sizes)]  # fmt: skip
    names = [f"e{n}" for n in range(NAMES)]
    label = f"latest {STORIES_PER_ENTITY} stories of {NAMES} entities"
    reads.append((label, StoryEntity.entity, StoryEntity.topic_id, names, STORIES_PER_ENTITY))
    for label, key, row, keys, n in reads:
        figures = {}
        for how, make in (("one query per key", one_per_key), ("ROW_NUMBER", window),
                          ("latest_per_key", per_key)):  # fmt: skip
            figures[how] = best_ms(make(key, row, keys, n), engine)
        assert len({tuple(ids) for _, ids in figures.values()}) == 1, f"{label}: ids differ"
        shown = ", ".join(f"{how} {ms:.1f}" for how, (ms, _) in figures.items())
        print(f"{name:10s} {label}: {shown} (ms, best of 5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,20000", help="claims per story, per shape")
    parser.add_argument("--max-stories", type=int, default=1000, help="stories per entity, at most")
    parser.add_argument("--postgres", help="URL of an empty PostgreSQL database to fill")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        targets = [str(Path(folder) / "claims.db"), *([args.postgres] if args.postgres else [])]
        for target in targets:
            engine = open_store(target)
            build(engine, sizes, args.max_stories)
            report(engine, sizes)
            engine.dispose()


if __name__ == "__main__":
    main()
