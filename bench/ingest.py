"""Benchmark ingest: ~1k and ~10k claims into a fresh store and into one that holds them.

Corpora are news article bodies from ../shared/evaldata (FNC-1 test bodies), written as
JSONL to a temporary directory, never committed. Each run happens in its own process so
its peak memory is its own. Embedding is the floor: end-to-end throughput is reported as
a fraction of raw encode throughput on the same claim texts.

    python bench/ingest.py [--sizes 1000,10000] [--scorer nli|cues] [--evaldata PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BODIES = "contradiction/fnc1/competition_test_bodies.csv"


def build_corpus(evaldata: Path, target_claims: int, out: Path) -> int:
    """Write article bodies to ``out`` until they hold about ``target_claims`` claims."""
    from claims.extract.sentences import SentenceExtractor
    from claims.types import Article

    extractor = SentenceExtractor()
    total = 0
    with (evaldata / BODIES).open(newline="", encoding="utf-8") as f, out.open("w") as sink:
        for row in csv.DictReader(f):
            text = row["articleBody"].strip()
            article = Article(text=text, path=str(out))
            kept = sum(d.kept for d in extractor.extract(article))
            if not kept:
                continue
            record = {"id": f"fnc1-{row['Body ID']}", "outlet": "FNC-1", "text": text}
            sink.write(json.dumps(record) + "\n")
            total += kept
            if total >= target_claims:
                break
    return total


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ingest(db: str, corpus: str, scorer: str, queue: mp.Queue) -> None:
    from sqlalchemy.orm import Session

    from claims.config import resolve
    from claims.pipeline.ingest import ingest
    from claims.pipeline.stages import default_stages
    from store.db import open_store

    settings = resolve(db=db, scorer=scorer, env={})
    stages = default_stages(settings, today=date(2025, 1, 1))
    engine = open_store(db)
    start = time.perf_counter()
    with Session(engine) as session, session.begin():
        report = ingest(session, [Path(corpus)], stages, settings.tuning)
    wall = time.perf_counter() - start
    queue.put({"wall": wall, "report": report.__dict__, "peak_mb": _peak_mb()})


def _encode(corpus: str, queue: mp.Queue) -> None:
    from claims.extract.sentences import SentenceExtractor
    from claims.topics.embed import SentenceTransformerEmbedder
    from claims.types import Article

    extractor = SentenceExtractor()
    texts = []
    for line in Path(corpus).read_text().splitlines():
        article = Article(text=json.loads(line)["text"], path=corpus)
        texts.extend(d.text for d in extractor.extract(article) if d.kept)
    embedder = SentenceTransformerEmbedder()
    embedder.embed(texts[:32])  # load the model outside the timing
    start = time.perf_counter()
    embedder.embed(texts)
    queue.put({"wall": time.perf_counter() - start, "texts": len(texts), "peak_mb": _peak_mb()})


def in_process(target, *args) -> dict:  # noqa: ANN001
    queue: mp.Queue = mp.get_context("spawn").Queue()
    proc = mp.get_context("spawn").Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def describe(name: str, run: dict, encode_rate: float) -> str:
    report = run["report"]
    rate = report["claims_added"] / run["wall"] if report["claims_added"] else 0.0
    seconds = report["seconds"]
    total = sum(seconds.values()) or 1.0
    shares = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in seconds.items())
    floor = f"{rate / encode_rate:.2f} of raw encode" if rate else "n/a"
    return (
        f"| {name} | {report['articles']} | {report['claims_added']} | {run['wall']:.1f} | "
        f"{rate:.1f} | {floor} | "
        f"{report['pairs_scored']} | {report['contradictions_added']} | {run['peak_mb']:.0f} | "
        f"{shares} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--scorer", default="nli", choices=["nli", "cues"])
    parser.add_argument("--evaldata", type=Path, default=ROOT.parent / "shared" / "evaldata")
    args = parser.parse_args()
    if not (args.evaldata / BODIES).is_file():
        print(f"skipped: {args.evaldata / BODIES} not found (public evaluation data absent)")
        return
    print(f"scorer: {args.scorer}; corpus: FNC-1 test bodies; cores: {mp.cpu_count()}\n")
    print(
        "| run | articles | new claims | wall s | claims/s | vs encode | pairs | flagged | "
        "peak MB | stage shares |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = Path(tmp) / f"corpus-{size}.jsonl"
            build_corpus(args.evaldata, size, corpus)
            db = str(Path(tmp) / f"store-{size}.db")
            encode = in_process(_encode, str(corpus))
            encode_rate = encode["texts"] / encode["wall"]
            print(
                f"| raw encode {size} | - | {encode['texts']} | {encode['wall']:.1f} | "
                f"{encode_rate:.1f} | 1.00 | - | - | {encode['peak_mb']:.0f} | - |"
            )
            fresh = in_process(_ingest, db, str(corpus), args.scorer)
            print(describe(f"fresh store {size}", fresh, encode_rate))
            again = in_process(_ingest, db, str(corpus), args.scorer)
            print(describe(f"store holding it {size}", again, encode_rate))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
