"""``claims report --model ID``: one model's scores of the stored pairs beside the others'.

After ``claims rescore`` every pair the new model scored that is stored (or that it flags)
has its score kept under each model that scored it (``pair_scores``). This report lists
them, the new model's score first, with the pair's current status and stored score, so a
desk can see what a new model would change before trusting it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy.orm import Session

from claims.errors import BadInput
from claims.report.escape import csv_row, isolate, md
from claims.report.serialise import dump
from store import backfill as ledger

FORMATS = ("text", "markdown", "json", "csv")


def model_report(session: Session, model: str, limit: int | None = None) -> dict[str, Any]:
    """Pairs ``model`` scored: status, stored score and model, and each model's score."""
    scored = ledger.pair_scores(session, model)
    if not scored:
        raise BadInput(f"no pair was scored by {model!r}; rescore with that model first")
    stored = ledger.contradictions(session)
    texts = ledger.claim_texts(session, {i for pair in scored for i in pair})
    rows = []
    for (a, b), scores in scored.items():
        status, score, current = stored.get((a, b), ("not stored", None, None))
        rows.append(
            {
                "claims": [texts.get(a, ""), texts.get(b, "")],
                "claim_ids": [a, b],
                "status": status,
                "score": score,
                "stored_model": current,
                "scores": dict(sorted(scores.items())),
            }
        )
    rows.sort(key=lambda r: (-r["scores"].get(model, 0.0), r["claim_ids"]))
    return {"model": model, "pairs": rows[:limit] if limit is not None else rows}


def render_comparison(data: dict[str, Any], fmt: str) -> str:
    """The comparison as text, Markdown, JSON or CSV (one row per pair)."""
    if fmt == "json":
        return dump(data)
    models = sorted({m for row in data["pairs"] for m in row["scores"]})
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["claim_a", "claim_b", "status", *models])
        for row in data["pairs"]:
            scores = [_score(row["scores"].get(m)) for m in models]
            writer.writerow(csv_row([*row["claims"], row["status"], *scores]))
        return out.getvalue()
    if fmt == "markdown":
        lines = [f"# Scores of {md(data['model'])} against the others", ""]
        lines.append("| " + " | ".join(["claim a", "claim b", "status", *map(md, models)]) + " |")
        lines.append("|" + "---|" * (3 + len(models)))
        for row in data["pairs"]:
            cells = [md(row["claims"][0]), md(row["claims"][1]), row["status"]]
            scores = [_score(row["scores"].get(m)) for m in models]
            lines.append("| " + " | ".join(cells + scores) + " |")
        return "\n".join(lines)
    if fmt == "text":
        lines = [f"{len(data['pairs'])} pairs scored by {data['model']}: " + ", ".join(models)]
        for row in data["pairs"]:
            lines.append(f"[{row['status']}] " + "  ".join(_scores(row, models)))
            lines.extend(f"    {isolate(text)}" for text in row["claims"])
        return "\n".join(lines)
    raise BadInput(f"shows {', '.join(FORMATS)}, not {fmt!r}", option="model")


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _scores(row: dict[str, Any], models: list[str]) -> list[str]:
    return [f"{m} {_score(row['scores'].get(m))}" for m in models]
