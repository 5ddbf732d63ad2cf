"""Bytes to text: refuse empty and binary files, decode UTF-8, detect other encodings.

Why here: every reader (text, Markdown, HTML) needs the same refusal rules, each with a
one-line reason the CLI can print. A UTF-8 file with a few bad bytes stays UTF-8 (the bad
bytes become U+FFFD and a warning names the file): charset detection guessed such a file
as mac_iceland and garbled every curly quote ("Iraq‚Äôs"). Detection is only for text
that is clearly not UTF-8 (most of its non-ASCII bytes do not decode).
"""

from __future__ import annotations

import codecs
import logging
import re

from claims.errors import SourceUnreadable
from claims.words import noun, plural

logger = logging.getLogger(__name__)

_SNIFF = 8192
_MAX_CONTROL_RATIO = 0.01
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that surrogateescape could not decode
_ASCII = bytes(range(128))


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text[:_SNIFF] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / min(len(text), _SNIFF)


def _mostly_utf8(raw: bytes, path: str) -> str | None:
    """The text of ``raw`` as UTF-8 with bad bytes replaced, or None when it is not UTF-8.

    It is UTF-8 when most of its non-ASCII bytes form valid UTF-8 characters. Text in
    cp1252 or Latin-1 has almost none: an accented letter there is one byte between ASCII
    bytes, which UTF-8 never allows.
    """
    escaped = raw.decode("utf-8-sig", "surrogateescape")
    text, bad = _ESCAPED.subn("\ufffd", escaped)
    high = len(raw.translate(None, _ASCII))
    if high - bad <= bad:
        return None
    are = f"{plural(bad, 'byte')} {noun(bad, 'is', 'are')}"
    logger.warning("%s: %s not valid UTF-8; replaced with U+FFFD", path, are)
    return text


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
        mostly = _mostly_utf8(raw, path)
        text = mostly if mostly is not None else _detected(raw, path)
    return _checked(text, path)


def _detected(raw: bytes, path: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise SourceUnreadable(path, "not text: no character encoding decodes it")
    return str(best)


def _checked(text: str, path: str) -> str:
    if not text.strip():
        raise SourceUnreadable(path, "file is empty")
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise SourceUnreadable(path, "binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")
