"""A schema creation or upgrade killed at any statement, or stopped by a full disk, leaves a
store every command opens, with nothing committed lost (issue 26 item 1); two first
writers into a new file both land.

Real processes are killed (SIGKILL) by ``tests.store.child --sweep``, which forks one run per
kill point after its K-th SQL statement. The quick tests kill at a spread of points; the
``fuzz`` ones at every statement (``pytest -m fuzz tests/store/test_migration_kills.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from store.db import head_revision
from tests.conftest import mounted_tmpfs
from tests.store.legacy import BATCHES, claim_rows, store_at, version

ROOT = Path(__file__).resolve().parents[2]


def sweep(
    folder: Path, args: list[str], kills: list[int] | None, seed: Path | None = None,
    urls: dict[str, str] | None = None,
):  # fmt: skip
    """Results of killing ``claims ARGS`` at each of ``kills`` (None: every statement), on
    copies of ``seed`` or, on PostgreSQL, on the databases ``urls`` names per kill."""
    folder.mkdir(exist_ok=True)
    spec = folder / "spec.json"
    common = {"dir": str(folder), "args": args, "seed": str(seed) if seed else None,
              "urls": urls or {}}  # fmt: skip
    if kills is None:  # count first, then kill at every statement
        spec.write_text(json.dumps({**common, "kills": []}))
        _child("--sweep", str(spec))
        total = json.loads((folder / "results.json").read_text())["statements"]
        kills = list(range(1, total + 1))
    spec.write_text(json.dumps({**common, "kills": kills}))
    _child("--sweep", str(spec))
    return json.loads((folder / "results.json").read_text()), kills


def _child(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tests.store.child", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def spread(total: int) -> list[int]:
    """About a dozen kill points over ``total`` statements, first and last included."""
    step = max(1, total // 10)
    return sorted({1, 2, *range(step, total, step), total - 1, total} - {0})


def assert_usable(run, db: Path, expected_stats: str, kept: list[tuple]) -> None:
    """Every command opens ``db``: reading says what it is, a writer finishes the job, and
    afterwards the store holds exactly what an uninterrupted run stores."""
    read = run("stats", "--db", str(db))
    assert read.exit_code == 0 or (
        read.exit_code == 2 and ("no store in" in read.stderr or "claims migrate" in read.stderr)
    ), read.output
    assert "cannot open" not in read.output and "already exists" not in read.output
    assert claim_rows(db)[: len(kept)] == kept, "a committed claim was lost"
    if read.exit_code == 2 and "claims migrate" in read.stderr:
        assert run("migrate", "--db", str(db)).exit_code == 0
    done = run("ingest", *BATCHES[:1], "--db", str(db))
    assert done.exit_code == 0, done.output
    final = run("stats", "--db", str(db))
    assert final.exit_code == 0 and final.stdout == expected_stats, final.output
    assert version(db) == head_revision()


@pytest.fixture
def fresh_stats(tmp_path: Path, run) -> str:
    """``claims stats`` of a new store after one ingest of the first batch."""
    db = tmp_path / "reference.db"
    assert run("ingest", BATCHES[0], "--db", str(db)).exit_code == 0
    return run("stats", "--db", str(db)).stdout


def _kill_first_ingest(tmp_path: Path, run, fresh_stats: str, every: bool) -> None:
    folder = tmp_path / "kills"
    results, kills = sweep(folder, ["ingest", BATCHES[0]], None if every else [])
    if not every:
        results, kills = sweep(folder, ["ingest", BATCHES[0]], spread(results["statements"]))
    assert results["0"] == 0, (folder / "k0.out").read_text()
    killed = [k for k in kills if results[str(k)] == "killed"]
    assert len(killed) == len(kills), results
    for kill in killed:
        assert_usable(run, folder / f"k{kill}.db", fresh_stats, [])
    print(f"first ingest: {len(killed)} kills, 0 stores left unopenable")


def test_a_first_ingest_killed_anywhere_leaves_a_store_every_command_opens(
    tmp_path: Path, run, fresh_stats: str
) -> None:
    _kill_first_ingest(tmp_path, run, fresh_stats, every=False)


@pytest.mark.sweep
def test_a_first_ingest_killed_at_every_statement_leaves_a_usable_store(
    tmp_path: Path, run, fresh_stats: str
) -> None:
    _kill_first_ingest(tmp_path, run, fresh_stats, every=True)


def _kill_upgrade(tmp_path: Path, run, full_store: Path, revision: str, every: bool) -> None:
    seed = store_at(revision, full_store, tmp_path)
    kept = claim_rows(seed)
    reference = shutil.copyfile(seed, tmp_path / "reference.db")
    assert run("migrate", "--db", str(reference)).exit_code == 0
    assert run("ingest", BATCHES[0], "--db", str(reference)).exit_code == 0
    expected = run("stats", "--db", str(reference)).stdout
    folder = tmp_path / "kills"
    results, kills = sweep(folder, ["migrate"], None if every else [], seed)
    if not every:
        results, kills = sweep(folder, ["migrate"], spread(results["statements"]), seed)
    assert results["0"] == 0, (folder / "k0.out").read_text()
    for kill in kills:
        assert results[str(kill)] == "killed", results
        db = folder / f"k{kill}.db"
        assert version(db) in (revision, head_revision()), "one transaction: before or after"
        assert_usable(run, db, expected, kept)
    print(f"upgrade from {revision}: {len(kills)} kills, 0 stores left unopenable")


def test_an_upgrade_killed_anywhere_leaves_the_store_as_it_was_or_upgraded(
    tmp_path: Path, run, full_store: Path
) -> None:
    _kill_upgrade(tmp_path, run, full_store, "0001", every=False)


@pytest.mark.sweep
@pytest.mark.parametrize("revision", ["0001", "0005"])
def test_an_upgrade_killed_at_every_statement_loses_nothing(
    tmp_path: Path, run, full_store: Path, revision: str
) -> None:
    _kill_upgrade(tmp_path, run, full_store, revision, every=True)


def ingest_both_at_once(db: str) -> None:
    """Both test batches ingested into ``db`` by two real processes started together."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.child", "ingest", batch, "--db", db],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for batch in BATCHES
    ]
    outputs = [process.communicate(timeout=600) for process in runs]
    assert [p.returncode for p in runs] == [0, 0], outputs


