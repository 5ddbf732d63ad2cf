"""A bound on concurrent sign-in checks, so a flood of sign-ins queues briefly or is
refused instead of exhausting memory and threads.

Each argon2id check takes 64 MiB and most of a core for a tenth of a second. At most
``at_once`` run together; up to ``waiting`` more wait at most ``patience`` seconds for a
turn; anything beyond is refused at once (the caller answers 503). So a flood holds at most
``at_once + waiting`` of the server's threads, and signed-in reviewers keep the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Gate:
    def __init__(self, at_once: int = 1, waiting: int = 3, patience: float = 3.0) -> None:
        self._running = threading.BoundedSemaphore(at_once)
        self._admitted = threading.BoundedSemaphore(at_once + waiting)
        self.patience = patience

    @contextmanager
    def turn(self) -> Iterator[bool]:
        """True inside once this caller may run its check; False when it was refused."""
        if not self._admitted.acquire(blocking=False):
            yield False
            return
        try:
            if not self._running.acquire(timeout=self.patience):
                yield False
                return
            try:
                yield True
            finally:
                self._running.release()
        finally:
            self._admitted.release()
