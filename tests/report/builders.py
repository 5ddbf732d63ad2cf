"""Report and check data built directly, with every text field chosen by the test.

Renderers take plain data (``build_report``'s dict, ``CheckResult``); building it here lets
escaping tests and property tests put any text in any field without a store or a pipeline.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from claims.pipeline.check import CheckResult, ClaimRef, Finding
from claims.pipeline.runs import IngestReport


def source(
    outlet: str | None = "Wire",
    title: str | None = "Title",
    path: str = "a.txt",
    url: str | None = "https://example.org/a",
    published: str | None = "2025-08-20",
    id: int = 1,
) -> dict[str, Any]:
    return {
        "id": id,
        "title": title,
        "outlet": outlet,
        "published": published,
        "url": url,
        "path": path,
    }


def claim(
    text: str, speaker: str | None = None, status: str = "unreviewed", id: int = 1, **src: Any
) -> dict[str, Any]:
    return {"id": id, "text": text, "speaker": speaker, "status": status, "source": source(**src)}


def entry(by: str = "alice", note: str | None = None, id: int = 1) -> dict[str, Any]:
    return {
        "id": id,
        "at": "2025-08-21T10:00:00Z",
        "by": by,
        "entity": "contradiction",
        "entity_id": 1,
        "field": "status",
        "old_value": "open",
        "new_value": "confirmed",
        "note": note,
    }


def item(
    a: dict[str, Any],
    b: dict[str, Any],
    explanation: str = "different numbers",
    topic: str | None = "storm, toll",
    id: int = 1,
    score: float = 0.9,
    history: list[dict[str, Any]] | None = None,
    kind: str = "numeric",
) -> dict[str, Any]:
    """One contradiction as ``build_report`` makes it."""
    return {
        "id": id,
        "score": score,
        "kind": kind,
        "status": "open",
        "explanation": explanation,
        "model": "cues-v1",
        "topic": {"id": 1, "label": topic} if topic is not None else None,
        "claims": [a, b],
        "spans": [None, [0, min(3, len(b["text"]))] if b["text"] else None],
        "history": history or [],
    }


def report(*items: dict[str, Any]) -> dict[str, Any]:
    return {"contradictions": list(items)}


def ref(
    text: str,
    path: str = "new/a.md",
    line: int = 3,
    outlet: str | None = "Wire",
    title: str | None = "Title",
    url: str | None = None,
    speaker: str | None = None,
    new: bool = True,
) -> ClaimRef:
    return ClaimRef(
        text=text,
        speaker=speaker,
        status="unreviewed",
        new=new,
        path=path,
        line=line,
        outlet=outlet,
        published=date(2025, 8, 23),
        title=title,
        url=url,
    )


def finding(
    new: ClaimRef,
    other: ClaimRef,
    explanation: str = "different numbers",
    kind: str = "numeric",
    known: bool = False,
) -> Finding:
    return Finding(
        fingerprint=f"{abs(hash((new.text, other.text))):x}",
        score=0.9,
        kind=kind,
        explanation=explanation,
        model="cues-v1",
        claims=(new, other),
        known=known,
        failing=not known,
    )


def result(*findings: Finding, fail_on: str = "new") -> CheckResult:
    return CheckResult(fail_on=fail_on, findings=list(findings), report=IngestReport(files=1))
