"""Benchmark ``claims check``: a 50-article batch against a store of about 10,000 claims.

The store is built from public news text in ../shared/evaldata (FNC-1 test bodies, topped up
with climate-fever evidence sentences grouped by Wikipedia article), ingested in chunks as a
store grows, and cached under bench/out/ so reruns only time the check. The batch is 50
FNC-1 bodies the store does not hold, each led by an FNC-1 headline that disagrees with a
stored body, written as Markdown files with front matter. Nothing here is committed.

    python bench/check.py [--claims 10000] [--articles 50] [--scorer cues|nli] [--rebuild]
                          [--evaldata DIR]

Prints the store build time, the check's wall time (models loaded; the load; the whole command),
claims/s and each pipeline stage's share (``IngestReport.seconds``). The check is rolled
back, as ``claims check`` does without ``--record``.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BODIES = "contradiction/fnc1/competition_test_bodies.csv"
STANCES = "contradiction/fnc1/competition_test_stances.csv"
CLIMATE = "contradiction/climate_fever/climate-fever.jsonl"
NLI_MODEL = ROOT / "claims" / "models" / "nli-minilm-l6"
TODAY = date(2025, 1, 1)
CHUNK_ARTICLES = 60  # store articles per ingest while building


def fnc_bodies(evaldata: Path) -> list[tuple[str, str]]:
    with (evaldata / BODIES).open(newline="", encoding="utf-8") as f:
        return [(row["Body ID"], row["articleBody"].strip()) for row in csv.DictReader(f)]


def disagreeing_headlines(evaldata: Path) -> dict[str, list[str]]:
    """FNC-1 headlines labelled 'disagree' with a body, by body id."""
    out: dict[str, list[str]] = {}
    with (evaldata / STANCES).open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Stance"] == "disagree":
                out.setdefault(row["Body ID"], []).append(row["Headline"].strip())
    return out


def climate_articles(evaldata: Path) -> Iterator[tuple[str, str]]:
    """climate-fever evidence sentences grouped into one pseudo-article per Wikipedia page."""
    path = evaldata / CLIMATE
    if not path.is_file():
        return
    pages: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            for ev in json.loads(line)["evidences"]:
                sentences = pages.setdefault(ev["article"], [])
                if ev["evidence"] not in sentences:
                    sentences.append(ev["evidence"].strip().strip('"'))
    for title, sentences in pages.items():
        yield f"cf-{title}", " ".join(s if s.endswith(".") else s + "." for s in sentences)


def write_corpus(evaldata: Path, target: int, articles: int, out: Path) -> tuple[int, int]:
    """Store chunks (JSONL) holding about ``target`` claims, and the batch (Markdown files)."""
    from claims.extract.sentences import SentenceExtractor
    from claims.types import Article

    extractor = SentenceExtractor()
    bodies = fnc_bodies(evaldata)
    headlines = disagreeing_headlines(evaldata)
    contested = [b for b in bodies if b[0] in headlines]
    batch_bodies = [b for b in bodies if b[0] not in headlines][-articles:]
    taken = {b[0] for b in batch_bodies}
    store_pool = contested + [b for b in bodies if b[0] not in taken and b[0] not in headlines]
    store_pool += list(climate_articles(evaldata))
    (out / "store").mkdir(parents=True, exist_ok=True)
    claims, rows, stored_ids = 0, [], []
    for ident, text in store_pool:
        kept = sum(d.kept for d in extractor.extract(Article(text=text, path="bench")))
        if not kept:
            continue
        rows.append({"id": ident, "outlet": "FNC-1", "title": f"Article {ident}", "text": text})
        stored_ids.append(ident)
        claims += kept
        if claims >= target * 1.1:  # spare chunks: the store stops at ``target`` claims
            break
    for n in range(0, len(rows), CHUNK_ARTICLES):
        chunk = out / "store" / f"chunk-{n // CHUNK_ARTICLES:03d}.jsonl"
        chunk.write_text("".join(json.dumps(r) + "\n" for r in rows[n : n + CHUNK_ARTICLES]))
    leads = [h for i in stored_ids for h in headlines.get(i, [])]
    (out / "batch").mkdir(exist_ok=True)
    for n, (ident, text) in enumerate(batch_bodies):
        lead = leads[n % len(leads)] if leads else ""
        lead = lead if lead.endswith((".", "!", "?")) else f"{lead}."
        day = f"2024-12-{1 + n % 28:02d}"
        front = f"---\ntitle: Batch article {ident}\noutlet: Bench Wire\npublished: {day}\n---\n"
        (out / "batch" / f"article-{n:02d}.md").write_text(f"{front}{lead}\n\n{text}\n")
    return claims, len(rows)


def build_store(db: Path, chunks: list[Path], scorer: str, target: int) -> float:
    """Ingest chunks, one transaction each, until the store holds ``target`` claims."""
    from sqlalchemy.orm import Session

    from claims.config import resolve
    from claims.pipeline.ingest import ingest
    from claims.pipeline.stages import default_stages
    from store.db import open_store

    settings = resolve(db=str(db), scorer=scorer, env={})
    stages = default_stages(settings, today=TODAY)
    engine = open_store(db)
    start, stored = time.perf_counter(), 0
    for n, chunk in enumerate(chunks):
        with Session(engine) as session, session.begin():
            report = ingest(session, [chunk], stages, settings.tuning)
        stored += report.claims_added
        print(
            f"  store chunk {n + 1}: {stored} claims, {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        if stored >= target:
            break
    engine.dispose()
    return time.perf_counter() - start


def _timed_check(db: str, batch: str, scorer: str, queue: mp.Queue) -> None:
    """In a fresh process: import and load the models, then check (rolled back)."""
    start = time.perf_counter()
    from sqlalchemy.orm import Session

    from claims.config import resolve
    from claims.pipeline.check import check
    from claims.pipeline.stages import default_stages
    from claims.report.check_formats import headline
    from claims.types import ClaimView
    from store.db import open_store

    settings = resolve(db=db, scorer=scorer, env={})
    stages = default_stages(settings, today=TODAY)
    probe = ClaimView(id=0, text="Load the models before timing the check.", source_id=0)
    stages.embedder.embed([probe.text])
    stages.scorer.score([(probe, probe)])
    load = time.perf_counter() - start
    engine = open_store(db)
    with Session(engine) as session:
        session.begin()
        start = time.perf_counter()
        result = check(session, [Path(batch)], stages, settings.tuning, fail_on="none")
        wall = time.perf_counter() - start
        session.rollback()
    engine.dispose()
    queue.put(
        {"load": load, "wall": wall, "report": vars(result.report), "headline": headline(result)}
    )


def time_check(db: Path, batch: Path, scorer: str) -> dict:
    """The check's timings and report, from a fresh process (cold imports, as in CI)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_timed_check, args=(str(db), str(batch), scorer, queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out


