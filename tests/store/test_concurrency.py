"""Two (and more) reviewers at once: concurrent processes on one store (a SQLite file, a
Postgres database) lose no change.

Each worker process runs the real ``tag``/``resolve`` commands many times against the
same store; a few more changes come from separate ``claims`` processes. Afterwards every
change a worker was told it made is in the audit log exactly once, and for each claim and
pair the log is one unbroken chain (each entry's old value is the previous entry's new
value) ending at the stored status.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import re
import subprocess
import sys
from collections import Counter

import pytest
from typer.testing import CliRunner

from claims.review import CLAIM_STATUSES, PAIR_STATUSES
from cli.common import Runtime
from cli.main import app
from tests.conftest import FIXTURES, ROOT

WORKERS = 4
ROUNDS = 25
CHANGED = re.compile(r"^(claim|contradiction) (\d+): (\w+) -> (\w+)$", re.MULTILINE)

Change = tuple[str, int, str, str, str]  # entity, id, old, new, note


def review_worker(db: str, name: str, claim_ids: list[int], pair_ids: list[int]) -> list[Change]:
    """Tag and resolve at random (seeded by ``name``); the changes the commands reported."""
    runner = CliRunner()
    rng = random.Random(name)
    made: list[Change] = []
    for n in range(ROUNDS):
        note = f"{name}-{n}"
        if rng.random() < 0.6:
            ids = rng.sample(claim_ids, k=rng.randint(1, min(3, len(claim_ids))))
            args = ["tag", *map(str, ids), rng.choice(CLAIM_STATUSES)]
        else:
            ids = rng.sample(pair_ids, k=rng.randint(1, min(2, len(pair_ids))))
            args = ["resolve", *map(str, ids), rng.choice(PAIR_STATUSES)]
        result = runner.invoke(app, [*args, "--by", name, "--note", note, "--db", db])
        if result.exit_code != 0:
            raise RuntimeError(f"{args}: {result.output}")
        made.extend(
            (e, int(i), old, new, note) for e, i, old, new in CHANGED.findall(result.output)
        )
    return made


def cli_process(db: str, name: str, args: list[str]) -> subprocess.Popen[str]:
    """One ``claims`` command in its own interpreter, as a second reviewer would run it."""
    code = "from cli.main import run; run()"
    command = [sys.executable, "-c", code, *args, "--by", name, "--note", name, "--db", db]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)  # fmt: skip


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, runtime: Runtime, store_db: str):
    """A store with the fixture batches ingested; (db path or URL, claim ids, pair ids)."""
    monkeypatch.setenv("CLAIMS_MIN_SIMILARITY", "0.2")
    db = store_db
    runner = CliRunner()
    batches = [str(FIXTURES / "batches" / b) for b in ("basic", "more", "review")]
    assert runner.invoke(app, ["ingest", *batches, "--db", db], obj=runtime).exit_code == 0
    report = json.loads(runner.invoke(app, ["report", "-f", "json", "--db", db]).output)
    pairs = [c["id"] for c in report["contradictions"]]
    claims = sorted({x["id"] for c in report["contradictions"] for x in c["claims"]})
    assert len(pairs) >= 2 and len(claims) >= 3
    return db, claims, pairs


def test_concurrent_reviewers_lose_no_change(store) -> None:
    db, claim_ids, pair_ids = store
    names = [f"reviewer{n}" for n in range(WORKERS)]
    context = multiprocessing.get_context("spawn")  # no SQLite handles inherited by fork
    with context.Pool(WORKERS) as pool:
        pending = [
            pool.apply_async(review_worker, (db, name, claim_ids, pair_ids)) for name in names
        ]
        procs = [
            cli_process(db, "shell-a", ["tag", *map(str, claim_ids), "disputed"]),
            cli_process(db, "shell-b", ["resolve", *map(str, pair_ids), "confirmed"]),
        ]
        reported = [change for job in pending for change in job.get(timeout=300)]
    for proc in procs:
        output, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0, output
        note = proc.args[proc.args.index("--note") + 1]
        reported.extend((e, int(i), o, n, note) for e, i, o, n in CHANGED.findall(output))

    runner = CliRunner()
    log = json.loads(runner.invoke(app, ["log", "-f", "json", "--db", db]).output)["entries"]
    logged = [(e["entity"], e["entity_id"], e["old_value"], e["new_value"], e["note"]) for e in log]
    assert Counter(logged) == Counter(reported)  # every reported change, each exactly once
    assert len(logged) == len(set(logged)) and all(old != new for _, _, old, new, _ in logged)
    assert len(logged) > WORKERS * ROUNDS // 2, "too few changes to prove anything"

    final = json.loads(runner.invoke(app, ["report", "-f", "json", "--db", db]).output)
    status = {("contradiction", c["id"]): c["status"] for c in final["contradictions"]}
    for c in final["contradictions"]:
        status.update({("claim", x["id"]): x["status"] for x in c["claims"]})
    for key, current in status.items():
        chain = [(old, new) for entity, i, old, new, _ in logged if (entity, i) == key]
        start = "unreviewed" if key[0] == "claim" else "open"
        values = [start] + [new for _, new in chain]
        assert [old for old, _ in chain] == values[:-1], f"broken history for {key}"
        assert values[-1] == current, f"{key} is {current} but its log ends at {values[-1]}"


def test_a_locked_store_is_retried_then_reported_in_one_line() -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from claims.errors import StoreError
    from claims.review import retry_when_locked

    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError(
                "BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked")
            )
        return "done"

    assert retry_when_locked(flaky, pause=0.0) == "done" and len(calls) == 3

    def always_locked() -> str:
        raise OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(StoreError, match="still locked after 2 tries"):
        retry_when_locked(always_locked, attempts=2, pause=0.0)

    def broken() -> str:
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x"))

    with pytest.raises(OperationalError):  # other errors are bugs: not retried, not hidden
        retry_when_locked(broken, pause=0.0)
