"""Reading a batch: each file all or nothing, bad paths named (issue 16, items 8 and 9a).

``--skip-bad`` used to store the records of a JSONL file before its bad line while
listing the file as skipped; a named missing or unknown-type file failed the whole batch
even under ``--skip-bad``; a subdirectory that cannot be listed was left out silently.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from claims.errors import BadBatch
from claims.sources.batch import Batch, read_batch
from claims.sources.readers import FileReader

NOW = date(2025, 8, 18)
NOBODY = 65534
GOOD = "The ministry said on Sunday that the border talks would resume next week.\n"


def read(*paths: Path, skip_bad: bool = False) -> Batch:
    return read_batch(list(paths), FileReader(now=NOW), skip_bad=skip_bad)


def test_a_file_with_a_bad_line_contributes_nothing_under_skip_bad(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    bad = tmp_path / "half.jsonl"
    bad.write_text('{"text": "First record, fine."}\n{"text": "Second, fine."}\n{oops\n')
    batch = read(tmp_path, skip_bad=True)
    assert [a.path for a in batch.articles] == [str(tmp_path / "good.txt")]
    assert [(p.path, p.reason) for p in batch.skipped] == [(str(bad), "line 3: not valid JSON")]
    with pytest.raises(BadBatch, match="half.jsonl: line 3"):
        read(tmp_path)


def test_named_missing_and_unknown_files_are_skipped_under_skip_bad(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    (tmp_path / "notes.docx").write_text("not an article")
    missing, docx = tmp_path / "missing.txt", tmp_path / "notes.docx"
    batch = read(good, missing, docx, skip_bad=True)
    assert [a.path for a in batch.articles] == [str(good)]
    assert {p.path: p.reason for p in batch.skipped} == {
        str(missing): "no such file or directory",
        str(docx): "unknown file type '.docx'; supported: .htm .html .jsonl .markdown .md .txt",
    }
    with pytest.raises(BadBatch) as info:
        read(good, missing, docx)
    assert len(info.value.problems) == 2


def _read_as_nobody(root: Path, skip_bad: bool, conn: mp.connection.Connection) -> None:
    """In a forked child: drop to uid ``nobody`` and read the batch; send what happened."""
    try:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    except PermissionError as exc:
        conn.send(("cannot drop privileges", str(exc)))
        return
    try:
        batch = read(root, skip_bad=skip_bad)
        conn.send(("read", [a.path for a in batch.articles], [str(p) for p in batch.skipped]))
    except BadBatch as exc:
        conn.send(("failed", [str(p) for p in exc.problems]))


def run_as_nobody(root: Path, skip_bad: bool) -> tuple:
    parent, child = mp.get_context("fork").Pipe()
    proc = mp.get_context("fork").Process(target=_read_as_nobody, args=(root, skip_bad, child))
    proc.start()
    proc.join(30)
    assert proc.exitcode == 0, f"child exited with {proc.exitcode}"
    result = parent.recv()
    if result[0] == "cannot drop privileges":
        pytest.skip(f"root cannot setuid here: {result[1]}")
    return result


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory that uid ``nobody`` may enter (pytest's tmp_path is private to root)."""
    root = Path(tempfile.mkdtemp(prefix="claims-batch-"))
    root.chmod(0o755)
    yield root
    for current, dirs, _ in os.walk(root):
        for d in dirs:
            os.chmod(Path(current) / d, 0o755)
    shutil.rmtree(root)


def reader_of(root: Path) -> Callable[[bool], tuple]:
    """Read ``root`` as a user who cannot list a mode-000 directory.

    Not root: this process, after ``chmod 000``. Root reads any directory, so the batch
    is read in a forked child that has dropped to uid ``nobody``: a real refusal by the
    kernel, not a simulated one.
    """
    if os.geteuid() != 0:

        def direct(skip_bad: bool) -> tuple:
            try:
                batch = read(root, skip_bad=skip_bad)
            except BadBatch as exc:
                return ("failed", [str(p) for p in exc.problems])
            return ("read", [a.path for a in batch.articles], [str(p) for p in batch.skipped])

        return direct
    return lambda skip_bad: run_as_nobody(root, skip_bad)


def test_an_unreadable_subdirectory_fails_the_batch_by_name(shared_dir: Path) -> None:
    good = shared_dir / "good.txt"
    good.write_text(GOOD)
    good.chmod(0o644)
    locked = shared_dir / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(GOOD)
    locked.chmod(0)
    read_as = reader_of(shared_dir)
    if os.geteuid() != 0 and os.access(locked, os.R_OK):
        pytest.skip("this user can list a mode-000 directory")
    why = f"{locked}: cannot list directory: permission denied"
    assert read_as(False) == ("failed", [why])
    assert read_as(True) == ("read", [str(good)], [why])


def test_an_unreadable_file_fails_the_batch_by_name(shared_dir: Path) -> None:
    good = shared_dir / "good.txt"
    good.write_text(GOOD)
    good.chmod(0o644)
    secret = shared_dir / "secret.jsonl"
    secret.write_text('{"text": "A record nobody may read."}\n')
    secret.chmod(0)
    read_as = reader_of(shared_dir)
    if os.geteuid() != 0 and os.access(secret, os.R_OK):
        pytest.skip("this user can read a mode-000 file")
    why = f"{secret}: permission denied"
    assert read_as(False) == ("failed", [why])
    assert read_as(True) == ("read", [str(good)], [why])
