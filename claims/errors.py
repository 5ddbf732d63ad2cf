"""Domain errors: every failure a user can cause or fix, in one place.

The CLI turns each into one line on stderr and a non-zero exit; anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations

from store.errors import StoreBusy, StoreError


class ClaimsError(Exception):
    """Base class of every error a user can act on."""


class SourceUnreadable(ClaimsError):
    """A source file cannot be read or parsed (empty, binary, malformed, unknown type)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class BadBatch(ClaimsError):
    """One or more files of a batch are bad; nothing of the batch was stored (or, for a
    check, ``outcome="nothing checked"``)."""

    def __init__(self, problems: list[SourceUnreadable], outcome: str = "nothing stored") -> None:
        lines = "; ".join(str(p) for p in problems)
        files = "1 bad file" if len(problems) == 1 else f"{len(problems)} bad files"
        super().__init__(f"{files}, {outcome}: {lines}")
        self.problems = problems


class NotFound(ClaimsError):
    """A claim, contradiction, topic or source id that the store does not hold."""


class ModelNotFound(ClaimsError):
    """A model name or path that cannot be loaded without the network."""


class BadInput(ClaimsError):
    """A malformed argument or input line (names what is wrong and where).

    ``option`` names the parameter at fault in library terms ("since", "fail_on"); the CLI
    turns it into its flag, so library messages never name command-line flags.
    """

    def __init__(self, message: str, *, option: str | None = None) -> None:
        super().__init__(f"{option} {message}" if option else message)
        self.option = option
        self.detail = message


USER_ERRORS: tuple[type[Exception], ...] = (ClaimsError, StoreError)
"""What the CLI reports as one line: domain errors and the store's own (``StoreError``)."""

__all__ = [
    "USER_ERRORS",
    "BadBatch",
    "BadInput",
    "ClaimsError",
    "ModelNotFound",
    "NotFound",
    "SourceUnreadable",
    "StoreBusy",
    "StoreError",
]
