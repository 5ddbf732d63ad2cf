"""Reading never writes (issue 26 item 4), and store files are private (item 11).

``stats``, ``report``, ``list``, ``show``, ``topics``, ``sources``, ``log``, ``export`` and
``check`` leave every file as they found it: an empty or non-store file gets one line and
stays as it was, a damaged store keeps no -wal or -shm beside it, a store of an older schema
is not upgraded. ``tag`` and ``resolve`` on an empty file say there is no store. A new store
file is created 0600; an existing one keeps its mode, with a warning when every local user
can read it.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from store.db import head_revision
from tests.store.legacy import BATCHES, store_at, version

READERS = [
    ["stats"],
    ["report"],
    ["list"],
    ["show", "claim", "1"],
    ["topics"],
    ["sources"],
    ["log"],
    ["export", "--claimreview-url", "https://desk.example/{id}", "--claimreview-publisher", "Desk"],
    ["check", BATCHES[1]],
]


def snapshot(path: Path) -> tuple[str, list[str]]:
    """The file's bytes (hashed) and every file beside it that shares its name."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, sorted(p.name for p in path.parent.glob(path.name + "*"))


def one_error(said) -> str:  # noqa: ANN001 - typer's Result
    errors = [line for line in said.stderr.splitlines() if line.startswith("error:")]
    assert said.exit_code == 2 and len(errors) == 1, said.output
    assert "Traceback" not in said.output
    return errors[0]


@pytest.mark.parametrize("args", [*READERS, ["tag", "1", "verified"], ["resolve", "1", "open"]])
def test_an_empty_file_is_no_store_and_stays_empty(tmp_path: Path, run, args: list[str]) -> None:
    empty = tmp_path / "z.db"
    empty.write_bytes(b"")
    said = run(*args, "--db", str(empty))
    if args[0] == "check":  # checked against an empty store, as a missing one is
        assert said.exit_code in (0, 1), said.output
    else:
        assert "no store in" in one_error(said) and "the file is empty" in said.stderr
    assert snapshot(empty) == (hashlib.sha256(b"").hexdigest(), ["z.db"])


@pytest.mark.parametrize("args", READERS)
def test_a_file_that_is_no_database_is_one_line_and_left_alone(
    tmp_path: Path, run, args: list[str]
) -> None:
    other = tmp_path / "notes.db"
    other.write_text("these are my notes, not a database\n" * 200)
    before = snapshot(other)
    assert "not a SQLite database" in one_error(run(*args, "--db", str(other)))
    assert snapshot(other) == before


def damaged(full_store: Path, folder: Path) -> Path:
    """A copy of a real store whose pages after the first two are overwritten."""
    path = shutil.copyfile(full_store, folder / "damaged.db")
    data = bytearray(path.read_bytes())
    data[8192:] = b"\x5a" * (len(data) - 8192)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("args", READERS)
def test_a_damaged_store_gets_one_line_and_no_wal_or_shm(
    full_store: Path, tmp_path: Path, run, args: list[str]
) -> None:
    path = damaged(full_store, tmp_path)
    before = snapshot(path)
    said = run(*args, "--db", str(path))
    one_error(said)
    assert snapshot(path) == before


@pytest.mark.parametrize("args", READERS)
def test_reading_a_store_writes_nothing(
    full_store: Path, tmp_path: Path, run, args: list[str]
) -> None:
    path = shutil.copyfile(full_store, tmp_path / "s.db")
    before = snapshot(path)
    said = run(*args, "--db", str(path))
    assert said.exit_code in (0, 1), said.output
    assert snapshot(path) == before


@pytest.mark.parametrize("args", [a for a in READERS if a[0] != "check"])
def test_an_older_store_is_not_upgraded_by_reading_it(
    full_store: Path, tmp_path: Path, run, args: list[str]
) -> None:
    path = store_at("0007", full_store, tmp_path)
    before = snapshot(path)
    error = one_error(run(*args, "--db", str(path)))
    assert f"older schema (0007; this claims reads {head_revision()})" in error
    assert f"run `claims migrate --db {path}`" in error
    assert snapshot(path) == before and version(path) == "0007"


def test_a_new_store_is_private_and_an_open_one_is_warned_about(tmp_path: Path, run) -> None:
    db = tmp_path / "new.db"
    done = run("ingest", BATCHES[0], "--db", str(db))
    assert done.exit_code == 0, done.output
    assert db.stat().st_mode & 0o777 == 0o600
    assert "warning" not in done.stderr
    db.chmod(0o644)
    said = run("stats", "--db", str(db))
    assert said.exit_code == 0
    warnings = [line for line in said.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "readable by every user" in warnings[0]
    assert db.stat().st_mode & 0o777 == 0o644, "an existing file's mode is left alone"


def test_the_lock_holder_note_is_private_too(tmp_path: Path, run) -> None:
    from sqlalchemy.orm import Session

    from store.db import open_store
    from store.locks import begin_write

    engine = open_store(tmp_path / "s.db")
    try:
        with Session(engine) as session:
            begin_write(session)
            note = tmp_path / "s.db-writer"
            assert note.stat().st_mode & 0o777 == 0o600
            session.rollback()
        assert not note.exists(), "removed when the lock goes"
    finally:
        engine.dispose()
