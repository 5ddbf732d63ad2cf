"""The desk's shared-work posts: take or release a pair ("in progress: NAME") and dismiss
every flag on a claim at once. Plain form posts with the CSRF token, like ``actions``;
the outcome is flashed on the page the reviewer returns to."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, request, url_for
from werkzeug.wrappers import Response

from claims.errors import BadInput
from claims.web import review_state
from claims.web.actions import NOTE_LIMIT
from claims.web.auth import require_writer, safe_next
from claims.web.data import writing
from claims.web.ids import number

bp = Blueprint("work", __name__)


def _ids(text: str) -> list[int]:
    ids = [number(p) for p in text.replace(",", " ").split() if p]
    if not ids or None in ids:  # ids past 64 bits included (ids.number)
        raise BadInput("name the flags to dismiss by their ids")
    return ids  # type: ignore[return-value]


@bp.route("/pair/<int:pair_id>/progress", methods=["POST"])
def progress(pair_id: int) -> Response:
    """``take`` the pair (in progress by me, shown to others) or ``release`` it."""
    require_writer()
    action, by = request.form.get("action", ""), g.reviewer.name
    if action not in ("take", "release"):
        raise BadInput(f"unknown action {action!r}; choose take or release")
    change = review_state.take if action == "take" else review_state.release
    flash(writing(lambda s: change(s, pair_id, by=by)), "changed")
    default = url_for("queue.pair", pair_id=pair_id)
    return redirect(safe_next(request.form.get("next"), default), code=303)


@bp.route("/claim/<int:claim_id>/dismiss-all", methods=["POST"])
def dismiss_all(claim_id: int) -> Response:
    """Dismiss every open flag on the claim that the reviewer saw (``seen``: their ids)."""
    require_writer()
    seen, by = _ids(request.form.get("seen", "")), g.reviewer.name
    note = request.form.get("note") or ""
    if len(note) > NOTE_LIMIT:
        raise BadInput(f"the note is too long ({len(note)} characters; at most {NOTE_LIMIT})")
    done = writing(lambda s: review_state.dismiss_all(s, claim_id, seen, by=by, note=note))
    flash(done.message(), "changed" if done.dismissed else "unchanged")
    default = url_for("pages.claim", claim_id=claim_id)
    return redirect(safe_next(request.form.get("next"), default), code=303)
