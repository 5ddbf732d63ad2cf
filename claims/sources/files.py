"""Find the source files of a batch and open them safely, each refusal one line by name.

Why a module of its own: a batch folder may hold anything a user (or an attacker) put
there: a FIFO named ``x.txt`` that blocks any reader forever, a device, a symlink loop, a
directory nobody may list. Only regular files are ever opened (checked with ``os.stat``
first, and again on the open descriptor, which is opened non-blocking so that a file
swapped for a FIFO in between cannot hang us); everything else is a ``SourceUnreadable``.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from claims.errors import BadBatch, SourceUnreadable

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".jsonl"}

_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.ELOOP: "symbolic link loop (too many levels of symbolic links)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.EISDIR: "is a directory, not a file",
    errno.EIO: "input/output error",
}


def os_reason(exc: OSError) -> str:
    """A short, stable reason for an OS error (no path: the caller names the file)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or type(exc).__name__).lower()


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _not_regular(path: Path, mode: int) -> SourceUnreadable:
    return SourceUnreadable(str(path), f"{_kind(mode)}, not a regular file; only files are read")


def unknown_type(path: Path) -> SourceUnreadable:
    kinds = " ".join(sorted(SUPPORTED_SUFFIXES))
    suffix = path.suffix[:20] or "(no extension)"
    return SourceUnreadable(str(path), f"unknown file type {suffix!r}; supported: {kinds}")


def supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def regular_file_problem(path: Path) -> SourceUnreadable | None:
    """None when ``path`` is a regular file (links followed), else why it is refused."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return SourceUnreadable(str(path), "broken symbolic link")
        return SourceUnreadable(str(path), os_reason(exc))
    except ValueError:  # a NUL in the name
        return SourceUnreadable(str(path), "invalid file name")
    return None if stat.S_ISREG(mode) else _not_regular(path, mode)


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened to read bytes, only when it is a regular file: never blocks."""
    problem = regular_file_problem(path)
    if problem is not None:
        raise problem
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SourceUnreadable(str(path), os_reason(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped after the check above
            raise _not_regular(path, mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@dataclass
class Found:
    """The source files the paths name, sorted, and every path refused, by name."""

    files: list[Path] = field(default_factory=list)
    problems: list[SourceUnreadable] = field(default_factory=list)


def _walk(root: Path, strict: bool, found: set[Path], problems: list[SourceUnreadable]) -> None:
    """Add the files under ``root`` (hidden ones skipped) to ``found``, refusals to ``problems``.

    A directory that cannot be listed is a problem, never silently left out.
    """

    def unlistable(exc: OSError) -> None:
        where = exc.filename or root
        problems.append(SourceUnreadable(str(where), f"cannot list directory: {os_reason(exc)}"))

    for current, dirs, files in os.walk(root, onerror=unlistable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            file = Path(current) / name
            if not supported(file):
                if strict:
                    problems.append(unknown_type(file))
                else:
                    logger.info("skipping %s: unknown file type", file)
                continue
            problem = regular_file_problem(file)
            if problem is None:
                found.add(file.resolve())  # its identity: one file, however it is spelled
            else:
                problems.append(problem)


def find_sources(paths: Sequence[Path], strict: bool = True) -> Found:
    """Source files named by ``paths`` (files, or directories walked recursively).

    Refused, by name: a missing path, a named file of unknown type, anything that is not a
    regular file (FIFO, device, socket, symlink loop), a directory that cannot be listed.
    Unknown types met while walking a directory are refused when ``strict``, else skipped.
    """
    found: set[Path] = set()
    problems: list[SourceUnreadable] = []
    for raw in paths:
        path = Path(raw)
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):
            mode = 0
        if stat.S_ISDIR(mode):
            _walk(path, strict, found, problems)
        elif not supported(path) and (mode or os.path.lexists(path)):
            problems.append(unknown_type(path))
        elif (problem := regular_file_problem(path)) is not None:
            problems.append(problem)
        else:
            found.add(path.resolve())  # its identity: one file, however it is spelled
    return Found(sorted(found), problems)


def discover(paths: Sequence[Path], strict: bool = True) -> list[Path]:
    """Source files named by ``paths``, sorted; see ``find_sources`` for what is refused.

    One problem raises ``SourceUnreadable``; several raise ``BadBatch`` with all of them.
    """
    found = find_sources(paths, strict)
    if len(found.problems) == 1:
        raise found.problems[0]
    if found.problems:
        raise BadBatch(found.problems)
    return found.files
