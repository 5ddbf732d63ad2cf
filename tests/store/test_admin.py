"""``claims migrate`` upgrades either engine; ``claims copy`` moves a whole store between
engines with its ids, reviews and audit log, and refuses a target that holds anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.common import Runtime
from cli.main import app
from store.db import head_revision, make_engine, migrate
from tests import pg
from tests.conftest import FIXTURES

BATCHES = [str(FIXTURES / "batches" / b) for b in ("basic", "more", "review")]


def run(*args: str, runtime: Runtime | None = None):  # noqa: ANN201 - typer's Result
    return CliRunner().invoke(app, list(args), obj=runtime)


@pytest.fixture(params=["sqlite", "postgres"])
def old_store(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201 - a generator
    """A store at schema 0002 on each engine (Postgres: a database of its own)."""
    if request.param == "sqlite":
        db = str(tmp_path / "old.db")
        migrate(make_engine(db), "0002")
        yield db
        return
    request.getfixturevalue("pg_store")  # skips or fails without a server
    with pg.fresh_database("claims_test_migrate") as url:
        engine = make_engine(url)
        migrate(engine, "0002")
        engine.dispose()
        yield url


def test_migrate_upgrades_and_says_from_and_to(old_store: str) -> None:
    result = run("migrate", "--db", old_store)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"schema 0002 -> {head_revision()}")
    assert "s3cret" not in result.output and "claims:claims@" not in result.output
    again = run("migrate", "--db", old_store)
    assert again.output.strip().endswith(f"schema already at {head_revision()}")


def test_migrate_refuses_a_missing_file(tmp_path: Path) -> None:
    result = run("migrate", "--db", str(tmp_path / "nothing.db"))
    assert result.exit_code == 2 and "no store at" in result.output
    assert not (tmp_path / "nothing.db").exists()


def _reviewed_store(db: str, runtime: Runtime) -> None:
    """The fixture batches, a tag, a resolve and a note: ids, statuses and a log to keep."""
    assert run("ingest", *BATCHES, "--db", db, runtime=runtime).exit_code == 0
    assert run("tag", "1", "2", "verified", "--by", "ann", "--db", db).exit_code == 0
    assert (
        run("resolve", "1", "confirmed", "--by", "bob", "--note", "ok", "--db", db).exit_code == 0
    )
    assert run("reviewers", "add", "ann", "--db", db).exit_code == 0
    assert run("reviewers", "revoke", "ann", "--db", db).exit_code == 0


def _dump(db: str) -> dict:
    """What a copy must keep: the report (ids, statuses, scores), the log, the stats, the
    topics and the reviewers."""
    out = {}
    for name, args in {"report": ["report", "-f", "json"], "log": ["log", "-f", "json"],
                       "stats": ["stats"], "topics": ["topics"],
                       "reviewers": ["reviewers", "list"]}.items():  # fmt: skip
        result = run(*args, "--db", db)
        assert result.exit_code == 0, result.output
        out[name] = json.loads(result.output) if "-f" in args else result.output
    return out


def test_copy_round_trip_sqlite_postgres_sqlite_keeps_everything(
    pg_store: str, runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
    first, back = str(tmp_path / "first.db"), str(tmp_path / "back.db")
    _reviewed_store(first, runtime)
    before = _dump(first)
    assert before["log"]["entries"] and before["report"]["contradictions"]
    with pg.fresh_database("claims_test_copy") as url:
        there = run("copy", "--from", first, "--to", url)
        assert there.exit_code == 0, there.output
        assert there.output.startswith("copied ") and "claims:***@" in there.output
        assert _dump(url) == before
        # the next ingest on Postgres gets fresh ids (sequences were reset past the copy)
        tagged = run("ingest", str(FIXTURES / "batches" / "basic"), "--db", url, runtime=runtime)
        assert tagged.exit_code == 0, tagged.output
        refused = run("copy", "--from", first, "--to", url)
        assert refused.exit_code == 2 and "is not empty" in refused.output
        assert run("copy", "--from", url, "--to", back).exit_code == 0
    after = _dump(back)
    assert after["log"] == before["log"] and after["report"] == before["report"]


def test_copy_refuses_a_non_empty_target_and_writes_nothing(
    store_db: str, runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
    source = str(tmp_path / "source.db")
    _reviewed_store(source, runtime)
    assert run("ingest", BATCHES[0], "--db", store_db, runtime=runtime).exit_code == 0
    stats = run("stats", "--db", store_db).output
    result = run("copy", "--from", source, "--to", store_db)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "is not empty (" in result.output
    assert run("stats", "--db", store_db).output == stats


def test_copy_reports_progress(tmp_path: Path, store_db: str, runtime: Runtime) -> None:
    from claims.app import copy_store

    source = str(tmp_path / "source.db")
    assert run("ingest", BATCHES[0], "--db", source, runtime=runtime).exit_code == 0
    seen: list[tuple[str, int, int]] = []
    copied = copy_store(source, store_db, lambda *step: seen.append(step))
    assert copied["claims"] > 0 and seen[-1][1] == seen[-1][2] == sum(copied.values())
