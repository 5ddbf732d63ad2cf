"""Review commands: tag claims, resolve contradictions, read the audit log, export verdicts."""

from __future__ import annotations

from typing import Annotated

import typer

from claims.report.formats import EXPORT_FORMATS
from cli.common import (
    DbOption,
    ListingFormatOption,
    OutOption,
    choices,
    echo,
    format_option,
    session_for,
    write_or_echo,
)
from store.records import CLAIM_STATUSES, PAIR_STATUSES

NoteOption = Annotated[
    str | None, typer.Option("--note", help="Why (kept with the change in the audit log).")
]
ByOption = Annotated[
    str | None,
    typer.Option("--by", help="Reviewer name (default: the OS user).", show_default=False),
]
ClaimStatus = choices("ClaimStatus", CLAIM_STATUSES)
PairStatus = choices("PairStatus", PAIR_STATUSES)
ExportFormat = choices("ExportFormat", EXPORT_FORMATS)
ExportFormatOption = format_option(ExportFormat)


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
            return tag_claims(session, ids, str(status), by=by, note=note)

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
            return resolve_pairs(session, ids, str(status), by=by, note=note)

    echo(retry_when_locked(work).summary())


def log(
    db: DbOption = None,
    format: ListingFormatOption = "text",
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
    from claims.report.browse import render_log
    from claims.review import audit_entries

    with session_for(db, read_only=True) as (session, _):
        entries = audit_entries(
            session, claim=claim, contradiction=contradiction, by=by, since=since, until=until
        )
    echo(render_log(entries, str(format)))


def export(
    db: DbOption = None,
    format: ExportFormatOption = "claimreview",
    status: Annotated[
        str | None,
        typer.Option(help="Which verdicts, comma-separated (default: verified,disputed)."),
    ] = None,
    out: OutOption = None,
    claimreview_url: Annotated[
        str | None,
        typer.Option(
            help="Where each review is published: an http(s) URL, {id} the claim id "
            "(default: $CLAIMS_CLAIMREVIEW_URL, claims.toml).",
            show_default=False,
        ),
    ] = None,
    claimreview_publisher: Annotated[
        str | None,
        typer.Option(
            help="The organisation publishing the reviews "
            "(default: $CLAIMS_CLAIMREVIEW_PUBLISHER, claims.toml).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Reviewed claims as schema.org ClaimReview JSON-LD or CSV."""
    from claims.report.export import export as export_claims

    flags = {"claimreview_url": claimreview_url, "claimreview_publisher": claimreview_publisher}
    with session_for(db, read_only=True, **flags) as (session, settings):
        text = export_claims(session, str(format), status, settings)
    write_or_echo(text, out)
