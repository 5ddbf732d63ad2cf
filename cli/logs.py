"""Logging set-up for the ``claims`` command (the one place that installs a handler).

Our own loggers (``claims``, ``store``, ``cli``) speak at WARNING, or INFO with
``--verbose``. Libraries (pint, transformers, torch, spaCy...) and Python ``warnings``
reach stderr only with ``--debug``: a reader of a report or a CI log should see what the
tool says, not what a dependency logs on every run.
"""

from __future__ import annotations

import logging
import sys

OWN = ("claims", "store", "cli")
FORMAT = "%(levelname)s %(name)s: %(message)s"


class _Stderr(logging.StreamHandler):
    """A handler writing to whatever ``sys.stderr`` is at the time of each record (a test
    runner swaps it between commands)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201 - the current stderr
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:  # StreamHandler assigns it; ignored
        pass


class OwnOrDebug(logging.Filter):
    """Passes our own records at ``level``; a library's only when ``debug``."""

    def __init__(self, level: int, debug: bool) -> None:
        super().__init__()
        self.level, self.debug = level, debug

    def filter(self, record: logging.LogRecord) -> bool:
        own = record.name.split(".", 1)[0] in OWN
        if own:
            return record.levelno >= self.level
        return self.debug and record.levelno >= logging.WARNING


def setup(verbose: bool = False, debug: bool = False) -> logging.Handler:
    """Install (or replace) the command's one stderr handler on the root logger."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Stderr)]:
        root.removeHandler(old)
    handler = _Stderr()
    handler.setFormatter(logging.Formatter(FORMAT))
    level = logging.INFO if verbose else logging.WARNING
    handler.addFilter(OwnOrDebug(level, debug))
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, level))
    logging.captureWarnings(True)  # warnings.warn(...) from libraries: "py.warnings"
    return handler
