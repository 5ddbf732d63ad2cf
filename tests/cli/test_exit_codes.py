"""Failures a user meets are one line on stderr with exit 2, or 3 when the store stays
locked; never a traceback with exit 1, which ``claims check`` uses for "contradictions
found" (issue 16 items 3, 9c, 9d). ``--debug`` adds the traceback; bugs keep theirs.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.common import Runtime
from cli.main import app
from tests.conftest import FIXTURES, ROOT

BASIC = str(FIXTURES / "batches" / "basic")
MORE = str(FIXTURES / "batches" / "more")
NEWER = "9999_future"


@pytest.fixture
def store(run, tmp_path: Path) -> Path:  # noqa: ANN001
    """A store holding the basic batch."""
    db = tmp_path / "claims.db"
    result = run("ingest", BASIC, "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error_line(result, *pieces: str) -> None:  # noqa: ANN001 - typer's Result
    """One error line; besides it only the lines that say a store is readable by every
    user or that a writer waits for the lock (``cli.common``, ``store.locks``)."""
    told = ("warning: store ", "note: waiting for the write lock")
    lines = [line for line in result.output.strip().splitlines() if not line.startswith(told)]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert all(piece in lines[0] for piece in pieces), lines[0]
    assert "Traceback" not in result.output


@pytest.fixture
def lock_holder(store: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the store's write lock (for 30 s at most)."""
    code = (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(30)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(store)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    yield holder
    holder.kill()
    holder.wait()


RETOPIC = ["retopic", "--embed-model", "hashing-256"]  # the test embedder's vectors


@pytest.mark.parametrize("command", [["check", MORE], RETOPIC], ids=["check", "retopic"])
def test_a_locked_store_is_exit_3_not_1(
    command: list[str], run, store: Path, lock_holder, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr("store.db.BUSY_TIMEOUT_MS", 200)
    monkeypatch.setenv("CLAIMS_LOCK_WAIT", "0.5")
    result = run(*command, "--db", str(store))
    assert result.exit_code == 3, result.output
    one_error_line(result, f"store {store} is busy")
    debug = run("--debug", *command, "--db", str(store))
    assert debug.exit_code == 3 and "Traceback" in debug.output
    assert debug.output.strip().splitlines()[-1].startswith(f"error: store {store} is busy")


def immutable(path: Path) -> None:
    """Make ``path`` unwritable even for root (chattr +i); skip where that is impossible."""
    if os.geteuid() != 0:
        path.chmod(0o555 if path.is_dir() else 0o444)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here: {done.stderr.strip()}")


def writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=False)
    path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_store_is_one_line(run, store: Path) -> None:  # noqa: ANN001
    before = run("report", "-f", "json", "--db", str(store)).output
    immutable(store)
    try:
        tagged = run("tag", "1", "verified", "--db", str(store))
        retopic = run(*RETOPIC, "--db", str(store))
        report = run("report", "-f", "json", "--db", str(store))
    finally:
        writable(store)
    assert tagged.exit_code == 2 and retopic.exit_code == 2
    one_error_line(tagged, f"cannot write store {store}: it is read-only")
    one_error_line(retopic, f"cannot write store {store}: it is read-only")
    assert report.exit_code == 0 and report.output == before  # reading still works


def test_a_read_only_directory_is_one_line(run, store: Path, tmp_path: Path) -> None:  # noqa: ANN001
    shut = tmp_path / "shut"
    shut.mkdir()
    (shut / "claims.db").write_bytes(store.read_bytes())
    immutable(shut)
    try:
        tagged = run("tag", "1", "verified", "--db", str(shut / "claims.db"))
        fresh = run("ingest", BASIC, "--db", str(shut / "new.db"))
    finally:
        writable(shut)
    assert tagged.exit_code == 2 and fresh.exit_code == 2
    one_error_line(tagged, f"store {shut / 'claims.db'}")
    one_error_line(fresh, f"store {shut / 'new.db'}")


def newer(store: Path) -> Path:
    """``store`` as a newer claims would leave it: a schema revision this code lacks."""
    with closing(sqlite3.connect(store)) as conn, conn:
        conn.execute(f"UPDATE alembic_version SET version_num = '{NEWER}'")
    return store


@pytest.mark.parametrize(
    "command", [["report"], ["check", MORE], ["check", MORE, "--record"], ["tag", "1", "verified"]]
)
def test_a_store_from_a_newer_claims_is_refused(command: list[str], run, store: Path) -> None:  # noqa: ANN001
    before = digest(newer(store))
    result = run(*command, "--db", str(store))
    assert result.exit_code == 2
    one_error_line(
        result, f"store {store} was written by a newer claims (schema {NEWER}); upgrade claims"
    )
    assert digest(store) == before


def test_debug_shows_the_traceback_in_a_real_process(store: Path) -> None:
    newer(store)
    base = [sys.executable, "-c", "from cli.main import run; run()"]
    plain = subprocess.run(
        [*base, "stats", "--db", str(store)], capture_output=True, text=True, cwd=ROOT
    )
    assert plain.returncode == 2 and plain.stdout == ""
    assert plain.stderr.startswith("error: store") and len(plain.stderr.splitlines()) == 1
    debug = subprocess.run(
        [*base, "--debug", "stats", "--db", str(store)], capture_output=True, text=True, cwd=ROOT
    )
    assert debug.returncode == 2 and "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.splitlines()[-1] == plain.stderr.strip()


def test_a_bug_keeps_its_traceback(tmp_path: Path) -> None:
    def broken(settings):  # noqa: ANN001, ANN202
        raise RuntimeError("a bug")

    result = CliRunner().invoke(
        app, ["ingest", BASIC, "--db", str(tmp_path / "x.db")], obj=Runtime(stages=broken)
    )
    assert isinstance(result.exception, RuntimeError) and result.exit_code == 1


def test_a_full_disk_while_writing_an_output_is_one_line(run, store: Path) -> None:  # noqa: ANN001
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    result = run("check", MORE, "--db", str(store), "--summary", "/dev/full")
    assert result.exit_code == 2
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("error: cannot write") and last.endswith("No space left on device")


READ_COMMANDS = [
    ["report"], ["topics"], ["show", "claim", "1"], ["stats"], ["sources"], ["list"], ["log"],
    ["export"], ["tag", "1", "verified"], ["resolve", "1", "confirmed"], ["retopic"],
]  # fmt: skip


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_mistyped_db_creates_nothing(command: list[str], run, tmp_path: Path) -> None:  # noqa: ANN001
    missing = tmp_path / "clams.db"
    result = run(*command, "--db", str(missing))
    assert result.exit_code == 2
    one_error_line(result, f"no store at {missing} (ingest first, or check --db)")
    assert list(tmp_path.iterdir()) == []


def test_check_leaves_an_old_schema_store_byte_identical(run, tmp_path: Path) -> None:  # noqa: ANN001
    from store.db import file_revision, make_engine, migrate

    old = tmp_path / "old.db"
    engine = make_engine(old)
    migrate(engine, "0002")
    engine.dispose()
    before = digest(old)
    result = run("check", BASIC, "--db", str(old), "-f", "json")
    assert result.exit_code == 1, result.output  # the basic batch contradicts itself
    assert "older schema (0002)" in result.stderr
    assert digest(old) == before and file_revision(old) == "0002"
    recorded = run("check", BASIC, "--db", str(old), "--record")
    assert recorded.exit_code == 1 and file_revision(old) != "0002"  # --record upgrades


def refused_pickle_model(tmp_path: Path) -> tuple[Path, Path]:
    """A model directory whose pytorch_model.bin is a pickle that would run a command."""
    import shutil
    import zipfile

    import torch

    from claims.detect.nli.model import SHIPPED_MODEL

    model, canary = tmp_path / "evil-model", tmp_path / "pwned"
    model.mkdir()
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(SHIPPED_MODEL / name, model / name)
    weights = model / "pytorch_model.bin"
    torch.save({"w": torch.zeros(1)}, weights)
    with zipfile.ZipFile(weights) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    pickled = next(name for name in parts if name.endswith("data.pkl"))
    # protocol 2: GLOBAL posix.system, then ("touch CANARY",) and REDUCE
    parts[pickled] = (
        b"\x80\x02cposix\nsystem\nq\x00X" + len(f"touch {canary}").to_bytes(4, "little")
        + f"touch {canary}".encode() + b"q\x01\x85q\x02Rq\x03."
    )  # fmt: skip
    with zipfile.ZipFile(weights, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return model, canary


def test_a_refused_pickle_in_nli_model_is_model_not_found(tmp_path: Path) -> None:
    model, canary = refused_pickle_model(tmp_path)
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"premise": "a", "hypothesis": "b"}\n')
    result = CliRunner().invoke(app, ["pairs", str(pairs), "--nli-model", str(model)])
    assert result.exit_code == 2, result.output
    one_error_line(result, f"cannot load NLI model from {model}", "refused to unpickle")
    assert "posix.system" in result.output and not canary.exists()


def test_check_leaves_an_empty_store_file_empty(run, tmp_path: Path) -> None:  # noqa: ANN001
    empty = tmp_path / "empty.db"
    empty.touch()
    result = run("check", BASIC, "--db", str(empty))
    assert result.exit_code == 1, result.output
    assert "holds no schema yet" in result.stderr and empty.read_bytes() == b""
