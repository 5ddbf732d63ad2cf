"""Hostile files in a batch: each refused by name in one short line, fast (issue 16, item 2).

A FIFO named ``x.txt`` used to hang the reader forever, a 554-byte YAML alias bomb grew to
gigabytes (and its error message to 115 KB), a symlink loop and 100k nested JSON brackets
ended in tracebacks.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from claims.errors import BadBatch, SourceUnreadable
from claims.sources.batch import read_batch
from claims.sources.files import discover
from claims.sources.readers import FileReader

NOW = date(2025, 8, 18)
BODY = "The minister said talks would go on through the winter and beyond it.\n"
# nine levels of nine aliases: 9**9 "lol" strings once anything walks the structure
ALIAS_BOMB = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "published: *i\ntitle: A title of the article\n---\n"
    + BODY
)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def refusal(path: Path, **limits: int) -> SourceUnreadable:
    with deadline(10), pytest.raises(SourceUnreadable) as info:
        list(FileReader(now=NOW, **limits).read(path))  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and len(message) < 300, message
    assert info.value.path == str(path)
    return info.value


def test_a_fifo_in_a_batch_folder_is_refused_without_opening_it(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY)
    os.mkfifo(tmp_path / "x.txt")
    with deadline(10), pytest.raises(BadBatch) as info:
        read_batch([tmp_path], FileReader(now=NOW))
    [problem] = info.value.problems
    assert (
        problem.path == str(tmp_path / "x.txt") and "a FIFO, not a regular file" in problem.reason
    )
    with deadline(10):
        batch = read_batch([tmp_path], FileReader(now=NOW), skip_bad=True)
    assert len(batch.articles) == 1 and [p.path for p in batch.skipped] == [problem.path]
    assert "a FIFO" in refusal(tmp_path / "x.txt").reason  # read directly, too


def test_a_named_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.jsonl")
    with deadline(10), pytest.raises(SourceUnreadable, match="a FIFO"):
        discover([tmp_path / "x.jsonl"])
    assert "a FIFO" in refusal(tmp_path / "x.jsonl").reason


def test_devices_and_sockets_are_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # endless bytes, size 0
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock.md"))
        with deadline(10), pytest.raises(BadBatch) as info:
            read_batch([tmp_path], FileReader(now=NOW))
    finally:
        server.close()
    reasons = {Path(p.path).name: p.reason for p in info.value.problems}
    assert reasons["zero.txt"].startswith("a character device, not a regular file")
    assert reasons["sock.md"].startswith("a socket, not a regular file")


def test_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.symlink("b.md", tmp_path / "a.md")
    os.symlink("a.md", tmp_path / "b.md")
    assert "symbolic link loop" in refusal(tmp_path / "loop.txt").reason
    with pytest.raises(BadBatch) as info:
        read_batch([tmp_path], FileReader(now=NOW))
    assert all("symbolic link loop" in p.reason for p in info.value.problems)
    assert len(info.value.problems) == 3
    os.symlink("missing.txt", tmp_path / "dangling.txt")
    assert refusal(tmp_path / "dangling.txt").reason == "broken symbolic link"


def test_a_yaml_alias_bomb_is_refused_fast_and_short(tmp_path: Path) -> None:
    path = tmp_path / "bomb.md"
    path.write_text(ALIAS_BOMB)
    assert len(ALIAS_BOMB.encode()) < 600
    start = time.perf_counter()
    problem = refusal(path)
    assert time.perf_counter() - start < 1
    assert problem.reason == "YAML anchors and aliases (&, *) are not allowed"


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("base: &b {x: 1}\nother: *b\n", "YAML anchors and aliases"),
        ("title: &t Some title\n", "YAML anchors and aliases"),
        ("<<: *missing\n", "YAML anchors and aliases"),
        ("deep: " + "[" * 500 + "]" * 500 + "\n", "YAML nested deeper than"),
        ("deep: " + "[" * 50_000 + "\n", "nested deeper than"),
        ("published: 2025-13-45\n", "invalid YAML front matter"),
        ("published: " + "x" * 10_000 + "\n", "'published' is not an ISO date: 'xxxx"),
        ("published: [" + "1, " * 5_000 + "1]\n", "'published' is not an ISO date: [1, 1"),
        ("date: yesterday\n", "'date' is not an ISO date: 'yesterday'"),
        ("!!python/object:os.system {}\n", "invalid YAML front matter"),
    ],
)
def test_bad_front_matter_is_one_short_line(tmp_path: Path, front: str, reason: str) -> None:
    path = tmp_path / "article.md"
    path.write_text(f"---\n{front}---\n{BODY}")
    assert reason in refusal(path).reason


def test_front_matter_size_is_bounded_and_configurable(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text("---\n" + "".join(f"k{i}: {'v' * 60}\n" for i in range(1500)) + "---\n" + BODY)
    reason = refusal(path).reason
    assert reason.startswith("front matter is ") and "over the 65,536-byte limit" in reason
    [article] = FileReader(now=NOW, max_front_matter_bytes=200_000).read(path)
    assert article.text == BODY.strip()
    small = tmp_path / "small.md"
    small.write_text("---\ntitle: A title of the article\n---\n" + BODY)
    assert "over the 10-byte limit" in refusal(small, max_front_matter_bytes=10).reason


def test_deeply_nested_json_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n")
    assert refusal(path).reason == "line 1: JSON nested deeper than 64"
    path.write_bytes(b'{"text": "' + b"[{" * 100_000 + b'"}\n')  # brackets in a string
    [article] = FileReader(now=NOW).read(path)
    assert article.text.startswith("[{[{")


def test_json_depth_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "nested.jsonl"
    path.write_text('{"text": "A record with a nested field in it.", "x": [[1]]}\n')
    assert len(list(FileReader(now=NOW, max_json_depth=3).read(path))) == 1
    assert "JSON nested deeper than 2" in refusal(path, max_json_depth=2).reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "x", "n": ' + "9" * 5000 + "}", "line 1: not valid JSON"),
        ('{"text": "A record.", "published": "' + "9" * 5000 + '"}', "is not an ISO date: '999"),
        (
            '{"text": "A record.", "published": {"a": [1, 2, 3]}}',
            "not an ISO date: {'a': [1, 2, 3]}",
        ),
    ],
)
def test_bad_jsonl_values_are_one_short_line(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n")
    assert reason in refusal(path).reason


def test_lone_surrogates_in_json_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.jsonl"
    path.write_text('{"text": "Broken \\ud800 text of a record.", "title": "T\\udfff"}\n')
    [article] = FileReader(now=NOW).read(path)
    assert article.text == "Broken \ufffd text of a record." and article.title == "T\ufffd"
    article.text.encode("utf-8")  # storable
