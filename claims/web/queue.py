"""The queue of flagged pairs and the pair page, where reviewers spend their day.

The queue is filtered (status, kind, story, outlet, dates, score), sorted by score or
grouped by story (a heading per story: its label, dates, outlets, flags) and paged; its
status tabs count every stored pair, so they add up to ``claims stats``. The pair page
shows both claims side by side and walks the same filtered queue; both show who has a
pair in progress.
"""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from claims.errors import NotFound
from claims.web.data import reading
from claims.web.filters import PER_PAGE, parse
from claims.web.review_state import kept_note
from store import desk, queries, remarks
from store import review as review_store
from store.topic_overview import topic_overview

bp = Blueprint("queue", __name__)


@bp.route("/")
def home() -> Response:
    return redirect(url_for("queue.queue"))


@bp.route("/queue")
def queue() -> str:
    """One page of the filtered queue, with status counts and the filter menus."""
    args = parse(request.args)
    with reading() as s:
        counts = desk.status_counts(s)
        kinds, outlets, topics = desk.filter_choices(s)
        rows, total = desk.queue_page(s, args.filter, (args.page - 1) * PER_PAGE, PER_PAGE)
        held = remarks.in_progress(s, [p.id for p in rows])
        shown = {p.claim_a.topic.id for p in rows if p.claim_a.topic}
        chosen = args.filter.topic_id
        stories = {t.id: t for t in topic_overview(s, sorted(shown | {chosen} - {None}))}
    pages = max(1, -(-total // PER_PAGE))
    return render_template(
        "queue.html",
        args=args,
        counts=counts,
        stored=sum(counts.values()),
        kinds=kinds,
        outlets=outlets,
        topics=topics,
        stories=stories,
        story=stories.get(chosen) if chosen is not None else None,
        held=held,
        rows=rows,
        total=total,
        first=(args.page - 1) * PER_PAGE + 1,
        pages=pages,
    )


@bp.route("/pair/<int:pair_id>")
def pair(pair_id: int) -> str:
    """Both claims side by side, the decision forms, the history, the queue around it."""
    args = parse(request.args)
    with reading() as s:
        row = queries.pair(s, pair_id)
        if row is None:
            raise NotFound(f"no pair with id {pair_id}")
        prev_id, next_id, before = desk.neighbours(s, args.filter, row)
        total, listed = desk.count(s, args.filter), desk.count(s, args.filter, row.id)
        past = review_store.history(s, [row.claim_a.id, row.claim_b.id], [row.id])
        around = desk.pairs_with_claims(s, [row.claim_a.id, row.claim_b.id])
        held = remarks.in_progress(s, [row.id]).get(row.id)
        story = topic_overview(s, [row.claim_a.topic.id]) if row.claim_a.topic else []
    related = [p for p in around if p.id != row.id]
    open_flags = {
        c.id: [p.id for p in around if p.status == "open" and c.id in (p.claim_a.id, p.claim_b.id)]
        for c in (row.claim_a, row.claim_b)
    }
    entries = sorted(
        (e for key in (("contradiction", row.id), ("claim", row.claim_a.id),
                       ("claim", row.claim_b.id)) for e in past.get(key, [])),
        key=lambda e: e.id,
    )  # fmt: skip
    return render_template(
        "pair.html",
        pair=row,
        args=args,
        prev_id=prev_id,
        next_id=next_id,
        position=before + 1 if listed else None,
        total=total,
        history=entries,
        sides={row.claim_a.id: "A", row.claim_b.id: "B"},
        related=related,
        open_flags=open_flags,
        held=held,
        story=story[0] if story else None,
        kept=kept_note(entries, row.id, g.reviewer.name) if g.reviewer else "",
    )
