"""Ids and page numbers from a URL or a form, range-checked before they reach the store.

SQLite's INTEGER (and PostgreSQL's BIGINT) hold 64-bit signed numbers; a larger one made
the driver raise OverflowError, a 500. Path ids go through ``StoreId`` (the app's ``int``
converter), so ``/pair/99999999999999999999`` is a 404; query values through ``number``
and ``page_number``.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.routing import IntegerConverter, Map, ValidationError

from claims.errors import NotFound

MAX_ID = 2**63 - 1
DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII only: str.isdigit() also takes "²", which int() refuses


class StoreId(IntegerConverter):
    """Werkzeug's ``int`` converter, bounded to what the store can hold (0 … 2**63-1)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> Any:
        if not DIGITS.fullmatch(value):
            raise ValidationError()  # a 404, before int() is asked to read a million digits
        return super().to_python(value)


def number(text: str | None, most: int = MAX_ID) -> int | None:
    """``text`` as a whole number from 0 to ``most``, else None."""
    if text is None or not DIGITS.fullmatch(text.strip()):
        return None
    value = int(text.strip())
    return value if value <= most else None


def checked_id(text: str) -> int | None:
    """A query value as an id (None when empty); ValueError when it cannot be one."""
    if not text:
        return None
    value = number(text)
    if value is None:
        raise ValueError(text)
    return value


def page_number(text: str | None, per_page: int) -> int:
    """A 1-based page number: 1 when missing or not a number; NotFound when its first row
    would lie past what the store can count."""
    if not text or not text.strip().isascii() or not text.strip().isdigit():
        return 1
    value = number(text, most=MAX_ID // per_page)
    if value is None:
        raise NotFound(f"no page {text.strip()[:30]}")
    return max(1, value)
