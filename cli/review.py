"""Review commands: tag claims, resolve contradictions, read the audit log, export verdicts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from claims.errors import BadInput
from cli.common import DataFormat, DbOption, echo, session_for

NoteOption = Annotated[
    str | None, typer.Option("--note", help="Why (kept with the change in the audit log).")
]
ByOption = Annotated[
    str | None,
    typer.Option("--by", help="Reviewer name (default: the OS user).", show_default=False),
]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
]


class ClaimStatus(StrEnum):
    verified = "verified"
    disputed = "disputed"
    unreviewed = "unreviewed"


class PairStatus(StrEnum):
    confirmed = "confirmed"
    dismissed = "dismissed"
    open = "open"


class ExportFormat(StrEnum):
    claimreview = "claimreview"
    csv = "csv"


def write_or_echo(text: str, out: Path | None) -> None:
    """Print ``text``, or write it to ``out`` (UTF-8) and say so on stderr."""
    if out is None:
        echo(text)
        return
    try:
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot write {out}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {out}", err=True)


def tag(
    ids: Annotated[
        list[int], typer.Argument(help="Claim ids, then the status.", metavar="CLAIM_ID")
    ],
    status: Annotated[
        ClaimStatus, typer.Argument(help="verified, disputed or unreviewed.", metavar="STATUS")
    ],
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Mark claims verified, disputed or unreviewed (all ids or none; every change logged)."""
    from claims.review import retry_when_locked
    from claims.review import tag as tag_claims

    def work():  # noqa: ANN202 - one write transaction, retried whole when the store is locked
        with session_for(db) as (session, _):
            return tag_claims(session, ids, status.value, by=by, note=note)

    echo(retry_when_locked(work).summary())


def resolve(
    ids: Annotated[
        list[int], typer.Argument(help="Contradiction ids, then the status.", metavar="ID")
    ],
    status: Annotated[
        PairStatus, typer.Argument(help="confirmed, dismissed or open.", metavar="STATUS")
    ],
    note: NoteOption = None,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Confirm or dismiss flagged pairs, or reopen them (all ids or none; every change logged)."""
    from claims.review import resolve as resolve_pairs
    from claims.review import retry_when_locked

    def work():  # noqa: ANN202 - one write transaction, retried whole when the store is locked
        with session_for(db) as (session, _):
            return resolve_pairs(session, ids, status.value, by=by, note=note)

    echo(retry_when_locked(work).summary())


def log(
    db: DbOption = None,
    format: Annotated[DataFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DataFormat.text
    ),
    claim: Annotated[int | None, typer.Option(help="Only changes of this claim id.")] = None,
    contradiction: Annotated[
        int | None, typer.Option(help="Only changes of this contradiction id.")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Only changes by this reviewer.")] = None,
    since: Annotated[
        str | None, typer.Option(help="From this UTC date or ISO datetime on.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Up to this UTC date (inclusive) or ISO datetime.")
    ] = None,
) -> None:
    """The audit log of review changes, oldest first (when, who, what, old -> new, note)."""
    from claims.review import audit_log

    with session_for(db) as (session, _):
        echo(
            audit_log(
                session,
                claim=claim,
                contradiction=contradiction,
                by=by,
                since=since,
                until=until,
                fmt=format.value,
            )
        )


def export(
    db: DbOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ExportFormat.claimreview
    ),
    status: Annotated[
        str | None,
        typer.Option(help="Which verdicts, comma-separated (default: verified,disputed)."),
    ] = None,
    out: OutOption = None,
) -> None:
    """Reviewed claims as schema.org ClaimReview JSON-LD or CSV."""
    from claims.report.export import export as export_claims

    with session_for(db) as (session, _):
        text = export_claims(session, format.value, status)
    write_or_echo(text, out)
