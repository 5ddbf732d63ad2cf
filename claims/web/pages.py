"""Pages around the pairs: a claim, a source's text with its claims marked, stories
(topics), sources, search over claim text, and the audit log."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from claims.errors import NotFound
from claims.web.data import reading
from claims.web.ids import number, page_number
from store import desk, queries, remarks
from store import review as review_store
from store.topic_overview import topic_overview

bp = Blueprint("pages", __name__)
SEARCH_PAGE = 50
LOG_PAGE = 100


def _page(per_page: int) -> int:
    return page_number(request.args.get("page"), per_page)


@bp.route("/claim/<int:claim_id>")
def claim(claim_id: int) -> str:
    """A claim: its source (and the copies folded into it), every pair it is in, history."""
    with reading() as s:
        row = queries.claim(s, claim_id)
        if row is None:
            raise NotFound(f"no claim with id {claim_id}")
        copies = desk.copies_of(s, row.source.id)
        pairs = desk.pairs_with_claims(s, [claim_id])
        history = review_store.history(s, [claim_id], []).get(("claim", claim_id), [])
    return render_template("claim.html", claim=row, copies=copies, pairs=pairs, history=history)


@bp.route("/source/<int:source_id>")
def source(source_id: int) -> str:
    """An article's text with each claim marked; ``?claim=ID`` marks one sentence."""
    target = number(request.args.get("claim"))
    with reading() as s:
        found = desk.source_text(s, source_id)
        if found is None:
            raise NotFound(f"no source with id {source_id}")
        record, text = found
        # a syndicated copy keeps no claims: its canonical article holds them, with
        # offsets into that article's text, so only the canonical text is marked
        claims = [] if record.canonical_id else queries.claims(s, record.id)
        copies = desk.copies_of(s, record.canonical_id or record.id)
    return render_template(
        "source.html", source=record, text=text, claims=claims, copies=copies, target=target
    )


@bp.route("/sources")
def sources() -> str:
    with reading() as s:
        listing = queries.sources(s)
    return render_template("sources.html", sources=listing)


@bp.route("/topics")
def topics() -> str:
    """Every story (topic): label, articles, outlets, dates, flags; most open flags first."""
    with reading() as s:
        listing = topic_overview(s)
    return render_template("topics.html", topics=listing)


@bp.route("/topic/<int:topic_id>")
def topic(topic_id: int) -> str:
    """A topic: its claims and the pairs flagged in it."""
    with reading() as s:
        record = desk.topic(s, topic_id)
        if record is None:
            raise NotFound(f"no topic with id {topic_id}")
        claims = desk.claims_of_topic(s, topic_id)
        pairs, _ = desk.queue_page(s, desk.QueueFilter(topic_id=topic_id), 0, 200)
    return render_template("topic.html", topic=record, claims=claims, pairs=pairs)


@bp.route("/search")
def search() -> str:
    """Claims whose text contains the words typed (literally, any case)."""
    text = (request.args.get("q") or "").strip()
    page = _page(SEARCH_PAGE)
    rows, total = [], 0
    if text:
        with reading() as s:
            rows, total = desk.search_claims(s, text, (page - 1) * SEARCH_PAGE, SEARCH_PAGE)
    pages = max(1, -(-total // SEARCH_PAGE))
    return render_template("search.html", q=text, rows=rows, total=total, page=page, pages=pages)


@bp.route("/log")
def log() -> str:
    """The audit log, newest first: verdicts, notes and refused (conflicting) attempts."""
    page = _page(LOG_PAGE)
    with reading() as s:
        entries = remarks.recent(s, LOG_PAGE + 1, (page - 1) * LOG_PAGE)
    more = len(entries) > LOG_PAGE
    return render_template("log.html", entries=entries[:LOG_PAGE], page=page, more=more)
