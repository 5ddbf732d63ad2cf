"""The one serialiser: records and check findings as JSON-ready dicts.

Every JSON shape the tool prints (reports, listings, the audit log, ``check``) is built
here, so a field is named once. The shapes are interfaces other tools read: fields are
only ever added, never renamed.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from claims.pipeline.check import CheckResult, ClaimRef, Finding
from claims.report.why import split as split_why
from claims.stories.dates import date_range
from claims.types import AuditRecord, ClaimRecord, PairRecord, SourceRecord, Span, TopicRecord

CHECK_JSON_VERSION = 1
UNKNOWN_DATE = "unknown"
APPROX_MARK = " (approx.)"
STORY_MARK = "story: "  # before the dates an undated article's story states
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def dump(data: Any) -> str:
    """JSON, UTF-8 text kept readable; bidi controls written as ``\\u202e`` escapes (the
    same strings once parsed, but a terminal showing the JSON is not reversed by them)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _BIDI.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def shown_date(
    published: date | str | None,
    approx: bool = False,
    story_first: date | str | None = None,
    story_last: date | str | None = None,
) -> str:
    """A published date as every format shows it: ISO, ``(approx.)`` after a date read
    from "6 days ago", and ``unknown`` when the source states none, followed by the dates
    its story's other articles state where they do: "unknown (story: Aug 2025)"."""
    if not published:
        story = date_range(_day(story_first), _day(story_last))
        return f"{UNKNOWN_DATE} ({STORY_MARK}{story})" if story else UNKNOWN_DATE
    day = published.isoformat() if isinstance(published, date) else published
    return day + (APPROX_MARK if approx else "")


def record_date(s: SourceRecord) -> str:
    """``shown_date`` of a stored source, with its story's dates where it states none."""
    return shown_date(s.published, s.published_approx, s.story_first, s.story_last)


def _day(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def source_date(source: dict[str, Any]) -> str:
    """``shown_date`` of a source dict (as ``source_dict`` makes it)."""
    return shown_date(
        source.get("published"),
        bool(source.get("published_approx")),
        source.get("story_first"),
        source.get("story_last"),
    )


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None (never a ``javascript:`` link)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def source_dict(s: SourceRecord) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "outlet": s.outlet,
        "published": iso(s.published),
        "published_approx": s.published_approx,
        "published_label": record_date(s),
        "story_first": iso(s.story_first),  # an undated article's story's stated dates
        "story_last": iso(s.story_last),
        "url": s.url,
        "path": s.path,
    }


def topic_dict(topic: TopicRecord | None) -> dict[str, Any] | None:
    return {"id": topic.id, "label": topic.label} if topic else None


def claim_dict(claim: ClaimRecord) -> dict[str, Any]:
    return {
        "id": claim.id,
        "text": claim.text,
        "speaker": claim.speaker,
        "status": claim.status,
        "source": source_dict(claim.source),
    }


def span_list(span: Span) -> list[int] | None:
    return [span[0], span[1]] if span else None


def pair_dict(c: PairRecord) -> dict[str, Any]:
    """A flagged pair; ``why`` is the plain reason and ``detail`` the model's part of the
    stored ``explanation`` (``claims.report.why``); ``story`` is the pair's story (its
    first claim's topic), kept under ``topic`` too for older readers."""
    why, detail = split_why(c.explanation, c.kind, c.model)
    story = topic_dict(c.claim_a.topic)
    return {
        "id": c.id,
        "score": round(c.score, 4),
        "kind": c.kind,
        "status": c.status,
        "explanation": c.explanation,
        "why": why,
        "detail": detail,
        "model": c.model,
        "topic": story,
        "story": story,
        "claims": [claim_dict(c.claim_a), claim_dict(c.claim_b)],
    }


def entry_dict(entry: AuditRecord) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="seconds") + "Z",
        "by": entry.by,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "field": entry.field,
        "old_value": entry.old_value,
        "new_value": entry.new_value,
        "note": entry.note,
    }


def split_problem(problem: str) -> tuple[str, str]:
    """``(path, reason)`` of a skipped file as the batch lists it ("path: reason")."""
    path, sep, reason = problem.partition(": ")
    return (path, reason) if sep else (problem, "unreadable")


def ref_dict(ref: ClaimRef) -> dict[str, Any]:
    return {
        "text": ref.text,
        "speaker": ref.speaker,
        "status": ref.status,
        "new": ref.new,
        "source": {
            "path": ref.path,
            "line": ref.line,
            "outlet": ref.outlet,
            "published": iso(ref.published),
            "story_first": iso(ref.story_first),  # an undated source's story's stated dates
            "story_last": iso(ref.story_last),
            "title": ref.title,
            "url": ref.url,
        },
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    why, detail = split_why(f.explanation, f.kind, f.model)
    return {
        "fingerprint": f.fingerprint,
        "score": f.score,
        "kind": f.kind,
        "explanation": f.explanation,
        "why": why,
        "detail": detail,
        "model": f.model,
        "status": "known" if f.known else "new",
        "failing": f.failing,
        "within_batch": f.within_batch,
        "claims": [ref_dict(c) for c in f.claims],
    }


def result_dict(result: CheckResult) -> dict[str, Any]:
    """The check as plain data (the JSON interface)."""
    r = result.report
    return {
        "version": CHECK_JSON_VERSION,
        "fail_on": result.fail_on,
        "failed": result.failed,
        "summary": {
            "files": r.files,
            "articles": r.articles,
            "already_stored": r.already_stored,
            "claims": r.claims_added,
            "pairs_scored": r.pairs_scored,
            "contradictions": len(result.findings),
            "failing": len(result.failing),
            "known": len(result.known),
            "dismissed": result.dismissed,
            "skipped_files": list(r.skipped_files),
            "skipped": [
                {"path": path, "reason": reason}
                for path, reason in map(split_problem, r.skipped_files)
            ],
        },
        "contradictions": [finding_dict(f) for f in result.findings],
    }
