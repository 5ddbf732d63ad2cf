"""Look inside the store: one claim or contradiction, topics, counts, sources, claims, log.

Each function reads plain records through store/ and renders them as text or JSON.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from claims.errors import BadInput, NotFound
from claims.report.formats import LISTING_FORMATS
from claims.report.serialise import (
    claim_dict,
    dump,
    entry_dict,
    iso,
    pair_dict,
    record_date,
    shown_date,
    source_date,
    topic_dict,
)
from claims.types import AuditRecord, ClaimRecord, SourceListing, SourceRecord, Span
from claims.words import noun
from store import queries
from store import stories as story_store
from store.remarks import PROGRESS


def _check_format(fmt: str) -> None:
    if fmt not in LISTING_FORMATS:
        raise BadInput(f"unknown format {fmt!r}; choose text or json")


def show_claim(session: Session, claim_id: int) -> str:
    claim = queries.claim(session, claim_id)
    if claim is None:
        raise NotFound(f"no claim with id {claim_id}")
    data = claim_dict(claim) | {
        "speech": claim.speech,
        "event_date": iso(claim.event_date),
        "event_date_text": claim.event_date_text,
        "topic": topic_dict(claim.topic),
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
        f"{source_date(src)} | {src['path']} [{claim.start}:{claim.end}]"
    )
    for c in story_store.corroborating(session, claim.id):
        lines.append(
            f"  corroborated by claim {c.claim_id} ({c.kind}): source {c.source_id}, "
            f"{c.outlet or '-'} | {shown_date(c.published)} | {c.path}"
        )
    return "\n".join(lines)


def show_contradiction(session: Session, contradiction_id: int) -> str:
    row = queries.pair(session, contradiction_id)
    if row is None:
        raise NotFound(f"no contradiction with id {contradiction_id}")
    data = pair_dict(row)
    lines = [
        f"contradiction {row.id}: {row.kind}, score {row.score:.3f}, {row.status}",
        f"  why: {data['why']}",
        f"  detail: {data['detail'] or '-'}",
        f"  story: {data['story']['label'] if data['story'] else '-'}",
    ]
    sides = (("A", row.claim_a, row.spans[0]), ("B", row.claim_b, row.spans[1]))
    for name, claim, span in sides:
        src = claim.source
        lines.append(f"  {name} claim {claim.id}: {_highlight(claim.text, span)}")
        lines.append(
            f"    speaker: {claim.speaker or '-'} | {src.outlet or '-'} | "
            f"{record_date(src)} | {src.path}"
        )
    return "\n".join(lines)


def _highlight(text: str, span: Span) -> str:
    if not span:
        return text
    start, end = span
    return f"{text[:start]}[[{text[start:end]}]]{text[end:]}"


def stats(session: Session, fmt: str = "text") -> str:
    data = queries.counts(session)
    if fmt == "json":
        return dump(data)
    return "\n".join(f"{key}: {value}" for key, value in data.items())


def _copy_dict(c: SourceRecord) -> dict:
    return {
        "id": c.id,
        "outlet": c.outlet,
        "path": c.path,
        "line": c.line,
        "published": iso(c.published),
        "published_approx": c.published_approx,
        "story_first": iso(c.story_first),
        "story_last": iso(c.story_last),
    }


def _listing_dict(item: SourceListing) -> dict:
    s = item.source
    return {
        "id": s.id,
        "title": s.title,
        "outlet": s.outlet,
        "published": iso(s.published),
        "published_approx": s.published_approx,
        "published_label": record_date(s),
        "story_first": iso(s.story_first),  # an undated article's story's stated dates
        "story_last": iso(s.story_last),
        "path": s.path,
        "line": s.line,
        "claims": item.claims,
        "copies": [_copy_dict(c) for c in item.copies],
    }


def sources(session: Session, fmt: str = "text") -> str:
    """Stored articles with the copies folded into each."""
    items = [_listing_dict(s) for s in queries.sources(session)]
    if fmt == "json":
        return dump({"sources": items})
    lines = []
    for item in items:
        date = item["published_label"]
        lines.append(
            f"{item['id']:>4}  {item['outlet'] or '-':<18} {date:<20} "
            f"{item['claims']:>3} {noun(item['claims'], 'claim'):<6}  {item['title'] or '-'}  "
            f"({item['path']})"
        )
        for c in item["copies"]:
            lines.append(
                f"        copy {c['id']}: {c['outlet'] or '-'} {source_date(c)} "
                f"({c['path']}:{c['line']})"
            )
    return "\n".join(lines) or "no sources"


def _listed_claim(c: ClaimRecord) -> dict:
    return {
        "id": c.id,
        "text": c.text,
        "speaker": c.speaker,
        "event_date": iso(c.event_date),
        "event_date_text": c.event_date_text,
        "source_id": c.source.id,
    }


def list_claims(session: Session, source_id: int | None = None, fmt: str = "text") -> str:
    if source_id is not None and not queries.source_exists(session, source_id):
        raise NotFound(f"no source with id {source_id}")
    items = [_listed_claim(c) for c in queries.claims(session, source_id)]
    if fmt == "json":
        return dump({"claims": items})
    _check_format(fmt)
    return (
        "\n".join(
            f"{i['id']:>5}  [{i['source_id']}] {i['speaker'] or '-'} | "
            f"{i['event_date'] or i['event_date_text'] or '-'} | {i['text']}"
            for i in items
        )
        or "no claims"
    )


def render_log(entries: Sequence[AuditRecord], fmt: str = "text") -> str:
    """The audit log, oldest first, as text or JSON."""
    _check_format(fmt)
    if fmt == "json":
        return dump({"entries": [entry_dict(e) for e in entries]})
    return "\n".join(_entry_line(e) for e in entries) or "no audit entries"


def _entry_line(entry: AuditRecord) -> str:
    what = f"{entry.entity} {entry.entity_id}"
    line = (
        f"{entry.id:>5}  {entry.at:%Y-%m-%d %H:%M:%S}Z  {entry.by:<12} {what:<18} {_change(entry)}"
    )
    return f"{line}  ({entry.note})" if entry.note else line


def _change(entry: AuditRecord) -> str:
    """What an entry changed, in words for a pair taken or released ("in progress"):
    "alice took the pair", "bob took over from alice", "alice released the pair"."""
    if entry.field != PROGRESS:
        return f"{entry.field}: {entry.old_value} -> {entry.new_value}"
    if entry.new_value is None:
        held = f" (held by {entry.old_value})" if entry.old_value not in (None, entry.by) else ""
        return f"in progress: {entry.by} released the pair{held}"
    if entry.old_value:
        return f"in progress: {entry.new_value} took over from {entry.old_value}"
    return f"in progress: {entry.new_value} took the pair"
