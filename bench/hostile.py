"""Benchmark hostile input: time, peak memory and outcome of each case of issue 16.

Cases: one unpunctuated line of 10k, 80k characters and 2 MB through the sentence
extractor; a 2 MB line of initials ("A. A. ...": every sentence end vetoed); a 2 MB
Markdown line of unclosed emphasis ("*a *a ...") read and extracted; a 521-byte YAML alias
bomb in Markdown front matter (9 levels of 9 aliases, as in the issue's 554-byte one);
100k nested JSON brackets in a JSONL line; a FIFO named ``x.txt`` and a symlink loop in a
batch folder.
Each case runs in its own process (so its peak memory is its own) under a time limit and
an address-space cap; a case past the limit is reported as such, not waited for.

    python bench/hostile.py [--timeout 120] [--cases line-10k,alias-bomb]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEMORY_CAP = 8 * 1024**3  # address space of one case: a blow-up fails, not the machine
WORDS = (
    "the minister said talks with the border agency would go on through the winter and "
    "officials from both sides expect a draft agreement before the next round of meetings"
).split()

# 554 bytes: nine levels of nine aliases, 9**9 "lol" strings once expanded
ALIAS_BOMB = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "published: *i\n"
    "title: A title of the article\n"
    "outlet: Some outlet of news\n"
    "author: A. Writer, B. Writer\n"
    "---\n"
    "The minister said talks would go on through the winter and beyond it.\n"
)


def unpunctuated(chars: int) -> str:
    """One line of ``chars`` characters of words, no punctuation at all."""
    out: list[str] = []
    size = 0
    i = 0
    while size < chars:
        word = WORDS[i % len(WORDS)]
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)[:chars]


def _extract(chars: int, unit: str | None = None) -> str:
    from claims.extract.sentences import SentenceExtractor
    from claims.types import Article

    text = unpunctuated(chars) if unit is None else _repeated(unit, chars)
    drafts = SentenceExtractor().extract(Article(text=text, path="line.txt"))
    dropped = sum(not d.kept for d in drafts)
    return f"{len(drafts)} sentences, {dropped} dropped"


def _repeated(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars].strip()


def _read_extract(name: str, content: str) -> str:
    """Read one file and extract its sentences: the whole path a Markdown file takes."""
    from claims.extract.sentences import SentenceExtractor
    from claims.sources.readers import FileReader

    path = Path(tempfile.mkdtemp()) / name
    path.write_text(content, encoding="utf-8")
    extractor = SentenceExtractor()
    drafts = [d for a in FileReader().read(path) for d in extractor.extract(a)]
    return f"{len(drafts)} sentences, {sum(not d.kept for d in drafts)} dropped"


def _read(name: str, content: bytes | None, make: Callable[[Path], None] | None = None) -> str:
    """Read a batch folder holding one file ``name`` (written, or made by ``make``)."""
    from claims.errors import ClaimsError
    from claims.sources.batch import read_batch
    from claims.sources.readers import FileReader

    folder = Path(tempfile.mkdtemp())
    path = folder / name
    if make is not None:
        make(path)
    else:
        path.write_bytes(content or b"")
    try:
        batch = read_batch([folder], FileReader())
    except ClaimsError as exc:
        message = str(exc)
        shown = message if len(message) <= 100 else message[:100] + "..."
        return f"refused in {len(message)} chars: {shown}"
    return f"{len(batch.articles)} articles"


def _loop(path: Path) -> None:
    os.symlink(path.name, path)


CASES: dict[str, Callable[[], str]] = {
    "line-10k": lambda: _extract(10_000),
    "line-80k": lambda: _extract(80_000),
    "line-2mb": lambda: _extract(2 * 1024 * 1024),
    "initials-2mb": lambda: _extract(2 * 1024 * 1024, "A. "),
    "markdown-2mb": lambda: _read_extract("em.md", _repeated("*a ", 2 * 1024 * 1024)),
    "alias-bomb": lambda: _read("bomb.md", ALIAS_BOMB.encode()),
    "deep-json": lambda: _read("deep.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n"),
    "fifo": lambda: _read("x.txt", None, lambda p: os.mkfifo(p)),
    "symlink-loop": lambda: _read("loop.txt", None, _loop),
}


def _child(name: str, conn: Connection) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    import claims.extract.sentences  # noqa: F401  imports out of the figures
    import claims.sources.batch  # noqa: F401

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        outcome = CASES[name]()
    except BaseException as exc:  # a bench reports what escaped, whatever it is
        outcome = f"ESCAPED {type(exc).__name__}: {str(exc)[:80]}"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # a pipe, not a queue: a queue starts a thread, which a case near the cap cannot
    conn.send((seconds, peak / 1024, max(0, peak - before) / 1024, outcome[:300]))


def run_case(name: str, timeout: float) -> str:
    receive, send = mp.get_context("fork").Pipe(duplex=False)
    proc = mp.get_context("fork").Process(target=_child, args=(name, send))
    proc.start()
    send.close()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return f"{name:<14} > {timeout:.0f} s: still running, killed"
    if not receive.poll():
        return f"{name:<14} died with exit code {proc.exitcode}"
    seconds, peak, grown, outcome = receive.recv()
    return f"{name:<14} {seconds:8.2f} s  peak {peak:7.0f} MB (+{grown:.0f} MB)  {outcome}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per case")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    args = parser.parse_args()
    for name in args.cases.split(","):
        print(run_case(name, args.timeout), flush=True)


if __name__ == "__main__":
    main()
