"""Look inside the store: one claim or contradiction, topics, counts, sources, claims."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.errors import BadInput, NotFound
from claims.report.contradictions import claim_dict, contradiction_dict
from store import queries
from store.models import Claim, Contradiction, Source


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def show_claim(session: Session, claim_id: int) -> str:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"no claim with id {claim_id}")
    data = claim_dict(claim)
    data |= {
        "speech": claim.speech,
        "event_date": claim.event_date.isoformat() if claim.event_date else None,
        "event_date_text": claim.event_date_text,
        "topic": {"id": claim.topic.id, "label": claim.topic.label} if claim.topic else None,
        "offsets": [claim.start, claim.end],
    }
    lines = [f"claim {claim.id}: {claim.text}"]
    for key in ("speaker", "speech", "event_date", "event_date_text", "status"):
        lines.append(f"  {key}: {data[key] if data[key] is not None else '-'}")
    topic = data["topic"]
    lines.append(f"  topic: {topic['id']} ({topic['label']})" if topic else "  topic: -")
    src = data["source"]
    lines.append(
        f"  source {src['id']}: {src['outlet'] or '-'} | {src['title'] or '-'} | "
        f"{src['published'] or '-'} | {src['path']} [{claim.start}:{claim.end}]"
    )
    return "\n".join(lines)


def show_contradiction(session: Session, contradiction_id: int) -> str:
    row = session.get(Contradiction, contradiction_id)
    if row is None:
        raise NotFound(f"no contradiction with id {contradiction_id}")
    data = contradiction_dict(row)
    lines = [
        f"contradiction {row.id}: {row.kind}, score {row.score:.3f}, {row.status}",
        f"  why: {row.explanation}",
        f"  flagged by: {row.model}",
        f"  topic: {data['topic']['label'] if data['topic'] else '-'}",
    ]
    for name, claim, span in (("A", row.claim_a, row.span_a), ("B", row.claim_b, row.span_b)):
        src = claim.source
        lines.append(f"  {name} claim {claim.id}: {_highlight(claim.text, span)}")
        lines.append(
            f"    speaker: {claim.speaker or '-'} | {src.outlet or '-'} | "
            f"{src.published or '-'} | {src.path}"
        )
    return "\n".join(lines)


def _highlight(text: str, span: str | None) -> str:
    if not span:
        return text
    start, end = (int(x) for x in span.split(":"))
    return f"{text[:start]}[[{text[start:end]}]]{text[end:]}"


def topics(session: Session, fmt: str = "text") -> str:
    rows = queries.topics_with_sizes(session)
    if fmt == "json":
        return _dump({"topics": [{"id": t.id, "label": t.label, "claims": n} for t, n in rows]})
    return "\n".join(f"{t.id:>5}  {n:>5}  {t.label}" for t, n in rows) or "no topics"


def stats(session: Session, fmt: str = "text") -> str:
    data = queries.counts(session)
    if fmt == "json":
        return _dump(data)
    return "\n".join(f"{key}: {value}" for key, value in data.items())


def sources(session: Session, fmt: str = "text") -> str:
    """Stored articles with the copies folded into each."""
    rows = session.scalars(
        select(Source).where(Source.canonical_id.is_(None)).order_by(Source.id)
    ).all()
    items = []
    for s in rows:
        copies = queries.copies_of(session, s.id)
        items.append(
            {
                "id": s.id,
                "title": s.title,
                "outlet": s.outlet,
                "published": s.published.isoformat() if s.published else None,
                "published_approx": s.published_approx,
                "path": s.path,
                "line": s.line,
                "claims": len(s.claims),
                "copies": [
                    {
                        "id": c.id,
                        "outlet": c.outlet,
                        "path": c.path,
                        "line": c.line,
                        "published": c.published.isoformat() if c.published else None,
                    }
                    for c in copies
                ],
            }
        )
    if fmt == "json":
        return _dump({"sources": items})
    lines = []
    for item in items:
        date = (item["published"] or "-") + ("~" if item["published_approx"] else "")
        lines.append(
            f"{item['id']:>4}  {item['outlet'] or '-':<18} {date:<11} "
            f"{item['claims']:>3} claims  {item['title'] or '-'}  ({item['path']})"
        )
        for c in item["copies"]:
            lines.append(
                f"        copy {c['id']}: {c['outlet'] or '-'} {c['published'] or '-'} "
                f"({c['path']}:{c['line']})"
            )
    return "\n".join(lines) or "no sources"


def list_claims(session: Session, source_id: int | None = None, fmt: str = "text") -> str:
    stmt = select(Claim).order_by(Claim.id)
    if source_id is not None:
        if session.get(Source, source_id) is None:
            raise NotFound(f"no source with id {source_id}")
        stmt = stmt.where(Claim.source_id == source_id)
    rows = session.scalars(stmt).all()
    items = [
        {
            "id": c.id,
            "text": c.text,
            "speaker": c.speaker,
            "event_date": c.event_date.isoformat() if c.event_date else None,
            "event_date_text": c.event_date_text,
            "source_id": c.source_id,
        }
        for c in rows
    ]
    if fmt == "json":
        return _dump({"claims": items})
    if fmt != "text":
        raise BadInput(f"unknown format {fmt!r}; choose text or json")
    return (
        "\n".join(
            f"{i['id']:>5}  [{i['source_id']}] {i['speaker'] or '-'} | "
            f"{i['event_date'] or i['event_date_text'] or '-'} | {i['text']}"
            for i in items
        )
        or "no claims"
    )