def time_cli(db: Path, batch: Path, scorer: str) -> float:
    """Wall seconds of the whole ``claims check`` command, interpreter start included."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}
    command = [
        sys.executable,
        "-c",
        "from cli.main import run; run()",
        "check",
        str(batch),
        "--db",
        str(db),
        "--scorer",
        scorer,
        "--fail-on",
        "none",
        "--format",
        "json",
    ]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000, help="claims in the store")
    parser.add_argument("--articles", type=int, default=50, help="articles in the batch")
    parser.add_argument("--scorer", default="cues", choices=["cues", "nli"])
    parser.add_argument("--evaldata", type=Path, default=ROOT.parent / "shared" / "evaldata")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached store")
    args = parser.parse_args()
    if not (args.evaldata / BODIES).is_file():
        print(f"skipped: {args.evaldata / BODIES} not found (public evaluation data absent)")
        return
    if args.scorer == "nli" and not NLI_MODEL.is_dir():
        print(f"skipped: --scorer nli needs the shipped model at {NLI_MODEL}")
        return
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    work = args.out / f"check-{args.claims}-{args.articles}-{args.scorer}"
    db, meta_path = work / "store.db", work / "store.json"
    if args.rebuild or not meta_path.is_file():
        for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), meta_path):
            stale.unlink(missing_ok=True)
        work.mkdir(parents=True, exist_ok=True)
        claims, articles = write_corpus(args.evaldata, args.claims, args.articles, work)
        print(f"building the store: {articles} articles, ~{claims} claims ...", file=sys.stderr)
        seconds = build_store(
            db, sorted((work / "store").glob("chunk-*.jsonl")), args.scorer, args.claims
        )
        meta_path.write_text(json.dumps({"build_seconds": seconds, "articles": articles}))
    meta = json.loads(meta_path.read_text())
    from sqlalchemy.orm import Session

    from store.db import open_store
    from store.queries import counts

    engine = open_store(db)
    with Session(engine) as session:
        stored = counts(session)
    engine.dispose()
    run = time_check(db, work / "batch", args.scorer)
    cli_wall = time_cli(db, work / "batch", args.scorer)
    report, wall, load = run["report"], run["wall"], run["load"]
    total = sum(report["seconds"].values()) or 1.0
    print(
        f"scorer: {args.scorer}; cores: {os.cpu_count()}; store: {stored['claims']} claims, "
        f"{stored['sources']} articles, {stored['contradictions']} contradictions"
    )
    print(f"store build: {meta['build_seconds']:.1f} s (cached in {work})")
    print(
        f"check: {report['articles']} articles, {report['claims_added']} claims, "
        f"{report['pairs_scored']} pairs scored; {run['headline']}"
    )
    print(
        f"check wall: {wall:.1f} s with models loaded ({report['claims_added'] / wall:.1f} "
        f"claims/s); imports and model load {load:.1f} s; "
        f"whole 'claims check' command {cli_wall:.1f} s"
    )
    shares = report["seconds"].items()
    print(
        "stage shares: " + ", ".join(f"{k} {100 * v / total:.0f}% ({v:.1f} s)" for k, v in shares)
    )


if __name__ == "__main__":
    main()
