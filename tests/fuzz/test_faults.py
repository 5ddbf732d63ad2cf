"""Faults a store meets on a real file system: a full disk, a read-only mount (issue 16).

Each runs the real commands against a store on a small tmpfs mounted for the test, so
SQLite meets a real ENOSPC or EROFS; where this machine does not let us mount (not root,
no CAP_SYS_ADMIN) the tests are skipped with the reason. A failure must be one line with
exit 2, and nothing of the failed batch may be stored.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, mounted_tmpfs

pytestmark = pytest.mark.fuzz

BASIC = str(FIXTURES / "batches" / "basic")


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """An 8 MiB tmpfs mounted for this test."""
    with mounted_tmpfs(tmp_path / "small", "size=8m,mode=0755") as point:
        yield point


def _word(*numbers: int) -> str:
    """A made-up word, letters only (numbers in text would make quantity cues)."""
    return "".join(chr(ord("a") + int(d)) for n in numbers for d in f"{n:02}")


def big_batch(folder: Path, articles: int = 12) -> Path:
    """Articles of long, unrelated sentences: far more than the space left on the tmpfs,
    and few candidate pairs, so the run stays short."""
    folder.mkdir()
    for n in range(articles):
        sentences = [
            " ".join(_word(n, k, i) for i in range(100)).capitalize() + "." for k in range(6)
        ]
        (folder / f"a{n:04}.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    return folder


def one_error_line(result, *pieces: str) -> str:  # noqa: ANN001 - typer's Result
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert all(piece in lines[0] for piece in pieces), lines[0]
    return lines[0]


def test_a_full_disk_is_one_line_and_stores_nothing(run, tmpfs: Path, tmp_path: Path) -> None:  # noqa: ANN001
    db = str(tmpfs / "claims.db")
    assert run("ingest", BASIC, "--db", db).exit_code == 0
    before = run("stats", "--format", "json", "--db", db).output
    batch = big_batch(tmp_path / "batch")
    filler = tmpfs / "filler"
    filler.write_bytes(b"\0" * max(0, shutil.disk_usage(tmpfs).free - 64 * 1024))
    result = run("ingest", str(batch), "--db", db)
    assert result.exit_code == 2, result.output
    line = one_error_line(result, f"store {db}")
    assert "the disk is full" in line or "disk I/O error" in line
    filler.unlink()
    assert run("stats", "--format", "json", "--db", db).output == before
    again = run("ingest", str(batch), "--db", db)
    assert again.exit_code == 0, again.output
    stats = json.loads(run("stats", "--format", "json", "--db", db).output)
    assert stats["sources"] == json.loads(before)["sources"] + 12


def test_a_read_only_mount_is_one_line(run, tmpfs: Path) -> None:  # noqa: ANN001
    db = str(tmpfs / "claims.db")
    assert run("ingest", BASIC, "--db", db).exit_code == 0
    done = subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot remount the tmpfs read-only: {done.stderr.strip()}")
    for command in (["tag", "1", "verified"], ["ingest", BASIC], ["report"]):
        result = run(*command, "--db", db)
        assert result.exit_code == 2, (command, result.output)
        one_error_line(result, f"store {db}")
    fresh = run("ingest", BASIC, "--db", str(tmpfs / "new.db"))
    assert fresh.exit_code == 2
    one_error_line(fresh, f"store {tmpfs / 'new.db'}")