def test_two_first_ingests_into_a_new_file_both_land(tmp_path: Path, run) -> None:
    """Both wait their turn for the schema (it is created once, under the write lock), so
    neither fails with "table … already exists" and both batches are stored."""
    reference = tmp_path / "one-after-the-other.db"
    for batch in BATCHES:
        assert run("ingest", batch, "--db", str(reference)).exit_code == 0
    expected = run("stats", "--db", str(reference)).stdout
    for attempt in range(3):
        db = tmp_path / f"new-{attempt}.db"
        ingest_both_at_once(str(db))
        assert run("stats", "--db", str(db)).stdout == expected


def test_on_postgres_a_first_ingest_killed_anywhere_leaves_a_usable_store(
    pg_store: str, tmp_path: Path, run
) -> None:
    """The same kills on an empty PostgreSQL database (a fresh one per kill)."""
    from tests import pg

    with ExitStack() as stack:
        fresh = lambda: stack.enter_context(pg.fresh_database("claims_test_kill"))  # noqa: E731
        reference = fresh()
        assert run("ingest", BATCHES[0], "--db", reference).exit_code == 0
        expected = run("stats", "--db", reference).stdout
        results, _ = sweep(tmp_path / "count", ["ingest", BATCHES[0]], [], urls={"0": fresh()})
        kills = spread(results["statements"])
        urls = {str(k): fresh() for k in [0, *kills]}
        results, _ = sweep(tmp_path / "kills", ["ingest", BATCHES[0]], kills, urls=urls)
        assert results["0"] == 0, (tmp_path / "kills" / "k0.out").read_text()
        for kill in kills:
            assert results[str(kill)] == "killed", results
            read = run("stats", "--db", urls[str(kill)])
            assert read.exit_code == 0 or "claims migrate" not in read.output, read.output
            done = run("ingest", BATCHES[0], "--db", urls[str(kill)])
            assert done.exit_code == 0, (kill, done.output)
            assert run("stats", "--db", urls[str(kill)]).stdout == expected
    print(f"postgres first ingest: {len(kills)} kills, 0 stores left unopenable")


def test_on_postgres_two_first_ingests_into_an_empty_database_both_land(
    pg_store: str, tmp_path: Path, run
) -> None:
    from tests import pg

    with (
        pg.fresh_database("claims_test_race") as reference,
        pg.fresh_database("claims_test_race") as url,
    ):
        for batch in BATCHES:
            assert run("ingest", batch, "--db", reference).exit_code == 0
        ingest_both_at_once(url)
        assert run("stats", "--db", url).stdout == run("stats", "--db", reference).stdout


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs mounted for this test, resized by ``resize``."""
    with mounted_tmpfs(tmp_path / "small", "size=64k") as point:
        yield point


def resize(point: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(point)], check=True)


def test_a_disk_that_fills_while_a_store_is_created_leaves_it_usable(
    tmpfs: Path, run, fresh_stats: str
) -> None:
    """The disk fills at a different point of the creation each time (the tmpfs grows by
    16 KiB a round); each failure is one line, and with space again the store works."""
    failures = 0
    for size in range(16, 400, 16):
        for leftover in tmpfs.iterdir():
            leftover.unlink()
        resize(tmpfs, f"{size}k")
        db = tmpfs / "s.db"
        done = run("ingest", BATCHES[0], "--db", str(db))
        if done.exit_code != 0:
            failures += 1
            assert done.exit_code == 2 and "Traceback" not in done.output, done.output
            assert "disk is full" in done.stderr or "disk I/O" in done.stderr, done.stderr
        resize(tmpfs, "8m")
        assert_usable(run, db, fresh_stats, [])
    assert failures >= 3, "the disk never filled: the tmpfs sizes need adjusting"
