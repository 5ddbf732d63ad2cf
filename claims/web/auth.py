"""Signing in and out, and who is signed in.

A session remembers the reviewer's id and a stamp of their token (``accounts.
session_stamp``); each request looks the reviewer up again, so a revoked reviewer or a
replaced token ends older sessions at once. Every page but the sign-in page needs a
signed-in reviewer; changes need one who is not read-only.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from claims.web import accounts
from claims.web.data import reading
from store import reviewers as reviewer_store

bp = Blueprint("auth", __name__)
PUBLIC = {"auth.signin", "static"}


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this site (never another host), else ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def install(app: Flask) -> None:
    """Load the signed-in reviewer before every request; send strangers to sign in."""

    @app.before_request
    def who() -> Response | None:
        g.reviewer = None
        rid, stamp = session.get("rid"), session.get("stamp")
        if isinstance(rid, int) and isinstance(stamp, str):
            with reading() as s:
                record = reviewer_store.by_id(s, rid)
            if record and record.active and accounts.session_stamp(record) == stamp:
                g.reviewer = record
            else:
                session.clear()
        if g.reviewer is None and request.endpoint not in PUBLIC:
            if request.method != "GET":
                abort(403, "Sign in first: changes need a signed-in reviewer.")
            return redirect(url_for("auth.signin", next=request.full_path.rstrip("?")))
        return None


def require_writer() -> None:
    """Refuse (403) a read-only reviewer's change."""
    if g.reviewer is None or g.reviewer.read_only:
        abort(403, "Your account is read-only: you can read the desk but not change it.")


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Response | tuple[str, int] | str:
    """The sign-in form: a reviewer's name and the token ``claims reviewers add`` printed."""
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("signin.html", next=target)
    name = request.form.get("name", "")
    with reading() as s:
        record = accounts.authenticate(s, name, request.form.get("token", ""))
    if record is None:
        flash("Unknown name, or not their token (or the reviewer was revoked).", "error")
        return render_template("signin.html", next=target, name=name), 401
    session.clear()
    session.permanent = True
    session["rid"], session["stamp"] = record.id, accounts.session_stamp(record)
    return redirect(target, code=303)


@bp.route("/signout", methods=["POST"])
def signout() -> Response:
    session.clear()
    flash("Signed out.", "changed")
    return redirect(url_for("auth.signin"), code=303)
