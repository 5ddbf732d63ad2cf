"""``claims serve``: the review desk in the browser, on the same store and audit log."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.common import DbOption, echo, existing_store, remember_store

ACCESS_LOG = "claims.web.access"


def _access_log(target: str) -> None:
    """Send the desk's access log (Common Log Format) to ``target``: a file, or ``-``."""
    logger = logging.getLogger(ACCESS_LOG)
    handler: logging.Handler
    if target == "-":
        handler = logging.StreamHandler(sys.stderr)
    else:
        handler = logging.FileHandler(Path(target), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    for old in [h for h in logger.handlers if getattr(h, "claims_access", False)]:
        logger.removeHandler(old)  # a second serve in one process (tests) replaces it
        old.close()
    handler.claims_access = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback unless --allow-remote).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8765,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="Allow a non-loopback --host (put a TLS proxy in front of it).",
        ),
    ] = False,
    proxy: Annotated[
        bool,
        typer.Option(
            "--proxy",
            help="The desk sits behind one reverse proxy (TLS) that sets X-Forwarded-For, "
            "-Proto and -Host, and is reachable only through it: trust those headers.",
        ),
    ] = False,
    access_log: Annotated[
        str,
        typer.Option(
            help="Where the access log goes (Common Log Format, one line a request; "
            "'-': standard error).",
        ),
    ] = "-",
) -> None:
    """Serve the review desk: queue, pairs, claims, sources; sign in with a reviewer token."""
    from claims.config import resolve
    from claims.web.server import check_bind, remote_warning

    check_bind(host, port, allow_remote=allow_remote)
    settings = resolve(db=db)
    remember_store(settings.db)
    existing_store(settings.db)
    warning = remote_warning(host, allow_remote=allow_remote, proxy=proxy)
    if warning:
        typer.echo(warning, err=True)
    _access_log(access_log)

    from claims.web.app import create_app
    from claims.web.server import serve as run_server
    from store.db import open_store

    engine = open_store(settings.db)
    try:
        app = create_app(engine, proxy=proxy)
        run_server(app, host, port, ready=lambda url: echo(f"claims desk on {url} (Ctrl-C stops)"))
    except KeyboardInterrupt:
        pass
    finally:
        engine.dispose()
