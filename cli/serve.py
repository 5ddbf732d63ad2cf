"""``claims serve``: the review desk in the browser, on the same store and audit log."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import DbOption, echo, existing_store, remember_store


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
) -> None:
    """Serve the review desk: queue, pairs, claims, sources; sign in with a reviewer token."""
    from claims.config import resolve
    from claims.web.server import check_bind

    check_bind(host, port, allow_remote=allow_remote)
    settings = resolve(db=db)
    remember_store(settings.db)
    existing_store(settings.db)

    from claims.web.app import create_app
    from claims.web.server import serve as run_server
    from store.db import open_store

    engine = open_store(settings.db)
    try:
        app = create_app(engine)
        run_server(app, host, port, ready=lambda url: echo(f"claims desk on {url} (Ctrl-C stops)"))
    except KeyboardInterrupt:
        pass
    finally:
        engine.dispose()
