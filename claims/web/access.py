"""The desk's access log: one line per request in the Common Log Format, to the logger
``claims.web.access`` (``claims serve --access-log`` says where it goes).

    127.0.0.1 - alice [06/Dec/2026:21:30:00 +0000] "POST /pair/3/status HTTP/1.1" 303 197

A WSGI middleware, so it records what went out: redirects, refused sign-ins (401, 429,
503), CSRF and Origin refusals, errors. The user field is the signed-in reviewer (set by
``claims.web.auth``), ``-`` otherwise. Request lines are written with every control
character, quote and backslash escaped, so a request cannot forge a line of the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

log = logging.getLogger("claims.web.access")
REVIEWER = "claims.reviewer"  # the WSGI environ key holding the signed-in reviewer's name


def _escaped(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\' or code < 0x20 or 0x7F <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif not ch.isprintable():
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def line(environ: dict[str, Any], status: str, size: int, at: datetime) -> str:
    """The Common Log Format line of one request."""
    host = environ.get("REMOTE_ADDR") or "-"
    user = environ.get(REVIEWER)
    user = quote(user, safe="@.'-_") if user else "-"  # no spaces: one field
    target = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not target:
        query = environ.get("QUERY_STRING")
        target = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))
        target += f"?{query}" if query else ""
    request = f"{environ.get('REQUEST_METHOD', '-')} {target} {environ.get('SERVER_PROTOCOL', '-')}"
    when = at.strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'{_escaped(host)} - {user} [{when}] "{_escaped(request)}" {status[:3]} {size or "-"}'


class AccessLog:
    """Wrap a WSGI app; log each request once its response is closed."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]):  # noqa: ANN204
        seen: dict[str, str] = {"status": "500"}

        def start(status: str, headers: list, exc_info: Any = None):  # noqa: ANN202
            seen["status"] = status
            return start_response(status, headers, exc_info)

        return _Counted(self.app(environ, start), environ, seen)


class _Counted:
    """The response body, counted as it is sent; the line is written at ``close()``."""

    def __init__(self, body: Iterable[bytes], environ: dict[str, Any], seen: dict[str, str]):
        self.body, self.environ, self.seen, self.size = body, environ, seen, 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.body:
            self.size += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            at = datetime.now(UTC)
            log.info(line(self.environ, self.seen["status"], self.size, at))
