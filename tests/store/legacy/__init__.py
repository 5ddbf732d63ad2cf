"""Stores that an older claims left half-upgraded, made the way it made them.

``half_upgrade`` runs the migrations of today's tree through the old Alembic environment
(``legacy/env.py``, the one claims shipped before its migrations ran in one transaction)
and stops it, as a kill or a full disk did, at a chosen SQL statement: whatever DDL ran
before stays in the file (pysqlite committed each on its own), what ran after the first
data change is rolled back, and ``alembic_version`` still names the revision before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event

from store.db import MIGRATIONS, following_revision, make_engine

DML = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class Stopped(Exception):
    """The stand-in for the kill: raised at the chosen statement."""


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
    engine = make_engine(path)
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
    from store.db import current_revision

    target = following_revision(current_revision(engine))
    try:
        command.upgrade(config, target or "head")
    except Stopped:
        pass
    finally:
        engine.dispose()
    return target, seen["statements"]
