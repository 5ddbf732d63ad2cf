"""Signing in and out, and who is signed in.

A sign-in starts a session on the server (``accounts.start_session``); the cookie carries
only its random id (``claims.web.cookies``). Each request looks the session up again, so
sign-out, a revoked reviewer, a replaced token, ``claims reviewers signout`` and idle or
absolute expiry end it at once, and a copied cookie stops working with it. Every page but
the sign-in page needs a signed-in reviewer; changes need one who is not read-only.

Sign-in is guarded: Flask-Limiter allows 5 refused attempts a minute per client address
and per name (then 429 with Retry-After), and ``gate.Gate`` bounds how many argon2 checks
run at once (beyond it, 503). After sign-in the browser goes back only to a path on this
desk (``safe_next``).
"""

from __future__ import annotations

import time
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from claims.web import accounts
from claims.web.access import REVIEWER
from claims.web.data import reading, writing
from claims.web.gate import Gate

bp = Blueprint("auth", __name__)
PUBLIC = {"auth.signin", "static"}
SIGNIN_LIMIT = "5 per minute"
REFUSED = {400, 401, 503}  # sign-in answers that count against the limits (not 303, 429)
GATE = "claims.signin_gate"  # the app's ``extensions`` key of its ``Gate``
LIMITER = "claims.limiter"
BUSY_RETRY_S = 5


def _desk_path(target: str) -> bool:
    """Whether ``target``, and its path once percent-decoded, is a path on this desk."""
    form = target
    for decoded in (False, True):
        if any(ch.isspace() or unicodedata.category(ch)[0] in "CZ" for ch in form):
            return False  # tabs and newlines are dropped on the way out: "/\t/x" is "//x"
        if "\\" in form or not form.startswith("/") or form.startswith("//"):
            return False
        try:
            parts = urlsplit(form)
        except ValueError:  # a bracketed host that is no IPv6 address
            return False
        if parts.scheme or parts.netloc:
            return False
        if not decoded:
            form = unquote(parts.path)
    return True


def safe_next(target: str | None, default: str | None = None) -> str:
    """``target`` when it is a path on this desk (one leading ``/``, no scheme, no host, no
    backslash, no control or space character; its path part also once percent-decoded);
    else ``default`` (the queue)."""
    if target and len(target) <= 2000 and _desk_path(target):
        return target
    return default if default is not None else url_for("queue.queue")


def _client() -> str:
    return "addr:" + (request.remote_addr or "-")


def _name() -> str:
    return "name:" + request.form.get("name", "").strip().casefold()[:80]


def _refused(response: Response) -> bool:
    return response.status_code in REFUSED


def install(app: Flask) -> None:
    """Rate limits and the gate on sign-in; the signed-in reviewer loaded before every
    request; strangers sent to sign in."""
    from flask_limiter import Limiter

    limiter = Limiter(_client, app=app, storage_uri="memory://", strategy="moving-window")
    view = app.view_functions["auth.signin"]
    for key in (_client, _name):
        view = limiter.limit(SIGNIN_LIMIT, key_func=key, methods=["POST"], deduct_when=_refused)(
            view
        )
    app.view_functions["auth.signin"] = view
    app.extensions[LIMITER] = limiter
    app.extensions[GATE] = Gate()

    @app.before_request
    def who() -> Response | None:
        g.reviewer = None
        sid = getattr(session, "sid", None)
        if sid:
            with reading() as s:
                g.reviewer = accounts.signed_in(s, sid)
            if g.reviewer is None:
                session.sign_out()  # type: ignore[attr-defined]
            else:
                request.environ[REVIEWER] = g.reviewer.name
        if g.reviewer is None and request.endpoint not in PUBLIC:
            if request.method not in ("GET", "HEAD"):
                abort(403, "Sign in first: changes need a signed-in reviewer.")
            back = safe_next(request.full_path.rstrip("?"), "")
            return redirect(url_for("auth.signin", next=back or None))
        return None


def retry_after() -> int:
    """Seconds until the breached sign-in limit lets this client try again."""
    limit = current_app.extensions[LIMITER].current_limit
    return max(1, int(limit.reset_at - time.time())) if limit else 60


def require_writer() -> None:
    """Refuse (403) a read-only reviewer's change."""
    if g.reviewer is None or g.reviewer.read_only:
        abort(403, "Your account is read-only: you can read the desk but not change it.")


def _busy(target: str, name: str) -> tuple[str, int, dict[str, str]]:
    flash("The desk is busy checking other sign-ins: try again in a few seconds.", "error")
    page = render_template("signin.html", next=target, name=name)
    return page, 503, {"Retry-After": str(BUSY_RETRY_S)}


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Response | tuple:
    """The sign-in form: a reviewer's name and the token ``claims reviewers add`` printed."""
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("signin.html", next=target)
    name = request.form.get("name", "")
    with current_app.extensions[GATE].turn() as admitted:
        if not admitted:
            return _busy(target, name)
        with reading() as s:
            record = accounts.authenticate(s, name, request.form.get("token", ""))
    if record is None:
        flash("Unknown name, or not their token (or the reviewer was revoked).", "error")
        return render_template("signin.html", next=target, name=name), 401
    old = getattr(session, "sid", None)
    if old:
        writing(lambda s: accounts.end_session(s, old, "signed in again"))
    sid = writing(lambda s: accounts.start_session(s, record))
    session.sign_in(sid)  # type: ignore[attr-defined]
    return redirect(target, code=303)


@bp.route("/signout", methods=["POST"])
def signout() -> Response:
    sid = getattr(session, "sid", None)
    if sid:
        writing(lambda s: accounts.end_session(s, sid))
    session.sign_out()  # type: ignore[attr-defined]
    flash("Signed out.", "changed")
    return redirect(url_for("auth.signin"), code=303)
