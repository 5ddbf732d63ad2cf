"""The Flask app of the review desk: configuration, security headers, CSRF, errors.

Every response carries a strict Content-Security-Policy (scripts and styles only from the
app's own static files, no inline code, no framing, forms post only here); the session
cookie is HttpOnly, SameSite=Strict, and Secure over HTTPS; every POST needs Flask-WTF's
CSRF token and a signed-in reviewer, and is refused when its Origin header names another
site. Templates are Jinja2 with autoescaping, so article text, however hostile, is shown
as text, and user text is isolated (``<bdi>``), so its direction marks stay inside it.
Ids in paths are bounded to what the store holds (``ids.StoreId``). Every request goes to
the access log (``access.AccessLog``); ``proxy`` trusts one reverse proxy's
X-Forwarded-For/-Proto/-Host/-Port (Werkzeug's ``ProxyFix``).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import Flask, Response, abort, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from claims.errors import BadInput, NotFound, StoreError
from claims.web import accounts, bidi, render
from claims.web.access import AccessLog
from claims.web.cookies import DeskSessionInterface
from claims.web.data import ENGINE
from claims.web.ids import StoreId

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
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def create_app(engine: Engine, *, secret_key: bytes | None = None, proxy: bool = False) -> Flask:
    """The desk on the store behind ``engine`` (already migrated by ``open_store``).

    ``secret_key`` signs the cookie of visitors not signed in, and the CSRF tokens; a fresh
    random one by default, so no key is ever written to disk (a restart asks open pages
    to reload; sessions themselves live in the store). ``proxy``: the desk sits behind
    one reverse proxy that sets the X-Forwarded- headers, and is reachable only through it.
    """
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_bytes(32),
        SESSION_COOKIE_NAME="claims_desk",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        PERMANENT_SESSION_LIFETIME=accounts.ABSOLUTE,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        MAX_CONTENT_LENGTH=64 * 1024,
        SEND_FILE_MAX_AGE_DEFAULT=300,
    )
    app.extensions[ENGINE] = engine
    app.url_map.converters["int"] = StoreId  # before any route is added
    app.session_interface = DeskSessionInterface()
    app.before_request(_same_origin)
    app.before_request(_no_nul)
    CSRFProtect(app)
    render.install(app)
    bidi.install(app)
    _register(app)
    _handle_errors(app)
    app.after_request(_secure)
    app.wsgi_app = AccessLog(app.wsgi_app)  # type: ignore[method-assign]
    if proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)  # type: ignore[method-assign]
    return app


def _register(app: Flask) -> None:
    from claims.web import actions, auth, pages, queue, work

    for module in (auth, queue, pages, actions, work):
        app.register_blueprint(module.bp)
    auth.install(app)


def _origin(scheme: str, host: str) -> tuple[str, str, int | None]:
    parts = urlsplit(f"{scheme}://{host}")
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").rstrip("."), port


def _no_nul() -> None:
    """Refuse (400) a NUL anywhere in the query or the form: no field of the desk takes one,
    and PostgreSQL refuses them in text."""
    pairs = (p for values in (request.args, request.form) for p in values.items(multi=True))
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        abort(400, "A value of this request holds a NUL character.")


def _same_origin() -> None:
    """Refuse (403) a change whose Origin header names another site (or ``null``)."""
    origin = request.headers.get("Origin")
    if request.method in SAFE_METHODS or origin is None:
        return
    try:
        parts = urlsplit(origin.strip())
        theirs = _origin(parts.scheme.lower(), parts.netloc.lower())
        ours = _origin(request.scheme, request.host.lower())
    except ValueError:  # a port out of range, a malformed host
        theirs, ours = ("", "", None), ("-", "-", None)
    if theirs != ours:
        abort(403, "This form was sent from another site, so nothing was changed.")


def _secure(response: Response) -> Response:
    """Security headers on every response (HSTS too when reached over HTTPS); pages are
    never cached."""
    response.headers.update(HEADERS)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
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

    @app.errorhandler(400)
    def bad_request(exc: Exception) -> tuple[str, int]:
        detail = getattr(exc, "description", None) or "The request was not understood."
        return _error(400, "Not understood", detail)

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

    @app.errorhandler(429)
    def too_many(_exc: Exception) -> tuple[str, int, dict[str, str]]:
        from claims.web.auth import retry_after

        wait = retry_after()
        page, status = _error(
            429, "Too many sign-ins", f"Too many refused sign-ins: try again in {wait} seconds."
        )
        return page, status, {"Retry-After": str(wait)}

    @app.errorhandler(StoreError)
    def store_trouble(exc: StoreError) -> tuple[str, int]:
        return _error(503, "The store is busy", f"{exc} Nothing was changed; try again.")
