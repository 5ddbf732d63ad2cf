"""The work a shard is: embed texts, or score claim pairs; the same code in every engine.

A worker holds the stages its engine built once (models loaded once per worker) and runs
``run_task`` on each shard it is given. Shards are keyed by a hash of their items, so a
shard retried after a worker died, or redone after the driver died, is recognised.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from claims.extract.attribution import inherit_article_event
from claims.pipeline.prepare import frame_drafts
from claims.pipeline.runs import Stages
from claims.types import ClaimView, Span, Verdict
from store.batching import batched

EXTRACT = "extract"
EMBED = "embed"
SCORE = "score"
MODEL_BATCH = 256  # texts or pairs per call of a model inside a shard


def run_task(task: str, stages: Stages, items: Sequence[Any]) -> Any:
    """Run one shard with ``stages``: each article's sentence drafts (framed, as ``prepare``
    extracts them), vectors (float32 rows) or verdicts, in item order."""
    if task == EXTRACT:
        return [
            frame_drafts(inherit_article_event(stages.extractor.extract(a)), stages.framer)
            for a in items
        ]
    if task == EMBED:
        parts = [
            np.asarray(stages.embedder.embed(chunk), dtype=np.float32)
            for chunk in batched(items, MODEL_BATCH)
        ]
        return np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)
    if task == SCORE:
        out: list[Verdict] = []
        for chunk in batched(items, MODEL_BATCH):
            out.extend(stages.scorer.score(chunk))
        return out
    raise ValueError(f"unknown task {task!r}")


def shard_key(task: str, items: Sequence[Any]) -> str:
    """SHA-256 naming a shard by its items (texts, or the two texts of each pair)."""
    digest = hashlib.sha256(task.encode())
    for item in items:
        texts = item if task == EMBED else (item[0].text, item[1].text) if task == SCORE else ""
        for text in [texts] if isinstance(texts, str) else texts:
            digest.update(b"\x00" + text.encode("utf-8"))
    return digest.hexdigest()


def verdicts_json(pairs: Sequence[tuple[ClaimView, ClaimView]], verdicts: Sequence[Verdict]):
    """A shard's verdicts as JSON-ready rows, keyed by the two texts (how they are cached)."""
    return [
        [
            a.text,
            b.text,
            v.score,
            v.kind,
            v.explanation,
            _span(v.spans[0]),
            _span(v.spans[1]),
            v.model,
        ]
        for (a, b), v in zip(pairs, verdicts, strict=True)
    ]


def verdicts_from_json(rows: Sequence[Sequence[Any]]) -> dict[tuple[str, str], Verdict]:
    """The inverse of ``verdicts_json``: (text a, text b) -> verdict."""
    return {
        (a, b): Verdict(float(score), kind, explanation, (_unspan(sa), _unspan(sb)), model)
        for a, b, score, kind, explanation, sa, sb, model in rows
    }


def _span(span: Span) -> list[int] | None:
    return None if span is None else [int(span[0]), int(span[1])]


def _unspan(value: Sequence[int] | None) -> Span:
    return None if value is None else (int(value[0]), int(value[1]))
