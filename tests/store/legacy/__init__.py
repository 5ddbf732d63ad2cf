"""Stores that an older claims left half-upgraded, made the way it made them.

``half_upgrade`` runs the migrations of today's tree through the old Alembic environment
(``legacy/env.py``, the one claims shipped before its migrations ran in one transaction)
and stops it, as a kill or a full disk did, at a chosen SQL statement: whatever DDL ran
before stays in the file (pysqlite committed each on its own), what ran after the first
data change is rolled back, and ``alembic_version`` still names the revision before.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from typer.testing import CliRunner

from cli.common import Runtime
from cli.main import app
from store.db import MIGRATIONS, _alembic_config, head_revision, known_revisions, make_engine
from tests.conftest import FIXTURES

BATCHES = [str(FIXTURES / "batches" / b) for b in ("basic", "more")]
REVIEW = str(FIXTURES / "batches" / "review")
OLDER = [None, *sorted(r for r in known_revisions() if r != head_revision())]

DML = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class Stopped(Exception):
    """The stand-in for the kill: raised at the chosen statement."""


def following_revision(revision: str | None) -> str | None:
    """The revision an upgrade from ``revision`` runs next."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    return next((r.revision for r in script.walk_revisions() if r.down_revision == revision), None)


def _script_folder(work: Path) -> Path:
    """A migration folder with the old env.py and today's versions."""
    folder = work / "legacy_migrations"
    if not folder.exists():
        folder.mkdir()
        shutil.copy(Path(__file__).parent / "env.py", folder / "env.py")
        shutil.copy(MIGRATIONS / "script.py.mako", folder / "script.py.mako")
        (folder / "versions").symlink_to(MIGRATIONS / "versions")
    return folder


def half_upgrade(path: Path, work: Path, stop_at: int | None = None) -> tuple[str | None, int]:
    """Upgrade the SQLite store ``path`` one revision with the old environment, stopped at
    its ``stop_at``-th statement (None: at its first data change, which leaves the most
    DDL behind). Returns the revision it was upgrading to and the statements that ran."""
    from store.db import current_revision

    engine = make_engine(path)
    target = following_revision(current_revision(engine))
    seen = {"statements": 0}

    @event.listens_for(engine, "before_cursor_execute")
    def _stop(conn, cursor, statement, params, context, many) -> None:  # noqa: ANN001
        seen["statements"] += 1
        data = statement.lstrip().upper().startswith(DML)  # the version's too
        if seen["statements"] == stop_at or (stop_at is None and data):
            raise Stopped(statement)

    config = Config()
    config.set_main_option("script_location", str(_script_folder(work)))
    config.attributes["engine"] = engine
    try:
        command.upgrade(config, target or "head")
    except Stopped:
        pass
    finally:
        engine.dispose()
    return target, seen["statements"]


def make_full_store(path: Path) -> Path:
    """A store at the head revision holding two batches."""
    from tests.doubles import fast_stages

    runtime = Runtime(stages=lambda settings: fast_stages())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
        for batch in BATCHES:
            done = CliRunner().invoke(app, ["ingest", batch, "--db", str(path)], obj=runtime)
            assert done.exit_code == 0, done.output
    return path


def store_at(revision: str | None, full_store: Path, folder: Path) -> Path:
    """A copy of ``full_store`` taken back to ``revision`` (None: a new, empty file)."""
    path = folder / f"at-{revision}.db"
    if revision is None:
        path.write_bytes(b"")
        return path
    shutil.copyfile(full_store, path)
    engine = make_engine(path)
    try:
        command.downgrade(_alembic_config(engine), revision)
    finally:
        engine.dispose()
    return path


def claim_rows(path: Path) -> list[tuple]:
    """Every claim's id, source and sentence (no table yet: none)."""
    connection = sqlite3.connect(path)
    try:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'claims'").fetchone():
            return []
        return connection.execute("SELECT id, source_id, text FROM claims ORDER BY id").fetchall()
    finally:
        connection.close()


def version(path: Path) -> str | None:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    return row[0] if row else None
