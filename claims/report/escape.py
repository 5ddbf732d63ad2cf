"""Untrusted text made inert for the formats that would act on it: Markdown, CSV, XML.

Source texts, outlets, speakers, paths, notes and reviewer names come from articles and
people we do not control. In Markdown (a pull-request comment, a step summary) they must
not become HTML, links, images, mentions or table cells; in CSV they must not become
spreadsheet formulas; in XML they must not hold characters that break the document.
Every renderer uses these helpers, so the rules live in one place.
"""

from __future__ import annotations

import re

# Inline Markdown syntax (CommonMark and GitHub's extensions: tables, strikethrough, math,
# emoji, autolinks): backslash-escaped wherever it appears. & < > become entities instead.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()!|~$#:")
# What makes a line a block (heading, list item, quote, rule, setext underline) when it
# starts one; escaped at the start of the text, since a renderer may put it first.
_BLOCK_START = re.compile(r"^(\d+)\.|^([-+=])")
_WWW = re.compile(r"(?i)\b(www)\.")
ZERO_WIDTH_SPACE = "&#8203;"

_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# A spreadsheet reads a cell starting with one of these as a formula (OWASP's list, with
# the full-width forms some locales accept, and a leading newline).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def md(text: object) -> str:
    """``text`` as inert inline Markdown that renders as the same characters.

    Whitespace runs (newlines included) become one space, so the text stays inside its
    line, quote or table cell; HTML is shown, never rendered; link, image, code, emphasis,
    table and autolink syntax is escaped; ``@name`` gets a zero-width space after the
    ``@`` so nobody is mentioned.
    """
    flat = " ".join(str(text).split())
    out = []
    for char in flat:
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char == "@":
            out.append("@" + ZERO_WIDTH_SPACE)
        elif char in MARKDOWN_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = _WWW.sub(r"\1\\.", "".join(out))
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\." if m[1] else f"\\{m[2]}", escaped)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (most C0 controls, lone
    surrogates, U+FFFE/U+FFFF), which would make the whole document unparsable."""
    return _XML_INVALID.sub("\ufffd", text)


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs: text starting like a formula gets a leading
    ``'`` (shown, not evaluated); numbers stay numbers and None an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = str(value)
        return "'" + text if text.startswith(FORMULA_START) else text
    return value


def csv_row(values: list[object]) -> list[object]:
    """Every cell of a row through ``csv_cell``."""
    return [csv_cell(v) for v in values]
