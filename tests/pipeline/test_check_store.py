"""``check_store``: the whole of ``claims check`` below the command, as one library call.

Why: the command used to open the store, take locks, read schema revisions and retry
snapshot conflicts itself; now it only parses, calls ``check_store`` and prints, so these
behaviours are tested here, on the library, without the CLI.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claims.config import Settings, resolve
from claims.pipeline import Stages
from claims.pipeline.check_store import ATTEMPTS, check_store
from tests.conftest import FIXTURES

CONTRADICTS = FIXTURES / "batches" / "check" / "contradicts"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    env = {"CLAIMS_MIN_SIMILARITY": "0.2"}  # the hashing double is not semantic
    return resolve(db=str(tmp_path / "check.db"), env=env)


class Conflict(Exception):
    """What psycopg raises when a REPEATABLE READ snapshot meets a concurrent commit."""

    sqlstate = "40001"


def test_a_check_of_a_missing_store_creates_no_file_and_says_so(
    settings: Settings, stages: Stages
) -> None:
    said: list[str] = []
    result = check_store(settings, [CONTRADICTS], stages=lambda _: stages, note=said.append)
    assert result.findings and result.failed
    assert not Path(settings.db).exists()
    assert said == [f"no store at {settings.db}; checking against an empty store"]


def test_a_recorded_check_keeps_its_batch(settings: Settings, stages: Stages) -> None:
    result = check_store(settings, [CONTRADICTS], record=True, stages=lambda _: stages)
    with sqlite3.connect(settings.db) as conn:
        (claims,) = conn.execute("SELECT count(*) FROM claims").fetchone()
        (flags,) = conn.execute("SELECT count(*) FROM contradictions").fetchone()
    assert claims == len(result.report.new_claim_ids) > 0
    assert flags == len(result.findings) > 0


def test_a_snapshot_conflict_runs_the_check_again(settings: Settings, stages: Stages) -> None:
    calls: list[int] = []

    def factory(_: Settings) -> Stages:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("insert failed") from Conflict()
        return stages

    said: list[str] = []
    result = check_store(settings, [CONTRADICTS], stages=factory, note=said.append)
    assert len(calls) == 2 and result.findings
    assert "the store changed under the check; checking again" in said


def test_conflicts_stop_after_the_last_attempt_and_other_errors_at_once(
    settings: Settings,
) -> None:
    calls: list[int] = []

    def conflicting(_: Settings) -> Stages:
        calls.append(1)
        raise Conflict()

    with pytest.raises(Conflict):
        check_store(settings, [CONTRADICTS], stages=conflicting)
    assert len(calls) == ATTEMPTS

    def broken(_: Settings) -> Stages:
        calls.append(1)
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        check_store(settings, [CONTRADICTS], stages=broken)
    assert len(calls) == ATTEMPTS + 1
