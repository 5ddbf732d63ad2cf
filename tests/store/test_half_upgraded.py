"""Stores an older claims left half-upgraded (issue 26 item 1): refused with a line that
names ``claims migrate``, which repairs them with no claim lost.

Each store is made as the old code made it (``tests/store/legacy``): a store holding two
batches is taken back to revision N (or is a new empty file), then upgraded one revision
by the old Alembic environment and stopped at its first data change, as a kill or a full
disk stopped it: the revision's DDL is in the file, ``alembic_version`` still says N.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from store.db import head_revision
from tests.store.legacy import OLDER, REVIEW, claim_rows, half_upgrade, store_at, version


@pytest.mark.parametrize("revision", OLDER, ids=lambda r: f"from-{r}")
def test_a_half_upgraded_store_is_named_then_repaired_by_migrate(
    revision: str | None, full_store: Path, tmp_path: Path, run
) -> None:
    path = store_at(revision, full_store, tmp_path)
    kept = claim_rows(path)
    assert bool(kept) == (revision is not None)
    target, _ = half_upgrade(path, tmp_path)
    assert version(path) == revision, "the old code never stamped the unfinished revision"
    db = str(path)

    for args in (["stats"], ["report"], ["ingest", REVIEW], ["tag", "1", "verified"]):
        said = run(*args, "--db", db)
        if said.exit_code == 0:  # this revision left nothing behind on SQLite (0008)
            continue
        assert said.exit_code == 2, said.output
        assert f"claims migrate --db {db}" in said.stderr, (args, said.stderr)
        errors = [line for line in said.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and "Traceback" not in said.output

    done = run("migrate", "--db", db)
    assert done.exit_code == 0, done.output
    assert f"-> {head_revision()}" in done.stdout or "already at" in done.stdout
    assert version(path) == head_revision()
    assert claim_rows(path)[: len(kept)] == kept, "no claim lost"
    assert run("stats", "--db", db).exit_code == 0
    assert run("ingest", REVIEW, "--db", db).exit_code == 0


def test_repair_says_what_it_dropped_and_keeps_every_claim(
    full_store: Path, tmp_path: Path, run
) -> None:
    path = store_at("0005", full_store, tmp_path)
    kept = claim_rows(path)
    half_upgrade(path, tmp_path)
    done = run("migrate", "--db", str(path))
    assert done.exit_code == 0, done.output
    assert "repaired: dropped empty table verdicts of the unfinished upgrade to 0006" in done.stdout
    assert claim_rows(path) == kept


def test_a_leftover_table_that_holds_rows_is_not_dropped(
    full_store: Path, tmp_path: Path, run
) -> None:
    path = store_at("0004", full_store, tmp_path)
    half_upgrade(path, tmp_path)
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO reviewers (name, token_hash, read_only, created_at) "
        "VALUES ('ann', 'x', 0, '2026-01-01')"
    )
    connection.commit()
    connection.close()
    refused = run("migrate", "--db", str(path))
    assert refused.exit_code == 2
    assert "cannot repair: table reviewers of the unfinished upgrade holds rows" in refused.stderr
    assert version(path) == "0004"


def test_a_database_of_someone_else_is_not_taken_for_a_half_created_store(
    tmp_path: Path, run
) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, url TEXT)")
    connection.execute("INSERT INTO places (url) VALUES ('https://example.org')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    for args in (["migrate"], ["ingest", REVIEW], ["stats"], ["tag", "1", "verified"]):
        said = run(*args, "--db", str(path))
        assert said.exit_code == 2, said.output
        assert "not a claims store" in said.stderr
    assert path.read_bytes() == before, "not a byte written into another's database"


@pytest.mark.sweep
@pytest.mark.parametrize("revision", OLDER, ids=lambda r: f"from-{r}")
def test_every_statement_an_older_upgrade_stopped_at_is_repaired(
    revision: str | None, full_store: Path, tmp_path: Path, run
) -> None:
    """The old environment stopped at each statement of the revision's upgrade in turn."""
    seed = store_at(revision, full_store, tmp_path)
    kept = claim_rows(seed)
    _, statements = half_upgrade(shutil.copyfile(seed, tmp_path / "count.db"), tmp_path, 10**6)
    assert statements > 0
    for stop in range(1, statements + 1):
        path = shutil.copyfile(seed, tmp_path / f"stop-{stop}.db")
        half_upgrade(path, tmp_path, stop)
        done = run("migrate", "--db", str(path))
        assert done.exit_code == 0, (stop, done.output)
        assert version(path) == head_revision()
        assert claim_rows(path)[: len(kept)] == kept
    print(f"older upgrade from {revision} stopped at {statements} statements: all repaired")


def test_the_migration_gives_its_connection_back_as_it_came(tmp_path: Path) -> None:
    """pysqlite's own transactions are off only while migrating: WAL, foreign keys and the
    implicit transactions every other writer relies on are as before."""
    from store.db import open_store

    engine = open_store(tmp_path / "s.db")
    try:
        with engine.connect() as connection:
            dbapi = connection.connection.dbapi_connection
            assert dbapi.isolation_level == ""  # pysqlite's default, restored
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
    assert not (tmp_path / "s.db-writer").exists()
