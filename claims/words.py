"""Counts in words, for what the CLI and the reports print: "1 file", "2 files", "1 copy",
"3 copies", never "file(s)"."""

from __future__ import annotations


def noun(n: int, word: str, many: str | None = None) -> str:
    """``word`` when ``n`` is 1, else its plural (``many``, or ``word`` + "s")."""
    return word if n == 1 else many or word + "s"


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 contradiction", "2 contradictions" ("1 copy", "2 copies" with ``many``)."""
    return f"{n} {noun(n, word, many)}"
