"""``claims reviewers``: who may sign in to ``claims serve`` (tokens printed once)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import DbOption, echo, session_for

app = typer.Typer(
    name="reviewers",
    help="Reviewers of the browser desk (claims serve): add, list, reset, revoke, and "
    "their sessions.",
    no_args_is_help=True,
)
NameArgument = Annotated[str, typer.Argument(help="The reviewer's name (as the log shows it).")]
ReadOnlyOption = Annotated[
    bool, typer.Option("--read-only", help="May read the desk but change nothing.")
]


def _token_lines(name: str, token: str, read_only: bool) -> str:
    role = "read-only viewer" if read_only else "reviewer"
    return (
        f"{role} {name}: token (shown once, stored only as a hash):\n{token}\n"
        "Sign in to `claims serve` with this name and token."
    )


@app.command()
def add(name: NameArgument, read_only: ReadOnlyOption = False, db: DbOption = None) -> None:
    """Add a reviewer and print their sign-in token (once; only its hash is stored)."""
    from claims.web import accounts

    with session_for(db) as (session, _):
        made = accounts.add(session, name, read_only=read_only)
    echo(_token_lines(made.reviewer.name, made.token, read_only))


@app.command()
def reset(name: NameArgument, read_only: ReadOnlyOption = False, db: DbOption = None) -> None:
    """Give a reviewer a new token (the old one stops working; their sessions end)."""
    from claims.web import accounts

    with session_for(db) as (session, _):
        made = accounts.reset(session, name, read_only=read_only)
    echo(_token_lines(made.reviewer.name, made.token, read_only))


@app.command()
def revoke(name: NameArgument, db: DbOption = None) -> None:
    """Stop a reviewer signing in and end their sessions (their entries in the log stay)."""
    from claims.web import accounts

    with session_for(db) as (session, _):
        accounts.revoke(session, name)
    echo(f"revoked {name}: they can no longer sign in")


@app.command(name="list")
def list_(db: DbOption = None) -> None:
    """Reviewers with their role, when added, and whether revoked."""
    from claims.web import accounts

    with session_for(db) as (session, _):
        people = accounts.everyone(session)
    for r in people:
        role = "read-only" if r.read_only else "reviewer"
        state = f"revoked {r.revoked_at:%Y-%m-%d}" if r.revoked_at else "active"
        echo(f"{r.name:<20} {role:<10} added {r.created_at:%Y-%m-%d}  {state}")
    if not people:
        echo("no reviewers (add one: claims reviewers add NAME)")


@app.command()
def sessions(db: DbOption = None) -> None:
    """The desk's open sessions: who, signed in when, last seen when (UTC)."""
    from claims.web import accounts

    with session_for(db) as (session, _):
        found = accounts.open_sessions(session)
    for d in found:
        echo(
            f"{d.reviewer:<20} session {d.ref}  signed in {d.created_at:%Y-%m-%d %H:%M}  "
            f"last seen {d.seen_at:%Y-%m-%d %H:%M}"
        )
    if not found:
        echo("no open sessions")


@app.command()
def signout(name: NameArgument, db: DbOption = None) -> None:
    """End every open session of a reviewer on the desk (their token still works)."""
    from claims.web import accounts

    with session_for(db) as (session, _):
        ended = accounts.sign_out(session, name)
    echo(f"signed out {name}: {ended} open session{'' if ended == 1 else 's'} ended")
