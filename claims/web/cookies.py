"""The desk's session cookie: before sign-in, Flask's signed cookie (a CSRF token and
messages, nothing else); once signed in, only the random id of a session kept in the store.

A signed-in session's CSRF token is derived from its id (an HMAC under the app's key), and
its one-request messages ("Saved.") wait in this process's memory, so nothing but the id
ever travels in the cookie and the store is not written on every page. Whether the id is
still live is the business of ``claims.web.auth``; this module only carries it.

The cookie is ``Secure`` whenever the request came over HTTPS, directly or, with
``--proxy``, as the proxy says (``X-Forwarded-Proto``, read by Werkzeug's ProxyFix).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from flask import request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

if TYPE_CHECKING:
    from flask import Flask
    from flask.wrappers import Request, Response

SID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
FLASHES = "_flashes"
PENDING_LIMIT = 1000  # sessions whose messages wait in memory at once


class DeskSession(SecureCookieSession):
    """A visitor's session; ``sid`` is set while a reviewer is signed in."""

    def __init__(self, initial: Any = None, sid: str | None = None) -> None:
        super().__init__(initial)
        self.sid = sid
        self.started = False  # a sign-in in this request: the cookie must be (re)set
        self.dropped = False  # a sid that ended: the cookie must go

    def sign_in(self, sid: str) -> None:
        """From now on the cookie carries ``sid`` only (a fresh id: no fixation)."""
        self.clear()
        self.sid, self.started, self.dropped = sid, True, False
        self.permanent = True

    def sign_out(self) -> None:
        """Back to an anonymous session (messages set afterwards still reach the page)."""
        self.clear()
        self.sid, self.started, self.dropped = None, False, True


class DeskSessionInterface(SecureCookieSessionInterface):
    session_class = DeskSession

    def __init__(self) -> None:
        self._pending: OrderedDict[str, list] = OrderedDict()
        self._lock = threading.Lock()

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def open_session(self, app: Flask, request: Request) -> DeskSession | None:
        value = request.cookies.get(self.get_cookie_name(app)) or ""
        if not SID.fullmatch(value):
            return super().open_session(app, request)  # type: ignore[return-value]
        data: dict[str, Any] = {"csrf_token": _csrf_of(app, value), "_permanent": True}
        with self._lock:
            waiting = self._pending.pop(value, None)
        if waiting:
            data[FLASHES] = waiting
        session = DeskSession(data, sid=value)
        session.modified = False
        return session

    def save_session(self, app: Flask, session: DeskSession, response: Response) -> None:  # type: ignore[override]
        if session.sid is None:
            if session.dropped and not session:
                session.modified = True  # an ended id: delete the cookie
            super().save_session(app, session, response)
            return
        response.vary.add("Cookie")
        waiting = session.get(FLASHES)
        if waiting:
            with self._lock:
                self._pending[session.sid] = list(waiting)
                while len(self._pending) > PENDING_LIMIT:
                    self._pending.popitem(last=False)
        if session.started:
            response.set_cookie(
                self.get_cookie_name(app),
                session.sid,
                expires=self.get_expiration_time(app, session),
                httponly=self.get_cookie_httponly(app),
                domain=self.get_cookie_domain(app),
                path=self.get_cookie_path(app),
                secure=self.get_cookie_secure(app),
                samesite=self.get_cookie_samesite(app),
            )


def _csrf_of(app: Flask, sid: str) -> str:
    """The raw CSRF token of a signed-in session (Flask-WTF signs it into each form)."""
    key = app.secret_key if isinstance(app.secret_key, bytes) else str(app.secret_key).encode()
    return hmac.new(key, b"csrf:" + sid.encode(), hashlib.sha256).hexdigest()
