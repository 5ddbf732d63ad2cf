"""The contradiction report rendered as text, Markdown, JSON, HTML or CSV.

Every renderer takes the report dict of ``build_report`` (the JSON interface), so each
format shows the same pairs with the same fields.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from claims.errors import BadInput
from claims.report.escape import csv_row, md
from claims.report.formats import REPORT_FORMATS as FORMATS
from claims.report.serialise import dump


def _where(claim: dict[str, Any]) -> str:
    src = claim["source"]
    parts = [src["outlet"] or src["path"], src["published"] or ""]
    who = f"{claim['speaker']} — " if claim["speaker"] else ""
    return who + ", ".join(p for p in parts if p)


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown; every text from a source goes through ``md`` (inert)."""
    items = report["contradictions"]
    lines = [f"# Contradictions ({len(items)})", ""]
    for c in items:
        topic = md(c["topic"]["label"]) if c["topic"] else "-"
        head = " · ".join(
            [f"#{c['id']}", md(c["kind"]), f"score {c['score']:.2f}", md(c["status"])]
        )
        lines.append(f"## {head}")
        lines.append("")
        lines.append(f"*Topic:* {topic}  ")
        lines.append(f"*Why:* {md(c['explanation'])}")
        lines.append("")
        spans = c.get("spans") or [None, None]
        for claim, span in zip(c["claims"], spans, strict=True):
            lines.append(f"> {_marked_md(claim['text'], span)}")
            lines.append(f"> — {md(_where(claim))} (claim {claim['id']}, {md(claim['status'])})")
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
        span_a, span_b = c.get("spans") or [None, None]
        table.add_row(
            str(c["id"]),
            f"{c['score']:.2f}",
            c["kind"],
            c["status"],
            f"{escape(_marked(a['text'], span_a))}\n[dim]{escape(_where(a))}[/dim]",
            f"{escape(_marked(b['text'], span_b))}\n[dim]{escape(_where(b))}[/dim]",
            escape(c["explanation"]),
        )
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue()


def _parts(text: str, span: list[int] | None) -> tuple[str, str, str] | None:
    if not span or not 0 <= span[0] < span[1] <= len(text):
        return None
    return text[: span[0]], text[span[0] : span[1]], text[span[1] :]


def _marked(text: str, span: list[int] | None) -> str:
    """Plain text with the conflicting span in [[double brackets]] (as ``claims show``)."""
    parts = _parts(text, span)
    return f"{parts[0]}[[{parts[1]}]]{parts[2]}" if parts else text


def _marked_md(text: str, span: list[int] | None) -> str:
    """Inert Markdown with the conflicting span in bold; spaces at its edges kept."""
    parts = _parts(text, span)
    if parts is None:
        return md(text)
    before, mid, after = parts
    lead = " " if before[-1:].isspace() else ""
    trail = " " if after[:1].isspace() else ""
    return f"{md(before)}{lead}**{md(mid)}**{trail}{md(after)}".strip()


def conflicting(claim: dict[str, Any], span: list[int] | None) -> str:
    """The part of a claim's text that conflicts (empty when no span is known)."""
    return claim["text"][span[0] : span[1]] if span else ""


def render_csv(report: dict[str, Any]) -> str:
    """One row per contradiction, both claims and their sources flattened into columns.

    Text cells are quoted (a carriage return in a text cannot end the row) and made inert
    (``csv_cell``); numbers stay bare numbers.
    """
    side = ("claim_id", "text", "conflict", "speaker", "status", "outlet", "title", "published")
    side += ("url", "path")
    head = ["id", "score", "kind", "status", "topic", "explanation", "model"]
    columns = head + [f"{x}_{name}" for x in ("a", "b") for name in side]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(columns)
    for c in report["contradictions"]:  # every text cell through csv_row: no formulas
        row = [c["id"], c["score"], c["kind"], c["status"]]
        row += [c["topic"]["label"] if c["topic"] else "", c["explanation"], c["model"]]
        spans = c.get("spans") or [None, None]
        for claim, span in zip(c["claims"], spans, strict=True):
            src = claim["source"]
            row += [claim["id"], claim["text"], conflicting(claim, span), claim["speaker"] or ""]
            row += [claim["status"], src["outlet"] or "", src["title"] or ""]
            row += [src["published"] or "", src["url"] or "", src["path"]]
        writer.writerow(csv_row(row))
    return buffer.getvalue()


def render(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return dump(report)
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
