"""The desk's changes, as plain form posts: a pair's or a claim's status, and notes.

Each post carries the CSRF token (checked before this code runs), the status the
reviewer saw (``seen``) and where to go back to (``next``, a path on this desk, else the
queue: ``auth.safe_next``). The outcome is flashed on the page they return to: saved,
nothing to change, or a conflict.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, request, url_for
from werkzeug.wrappers import Response

from claims.errors import BadInput
from claims.web import verdicts
from claims.web.auth import require_writer, safe_next
from claims.web.data import writing

bp = Blueprint("actions", __name__)
ENTITIES = {"pair": "contradiction", "claim": "claim"}
NOTE_LIMIT = 4000


def _back(kind: str, item_id: int) -> str:
    """The ``next`` of the form when it is a path on this desk, the queue when it is not,
    the item's page when the form has none."""
    target = request.form.get("next")
    if target is None:
        endpoint = f"{'queue' if kind == 'pair' else 'pages'}.{kind}"
        return url_for(endpoint, **{f"{kind}_id": item_id})
    return safe_next(target)


def _note() -> str:
    note = request.form.get("note") or ""
    if len(note) > NOTE_LIMIT:
        raise BadInput(f"the note is too long ({len(note)} characters; at most {NOTE_LIMIT})")
    return note


@bp.route("/<any(pair, claim):kind>/<int:item_id>/status", methods=["POST"])
def set_status(kind: str, item_id: int) -> Response:
    """Set a pair's (confirmed, dismissed, open) or a claim's (verified, disputed,
    unreviewed) status, if it still has the status the reviewer saw."""
    require_writer()
    wanted, seen, note = request.form.get("status", ""), request.form.get("seen", ""), _note()
    by = g.reviewer.name
    outcome = writing(
        lambda s: verdicts.decide(s, ENTITIES[kind], item_id, wanted, seen, by=by, note=note)
    )
    flash(outcome.message(), outcome.result)
    return redirect(_back(kind, item_id), code=303)


@bp.route("/<any(pair, claim):kind>/<int:item_id>/note", methods=["POST"])
def add_note(kind: str, item_id: int) -> Response:
    """Keep a note on a pair or a claim in the audit log."""
    require_writer()
    note, by = _note(), g.reviewer.name
    writing(lambda s: verdicts.add_note(s, ENTITIES[kind], item_id, note, by=by))
    flash(f"Note kept on {kind} {item_id}.", "changed")
    return redirect(_back(kind, item_id), code=303)
