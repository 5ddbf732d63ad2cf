"""How long an ingest holds the write lock, and how long a reviewer waits meanwhile.

Builds a store of about ``--base`` claims (FNC-1 test bodies, explicit-cue scorer: the
base only has to exist), then ingests a batch of about ``--batch`` further claims with the
real stages (NLI scorer by default) the way ``claims ingest`` does (``ingest_briefly``).
While it runs, a reviewer process tags a claim every ``--every`` seconds; each tag is one
write transaction that must wait for the ingest's lock. Prints the ingest's stage times,
the time it held the lock, and the reviewer's latencies.

    python bench/locks.py [--base 3000] [--batch 1000] [--scorer nli|cues]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest import BODIES, build_corpus  # noqa: E402


def _ingest(db: str, corpus: Path, scorer: str) -> dict:
    from claims.config import resolve
    from claims.pipeline.ingest import ingest_briefly
    from claims.pipeline.stages import default_stages
    from store.db import open_store

    settings = resolve(db=db, scorer=scorer, env={})
    stages = default_stages(settings, today=date(2025, 1, 1))
    started = time.perf_counter()
    report, _ = ingest_briefly(open_store(db), [corpus], stages, settings.tuning)
    return {"wall": time.perf_counter() - started, "report": report}


def _review(db: str, every: float, stop, out) -> None:  # noqa: ANN001 - mp primitives
    """Tag claim 1 back and forth until told to stop; put each write's latency."""
    from sqlalchemy.orm import Session

    from claims.review import tag
    from store.db import open_store

    engine = open_store(db)
    status = ("verified", "unreviewed")
    n = 0
    while not stop.is_set():
        started = time.perf_counter()
        with Session(engine) as session, session.begin():
            tag(session, [1], status[n % 2], by="bench")
        out.put(time.perf_counter() - started)
        n += 1
        time.sleep(every)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--scorer", default="nli", choices=["nli", "cues"])
    ap.add_argument("--every", type=float, default=0.25)
    ap.add_argument("--evaldata", type=Path, default=ROOT.parent / "shared" / "evaldata")
    args = ap.parse_args()
    if not (args.evaldata / BODIES).is_file():
        print(f"skipped: {args.evaldata / BODIES} not found (public evaluation data absent)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        both = Path(tmp) / "both.jsonl"
        build_corpus(args.evaldata, args.base + args.batch, both)
        lines = both.read_text().splitlines()
        cut = len(lines) * args.base // (args.base + args.batch)
        base, batch = Path(tmp) / "base.jsonl", Path(tmp) / "batch.jsonl"
        base.write_text("\n".join(lines[:cut]) + "\n")
        batch.write_text("\n".join(lines[cut:]) + "\n")
        db = str(Path(tmp) / "store.db")
        built = _ingest(db, base, "cues")
        print(f"base store: {built['report'].claims_added} claims in {built['wall']:.0f} s")
        ctx = mp.get_context("spawn")
        stop, out = ctx.Event(), ctx.Queue()
        reviewer = ctx.Process(target=_review, args=(db, args.every, stop, out))
        reviewer.start()
        run = _ingest(db, batch, args.scorer)
        stop.set()
        reviewer.join()
        waits = []
        while not out.empty():
            waits.append(out.get())
    _print(run, waits, args.scorer)


def _print(run: dict, waits: list[float], scorer: str) -> None:
    report = run["report"]
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    print(f"batch ({scorer}): {report.claims_added} claims, {report.pairs_scored} pairs scored, ")
    print(f"  {report.contradictions_added} flagged, wall {run['wall']:.1f} s ({stages})")
    print(f"  write lock held: {report.lock_seconds:.2f} s")
    if waits:
        print(
            f"reviewer: {len(waits)} tags during the ingest; latency median "
            f"{1000 * statistics.median(waits):.0f} ms, max {1000 * max(waits):.0f} ms"
        )


if __name__ == "__main__":
    main()
