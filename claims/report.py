"""Contradiction reports: one stable JSON shape, rendered as text, markdown or JSON.

The JSON report is an interface other tools read: contradictions sorted by score (highest
first), each with its topic and both claims with their sources.
"""

from __future__ import annotations

import io
import json
from typing import Any

from sqlalchemy.orm import Session

from claims.errors import BadInput
from store import queries
from store.models import Claim, Contradiction

FORMATS = ("text", "markdown", "json")


def source_dict(claim: Claim) -> dict[str, Any]:
    s = claim.source
    return {
        "id": s.id,
        "title": s.title,
        "outlet": s.outlet,
        "published": s.published.isoformat() if s.published else None,
        "url": s.url,
        "path": s.path,
    }


def claim_dict(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "text": claim.text,
        "speaker": claim.speaker,
        "status": claim.status,
        "source": source_dict(claim),
    }


def contradiction_dict(c: Contradiction) -> dict[str, Any]:
    topic = c.claim_a.topic
    return {
        "id": c.id,
        "score": round(c.score, 4),
        "kind": c.kind,
        "status": c.status,
        "explanation": c.explanation,
        "model": c.model,
        "topic": {"id": topic.id, "label": topic.label} if topic else None,
        "claims": [claim_dict(c.claim_a), claim_dict(c.claim_b)],
    }


def build_report(session: Session, limit: int | None = None) -> dict[str, Any]:
    """The report as plain data (the JSON interface)."""
    if limit is not None and limit < 0:
        raise BadInput(f"--limit must be zero or more, not {limit}")
    rows = queries.contradictions(session, limit=limit)
    return {"contradictions": [contradiction_dict(c) for c in rows]}


def _where(claim: dict[str, Any]) -> str:
    src = claim["source"]
    parts = [src["outlet"] or src["path"], src["published"] or ""]
    who = f"{claim['speaker']} — " if claim["speaker"] else ""
    return who + ", ".join(p for p in parts if p)


def render_markdown(report: dict[str, Any]) -> str:
    items = report["contradictions"]
    lines = [f"# Contradictions ({len(items)})", ""]
    for c in items:
        topic = c["topic"]["label"] if c["topic"] else "-"
        lines.append(f"## #{c['id']} · {c['kind']} · score {c['score']:.2f} · {c['status']}")
        lines.append("")
        lines.append(f"*Topic:* {topic}  ")
        lines.append(f"*Why:* {c['explanation']}")
        lines.append("")
        for claim in c["claims"]:
            text = claim["text"].replace("\n", " ")
            lines.append(f"> {text}")
            lines.append(f"> — {_where(claim)} (claim {claim['id']})")
            lines.append("")
    return "\n".join(lines)


def render_text(report: dict[str, Any]) -> str:
    from rich.console import Console
    from rich.table import Table

    items = report["contradictions"]
    table = Table(title=f"Contradictions ({len(items)})", show_lines=True, expand=True)
    for name, style in (
        ("id", "bold"),
        ("score", ""),
        ("kind", ""),
        ("claim A", ""),
        ("claim B", ""),
        ("why", "dim"),
    ):
        table.add_column(name, style=style, overflow="fold")
    for c in items:
        a, b = c["claims"]
        table.add_row(
            str(c["id"]),
            f"{c['score']:.2f}",
            c["kind"],
            f"{a['text']}\n[dim]{_where(a)}[/dim]",
            f"{b['text']}\n[dim]{_where(b)}[/dim]",
            c["explanation"],
        )
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue()


def render(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "text":
        return render_text(report)
    raise BadInput(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
