"""A writer that finds the write lock held says so at once, naming the holder, and gives up
with exit 3 at the limit (issue 26 item 2).

The issue's case: an ingest paused in its write phase, and ``claims tag 1 verified`` waited
764 s in silence (the lock's 600 s wait went unsaid, then the review's retry started it
over). Here a real ingest process is paused after its first INSERT, and every writing
command meets it with ``CLAIMS_LOCK_WAIT`` set short.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from store.errors import StoreBusy
from store.locks import begin_write
from tests.store.legacy import BATCHES, REVIEW

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def paused_ingest(tmp_path: Path, run) -> Iterator[tuple[Path, int]]:
    """A store holding one batch, and a real ``claims ingest`` of another, paused while it
    holds the write lock; (store, its pid). Let go at the end."""
    db = tmp_path / "s.db"
    assert run("ingest", BATCHES[0], "--db", str(db)).exit_code == 0
    paused = tmp_path / "paused"
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1",
                   "CLAIMS_TEST_PAUSE_ON": "INSERT", "CLAIMS_TEST_PAUSED": str(paused)}  # fmt: skip
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.child", "ingest", REVIEW, "--db", str(db)],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while not paused.exists():
            assert writer.poll() is None, writer.stdout.read() if writer.stdout else ""
            assert time.monotonic() < deadline, "the ingest never reached its write phase"
            time.sleep(0.05)
        yield db, writer.pid
    finally:
        paused.unlink(missing_ok=True)
        out, _ = writer.communicate(timeout=300)
        assert writer.returncode == 0, out


WRITERS = [
    ["tag", "1", "verified"],
    ["resolve", "1", "confirmed"],
    ["retopic"],
    ["reviewers", "add", "bob"],
    ["ingest", BATCHES[1]],
    ["check", BATCHES[1], "--record"],
]


def test_every_writing_command_says_whom_it_waits_for_and_exits_3(
    paused_ingest: tuple[Path, int], run, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, pid = paused_ingest
    monkeypatch.setenv("CLAIMS_LOCK_WAIT", "1")
    for args in WRITERS:
        started = time.monotonic()
        said = run(*args, "--db", str(db))
        assert said.exit_code == 3, (args, said.output)
        lines = said.stderr.splitlines()
        waiting = [line for line in lines if "waiting for the write lock" in line]
        assert len(waiting) == 1, (args, said.stderr)
        assert f"held by ingest, pid {pid}, since " in waiting[0]
        assert lines[-1].startswith(f"error: store {db} is busy"), said.stderr
        assert time.monotonic() - started < 60, "gave up at the limit, not after retries"


def test_the_wait_is_said_at_once_not_at_the_limit(paused_ingest: tuple[Path, int]) -> None:
    """With the default limit (600 s) the line comes before anything else happens."""
    db, pid = paused_ingest
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    environment.pop("CLAIMS_LOCK_WAIT", None)
    tag = subprocess.Popen(
        [sys.executable, "-m", "tests.store.child", "tag", "1", "verified", "--db", str(db)],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert tag.stderr is not None
        first = tag.stderr.readline()  # blocks until the line comes (or the tag exits)
        assert "waiting for the write lock held by ingest" in first, first
        assert f"pid {pid}" in first and "600 s, then exit 3" in first
        assert tag.poll() is None, "still waiting, as it said"
    finally:
        tag.kill()
        tag.wait(timeout=60)


def test_a_holder_is_named_on_both_engines(engine: Engine) -> None:
    from store.locks import HOLDER, NOTICE

    lines: list[str] = []
    told = NOTICE.set(lines.append)
    named = HOLDER.set("ingest")
    try:
        with Session(engine) as holder:
            begin_write(holder)
            with Session(engine) as waiter, pytest.raises(StoreBusy, match="is busy"):
                begin_write(waiter, limit=0.3)
            holder.rollback()
    finally:
        NOTICE.reset(told)
        HOLDER.reset(named)
    assert len(lines) == 1 and "waiting for the write lock held by ingest, pid " in lines[0]
    assert str(os.getpid()) in lines[0]


def test_a_busy_store_is_not_waited_for_again_by_the_review_retry() -> None:
    from claims.review import retry_when_locked

    calls: list[int] = []

    def busy() -> None:
        calls.append(1)
        raise StoreBusy("store busy: another writer held the write lock for 600 s")

    with pytest.raises(StoreBusy):
        retry_when_locked(busy, pause=0.0)
    assert len(calls) == 1


def test_a_bad_wait_limit_is_one_line(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    from store.errors import StoreError

    monkeypatch.setenv("CLAIMS_LOCK_WAIT", "soon")
    with Session(engine) as session, pytest.raises(StoreError, match="CLAIMS_LOCK_WAIT"):
        begin_write(session)
