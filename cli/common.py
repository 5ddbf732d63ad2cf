"""What every command shares: options, the runtime's stage factories, opening the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claims.report.formats import LISTING_FORMATS

if TYPE_CHECKING:
    from claims.config import Settings
    from claims.detect.nli import PairModel
    from claims.pipeline.runs import Stages


@dataclass(frozen=True)
class Runtime:
    """Where commands get their stages and NLI model: the defaults unless a caller passes
    others as the click context's ``obj`` (tests do), so nothing is patched."""

    stages: Callable[[Settings], Stages] | None = None
    pair_model: Callable[[str | None], PairModel] | None = None

    def stage_factory(self) -> Callable[[Settings], Stages]:
        from claims.pipeline.stages import default_stages

        return self.stages or default_stages

    def load_pair_model(self, name: str | None) -> PairModel:
        from claims.detect.nli import load_nli_model

        return (self.pair_model or load_nli_model)(name)


def runtime(ctx: typer.Context) -> Runtime:
    return ctx.obj if isinstance(ctx.obj, Runtime) else Runtime()


def choices(name: str, values: Iterable[str]) -> type[StrEnum]:
    """A StrEnum of the library's own names (formats, statuses), so the CLI lists no copy."""
    return StrEnum(name, {v: v for v in values})  # type: ignore[return-value]


def format_option(formats: type[StrEnum]) -> Any:
    """The one ``--format/-f`` option type, over a command's formats."""
    names = ", ".join(f.value for f in formats)
    return Annotated[formats, typer.Option("--format", "-f", help=f"Output format: {names}.")]


ListingFormat = choices("ListingFormat", LISTING_FORMATS)
ListingFormatOption = format_option(ListingFormat)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLite path, or postgresql+psycopg://user:pw@host/db "
        "(default: $CLAIMS_DB, then ./claims.db).",
        show_default=False,
    ),
]
PathsArgument = Annotated[
    list[Path], typer.Argument(help="Files or directories (.txt, .md, .jsonl, .html).")
]
NliOption = Annotated[
    str | None,
    typer.Option(
        "--nli-model",
        help="NLI cross-encoder: a local path or cached Hugging Face "
        "name (default: the shipped model; $CLAIMS_NLI_MODEL).",
        show_default=False,
    ),
]
ScorerOption = Annotated[
    str | None,
    typer.Option(
        "--scorer",
        help="'nli' (model and cues, combined) or 'cues' (explicit cues only).",
        show_default=False,
    ),
]
EmbedOption = Annotated[
    str | None,
    typer.Option(
        "--embed-model",
        help="sentence-transformers model name or path "
        "(default all-MiniLM-L6-v2; $CLAIMS_EMBED_MODEL).",
        show_default=False,
    ),
]


OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
]


@contextmanager
def naming_store(db: str) -> Iterator[None]:
    """SQLite failures met inside (locked, disk full, read-only...) become one-line
    ``StoreError``s that name the store ``db``; anything else passes unchanged. A store
    file every local user can read is warned about first."""
    warn_world_readable(db)
    try:
        yield
    except Exception as exc:
        from store.db import store_error

        error = store_error(exc, db)
        if error is None:
            raise
        raise error from exc


def remember_store(db: str) -> None:
    """Kept for callers written against an earlier draft; does nothing. Wrap the work in
    ``naming_store(db)`` instead, so SQLite failures name the store."""


def existing_store(db: str) -> None:
    """Refuse a store file that does not exist: only ``ingest`` (and ``check --record``)
    create one, so a mistyped ``--db`` is an error, not a new empty store."""
    from claims.errors import StoreError
    from store.db import store_file

    path = store_file(db)
    if path is not None and not path.exists():
        raise StoreError(f"no store at {path} (ingest first, or check --db)")


@contextmanager
def session_for(
    db: str | None, *, create: bool = False, read_only: bool = False, **settings_flags: str | None
) -> Iterator:
    """A session in one transaction on an up-to-date store (committed on success).

    The store must exist unless ``create``. ``read_only``: the store is only read, never
    created, upgraded or written (``store.reading``). Otherwise a SQLite store's write lock
    is taken up front, waiting as every writer does (``store.locks``).
    """
    from sqlalchemy.orm import Session

    from claims.config import resolve
    from store.db import open_store
    from store.locks import begin_write
    from store.reading import open_reader

    settings = resolve(db=db, **settings_flags)
    with naming_store(settings.db):
        engine = open_reader(settings.db) if read_only else open_store(settings.db, create=create)
        try:
            with Session(engine) as session, session.begin():
                if not read_only and engine.dialect.name == "sqlite":
                    begin_write(session)
                yield session, settings
        finally:
            engine.dispose()


def announce_waits(command: str | None) -> None:
    """Name the lock holder after ``command`` and print a writer's wait on stderr, at once
    (``store.locks``) for the rest of this invocation."""
    from store.locks import HOLDER, NOTICE

    HOLDER.set(command)
    NOTICE.set(lambda line: typer.echo(f"note: {line}", err=True))


def warn_world_readable(db: str) -> None:
    """One line on stderr when the store file ``db`` can be read by every local user."""
    from store.db import store_file

    path = store_file(db)
    try:
        mode = path.stat().st_mode if path is not None else 0
    except OSError:
        return
    if mode & 0o004:
        typer.echo(
            f"warning: store {path} is readable by every user of this machine (mode "
            f"{mode & 0o777:o}); chmod 600 {path} keeps claims and reviewer tokens private",
            err=True,
        )


def echo(text: str) -> None:
    typer.echo(text)


def write_or_echo(text: str, out: Path | None) -> None:
    """Print ``text``, or write it to ``out`` (UTF-8) and say so on stderr."""
    from claims.errors import BadInput

    if out is None:
        echo(text)
        return
    try:
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot write {out}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {out}", err=True)
