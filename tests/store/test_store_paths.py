"""Which file a store is, and which stores are refused (issue 16 items 3 and 7).

A ``--db`` path is the file named, never URL-decoded nor cut at ``?``; only text spelled
``scheme://`` is a URL. A store written by a newer claims is refused, not migrated.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.common import Runtime
from cli.main import app
from store.db import head_revision, open_store, store_error, store_file, store_url
from store.errors import StoreBusy, StoreError
from tests.conftest import FIXTURES

BASIC = str(FIXTURES / "batches" / "basic")


def ingest(runtime: Runtime, db: str) -> None:
    result = CliRunner().invoke(app, ["ingest", BASIC, "--db", db], obj=runtime)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "name", ["%2E%2E%2F%2E%2E%2Fescaped.db", "data?.db", "a#b.db", "x%20y.db", "file:z.db"]
)
def test_a_db_path_is_the_file_named(
    name: str, runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "one" / "two"
    (work / "dir").mkdir(parents=True)
    monkeypatch.chdir(work)
    ingest(runtime, f"dir/{name}")
    assert (work / "dir" / name).is_file()
    made = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert [m for m in made if not m.endswith(("-wal", "-shm"))] == [f"one/two/dir/{name}"]


def test_sqlite_urls_are_urls(runtime: Runtime, tmp_path: Path) -> None:
    target = tmp_path / "via url.db"
    ingest(runtime, f"sqlite:///{target}")
    assert target.is_file()
    assert store_file(f"sqlite:///{target}") == target
    assert store_file("sqlite://") is None and store_file(":memory:") is None
    assert store_url(tmp_path / "x%3F.db").database == str(tmp_path / "x%3F.db")


def test_other_databases_are_refused_in_one_line(tmp_path: Path) -> None:
    url = "mysql://alice:s3cret@db.example/claims"
    result = CliRunner().invoke(app, ["stats", "--db", url])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: store mysql://alice:***@db.example/claims: "
        "mysql is not supported (SQLite or PostgreSQL only)"
    )
    other_driver = CliRunner().invoke(app, ["stats", "--db", "postgresql+pg8000://a:b@h/c"])
    assert other_driver.exit_code == 2 and "use postgresql+psycopg://" in other_driver.output
    empty = CliRunner().invoke(app, ["stats", "--db", ""])
    assert empty.exit_code == 2 and "store path is empty" in empty.output


def test_a_store_from_a_newer_claims_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    open_store(db).dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db.read_bytes()
    with pytest.raises(StoreError, match=r"written by a newer claims \(schema 9999_future\)"):
        open_store(db)
    assert db.read_bytes() == before
    assert head_revision() != "9999_future"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database is locked", "is busy"),
        ("database or disk is full", "the disk is full"),
        ("disk I/O error", "disk I/O error"),
        ("attempt to write a readonly database", "it is read-only"),
        ("unable to open database file", "unable to open the file"),
        ("file is not a database", "not a SQLite database"),
    ],
)
def test_sqlite_failures_become_one_line_store_errors(message: str, expected: str) -> None:
    from sqlalchemy.exc import OperationalError

    wrapped = OperationalError("INSERT ...", {}, sqlite3.OperationalError(message))
    error = store_error(wrapped, "x.db")
    assert isinstance(error, StoreError) and expected in str(error) and "x.db" in str(error)
    assert isinstance(error, StoreBusy) == (message == "database is locked")
    assert "\n" not in str(error)
    assert store_error(sqlite3.OperationalError("no such column: x"), "x.db") is None  # a bug
    assert store_error(ValueError(message)) is None


def test_postgres_failures_a_user_meets_are_one_line(pg_store: str) -> None:
    """No server, a wrong password, no such database: one line, password never shown."""
    from sqlalchemy.engine import make_url

    good = make_url(pg_store)
    cases = {
        good.set(port=1): "no server answers (connection refused)",
        good.set(password="wrong-s3cret"): "password authentication failed",
        good.set(database="claims_no_such_db"): "does not exist",
    }
    for url, expected in cases.items():
        shown = url.render_as_string(hide_password=False)
        result = CliRunner().invoke(app, ["stats", "--db", shown])
        assert result.exit_code == 2, result.output
        line = result.output.strip()
        assert line.startswith("error: cannot open store postgresql+psycopg://claims:***@")
        assert expected in line and "s3cret" not in line and "\n" not in line


@pytest.mark.parametrize(
    ("state", "busy", "expected"),
    [
        ("40001", True, "serialization failure"),
        ("55P03", True, "kept rows locked"),
        ("40P01", True, "deadlocked"),
        ("53100", False, "disk is full"),
        ("3D000", False, "does not exist"),
    ],
)
def test_postgres_errors_map_by_sqlstate(state: str, busy: bool, expected: str) -> None:
    import psycopg
    from sqlalchemy.exc import OperationalError

    orig = psycopg.errors.lookup(state)("server says no")
    error = store_error(OperationalError("SELECT", {}, orig), "postgresql://u:pw@h/db")
    assert isinstance(error, StoreError) and expected in str(error)
    assert isinstance(error, StoreBusy) == busy and "pw" not in str(error)


@pytest.mark.parametrize("store_db", ["postgres"], indirect=True)  # SQLite text holds NUL
def test_a_nul_character_is_one_line_on_postgres(cli, tmp_path: Path) -> None:  # noqa: ANN001
    source = tmp_path / "nul.jsonl"
    source.write_text('{"text": "The minister said 40 people died.\\u0000 More text."}\n')
    result = cli("ingest", str(source))
    assert result.exit_code == 2
    assert result.output.startswith("error: cannot write store postgresql+psycopg://")
    assert "cannot hold NUL characters" in result.output and result.output.count("\n") == 1


def test_a_postgres_store_from_a_newer_claims_is_refused(pg_store: str) -> None:
    from sqlalchemy import text

    from tests import pg

    with pg.fresh_database("claims_test_newer") as url:
        engine = open_store(url)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        engine.dispose()
        with pytest.raises(StoreError, match=r"written by a newer claims \(schema 9999_future\)"):
            open_store(url)
        result = CliRunner().invoke(app, ["migrate", "--db", url])
    assert result.exit_code == 2 and "claims:***@" in result.output
