"""What templates need beyond Jinja2: marked spans, a source's text with its claims
marked, score bars without inline styles (the CSP forbids them), short gists, times, and
the plain "why" and the date label every report format shows (``claims.report``), so the
desk and the reports never say a pair's reason or a source's date two ways.

Every piece of stored text goes through ``markupsafe.escape`` before any markup is added
around it, so an article's ``<script>`` is shown, never run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, request
from markupsafe import Markup, escape

from claims.report.serialise import record_date, web_url
from claims.report.why import split
from claims.types import ClaimRecord, PairRecord, SourceRecord, Span
from claims.web.bidi import balanced

SHORTCUTS = {
    "queue": (
        ("j / k", "next / previous pair"),
        ("Enter", "open the pair"),
        ("c", "confirm"),
        ("d", "dismiss"),
        ("/", "search"),
        ("?", "all shortcuts"),
    ),
    "pair": (
        ("j / k", "next / previous pair"),
        ("c", "confirm pair"),
        ("d", "dismiss pair"),
        ("v / x", "verify / dispute claim A"),
        ("V / X", "verify / dispute claim B"),
        ("n", "write a note"),
        ("u", "back to the queue"),
    ),
}


# keys that decide or write: a read-only reviewer is never shown them
DECISION_KEYS = frozenset({"c", "d", "v / x", "V / X", "n"})


def marked(text: str, span: Span | None, css: str = "hit") -> Markup:
    """``text`` escaped, with the conflicting ``span`` (if valid) in a ``<mark>``."""
    if not span or not 0 <= span[0] < span[1] <= len(text):
        return Markup(escape(balanced(text)))
    start, end = span
    template = Markup('{}<mark class="{}">{}</mark>{}')  # format() escapes every argument
    cut = (balanced(text[:start]), balanced(text[start:end]), balanced(text[end:]))
    return template.format(cut[0], css, cut[1], cut[2])


@dataclass(frozen=True)
class Piece:
    """A run of a source's text: plain, or one claim's sentence."""

    text: str
    claim: ClaimRecord | None = None


def pieces(text: str, claims: Sequence[ClaimRecord]) -> list[Piece]:
    """``text`` cut into plain runs and claim sentences (overlaps and bad offsets skipped)."""
    out: list[Piece] = []
    at = 0
    for claim in sorted(claims, key=lambda c: c.start):
        if claim.start < at or claim.end > len(text) or claim.start >= claim.end:
            continue
        if claim.start > at:
            out.append(Piece(balanced(text[at : claim.start])))
        out.append(Piece(balanced(text[claim.start : claim.end]), claim))
        at = claim.end
    if at < len(text):
        out.append(Piece(balanced(text[at:])))
    return out


def bar(score: float) -> str:
    """A CSS class for the width of a score bar, in steps of 5%."""
    value = max(0.0, min(1.0, float(score)))
    return f"w{round(value * 20) * 5}"


def gist(text: str, limit: int = 140) -> str:
    """``text`` cut to ``limit`` characters, its direction marks balanced (``bidi``)."""
    return balanced(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC" if moment else "—"


def reasons(pair: PairRecord) -> tuple[str, str]:
    """``(why, detail)``: the plain reason a fact-checker can check, and the model's part
    (id and scores) kept apart, as the reports split a stored explanation."""
    return split(pair.explanation, pair.kind, pair.model)


def date_label(source: SourceRecord) -> str:
    """A source's date as every format shows it: "2025-08-20 (approx.)", "unknown" or
    "unknown (story: Aug 2025)" (an undated article's story's stated dates)."""
    return record_date(source)


def here() -> str:
    """This page's path and query, for a form's ``next``."""
    return request.full_path.rstrip("?")


def install(app: Flask) -> None:
    """Register the filters and globals above with the app's Jinja2 environment."""
    app.jinja_env.filters.update(
        marked=marked, bar=bar, gist=gist, when=when, web_url=web_url,
        reasons=reasons, date_label=date_label,
    )  # fmt: skip
    app.jinja_env.globals.update(
        pieces=pieces, here=here, shortcuts=SHORTCUTS, decision_keys=DECISION_KEYS
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
