"""The Flask app of the review desk: configuration, security headers, CSRF, errors.

Every response carries a strict Content-Security-Policy (scripts and styles only from the
app's own static files, no inline code, no framing, forms post only here); the session
cookie is HttpOnly and SameSite=Strict; every POST needs Flask-WTF's CSRF token and a
signed-in reviewer. Templates are Jinja2 with autoescaping, so article text, however
hostile, is shown as text.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from claims.errors import BadInput, NotFound, StoreError
from claims.web import render
from claims.web.data import ENGINE

if TYPE_CHECKING:
    from store.desk import Engine

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
SESSION_HOURS = 12


def create_app(engine: Engine, *, secret_key: bytes | None = None) -> Flask:
    """The desk on the store behind ``engine`` (already migrated by ``open_store``).

    ``secret_key`` signs session cookies; a fresh random one by default, so restarting
    the server signs everybody out and no key is ever written to disk.
    """
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_bytes(32),
        SESSION_COOKIE_NAME="claims_desk",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the signed session
        MAX_CONTENT_LENGTH=64 * 1024,
        SEND_FILE_MAX_AGE_DEFAULT=300,
    )
    app.extensions[ENGINE] = engine
    CSRFProtect(app)
    render.install(app)
    _register(app)
    _handle_errors(app)
    app.after_request(_secure)
    return app


def _register(app: Flask) -> None:
    from claims.web import actions, auth, pages, queue, work

    auth.install(app)
    for module in (auth, queue, pages, actions, work):
        app.register_blueprint(module.bp)


def _secure(response: Response) -> Response:
    """Security headers on every response; pages are never cached."""
    response.headers.update(HEADERS)
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _error(status: int, title: str, detail: str) -> tuple[str, int]:
    return render_template("error.html", status=status, title=title, detail=detail), status


def _handle_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_refused(exc: CSRFError) -> tuple[str, int]:
        return _error(
            400,
            "Form refused",
            f"{exc.description} The form was not sent by this page of the desk, or your "
            "session ended: reload the page and try again. Nothing was changed.",
        )

    @app.errorhandler(NotFound)
    @app.errorhandler(404)
    def not_found(exc: Exception) -> tuple[str, int]:
        detail = str(exc) if isinstance(exc, NotFound) else "No such page."
        return _error(404, "Not found", detail)

    @app.errorhandler(BadInput)
    def bad_input(exc: BadInput) -> tuple[str, int]:
        return _error(400, "Not understood", str(exc))

    @app.errorhandler(403)
    def forbidden(exc: Exception) -> tuple[str, int]:
        detail = getattr(exc, "description", None) or "You may not do this."
        return _error(403, "Not allowed", detail)

    @app.errorhandler(405)
    def wrong_method(_exc: Exception) -> tuple[str, int]:
        return _error(405, "Not allowed", "This address does not take that kind of request.")

    @app.errorhandler(StoreError)
    def store_trouble(exc: StoreError) -> tuple[str, int]:
        return _error(503, "The store is busy", f"{exc} Nothing was changed; try again.")
