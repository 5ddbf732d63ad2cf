"""The queue of flagged pairs and the pair page, where reviewers spend their day.

The queue is filtered (status, kind, topic, outlet, dates, score), sorted by score and
paged; its status tabs count every stored pair, so they add up to ``claims stats``. The
pair page shows both claims side by side and walks the same filtered queue.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from claims.errors import NotFound
from claims.web.data import reading
from claims.web.filters import PER_PAGE, parse
from store import desk, queries
from store import review as review_store

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
    pages = max(1, -(-total // PER_PAGE))
    return render_template(
        "queue.html",
        args=args,
        counts=counts,
        stored=sum(counts.values()),
        kinds=kinds,
        outlets=outlets,
        topics=topics,
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
        related = [
            p for p in desk.pairs_with_claims(s, [row.claim_a.id, row.claim_b.id]) if p.id != row.id
        ]
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
    )
