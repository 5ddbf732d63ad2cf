"""Bytes to text: refuse empty and binary files, detect non-UTF-8 encodings.

Why here: every reader (text, Markdown, HTML) needs the same refusal rules, each with a
one-line reason the CLI can print.
"""

from __future__ import annotations

import codecs

from claims.errors import SourceUnreadable

_SNIFF = 8192
_MAX_CONTROL_RATIO = 0.01


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text[:_SNIFF] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / min(len(text), _SNIFF)


def decode_bytes(raw: bytes, path: str) -> str:
    """Decoded text with newlines normalised to ``\\n``; SourceUnreadable when it is not text."""
    if not raw.strip():
        raise SourceUnreadable(path, "file is empty")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # NULs, yet text
        try:
            return _checked(raw.decode("utf-16"), path)
        except UnicodeDecodeError:
            raise SourceUnreadable(path, "not text: broken UTF-16") from None
    if b"\x00" in raw[:_SNIFF] or b"\x00" in raw[-_SNIFF:]:
        raise SourceUnreadable(path, "binary file (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise SourceUnreadable(path, "not text: no character encoding decodes it") from None
        text = str(best)
    return _checked(text, path)


def _checked(text: str, path: str) -> str:
    if not text.strip():
        raise SourceUnreadable(path, "file is empty")
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise SourceUnreadable(path, "binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")
