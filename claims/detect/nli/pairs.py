"""Score premise/hypothesis pairs from JSONL with an NLI model (``claims pairs FILE.jsonl``).

Each input line is a JSON object with ``premise`` and ``hypothesis`` (other fields ignored);
each output is ``{"label": ..., "scores": {"entailment": p, "neutral": p, "contradiction": p}}``
in input order. Lines are scored in batches, so a large file streams.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from claims.detect.nli.model import LABELS, PairModel
from claims.errors import BadInput


def parse_pair(line: str, lineno: int) -> tuple[str, str]:
    """(premise, hypothesis) of one JSONL line; BadInput names the line when malformed."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInput(f"line {lineno}: not JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise BadInput(f"line {lineno}: expected a JSON object with premise and hypothesis")
    for key in ("premise", "hypothesis"):
        if not isinstance(row.get(key), str):
            raise BadInput(f"line {lineno}: missing or non-text '{key}'")
    return row["premise"], row["hypothesis"]


def _scored(batch: list[tuple[str, str]], model: PairModel) -> Iterator[dict]:
    probs = model.predict(batch)
    for p in probs:
        yield {
            "label": LABELS[int(p.argmax())],
            "scores": {lab: round(float(v), 4) for lab, v in zip(LABELS, p, strict=True)},
        }


def score_pairs(lines: Iterable[str], model: PairModel, batch_size: int = 256) -> Iterator[dict]:
    """One result per non-blank input line, in order. Raises BadInput on a bad line."""
    batch: list[tuple[str, str]] = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        batch.append(parse_pair(line, lineno))
        if len(batch) >= batch_size:
            yield from _scored(batch, model)
            batch = []
    if batch:
        yield from _scored(batch, model)
