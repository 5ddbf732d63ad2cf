"""A source's identity is its resolved path (issue 26 item 3): the same files ingested again
by another spelling of their path (absolute, relative, ``./x/../x``, a symlink) are
"already stored", never folded as copies of themselves."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "batches" / "basic", folder)
    (tmp_path / "link").symlink_to(folder)
    return folder


def spellings(folder: Path) -> list[str]:
    """Four spellings of the same folder, from its parent as working directory."""
    return [str(folder), folder.name, f"./{folder.name}/../{folder.name}", "link"]


def test_another_spelling_of_the_same_files_is_nothing_new(
    corpus: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus.parent)
    db = str(corpus.parent / "s.db")
    first, *others = spellings(corpus)
    stored = run("ingest", first, "--db", db)
    assert stored.exit_code == 0 and "2 new" in stored.stdout, stored.output
    for spelling in others:
        again = run("ingest", spelling, "--db", db)
        assert again.exit_code == 0, again.output
        assert "0 new, 0 copies folded, 2 already stored" in again.stdout, (spelling, again.stdout)
    assert run("stats", "--db", db).stdout.startswith("sources: 2\ncopies: 0\n")


def test_a_relative_path_stored_by_an_older_claims_is_still_the_same_file(
    corpus: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stores written before keep relative paths: the absolute spelling still finds them."""
    import sqlite3

    monkeypatch.chdir(corpus.parent)
    db = corpus.parent / "s.db"
    assert run("ingest", corpus.name, "--db", str(db)).exit_code == 0
    connection = sqlite3.connect(db)
    connection.execute("UPDATE sources SET path = substr(path, length(?) + 2)", (os.getcwd(),))
    connection.commit()
    assert all(not p.startswith("/") for (p,) in connection.execute("SELECT path FROM sources"))
    connection.close()
    again = run("ingest", str(corpus), "--db", str(db))
    assert "0 new, 0 copies folded, 2 already stored" in again.stdout, again.stdout
