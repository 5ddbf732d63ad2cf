"""Run the desk: a loopback check, then waitress (a production WSGI server, threads).

Binding anywhere but loopback exposes reviewers' sign-in and the store to a network, so
it needs an explicit ``allow_remote``; plain HTTP there should sit behind a TLS proxy,
declared with ``proxy`` (``remote_warning`` says so when it is not).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from claims.errors import BadInput

if TYPE_CHECKING:
    from flask import Flask

log = logging.getLogger(__name__)
THREADS = 16  # waitress worker threads; the store's engine pools connections for them


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere


def check_bind(host: str, port: int, *, allow_remote: bool) -> None:
    """Refuse a port out of range, or a non-loopback ``host`` without ``allow_remote``."""
    if not 0 <= port <= 65535:
        raise BadInput(f"must be between 0 and 65535, not {port}", option="port")
    if not allow_remote and not is_loopback(host):
        raise BadInput(
            f"{host} is not a loopback address: reviewers would be reachable from the "
            "network (pass --allow-remote to mean it)",
            option="host",
        )


def remote_warning(host: str, *, allow_remote: bool, proxy: bool) -> str | None:
    """What to tell an operator who serves beyond loopback with no TLS proxy declared."""
    if not allow_remote or proxy:
        return None
    return (
        f"warning: serving plain HTTP on {host} with --allow-remote and no --proxy: tokens "
        "and session cookies would cross the network unencrypted, and cookies are not "
        "marked Secure. Put a TLS proxy in front and pass --proxy."
    )


def make_server(app: Flask, host: str, port: int):  # noqa: ANN201 - a waitress server
    """A waitress server for ``app``, bound now (port 0 picks a free one); ``run()`` serves,
    ``close()`` (from another thread too) stops it."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, threads=THREADS, ident="claims")


def url_of(server) -> str:  # noqa: ANN001 - a waitress server
    host = str(server.effective_host)
    return f"http://{f'[{host}]' if ':' in host else host}:{server.effective_port}/"


def serve(app: Flask, host: str, port: int, *, ready: Callable[[str], None] | None = None) -> None:
    """Serve ``app`` until interrupted; ``ready`` gets the URL once the port is bound."""
    server = make_server(app, host, port)
    url = url_of(server)
    if ready is not None:
        ready(url)
    log.info("serving the desk at %s", url)
    try:
        server.run()
    finally:
        server.close()
