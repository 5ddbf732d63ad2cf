"""Contradiction reports: one stable JSON shape, rendered as text, markdown, JSON, HTML or CSV.

The JSON report is an interface other tools read: contradictions sorted by score (highest
first), each with its topic and both claims with their sources. Fields are only ever
added (``spans`` and ``history`` came with the review workflow), never renamed.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from claims.errors import BadInput
from claims.review import entry_dict
from store import queries
from store import review as review_store
from store.models import Claim, Contradiction

FORMATS = ("text", "markdown", "json", "html", "csv")
STATUSES = ("open", "confirmed", "dismissed")


@dataclass(frozen=True)
class Filters:
    """Which contradictions a report shows (every field optional; all must match)."""

    statuses: tuple[str, ...] = ()
    topic: str | None = None  # a topic id, or a piece of its label
    outlet: str | None = None  # a piece of either source's outlet name
    since: date | None = None  # either source published on or after this day
    min_score: float | None = None

    @classmethod
    def parse(
        cls,
        status: str | None = None,
        topic: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        min_score: float | None = None,
    ) -> Filters:
        """Filters from command-line strings, refusing unknown statuses and bad dates."""
        statuses = tuple(s.strip() for s in (status or "").split(",") if s.strip())
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise BadInput(f"unknown status {bad[0]!r}; choose from {', '.join(STATUSES)}")
        try:
            day = date.fromisoformat(since) if since else None
        except ValueError:
            raise BadInput(f"--since must be a date (YYYY-MM-DD), not {since!r}") from None
        if min_score is not None and not 0.0 <= min_score <= 1.0:
            raise BadInput(f"--min-score must be between 0 and 1, not {min_score}")
        return cls(statuses, (topic or "").strip() or None, outlet or None, day, min_score)

    def query_args(self) -> dict[str, Any]:
        topic_id = int(self.topic) if self.topic and self.topic.isdigit() else None
        return {
            "statuses": self.statuses,
            "topic_id": topic_id,
            "topic_label": self.topic if topic_id is None else None,
            "outlet": self.outlet,
            "since": self.since,
            "min_score": self.min_score,
        }

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set, JSON-ready (for the report header)."""
        data = asdict(self)
        data["statuses"] = list(self.statuses)
        data["since"] = self.since.isoformat() if self.since else None
        return {k: v for k, v in data.items() if v not in (None, [])}


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


def _span(span: str | None) -> list[int] | None:
    """A stored "start:end" as [start, end] (None when the scorer named no span)."""
    if not span:
        return None
    start, end = (int(x) for x in span.split(":"))
    return [start, end]


def build_report(
    session: Session, limit: int | None = None, filters: Filters | None = None
) -> dict[str, Any]:
    """The report as plain data (the JSON interface), with spans and review history."""
    if limit is not None and limit < 0:
        raise BadInput(f"--limit must be zero or more, not {limit}")
    filters = filters or Filters()
    rows = queries.contradictions(session, limit=limit, **filters.query_args())
    claim_ids = [i for c in rows for i in (c.claim_a_id, c.claim_b_id)]
    past = review_store.history(session, claim_ids, [c.id for c in rows])
    items = []
    for c in rows:
        item = contradiction_dict(c)
        item["spans"] = [_span(c.span_a), _span(c.span_b)]
        entries = [
            *past.get(("contradiction", c.id), []),
            *past.get(("claim", c.claim_a_id), []),
            *past.get(("claim", c.claim_b_id), []),
        ]
        item["history"] = [entry_dict(e) for e in sorted(entries, key=lambda e: e.id)]
        items.append(item)
    report: dict[str, Any] = {"contradictions": items}
    if filters.as_dict():
        report["filters"] = filters.as_dict()
    return report


def make_report(
    session: Session,
    fmt: str = "text",
    limit: int | None = None,
    *,
    status: str | None = None,
    topic: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    min_score: float | None = None,
) -> str:
    """The report in ``fmt``, filtered by command-line style arguments (the CLI's entry)."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    filters = Filters.parse(status, topic, outlet, since, min_score)
    return render(build_report(session, limit, filters), fmt)


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None (never a ``javascript:`` link)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _md(text: str) -> str:
    """Text for Markdown: HTML in a source must show as text, not render (or run)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
        lines.append(f"*Why:* {_md(c['explanation'])}")
        lines.append("")
        for claim in c["claims"]:
            text = _md(claim["text"].replace("\n", " "))
            lines.append(f"> {text}")
            lines.append(f"> — {_md(_where(claim))} (claim {claim['id']}, {claim['status']})")
            lines.append("")
    return "\n".join(lines)


def render_text(report: dict[str, Any]) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    items = report["contradictions"]
    table = Table(title=f"Contradictions ({len(items)})", show_lines=True, expand=True)
    for name, style in (
        ("id", "bold"),
        ("score", ""),
        ("kind", ""),
        ("status", ""),
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
            c["status"],
            f"{escape(a['text'])}\n[dim]{escape(_where(a))}[/dim]",
            f"{escape(b['text'])}\n[dim]{escape(_where(b))}[/dim]",
            escape(c["explanation"]),
        )
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue()


def conflicting(claim: dict[str, Any], span: list[int] | None) -> str:
    """The part of a claim's text that conflicts (empty when no span is known)."""
    return claim["text"][span[0] : span[1]] if span else ""


def render_csv(report: dict[str, Any]) -> str:
    """One row per contradiction, both claims and their sources flattened into columns."""
    side = ("claim_id", "text", "conflict", "speaker", "status", "outlet", "title", "published")
    side += ("url", "path")
    head = ["id", "score", "kind", "status", "topic", "explanation", "model"]
    columns = head + [f"{x}_{name}" for x in ("a", "b") for name in side]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for c in report["contradictions"]:
        row = [c["id"], c["score"], c["kind"], c["status"]]
        row += [c["topic"]["label"] if c["topic"] else "", c["explanation"], c["model"]]
        spans = c.get("spans") or [None, None]
        for claim, span in zip(c["claims"], spans, strict=True):
            src = claim["source"]
            row += [claim["id"], claim["text"], conflicting(claim, span), claim["speaker"] or ""]
            row += [claim["status"], src["outlet"] or "", src["title"] or ""]
            row += [src["published"] or "", src["url"] or "", src["path"]]
        writer.writerow(row)
    return buffer.getvalue()


def render(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "text":
        return render_text(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "html":
        from claims.report.html import render_html

        return render_html(report)
    raise BadInput(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
