"""Decoding: a UTF-8 file with a few bad bytes stays UTF-8 (issue 16, item 9b).

One invalid byte used to send the file to charset detection, which read it as
mac_iceland and garbled every curly quote ("Iraq‚Äôs"). Text that is clearly not UTF-8
(cp1252, Latin-1) still goes to detection.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from claims.sources.decode import decode_bytes
from claims.sources.readers import FileReader

ROOT = Path(__file__).resolve().parents[2]
NOW = date(2025, 8, 18)
TEXT = (
    "Iraq’s National Security Advisory said on Sunday that “no new agreement” was signed, "
    "and the ministry’s spokesman repeated it on Monday in Baghdad."
)


def test_a_utf8_file_with_one_bad_byte_stays_utf8(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "article.txt"
    raw = TEXT.encode("utf-8")
    at = raw.index(b"Sunday")
    path.write_bytes(raw[:at] + b"\xff" + raw[at:])
    with caplog.at_level(logging.WARNING, logger="claims.sources.decode"):
        [article] = FileReader(now=NOW).read(path)
    assert article.text == TEXT.replace("Sunday", "\ufffdSunday")
    assert "Iraq’s" in article.text and "‚Äô" not in article.text
    [record] = caplog.records
    assert record.getMessage() == f"{path}: 1 byte is not valid UTF-8; replaced with U+FFFD"


def test_bad_bytes_are_counted_one_by_one() -> None:
    raw = TEXT.encode("utf-8") + b" \xc3\x28 \xe2\x82 \xf0\x90\x80"
    text = decode_bytes(raw, "x.txt")
    assert text.startswith(TEXT) and text.count("\ufffd") == 6


def test_cp1252_and_latin1_still_go_to_detection(tmp_path: Path) -> None:
    [article] = FileReader(now=NOW).read(ROOT / "fixtures" / "sources" / "cp1252_article.txt")
    assert "Café owners in Zürich" in article.text and "\ufffd" not in article.text
    latin = "Le ministre a déclaré à Genève que la réunion était close, été comme hiver."
    assert decode_bytes(latin.encode("latin-1"), "x.txt") == latin
    curly = TEXT.encode("cp1252")
    assert decode_bytes(curly, "x.txt") == TEXT
