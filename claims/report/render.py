"""The contradiction report rendered as text, Markdown, JSON, HTML or CSV.

Every renderer takes the report dict of ``build_report`` (the JSON interface), so each
format shows the same pairs with the same fields.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Callable
from typing import Any

from claims.errors import BadInput
from claims.report.escape import csv_row, isolate, md, plain
from claims.report.formats import REPORT_FORMATS as FORMATS
from claims.report.serialise import dump, source_date
from claims.report.stories import by_story, story_heading, story_of
from claims.report.why import reasons

MIN_WIDTH = 60  # columns the text report uses at least, however narrow the terminal


def _where(claim: dict[str, Any], shown: Callable[[object], str] = isolate) -> str:
    src = claim["source"]
    name = shown(src["outlet"] or src["path"])
    who = f"{shown(claim['speaker'])} — " if claim["speaker"] else ""
    return f"{who}{name}, {source_date(src)}"


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown, grouped by story; every text from a source goes through
    ``md`` (inert, bidi controls dropped, right-to-left text isolated)."""
    items = report["contradictions"]
    lines = [f"# Contradictions ({len(items)})", ""]
    for story, group in by_story(items):
        lines += [f"## {md(story_heading(story, len(group)))}", ""]
        for c in group:
            why, detail = reasons(c)
            head = " · ".join(
                [f"#{c['id']}", md(c["kind"]), f"score {c['score']:.2f}", md(c["status"])]
            )
            lines += [f"### {head}", "", f"*Why:* {md(why)}  ", f"*Detail:* {md(detail)}", ""]
            spans = c.get("spans") or [None, None]
            for claim, span in zip(c["claims"], spans, strict=True):
                lines.append(f"> {_marked_md(claim['text'], span)}")
                where = _where(claim, md)
                lines.append(f"> — {where} (claim {claim['id']}, {md(claim['status'])})")
                lines.append("")
    return "\n".join(lines)


def text_width(width: int | None = None) -> int:
    """The width the text report fills: ``width``, else the terminal's (``COLUMNS`` first,
    80 when the output is not a terminal), never under ``MIN_WIDTH``."""
    import shutil

    return max(MIN_WIDTH, width or shutil.get_terminal_size((80, 24)).columns)


def _wrapped(text: str, width: int, indent: str, first: str | None = None) -> list[str]:
    """``text`` wrapped to ``width``; each line isolated on its own (``isolate``), so no
    line carries an open direction into the next."""
    lines = textwrap.wrap(plain(text), width - len(indent), break_on_hyphens=False) or [""]
    lead = first if first is not None else indent
    return [(lead if i == 0 else indent) + isolate(line) for i, line in enumerate(lines)]


def render_text(report: dict[str, Any], width: int | None = None) -> str:
    """The report as plain text that fits the terminal, one block per pair, grouped by
    story; the conflicting spans in [[double brackets]], the reason apart from the model
    detail."""
    width = text_width(width)
    items = report["contradictions"]
    out = [f"Contradictions ({len(items)})"]
    for story, group in by_story(items):
        out += [
            "",
            *_wrapped(story_heading(story, len(group)), width, "  ", ""),
            "=" * min(width, 40),
        ]
        for c in group:
            why, detail = reasons(c)
            out += ["", f"#{c['id']}  score {c['score']:.2f} · {c['kind']} · {c['status']}"]
            spans = c.get("spans") or [None, None]
            for name, claim, span in zip("AB", c["claims"], spans, strict=True):
                out += _wrapped(_marked(claim["text"], span), width, "     ", f"  {name}  ")
                out += _wrapped(_where(claim, plain), width, "     ")
            out += _wrapped(why, width, "           ", "  why:     ")
            out += _wrapped(detail or "-", width, "           ", "  detail:  ")
    return "\n".join(out) + "\n"


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
    extra = ["story_id", "story_label", "why", "detail"]  # added later: last, so no shift
    columns = head + [f"{x}_{name}" for x in ("a", "b") for name in side] + extra
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(columns)
    for c in report["contradictions"]:  # every text cell through csv_row: no formulas
        story = story_of(c)
        row = [c["id"], c["score"], c["kind"], c["status"]]
        row += [story["label"] if story else "", c["explanation"], c["model"]]
        spans = c.get("spans") or [None, None]
        for claim, span in zip(c["claims"], spans, strict=True):
            src = claim["source"]
            row += [claim["id"], claim["text"], conflicting(claim, span), claim["speaker"] or ""]
            row += [claim["status"], src["outlet"] or "", src["title"] or ""]
            row += [source_date(src), src["url"] or "", src["path"]]
        row += [story["id"] if story else "", story["label"] if story else "", *reasons(c)]
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
